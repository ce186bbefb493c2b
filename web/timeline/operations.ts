/**
 * Every GraphQL operation the page makes: the public API only, nothing private. docs/timeline-page.md lists
 * them as examples for frontend teams.
 *
 * `npm run codegen` reads them (with schema.gql) and writes the types of their answers and
 * variables to web/generated/graphql.ts (shared with the review page); each document here carries those types (Operation), so that
 * query() and subscribe() check the variables and type the answer. For the generator, each
 * document is a template literal marked with the GraphQL comment that interpolates nothing but
 * the fragment at its end (it drops interpolations and finds the fragment by its own mark).
 */
import type {
  TimelineActorsQuery,
  TimelineActorsQueryVariables,
  TimelineAgreementsQuery,
  TimelineAgreementsQueryVariables,
  TimelineCallReadoutsQuery,
  TimelineCallReadoutsQueryVariables,
  TimelineDisputedClaimsQuery,
  TimelineDisputedClaimsQueryVariables,
  TimelineEventAppendedSubscription,
  TimelineEventAppendedSubscriptionVariables,
  TimelineEventDetailsQuery,
  TimelineEventDetailsQueryVariables,
  TimelineEventLinksQuery,
  TimelineEventLinksQueryVariables,
  TimelineEventQuery,
  TimelineEventQueryVariables,
  TimelineEventsQuery,
  TimelineEventsQueryVariables,
  TimelineLogHeadQuery,
  TimelineLogHeadQueryVariables,
  TimelineReadModelsQuery,
  TimelineReadModelsQueryVariables,
} from '../generated/graphql.js';

/** A document as sent (its text), with the types of its answer's `data` and of its variables. */
export type Operation<TData, TVariables> = string & { readonly __types?: (variables: TVariables) => TData };

export const TIMELINE_EVENT_FIELDS = /* GraphQL */ `
  fragment TimelineEvent on Event {
    id
    type
    streamId
    position
    occurredAt
    occurredPrecision
    recordedAt
    summary
    cameoCode
    retracted
    data
    correctedBy {
      id
    }
    actors {
      id
      name
      principal {
        id
      }
    }
  }
`;

/** The actors, for the filter and the lane labels. */
export const ACTORS: Operation<TimelineActorsQuery, TimelineActorsQueryVariables> = /* GraphQL */ `
  query TimelineActors {
    actors {
      id
      name
      kind
      principal {
        id
        name
      }
    }
  }
`;

/** The log's last position (positions are contiguous: the newest event's), where the live feed starts. */
export const LOG_HEAD: Operation<TimelineLogHeadQuery, TimelineLogHeadQueryVariables> = /* GraphQL */ `
  query TimelineLogHead {
    events(filter: { includeRetracted: true }, orderBy: POSITION_DESC, first: 1) {
      edges {
        node {
          position
        }
      }
    }
  }
`;

/** One page of events, latest in valid time first (500 is the largest page the API gives). */
export const EVENTS_PAGE: Operation<TimelineEventsQuery, TimelineEventsQueryVariables> = /* GraphQL */ `
  query TimelineEvents($filter: EventFilter, $after: String) {
    events(filter: $filter, orderBy: OCCURRED_DESC, first: 500, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          ...TimelineEvent
        }
      }
    }
  }
  ${TIMELINE_EVENT_FIELDS}
`;

/** One event as the timeline draws it: after a correction or retraction names it. */
export const EVENT: Operation<TimelineEventQuery, TimelineEventQueryVariables> = /* GraphQL */ `
  query TimelineEvent($id: ID!) {
    event(id: $id) {
      ...TimelineEvent
    }
  }
  ${TIMELINE_EVENT_FIELDS}
`;

/** Everything the details panel shows about one event. */
export const EVENT_DETAILS: Operation<TimelineEventDetailsQuery, TimelineEventDetailsQueryVariables> = /* GraphQL */ `
  query TimelineEventDetails($id: ID!) {
    event(id: $id) {
      ...TimelineEvent
      streamVersion
      sources {
        publisher
        url
        title
        quotedText
        publishedAt
      }
      correctedBy {
        id
        type
        summary
        occurredAt
        recordedAt
        data
      }
    }
  }
  ${TIMELINE_EVENT_FIELDS}
`;

/**
 * The ceasefires and pledges as they stood at `asOf` (null: now), once the read models have
 * reached `minPosition` (read-your-writes after a live event). It asks for the number of
 * violations, the earliest and the tallies of each side's claims, not the list: through a war a ceasefire
 * collects thousands.
 */
