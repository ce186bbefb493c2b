/**
 * One exported event, flat, in the shape data scientists know from ACLED and GDELT: the envelope,
 * time with its precision bounds, actors, the summary and codes (CAMEO, QuadClass, PLOVER),
 * sources, whether later events retracted or corrected it, the payload as JSON, and the main
 * payload fields as columns of their own. Pure: the same event and amendments give the same record.
 */
import { CONTEXT_TYPES, type CodeContext, type StreamSubject, eventCodes } from '../events/catalogue/event-codes.js';
import { type EventType, type Quantity, type TypedData, assertNever } from '../events/catalogue/event-types.js';
import { meetingMediators } from '../events/catalogue/upcast.js';
import { type StoredEvent } from '../events/event.js';
import { timeBounds } from '../read-models/fold-event.js';
import type { ParquetColumnType } from './parquet-writer.js';
import { withCorrectedPayload } from '../events/typed-data.js';
import { parseInstant } from '../common/instant.js';

export interface ExportRecord {
  position: string;
  id: string;
  type: EventType;
  stream_id: string;
  stream_version: number;
  schema_version: number;
  occurred_at: string;
  occurred_precision: string;
  occurred_earliest: string;
  occurred_latest: string;
  recorded_at: string;
  actor_ids: string[];
  actor1: string | null;
  actor2: string | null;
  summary: string;
  cameo_code: string | null;
  quad_class: number | null;
  plover_type: string | null;
  source_publishers: string[];
  source_urls: string[];
  appended_by: string;
  approved_by: string;
  imported_by: string | null;
  retracted: boolean;
  corrected: boolean;
  corrected_by: string | null;
  ref_event_id: string | null;
  title: string | null;
  text: string | null;
  place: string | null;
  country: string | null;
  target_category: string | null;
  means: string | null;
  scope: string | null;
  duration_days: number | null;
  round: number | null;
  counter_to: string | null;
  backers: string[];
  mediators: string[];
  guarantors: string[];
  conditions: string[];
  stage: string | null;
  complete: boolean | null;
  implements: string[];
  quantities: string[];
  readout_of: string | null;
  violation_count: number | null;
  period_from: string | null;
  period_until: string | null;
  cumulative: boolean | null;
  data: string;
}

/** What later events say about an event, as of the export's upToPosition. */
export interface Amendment {
  retracted: boolean;
  /** the latest EVENT_CORRECTED naming it */
  correction: StoredEvent | null;
}

const iso = (ms: number) => new Date(ms).toISOString();
/** A payload date-time as the export writes times (UTC, milliseconds, like occurred_at); null when absent. */
const utc = (value: string | undefined): string | null =>
  value === undefined ? null : (parseInstant(value)?.toISOString() ?? value);

/** The primary actor and its counterpart, where the type has them (ACLED's actor1 / actor2). */
export function mainActors(typed: TypedData): [string | null, string | null] {
  switch (typed.type) {
    case 'CALL_HELD':
    case 'MEETING_HELD':
      return [typed.data.participants[0] ?? null, typed.data.participants[1] ?? null];
    case 'STATEMENT_MADE':
      return [typed.data.speaker, typed.data.about?.[0] ?? null];
    case 'CLAIM_DISPUTED':
      return [typed.data.by, null];
    case 'DEMAND_MADE':
      return [typed.data.by, typed.data.addressee];
    case 'PROPOSAL_MADE':
      return [typed.data.proposers[0] ?? null, typed.data.parties[0] ?? null];
    case 'PROPOSAL_ACCEPTED':
    case 'PROPOSAL_REJECTED':
    case 'CONDITIONS_MET':
      return [typed.data.party, null];
    case 'AGREEMENT_REACHED':
      return [typed.data.parties[0] ?? null, typed.data.parties[1] ?? null];
    case 'IMPLEMENTATION_REPORTED':
      return [typed.data.reportedBy, typed.data.party ?? null];
    case 'PLEDGE_MADE':
      return [typed.data.by, typed.data.to ?? null];
    case 'PLEDGE_WITHDRAWN':
    case 'PLEDGE_FULFILLED':
      return [typed.data.by, null];
    case 'STRIKE_REPORTED':
      return [typed.data.attacker, null];
    case 'VIOLATION_REPORTED':
      return [typed.data.violator, typed.data.reportedBy];
    case 'EVENT_CORRECTED':
    case 'EVENT_RETRACTED':
      return [null, null];
    default:
      return assertNever(typed);
  }
}

