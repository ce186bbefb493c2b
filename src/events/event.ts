/**
 * An event of the log: one envelope (where and when it was recorded, what it says about time, who
 * sourced and appended it) and the typed `{ type, data }` pair of the catalogue. A `switch` on
 * `type` narrows `data` to that type's payload, from the store to the folds and the GraphQL nodes.
 */
import type { EventType, TimePrecision, TypedData } from './catalogue/event-types.js';

export interface Source {
  publisher: string;
  url?: string;
  title?: string;
  quotedText?: string;
  publishedAt?: string;
}

export interface EventMetadata {
  sources: Source[];
  /** Name of the API key that appended the event (for an approved draft: its submitter's). */
  appendedBy: string;
  /** Name of the API key that verified it (a draft's reviewer; a direct append's appender). Absent on events older than drafts: read it as appendedBy. */
  approvedBy?: string;
  /** Name of the key (or file) of the import that wrote an event exported elsewhere, whose appendedBy and approvedBy it kept. */
  importedBy?: string;
  correlationId: string;
  causationId?: string;
}

export interface EventEnvelope {
  /** bigint, as a decimal string */
  position: string;
  id: string;
  streamId: string;
  streamVersion: number;
  schemaVersion: number;
  metadata: EventMetadata;
  /** valid time */
  occurredAt: Date;
  occurredPrecision: TimePrecision;
  /** transaction time */
  recordedAt: Date;
  actorIds: string[];
  /** The event an EVENT_CORRECTED or EVENT_RETRACTED names. */
  refEventId: string | null;
  summary: string;
  cameoCode: string | null;
}

/** A stored event: its envelope and its typed payload. */
export type StoredEvent = EventEnvelope & TypedData;

/** A stored event of one type. */
export type StoredEventOf<K extends EventType> = Extract<StoredEvent, { type: K }>;
