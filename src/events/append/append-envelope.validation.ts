/**
 * Pure checks of an append before the database is asked anything: the stream id, the number of
 * events, each envelope (id, type, time, precision, sources), each payload against the catalogue,
 * and the size of each event. Every problem is reported with its field path.
 */
import crypto from 'node:crypto';
import type { FieldError } from '../../common/domain-error.js';
import { parseInstant } from '../../common/instant.js';
import {
  EVENT_TYPES,
  STREAM_ID_PATTERN,
  TIME_PRECISIONS,
  type EventType,
  type TimePrecision,
  isEventType,
} from '../catalogue/event-types.js';
import { type PayloadCheck, validatePayload } from '../catalogue/payload-validation.js';
import { isObjectLike, isUuid, textProblem } from '../catalogue/value-checks.js';
import {
  type AppendInput,
  MAX_EVENT_BYTES,
  MAX_EVENTS_PER_APPEND,
  type Provenance,
  type SourceInput,
} from './append-input.js';
import type { Source } from '../event.js';
// The one definition of a precision's interval, shared with the folds that default a report's period to it.
import { timeBounds } from '../../read-models/fold-event.js';

const MAX_SOURCES = 50;
/** Deepest nesting of objects and lists in an event's data or sources (real payloads nest 4 levels at most). */
export const MAX_NESTING = 32;
/** The instants PostgreSQL's timestamptz takes as the store writes them (ISO strings of years 0001-9999). */
const EARLIEST = Date.parse('0001-01-01T00:00:00.000Z');
const LATEST = Date.parse('9999-12-31T23:59:59.999Z');
/** Control characters (NUL included) and lone UTF-16 surrogates: no URL has them, and jsonb refuses NUL and lone surrogates. */
// eslint-disable-next-line no-control-regex -- control characters are what this pattern exists to find
const URL_FORBIDDEN = /[\u0000-\u001f\u007f]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * The path of the first value nested deeper than `max` levels of objects and lists, or null.
 * Iterative: class-transformer and JSON.stringify recurse, and a deep enough value overflows the
 * stack (an internal error instead of a field error).
 */
export function tooDeep(value: unknown, path: string, max = MAX_NESTING): string | null {
  const stack: Array<{ value: unknown; path: string; depth: number }> = [{ value, path, depth: 0 }];
  while (stack.length > 0) {
    const item = stack.pop()!;
    if (item.value === null || typeof item.value !== 'object') continue;
    if (item.depth >= max) return item.path;
    if (Array.isArray(item.value))
      item.value.forEach((v, i) => stack.push({ value: v, path: `${item.path}[${i}]`, depth: item.depth + 1 }));
    else
      for (const [k, v] of Object.entries(item.value))
        stack.push({ value: v, path: `${item.path}.${k}`, depth: item.depth + 1 });
  }
  return null;
}

export interface PreparedEvent {
  index: number;
  path: string;
  id: string;
  /** True when the client gave the id (only those can be retried idempotently). */
  idGiven: boolean;
  type: EventType;
  occurredAt: Date;
  occurredPrecision: TimePrecision;
  data: Record<string, unknown>;
  sources: Source[];
  check: PayloadCheck;
  /** Kept from an exported event by the import (append-input.ts); null otherwise. */
  provenance: Provenance | null;
}

export interface EnvelopeCheck {
  events: PreparedEvent[];
  errors: FieldError[];
}

