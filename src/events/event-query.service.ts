/**
 * Reading the log: filtered, ordered, keyset-paginated (Relay) queries over `events`, plus the
 * look-ups the GraphQL layer batches (events by id, corrections and retractions of events).
 */
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { type FieldError, ValidationFailed, badInput } from '../common/domain-error.js';
import { ActorsService } from '../actors/actors.service.js';
import { MAX_ACTOR_IDS, MAX_EVENT_TYPES, listTooLong } from '../common/list-limits.js';
import { EVENT_TYPES, STREAM_ID_PATTERN } from './catalogue/event-types.js';
import { isUuid } from './catalogue/value-checks.js';
import { type CursorKey, type EventOrder, decodeCursor, encodeCursor, keyKind } from './event-cursor.js';
import { type StoredEvent } from './event.js';
import { EVENT_COLUMNS, type EventRow, rowToEvent } from './event-rows.js';

export const MAX_PAGE_SIZE = 500;
export const DEFAULT_PAGE_SIZE = 50;

export interface EventFilterInput {
  types?: string[] | null;
  actorIds?: string[] | null;
  streamId?: string | null;
  occurredFrom?: Date | null;
  occurredTo?: Date | null;
  knownAt?: Date | null;
  /** Inclusive upper bound of valid time (a timeline's asOf); not part of the GraphQL EventFilter. */
  occurredUpTo?: Date | null;
  /** Only retractions at or below this position count (exports: the same upTo, the same answer). */
  amendmentsUpTo?: string | null;
  text?: string | null;
  includeRetracted?: boolean | null;
}

export interface PageArgs {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
}

export interface EventPage {
  edges: Array<{ cursor: string; node: StoredEvent }>;
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  /** Counts every event the filter matches (run only when asked for). */
  count: () => Promise<number>;
}

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
const REVERSED: Record<EventOrder, EventOrder> = {
  POSITION_ASC: 'POSITION_DESC',
  POSITION_DESC: 'POSITION_ASC',
  OCCURRED_ASC: 'OCCURRED_DESC',
  OCCURRED_DESC: 'OCCURRED_ASC',
};