export const READ_MODELS: Operation<TimelineReadModelsQuery, TimelineReadModelsQueryVariables> = /* GraphQL */ `
  query TimelineReadModels($asOf: DateTime, $minPosition: BigInt) {
    ceasefires(asOf: $asOf, minPosition: $minPosition) {
      id
      title
      scope
      state
      unilateral
      durationDays
      durationHours
      proposedAt
      agreedAt
      effectiveFrom
      expiresAt
      terminatedAt
      proposers {
        id
        name
      }
      parties {
        actor {
          id
          name
        }
        stance
        at
        conditions
      }
      history {
        state
        at
        event {
          id
          summary
        }
      }
      violationCount
      firstViolation {
        at
        basis
        by {
          id
          name
        }
        event {
          id
          summary
        }
      }
      violationClaims {
        reportedBy {
          id
          name
        }
        accused {
          id
          name
        }
        reports
        claimed
        disputedReports
        inferred
      }
    }
    pledges(asOf: $asOf, minPosition: $minPosition) {
      id
      commitment
      madeAt
      expiresAt
      state
      brokenAt
      fulfilledAt
      kept
      by {
        id
        name
      }
      to {
        id
        name
      }
      lifetime {
        minSeconds
        maxSeconds
        text
      }
      event {
        id
      }
      violationCount
      firstViolation {
        at
        basis
        by {
          id
          name
        }
        event {
          id
          summary
        }
      }
    }
  }
`;

/**
 * Every proposal and agreement, of every kind, as it stood at `asOf` (null: now), once the read
 * models have reached `minPosition`. A ceasefire is an agreement too: the page draws one card for
 * both (agreement-cards.ts). Asked apart from TimelineReadModels: at another moment each read
 * model is recomputed from the log, and the three in one operation would pass the cost limit.
 */
export const AGREEMENTS: Operation<TimelineAgreementsQuery, TimelineAgreementsQueryVariables> = /* GraphQL */ `
  query TimelineAgreements($asOf: DateTime, $minPosition: BigInt) {
    agreements(asOf: $asOf, minPosition: $minPosition) {
      id
      kind
      title
      text
      state
      unilateral
      proposedAt
      agreedAt
      terminatedAt
      withdrawnAt
      proposers {
        id
        name
      }
      backers {
        id
        name
      }
      mediators {
        id
        name
      }
      guarantors {
        id
        name
      }
      parties {
        actor {
          id
          name
        }
        stance
        at
        conditions
        conditionsPending
        conditionsMetAt
        pendingFor {
          text
        }
        counterProposal {
          id
          title
        }
      }
      counterTo {
        id
        title
      }
      counterProposals {
        id
        title
      }
      implementation {
        status
        startedAt
        completedAt
        progress {
          what
          atLeast
          agreed
          reported
          from {
            id
            name
          }
          to {
            id
            name
          }
        }
        reports {
          at
          stage
          text
          complete
          reportedBy {
            id
            name
          }
          event {
            id
          }
        }
      }
      history {
        state
        at
        event {
          id
          summary
        }
      }
    }
  }
`;

/**
 * The claims that stood disputed at `asOf` (null: now), once the claims ledger has reached
 * `minPosition`: their marks say "disputed", and a call that one of them gives an account of
 * (readoutOf) says "contested" — Call.contested is exactly "a readout is DISPUTED", and this one
 * list, unlike `calls`, waits for `minPosition` after a live dispute.
 */
export const DISPUTED_CLAIMS: Operation<TimelineDisputedClaimsQuery, TimelineDisputedClaimsQueryVariables> =
  /* GraphQL */ `
    query TimelineDisputedClaims($asOf: DateTime, $minPosition: BigInt) {
      claims(status: [DISPUTED], asOf: $asOf, minPosition: $minPosition) {
        event {
          id
        }
        readoutOf {
          id
          type
        }
      }
    }
  `;

/**
 * The readouts of one call at `asOf` (null: now; retracted ones left out), for its details: who
 * gave each, in what words, whether it stands disputed, and every dispute of it.
 */
export const CALL_READOUTS: Operation<TimelineCallReadoutsQuery, TimelineCallReadoutsQueryVariables> = /* GraphQL */ `
  query TimelineCallReadouts($callId: ID!, $asOf: DateTime, $minPosition: BigInt) {
    claims(readoutOf: $callId, asOf: $asOf, minPosition: $minPosition) {
      status
      claimant {
        id
        name
      }
      event {
        id
        summary
        occurredAt
        occurredPrecision
        ... on StatementMade {
          text
          venue
        }
      }
      disputes {
        at
        text
        by {
          id
          name
        }
        event {
          id
        }
      }
    }
  }
`;

/** Live: every event appended after `afterPosition` that matches the filter, in position order. */
export const EVENT_APPENDED: Operation<TimelineEventAppendedSubscription, TimelineEventAppendedSubscriptionVariables> =
  /* GraphQL */ `
    subscription TimelineEventAppended($filter: EventFilter, $afterPosition: BigInt) {
      eventAppended(filter: $filter, afterPosition: $afterPosition) {
        ...TimelineEvent
      }
    }
    ${TIMELINE_EVENT_FIELDS}
  `;

/**
 * The corrections, retractions and disputes in the event's stream (corrections and retractions go
 * there, event-catalogue.md; disputes usually do) — not the whole stream, which for a pledge holds
 * every reported violation.
 */
export const EVENT_LINKS: Operation<TimelineEventLinksQuery, TimelineEventLinksQueryVariables> = /* GraphQL */ `
  query TimelineEventLinks($streamId: String!) {
    events(
      filter: { streamId: $streamId, types: [EVENT_CORRECTED, EVENT_RETRACTED, CLAIM_DISPUTED], includeRetracted: true }
      first: 500
    ) {
      edges {
        node {
          id
          type
          summary
          occurredAt
          recordedAt
          data
        }
      }
    }
  }
`;
