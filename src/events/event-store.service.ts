/**
 * The event store: validated, atomic, idempotent appends to the append-only `events` table.
 *
 * An append is checked in full before anything is written (envelope and payloads, then actors,
 * referenced events and streams in the database, in one look-up). The write is one statement that
 * takes positions from the one-row `log_head` and inserts the rows: the row lock is held to commit,
 * so positions are contiguous and in commit order, and a rollback gives them back. It runs
 * optimistically first (the unique (stream, version) catches a concurrent append to the same
 * stream), then, after a race, inside a transaction holding the streams' advisory locks.
 */
import crypto from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { DomainError, type FieldError, ValidationFailed } from '../common/domain-error.js';
import { cameoCode } from './catalogue/event-codes.js';
import { actorIdsOf } from './catalogue/event-actors.js';
import { summarize } from './catalogue/event-summary.js';
import { validatePayload } from './catalogue/payload-validation.js';
import type { TypedData } from './catalogue/event-types.js';
import { type PreparedEvent, checkAppendEnvelope } from './append/append-envelope.validation.js';
import type { AppendInput, Appender } from './append/append-input.js';
import { type EventMetadata, type StoredEvent } from './event.js';
import { EVENT_COLUMNS, type EventRow, rowToEvent } from './event-rows.js';
import { canonicalJson } from '../common/canonical-json.js';

export interface AppendOutcome {
  streamId: string;
  streamVersion: number;
  firstPosition: string;
  lastPosition: string;
  /** The stored events (empty when appendAll was asked not to return them). */
  events: StoredEvent[];
  /** False when every event was already stored (an idempotent retry). */
  appended: boolean;
}

/** Channel on which each commit announces its last position (NOTIFY payload). */
export const EVENTS_CHANNEL = 'events_appended';

const MAX_ATTEMPTS = 5;
/** First key of the per-stream advisory locks (the second is a hash of the stream id). */
const STREAM_LOCK_SPACE = 727_003;

interface ReferencedEvent {
  id: string;
  type: string;
  streamId: string;
  actorIds: string[];
}

@Injectable()
export class EventStoreService {
  private readonly logger = new Logger(EventStoreService.name);

  constructor(@Inject(DataSource) private readonly db: DataSource) {}

  /** One append: its events go to one stream, atomically. */
  async append(input: AppendInput, appender: Appender): Promise<AppendOutcome> {
    const [outcome] = await this.appendAll([input], appender);
    return outcome;
  }

  /**
   * Several appends in one transaction (bulk import): all are written or none. Each input keeps its
   * own checks (expectedVersion, idempotent retry); an input may reference events and streams of the
   * inputs before it. With more than one input, error paths start with `inputs[k].`.
   */
  async appendAll(inputs: AppendInput[], appender: Appender, options: { returnEvents?: boolean } = {}): Promise<AppendOutcome[]> {
    const errors: FieldError[] = [];
    const seen = new Map<string, string>();
    const segments: Segment[] = inputs.map((input, k) => {
      const prefix = inputs.length > 1 ? `inputs[${k}].` : '';
      const check = checkAppendEnvelope(input);
      errors.push(...check.errors.map((e) => ({ path: prefix + e.path, reason: e.reason })));
      for (const event of check.events) {
        const earlier = seen.get(event.id);
        if (earlier !== undefined && inputs.length > 1) errors.push({ path: `${prefix}${event.path}.id`, reason: `repeats the id of ${earlier}` });
        seen.set(event.id, prefix + event.path);
      }
      return { input, k, prefix, events: check.events };
    });
    if (errors.length > 0) throw new ValidationFailed(errors);
    // The first attempt is optimistic: no look-up of ids, no locks, one statement (two round trips in
    // all). A unique violation (an id or a stream version taken meanwhile) sends it round again, and
    // the later rounds look ids up (idempotent retries) and take the streams' locks.
    for (let attempt = 1; ; attempt++) {
      const retries = attempt === 1 ? segments.map(() => null) : await this.findRetries(segments);
      const pending = segments.filter((segment) => !retries[segment.k]);
      if (pending.length === 0) return retries as AppendOutcome[];
      const resolved = await this.resolveReferences(pending);
      try {
        const written = await this.write(pending, resolved, appender, options.returnEvents ?? true, attempt > 1);
        return segments.map((segment) => retries[segment.k] ?? (written.get(segment.k) as AppendOutcome));
      } catch (error) {
        // A concurrent twin of this very batch committed first: answer as a retry would.
        if (error instanceof DomainError && error.code === 'WRONG_EXPECTED_VERSION') {
          const again = await this.findRetries(segments);
          if (again.every(Boolean)) return again as AppendOutcome[];
        }
        if (uniqueViolation(error) && attempt < MAX_ATTEMPTS) {
          this.logger.debug(`append to ${inputs.map((i) => i.streamId).join(', ')} raced on ${uniqueViolation(error)}; attempt ${attempt + 1}`);
          continue;
        }
        throw error;
      }
    }
  }

