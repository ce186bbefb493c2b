/**
 * The line format of bulk imports (pure: no database, no clock).
 *
 * Events: each non-blank NDJSON line is either
 *  - an append line `{"streamId", "expectedVersion"?, "event": {id?, type, occurredAt, occurredPrecision?, data, sources}}`
 *    (the event as in `appendEvents`), or
 *  - a line of our own NDJSON export (`stream_id`, `stream_version`, `id`, `type`, `occurred_at`,
 *    `occurred_precision`, `data`, `sources`, and `appended_by`, `approved_by`, which are kept; the
 *    derived columns are ignored), which appends the event with its id at version `stream_version`
 *    (expectedVersion = stream_version − 1).
 * Actors: `{"id", "name", "kind", "represents"?}`, the lines of GET /export/actors.
 *
 * Errors name the line and the field path, in the words of the line's own format:
 * `line 3: event.data.participants[1]: unknown actor "putn"`, `line 7: not JSON (…)`.
 * Lines are split from a stream of chunks with a bounded buffer: a line longer than the limit is
 * counted and skipped, never held whole.
 */
import { checkAppendEnvelope } from '../events/append/append-envelope.validation.js';
import type { NewEventInput, Provenance } from '../events/append/append-input.js';
import { actorInputErrors } from '../actors/actor-input.validation.js';

/** The longest line accepted: an event holds at most 64 KiB of data and sources; the rest is room for escapes and export columns. */
export const MAX_LINE_BYTES = 256 * 1024;

export interface LineError {
  line: number;
  /** The field path in the line ('' for the line as a whole). */
  path: string;
  reason: string;
}

export function formatLineError(error: LineError): string {
  return `line ${error.line}: ${error.path ? `${error.path}: ` : ''}${error.reason}`;
}

export type RawLine = { line: number; bytes: Buffer } | { line: number; tooLong: number };

/**
 * Splits a stream of chunks into lines (LF or CRLF), numbered from 1, blank ones included. A line of
 * more than `maxBytes` bytes is not kept: it is reported as `{ tooLong: <its size in bytes> }`.
 */
export async function* readLines(
  chunks: AsyncIterable<Uint8Array | string>,
  maxBytes = MAX_LINE_BYTES,
): AsyncGenerator<RawLine> {
  let parts: Buffer[] = [];
  let size = 0;
  let skipping = false;
  let line = 1;
  const take = (segment: Buffer) => {
    if (segment.length === 0) return;
    if (skipping) {
      size += segment.length;
    } else if (size + segment.length > maxBytes) {
      skipping = true;
      parts = [];
      size += segment.length;
    } else {
      parts.push(segment);
      size += segment.length;
    }
  };
  const finish = (): RawLine => {
    const out: RawLine = skipping
      ? { line, tooLong: size }
      : { line, bytes: parts.length === 1 ? parts[0] : Buffer.concat(parts, size) };
    parts = [];
    size = 0;
    skipping = false;
    line++;
    return out;
  };
  for await (const chunk of chunks) {
    const buffer =
      typeof chunk === 'string'
        ? Buffer.from(chunk, 'utf8')
        : Buffer.isBuffer(chunk)
          ? chunk
          : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    let start = 0;
    for (;;) {
      const newline = buffer.indexOf(0x0a, start);
      if (newline === -1) {
        // Copy: the caller may reuse the chunk's memory.
        take(Buffer.from(buffer.subarray(start)));
        break;
      }
      take(Buffer.from(buffer.subarray(start, newline)));
      yield finish();
      start = newline + 1;
    }
  }
  if (size > 0 || skipping) yield finish();
}

const decoder = new TextDecoder('utf-8', { fatal: true });

/** The text of a line: UTF-8 (refused otherwise), without a trailing CR or a byte-order mark; null when blank. */
export function lineText(raw: RawLine, maxBytes = MAX_LINE_BYTES): { text: string | null; error?: LineError } {
  if ('tooLong' in raw) {
    return {
      text: null,
      error: {
        line: raw.line,
        path: '',
        reason: `is ${raw.tooLong} bytes; at most ${maxBytes} bytes (${maxBytes / 1024} KiB) a line`,
      },
    };
  }
  let text: string;
  try {
    text = decoder.decode(raw.bytes);
  } catch {
    return { text: null, error: { line: raw.line, path: '', reason: 'is not valid UTF-8' } };
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.endsWith('\r')) text = text.slice(0, -1);
  return { text: text.trim() === '' ? null : text };
}

