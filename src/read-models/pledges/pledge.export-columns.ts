/** The pledges export (GET /export/read-models/pledges): one row per pledge, from the model Query.pledges answers. */
import type { TableColumn } from '../../export/export-table.js';
import { VIOLATION_COLUMNS, type ViolationColumns, isoOrNull, violationColumns } from '../export-columns.js';
import type { PledgeModel } from './pledge.model.js';

export interface PledgeExportRow extends ViolationColumns {
  id: string;
  by: string;
  to: string | null;
  event_id: string;
  commitment: string;
  action: string;
  target_category: string | null;
  ceasefire_id: string | null;
  made_at: string;
  valid_from: string;
  expires_at: string | null;
  state: string;
  broken_at: string | null;
  fulfilled_at: string | null;
  kept: boolean | null;
  lifetime_min_seconds: number | null;
  lifetime_max_seconds: number | null;
  lifetime: string | null;
  position: string;
}

export const PLEDGE_EXPORT_COLUMNS: Array<TableColumn<PledgeExportRow>> = [
  { name: 'id', type: 'STRING', nullable: false, description: 'The stream id of its PLEDGE_MADE.' },
  { name: 'by', type: 'STRING', nullable: false, description: 'Who pledged (actor id).' },
  { name: 'to', type: 'STRING', nullable: true, description: 'To whom (actor id), when said.' },
  { name: 'event_id', type: 'STRING', nullable: false, description: 'The PLEDGE_MADE event.' },
  { name: 'commitment', type: 'STRING', nullable: false, description: 'What was promised, in words.' },
  { name: 'action', type: 'STRING', nullable: false, description: 'What was promised, as data (HALT_STRIKES, …).' },
  { name: 'target_category', type: 'STRING', nullable: true, description: 'The targets spared; null: any target.' },
  { name: 'ceasefire_id', type: 'STRING', nullable: true, description: 'The ceasefire it belongs to, if any.' },
  { name: 'made_at', type: 'TIMESTAMP', nullable: false, description: 'When it was made.' },
  { name: 'valid_from', type: 'TIMESTAMP', nullable: false, description: 'When it took effect.' },
  { name: 'expires_at', type: 'TIMESTAMP', nullable: true, description: 'When it lapses, if it says.' },
  { name: 'state', type: 'STRING', nullable: false, description: 'HOLDING, BROKEN, EXPIRED, WITHDRAWN or FULFILLED.' },
  { name: 'broken_at', type: 'TIMESTAMP', nullable: true, description: 'When it was first violated.' },
  { name: 'fulfilled_at', type: 'TIMESTAMP', nullable: true, description: 'When it was fulfilled.' },
  { name: 'kept', type: 'BOOLEAN', nullable: true, description: 'Whether the promise was kept; null while it holds.' },
  {
    name: 'lifetime_min_seconds',
    type: 'INT32',
    nullable: true,
    description: 'Made → first violation (or withdrawal, expiry, now): the lower bound, in seconds.',
  },
  {
    name: 'lifetime_max_seconds',
    type: 'INT32',
    nullable: true,
    description: 'The same: the upper bound, in seconds.',
  },
  { name: 'lifetime', type: 'STRING', nullable: true, description: 'The same in words, like "52m" or "0-1h".' },
  ...VIOLATION_COLUMNS,
  { name: 'position', type: 'INT64', nullable: false, description: 'The log position the row reflects.' },
];

export function toPledgeExportRow(m: PledgeModel): PledgeExportRow {
  return {
    id: m.id,
    by: m.byId,
    to: m.toId,
    event_id: m.eventId,
    commitment: m.commitment,
    action: m.terms.action,
    target_category: m.terms.targetCategory ?? null,
    ceasefire_id: m.ceasefireId,
    made_at: m.madeAt.toISOString(),
    valid_from: m.validFrom.toISOString(),
    expires_at: isoOrNull(m.expiresAt),
    state: m.state,
    broken_at: isoOrNull(m.brokenAt),
    fulfilled_at: isoOrNull(m.fulfilledAt),
    kept: m.kept,
    lifetime_min_seconds: m.lifetime?.minSeconds ?? null,
    lifetime_max_seconds: m.lifetime?.maxSeconds ?? null,
    lifetime: m.lifetime?.text ?? null,
    ...violationColumns(m),
    position: m.position,
  };
}
