/**
 * What the read-model exports (GET /export/read-models/…) share: the columns of violations and
 * violation-claim tallies (ceasefires, pledges) and of the parties' stances (ceasefires,
 * agreements), made from the same GraphQL models the queries answer. Lists of ids are string lists;
 * lists of objects are one JSON column each, with the GraphQL field names (actors by id).
 */
import type { TableColumn } from '../export/export-table.js';
import type { PartyStanceModel } from './agreements/agreement.model.js';
import type { ViolationClaimTallyModel } from './violations/violation-claim-tally.model.js';
import type { DurationModel, ViolationModel } from './violations/violation.model.js';

/** A time of a GraphQL model as an export cell (ISO 8601, UTC). */
export const isoOrNull = (date: Date | null | undefined): string | null => (date ? date.toISOString() : null);

export const durationJson = (d: DurationModel | null | undefined) =>
  d ? { minSeconds: d.minSeconds, maxSeconds: d.maxSeconds, text: d.text } : null;

export interface StanceColumns {
  parties: string[];
  party_stances: string;
}

export function stanceColumns(parties: readonly PartyStanceModel[]): StanceColumns {
  return {
    parties: parties.map((p) => p.actorId),
    party_stances: JSON.stringify(
      parties.map((p) => ({
        actor: p.actorId,
        stance: p.stance,
        at: isoOrNull(p.at),
        conditions: p.conditions,
        conditionsPending: p.conditionsPending,
        conditionsMetAt: isoOrNull(p.conditionsMetAt),
        pendingFor: durationJson(p.pendingFor),
        eventId: p.eventId,
        counterProposalId: p.counterProposalId,
      })),
    ),
  };
}

export const STANCE_COLUMNS: Array<TableColumn<StanceColumns>> = [
  { name: 'parties', type: 'STRING_LIST', nullable: false, description: 'The parties (actor ids).' },
  {
    name: 'party_stances',
    type: 'JSON',
    nullable: false,
    description:
      'Each party’s latest stance, as JSON: [{actor, stance, at, conditions, conditionsPending, conditionsMetAt, pendingFor: {minSeconds, maxSeconds, text}, eventId, counterProposalId}].',
  },
];

export interface ViolationColumns {
  violation_count: number;
  first_violation_at: string | null;
  first_violation_by: string | null;
  first_violation_basis: string | null;
  first_violation_event_id: string | null;
  violation_claims: string;
}

export function violationColumns(model: {
  violationCount: number;
  firstViolation: ViolationModel | null;
  violationClaims: readonly ViolationClaimTallyModel[];
}): ViolationColumns {
  const first = model.firstViolation;
  return {
    violation_count: model.violationCount,
    first_violation_at: isoOrNull(first?.at),
    first_violation_by: first?.byId ?? null,
    first_violation_basis: first?.basis ?? null,
    first_violation_event_id: first?.eventId ?? null,
    violation_claims: JSON.stringify(
      model.violationClaims.map((t) => ({
        reportedBy: t.reportedById,
        accused: t.accusedId,
        reports: t.reports,
        claimed: t.claimed,
        disputedReports: t.disputedReports,
        inferred: t.inferred,
      })),
    ),
  };
}

export const VIOLATION_COLUMNS: Array<TableColumn<ViolationColumns>> = [
  { name: 'violation_count', type: 'INT32', nullable: false, description: 'How many violations there are.' },
  { name: 'first_violation_at', type: 'TIMESTAMP', nullable: true, description: 'When the first violation occurred.' },
  { name: 'first_violation_by', type: 'STRING', nullable: true, description: 'Who committed the first violation.' },
  {
    name: 'first_violation_basis',
    type: 'STRING',
    nullable: true,
    description: 'What the first violation rests on (a report or an inferred strike).',
  },
  {
    name: 'first_violation_event_id',
    type: 'STRING',
    nullable: true,
    description: 'The event of the first violation (the events export has them all).',
  },
  {
    name: 'violation_claims',
    type: 'JSON',
    nullable: false,
    description:
      'The violations claimed, per reporting actor and accused side, as JSON: [{reportedBy, accused, reports, claimed, disputedReports, inferred}].',
  },
];

/** A state history as a JSON column: [{state, at, eventId}]. */
export const historyJson = (history: ReadonlyArray<{ state: string; at: Date; eventId: string | null }>): string =>
  JSON.stringify(history.map((h) => ({ state: h.state, at: h.at.toISOString(), eventId: h.eventId })));