export function checkAppendEnvelope(input: AppendInput): EnvelopeCheck {
  const errors: FieldError[] = [];
  const events: PreparedEvent[] = [];
  if (typeof input.streamId !== 'string' || !STREAM_ID_PATTERN.test(input.streamId)) {
    errors.push({
      path: 'streamId',
      reason: 'must match ^[a-z0-9][a-z0-9._:-]{0,127}$ (for example "proposal-30-day-ceasefire")',
    });
  }
  const expected = input.expectedVersion;
  if (expected !== undefined && expected !== null && (!Number.isInteger(expected) || expected < 0)) {
    errors.push({ path: 'expectedVersion', reason: 'must be an integer ≥ 0' });
  }
  for (const key of ['correlationId', 'causationId'] as const) {
    const value = input[key];
    const problem = value === undefined || value === null ? null : textProblem(value, 200);
    if (problem) errors.push({ path: key, reason: problem });
  }
  if (!Array.isArray(input.events) || input.events.length === 0) {
    errors.push({ path: 'events', reason: 'must hold at least one event' });
    return { events, errors };
  }
  if (input.events.length > MAX_EVENTS_PER_APPEND) {
    errors.push({
      path: 'events',
      reason: `holds ${input.events.length} events; at most ${MAX_EVENTS_PER_APPEND} in one append`,
    });
    return { events, errors };
  }
  const seenIds = new Map<string, number>();
  input.events.forEach((event, index) => {
    const path = `events[${index}]`;
    const eventErrors: FieldError[] = [];
    let id: string = crypto.randomUUID();
    const idGiven = event.id !== undefined && event.id !== null;
    if (idGiven) {
      if (!isUuid(event.id)) eventErrors.push({ path: `${path}.id`, reason: 'must be a UUID' });
      else id = event.id.toLowerCase();
      const earlier = seenIds.get(id);
      if (earlier !== undefined)
        eventErrors.push({ path: `${path}.id`, reason: `repeats the id of events[${earlier}]` });
      seenIds.set(id, index);
    }
    const type = event.type;
    if (!isEventType(type))
      eventErrors.push({ path: `${path}.type`, reason: `must be one of ${EVENT_TYPES.join(', ')}` });
    const occurredAt = event.occurredAt instanceof Date ? event.occurredAt : parseInstant(event.occurredAt);
    if (!occurredAt || Number.isNaN(occurredAt.getTime())) {
      eventErrors.push({
        path: `${path}.occurredAt`,
        reason: 'must be an ISO-8601 date-time such as 2025-03-18T14:00:00Z',
      });
    } else if (occurredAt.getTime() < EARLIEST || occurredAt.getTime() > LATEST) {
      eventErrors.push({
        path: `${path}.occurredAt`,
        reason: 'must be between 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z (UTC)',
      });
    }
    const precision = event.occurredPrecision ?? 'MINUTE';
    if (!(TIME_PRECISIONS as readonly string[]).includes(precision)) {
      eventErrors.push({ path: `${path}.occurredPrecision`, reason: `must be one of ${TIME_PRECISIONS.join(', ')}` });
    }
    const deep = tooDeep(event.data, `${path}.data`) ?? tooDeep(event.sources, `${path}.sources`);
    if (deep) {
      // Checked no further: the payload checks and the size below would overflow the stack.
      eventErrors.push({ path: deep, reason: `nests deeper than ${MAX_NESTING} levels of objects and lists` });
      errors.push(...eventErrors);
      return;
    }
    const sources = checkSources(event.sources, `${path}.sources`, eventErrors);
    let check: PayloadCheck = { errors: [], actorRefs: [], eventRefs: [], streamRefs: [] };
    if (isEventType(type)) {
      check = validatePayload(type, event.data, `${path}.data`);
      eventErrors.push(...check.errors);
      const validPrecision = (TIME_PRECISIONS as readonly string[]).includes(precision);
      if (type === 'VIOLATION_REPORTED' && occurredAt && !Number.isNaN(occurredAt.getTime()) && validPrecision) {
        for (const problem of reportPeriodProblems(event.data, occurredAt, precision as TimePrecision))
          eventErrors.push({ path: `${path}.data.${problem.field}`, reason: problem.reason });
      }
    }
    const bytes = Buffer.byteLength(JSON.stringify({ data: event.data ?? null, sources: event.sources ?? null }) ?? '');
    if (bytes > MAX_EVENT_BYTES) {
      eventErrors.push({
        path,
        reason: `is ${bytes} bytes; an event may hold at most ${MAX_EVENT_BYTES} bytes (64 KiB) of data and sources`,
      });
    }
    errors.push(...eventErrors);
    if (eventErrors.length === 0 && isEventType(type) && occurredAt) {
      events.push({
        index,
        path,
        id,
        idGiven,
        type,
        occurredAt,
        occurredPrecision: precision as TimePrecision,
        data: event.data as Record<string, unknown>,
        sources,
        check,
        provenance: event.provenance ?? null,
      });
    }
  });
  return { events, errors };
}

