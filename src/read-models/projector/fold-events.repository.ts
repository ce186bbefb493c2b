/**
 * The reads of the `events` table that the read models make: a subject's stream, the strikes that
 * may concern subjects, what a batch of the log holds, and which streams start subjects. Each
 * query is bounded by a window or a range, not by the length of the log (see the indexes of
 * migration 004).
 *
 * The three reads of a subject's fold (its streams, the strikes of its window, the events linked to
 * it) are named prepared statements, one text per shape: an `asOf` read at 1M events spent about as
 * long planning them as running them (BENCHMARKS.md, "asOf reads with generic plans"). A shape keeps
 * the conditions that bound an index range as plain comparisons, so that a generic plan keeps them
 * as index conditions; a parameter that is absent (`knownAt`, target categories) stays an
 * `IS NULL OR` filter, which costs a generic plan nothing.
 */
import type { DataSource, EntityManager } from 'typeorm';
import { preparedQuery } from '../../database/prepared-query.js';
import { FOLD_COLUMNS, type FoldEventRow } from '../../events/event-rows.js';
import { type FoldEvent, toFoldEvent } from '../fold-event.js';

type Db = DataSource | EntityManager;

/** The latest instant a JavaScript Date holds (PostgreSQL's timestamptz holds it too). */
const LATEST_INSTANT = 8.64e15;

/**
 * A window bound as a query parameter, clamped to the instants a Date holds: every stored event lies
 * within them, so the answer is the same, and a bound computed from a far-off end (a pledge of
 * 9007199254740991 days, stored before durations were bounded) cannot stop the projector with an
 * invalid date.
 */
export function sqlInstant(ms: number): Date {
  return new Date(Math.max(-LATEST_INSTANT, Math.min(LATEST_INSTANT, ms)));
}

/** The record as it stood at a position and, for knownAt, at a recorded time. */
export interface RecordBound {
  upTo: string;
  knownAt: Date | null;
}

/** The events of these streams (with the corrections and retractions in them), in position order. */
export async function streamEvents(db: Db, streamIds: string[], bound: RecordBound): Promise<FoldEvent[]> {
  const rows = await preparedQuery<FoldEventRow>(
    db,
    'fold_streams',
    `SELECT ${FOLD_COLUMNS} FROM events e
      WHERE e.stream_id = ANY($1::text[]) AND e.position <= $2::bigint AND ($3::timestamptz IS NULL OR e.recorded_at <= $3)
      ORDER BY e.position`,
    [streamIds, bound.upTo, bound.knownAt],
  );
  return rows.map(toFoldEvent);
}

export interface StrikeQuery {
  /** The attackers (agents of the sides concerned). */
  agents: string[];
  /** The valid-time window, ms. */
  from: number;
  until: number | null;
  /** Target categories (null: any). */
  categories: string[] | null;
}

/** Up to this long a window's strikes are probed one by one for corrections naming an agent (see below). */
export const PROBE_WINDOW_MS = 31 * 86_400_000;

/**
 * The strikes in the window that a correction naming an agent may bring in (a corrected attacker or
 * target). Two shapes with one answer. A window of at most PROBE_WINDOW_MS (an `asOf` read within
 * a month of the subject's start: its window ends at that instant): the window's strikes (events_strikes_by_time) are probed in the
 * index of corrections (events_ref_event), so the cost follows the strikes of the window, a few
 * hundred a day. A longer or open window (the projector folding a subject from its start): every
 * correction naming an agent is hashed against the window's strikes, so the cost follows those
 * corrections, not the strikes since the subject began. The planner, left to choose, took the
 * second shape for one-day windows too and read every correction of the log from the heap: 58 ms
 * at 100k events, 423 ms at 1M (BENCHMARKS.md, "pledge(asOf)").
 */
const CORRECTED_IN_SHORT_WINDOW = `
       SELECT c.ref_event_id AS id FROM events c
        WHERE c.ref_event_id = ANY(ARRAY(
                SELECT s.id FROM events s WHERE s.type = 'STRIKE_REPORTED' AND s.occurred_at >= $2 AND s.occurred_at <= $5))
          AND c.type = 'EVENT_CORRECTED' AND c.actor_ids && $1::text[]
          AND c.position <= $3::bigint AND ($4::timestamptz IS NULL OR c.recorded_at <= $4)`;
