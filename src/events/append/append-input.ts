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
  /** Who appended and approved it where it was first recorded: set by the import of an exported event only, never by API input. */
  provenance?: Provenance | null;
}

export interface Provenance {
  appendedBy: string;
  approvedBy: string;
}

export interface AppendInput {
  streamId: string;
  expectedVersion?: number | null;
  events: NewEventInput[];
  correlationId?: string | null;
  causationId?: string | null;
}

/**
 * Who appends: the key name goes into every event's metadata as appendedBy. approvedBy is who
 * verified the events: a draft's reviewer; absent, the appender itself (a direct append).
 */
export interface Appender {
  keyName: string;
  approvedBy?: string;
}

/** The provenance the store records for an event: its own (an import keeping an export's) or the appender's. */
export function provenanceOf(
  appender: Appender,
  event: { provenance?: Provenance | null },
): Pick<EventMetadataProvenance, 'appendedBy' | 'approvedBy' | 'importedBy'> {
  if (event.provenance)
    return {
      appendedBy: event.provenance.appendedBy,
      approvedBy: event.provenance.approvedBy,
      importedBy: appender.keyName,
    };
  return { appendedBy: appender.keyName, approvedBy: appender.approvedBy ?? appender.keyName };
}

interface EventMetadataProvenance {
  appendedBy: string;
  approvedBy: string;
  importedBy?: string;
}

export const MAX_EVENTS_PER_APPEND = 500;
export const MAX_EVENT_BYTES = 64 * 1024;
