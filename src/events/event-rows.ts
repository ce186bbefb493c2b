/**
 * The rows of the `events` table as the queries select them, and the events they become. Payloads
 * are typed here, from the JSON the database hands back (typed-data.ts), and nowhere else.
 */
import type { EventType, TimePrecision } from './catalogue/event-types.js';
import type { EventEnvelope, EventMetadata, StoredEvent } from './event.js';
import { withTypedData } from './typed-data.js';

/** The columns every event query selects, in the order rowToEvent expects. */
export const EVENT_COLUMNS = `e.position::text AS position, e.id, e.stream_id, e.stream_version, e.type, e.schema_version,
  e.data, e.metadata, e.occurred_at, e.occurred_precision, e.recorded_at, e.actor_ids, e.ref_event_id, e.summary, e.cameo_code`;

export interface EventRow {
  position: string;
  id: string;
  stream_id: string;
  stream_version: number;
  type: EventType;
  schema_version: number;
  data: unknown;
  metadata: EventMetadata;
  occurred_at: Date;
  occurred_precision: TimePrecision;
  recorded_at: Date;
  actor_ids: string[];
  ref_event_id: string | null;
  summary: string;
  cameo_code: string | null;
}

/**
 * The event of a row: one object, its fields taken as the driver parsed them (timestamps are
 * already Dates of their own, integers numbers), since every read of the log builds one per row.
 */
export function rowToEvent(row: EventRow): StoredEvent {
  const envelope: EventEnvelope = {
    position: row.position,
    id: row.id,
    streamId: row.stream_id,
    streamVersion: row.stream_version,
    schemaVersion: row.schema_version,
    metadata: row.metadata,
    occurredAt: row.occurred_at,
    occurredPrecision: row.occurred_precision,
    recordedAt: row.recorded_at,
    actorIds: row.actor_ids,
    refEventId: row.ref_event_id,
    summary: row.summary,
    cameoCode: row.cameo_code,
  };
  return withTypedData(envelope, row.type, row.data);
}

/** The columns a fold reads (FoldEvent: read-models/fold-event.ts), in the order toFoldEvent expects. */
export const FOLD_COLUMNS =
  'e.position::text AS position, e.id, e.type, e.stream_id, e.data, e.occurred_at, e.occurred_precision, e.recorded_at';

export interface FoldEventRow {
  position: string;
  id: string;
  type: EventType;
  stream_id: string;
  data: unknown;
  occurred_at: Date;
  occurred_precision: TimePrecision;
  recorded_at: Date;
}