/** The payload's flat columns: the main free text (a statement, a claim, a demand, a commitment, a reason) and what an analyst filters on. */
type PayloadColumns = Pick<
  ExportRecord,
  | 'title'
  | 'text'
  | 'place'
  | 'country'
  | 'target_category'
  | 'means'
  | 'scope'
  | 'duration_days'
  | 'round'
  | 'counter_to'
  | 'backers'
  | 'mediators'
  | 'guarantors'
  | 'conditions'
  | 'stage'
  | 'complete'
  | 'implements'
  | 'quantities'
  | 'readout_of'
  | 'violation_count'
  | 'period_from'
  | 'period_until'
  | 'cumulative'
>;

const NO_COLUMNS: PayloadColumns = {
  title: null,
  text: null,
  place: null,
  country: null,
  target_category: null,
  means: null,
  scope: null,
  duration_days: null,
  round: null,
  counter_to: null,
  backers: [],
  mediators: [],
  guarantors: [],
  conditions: [],
  stage: null,
  complete: null,
  implements: [],
  quantities: [],
  readout_of: null,
  violation_count: null,
  period_from: null,
  period_until: null,
  cumulative: null,
};

/** A quantity as one item of the `quantities` column: compact JSON, keys in the catalogue's order. */
export function quantityCell(q: Quantity): string {
  const { what, count, atLeast, from, to } = q;
  return JSON.stringify({ what, count, atLeast, from, to });
}

function payloadColumns(typed: TypedData): PayloadColumns {
  switch (typed.type) {
    case 'MEETING_HELD':
      return {
        ...NO_COLUMNS,
        place: typed.data.place ?? null,
        round: typed.data.round ?? null,
        mediators: meetingMediators(typed.data),
      };
    case 'STATEMENT_MADE':
      return { ...NO_COLUMNS, text: typed.data.text, readout_of: typed.data.readoutOf ?? null };
    case 'CLAIM_DISPUTED':
      return { ...NO_COLUMNS, text: typed.data.text };
    case 'VIOLATION_REPORTED': {
      const d = typed.data;
      return {
        ...NO_COLUMNS,
        text: d.text ?? null,
        violation_count: d.count ?? 1,
        period_from: utc(d.periodFrom),
        period_until: utc(d.periodUntil),
        cumulative: d.cumulative ?? false,
      };
    }
    case 'DEMAND_MADE':
      return { ...NO_COLUMNS, text: typed.data.demand };
    case 'PROPOSAL_MADE':
    case 'AGREEMENT_REACHED': {
      const { title, terms } = typed.data;
      const common: PayloadColumns = {
        ...NO_COLUMNS,
        title,
        text: terms.text ?? null,
        scope: terms.scope ?? null,
        duration_days: terms.durationDays ?? null,
        mediators: typed.data.mediators ?? [],
        quantities: (terms.quantities ?? []).map(quantityCell),
      };
      return typed.type === 'PROPOSAL_MADE'
        ? { ...common, counter_to: typed.data.counterTo ?? null, backers: typed.data.backers ?? [] }
        : { ...common, guarantors: typed.data.guarantors ?? [] };
    }
    case 'PROPOSAL_ACCEPTED':
      return { ...NO_COLUMNS, conditions: typed.data.conditions ?? [] };
    case 'CONDITIONS_MET':
      return { ...NO_COLUMNS, text: typed.data.text ?? null, conditions: typed.data.conditions ?? [] };
    case 'IMPLEMENTATION_REPORTED': {
      const d = typed.data;
      return {
        ...NO_COLUMNS,
        text: d.text,
        stage: d.stage ?? null,
        complete: d.complete ?? false,
        implements: d.implements ?? [],
        quantities: (d.quantities ?? []).map(quantityCell),
      };
    }
    case 'PLEDGE_FULFILLED':
      return { ...NO_COLUMNS, text: typed.data.text ?? null };
    case 'PLEDGE_MADE': {
      const { commitment, durationDays } = typed.data;
      return {
        ...NO_COLUMNS,
        text: commitment.text,
        target_category: commitment.targetCategory ?? null,
        duration_days: durationDays ?? null,
      };
    }
    case 'PROPOSAL_REJECTED':
    case 'PLEDGE_WITHDRAWN':
      return { ...NO_COLUMNS, text: typed.data.reason ?? null };
    case 'EVENT_CORRECTED':
    case 'EVENT_RETRACTED':
      return { ...NO_COLUMNS, text: typed.data.reason };
    case 'STRIKE_REPORTED': {
      const d = typed.data;
      return {
        ...NO_COLUMNS,
        text: d.impact ?? null,
        place: d.place,
        country: d.country ?? null,
        target_category: d.targetCategory,
        means: d.means ?? null,
      };
    }
    case 'CALL_HELD':
      return NO_COLUMNS;
    default:
      return assertNever(typed);
  }
}