  /** The events with these ids, in no particular order. */
  async findByIds(ids: string[]): Promise<StoredEvent[]> {
    if (ids.length === 0) return [];
    const rows: EventRow[] = await this.db.query(`SELECT ${EVENT_COLUMNS} FROM events e WHERE e.id = ANY($1::uuid[])`, [ids]);
    return rows.map(rowToEvent);
  }

  /** Refreshes the planner's statistics of the log (after a bulk load, before autovacuum would). */
  async analyze(): Promise<void> {
    await this.db.query('ANALYZE events');
  }

  async lastPosition(): Promise<string> {
    const [row] = await this.db.query('SELECT last_position::text AS position FROM log_head');
    return row.position;
  }

  /**
   * Idempotency by event id, per input: when every event of an input is stored with the same
   * content, the stored events are its answer (indexed by input). An id stored with other content is an error.
   */
  private async findRetries(segments: Segment[]): Promise<Array<AppendOutcome | null>> {
    const given = segments.flatMap((segment) => segment.events.filter((event) => event.idGiven).map((event) => event.id));
    const stored = new Map((await this.findByIds(given)).map((event) => [event.id, event]));
    const conflicts: FieldError[] = [];
    const answers = segments.map((segment) => {
      const { events, prefix } = segment;
      const streamId = segment.input.streamId;
      if (!events.some((event) => stored.has(event.id))) return null;
      for (const event of events) {
        const existing = stored.get(event.id);
        if (!existing) {
          conflicts.push({ path: `${prefix}${event.path}.id`, reason: 'is new, but other events of this batch are already stored: resend the batch as it was first sent' });
        } else if (!sameContent(existing, streamId, event)) {
          conflicts.push({ path: `${prefix}${event.path}.id`, reason: `is already stored (position ${existing.position}) with other content` });
        }
      }
      const ordered = events.map((event) => stored.get(event.id) as StoredEvent);
      return {
        streamId,
        // The answer the first send got, whatever was appended since.
        streamVersion: Math.max(...ordered.map((e) => e?.streamVersion ?? 0)),
        firstPosition: ordered.reduce((min, e) => (e && (min === '0' || BigInt(e.position) < BigInt(min)) ? e.position : min), '0'),
        lastPosition: ordered.reduce((max, e) => (e && BigInt(e.position) > BigInt(max) ? e.position : max), '0'),
        events: ordered,
        appended: false,
      };
    });
    if (conflicts.length > 0) {
      throw new DomainError('DUPLICATE_EVENT_ID', conflicts.map((c) => `${c.path}: ${c.reason}`).join('; '), { errors: conflicts });
    }
    return answers;
  }

