/**
 * The rows of the `events` table as the queries select them, and the events they become. Payloads
 * are typed here, from the JSON the database hands back (typed-data.ts), and nowhere else.
 */
import type { EventType, TimePrecision } from './catalogue/event-types.js';
import type { EventMetadata, StoredEvent } from './event.js';
import { typedData } from './typed-data.js';

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

export function rowToEvent(row: EventRow): StoredEvent {
  return {
    position: String(row.position),
    id: row.id,
    streamId: row.stream_id,
    streamVersion: Number(row.stream_version),
    schemaVersion: Number(row.schema_version),
    metadata: row.metadata,
    occurredAt: new Date(row.occurred_at),
    occurredPrecision: row.occurred_precision,
    recordedAt: new Date(row.recorded_at),
    actorIds: row.actor_ids,
    refEventId: row.ref_event_id,
    summary: row.summary,
    cameoCode: row.cameo_code,
    ...typedData(row.type, row.data),
  };
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
