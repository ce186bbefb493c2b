/**
 * Reads of the `events` table in SQL (the log is append-only and read by position, valid time,
 * actors and text, with keyset paging: PostgreSQL is the point): a checked filter becomes its WHERE
 * clause here, and nowhere else.
 */
import type { DataSource, EntityManager } from 'typeorm';
import type { EventType } from './catalogue/event-types.js';
import { type CountDimension, type CountPeriod, NO_KEY } from './count-dimensions.js';
import { type CursorKey, type EventOrder, keyKind } from './event-cursor.js';
import type { StoredEvent } from './event.js';
import { EVENT_COLUMNS, type EventRow, rowToEvent } from './event-rows.js';

/** A filter whose values were checked (event-query.service.ts); actors already widened to their agents. */
export interface LogFilter {
  types?: readonly EventType[] | null;
  /** Events involving any of these actors. */
  agents?: readonly string[] | null;
  streamId?: string | null;
  occurredFrom?: Date | null;
  occurredTo?: Date | null;
  /** Inclusive upper bound of valid time (a timeline's asOf). */
  occurredUpTo?: Date | null;
  knownAt?: Date | null;
  /** Words to find (websearch syntax), trimmed. */
  text?: string | null;
  includeRetracted?: boolean | null;
  /** Only retractions at or below this position count (exports: the same upTo, the same answer). */
  amendmentsUpTo?: string | null;
  /** Strikes in these countries (ISO 3166 alpha-2). */
  countries?: readonly string[] | null;
  /** Strikes on, and pledges about, these target categories. */
  targetCategories?: readonly string[] | null;
  /** Strikes by these means. */
  means?: readonly string[] | null;
  /** Events whose primary actor is one of these: the sides asked for, widened to everyone acting for them. */
  sideAgents?: readonly string[] | null;
}

export interface CountRow {
  periodStart: Date;
  keys: string[];
  count: number;
  coarse: number;
}

/** The log's columns whose statistics a bulk load refreshes (the payloads, metadata, summary and search text are left to autovacuum). */
const ANALYZED_COLUMNS = [
  'position',
  'id',
  'stream_id',
  'stream_version',
  'type',
  'occurred_at',
  'occurred_precision',
  'recorded_at',
  'actor_ids',
  'ref_event_id',
  'cameo_code',
];

/** date_trunc's unit of each period (its 'week' is the ISO week, from Monday), and the precisions coarser than it. */
const PERIODS: Record<CountPeriod, { unit: string; coarser: string }> = {
  DAY: { unit: 'day', coarser: "'MONTH', 'YEAR'" },
  WEEK: { unit: 'week', coarser: "'MONTH', 'YEAR'" },
  MONTH: { unit: 'month', coarser: "'YEAR'" },
};

/**
 * A dimension of the event (an immutable function of migration 015 over a type and a payload); for a
 * correction or a retraction, that of the event it names as recorded (the contract's rule), so that
 * an event and its corrections always share a side, a country, a target and a means: counts do not
 * apply corrections, and a correction that moves a strike to another side must not count that side
 * a strike its own row does not.
 */
function dimensionOf(fn: string): string {
  return `(CASE WHEN e.type IN ('EVENT_CORRECTED', 'EVENT_RETRACTED')
    THEN (SELECT ${fn}(n.type, n.data) FROM events n WHERE n.id = e.ref_event_id)
    ELSE ${fn}(e.type, e.data) END)`;
}
const PRIMARY_ACTOR = dimensionOf('event_primary_actor');
const TARGET_CATEGORY = dimensionOf('event_target_category');
const COUNTRY = dimensionOf('event_country');
const MEANS = dimensionOf('event_means');

/** A WHERE clause under construction, with its positional parameters. */
class Where {
  readonly conditions: string[] = [];
  readonly params: unknown[] = [];
  param(value: unknown): string {
    this.params.push(value);
    return `$${this.params.length}`;
  }
  add(condition: string): void {
    this.conditions.push(condition);
  }
  sql(): string {
    return this.conditions.length ? `WHERE ${this.conditions.join(' AND ')}` : '';
  }
  clone(): Where {
    const copy = new Where();
    copy.conditions.push(...this.conditions);
    copy.params.push(...this.params);
    return copy;
  }
}

const ORDER_SQL: Record<EventOrder, string> = {
  POSITION_ASC: 'e.position ASC',
  POSITION_DESC: 'e.position DESC',
  OCCURRED_ASC: 'e.occurred_at ASC, e.position ASC',
  OCCURRED_DESC: 'e.occurred_at DESC, e.position DESC',
};
export const REVERSED: Record<EventOrder, EventOrder> = {
  POSITION_ASC: 'POSITION_DESC',
  POSITION_DESC: 'POSITION_ASC',
  OCCURRED_ASC: 'OCCURRED_DESC',
  OCCURRED_DESC: 'OCCURRED_ASC',
};