const correctedInLongWindow = (untilOfS: string) => `
       SELECT s.id FROM events s
        WHERE s.type = 'STRIKE_REPORTED' AND s.occurred_at >= $2 AND ${untilOfS}
          AND EXISTS (SELECT 1 FROM events c WHERE c.ref_event_id = s.id AND c.type = 'EVENT_CORRECTED' AND c.actor_ids && $1::text[]
                        AND c.position <= $3::bigint AND ($4::timestamptz IS NULL OR c.recorded_at <= $4))`;

/** The statement of strikesAndAmendments for a window that is short (and so bounded), bounded, or open. */
function strikesStatement(shape: 'short' | 'bounded' | 'open'): string {
  // The window's end: an index bound when there is one; `$5` is still named (as null) when there is none.
  const until = (alias: string) => (shape === 'open' ? '$5::timestamptz IS NULL' : `${alias}.occurred_at <= $5`);
  return `WITH strikes AS (
       SELECT e.id FROM events e
        WHERE e.type = 'STRIKE_REPORTED' AND (e.data->>'attacker') = ANY($1::text[]) AND e.occurred_at >= $2
          AND ${until('e')} AND ($6::text[] IS NULL OR (e.data->>'targetCategory') = ANY($6::text[]))
          AND e.position <= $3::bigint AND ($4::timestamptz IS NULL OR e.recorded_at <= $4)
       UNION${shape === 'short' ? CORRECTED_IN_SHORT_WINDOW : correctedInLongWindow(until('s'))}
       UNION
       SELECT s.id FROM events c JOIN events s ON s.id = c.ref_event_id
        WHERE c.type = 'EVENT_CORRECTED' AND c.data ? 'occurredAt' AND s.type = 'STRIKE_REPORTED' AND c.actor_ids && $1::text[]
          AND c.position <= $3::bigint AND ($4::timestamptz IS NULL OR c.recorded_at <= $4))
     SELECT ${FOLD_COLUMNS} FROM events e WHERE e.id IN (SELECT id FROM strikes)
     UNION ALL
     SELECT ${FOLD_COLUMNS} FROM events e
      WHERE e.ref_event_id IN (SELECT id FROM strikes) AND e.position <= $3::bigint AND ($4::timestamptz IS NULL OR e.recorded_at <= $4)`;
}
const STRIKES_STATEMENTS = {
  short: strikesStatement('short'),
  bounded: strikesStatement('bounded'),
  open: strikesStatement('open'),
};

/**
 * The strikes that may concern subjects, with their amendments: the agents' strikes in the window on
 * the targets concerned (events_strikes_by_attacker); strikes in the window whose correction names
 * an agent (a corrected attacker or target may bring them in: the two shapes above); and strikes
 * whose correction names an agent and moves their time (events_time_corrections).
 */
export async function strikesAndAmendments(db: Db, strikes: StrikeQuery, bound: RecordBound): Promise<FoldEvent[]> {
  const shape = strikes.until === null ? 'open' : strikes.until - strikes.from <= PROBE_WINDOW_MS ? 'short' : 'bounded';
  const rows = await preparedQuery<FoldEventRow>(
    db,
    `fold_strikes_${shape}`,
    STRIKES_STATEMENTS[shape],
    [
      strikes.agents,
      sqlInstant(strikes.from),
      bound.upTo,
      bound.knownAt,
      strikes.until === null ? null : sqlInstant(strikes.until),
      strikes.categories,
    ],
    { generic: shape === 'short' },
  );
  return rows.map(toFoldEvent);
}

/**
 * The events of other streams that name any of `subjectIds` (a counter-proposal's `counterTo`, an
 * implementation report's `implements`: migration 009's event_subject_links, indexed; a dispute's
 * `disputedEventId`, naming an event of one of those streams: migration 010's events_disputed_event),
 * with their amendments, and the events a correction makes name one: the caller applies the
 * amendments and keeps those that still name the subject (subject-projection.ts, namesSubject).
 * Each step probes an index with the ids the step before found (`= ANY(ARRAY(...))`), starting from
 * the subjects and their own events: an `IN (subquery)` let the planner scan every dispute, or every
 * amendment up to the range's end, and hash them against the few ids.
 */
