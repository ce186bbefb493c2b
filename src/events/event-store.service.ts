/**
 * The event store: validated, atomic, idempotent appends to the append-only `events` table.
 *
 * An append is checked in full before anything is written (envelope and payloads, then actors,
 * referenced events and streams in the database). The write is one transaction whose last
 * statement takes positions from the one-row `log_head` and inserts the rows: the row lock is
 * held to commit, so positions are contiguous and in commit order, and a rollback gives them back.
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
import { EVENT_COLUMNS, type EventMetadata, type EventRow, type StoredEvent, canonicalJson, rowToEvent } from './stored-event.js';

export interface AppendOutcome {
  streamId: string;
  streamVersion: number;
  lastPosition: string;
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

  async append(input: AppendInput, appender: Appender): Promise<AppendOutcome> {
    const { events, errors } = checkAppendEnvelope(input);
    if (errors.length > 0) throw new ValidationFailed(errors);
    for (let attempt = 1; ; attempt++) {
      const retry = await this.findRetry(input.streamId, events);
      if (retry) return retry;
      const rows = await this.resolveReferences(input.streamId, events);
      try {
        return await this.write(input, events, rows, appender);
      } catch (error) {
        // A concurrent twin of this very batch committed first: answer as a retry would.
        if (error instanceof DomainError && error.code === 'WRONG_EXPECTED_VERSION') {
          const twin = await this.findRetry(input.streamId, events);
          if (twin) return twin;
        }
        // A concurrent append took one of our ids: the next round sees it (a retry, or a conflict).
        if (uniqueViolation(error) && attempt < MAX_ATTEMPTS) {
          this.logger.debug(`append to ${input.streamId} raced on ${uniqueViolation(error)}; attempt ${attempt + 1}`);
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

  async streamVersion(streamId: string, manager: EntityManager | DataSource = this.db): Promise<number> {
    const [row] = await manager.query('SELECT coalesce(max(stream_version), 0) AS version FROM events WHERE stream_id = $1', [streamId]);
    return Number(row.version);
  }

  async lastPosition(): Promise<string> {
    const [row] = await this.db.query('SELECT last_position::text AS position FROM log_head');
    return row.position;
  }

  /**
   * Idempotency by event id: when every event of the batch is stored with the same content, the
   * stored events are the answer. An id stored with other content is an error.
   */
  private async findRetry(streamId: string, events: PreparedEvent[]): Promise<AppendOutcome | null> {
    const given = events.filter((event) => event.idGiven);
    if (given.length === 0) return null;
    const stored = new Map((await this.findByIds(given.map((event) => event.id))).map((event) => [event.id, event]));
    if (stored.size === 0) return null;
    const conflicts: FieldError[] = [];
    for (const event of events) {
      const existing = stored.get(event.id);
      if (!existing) {
        conflicts.push({ path: `${event.path}.id`, reason: 'is new, but other events of this batch are already stored: resend the batch as it was first sent' });
      } else if (!sameContent(existing, streamId, event)) {
        conflicts.push({ path: `${event.path}.id`, reason: `is already stored (position ${existing.position}) with other content` });
      }
    }
    if (conflicts.length > 0) {
      throw new DomainError('DUPLICATE_EVENT_ID', conflicts.map((c) => `${c.path}: ${c.reason}`).join('; '), { errors: conflicts });
    }
    const ordered = events.map((event) => stored.get(event.id) as StoredEvent);
    return {
      streamId,
      // The answer the first send got, whatever was appended since.
      streamVersion: Math.max(...ordered.map((e) => e.streamVersion)),
      lastPosition: ordered.reduce((max, e) => (BigInt(e.position) > BigInt(max) ? e.position : max), '0'),
      events: ordered,
      appended: false,
    };
  }

  /** Checks actors, referenced events and streams; builds the derived columns of each row. */
  private async resolveReferences(streamId: string, events: PreparedEvent[]): Promise<InsertRow[]> {
    const errors: FieldError[] = [];
    const eventIds = [...new Set(events.flatMap((e) => e.check.eventRefs.map((ref) => ref.id.toLowerCase())))];
    const referenced = new Map<string, ReferencedEvent>();
    if (eventIds.length > 0) {
      const rows = await this.db.query('SELECT id, type, stream_id, actor_ids FROM events WHERE id = ANY($1::uuid[])', [eventIds]);
      for (const row of rows) referenced.set(row.id, { id: row.id, type: row.type, streamId: row.stream_id, actorIds: row.actor_ids });
    }
    // Corrected payloads are checked against the type of the event they correct.
    const correctionChecks = new Map<number, ReturnType<typeof validatePayload>>();
    const batchIndex = new Map(events.map((e) => [e.id, e]));
    const targetOf = (id: string, at: number): ReferencedEvent | undefined => {
      const inBatch = batchIndex.get(id);
      if (inBatch && inBatch.index < at) return { id, type: inBatch.type, streamId, actorIds: actorIdsOf(inBatch.type, inBatch.data) };
      return referenced.get(id);
    };
    for (const event of events) {
      for (const ref of event.check.eventRefs) {
        if (!targetOf(ref.id.toLowerCase(), event.index)) errors.push({ path: ref.path, reason: `no event with id "${ref.id}"` });
      }
      if (event.type === 'EVENT_CORRECTED' || event.type === 'EVENT_RETRACTED') {
        const key = event.type === 'EVENT_CORRECTED' ? 'correctedEventId' : 'retractedEventId';
        const target = targetOf(String(event.data[key]).toLowerCase(), event.index);
        if (target) {
          if (target.type === 'EVENT_CORRECTED' || target.type === 'EVENT_RETRACTED') {
            errors.push({ path: `${event.path}.data.${key}`, reason: 'names a correction or retraction; name the original event' });
          } else if (target.streamId !== streamId) {
            errors.push({ path: `${event.path}.data.${key}`, reason: `names an event of stream "${target.streamId}"; append this to that stream` });
          } else if (event.type === 'EVENT_CORRECTED' && event.data.data !== undefined) {
            const check = validatePayload(target.type as PreparedEvent['type'], event.data.data, `${event.path}.data.data`);
            errors.push(...check.errors);
            correctionChecks.set(event.index, check);
          }
        }
      }
    }
    const actorRefs = [
      ...events.flatMap((e) => e.check.actorRefs),
      ...[...correctionChecks.values()].flatMap((check) => check.actorRefs),
    ];
    const names = new Map<string, string>();
    if (actorRefs.length > 0) {
      const rows = await this.db.query('SELECT id, name FROM actors WHERE id = ANY($1::text[])', [[...new Set(actorRefs.map((r) => r.id))]]);
      for (const row of rows) names.set(row.id, row.name);
      for (const ref of actorRefs) if (!names.has(ref.id)) errors.push({ path: ref.path, reason: `unknown actor "${ref.id}"` });
    }
    await this.checkStreams(streamId, events, errors);
    if (errors.length > 0) throw new ValidationFailed(errors);
    return events.map((event) => {
      const typed = { type: event.type, data: event.data } as unknown as TypedData;
      const summary = summarize(typed, (id) => names.get(id) ?? id);
      const correctionCheck = correctionChecks.get(event.index);
      const refKey = event.type === 'EVENT_CORRECTED' ? 'correctedEventId' : event.type === 'EVENT_RETRACTED' ? 'retractedEventId' : null;
      const refEventId = refKey ? String(event.data[refKey]).toLowerCase() : null;
      const actorIds = new Set(actorIdsOf(event.type, event.data));
      if (refEventId) for (const id of targetOf(refEventId, event.index)?.actorIds ?? []) actorIds.add(id);
      for (const ref of correctionCheck?.actorRefs ?? []) actorIds.add(ref.id);
      return {
        summary,
        cameoCode: cameoCode(typed),
        actorIds: [...actorIds],
        refEventId,
        searchText: searchText(summary, event),
      };
    });
  }

  /** Stream references exist; acceptances, rejections and withdrawals go to a stream that has their subject. */
  private async checkStreams(streamId: string, events: PreparedEvent[], errors: FieldError[]): Promise<void> {
    const refs = events.flatMap((e) => e.check.streamRefs);
    const wanted = [...new Set([streamId, ...refs.map((r) => r.id)])];
    const rows: Array<{ stream_id: string; types: string[] }> = await this.db.query(
      'SELECT stream_id, array_agg(DISTINCT type) AS types FROM events WHERE stream_id = ANY($1::text[]) GROUP BY stream_id',
      [wanted],
    );
    const typesOf = new Map(rows.map((row) => [row.stream_id, new Set(row.types)]));
    const own = typesOf.get(streamId) ?? new Set<string>();
    for (const ref of refs) {
      if (ref.id !== streamId && !typesOf.has(ref.id)) errors.push({ path: ref.path, reason: `no stream "${ref.id}"` });
    }
    for (const event of events) {
      const subject =
        event.type === 'PROPOSAL_ACCEPTED' || event.type === 'PROPOSAL_REJECTED'
          ? 'PROPOSAL_MADE'
          : event.type === 'PLEDGE_WITHDRAWN'
            ? 'PLEDGE_MADE'
            : null;
      if (subject && !own.has(subject) && !events.some((e) => e.type === subject && e.index < event.index)) {
        errors.push({ path: `${event.path}.type`, reason: `${event.type} goes into the stream of a ${subject}; stream "${streamId}" has none` });
      }
    }
  }

  private async write(input: AppendInput, events: PreparedEvent[], rows: InsertRow[], appender: Appender): Promise<AppendOutcome> {
    const correlationId = input.correlationId ?? crypto.randomUUID();
    return this.db.transaction('READ COMMITTED', async (manager) => {
      // Appends to one stream take turns from here, so the version read next cannot go stale.
      await manager.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [STREAM_LOCK_SPACE, input.streamId]);
      const version = await this.streamVersion(input.streamId, manager);
      const expected = input.expectedVersion;
      if (expected !== undefined && expected !== null && expected !== version) {
        throw wrongVersion(input.streamId, expected, version);
      }
      const records = events.map((event, i) => {
        const metadata: EventMetadata = { sources: event.sources, appendedBy: appender.keyName, correlationId };
        if (input.causationId) metadata.causationId = input.causationId;
        return {
          ord: i + 1,
          id: event.id,
          type: event.type,
          data: event.data,
          metadata,
          occurred_at: event.occurredAt.toISOString(),
          occurred_precision: event.occurredPrecision,
          actor_ids: rows[i].actorIds,
          ref_event_id: rows[i].refEventId,
          summary: rows[i].summary,
          cameo_code: rows[i].cameoCode,
          search_text: rows[i].searchText,
        };
      });
      // The last statement: take positions from the log head, insert, keep the lock to commit.
      const inserted: EventRow[] = await manager.query(
        `WITH head AS (
           UPDATE log_head SET last_position = last_position + $1
             RETURNING last_position - $1 AS base, date_trunc('milliseconds', clock_timestamp()) AS at
         ) -- recorded_at in milliseconds, as the API shows it, so that knownAt = recordedAt includes the event
         INSERT INTO events AS e (position, id, stream_id, stream_version, type, schema_version, data, metadata,
                                  occurred_at, occurred_precision, recorded_at, actor_ids, ref_event_id, summary, cameo_code, search_text)
         SELECT head.base + r.ord, r.id, $2, $3 + r.ord, r.type, 1, r.data, r.metadata,
                r.occurred_at, r.occurred_precision, head.at, r.actor_ids, r.ref_event_id, r.summary, r.cameo_code, r.search_text
           FROM head, jsonb_to_recordset($4::jsonb) AS r(ord int, id uuid, type text, data jsonb, metadata jsonb,
                occurred_at timestamptz, occurred_precision text, actor_ids text[], ref_event_id uuid, summary text,
                cameo_code text, search_text text)
          ORDER BY r.ord
         RETURNING ${EVENT_COLUMNS}`,
        [records.length, input.streamId, version, JSON.stringify(records)],
      );
      const stored = inserted.map(rowToEvent).sort((a, b) => a.streamVersion - b.streamVersion);
      const last = stored[stored.length - 1];
      await manager.query('SELECT pg_notify($1, $2)', [EVENTS_CHANNEL, last.position]);
      this.logger.log({ msg: 'appended', stream: input.streamId, position: last.position, count: stored.length, by: appender.keyName });
      return { streamId: input.streamId, streamVersion: last.streamVersion, lastPosition: last.position, events: stored, appended: true };
    });
  }
}

interface InsertRow {
  summary: string;
  cameoCode: string | null;
  actorIds: string[];
  refEventId: string | null;
  searchText: string;
}

export function wrongVersion(streamId: string, expected: number, actual: number): DomainError {
  return new DomainError(
    'WRONG_EXPECTED_VERSION',
    `stream "${streamId}" is at version ${actual}, not the expected ${expected}`,
    { streamId, expectedVersion: expected, actualVersion: actual },
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