  /** Checks actors, referenced events and streams; builds the derived columns of each row (per input). */
  private async resolveReferences(segments: Segment[]): Promise<Resolved> {
    const errors: FieldError[] = [];
    const all = segments.flatMap((segment) => segment.events.map((event) => ({ segment, event })));
    const eventIds = [...new Set(all.flatMap(({ event }) => event.check.eventRefs.map((ref) => ref.id.toLowerCase())))];
    const referenced = new Map<string, ReferencedEvent>();
    if (eventIds.length > 0) {
      const rows = await this.db.query('SELECT id, type, stream_id, actor_ids FROM events WHERE id = ANY($1::uuid[])', [eventIds]);
      for (const row of rows) referenced.set(row.id, { id: row.id, type: row.type, streamId: row.stream_id, actorIds: row.actor_ids });
    }
    // Events of the batch, by id, with their place in it: an event may name the ones before it.
    const inBatch = new Map(all.map(({ segment, event }, order) => [event.id, { order, ref: { id: event.id, type: event.type, streamId: segment.input.streamId, actorIds: actorIdsOf(event.type, event.data) } }]));
    const targetOf = (id: string, order: number): ReferencedEvent | undefined => {
      const earlier = inBatch.get(id);
      if (earlier && earlier.order < order) return earlier.ref;
      return referenced.get(id);
    };
    // Corrected payloads are checked against the type of the event they correct.
    const correctionChecks = new Map<number, ReturnType<typeof validatePayload>>();
    all.forEach(({ segment, event }, order) => {
      const at = (path: string) => segment.prefix + path;
      const streamId = segment.input.streamId;
      for (const ref of event.check.eventRefs) {
        if (!targetOf(ref.id.toLowerCase(), order)) errors.push({ path: at(ref.path), reason: `no event with id "${ref.id}"` });
      }
      if (event.type === 'EVENT_CORRECTED' || event.type === 'EVENT_RETRACTED') {
        const key = event.type === 'EVENT_CORRECTED' ? 'correctedEventId' : 'retractedEventId';
        const target = targetOf(String(event.data[key]).toLowerCase(), order);
        if (target) {
          if (target.type === 'EVENT_CORRECTED' || target.type === 'EVENT_RETRACTED') {
            errors.push({ path: at(`${event.path}.data.${key}`), reason: 'names a correction or retraction; name the original event' });
          } else if (target.streamId !== streamId) {
            errors.push({ path: at(`${event.path}.data.${key}`), reason: `names an event of stream "${target.streamId}"; append this to that stream` });
          } else if (event.type === 'EVENT_CORRECTED' && event.data.data !== undefined) {
            const check = validatePayload(target.type as PreparedEvent['type'], event.data.data, `${event.path}.data.data`);
            errors.push(...check.errors.map((e) => ({ path: at(e.path), reason: e.reason })));
            correctionChecks.set(order, check);
          }
        }
      }
    });
    const actorRefs = [
      ...all.flatMap(({ segment, event }) => event.check.actorRefs.map((ref) => ({ ...ref, path: segment.prefix + ref.path }))),
      ...[...correctionChecks.entries()].flatMap(([order, check]) => check.actorRefs.map((ref) => ({ ...ref, path: all[order].segment.prefix + ref.path }))),
    ];
    const { names, streams } = await this.lookUp(
      [...new Set(actorRefs.map((r) => r.id))],
      [...new Set(all.flatMap(({ segment, event }) => [segment.input.streamId, ...event.check.streamRefs.map((r) => r.id)]))],
    );
    for (const ref of actorRefs) if (!names.has(ref.id)) errors.push({ path: ref.path, reason: `unknown actor "${ref.id}"` });
    checkStreams(all, streams, errors);
    if (errors.length > 0) throw new ValidationFailed(errors);
    const rows = all.map(({ event }, order) => {
      const typed = { type: event.type, data: event.data } as unknown as TypedData;
      const summary = summarize(typed, (id) => names.get(id) ?? id);
      const correctionCheck = correctionChecks.get(order);
      const refKey = event.type === 'EVENT_CORRECTED' ? 'correctedEventId' : event.type === 'EVENT_RETRACTED' ? 'retractedEventId' : null;
      const refEventId = refKey ? String(event.data[refKey]).toLowerCase() : null;
      const actorIds = new Set(actorIdsOf(event.type, event.data));
      if (refEventId) for (const id of targetOf(refEventId, order)?.actorIds ?? []) actorIds.add(id);
      for (const ref of correctionCheck?.actorRefs ?? []) actorIds.add(ref.id);
      return {
        summary,
        cameoCode: cameoCode(typed),
        actorIds: [...actorIds],
        refEventId,
        searchText: searchText(summary, event),
      };
    });
    let next = 0;
    const versions = new Map([...streams].map(([id, stream]) => [id, stream.version]));
    return { rows: segments.map((segment) => rows.slice(next, (next += segment.events.length))), versions };
  }