export async function linkedEvents(
  db: Db,
  subjectIds: string[],
  types: readonly string[],
  bound: RecordBound,
): Promise<FoldEvent[]> {
  if (types.length === 0 || subjectIds.length === 0) return [];
  const rows = await preparedQuery<FoldEventRow>(
    db,
    'fold_linked',
    `WITH linked AS (
       SELECT e.id, e.type, e.ref_event_id FROM events e
        WHERE e.type IN ('PROPOSAL_MADE', 'IMPLEMENTATION_REPORTED', 'EVENT_CORRECTED')
          AND event_subject_links(e.type, e.data) && $1::text[]
          AND e.position <= $3::bigint AND ($4::timestamptz IS NULL OR e.recorded_at <= $4)),
     subject_events AS (
       SELECT s.id FROM events s WHERE 'CLAIM_DISPUTED' = ANY($2::text[]) AND s.stream_id = ANY($1::text[])),
     named AS (
       SELECT id FROM linked WHERE type = ANY($2::text[])
       UNION
       SELECT ref_event_id FROM linked WHERE type = 'EVENT_CORRECTED'
       UNION
       SELECT d.id FROM events d
        WHERE d.type = 'CLAIM_DISPUTED' AND uuid_or_null(d.data->>'disputedEventId') = ANY(ARRAY(SELECT id FROM subject_events))
          AND d.position <= $3::bigint AND ($4::timestamptz IS NULL OR d.recorded_at <= $4)
       UNION
       SELECT c.ref_event_id FROM events c
        WHERE c.type = 'EVENT_CORRECTED' AND c.data->'data' ? 'disputedEventId'
          AND uuid_or_null(c.data->'data'->>'disputedEventId') = ANY(ARRAY(SELECT id FROM subject_events))
          AND c.position <= $3::bigint AND ($4::timestamptz IS NULL OR c.recorded_at <= $4))
     SELECT ${FOLD_COLUMNS} FROM events e
      WHERE e.id = ANY(ARRAY(SELECT id FROM named)) AND e.type = ANY($2::text[])
     UNION ALL
     SELECT ${FOLD_COLUMNS} FROM events e
      WHERE e.ref_event_id = ANY(ARRAY(SELECT id FROM named))
        AND e.position <= $3::bigint AND ($4::timestamptz IS NULL OR e.recorded_at <= $4)`,
    [subjectIds, types, bound.upTo, bound.knownAt],
  );
  return rows.map(toFoldEvent);
}

/** The strikes appended in (after, upTo] (unless `strikes` is false), and the events of that range at `positions`. */
export async function strikesBetween(
  db: Db,
  after: string,
  upTo: string,
  positions: readonly number[] = [],
  strikes = true,
): Promise<FoldEvent[]> {
  const rows: FoldEventRow[] = await db.query(
    `SELECT ${FOLD_COLUMNS} FROM events e WHERE e.position > $1::bigint AND e.position <= $2::bigint
        AND (($4::boolean AND e.type = 'STRIKE_REPORTED') OR e.position = ANY($3::bigint[]))`,
    [after, upTo, positions, strikes],
  );
  return rows.map(toFoldEvent);
}

/** What decides which subjects an event of a batch touches: its stream, and a strike's (or an amended strike's) attacker, time and target. */
export interface BatchEvent {
  position: number;
  type: string;
  streamId: string;
  /** A strike's attacker and target category. */
  attacker: string | null;
  category: string | null;
  occurredAt: number;
  /**
   * The subjects of other streams it names (a counter-proposal, an implementation report, the
   * stream of the event a dispute names), or its amendment's event names, before or after it.
   */
  links: string[];
  /** For an amendment: the type and attacker of the event it names, and the attacker its correction gives. */
  refType: string | null;
  refAttacker: string | null;
  correctedAttacker: string | null;
  /** For an amendment: the stream of the event it names. */
  refStream: string | null;
}

