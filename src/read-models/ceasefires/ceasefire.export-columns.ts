/** The ceasefires export (GET /export/read-models/ceasefires): one row per ceasefire, from the model Query.ceasefires answers. */
import type { TableColumn } from '../../export/export-table.js';
import {
  STANCE_COLUMNS,
  type StanceColumns,
  VIOLATION_COLUMNS,
  type ViolationColumns,
  historyJson,
  isoOrNull,
  stanceColumns,
  violationColumns,
} from '../export-columns.js';
import type { CeasefireModel } from './ceasefire.model.js';

export interface CeasefireExportRow extends StanceColumns, ViolationColumns {
  id: string;
  title: string;
  scope: string;
  duration_days: number | null;
  duration_hours: number | null;
  unilateral: boolean;
  proposers: string[];
  state: string;
  proposed_at: string | null;
  agreed_at: string | null;
  effective_from: string | null;
  expires_at: string | null;
  terminated_at: string | null;
  history: string;
  position: string;
}

export const CEASEFIRE_EXPORT_COLUMNS: Array<TableColumn<CeasefireExportRow>> = [
  {
    name: 'id',
    type: 'STRING',
    nullable: false,
    description: 'The stream id of its PROPOSAL_MADE or AGREEMENT_REACHED.',
  },
  { name: 'title', type: 'STRING', nullable: false, description: 'Its title.' },
  {
    name: 'scope',
    type: 'STRING',
    nullable: false,
    description: 'What it covers (COMPREHENSIVE, ENERGY_INFRASTRUCTURE, MARITIME, …).',
  },
  { name: 'duration_days', type: 'INT32', nullable: true, description: 'Its agreed length in days, when given.' },
  { name: 'duration_hours', type: 'INT32', nullable: true, description: 'Its agreed length in hours, when given.' },
  { name: 'unilateral', type: 'BOOLEAN', nullable: false, description: 'A declared truce: its parties declared it.' },
  { name: 'proposers', type: 'STRING_LIST', nullable: false, description: 'Who proposed it (actor ids).' },
  ...STANCE_COLUMNS,
  {
    name: 'state',
    type: 'STRING',
    nullable: false,
    description: 'PROPOSED, AGREED, IN_FORCE, VIOLATED, … at the moment asked.',
  },
  { name: 'proposed_at', type: 'TIMESTAMP', nullable: true, description: 'When it was proposed.' },
  { name: 'agreed_at', type: 'TIMESTAMP', nullable: true, description: 'When it was agreed.' },
  { name: 'effective_from', type: 'TIMESTAMP', nullable: true, description: 'When it entered into force.' },
  {
    name: 'expires_at',
    type: 'TIMESTAMP',
    nullable: true,
    description: 'The planned end (a terminated ceasefire keeps it).',
  },
  {
    name: 'terminated_at',
    type: 'TIMESTAMP',
    nullable: true,
    description: 'When a party renounced it after it was agreed.',
  },
  ...VIOLATION_COLUMNS,
  { name: 'history', type: 'JSON', nullable: false, description: 'Its states, as JSON: [{state, at, eventId}].' },
  { name: 'position', type: 'INT64', nullable: false, description: 'The log position the row reflects.' },
];

export function toCeasefireExportRow(m: CeasefireModel): CeasefireExportRow {
  return {
    id: m.id,
    title: m.title,
    scope: m.scope,
    duration_days: m.durationDays,
    duration_hours: m.durationHours,
    unilateral: m.unilateral,
    proposers: m.proposerIds,
    ...stanceColumns(m.parties),
    state: m.state,
    proposed_at: isoOrNull(m.proposedAt),
    agreed_at: isoOrNull(m.agreedAt),
    effective_from: isoOrNull(m.effectiveFrom),
    expires_at: isoOrNull(m.expiresAt),
    terminated_at: isoOrNull(m.terminatedAt),
    ...violationColumns(m),
    history: historyJson(m.history),
    position: m.position,
  };
}