  /**
   * One round trip for what an append checks in the database: the names of these actors, and for
   * each of these streams that exists its version and whether it holds a subject (index probes,
   * however long the streams).
   */
  private async lookUp(actorIds: string[], streamIds: string[]): Promise<{ names: Map<string, string>; streams: Map<string, StreamFacts> }> {
    const rows: Array<{ kind: 'actor' | 'stream'; id: string; name: string | null; version: number | null; types: string[] | null }> = await this.db.query(
      `SELECT 'stream' AS kind, s.id, NULL AS name, s.version, s.types
         FROM (SELECT u.stream AS id, (SELECT max(e.stream_version) FROM events e WHERE e.stream_id = u.stream) AS version,
                      ARRAY(SELECT DISTINCT e.type FROM events e WHERE e.stream_id = u.stream AND e.type IN ('PROPOSAL_MADE', 'PLEDGE_MADE')) AS types
                 FROM unnest($2::text[]) AS u(stream)) AS s
        WHERE s.version IS NOT NULL
       UNION ALL
       SELECT 'actor', id, name, NULL, NULL FROM actors WHERE id = ANY($1::text[])`,
      [actorIds, streamIds],
    );
    const names = new Map<string, string>();
    const streams = new Map<string, StreamFacts>();
    for (const row of rows) {
      if (row.kind === 'actor') names.set(row.id, row.name as string);
      else streams.set(row.id, { version: Number(row.version), types: row.types ?? [] });
    }
    return { names, streams };
  }