/** The events appended in (after, upTo], as much as decides which subjects they touch (a batch may be thousands of events). */
export async function batchEvents(db: Db, after: string, upTo: string): Promise<BatchEvent[]> {
  const rows: Array<{
    position: string;
    type: string;
    stream_id: string;
    attacker: string | null;
    category: string | null;
    corrected_attacker: string | null;
    occurred_at: Date;
    ref_type: string | null;
    ref_attacker: string | null;
    ref_stream: string | null;
    links: string[];
  }> = await db.query(
    `SELECT e.position::text AS position, e.type, e.stream_id, r.stream_id AS ref_stream, e.data->>'attacker' AS attacker, e.data->>'targetCategory' AS category,
            e.data->'data'->>'attacker' AS corrected_attacker, e.occurred_at, r.type AS ref_type, r.data->>'attacker' AS ref_attacker,
            coalesce(event_subject_links(e.type, e.data), '{}') || coalesce(event_subject_links(r.type, r.data), '{}')
              || array_remove(ARRAY[d.stream_id, rd.stream_id, cd.stream_id], NULL) AS links
       FROM events e LEFT JOIN events r ON r.id = e.ref_event_id
       LEFT JOIN events d ON e.type = 'CLAIM_DISPUTED' AND d.id = uuid_or_null(e.data->>'disputedEventId')
       LEFT JOIN events rd ON r.type = 'CLAIM_DISPUTED' AND rd.id = uuid_or_null(r.data->>'disputedEventId')
       LEFT JOIN events cd ON r.type = 'CLAIM_DISPUTED' AND e.type = 'EVENT_CORRECTED'
                          AND cd.id = uuid_or_null(e.data->'data'->>'disputedEventId')
      WHERE e.position > $1::bigint AND e.position <= $2::bigint`,
    [after, upTo],
  );
  return rows.map((row) => ({
    position: Number(row.position),
    type: row.type,
    streamId: row.stream_id,
    attacker: row.attacker,
    category: row.category,
    occurredAt: new Date(row.occurred_at).getTime(),
    links: row.links,
    refType: row.ref_type,
    refAttacker: row.ref_attacker,
    correctedAttacker: row.corrected_attacker,
    refStream: row.ref_stream,
  }));
}

/** The streams (of `streamIds`, or all) that hold an event of `startTypes` by `bound`: the subjects a projection may have there. */
export async function subjectStreams(
  db: Db,
  startTypes: readonly string[],
  bound: RecordBound,
  streamIds: string[] | null = null,
): Promise<string[]> {
  const rows: Array<{ id: string }> = await db.query(
    `SELECT DISTINCT stream_id AS id FROM events
      WHERE type = ANY($1::text[]) AND position <= $2::bigint AND ($3::timestamptz IS NULL OR recorded_at <= $3)
        AND ($4::text[] IS NULL OR stream_id = ANY($4::text[]))
      ORDER BY 1`,
    [startTypes, bound.upTo, bound.knownAt, streamIds],
  );
  return rows.map((row) => row.id);
}

/** The streams that may hold a projection's subjects by `bound`, in id order: its own `streams`, or those holding a start type. */
export function candidateStreams(
  db: Db,
  projection: { startTypes: readonly string[]; streams?(db: Db, bound: RecordBound): Promise<string[]> },
  bound: RecordBound,
): Promise<string[]> {
  return projection.streams ? projection.streams(db, bound) : subjectStreams(db, projection.startTypes, bound);
}

/**
 * The streams that can hold claims by `bound`, in id order: a superset of the claims ledger's
 * subjects, for its rebuild and its lists at `asOf` (claims.projection.ts). Any event can be a
 * claim once disputed, so every stream could hold one, but few do (325 of 48,280 streams at 1M
 * events in the bench's log), and folding every stream read the whole log: those holding a statement
 * or a violation report, and those holding an event that a CLAIM_DISPUTED names, or that a
 * correction makes one name (the fold decides the rest, as for any stream).
 */