/** Which side of a cursor: strictly after/before it, or its complement (not after / not before). */
export type CursorSide = 'after' | 'before' | 'notAfter' | 'notBefore';

function whereOf(filter: LogFilter): Where {
  const where = new Where();
  if (filter.types?.length) where.add(`e.type = ANY(${where.param(filter.types)}::text[])`);
  if (filter.agents?.length) where.add(`e.actor_ids && ${where.param(filter.agents)}::text[]`);
  if (filter.streamId != null) where.add(`e.stream_id = ${where.param(filter.streamId)}`);
  if (filter.occurredFrom) where.add(`e.occurred_at >= ${where.param(filter.occurredFrom)}`);
  if (filter.occurredTo) where.add(`e.occurred_at < ${where.param(filter.occurredTo)}`);
  if (filter.occurredUpTo) where.add(`e.occurred_at <= ${where.param(filter.occurredUpTo)}`);
  const knownAt = filter.knownAt ?? null;
  if (knownAt) where.add(`e.recorded_at <= ${where.param(knownAt)}`);
  if (filter.text != null)
    where.add(
      `to_tsvector('english'::regconfig, e.search_text) @@ websearch_to_tsquery('english'::regconfig, ${where.param(filter.text)})`,
    );
  if (filter.countries?.length) where.add(`${COUNTRY} = ANY(${where.param(filter.countries)}::text[])`);
  if (filter.targetCategories?.length)
    where.add(`${TARGET_CATEGORY} = ANY(${where.param(filter.targetCategories)}::text[])`);
  if (filter.means?.length) where.add(`${MEANS} = ANY(${where.param(filter.means)}::text[])`);
  if (filter.sideAgents) where.add(`${PRIMARY_ACTOR} = ANY(${where.param(filter.sideAgents)}::text[])`);
  if (!filter.includeRetracted) {
    let known = knownAt ? ` AND r.recorded_at <= ${where.param(knownAt)}` : '';
    if (filter.amendmentsUpTo) known += ` AND r.position <= ${where.param(filter.amendmentsUpTo)}::bigint`;
    where.add(`NOT EXISTS (SELECT 1 FROM events r WHERE r.ref_event_id = e.id AND r.type = 'EVENT_RETRACTED'${known})`);
  }
  return where;
}

/** The keyset condition of one side of a cursor. */
function keysetCondition(where: Where, order: EventOrder, key: CursorKey, side: CursorSide): string {
  const ascending = order.endsWith('ASC');
  // 'after' in ascending order means greater; 'notAfter' is its complement (less or equal).
  const greater = (side === 'after' || side === 'notBefore') === ascending;
  const op = side === 'after' || side === 'before' ? (greater ? '>' : '<') : greater ? '>=' : '<=';
  if (keyKind(order) === 'P') return `e.position ${op} ${where.param(key.p)}::bigint`;
  return `(e.occurred_at, e.position) ${op} (${where.param(key.t)}::timestamptz, ${where.param(key.p)}::bigint)`;
}

export class EventsRepository {
  constructor(private readonly db: DataSource | EntityManager) {}

  /** At most `limit` events of `filter` beyond the cursor keys given (sides as `order` reads them), scanned in `scan` order. */
  async page(
    filter: LogFilter,
    order: EventOrder,
    cursors: Array<{ key: CursorKey; side: CursorSide }>,
    scan: EventOrder,
    limit: number,
  ): Promise<StoredEvent[]> {
    const where = whereOf(filter);
    for (const { key, side } of cursors) where.add(keysetCondition(where, order, key, side));
    const rows: EventRow[] = await this.db.query(
      `SELECT ${EVENT_COLUMNS} FROM events e ${where.sql()} ORDER BY ${ORDER_SQL[scan]} LIMIT ${Math.floor(limit)}`,
      where.params,
    );
    return rows.map(rowToEvent);
  }

  /** Whether any event of `filter` lies on `side` of the cursor key. */
  async anyBeyond(filter: LogFilter, order: EventOrder, key: CursorKey, side: CursorSide): Promise<boolean> {
    const where = whereOf(filter);
    where.add(keysetCondition(where, order, key, side));
    const rows: unknown[] = await this.db.query(`SELECT 1 FROM events e ${where.sql()} LIMIT 1`, where.params);
    return rows.length > 0;
  }

