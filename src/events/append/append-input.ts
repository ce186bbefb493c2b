/** The shape of an append, as plain data: what GraphQL, the demo loader and the importer hand in. */
import type { EventType, TimePrecision } from '../catalogue/event-types.js';

export interface SourceInput {
  publisher: string;
  url?: string | null;
  title?: string | null;
  quotedText?: string | null;
  publishedAt?: string | Date | null;
}

export interface NewEventInput {
  id?: string | null;
  type: EventType | string;
  occurredAt: string | Date;
  occurredPrecision?: TimePrecision | string | null;
  data: unknown;
  sources: SourceInput[];
}

export interface AppendInput {
  streamId: string;
  expectedVersion?: number | null;
  events: NewEventInput[];
  correlationId?: string | null;
  causationId?: string | null;
}

/** Who appends: the key name goes into every event's metadata. */
export interface Appender {
  keyName: string;
}

export const MAX_EVENTS_PER_APPEND = 500;
export const MAX_EVENT_BYTES = 64 * 1024;