  /**
   * The write: the streams' advisory locks, positions from the log head and one INSERT, as one
   * statement that also announces the last position. Optimistic (`locked` false): with the versions
   * the look-up read, no transaction around it; an append to the same stream committed since makes
   * it fail on the unique (stream, version) and the caller goes round again. Locked: the versions
   * are read again under the locks, in a transaction, so they cannot go stale.
   */
  private async write(segments: Segment[], resolved: Resolved, appender: Appender, returnEvents: boolean, locked: boolean): Promise<Map<number, AppendOutcome>> {
    if (!locked) return this.insert(this.db, segments, resolved.rows, resolved.versions, appender, returnEvents);
    const streams = [...new Set(segments.map((s) => s.input.streamId))];
    return this.db.transaction('READ COMMITTED', async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock($1, h) FROM (SELECT DISTINCT hashtext(s) AS h FROM unnest($2::text[]) AS s ORDER BY 1) AS locks', [
        STREAM_LOCK_SPACE,
        streams,
      ]);
      const current: Array<{ stream_id: string; version: number | null }> = await manager.query(
        'SELECT u.stream AS stream_id, (SELECT max(e.stream_version) FROM events e WHERE e.stream_id = u.stream) AS version FROM unnest($1::text[]) AS u(stream)',
        [streams],
      );
      const versions = new Map(current.filter((row) => row.version !== null).map((row) => [row.stream_id, Number(row.version)]));
      return this.insert(manager, segments, resolved.rows, versions, appender, returnEvents);
    });
  }

  private async insert(
    runner: DataSource | EntityManager,
    segments: Segment[],
    rows: InsertRow[][],
    current: Map<string, number>,
    appender: Appender,
    returnEvents: boolean,
  ): Promise<Map<number, AppendOutcome>> {
    const versions = new Map(current);
    const endVersions = new Map<number, number>();
    const records: Array<Record<string, unknown>> = [];
    segments.forEach((segment, s) => {
      const { input } = segment;
      const version = versions.get(input.streamId) ?? 0;
      const expected = input.expectedVersion;
      if (expected !== undefined && expected !== null && expected !== version) {
        throw wrongVersion(input.streamId, expected, version, segments.length > 1 ? segment.k : undefined);
      }
      versions.set(input.streamId, version + segment.events.length);
      endVersions.set(segment.k, version + segment.events.length);
      const correlationId = input.correlationId ?? crypto.randomUUID();
      segment.events.forEach((event, i) => {
        const metadata: EventMetadata = { sources: event.sources, appendedBy: appender.keyName, correlationId };
        if (input.causationId) metadata.causationId = input.causationId;
        const row = rows[s][i];
        records.push({
          ord: records.length + 1,
          id: event.id,
          stream_id: input.streamId,
          stream_version: version + i + 1,
          type: event.type,
          data: event.data,
          metadata,
          occurred_at: event.occurredAt.toISOString(),
          occurred_precision: event.occurredPrecision,
          actor_ids: row.actorIds,
          ref_event_id: row.refEventId,
          summary: row.summary,
          cameo_code: row.cameoCode,
          search_text: row.searchText,
        });
      });
    });
    // Positions from the log head (its row lock is held to commit), the rows, and the announcement: one statement.
    const inserted: EventRow[] = await runner.query(
      `WITH locks AS ( -- the streams' locks first (in one order), then the log head's row lock: no deadlock
         SELECT count(pg_advisory_xact_lock($4, l.h)) AS n FROM (SELECT DISTINCT hashtext(s) AS h FROM unnest($5::text[]) AS s ORDER BY 1) AS l
       ),
       head AS (
         UPDATE log_head SET last_position = last_position + $1 WHERE (SELECT n FROM locks) >= 0
           RETURNING last_position - $1 AS base, date_trunc('milliseconds', clock_timestamp()) AS at
       ), -- recorded_at in milliseconds, as the API shows it, so that knownAt = recordedAt includes the event
       ins AS (
         INSERT INTO events AS e (position, id, stream_id, stream_version, type, schema_version, data, metadata,
                                  occurred_at, occurred_precision, recorded_at, actor_ids, ref_event_id, summary, cameo_code, search_text)
         SELECT head.base + r.ord, r.id, r.stream_id, r.stream_version, r.type, 1, r.data, r.metadata,
                r.occurred_at, r.occurred_precision, head.at, r.actor_ids, r.ref_event_id, r.summary, r.cameo_code, r.search_text
           FROM head, jsonb_to_recordset($2::jsonb) AS r(ord int, id uuid, stream_id text, stream_version int, type text, data jsonb, metadata jsonb,
                occurred_at timestamptz, occurred_precision text, actor_ids text[], ref_event_id uuid, summary text,
                cameo_code text, search_text text)
          ORDER BY r.ord
         RETURNING ${returnEvents ? EVENT_COLUMNS : 'e.position::text AS position, e.id'}
       ),
       announced AS (SELECT pg_notify($3, max(position)::text) FROM ins)
       SELECT ins.* FROM ins, announced`,
      [records.length, JSON.stringify(records), EVENTS_CHANNEL, STREAM_LOCK_SPACE, [...new Set(segments.map((s) => s.input.streamId))]],
    );
    const stored = new Map(returnEvents ? inserted.map((row) => [row.id, rowToEvent(row)]) : []);
    const positions = new Map(inserted.map((row) => [row.id, String(row.position)]));
    const last = inserted.reduce((max, row) => (BigInt(row.position) > BigInt(max) ? String(row.position) : max), '0');
    const streams = [...new Set(segments.map((s) => s.input.streamId))];
    this.logger.log({ msg: 'appended', stream: streams.length === 1 ? streams[0] : `${streams.length} streams`, position: last, count: inserted.length, by: appender.keyName });
    const outcomes = new Map<number, AppendOutcome>();
    for (const segment of segments) {
      const ids = segment.events.map((event) => event.id);
      outcomes.set(segment.k, {
        streamId: segment.input.streamId,
        streamVersion: endVersions.get(segment.k) as number,
        firstPosition: positions.get(ids[0]) as string,
        lastPosition: positions.get(ids[ids.length - 1]) as string,
        events: returnEvents ? ids.map((id) => stored.get(id) as StoredEvent) : [],
        appended: true,
      });
    }
    return outcomes;
  }
}