  /** Events of `filter`, or of them those with `after < position <= upTo`. */
  async count(filter: LogFilter, range?: { after: string; upTo: string }): Promise<number> {
    const where = whereOf(filter);
    if (range) {
      where.add(`e.position > ${where.param(range.after)}::bigint`);
      where.add(`e.position <= ${where.param(range.upTo)}::bigint`);
    }
    const [row]: Array<{ n: number }> = await this.db.query(
      `SELECT count(*)::int AS n FROM events e ${where.sql()}`,
      where.params,
    );
    return row.n;
  }

  /** Events of `filter` with `after < position <= upTo`, in position order, at most `limit`. */
  async range(filter: LogFilter, after: string, upTo: string, limit: number): Promise<StoredEvent[]> {
    const where = whereOf(filter);
    where.add(`e.position > ${where.param(after)}::bigint`);
    where.add(`e.position <= ${where.param(upTo)}::bigint`);
    const rows: EventRow[] = await this.db.query(
      `SELECT ${EVENT_COLUMNS} FROM events e ${where.sql()} ORDER BY e.position LIMIT ${Math.floor(limit)}`,
      where.params,
    );
    return rows.map(rowToEvent);
  }

  /**
   * Events of `filter` counted per period (UTC) and per value of each dimension of `by`, with how many
   * of them have a precision coarser than the period; ordered by period, then keys; at most `limit`
   * buckets. SIDE is the principal of the primary actor (the `represents` chain walked to its end).
   */
  async counts(
    filter: LogFilter,
    period: CountPeriod,
    by: readonly CountDimension[],
    limit: number,
  ): Promise<CountRow[]> {
    const where = whereOf(filter);
    const { unit, coarser } = PERIODS[period];
    const needsActor = by.includes('SIDE') || by.includes('ACTOR');
    const inner = [
      `date_trunc('${unit}', e.occurred_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS period_start`,
      `e.occurred_precision IN (${coarser}) AS coarse`,
      'e.type',
      ...(needsActor ? [`${PRIMARY_ACTOR} AS actor`] : []),
      ...(by.includes('TARGET_CATEGORY') ? [`${TARGET_CATEGORY} AS target_category`] : []),
      ...(by.includes('COUNTRY') ? [`${COUNTRY} AS country`] : []),
    ];
    const keyOf: Record<CountDimension, string> = {
      TYPE: 'f.type',
      SIDE: `coalesce(p.principal, '${NO_KEY}')`,
      ACTOR: `coalesce(f.actor, '${NO_KEY}')`,
      TARGET_CATEGORY: `coalesce(f.target_category, '${NO_KEY}')`,
      COUNTRY: `coalesce(f.country, '${NO_KEY}')`,
    };
    // In byte order, whatever the database's collation: the same answer on every server.
    const keys = by.map((dimension) => `${keyOf[dimension]} COLLATE "C"`);
    const groups = ['1', ...keys.map((_, i) => `${i + 2}`)].join(', ');
    const principals = by.includes('SIDE')
      ? `WITH RECURSIVE principals(id, principal) AS (
           SELECT id, id FROM actors WHERE represents IS NULL
           UNION ALL
           SELECT a.id, p.principal FROM actors a JOIN principals p ON a.represents = p.id) `
      : '';
    const rows: Array<Record<string, unknown> & { period_start: Date; count: number; coarse: number }> =
      await this.db.query(
        `${principals}SELECT f.period_start${keys.map((key, i) => `, ${key} AS k${i}`).join('')},
                count(*)::int AS count, count(*) FILTER (WHERE f.coarse)::int AS coarse
           FROM (SELECT ${inner.join(', ')} FROM events e ${where.sql()}) f
           ${by.includes('SIDE') ? 'LEFT JOIN principals p ON p.id = f.actor' : ''}
          GROUP BY ${groups} ORDER BY ${groups} LIMIT ${Math.floor(limit)}`,
        where.params,
      );
    return rows.map((row) => ({
      periodStart: row.period_start,
      keys: keys.map((_, i) => String(row[`k${i}`])),
      count: row.count,
      coarse: row.coarse,
    }));
  }

  /** Events of one stream in version order. */
  async stream(streamId: string): Promise<StoredEvent[]> {
    const rows: EventRow[] = await this.db.query(
      `SELECT ${EVENT_COLUMNS} FROM events e WHERE e.stream_id = $1 ORDER BY e.stream_version`,
      [streamId],
    );
    return rows.map(rowToEvent);
  }

  /** The events with these ids (valid uuids, lower case). */
  async byIds(ids: readonly string[]): Promise<StoredEvent[]> {
    if (ids.length === 0) return [];
    const rows: EventRow[] = await this.db.query(`SELECT ${EVENT_COLUMNS} FROM events e WHERE e.id = ANY($1::uuid[])`, [
      ids,
    ]);
    return rows.map(rowToEvent);
  }