const CONTEXT_TYPE_SET: ReadonlySet<EventType> = new Set(CONTEXT_TYPES);

/** The streams whose subjects the codes of these events depend on (their own, and the streams a report implements). */
export function contextStreams(events: readonly StoredEvent[]): string[] {
  const streams = new Set<string>();
  for (const event of events) {
    if (!CONTEXT_TYPE_SET.has(event.type)) continue;
    streams.add(event.streamId);
    if (event.type === 'IMPLEMENTATION_REPORTED') for (const id of event.data.implements ?? []) streams.add(id);
  }
  return [...streams];
}

/**
 * The context of an event's codes, as the store gives it when it appends: the subject of its
 * stream; for an implementation report in a stream of its own, of the first stream it implements
 * that holds a proposal or agreement.
 */
export function codeContextOf(event: StoredEvent, subjects: ReadonlyMap<string, StreamSubject>): CodeContext {
  if (!CONTEXT_TYPE_SET.has(event.type)) return {};
  const own = subjects.get(event.streamId);
  if (event.type === 'PLEDGE_FULFILLED') return { pledgeAction: own?.pledgeAction ?? null };
  if (event.type === 'IMPLEMENTATION_REPORTED' && !own?.kind) {
    const named = (event.data.implements ?? []).map((id) => subjects.get(id)?.kind).find((kind) => !!kind);
    return { kind: named ?? null };
  }
  return { kind: own?.kind ?? null };
}

/** The record of an event; `context` is what its codes depend on beyond its payload (codeContextOf). */
export function toExportRecord(event: StoredEvent, amendment: Amendment, context: CodeContext = {}): ExportRecord {
  const codes = eventCodes(event, context);
  const [actor1, actor2] = mainActors(event);
  const bounds = timeBounds(event.occurredAt.getTime(), event.occurredPrecision);
  const sources = event.metadata.sources ?? [];
  return {
    position: event.position,
    id: event.id,
    type: event.type,
    stream_id: event.streamId,
    stream_version: event.streamVersion,
    schema_version: event.schemaVersion,
    occurred_at: event.occurredAt.toISOString(),
    occurred_precision: event.occurredPrecision,
    occurred_earliest: iso(bounds.earliest),
    occurred_latest: iso(bounds.latest),
    recorded_at: event.recordedAt.toISOString(),
    actor_ids: event.actorIds,
    actor1,
    actor2,
    summary: event.summary,
    cameo_code: codes.cameo,
    quad_class: codes.quadClass,
    plover_type: codes.plover,
    source_publishers: sources.map((s) => s.publisher),
    source_urls: sources.flatMap((s) => (s.url ? [s.url] : [])),
    appended_by: event.metadata.appendedBy,
    approved_by: event.metadata.approvedBy ?? event.metadata.appendedBy,
    imported_by: event.metadata.importedBy ?? null,
    retracted: amendment.retracted,
    corrected: amendment.correction !== null,
    corrected_by: amendment.correction?.id ?? null,
    ref_event_id: event.refEventId,
    ...payloadColumns(event),
    data: JSON.stringify(event.data),
  };
}

/**
 * The corrected view of an event: as its latest correction says (payload, time, precision), with
 * the summary left as recorded. Retracted events are not exported in this view at all.
 */
export function applyCorrection(event: StoredEvent, correction: StoredEvent | null): StoredEvent {
  if (correction?.type !== 'EVENT_CORRECTED') return event;
  const c = correction.data;
  return {
    ...(c.data === undefined ? event : withCorrectedPayload(event, c.data)),
    occurredAt: c.occurredAt ? new Date(c.occurredAt) : event.occurredAt,
    occurredPrecision: c.occurredPrecision ?? event.occurredPrecision,
  };
}

