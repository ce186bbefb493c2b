/**
 * The pure checks and derivations of an append that need what the store looked up: stream
 * references and subjects, the idempotency comparison, the text the filter searches.
 */
import type { DomainError, FieldError } from '../../common/domain-error.js';
import { DomainError as Domain } from '../../common/domain-error.js';
import { canonicalJson } from '../../common/canonical-json.js';
import type { StreamFacts } from '../event-append.repository.js';
import type { StoredEvent } from '../event.js';
import type { PreparedEvent } from './append-envelope.validation.js';

/** An event of an append with what its input says about it: the stream and where its errors go. */
export interface EventInBatch {
  streamId: string;
  /** `inputs[k].` when the batch has several inputs, else '': the start of its error paths. */
  prefix: string;
  event: PreparedEvent;
}

/** Stream references exist; acceptances, rejections and withdrawals go to a stream that has their subject. */
export function checkStreams(all: EventInBatch[], streams: Map<string, StreamFacts>, errors: FieldError[]): void {
  // The types each stream holds, in the log and in the batch before the event at hand.
  const typesOf = new Map([...streams].map(([id, facts]) => [id, new Set(facts.types)]));
  for (const { streamId, prefix, event } of all) {
    for (const ref of event.check.streamRefs) {
      if (ref.id !== streamId && !typesOf.has(ref.id))
        errors.push({ path: prefix + ref.path, reason: `no stream "${ref.id}"` });
    }
    const own = typesOf.get(streamId) ?? new Set<string>();
    const subject =
      event.type === 'PROPOSAL_ACCEPTED' || event.type === 'PROPOSAL_REJECTED'
        ? 'PROPOSAL_MADE'
        : event.type === 'PLEDGE_WITHDRAWN'
          ? 'PLEDGE_MADE'
          : null;
    if (subject && !own.has(subject)) {
      errors.push({
        path: `${prefix}${event.path}.type`,
        reason: `${event.type} goes into the stream of a ${subject}; stream "${streamId}" has none`,
      });
    }
    typesOf.set(streamId, own.add(event.type));
  }
}

export function wrongVersion(streamId: string, expected: number, actual: number, input?: number): DomainError {
  return new Domain(
    'WRONG_EXPECTED_VERSION',
    `stream "${streamId}" is at version ${actual}, not the expected ${expected}`,
    { streamId, expectedVersion: expected, actualVersion: actual, ...(input === undefined ? {} : { input }) },
  );
}

export function sameContent(stored: StoredEvent, streamId: string, event: PreparedEvent): boolean {
  return (
    stored.streamId === streamId &&
    stored.type === event.type &&
    stored.occurredAt.getTime() === event.occurredAt.getTime() &&
    stored.occurredPrecision === event.occurredPrecision &&
    canonicalJson(stored.data) === canonicalJson(event.data) &&
    canonicalJson(stored.metadata.sources) === canonicalJson(event.sources)
  );
}

/** Summary, every string of the payload, and the sources' titles and quotes: what the text filter searches. */
export function searchText(summary: string, event: PreparedEvent): string {
  const parts = [summary];
  const walk = (value: unknown): void => {
    if (typeof value === 'string') parts.push(value);
    else if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object') Object.values(value).forEach(walk);
  };
  walk(event.data);
  for (const source of event.sources) parts.push(source.publisher, source.title ?? '', source.quotedText ?? '');
  return parts.filter(Boolean).join('\n');
}

/** The constraint name when the error is a unique violation, else null. */
export function uniqueViolation(error: unknown): string | null {
  const driver =
    (error as { driverError?: { code?: string; constraint?: string } }).driverError ??
    (error as { code?: string; constraint?: string });
  return driver?.code === '23505' ? (driver.constraint ?? 'unique') : null;
}
