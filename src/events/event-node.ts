/**
 * What the GraphQL layer hands out for an event: the stored event with its actors resolved and its
 * payload spread into the typed fields of its concrete GraphQL type (CallHeld.participants, ...).
 */
import type { ActorModel } from '../actors/actor.model.js';
import { type EventType, assertNever } from './catalogue/event-types.js';
import { meetingMediators } from './catalogue/upcast.js';
import { toQuantityModel } from './models/quantity.model.js';
import type { RequestContext } from '../graphql/request-context.js';
import { type StoredEvent } from './event.js';

export const GRAPHQL_TYPE_NAMES: Record<EventType, string> = {
  CALL_HELD: 'CallHeld',
  MEETING_HELD: 'MeetingHeld',
  STATEMENT_MADE: 'StatementMade',
  CLAIM_DISPUTED: 'ClaimDisputed',
  DEMAND_MADE: 'DemandMade',
  PROPOSAL_MADE: 'ProposalMade',
  PROPOSAL_ACCEPTED: 'ProposalAccepted',
  PROPOSAL_REJECTED: 'ProposalRejected',
  CONDITIONS_MET: 'ConditionsMet',
  AGREEMENT_REACHED: 'AgreementReached',
  IMPLEMENTATION_REPORTED: 'ImplementationReported',
  PLEDGE_MADE: 'PledgeMade',
  PLEDGE_WITHDRAWN: 'PledgeWithdrawn',
  PLEDGE_FULFILLED: 'PledgeFulfilled',
  STRIKE_REPORTED: 'StrikeReported',
  VIOLATION_REPORTED: 'ViolationReported',
  EVENT_CORRECTED: 'EventCorrected',
  EVENT_RETRACTED: 'EventRetracted',
};

/** What every node carries beside the stored event: for the queries and the Event interface's fields. */
interface NodeExtras {
  /** The knownAt of the query that produced the node: amendments recorded later are ignored. */
  knownAt: Date | null;
  actors: ActorModel[];
  sources: StoredEvent['metadata']['sources'];
  correlationId: string;
  causationId: string | null;
  appendedBy: string;
  approvedBy: string;
  importedBy: string | null;
}

/**
 * The node of an event: the stored event (typed payload and all) with its actors, and the fields
 * of its concrete GraphQL type (CallHeld.participants, ...) taken from the payload.
 */
export type EventNode = StoredEvent & NodeExtras & { [typedField: string]: unknown };

export function toActorModel(actor: {
  id: string;
  name: string;
  kind: ActorModel['kind'];
  represents: string | null;
}): ActorModel {
  return { id: actor.id, name: actor.name, kind: actor.kind, representsId: actor.represents };
}

/** The fields of the event's concrete GraphQL type, from its payload; `actor` resolves an id already loaded. */
function typedFields(event: StoredEvent, actor: (id: string) => ActorModel): Record<string, unknown> {
  const one = (id: string | undefined) => (id === undefined ? null : actor(id));
  const many = (ids: readonly string[] | undefined) => (ids ?? []).map(actor);
  switch (event.type) {
    case 'CALL_HELD': {
      const d = event.data;
      return {
        participants: many(d.participants),
        initiator: one(d.initiator),
        durationMinutes: d.durationMinutes,
        channel: d.channel,
        topics: d.topics ?? [],
      };
    }
    case 'MEETING_HELD': {
      const d = event.data;
      const mediators = meetingMediators(d);
      return {
        participants: many(d.participants),
        place: d.place,
        mediator: one(mediators[0]),
        mediators: many(mediators),
        topics: d.topics ?? [],
        round: d.round,
      };
    }
    case 'STATEMENT_MADE': {
      const d = event.data;
      // readoutOfId: the id behind the readoutOf field (event-links.resolver.ts).
      return { speaker: one(d.speaker), text: d.text, venue: d.venue, about: many(d.about), readoutOfId: d.readoutOf };
    }
    case 'CLAIM_DISPUTED': {
      const d = event.data;
      return { disputedEventId: d.disputedEventId, by: one(d.by), text: d.text };
    }
    case 'DEMAND_MADE': {
      const d = event.data;
      return { by: one(d.by), addressee: one(d.addressee), demand: d.demand, conditionFor: d.conditionFor };
    }
    case 'PROPOSAL_MADE': {
      const d = event.data;
      return {
        proposers: many(d.proposers),
        parties: many(d.parties),
        title: d.title,
        terms: d.terms,
        counterTo: d.counterTo,
        backers: many(d.backers),
        mediators: many(d.mediators),
      };
    }
    case 'PROPOSAL_ACCEPTED':
      return { party: one(event.data.party), conditions: event.data.conditions ?? [] };
    case 'PROPOSAL_REJECTED':
      return { party: one(event.data.party), reason: event.data.reason };
    case 'CONDITIONS_MET': {
      const d = event.data;
      return { party: one(d.party), conditions: d.conditions ?? [], text: d.text };
    }
    case 'AGREEMENT_REACHED': {
      const d = event.data;
      return {
        parties: many(d.parties),
        title: d.title,
        terms: d.terms,
        effectiveFrom: d.effectiveFrom,
        effectiveUntil: d.effectiveUntil,
        unilateral: d.unilateral ?? false,
        mediators: many(d.mediators),
        guarantors: many(d.guarantors),
      };
    }
    case 'IMPLEMENTATION_REPORTED': {
      const d = event.data;
      return {
        reportedBy: one(d.reportedBy),
        party: one(d.party),
        stage: d.stage,
        quantities: (d.quantities ?? []).map(toQuantityModel),
        complete: d.complete ?? false,
        implements: d.implements ?? [],
        text: d.text,
      };
    }
    case 'PLEDGE_MADE': {
      const d = event.data;
      return {
        by: one(d.by),
        to: one(d.to),
        commitment: d.commitment,
        validFrom: d.validFrom,
        durationDays: d.durationDays,
        validUntil: d.validUntil,
        ceasefireId: d.ceasefireId,
      };
    }
    case 'PLEDGE_WITHDRAWN':
      return { by: one(event.data.by), reason: event.data.reason };
    case 'PLEDGE_FULFILLED':
      return { by: one(event.data.by), text: event.data.text };
    case 'STRIKE_REPORTED': {
      const d = event.data;
      return {
        attacker: one(d.attacker),
        targetCategory: d.targetCategory,
        place: d.place,
        country: d.country,
        means: d.means,
        impact: d.impact,
      };
    }
    case 'VIOLATION_REPORTED': {
      const d = event.data;
      return {
        violator: one(d.violator),
        reportedBy: one(d.reportedBy),
        evidenceEventIds: d.evidenceEventIds ?? [],
        text: d.text,
        count: d.count ?? 1,
        periodFrom: d.periodFrom,
        periodUntil: d.periodUntil,
        cumulative: d.cumulative ?? false,
      };
    }
    case 'EVENT_CORRECTED': {
      const d = event.data;
      return {
        correctedEventId: d.correctedEventId,
        correctedData: d.data,
        correctedOccurredAt: d.occurredAt,
        correctedOccurredPrecision: d.occurredPrecision,
        reason: d.reason,
      };
    }
    case 'EVENT_RETRACTED':
      return { retractedEventId: event.data.retractedEventId, reason: event.data.reason };
    default:
      return assertNever(event);
  }
}