/** An export column: its type in Parquet (CSV writes text) and what it means (the codebook's words). */
export interface ExportColumn {
  name: keyof ExportRecord;
  type: ParquetColumnType;
  nullable: boolean;
  description: string;
}

/** The columns of CSV and Parquet, in order (NDJSON has the same keys, and `sources`). */
export const EXPORT_COLUMN_SPECS: ExportColumn[] = [
  {
    name: 'position',
    type: 'INT64',
    nullable: false,
    description: 'Global position in the log: contiguous, in commit order; the key of incremental pulls.',
  },
  { name: 'id', type: 'STRING', nullable: false, description: 'Event UUID (the idempotency key).' },
  { name: 'type', type: 'STRING', nullable: false, description: 'Event type (CALL_HELD, STRIKE_REPORTED, ...).' },
  {
    name: 'stream_id',
    type: 'STRING',
    nullable: false,
    description: 'The subject the event belongs to (proposal-…, pledge-…, strike-…).',
  },
  {
    name: 'stream_version',
    type: 'INT32',
    nullable: false,
    description: 'Position of the event in its stream, from 1.',
  },
  { name: 'schema_version', type: 'INT32', nullable: false, description: 'Version of the payload shape of its type.' },
  {
    name: 'occurred_at',
    type: 'TIMESTAMP',
    nullable: false,
    description: 'When it happened (UTC), at occurred_precision.',
  },
  {
    name: 'occurred_precision',
    type: 'STRING',
    nullable: false,
    description: 'SECOND, MINUTE, HOUR, DAY, MONTH or YEAR.',
  },
  {
    name: 'occurred_earliest',
    type: 'TIMESTAMP',
    nullable: false,
    description: 'Start of the interval the precision allows (inclusive).',
  },
  {
    name: 'occurred_latest',
    type: 'TIMESTAMP',
    nullable: false,
    description: 'End of the interval the precision allows (exclusive).',
  },
  {
    name: 'recorded_at',
    type: 'TIMESTAMP',
    nullable: false,
    description: 'When it was recorded (UTC, transaction time).',
  },
  { name: 'actor_ids', type: 'STRING_LIST', nullable: false, description: 'Every actor the event involves.' },
  {
    name: 'actor1',
    type: 'STRING',
    nullable: true,
    description: 'The main actor (speaker, attacker, proposer, pledger, first participant...).',
  },
  {
    name: 'actor2',
    type: 'STRING',
    nullable: true,
    description: 'Its counterpart (addressee, second participant, party...), where there is one.',
  },
  { name: 'summary', type: 'STRING', nullable: false, description: 'One generated sentence.' },
  { name: 'cameo_code', type: 'STRING', nullable: true, description: 'Closest CAMEO event code (leading zeros kept).' },
  {
    name: 'quad_class',
    type: 'INT32',
    nullable: true,
    description:
      'CAMEO QuadClass: 1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict.',
  },
  { name: 'plover_type', type: 'STRING', nullable: true, description: 'PLOVER event type.' },
  {
    name: 'source_publishers',
    type: 'STRING_LIST',
    nullable: false,
    description: 'Publishers of the sources, in order.',
  },
  { name: 'source_urls', type: 'STRING_LIST', nullable: false, description: 'URLs of the sources that have one.' },
  {
    name: 'appended_by',
    type: 'STRING',
    nullable: false,
    description: 'The API key name that appended it (for an approved draft: its submitter).',
  },
  {
    name: 'approved_by',
    type: 'STRING',
    nullable: false,
    description:
      "The API key name that verified it: a draft's reviewer; for a direct append (and every event older than review) its appender.",
  },
  {
    name: 'imported_by',
    type: 'STRING',
    nullable: true,
    description:
      'For an event imported from an export: the import that wrote it (import:<key> or import:<file>), which kept appended_by and approved_by.',
  },
  {
    name: 'retracted',
    type: 'BOOLEAN',
    nullable: false,
    description: "An EVENT_RETRACTED at or below the export's upToPosition names this event.",
  },
  {
    name: 'corrected',
    type: 'BOOLEAN',
    nullable: false,
    description: "An EVENT_CORRECTED at or below the export's upToPosition names this event.",
  },
  { name: 'corrected_by', type: 'STRING', nullable: true, description: 'Id of the latest such correction.' },
  {
    name: 'ref_event_id',
    type: 'STRING',
    nullable: true,
    description: 'For corrections and retractions: the event they name.',
  },
  { name: 'title', type: 'STRING', nullable: true, description: 'Title of a proposal or agreement.' },
  {
    name: 'text',
    type: 'STRING',
    nullable: true,
    description: 'Main text: a statement, claim, demand, commitment or reason.',
  },
  { name: 'place', type: 'STRING', nullable: true, description: 'Place of a strike or meeting.' },
  { name: 'country', type: 'STRING', nullable: true, description: 'ISO 3166 alpha-2 country of a strike.' },
  {
    name: 'target_category',
    type: 'STRING',
    nullable: true,
    description: 'Target of a strike, or the pledged target category.',
  },
  { name: 'means', type: 'STRING', nullable: true, description: 'DRONE, MISSILE, ARTILLERY, AIRCRAFT or OTHER.' },
  { name: 'scope', type: 'STRING', nullable: true, description: 'Scope of a proposed or agreed ceasefire.' },
  {
    name: 'duration_days',
    type: 'INT32',
    nullable: true,
    description: 'Duration in days of a pledge or of proposed terms.',
  },
  { name: 'round', type: 'INT32', nullable: true, description: 'Round of talks of a meeting, from 1.' },
  {
    name: 'counter_to',
    type: 'STRING',
    nullable: true,
    description: 'For a counter-proposal: the stream id of the proposal it answers.',
  },
  {
    name: 'backers',
    type: 'STRING_LIST',
    nullable: false,
    description: 'Backers of a proposal (who support it without proposing it).',
  },
  {
    name: 'mediators',
    type: 'STRING_LIST',
    nullable: false,
    description: "Mediators of a meeting, proposal or agreement (a first-edition meeting's mediator as a list of one).",
  },
  { name: 'guarantors', type: 'STRING_LIST', nullable: false, description: 'Guarantors of an agreement.' },
  {
    name: 'conditions',
    type: 'STRING_LIST',
    nullable: false,
    description: 'Conditions of an acceptance; for CONDITIONS_MET, the conditions met (empty: all of them).',
  },
  { name: 'stage', type: 'STRING', nullable: true, description: 'Stage of an implementation report.' },
  {
    name: 'complete',
    type: 'BOOLEAN',
    nullable: true,
    description: 'For an implementation report: whether it says the agreement is carried out in full.',
  },
  {
    name: 'implements',
    type: 'STRING_LIST',
    nullable: false,
    description:
      'For an implementation report in a stream of its own: the stream ids of the agreements it carries out.',
  },
  {
    name: 'quantities',
    type: 'STRING_LIST',
    nullable: false,
    description:
      'Quantities of the terms of a proposal or agreement, or of an implementation report, each as compact JSON {"what", "count", "atLeast", "from", "to"} (absent keys left out).',
  },
  {
    name: 'readout_of',
    type: 'STRING',
    nullable: true,
    description: 'For a statement that is a readout: the id of the CALL_HELD or MEETING_HELD it gives an account of.',
  },
  {
    name: 'violation_count',
    type: 'INT32',
    nullable: true,
    description: 'For a violation report: how many violations it claims (1 when the payload gives no count).',
  },
  {
    name: 'period_from',
    type: 'TIMESTAMP',
    nullable: true,
    description:
      'For a violation report: when the claimed violations began (UTC), as reported; null: occurred_earliest (for a cumulative report, the start of its ceasefire or pledge).',
  },
  {
    name: 'period_until',
    type: 'TIMESTAMP',
    nullable: true,
    description: 'For a violation report: when the claimed violations ended (UTC), as reported; null: occurred_latest.',
  },
  {
    name: 'cumulative',
    type: 'BOOLEAN',
    nullable: true,
    description: 'For a violation report: whether its count is a running total over the period.',
  },
  { name: 'data', type: 'JSON', nullable: false, description: 'The payload as JSON (see the event catalogue).' },
];

export const EXPORT_COLUMNS: Array<keyof ExportRecord> = EXPORT_COLUMN_SPECS.map((c) => c.name);
