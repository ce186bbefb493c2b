/** The shape of an append, as plain data: what GraphQL, the demo loader and the importer hand in. */

export interface SourceInput {
  publisher: string;
  url?: string | null;
  title?: string | null;
  quotedText?: string | null;
  publishedAt?: string | Date | null;
}

export interface NewEventInput {
  id?: string | null;
  /** An EventType once validated: input may carry any string, and the validation names a wrong one. */
  type: string;
  occurredAt: string | Date;
  /** A TimePrecision once validated, as `type`. */
  occurredPrecision?: string | null;
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
