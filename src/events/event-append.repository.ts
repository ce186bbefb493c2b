/**
 * The append's SQL, where PostgreSQL is the point: one look-up of what an append checks (actors,
 * streams' versions and subjects), the streams' advisory locks, and the write: positions from the
 * one-row `log_head` (its row lock is held to commit, so positions are contiguous and in commit
 * order, and a rollback gives them back), the rows, and the NOTIFY of the last position, as one
 * statement.
 */
import type { DataSource, EntityManager } from 'typeorm';
import type { EventType, TimePrecision } from './catalogue/event-types.js';
import type { EventMetadata, StoredEvent } from './event.js';
import { EVENT_COLUMNS, type EventRow, rowToEvent } from './event-rows.js';

/** Channel on which each commit announces its last position (NOTIFY payload). */
export const EVENTS_CHANNEL = 'events_appended';

/** First key of the per-stream advisory locks (the second is a hash of the stream id). */
const STREAM_LOCK_SPACE = 727_003;

type Runner = DataSource | EntityManager;

export interface StreamFacts {
  version: number;
  /** The subject types (PROPOSAL_MADE, PLEDGE_MADE) it holds. */
  types: string[];
}

export interface ReferencedEvent {
  id: string;
  type: EventType;
  streamId: string;
  actorIds: string[];
}

/** A row to insert: everything but its position and recorded time, which the statement gives it. */
export interface NewRow {
  id: string;
  streamId: string;
  streamVersion: number;
  type: EventType;
  data: unknown;
  metadata: EventMetadata;
  occurredAt: Date;
  occurredPrecision: TimePrecision;
  actorIds: string[];
  refEventId: string | null;
  summary: string;
  cameoCode: string | null;
  searchText: string;
}

/** An inserted row: its id and position, and the stored event when asked for. */
export interface Inserted {
  id: string;
  position: string;
  event: StoredEvent | null;
}

export class EventAppendRepository {
  constructor(private readonly db: DataSource) {}

  /**
   * One round trip for what an append checks in the database: the names of these actors, and for
   * each of these streams that exists its version and whether it holds a subject (index probes,
   * however long the streams).
   */
  async lookUp(
    actorIds: string[],
    streamIds: string[],
  ): Promise<{ names: Map<string, string>; streams: Map<string, StreamFacts> }> {
    const rows: Array<{
      kind: 'actor' | 'stream';
      id: string;
      name: string | null;
      version: number | null;
      types: string[] | null;
    }> = await this.db.query(
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
      if (row.kind === 'actor') names.set(row.id, row.name ?? row.id);
      else streams.set(row.id, { version: Number(row.version), types: row.types ?? [] });
    }
    return { names, streams };
  }

  /** The stored events with these ids (valid uuids, lower case), as much as an append checks of them. */
  async referencedEvents(ids: string[]): Promise<ReferencedEvent[]> {
    if (ids.length === 0) return [];
    const rows: Array<{ id: string; type: EventType; stream_id: string; actor_ids: string[] }> = await this.db.query(
      'SELECT id, type, stream_id, actor_ids FROM events WHERE id = ANY($1::uuid[])',
      [ids],
    );
    return rows.map((row) => ({ id: row.id, type: row.type, streamId: row.stream_id, actorIds: row.actor_ids }));
  }

  /**
   * Runs `work` in a transaction that holds the advisory locks of `streams` (taken in one order),
   * with their versions read under the locks: they cannot go stale before the write commits.
   */
  withStreamLocks<T>(
    streams: string[],
    work: (runner: EntityManager, versions: Map<string, number>) => Promise<T>,
  ): Promise<T> {
    return this.db.transaction('READ COMMITTED', async (manager) => {
      await manager.query(
        'SELECT pg_advisory_xact_lock($1, h) FROM (SELECT DISTINCT hashtext(s) AS h FROM unnest($2::text[]) AS s ORDER BY 1) AS locks',
        [STREAM_LOCK_SPACE, streams],
      );
      const current: Array<{ stream_id: string; version: number | null }> = await manager.query(
        'SELECT u.stream AS stream_id, (SELECT max(e.stream_version) FROM events e WHERE e.stream_id = u.stream) AS version FROM unnest($1::text[]) AS u(stream)',
        [streams],
      );
      return work(
        manager,
        new Map(current.filter((row) => row.version !== null).map((row) => [row.stream_id, Number(row.version)])),
      );
    });
  }

  /** The write, on `runner` (the data source: optimistic; or the transaction of withStreamLocks). */
  async insert(runner: Runner | null, rows: NewRow[], returnEvents: boolean): Promise<Inserted[]> {
    const records = rows.map((row, i) => ({
      ord: i + 1,
      id: row.id,
      stream_id: row.streamId,
      stream_version: row.streamVersion,
      type: row.type,
      data: row.data,
      metadata: row.metadata,
      occurred_at: row.occurredAt.toISOString(),
      occurred_precision: row.occurredPrecision,
      actor_ids: row.actorIds,
      ref_event_id: row.refEventId,
      summary: row.summary,
      cameo_code: row.cameoCode,
      search_text: row.searchText,
    }));
    const streams = [...new Set(rows.map((row) => row.streamId))];
    const inserted: EventRow[] = await (runner ?? this.db).query(
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
      [records.length, JSON.stringify(records), EVENTS_CHANNEL, STREAM_LOCK_SPACE, streams],
    );
    return inserted.map((row) => ({
      id: row.id,
      position: String(row.position),
      event: returnEvents ? rowToEvent(row) : null,
    }));
  }
}