interface StreamFacts {
  version: number;
  /** The subject types (PROPOSAL_MADE, PLEDGE_MADE) it holds. */
  types: string[];
}

interface Resolved {
  /** The derived columns of each input's events. */
  rows: InsertRow[][];
  /** The version of each stream that exists, as the look-up read it. */
  versions: Map<string, number>;
}

interface Segment {
  input: AppendInput;
  /** The input's place in the batch. */
  k: number;
  /** `inputs[k].` when the batch has several inputs, else '': the start of its error paths. */
  prefix: string;
  events: PreparedEvent[];
}

interface InsertRow {
  summary: string;
  cameoCode: string | null;
  actorIds: string[];
  refEventId: string | null;
  searchText: string;
}

/** Stream references exist; acceptances, rejections and withdrawals go to a stream that has their subject. */
function checkStreams(all: Array<{ segment: Segment; event: PreparedEvent }>, streams: Map<string, StreamFacts>, errors: FieldError[]): void {
  // The types each stream holds, in the log and in the batch before the event at hand.
  const typesOf = new Map([...streams].map(([id, facts]) => [id, new Set(facts.types)]));
  for (const { segment, event } of all) {
    const streamId = segment.input.streamId;
    for (const ref of event.check.streamRefs) {
      if (ref.id !== streamId && !typesOf.has(ref.id)) errors.push({ path: segment.prefix + ref.path, reason: `no stream "${ref.id}"` });
    }
    const own = typesOf.get(streamId) ?? new Set<string>();
    const subject =
      event.type === 'PROPOSAL_ACCEPTED' || event.type === 'PROPOSAL_REJECTED'
        ? 'PROPOSAL_MADE'
        : event.type === 'PLEDGE_WITHDRAWN'
          ? 'PLEDGE_MADE'
          : null;
    if (subject && !own.has(subject)) {
      errors.push({ path: `${segment.prefix}${event.path}.type`, reason: `${event.type} goes into the stream of a ${subject}; stream "${streamId}" has none` });
    }
    typesOf.set(streamId, own.add(event.type));
  }
}

export function wrongVersion(streamId: string, expected: number, actual: number, input?: number): DomainError {
  return new DomainError(
    'WRONG_EXPECTED_VERSION',
    `stream "${streamId}" is at version ${actual}, not the expected ${expected}`,
    { streamId, expectedVersion: expected, actualVersion: actual, ...(input === undefined ? {} : { input }) },
  );
}

function sameContent(stored: StoredEvent, streamId: string, event: PreparedEvent): boolean {
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
function searchText(summary: string, event: PreparedEvent): string {
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
function uniqueViolation(error: unknown): string | null {
  const driver = (error as { driverError?: { code?: string; constraint?: string } }).driverError ?? (error as { code?: string; constraint?: string });
  return driver?.code === '23505' ? (driver.constraint ?? 'unique') : null;
}