function parseJsonObject(line: number, text: string): { value?: Record<string, unknown>; error?: LineError } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return {
      error: { line, path: '', reason: `not JSON (${error instanceof Error ? error.message : String(error)})` },
    };
  }
  if (Array.isArray(value)) {
    return {
      error: {
        line,
        path: '',
        reason: 'is a JSON array; NDJSON wants one JSON object a line (for example `jq -c ".[]" file.json`)',
      },
    };
  }
  if (value === null || typeof value !== 'object')
    return { error: { line, path: '', reason: 'must be a JSON object' } };
  return { value: value as Record<string, unknown> };
}

export type LineFormat = 'append' | 'export';

export interface EventLine {
  line: number;
  format: LineFormat;
  streamId: string;
  /** As given (append line) or stream_version − 1 (export line); null: no check. */
  expectedVersion: number | null;
  /** The event as the store takes it. */
  event: NewEventInput;
  /** The id, lower case; null when the line gives none (the store makes a fresh one). */
  id: string | null;
  /** Actor references of the payload, with their paths in the line's words. */
  actorRefs: Array<{ id: string; path: string }>;
}

export type ParsedLine =
  { kind: 'blank'; line: number } | { kind: 'event'; value: EventLine } | { kind: 'error'; errors: LineError[] };

const APPEND_KEYS = ['streamId', 'expectedVersion', 'event'];
const EVENT_KEYS = ['id', 'type', 'occurredAt', 'occurredPrecision', 'data', 'sources'];
const EXPORT_NAMES: Record<string, string> = {
  id: 'id',
  type: 'type',
  occurredAt: 'occurred_at',
  occurredPrecision: 'occurred_precision',
  data: 'data',
  sources: 'sources',
};

/**
 * A store error path (`events[0].data.x`, `streamId`, `expectedVersion`) in the words of a line
 * of this format (`event.data.x` / `data.x`, `streamId` / `stream_id`, …).
 */
export function linePath(format: LineFormat, storePath: string): string {
  // An event's stream (`events[2].streamId`: it holds no proposal to answer) is the line's stream.
  const path = storePath.replace(/^events\[\d+\]\.streamId$/, 'streamId');
  if (format === 'append') {
    return path.replace(/^events\[\d+\]/, 'event');
  }
  if (path === 'streamId') return 'stream_id';
  if (path === 'expectedVersion') return 'stream_version';
  const match = /^events\[\d+\](?:\.([A-Za-z]+))?(.*)$/.exec(path);
  if (!match) return path;
  if (!match[1]) return match[2].replace(/^\./, '');
  return `${EXPORT_NAMES[match[1]] ?? match[1]}${match[2]}`;
}

/** A line as a JSON object, or why it is not one (blank lines are skipped, not errors). */
function openLine(
  raw: RawLine,
  maxBytes: number,
):
  | { kind: 'blank'; line: number }
  | { kind: 'error'; errors: LineError[] }
  | { kind: 'object'; line: number; value: Record<string, unknown> } {
  const { text, error } = lineText(raw, maxBytes);
  if (error) return { kind: 'error', errors: [error] };
  if (text === null) return { kind: 'blank', line: raw.line };
  const parsed = parseJsonObject(raw.line, text);
  if (parsed.error) return { kind: 'error', errors: [parsed.error] };
  return { kind: 'object', line: raw.line, value: parsed.value as Record<string, unknown> };
}

/**
 * The provenance an export line carries (`appended_by`, `approved_by`), which the import keeps:
 * null when the line has neither (an export made before they were columns: the importing key is
 * recorded for both). With only appended_by, it is also the approver, as for events older than review.
 */
function exportedProvenance(object: Record<string, unknown>, line: number, errors: LineError[]): Provenance | null {
  const appendedBy = object.appended_by;
  const approvedBy = object.approved_by ?? appendedBy;
  if ((appendedBy === undefined || appendedBy === null) && (approvedBy === undefined || approvedBy === null))
    return null;
  let valid = true;
  for (const [key, value] of [
    ['appended_by', appendedBy],
    ['approved_by', approvedBy],
  ] as const) {
    if (typeof value !== 'string' || value.length === 0 || value.length > 400) {
      errors.push({ line, path: key, reason: 'must be the name of a key: a string of 1-400 characters' });
      valid = false;
    }
  }
  return valid ? { appendedBy: appendedBy as string, approvedBy: approvedBy as string } : null;
}

