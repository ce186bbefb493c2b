/**
 * What the page reads through the public GraphQL API, under the names the page uses: the answers
 * of operations.graphql's operations as `npm run codegen` generates them from schema.gql
 * (web/generated/graphql.ts; nothing here re-declares their shapes), and the little the page adds of
 * its own (the order of the event types, a payload as an object).
 */
import type {
  EventType,
  TimelineActorsQuery,
  TimelineAgreementsQuery,
  TimelineCallReadoutsQuery,
  TimelineDisputedClaimsQuery,
  TimelineEventDetailsQuery,
  TimelineEventFragment,
  TimelineEventLinksQuery,
  TimelineEventsQuery,
  TimelineReadModelsQuery,
} from '../generated/graphql.js';

export type {
  AgreementKind,
  AgreementState,
  CeasefireState,
  ClaimStatus,
  EventFilter,
  EventType,
  ImplementationStatus,
  Stance,
  TimePrecision,
} from '../generated/graphql.js';

/** The event types in the catalogue's order, which the filter, the legend and the type lanes follow. */
export const EVENT_TYPES = [
  'CALL_HELD',
  'MEETING_HELD',
  'STATEMENT_MADE',
  'CLAIM_DISPUTED',
  'DEMAND_MADE',
  'PROPOSAL_MADE',
  'PROPOSAL_ACCEPTED',
  'PROPOSAL_REJECTED',
  'CONDITIONS_MET',
  'AGREEMENT_REACHED',
  'IMPLEMENTATION_REPORTED',
  'PLEDGE_MADE',
  'PLEDGE_WITHDRAWN',
  'PLEDGE_FULFILLED',
  'STRIKE_REPORTED',
  'VIOLATION_REPORTED',
  'EVENT_CORRECTED',
  'EVENT_RETRACTED',
] as const satisfies readonly EventType[];

/** Does not type-check while the schema has an event type that EVENT_TYPES leaves out. */
type Expect<T extends true> = T;
export type EveryEventTypeListed = Expect<
  [Exclude<EventType, (typeof EVENT_TYPES)[number]>] extends [never] ? true : false
>;

/** An actor, for the filter and the lane labels. */
export type Actor = TimelineActorsQuery['actors'][number];

/** An event as the timeline draws it (the TimelineEvent fragment). */
export type TimelineEvent = TimelineEventFragment;

/** One page of events. */
export type EventsPage = TimelineEventsQuery;

/** An event with everything the details panel shows. */
export type EventDetails = NonNullable<TimelineEventDetailsQuery['event']>;

export type Source = EventDetails['sources'][number];

/** A correction, retraction or dispute in an event's stream. */
export type LinkedEvent = TimelineEventLinksQuery['events']['edges'][number]['node'];

/** The ceasefires, agreements, pledges and disputed claims at one moment (three operations: see operations.graphql). */
export type ReadModels = TimelineReadModelsQuery & TimelineAgreementsQuery & TimelineDisputedClaimsQuery;

export type Ceasefire = ReadModels['ceasefires'][number];

/** A proposal or agreement of any kind (ceasefires included). */
export type Agreement = ReadModels['agreements'][number];

export type PartyStance = Agreement['parties'][number];

export type QuantityProgress = Agreement['implementation']['progress'][number];

export type ImplementationReport = Agreement['implementation']['reports'][number];

export type Pledge = ReadModels['pledges'][number];

/** A claim that stood disputed at the moment (its mark says so; a call it is a readout of is contested). */
export type DisputedClaim = ReadModels['claims'][number];

/** A call's readout, with its status and disputes (the details of the call). */
export type Readout = TimelineCallReadoutsQuery['claims'][number];

export type Dispute = Readout['disputes'][number];

/** An event's payload (`data`, any JSON value to the API) as an object: empty when it is not one. */
export function payloadOf(event: { data: unknown }): Readonly<Record<string, unknown>> {
  const { data } = event;
  return typeof data === 'object' && data !== null && !Array.isArray(data) ? (data as Record<string, unknown>) : {};
}
