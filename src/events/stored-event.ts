/** An event as it is stored, and how a database row becomes one. */
import type { EventType, TimePrecision } from './catalogue/event-types.js';
import type { Source } from './append/append-envelope.validation.js';

export interface EventMetadata {
  sources: Source[];
  /** Name of the API key that appended the event. */
  appendedBy: string;
  correlationId: string;
  causationId?: string;
}

export interface StoredEvent {
  /** bigint, as a decimal string */
  position: string;
  id: string;
  streamId: string;
  streamVersion: number;
  type: EventType;
  schemaVersion: number;
  data: Record<string, unknown>;
  metadata: EventMetadata;
  occurredAt: Date;
  occurredPrecision: TimePrecision;
  recordedAt: Date;
  actorIds: string[];
  refEventId: string | null;
  summary: string;
  cameoCode: string | null;
}

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
  data: Record<string, unknown>;
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
    type: row.type,
    schemaVersion: Number(row.schema_version),
    data: row.data,
    metadata: row.metadata,
    occurredAt: new Date(row.occurred_at),
    occurredPrecision: row.occurred_precision,
    recordedAt: new Date(row.recorded_at),
    actorIds: row.actor_ids,
    refEventId: row.ref_event_id,
    summary: row.summary,
    cameoCode: row.cameo_code,
  };
}

/** JSON with sorted keys: two values are the same content when their canonical forms are equal. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value instanceof Date ? value.toISOString() : value) ?? 'null';
}
