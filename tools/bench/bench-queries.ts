/**
 * The read requests the benchmark sends, and how a bare route answers them with the same JSON:
 * the GraphQL documents and variables, and the row-to-JSON mapping the baseline server uses.
 * The bench checks once per run that both answers are equal, so the baseline is the same work
 * minus the framework.
 */
import { encodeCursor } from '../../src/events/event-cursor.js';
import { type StoredEvent } from '../../src/events/event.js';
import type { AgreementView } from '../../src/read-models/agreements/agreement.fold.js';
import type { PledgeView } from '../../src/read-models/pledges/pledge.fold.js';

export const EVENTS_QUERY = `query BenchEvents($filter: EventFilter) {
  events(first: 50, filter: $filter) {
    edges { cursor node { id position streamId streamVersion type occurredAt occurredPrecision recordedAt summary cameoCode
      sources { publisher title url quotedText } } }
    pageInfo { hasNextPage endCursor }
  }
}`;

/** Russia's (state-001's) strikes, its agents' included: an actor filter that expands, plus a type. */
export const EVENTS_VARIABLES = { filter: { actorIds: ['state-001'], types: ['STRIKE_REPORTED'] } };

export const CEASEFIRES_QUERY = `query BenchCeasefires {
  ceasefires { id title scope state durationDays unilateral proposedAt agreedAt effectiveFrom expiresAt
    parties { stance at conditions } history { state at } position }
}`;

export const PLEDGES_QUERY = `query BenchPledges {
  pledges { id commitment madeAt expiresAt state brokenAt lifetime { minSeconds maxSeconds text } position }
}`;

export const AGREEMENTS_QUERY = `query BenchAgreements {
  agreements { id kind title text unilateral state proposedAt agreedAt withdrawnAt terminatedAt
    parties { stance at conditions conditionsPending conditionsMetAt } history { state at } position }
}`;

const CEASEFIRE_FIELDS = `id title scope state durationDays unilateral proposedAt agreedAt effectiveFrom expiresAt parties { stance at conditions } history { state at } position`;
const PLEDGE_FIELDS = `id commitment madeAt expiresAt state brokenAt lifetime { minSeconds maxSeconds text } position`;

export const CEASEFIRE_QUERY = `query BenchCeasefire($id: String!, $asOf: DateTime, $knownAt: DateTime) { ceasefire(id: $id, asOf: $asOf, knownAt: $knownAt) { ${CEASEFIRE_FIELDS} } }`;
export const PLEDGE_QUERY = `query BenchPledge($id: String!, $asOf: DateTime) { pledge(id: $id, asOf: $asOf) { ${PLEDGE_FIELDS} } }`;

const iso = (ms: number | null | undefined) => (ms === null || ms === undefined ? null : new Date(ms).toISOString());

export function eventEdgeJson(event: StoredEvent) {
  return {
    cursor: encodeCursor('POSITION_ASC', event.position, event.occurredAt),
    node: {
      id: event.id,
      position: event.position,
      streamId: event.streamId,
      streamVersion: event.streamVersion,
      type: event.type,
      occurredAt: event.occurredAt.toISOString(),
      occurredPrecision: event.occurredPrecision,
      recordedAt: event.recordedAt.toISOString(),
      summary: event.summary,
      cameoCode: event.cameoCode,
      sources: event.metadata.sources.map((s) => ({
        publisher: s.publisher,
        title: s.title ?? null,
        url: s.url ?? null,
        quotedText: s.quotedText ?? null,
      })),
    },
  };
}

interface CeasefireViewLike {
  id: string;
  title: string;
  scope: string;
  state: string;
  durationDays: number | null;
  unilateral: boolean;
  proposedAt: number | null;
  agreedAt: number | null;
  effectiveFrom: number | null;
  expiresAt: number | null;
  parties: Array<{ stance: string; at: number | null; conditions: string[] }>;
  history: Array<{ state: string; at: number }>;
}

export function ceasefireJson(view: CeasefireViewLike, position: string) {
  return {
    id: view.id,
    title: view.title,
    scope: view.scope,
    state: view.state,
    durationDays: view.durationDays ?? null,
    unilateral: view.unilateral,
    proposedAt: iso(view.proposedAt),
    agreedAt: iso(view.agreedAt),
    effectiveFrom: iso(view.effectiveFrom),
    expiresAt: iso(view.expiresAt),
    parties: view.parties.map((p) => ({ stance: p.stance, at: iso(p.at), conditions: p.conditions })),
    history: view.history.map((h) => ({ state: h.state, at: iso(h.at) })),
    position,
  };
}

export function pledgeJson(view: PledgeView, position: string) {
  return {
    id: view.id,
    commitment: view.commitment.text,
    madeAt: iso(view.madeAt),
    expiresAt: iso(view.expiresAt),
    state: view.state,
    brokenAt: iso(view.brokenAt),
    lifetime: { minSeconds: view.lifetime.minSeconds, maxSeconds: view.lifetime.maxSeconds, text: view.lifetime.text },
    position,
  };
}

export function agreementJson(view: AgreementView, position: string) {
  return {
    id: view.id,
    kind: view.terms.kind,
    title: view.title,
    text: view.terms.text ?? null,
    unilateral: view.unilateral,
    state: view.state,
    proposedAt: iso(view.proposedAt),
    agreedAt: iso(view.agreedAt),
    withdrawnAt: iso(view.withdrawnAt),
    terminatedAt: iso(view.terminatedAt),
    parties: view.parties.map((p) => ({
      stance: p.stance,
      at: iso(p.at),
      conditions: p.conditions,
      conditionsPending: p.conditionsPending,
      conditionsMetAt: iso(p.conditionsMetAt),
    })),
    history: view.history.map((h) => ({ state: h.state, at: iso(h.at) })),
    position,
  };
}