export async function claimStreams(db: Db, bound: RecordBound): Promise<string[]> {
  const rows: Array<{ id: string }> = await db.query(
    `SELECT stream_id AS id FROM events
      WHERE type IN ('STATEMENT_MADE', 'VIOLATION_REPORTED')
        AND position <= $1::bigint AND ($2::timestamptz IS NULL OR recorded_at <= $2)
     UNION
     SELECT t.stream_id FROM events d JOIN events t ON t.id = uuid_or_null(d.data->>'disputedEventId')
      WHERE d.type = 'CLAIM_DISPUTED'
        AND d.position <= $1::bigint AND ($2::timestamptz IS NULL OR d.recorded_at <= $2)
        AND t.position <= $1::bigint AND ($2::timestamptz IS NULL OR t.recorded_at <= $2)
     UNION
     SELECT t.stream_id FROM events c JOIN events t ON t.id = uuid_or_null(c.data->'data'->>'disputedEventId')
      WHERE c.type = 'EVENT_CORRECTED' AND c.data->'data' ? 'disputedEventId'
        AND c.position <= $1::bigint AND ($2::timestamptz IS NULL OR c.recorded_at <= $2)
        AND t.position <= $1::bigint AND ($2::timestamptz IS NULL OR t.recorded_at <= $2)
     ORDER BY 1`,
    [bound.upTo, bound.knownAt],
  );
  return rows.map((row) => row.id);
}

/**
 * Of `streamIds`, the streams that hold events of `types` by position `upTo`, each with those types
 * (one read for every projection of a range: each keeps the streams holding one of its start types).
 */
export async function streamStarts(
  db: Db,
  types: readonly string[],
  upTo: string,
  streamIds: string[],
): Promise<Map<string, Set<string>>> {
  if (streamIds.length === 0 || types.length === 0) return new Map();
  const rows: Array<{ id: string; types: string[] }> = await db.query(
    `SELECT stream_id AS id, array_agg(DISTINCT type) AS types FROM events
      WHERE type = ANY($1::text[]) AND position <= $2::bigint AND stream_id = ANY($3::text[])
      GROUP BY stream_id`,
    [types, upTo, streamIds],
  );
  return new Map(rows.map((row) => [row.id, new Set(row.types)]));
}

/** The log's last position and the number of actors, read together (the start of an `asOf` read). */
export interface RecordHead {
  head: string;
  /** How many actors are registered (PrincipalsCache: whether its map is complete). */
  actors: number;
}

/** Named so that no column of the events beside them (FOLD_COLUMNS) can take their place in a row. */
const HEAD_COLUMNS = `h.last_position::text AS head_position, (SELECT count(*) FROM actors)::int AS actor_count`;

interface HeadRow {
  head_position: string;
  actor_count: number;
}

export async function recordHead(db: Db): Promise<RecordHead> {
  const [row] = await preparedQuery<HeadRow>(db, 'fold_head', `SELECT ${HEAD_COLUMNS} FROM log_head h`, []);
  return { head: row.head_position, actors: row.actor_count };
}

/**
 * recordHead and the streams of `streamIds` as the log stands at that head (and, for knownAt, at a
 * recorded time), in one statement: the start of an `asOf` read of given subjects, one round trip
 * where it took two (the streams need the head). One snapshot, so the streams end at the head.
 */
export async function recordHeadAndStreams(
  db: Db,
  streamIds: string[],
  knownAt: Date | null,
): Promise<RecordHead & { events: FoldEvent[] }> {
  // One stream (a read of one subject, the usual case) by equality, several with `= ANY`. PostgreSQL
  // plans either on every call: it estimates the generic plan of a stream higher than one planned for
  // a given stream, as it does for fold_streams (BENCHMARKS.md, "asOf reads in three round trips").
  const one = streamIds.length === 1;
  const rows = await preparedQuery<HeadRow & { [K in keyof FoldEventRow]: FoldEventRow[K] | null }>(
    db,
    one ? 'fold_head_stream' : 'fold_head_streams',
    `SELECT ${HEAD_COLUMNS}, s.* FROM log_head h
       LEFT JOIN LATERAL (
         SELECT ${FOLD_COLUMNS}, e.position AS stream_order FROM events e
          WHERE ${one ? 'e.stream_id = $1::text' : 'e.stream_id = ANY($1::text[])'}
            AND e.position <= h.last_position AND ($2::timestamptz IS NULL OR e.recorded_at <= $2)
       ) s ON true
      ORDER BY s.stream_order`,
    [one ? streamIds[0] : streamIds, knownAt],
  );
  const events = rows.flatMap((row) => (row.id === null ? [] : [toFoldEvent(row as FoldEventRow)]));
  return { head: rows[0].head_position, actors: rows[0].actor_count, events };
}

/** The last position of the log. */
export async function logHead(db: Db): Promise<string> {
  const [row]: Array<{ head: string }> = await db.query('SELECT last_position::text AS head FROM log_head');
  return row.head;
}
