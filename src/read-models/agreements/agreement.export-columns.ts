/** The agreements export (GET /export/read-models/agreements): one row per proposal or agreement, from the model Query.agreements answers. */
import type { QuantityModel } from '../../events/models/quantity.model.js';
import type { TableColumn } from '../../export/export-table.js';
import { STANCE_COLUMNS, type StanceColumns, historyJson, isoOrNull, stanceColumns } from '../export-columns.js';
import type { AgreementModel } from './agreement.model.js';

export interface AgreementExportRow extends StanceColumns {
  id: string;
  kind: string;
  title: string;
  text: string | null;
  unilateral: boolean;
  proposers: string[];
  backers: string[];
  mediators: string[];
  guarantors: string[];
  state: string;
  proposed_at: string | null;
  agreed_at: string | null;
  withdrawn_at: string | null;
  terminated_at: string | null;
  quantities: string;
  implementation_status: string;
  implementation_started_at: string | null;
  implementation_completed_at: string | null;
  implementation_progress: string;
  implementation_reports: string;
  counter_to: string | null;
  counter_proposals: string[];
  history: string;
  position: string;
}

export const AGREEMENT_EXPORT_COLUMNS: Array<TableColumn<AgreementExportRow>> = [
  {
    name: 'id',
    type: 'STRING',
    nullable: false,
    description: 'The stream id of its PROPOSAL_MADE or AGREEMENT_REACHED.',
  },
  { name: 'kind', type: 'STRING', nullable: false, description: 'CEASEFIRE, PRISONER_EXCHANGE, … (the terms’ kind).' },
  { name: 'title', type: 'STRING', nullable: false, description: 'Its title.' },
  { name: 'text', type: 'STRING', nullable: true, description: 'The terms in words.' },
  { name: 'unilateral', type: 'BOOLEAN', nullable: false, description: 'A declared truce: its parties declared it.' },
  { name: 'proposers', type: 'STRING_LIST', nullable: false, description: 'Who proposed it (actor ids).' },
  { name: 'backers', type: 'STRING_LIST', nullable: false, description: 'Who support it without proposing it.' },
  { name: 'mediators', type: 'STRING_LIST', nullable: false, description: 'Its mediators.' },
  { name: 'guarantors', type: 'STRING_LIST', nullable: false, description: 'Its guarantors.' },
  ...STANCE_COLUMNS,
  { name: 'state', type: 'STRING', nullable: false, description: 'PROPOSED, AGREED, … at the moment asked.' },
  { name: 'proposed_at', type: 'TIMESTAMP', nullable: true, description: 'When it was proposed.' },
  { name: 'agreed_at', type: 'TIMESTAMP', nullable: true, description: 'When it was agreed.' },
  { name: 'withdrawn_at', type: 'TIMESTAMP', nullable: true, description: 'When it was withdrawn.' },
  { name: 'terminated_at', type: 'TIMESTAMP', nullable: true, description: 'When it was terminated.' },
  {
    name: 'quantities',
    type: 'JSON',
    nullable: false,
    description: 'The terms’ quantities, as JSON: [{what, count, atLeast, from, to}].',
  },
  { name: 'implementation_status', type: 'STRING', nullable: false, description: 'How far its implementation is.' },
  {
    name: 'implementation_started_at',
    type: 'TIMESTAMP',
    nullable: true,
    description: 'The earliest implementation report.',
  },
  {
    name: 'implementation_completed_at',
    type: 'TIMESTAMP',
    nullable: true,
    description: 'When the implementation became COMPLETED.',
  },
  {
    name: 'implementation_progress',
    type: 'JSON',
    nullable: false,
    description:
      'Each agreed quantity and how much was reported, as JSON: [{what, from, to, agreed, atLeast, reported}].',
  },
  {
    name: 'implementation_reports',
    type: 'JSON',
    nullable: false,
    description:
      'The implementation reports in valid-time order, as JSON: [{eventId, at, reportedBy, party, stage, quantities, complete, text}].',
  },
  {
    name: 'counter_to',
    type: 'STRING',
    nullable: true,
    description:
      "The proposal this one counters, as its events name it (GraphQL's `counterTo` leaves out a stream that is not a proposal at that moment).",
  },
  {
    name: 'counter_proposals',
    type: 'STRING_LIST',
    nullable: false,
    description: 'The proposals that counter it, as their events name it (unfiltered, as `counter_to`).',
  },
  { name: 'history', type: 'JSON', nullable: false, description: 'Its states, as JSON: [{state, at, eventId}].' },
  { name: 'position', type: 'INT64', nullable: false, description: 'The log position the row reflects.' },
];

const quantityJson = (q: QuantityModel) => ({
  what: q.what,
  count: q.count,
  atLeast: q.atLeast,
  from: q.fromId,
  to: q.toId,
});

export function toAgreementExportRow(m: AgreementModel): AgreementExportRow {
  const implementation = m.implementation;
  return {
    id: m.id,
    kind: m.kind,
    title: m.title,
    text: m.text,
    unilateral: m.unilateral,
    proposers: m.proposerIds,
    backers: m.backerIds,
    mediators: m.mediatorIds,
    guarantors: m.guarantorIds,
    ...stanceColumns(m.parties),
    state: m.state,
    proposed_at: isoOrNull(m.proposedAt),
    agreed_at: isoOrNull(m.agreedAt),
    withdrawn_at: isoOrNull(m.withdrawnAt),
    terminated_at: isoOrNull(m.terminatedAt),
    quantities: JSON.stringify(m.quantities.map(quantityJson)),
    implementation_status: implementation.status,
    implementation_started_at: isoOrNull(implementation.startedAt),
    implementation_completed_at: isoOrNull(implementation.completedAt),
    implementation_progress: JSON.stringify(
      implementation.progress.map((p) => ({
        what: p.what,
        from: p.fromId,
        to: p.toId,
        agreed: p.agreed,
        atLeast: p.atLeast,
        reported: p.reported,
      })),
    ),
    implementation_reports: JSON.stringify(
      implementation.reports.map((r) => ({
        eventId: r.eventId,
        at: r.at.toISOString(),
        reportedBy: r.reportedById,
        party: r.partyId,
        stage: r.stage,
        quantities: r.quantities.map(quantityJson),
        complete: r.complete,
        text: r.text,
      })),
    ),
    counter_to: m.counterToId,
    counter_proposals: m.counterProposalIds,
    history: historyJson(m.history),
    position: m.position,
  };
}