@Injectable()
export class EventQueryService {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(ActorsService) private readonly actors: ActorsService,
  ) {}

  async page(filter: EventFilterInput | null | undefined, order: EventOrder = 'POSITION_ASC', args: PageArgs = {}): Promise<EventPage> {
    const { first, last, after, before } = args;
    const errors: FieldError[] = [];
    if (first != null && last != null) errors.push({ path: 'last', reason: 'give first or last, not both' });
    for (const [name, value] of [['first', first], ['last', last]] as const) {
      if (value != null && (!Number.isInteger(value) || value < 0)) errors.push({ path: name, reason: 'must be an integer ≥ 0' });
      else if (value != null && value > MAX_PAGE_SIZE) errors.push({ path: name, reason: `must be at most ${MAX_PAGE_SIZE}` });
    }
    if (errors.length) throw new ValidationFailed(errors);
    const where = await this.where(filter ?? {}, 'filter');
    const afterKey = after != null ? decodeCursor(after, order, 'after') : null;
    const beforeKey = before != null ? decodeCursor(before, order, 'before') : null;
    const backward = last != null || (first == null && beforeKey != null && afterKey == null);
    const size = (backward ? last : first) ?? DEFAULT_PAGE_SIZE;

    const pageWhere = where.clone();
    if (afterKey) pageWhere.add(keysetCondition(pageWhere, order, afterKey, 'after'));
    if (beforeKey) pageWhere.add(keysetCondition(pageWhere, order, beforeKey, 'before'));
    const scanOrder = backward ? REVERSED[order] : order;
    const rows: EventRow[] = await this.db.query(
      `SELECT ${EVENT_COLUMNS} FROM events e ${pageWhere.sql()} ORDER BY ${ORDER_SQL[scanOrder]} LIMIT ${size + 1}`,
      pageWhere.params,
    );
    const more = rows.length > size;
    const nodes = rows.slice(0, size).map(rowToEvent);
    if (backward) nodes.reverse();
    // Is there anything on the other side of the cursor we started from?
    const startKey = backward ? beforeKey : afterKey;
    let beyondStart = false;
    if (startKey) {
      const other = where.clone();
      other.add(keysetCondition(other, order, startKey, backward ? 'notBefore' : 'notAfter'));
      beyondStart = (await this.db.query(`SELECT 1 FROM events e ${other.sql()} LIMIT 1`, other.params)).length > 0;
    }
    const edges = nodes.map((node) => ({ cursor: encodeCursor(order, node.position, node.occurredAt), node }));
    return {
      edges,
      pageInfo: {
        hasNextPage: backward ? beyondStart : more,
        hasPreviousPage: backward ? more : beyondStart,
        startCursor: edges[0]?.cursor ?? null,
        endCursor: edges[edges.length - 1]?.cursor ?? null,
      },
      count: async () => {
        const [row] = await this.db.query(`SELECT count(*)::int AS n FROM events e ${where.sql()}`, where.params);
        return row.n;
      },
    };
  }

  /**
   * Events matching the filter with `after < position <= upTo`, in position order, at most `limit`:
   * the catch-up read of subscriptions and exports.
   */
  async range(filter: EventFilterInput | null | undefined, after: string, upTo: string, limit: number): Promise<StoredEvent[]> {
    const where = await this.where(filter ?? {}, 'filter');
    where.add(`e.position > ${where.param(after)}::bigint`);
    where.add(`e.position <= ${where.param(upTo)}::bigint`);
    const rows: EventRow[] = await this.db.query(`SELECT ${EVENT_COLUMNS} FROM events e ${where.sql()} ORDER BY e.position LIMIT ${Math.floor(limit)}`, where.params);
    return rows.map(rowToEvent);
  }

  /** Checks a filter without running it (BAD_USER_INPUT with field paths). */
  async checkFilter(filter: EventFilterInput | null | undefined): Promise<void> {
    await this.where(filter ?? {}, 'filter');
  }

  /** Events of one stream in version order. */
  async stream(streamId: string): Promise<StoredEvent[]> {
    if (!STREAM_ID_PATTERN.test(streamId)) throw badInput('id', 'must match ^[a-z0-9][a-z0-9._:-]{0,127}$');
    const rows: EventRow[] = await this.db.query(`SELECT ${EVENT_COLUMNS} FROM events e WHERE e.stream_id = $1 ORDER BY e.stream_version`, [streamId]);
    return rows.map(rowToEvent);
  }

  async byIds(ids: readonly string[]): Promise<Map<string, StoredEvent>> {
    const valid = ids.filter(isUuid).map((id) => id.toLowerCase());
    if (valid.length === 0) return new Map();
    const rows: EventRow[] = await this.db.query(`SELECT ${EVENT_COLUMNS} FROM events e WHERE e.id = ANY($1::uuid[])`, [valid]);
    return new Map(rows.map((row) => [row.id, rowToEvent(row)]));
  }

  /**
   * For each event id: whether an EVENT_RETRACTED names it, and the latest EVENT_CORRECTED that
   * names it; only what was recorded by `knownAt`, when given.
   */
  async amendments(
    ids: readonly string[],
    knownAt: Date | null,
    upTo: string | null = null,
  ): Promise<Map<string, { retracted: boolean; correctedBy: StoredEvent | null }>> {
    const result = new Map(ids.map((id) => [id, { retracted: false, correctedBy: null as StoredEvent | null }]));
    if (ids.length === 0) return result;
    const rows: EventRow[] = await this.db.query(
      `SELECT ${EVENT_COLUMNS} FROM events e
        WHERE e.ref_event_id = ANY($1::uuid[]) AND ($2::timestamptz IS NULL OR e.recorded_at <= $2)
          AND ($3::bigint IS NULL OR e.position <= $3::bigint)
        ORDER BY e.position`,
      [ids, knownAt, upTo],
    );
    for (const row of rows.map(rowToEvent)) {
      const entry = result.get(row.refEventId as string);
      if (!entry) continue;
      if (row.type === 'EVENT_RETRACTED') entry.retracted = true;
      else entry.correctedBy = row; // ordered by position: the last one wins
    }
    return result;
  }

  private async where(filter: EventFilterInput, path: string): Promise<Where> {
    const where = new Where();
    const errors: FieldError[] = [];
    const tooLong = [listTooLong(`${path}.types`, filter.types, MAX_EVENT_TYPES), listTooLong(`${path}.actorIds`, filter.actorIds, MAX_ACTOR_IDS)].filter((e) => e !== null);
    if (tooLong.length) throw new ValidationFailed(tooLong);
    if (filter.types?.length) {
      filter.types.forEach((type, i) => {
        if (!(EVENT_TYPES as readonly string[]).includes(type)) errors.push({ path: `${path}.types[${i}]`, reason: 'unknown event type' });
      });
      where.add(`e.type = ANY(${where.param(filter.types)}::text[])`);
    }
    if (filter.actorIds?.length) {
      const { agents, unknown } = await this.actors.agentsOf(filter.actorIds);
      const missing = new Set(unknown);
      filter.actorIds.forEach((id, i) => {
        if (missing.has(id)) errors.push({ path: `${path}.actorIds[${i}]`, reason: `unknown actor "${id}"` });
      });
      where.add(`e.actor_ids && ${where.param(agents)}::text[]`);
    }
    if (filter.streamId != null) {
      if (!STREAM_ID_PATTERN.test(filter.streamId)) errors.push({ path: `${path}.streamId`, reason: 'must match ^[a-z0-9][a-z0-9._:-]{0,127}$' });
      where.add(`e.stream_id = ${where.param(filter.streamId)}`);
    }
    if (filter.occurredFrom) where.add(`e.occurred_at >= ${where.param(filter.occurredFrom)}`);
    if (filter.occurredTo) where.add(`e.occurred_at < ${where.param(filter.occurredTo)}`);
    if (filter.occurredUpTo) where.add(`e.occurred_at <= ${where.param(filter.occurredUpTo)}`);
    if (filter.occurredFrom && filter.occurredTo && filter.occurredFrom >= filter.occurredTo) {
      errors.push({ path: `${path}.occurredTo`, reason: 'must be after occurredFrom' });
    }
    const knownAt = filter.knownAt ?? null;
    if (knownAt) where.add(`e.recorded_at <= ${where.param(knownAt)}`);
    if (filter.text != null) {
      const text = filter.text.trim();
      if (text.length === 0 || text.length > 500) errors.push({ path: `${path}.text`, reason: 'must be 1 to 500 characters' });
      else if (text.includes('\u0000')) errors.push({ path: `${path}.text`, reason: 'must not contain NUL characters' });
      where.add(`to_tsvector('english'::regconfig, e.search_text) @@ websearch_to_tsquery('english'::regconfig, ${where.param(text)})`);
    }
    if (!filter.includeRetracted) {
      let known = knownAt ? ` AND r.recorded_at <= ${where.param(knownAt)}` : '';
      if (filter.amendmentsUpTo) known += ` AND r.position <= ${where.param(filter.amendmentsUpTo)}::bigint`;
      where.add(`NOT EXISTS (SELECT 1 FROM events r WHERE r.ref_event_id = e.id AND r.type = 'EVENT_RETRACTED'${known})`);
    }
    if (errors.length) throw new ValidationFailed(errors);
    return where;
  }
}

/** The keyset condition of one side of a cursor. */
function keysetCondition(where: Where, order: EventOrder, key: CursorKey, side: 'after' | 'before' | 'notAfter' | 'notBefore'): string {
  const ascending = order.endsWith('ASC');
  // 'after' in ascending order means greater; 'notAfter' is its complement (less or equal).
  const greater = (side === 'after' || side === 'notBefore') === ascending;
  const op = side === 'after' || side === 'before' ? (greater ? '>' : '<') : greater ? '>=' : '<=';
  if (keyKind(order) === 'P') return `e.position ${op} ${where.param(key.p)}::bigint`;
  return `(e.occurred_at, e.position) ${op} (${where.param(key.t)}::timestamptz, ${where.param(key.p)}::bigint)`;
}
