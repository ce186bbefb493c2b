/**
 * What the GraphQL layer hands out for an event: the stored event with its actors resolved and its
 * payload spread into the typed fields of its concrete GraphQL type (CallHeld.participants, ...).
 */
import type { ActorModel } from '../actors/actor.model.js';
import { type EventType, assertNever } from './catalogue/event-types.js';
import type { RequestContext } from '../graphql/request-context.js';
import type { StoredEvent } from './stored-event.js';

export const GRAPHQL_TYPE_NAMES: Record<EventType, string> = {
  CALL_HELD: 'CallHeld',
  MEETING_HELD: 'MeetingHeld',
  STATEMENT_MADE: 'StatementMade',
  CLAIM_DISPUTED: 'ClaimDisputed',
  DEMAND_MADE: 'DemandMade',
  PROPOSAL_MADE: 'ProposalMade',
  PROPOSAL_ACCEPTED: 'ProposalAccepted',
  PROPOSAL_REJECTED: 'ProposalRejected',
  AGREEMENT_REACHED: 'AgreementReached',
  PLEDGE_MADE: 'PledgeMade',
  PLEDGE_WITHDRAWN: 'PledgeWithdrawn',
  STRIKE_REPORTED: 'StrikeReported',
  VIOLATION_REPORTED: 'ViolationReported',
  EVENT_CORRECTED: 'EventCorrected',
  EVENT_RETRACTED: 'EventRetracted',
};

export interface EventNode extends StoredEvent {
  /** The knownAt of the query that produced the node: amendments recorded later are ignored. */
  knownAt: Date | null;
  actors: ActorModel[];
  sources: StoredEvent['metadata']['sources'];
  correlationId: string;
  causationId: string | null;
  [typedField: string]: unknown;
}

export function toActorModel(actor: { id: string; name: string; kind: ActorModel['kind']; represents: string | null }): ActorModel {
  return { id: actor.id, name: actor.name, kind: actor.kind, representsId: actor.represents };
}

/** Builds the node; `actor` resolves an id already loaded (ids of stored events always resolve). */
export function toEventNode(event: StoredEvent, actor: (id: string) => ActorModel, knownAt: Date | null): EventNode {
  const d = event.data as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  const one = (id: unknown) => (typeof id === 'string' ? actor(id) : null);
  const many = (ids: unknown) => (Array.isArray(ids) ? ids.map((id) => actor(String(id))) : []);
  const base: EventNode = {
    ...event,
    knownAt,
    actors: event.actorIds.map(actor),
    sources: event.metadata.sources ?? [],
    correlationId: event.metadata.correlationId,
    causationId: event.metadata.causationId ?? null,
  };
  const type = event.type;
  switch (type) {
    case 'CALL_HELD':
      return { ...base, participants: many(d.participants), initiator: one(d.initiator), durationMinutes: d.durationMinutes, channel: d.channel, topics: d.topics ?? [] };
    case 'MEETING_HELD':
      return { ...base, participants: many(d.participants), place: d.place, mediator: one(d.mediator), topics: d.topics ?? [] };
    case 'STATEMENT_MADE':
      return { ...base, speaker: one(d.speaker), text: d.text, venue: d.venue, about: many(d.about) };
    case 'CLAIM_DISPUTED':
      return { ...base, disputedEventId: d.disputedEventId, by: one(d.by), text: d.text };
    case 'DEMAND_MADE':
      return { ...base, by: one(d.by), addressee: one(d.addressee), demand: d.demand, conditionFor: d.conditionFor };
    case 'PROPOSAL_MADE':
      return { ...base, proposers: many(d.proposers), parties: many(d.parties), title: d.title, terms: d.terms };
    case 'PROPOSAL_ACCEPTED':
      return { ...base, party: one(d.party), conditions: d.conditions ?? [] };
    case 'PROPOSAL_REJECTED':
      return { ...base, party: one(d.party), reason: d.reason };
    case 'AGREEMENT_REACHED':
      return {
        ...base,
        parties: many(d.parties),
        title: d.title,
        terms: d.terms,
        effectiveFrom: d.effectiveFrom,
        effectiveUntil: d.effectiveUntil,
        unilateral: d.unilateral ?? false,
      };
    case 'PLEDGE_MADE':
      return {
        ...base,
        by: one(d.by),
        to: one(d.to),
        commitment: d.commitment,
        validFrom: d.validFrom,
        durationDays: d.durationDays,
        validUntil: d.validUntil,
        ceasefireId: d.ceasefireId,
      };
    case 'PLEDGE_WITHDRAWN':
      return { ...base, by: one(d.by), reason: d.reason };
    case 'STRIKE_REPORTED':
      return { ...base, attacker: one(d.attacker), targetCategory: d.targetCategory, place: d.place, country: d.country, means: d.means, impact: d.impact };
    case 'VIOLATION_REPORTED':
      return { ...base, violator: one(d.violator), reportedBy: one(d.reportedBy), evidenceEventIds: d.evidenceEventIds ?? [], text: d.text };
    case 'EVENT_CORRECTED':
      return {
        ...base,
        correctedEventId: d.correctedEventId,
        correctedData: d.data,
        correctedOccurredAt: d.occurredAt,
        correctedOccurredPrecision: d.occurredPrecision,
        reason: d.reason,
      };
    case 'EVENT_RETRACTED':
      return { ...base, retractedEventId: d.retractedEventId, reason: d.reason };
    default:
      return assertNever(type);
  }
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
export function nodesFor(ctx: RequestContext, events: StoredEvent[], knownAt: Date | null = null): Promise<EventNode[]> {
  return toEventNodes(events, (ids) => ctx.loaders.actor.loadMany(ids), knownAt);
}

/** The nodes of the events with these ids that exist, batched through the request's event loader. */
export async function nodesByIds(ctx: RequestContext, ids: Array<string | null>, knownAt: Date | null = null): Promise<EventNode[]> {
  const wanted = ids.filter((id): id is string => !!id);
  const found = (await ctx.loaders.event.loadMany(wanted)).filter((e): e is StoredEvent => !!e && !(e instanceof Error));
  return nodesFor(ctx, found, knownAt);
}

/** The node of one event by id, or null. */
export async function nodeById(ctx: RequestContext, id: string | null, knownAt: Date | null = null): Promise<EventNode | null> {
  return (await nodesByIds(ctx, [id], knownAt))[0] ?? null;
}