  /** The corrections and retractions naming these events, in position order (recorded by knownAt and at or below upTo, when given). */
  async amendmentsOf(ids: readonly string[], knownAt: Date | null, upTo: string | null): Promise<StoredEvent[]> {
    if (ids.length === 0) return [];
    const rows: EventRow[] = await this.db.query(
      `SELECT ${EVENT_COLUMNS} FROM events e
        WHERE e.ref_event_id = ANY($1::uuid[]) AND ($2::timestamptz IS NULL OR e.recorded_at <= $2)
          AND ($3::bigint IS NULL OR e.position <= $3::bigint)
        ORDER BY e.position`,
      [ids, knownAt, upTo],
    );
    return rows.map(rowToEvent);
  }

  /**
   * For each of these streams: the terms' kind of its first PROPOSAL_MADE or AGREEMENT_REACHED and
   * the commitment's action of its first PLEDGE_MADE, as their latest correction says (only events
   * and corrections recorded by knownAt and at or below upTo count, when given). One query for a
   * batch of an export: what the codes of the answers, reports and fulfilments depend on.
   */
  async subjectsOf(
    streamIds: readonly string[],
    knownAt: Date | null,
    upTo: string | null,
  ): Promise<Array<{ streamId: string; kind: string | null; pledgeAction: string | null }>> {
    if (streamIds.length === 0) return [];
    const rows: Array<{ stream_id: string; kind: string | null; pledge_action: string | null }> = await this.db.query(
      `WITH visible AS (
         SELECT e.id, e.stream_id, e.type, e.position, e.data FROM events e
          WHERE e.stream_id = ANY($1::text[]) AND e.type IN ('PROPOSAL_MADE', 'AGREEMENT_REACHED', 'PLEDGE_MADE')
            AND ($2::timestamptz IS NULL OR e.recorded_at <= $2) AND ($3::bigint IS NULL OR e.position <= $3::bigint)
       ),
       firsts AS (
         SELECT DISTINCT ON (v.stream_id, v.type = 'PLEDGE_MADE') v.stream_id, v.type = 'PLEDGE_MADE' AS pledge,
                coalesce((SELECT c.data->'data' FROM events c
                           WHERE c.ref_event_id = v.id AND c.type = 'EVENT_CORRECTED' AND c.data ? 'data'
                             AND ($2::timestamptz IS NULL OR c.recorded_at <= $2) AND ($3::bigint IS NULL OR c.position <= $3::bigint)
                           ORDER BY c.position DESC LIMIT 1), v.data) AS data
           FROM visible v
          ORDER BY v.stream_id, v.type = 'PLEDGE_MADE', v.position
       )
       SELECT stream_id,
              max(data->'terms'->>'kind') FILTER (WHERE NOT pledge) AS kind,
              max(data->'commitment'->>'action') FILTER (WHERE pledge) AS pledge_action
         FROM firsts GROUP BY stream_id`,
      [streamIds, knownAt, upTo],
    );
    return rows.map((row) => ({ streamId: row.stream_id, kind: row.kind, pledgeAction: row.pledge_action }));
  }

  /** Who appended and who approved each of these events (approvedBy: the appender for events older than review). */
  async provenance(ids: readonly string[]): Promise<Map<string, { appendedBy: string; approvedBy: string }>> {
    if (ids.length === 0) return new Map();
    const rows: Array<{ id: string; appended_by: string; approved_by: string }> = await this.db.query(
      `SELECT id, metadata->>'appendedBy' AS appended_by, coalesce(metadata->>'approvedBy', metadata->>'appendedBy') AS approved_by
         FROM events WHERE id = ANY($1::uuid[])`,
      [ids],
    );
    return new Map(rows.map((row) => [row.id, { appendedBy: row.appended_by, approvedBy: row.approved_by }]));
  }

  async lastPosition(): Promise<string> {
    const [row]: Array<{ position: string }> = await this.db.query(
      'SELECT last_position::text AS position FROM log_head',
    );
    return row.position;
  }

  /**
   * Refreshes the planner's statistics of the log's columns that reads filter, join and sort on
   * (after a bulk load, before autovacuum would). With a column list PostgreSQL leaves the
   * expression indexes' statistics as they were (the full-text and payload ones are most of a full ANALYZE:
   * 3.4 s at 100k events, against 0.4 s for these columns); autovacuum's own ANALYZE refreshes them later.
   */
  async analyze(): Promise<void> {
    await this.db.query(`ANALYZE events (${ANALYZED_COLUMNS.join(', ')})`);
  }
}
