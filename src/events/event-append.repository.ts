/**
 * The append's SQL, where PostgreSQL is the point: one look-up of what an append checks (actors,
 * streams' versions and subjects), the streams' advisory locks, and the write: positions from the
 * one-row `log_head` (its row lock is held to commit, so positions are contiguous and in commit
 * order, and a rollback gives them back), the rows, and the NOTIFY of the last position, as one
 * statement. The look-up and the write are prepared statements (database/prepared-query.ts): on
 * every append, parsing and planning them cost more than running them.
 */
import type { DataSource, EntityManager } from 'typeorm';
import { preparedQuery } from '../database/prepared-query.js';
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
  /** The subject types (PROPOSAL_MADE, AGREEMENT_REACHED, PLEDGE_MADE) it holds. */
  types: string[];
}

/** A stored proposal, agreement or pledge, with its payload as its latest correction has it. */
export interface StoredSubject {
  id: string;
  streamId: string;
  type: 'PROPOSAL_MADE' | 'AGREEMENT_REACHED' | 'PLEDGE_MADE';
  /** bigint, as a decimal string */
  position: string;
  data: unknown;
}

/** What an append's answers, reports and fulfilments are checked against (append-checks.ts, checkSubjects). */
export interface SubjectLookUp {
  /** Look up the subjects of these streams. */
  streams: string[];
  /** And the principals of these actors, and of the parties and proposers of these streams' subjects. */
  actors: string[];
  answerStreams: string[];
}

export interface LookedUp {
  names: Map<string, string>;
  streams: Map<string, StreamFacts>;
  /** In log order. */
  subjects: StoredSubject[];
  /** Actor id → its principal (the end of its `represents` chain), for the actors asked about. */
  principals: Map<string, string>;
}

export interface ReferencedEvent {
  id: string;
  type: EventType;
  streamId: string;
  actorIds: string[];
  occurredAt: Date;
  occurredPrecision: TimePrecision;
  /** The payload as first stored, for a VIOLATION_REPORTED (a correction of it is held to its period rule); else null. */
  data: unknown;
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

/** The look-up every append needs (and all of it when no subjects are): the streams that exist, with their versions and subject types; the actors' names. */
const STREAMS_AND_ACTORS = `
       SELECT 'stream' AS kind, s.id, NULL AS name, s.version, s.types,
              NULL AS stream_id, NULL AS type, NULL AS position, NULL::jsonb AS data
         FROM (SELECT u.stream AS id, (SELECT max(e.stream_version) FROM events e WHERE e.stream_id = u.stream) AS version,
                      ARRAY(SELECT DISTINCT e.type FROM events e WHERE e.stream_id = u.stream AND e.type IN ('PROPOSAL_MADE', 'AGREEMENT_REACHED', 'PLEDGE_MADE')) AS types
                 FROM unnest($2::text[]) AS u(stream)) AS s
        WHERE s.version IS NOT NULL
       UNION ALL
       SELECT 'actor', id, name, NULL, NULL, NULL, NULL, NULL, NULL FROM actors WHERE id = ANY($1::text[])`;

/** The look-up with the subjects of streams ($3), the principals of actors ($4) and of the parties and proposers of streams ($5). */
const LOOK_UP_WITH_SUBJECTS = `WITH RECURSIVE subjects AS (
         SELECT e.id, e.stream_id, e.type, e.position,
                coalesce((SELECT c.data->'data' FROM events c
                           WHERE c.ref_event_id = e.id AND c.type = 'EVENT_CORRECTED' AND c.data ? 'data'
                           ORDER BY c.position DESC LIMIT 1), e.data) AS data
           FROM events e
          WHERE e.stream_id = ANY($3::text[]) AND e.type IN ('PROPOSAL_MADE', 'AGREEMENT_REACHED', 'PLEDGE_MADE')
       ),
       wanted(id) AS (
         SELECT unnest($4::text[])
         UNION
         SELECT jsonb_array_elements_text(s.data->f.key)
           FROM subjects s, (VALUES ('parties'), ('proposers')) AS f(key)
          WHERE s.stream_id = ANY($5::text[]) AND jsonb_typeof(s.data->f.key) = 'array'
       ),
       chain(id, principal, hops) AS (
         SELECT a.id, a.id, 0 FROM actors a WHERE a.id IN (SELECT id FROM wanted)
         UNION ALL
         SELECT c.id, a.represents, c.hops + 1 FROM chain c JOIN actors a ON a.id = c.principal
          WHERE a.represents IS NOT NULL AND c.hops < 64
       )
${STREAMS_AND_ACTORS}
       UNION ALL
       SELECT 'subject', id::text, NULL, NULL, NULL, stream_id, type, position::text, data FROM subjects
       UNION ALL
       SELECT 'principal', p.id, p.principal, NULL, NULL, NULL, NULL, NULL, NULL
         FROM (SELECT DISTINCT ON (id) id, principal FROM chain ORDER BY id, hops DESC) AS p`;

export class EventAppendRepository {
  /** On the data source, or inside a caller's transaction (its manager). */
  constructor(private readonly db: DataSource | EntityManager) {}