/** A bound of a violation report's period that its envelope does not allow. */
export interface PeriodProblem {
  field: 'periodFrom' | 'periodUntil';
  /** The bound, as given. */
  value: string;
  /** The end of occurredAt's precision interval, which the bound passes. */
  end: Date;
  reason: string;
}

/**
 * The catalogue's rule of a VIOLATION_REPORTED's period against its time: the report's
 * `occurredAt` is when it was made, so the violations it claims cannot end later than the end of
 * occurredAt's precision interval (a DAY report of 2025-04-20 may claim up to
 * 2025-04-21T00:00:00Z, that instant included). Checked: periodUntil, and periodFrom when it is
 * given alone (with both, periodFrom ≤ periodUntil is the payload's own rule). Malformed bounds
 * are the payload check's to report; they are skipped here.
 */
export function reportPeriodProblems(data: unknown, occurredAt: Date, precision: TimePrecision): PeriodProblem[] {
  if (!isObjectLike(data)) return [];
  const end = new Date(timeBounds(occurredAt.getTime(), precision).latest);
  const field = data.periodUntil !== undefined ? 'periodUntil' : 'periodFrom';
  const value = data[field];
  const at = parseInstant(value);
  if (typeof value !== 'string' || at === null || at.getTime() <= end.getTime()) return [];
  return [
    {
      field,
      value,
      end,
      reason: `must not be later than ${end.toISOString()}, the end of the report's occurredAt at ${precision} precision (a report cannot claim violations after it was made)`,
    },
  ];
}

function checkSources(value: unknown, path: string, errors: FieldError[]): Source[] {
  if (!Array.isArray(value) || value.length === 0) {
    errors.push({ path, reason: 'every event needs at least one source' });
    return [];
  }
  if (value.length > MAX_SOURCES) {
    errors.push({ path, reason: `holds ${value.length} sources; at most ${MAX_SOURCES}` });
    return [];
  }
  return value.map((raw: SourceInput, index) => checkSource(raw, `${path}[${index}]`, errors));
}

function checkSource(raw: SourceInput, path: string, errors: FieldError[]): Source {
  const source: Source = { publisher: '' };
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    errors.push({ path, reason: 'must be an object with at least a publisher' });
    return source;
  }
  for (const key of Object.keys(raw)) {
    if (!['publisher', 'url', 'title', 'quotedText', 'publishedAt'].includes(key))
      errors.push({ path: `${path}.${key}`, reason: 'unknown field' });
  }
  const text = (key: 'publisher' | 'title' | 'quotedText', max: number, required: boolean) => {
    const v = raw[key];
    if (v === undefined || v === null) {
      if (required) errors.push({ path: `${path}.${key}`, reason: 'is required' });
      return;
    }
    const problem = textProblem(v, max);
    if (problem) errors.push({ path: `${path}.${key}`, reason: problem });
    else source[key] = v.trim();
  };
  text('publisher', 300, true);
  text('title', 500, false);
  text('quotedText', 10_000, false);
  if (raw.url !== undefined && raw.url !== null) {
    if (typeof raw.url !== 'string' || raw.url.length > 2048 || URL_FORBIDDEN.test(raw.url) || !isHttpUrl(raw.url)) {
      errors.push({
        path: `${path}.url`,
        reason: 'must be an http(s) URL of at most 2048 characters, without control characters',
      });
    } else source.url = raw.url;
  }
  if (raw.publishedAt !== undefined && raw.publishedAt !== null) {
    const at = raw.publishedAt instanceof Date ? raw.publishedAt : parseInstant(raw.publishedAt);
    if (!at || Number.isNaN(at.getTime()))
      errors.push({ path: `${path}.publishedAt`, reason: 'must be an ISO-8601 date-time' });
    else source.publishedAt = at.toISOString();
  }
  return source;
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}
