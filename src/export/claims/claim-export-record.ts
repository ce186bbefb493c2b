/**
 * The claims export (GET /export/claims): one row per claim, with its claimant and side, its
 * status, how many disputes it has and from which sides, and for a violation report whom it
 * accuses and how many violations it claims over which period, so that claimed violations per side
 * per day can be charted. Pure.
 */
import type { Principals } from '../../read-models/fold-event.js';
import { principalOf, sameSide } from '../../read-models/fold-event.js';
import type { ClaimRecord } from '../../read-models/claims/claims.fold.js';
import type { ParquetColumnType } from '../parquet-writer.js';

export interface ClaimExportRecord {
  position: string;
  event_id: string;
  type: string;
  stream_id: string;
  occurred_at: string;
  occurred_precision: string;
  occurred_day: string;
  claimant: string | null;
  claimant_side: string | null;
  status: string;
  text: string | null;
  readout_of: string | null;
  accused_side: string | null;
  violations_claimed: number | null;
  period_from: string | null;
  period_until: string | null;
  cumulative: boolean | null;
  disputes: number;
  disputes_by_other_sides: number;
  disputing_sides: string[];
  disputed_by: string[];
  appended_by: string | null;
  approved_by: string | null;
}

export interface ClaimExportColumn {
  name: keyof ClaimExportRecord;
  type: ParquetColumnType;
  nullable: boolean;
  description: string;
}

export const CLAIM_EXPORT_COLUMN_SPECS: ClaimExportColumn[] = [
  { name: 'position', type: 'INT64', nullable: false, description: 'Log position of the claim’s event.' },
  { name: 'event_id', type: 'STRING', nullable: false, description: 'The claim’s event (UUID).' },
  {
    name: 'type',
    type: 'STRING',
    nullable: false,
    description: 'STATEMENT_MADE, VIOLATION_REPORTED, or the type of another disputed event.',
  },
  { name: 'stream_id', type: 'STRING', nullable: false, description: 'Stream of the claim’s event.' },
  { name: 'occurred_at', type: 'TIMESTAMP', nullable: false, description: 'When it was said or reported (UTC).' },
  { name: 'occurred_precision', type: 'STRING', nullable: false, description: 'Precision of occurred_at.' },
  { name: 'occurred_day', type: 'STRING', nullable: false, description: 'The UTC day of occurred_at (YYYY-MM-DD).' },
  {
    name: 'claimant',
    type: 'STRING',
    nullable: true,
    description: 'The speaker or reporter (the disputer of a disputed dispute); null for other events.',
  },
  { name: 'claimant_side', type: 'STRING', nullable: true, description: 'The claimant’s principal (its side).' },
  { name: 'status', type: 'STRING', nullable: false, description: 'UNDISPUTED, DISPUTED or RETRACTED.' },
  { name: 'text', type: 'STRING', nullable: true, description: 'What the statement, report or dispute says.' },
  {
    name: 'readout_of',
    type: 'STRING',
    nullable: true,
    description: 'The call or meeting (event id) a statement gives an account of.',
  },
  { name: 'accused_side', type: 'STRING', nullable: true, description: 'A violation report: the violator’s side.' },
  {
    name: 'violations_claimed',
    type: 'INT32',
    nullable: true,
    description: 'A violation report: how many violations it claims (1 unless it says).',
  },
  {
    name: 'period_from',
    type: 'TIMESTAMP',
    nullable: true,
    description:
      'A violation report: when the claimed violations began (default: the start of occurred_at at its precision).',
  },
  {
    name: 'period_until',
    type: 'TIMESTAMP',
    nullable: true,
    description: 'A violation report: when they ended, exclusive (default: the end of occurred_at at its precision).',
  },
  {
    name: 'cumulative',
    type: 'BOOLEAN',
    nullable: true,
    description: 'A violation report: its count is a running total over its period.',
  },
  { name: 'disputes', type: 'INT32', nullable: false, description: 'Disputes naming it, own side included.' },
  {
    name: 'disputes_by_other_sides',
    type: 'INT32',
    nullable: false,
    description:
      'Disputes by actors not on the claimant’s side (all, when it has no claimant): those that make it DISPUTED.',
  },
  { name: 'disputing_sides', type: 'STRING_LIST', nullable: false, description: 'The sides of the disputers, sorted.' },
  { name: 'disputed_by', type: 'STRING_LIST', nullable: false, description: 'The disputers, in valid-time order.' },
  {
    name: 'appended_by',
    type: 'STRING',
    nullable: true,
    description: 'The API key name that appended the claim’s event (as in the events export).',
  },
  {
    name: 'approved_by',
    type: 'STRING',
    nullable: true,
    description: 'The API key name that verified the claim’s event (as in the events export).',
  },
];

const iso = (ms: number) => new Date(ms).toISOString();

/** Who appended and approved an event (events.repository.ts, provenance). */
export interface EventProvenance {
  appendedBy: string;
  approvedBy: string;
}

export function toClaimExportRecord(
  claim: ClaimRecord,
  streamId: string,
  principals: Principals,
  provenance: EventProvenance | undefined = undefined,
): ClaimExportRecord {
  const side = (actor: string) => principalOf(principals, actor);
  const claimant = claim.claimant;
  const v = claim.violation;
  return {
    position: String(claim.position),
    event_id: claim.eventId,
    type: claim.type,
    stream_id: streamId,
    occurred_at: iso(claim.at),
    occurred_precision: claim.precision,
    occurred_day: iso(claim.at).slice(0, 10),
    claimant,
    claimant_side: claimant === null ? null : side(claimant),
    status: claim.status,
    text: claim.text,
    readout_of: claim.readoutOf,
    accused_side: v ? side(v.violator) : null,
    violations_claimed: v ? v.count : null,
    period_from: v ? iso(v.periodFrom) : null,
    period_until: v ? iso(v.periodUntil) : null,
    cumulative: v ? v.cumulative : null,
    disputes: claim.disputes.length,
    disputes_by_other_sides: claim.disputes.filter((d) => claimant === null || !sameSide(principals, d.by, claimant))
      .length,
    disputing_sides: [...new Set(claim.disputes.map((d) => side(d.by)))].sort(),
    disputed_by: claim.disputes.map((d) => d.by),
    appended_by: provenance?.appendedBy ?? null,
    approved_by: provenance?.approvedBy ?? null,
  };
}