  /**
   * One round trip for what an append checks in the database: the names of these actors; for each
   * of these streams that exists its version and which subjects it holds (index probes, however
   * long the streams); and, for the streams of the answers, reports and fulfilments of the append
   * (`subjects`: none for most appends), their proposals, agreements and pledges as amended by
   * their latest correction, and the principals of the actors the party rule compares.
   */
  async lookUp(
    actorIds: string[],
    streamIds: string[],
    subjects: SubjectLookUp = { streams: [], actors: [], answerStreams: [] },
  ): Promise<LookedUp> {
    // Most appends need no subjects: a statement without the subjects' parts, far cheaper to plan.
    const none = subjects.streams.length === 0 && subjects.actors.length === 0 && subjects.answerStreams.length === 0;
    const rows: Array<{
      kind: 'actor' | 'stream' | 'subject' | 'principal';
      id: string;
      name: string | null;
      version: number | null;
      types: string[] | null;
      stream_id: string | null;
      type: StoredSubject['type'] | null;
      position: string | null;
      data: unknown;
    }> = none
      ? await preparedQuery(this.db, 'append_look_up_plain', STREAMS_AND_ACTORS, [actorIds, streamIds])
      : await preparedQuery(this.db, 'append_look_up', LOOK_UP_WITH_SUBJECTS, [
          actorIds,
          streamIds,
          subjects.streams,
          subjects.actors,
          subjects.answerStreams,
        ]);
    const looked: LookedUp = { names: new Map(), streams: new Map(), subjects: [], principals: new Map() };
    for (const row of rows) {
      if (row.kind === 'actor') looked.names.set(row.id, row.name ?? row.id);
      else if (row.kind === 'stream')
        looked.streams.set(row.id, { version: Number(row.version), types: row.types ?? [] });
      else if (row.kind === 'principal') looked.principals.set(row.id, row.name ?? row.id);
      else if (row.stream_id !== null && row.type !== null && row.position !== null)
        looked.subjects.push({
          id: row.id,
          streamId: row.stream_id,
          type: row.type,
          position: row.position,
          data: row.data,
        });
    }
    looked.subjects.sort((a, b) => (BigInt(a.position) < BigInt(b.position) ? -1 : 1));
    return looked;
  }

  /** The stored events with these ids (valid uuids, lower case), as much as an append checks of them. */
  async referencedEvents(ids: string[]): Promise<ReferencedEvent[]> {
    if (ids.length === 0) return [];
    const rows: Array<{
      id: string;
      type: EventType;
      stream_id: string;
      actor_ids: string[];
      occurred_at: Date;
      occurred_precision: TimePrecision;
      data: unknown;
    }> = await this.db.query(
      `SELECT id, type, stream_id, actor_ids, occurred_at, occurred_precision,
              CASE WHEN type = 'VIOLATION_REPORTED' THEN data END AS data
         FROM events WHERE id = ANY($1::uuid[])`,
      [ids],
    );
    return rows.map((row) => ({
      id: row.id,
      type: row.type,
      streamId: row.stream_id,
      actorIds: row.actor_ids,
      occurredAt: new Date(row.occurred_at),
      occurredPrecision: row.occurred_precision,
      data: row.data,
    }));
  }

  /**
   * Runs `work` in a transaction that holds the advisory locks of `streams` (taken in one order),
   * with their versions read under the locks: they cannot go stale before the write commits.
   */
  withStreamLocks<T>(
    streams: string[],
    work: (runner: EntityManager, versions: Map<string, number>) => Promise<T>,
  ): Promise<T> {
    return this.db.transaction('READ COMMITTED', async (manager) =>
      work(manager, await this.lockStreams(manager, streams)),
    );
  }

  /**
   * In the transaction of `manager`: takes the advisory locks of `streams` (in one order) and reads
   * their versions under them, which then cannot go stale before the transaction commits.
   */
  async lockStreams(manager: EntityManager, streams: string[]): Promise<Map<string, number>> {
    await manager.query(
      'SELECT pg_advisory_xact_lock($1, h) FROM (SELECT DISTINCT hashtext(s) AS h FROM unnest($2::text[]) AS s ORDER BY 1) AS locks',
      [STREAM_LOCK_SPACE, streams],
    );
    const current: Array<{ stream_id: string; version: number | null }> = await manager.query(
      'SELECT u.stream AS stream_id, (SELECT max(e.stream_version) FROM events e WHERE e.stream_id = u.stream) AS version FROM unnest($1::text[]) AS u(stream)',
      [streams],
    );
    return new Map(current.filter((row) => row.version !== null).map((row) => [row.stream_id, Number(row.version)]));
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
    // Two texts (what RETURNING gives), so two names.
    const inserted: EventRow[] = await preparedQuery(
      runner ?? this.db,
      returnEvents ? 'append_insert_events' : 'append_insert_positions',
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