/** Parses and checks one event line (envelope and payload as the store checks them; no database). */
export function parseEventLine(raw: RawLine, maxBytes = MAX_LINE_BYTES): ParsedLine {
  const opened = openLine(raw, maxBytes);
  if (opened.kind !== 'object') return opened;
  const { line, value: object } = opened;
  const errors: LineError[] = [];
  let format: LineFormat;
  let streamId: unknown;
  let expectedVersion: unknown;
  let event: NewEventInput;
  if ('stream_id' in object) {
    format = 'export';
    streamId = object.stream_id;
    const version = object.stream_version;
    if (!Number.isInteger(version) || (version as number) < 1) {
      errors.push({
        line,
        path: 'stream_version',
        reason: 'must be an integer ≥ 1 (the version the event has in its stream)',
      });
    } else expectedVersion = (version as number) - 1;
    if (object.id === undefined || object.id === null)
      errors.push({ line, path: 'id', reason: 'is required (an export line carries the event id)' });
    if (object.schema_version !== undefined && object.schema_version !== 1)
      errors.push({ line, path: 'schema_version', reason: 'must be 1' });
    for (const key of ['type', 'occurred_at', 'data', 'sources']) {
      if (object[key] === undefined) errors.push({ line, path: key, reason: 'is required' });
    }
    event = {
      id: object.id as string,
      type: object.type as string,
      occurredAt: object.occurred_at as string,
      occurredPrecision: (object.occurred_precision as string | undefined) ?? null,
      data: object.data,
      sources: object.sources as NewEventInput['sources'],
      provenance: exportedProvenance(object, line, errors),
    };
  } else if ('streamId' in object || 'event' in object) {
    format = 'append';
    for (const key of Object.keys(object))
      if (!APPEND_KEYS.includes(key)) errors.push({ line, path: key, reason: 'unknown field' });
    streamId = object.streamId;
    if (streamId === undefined) errors.push({ line, path: 'streamId', reason: 'is required' });
    expectedVersion = object.expectedVersion ?? null;
    const raw = object.event;
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
      errors.push({
        line,
        path: 'event',
        reason: 'must be an object { id?, type, occurredAt, occurredPrecision?, data, sources }',
      });
      return { kind: 'error', errors };
    }
    const given = raw as Record<string, unknown>;
    for (const key of Object.keys(given))
      if (!EVENT_KEYS.includes(key)) errors.push({ line, path: `event.${key}`, reason: 'unknown field' });
    event = {
      id: (given.id as string | undefined) ?? null,
      type: given.type as string,
      occurredAt: given.occurredAt as string,
      occurredPrecision: (given.occurredPrecision as string | undefined) ?? null,
      data: given.data,
      sources: given.sources as NewEventInput['sources'],
    };
  } else {
    return {
      kind: 'error',
      errors: [
        {
          line,
          path: '',
          reason:
            'must be an append line {"streamId", "expectedVersion"?, "event"} or a line of the NDJSON export (with "stream_id")',
        },
      ],
    };
  }
  const check = checkAppendEnvelope({
    streamId: streamId as string,
    expectedVersion: (expectedVersion as number | null | undefined) ?? null,
    events: [event],
  });
  const seen = new Set(errors.map((e) => e.path));
  for (const e of check.errors) {
    const path = linePath(format, e.path);
    if (!seen.has(path)) errors.push({ line, path, reason: e.reason });
  }
  if (errors.length > 0) return { kind: 'error', errors };
  const prepared = check.events[0];
  return {
    kind: 'event',
    value: {
      line,
      format,
      streamId: streamId as string,
      expectedVersion: (expectedVersion as number | null | undefined) ?? null,
      event: { ...event, id: prepared.idGiven ? prepared.id : null },
      id: prepared.idGiven ? prepared.id : null,
      actorRefs: prepared.check.actorRefs.map((ref) => ({ id: ref.id, path: linePath(format, ref.path) })),
    },
  };
}

export interface ActorLine {
  line: number;
  id: string;
  name: string;
  kind: string;
  represents: string | null;
}

export type ParsedActorLine =
  { kind: 'blank'; line: number } | { kind: 'actor'; value: ActorLine } | { kind: 'error'; errors: LineError[] };

const ACTOR_KEYS = ['id', 'name', 'kind', 'represents'];

/** Parses and checks one actor line `{ id, name, kind, represents? }` as registerActor would (no database). */
export function parseActorLine(raw: RawLine, maxBytes = MAX_LINE_BYTES): ParsedActorLine {
  const opened = openLine(raw, maxBytes);
  if (opened.kind !== 'object') return opened;
  const { line, value: o } = opened;
  const errors: LineError[] = [];
  for (const key of Object.keys(o))
    if (!ACTOR_KEYS.includes(key)) errors.push({ line, path: key, reason: 'unknown field' });
  errors.push(...actorInputErrors(o, '').map((e) => ({ line, ...e })));
  const name = typeof o.name === 'string' ? o.name.trim() : '';
  const represents = o.represents ?? null;
  if (errors.length > 0) return { kind: 'error', errors };
  return {
    kind: 'actor',
    value: { line, id: o.id as string, name, kind: o.kind as string, represents: represents as string | null },
  };
}