/**
 * Builds the node; `actor` resolves an id already loaded (ids of stored events always resolve).
 * One object literal of a fixed shape, not a spread of the event: a page of nodes is built per
 * request, and the spread's copying and garbage were the read path's largest cost (BENCHMARKS.md).
 */
export function toEventNode(event: StoredEvent, actor: (id: string) => ActorModel, knownAt: Date | null): EventNode {
  const metadata = event.metadata;
  const node = {
    position: event.position,
    id: event.id,
    streamId: event.streamId,
    streamVersion: event.streamVersion,
    schemaVersion: event.schemaVersion,
    metadata,
    occurredAt: event.occurredAt,
    occurredPrecision: event.occurredPrecision,
    recordedAt: event.recordedAt,
    actorIds: event.actorIds,
    refEventId: event.refEventId,
    summary: event.summary,
    cameoCode: event.cameoCode,
    type: event.type,
    data: event.data,
    knownAt,
    actors: event.actorIds.map(actor),
    sources: metadata.sources ?? [],
    correlationId: metadata.correlationId,
    causationId: metadata.causationId ?? null,
    appendedBy: metadata.appendedBy,
    approvedBy: metadata.approvedBy ?? metadata.appendedBy,
    importedBy: metadata.importedBy ?? null,
  } satisfies Record<keyof (StoredEvent & NodeExtras), unknown>;
  return Object.assign(node as EventNode, typedFields(event, actor));
}

/** Nodes for a list of events, loading all their actors in one batch. */
export async function toEventNodes(
  events: StoredEvent[],
  loadActors: (ids: string[]) => Promise<Array<ActorModel | null | Error>>,
  knownAt: Date | null,
): Promise<EventNode[]> {
  const ids = [...new Set(events.flatMap((event) => event.actorIds))];
  const loaded = await loadActors(ids);
  const byId = new Map<string, ActorModel>();
  ids.forEach((id, i) => {
    const actor = loaded[i];
    if (actor && !(actor instanceof Error)) byId.set(id, actor);
  });
  // Ids of stored events always resolve; an unknown one would be a corrupted row, shown as its id.
  const actor = (id: string) => byId.get(id) ?? { id, name: id, kind: 'ORGANIZATION' as const, representsId: null };
  return events.map((event) => toEventNode(event, actor, knownAt));
}

/** Nodes for events, their actors loaded through the request's batched loader. */
export function nodesFor(
  ctx: RequestContext,
  events: StoredEvent[],
  knownAt: Date | null = null,
): Promise<EventNode[]> {
  return toEventNodes(events, (ids) => ctx.loaders.actor.loadMany(ids), knownAt);
}

/** The nodes of the events with these ids that exist, batched through the request's event loader. */
export async function nodesByIds(
  ctx: RequestContext,
  ids: Array<string | null>,
  knownAt: Date | null = null,
): Promise<EventNode[]> {
  const wanted = ids.filter((id): id is string => !!id);
  const found = (await ctx.loaders.event.loadMany(wanted)).filter(
    (e): e is StoredEvent => !!e && !(e instanceof Error),
  );
  return nodesFor(ctx, found, knownAt);
}

/** The node of one event by id, or null. */
export async function nodeById(
  ctx: RequestContext,
  id: string | null,
  knownAt: Date | null = null,
): Promise<EventNode | null> {
  return (await nodesByIds(ctx, [id], knownAt))[0] ?? null;
}
