/**
 * Reading the log: filters checked (each problem with its field path) and turned into queries of
 * the events repository; keyset-paginated (Relay) pages; and the look-ups the GraphQL layer
 * batches (events by id, corrections and retractions of events).
 */
import { Inject, Injectable } from '@nestjs/common';
import { ActorsService } from '../actors/actors.service.js';
import { type FieldError, ValidationFailed, badInput } from '../common/domain-error.js';
import { type PositionSource, ReadDatabase } from '../database/read-database.js';
import {
  MAX_ACTOR_IDS,
  MAX_COUNTRIES,
  MAX_COUNT_DIMENSIONS,
  MAX_EVENT_TYPES,
  MAX_MEANS,
  MAX_SIDES,
  MAX_TARGET_CATEGORIES,
  listTooLong,
} from '../common/list-limits.js';
import type { StreamSubject } from './catalogue/event-codes.js';
import {
  EVENT_TYPES,
  type EventType,
  PLEDGE_ACTIONS,
  STREAM_ID_PATTERN,
  STRIKE_MEANS,
  TARGET_CATEGORIES,
  TERMS_KINDS,
} from './catalogue/event-types.js';
import { isCountryCode, isUuid } from './catalogue/value-checks.js';
import { type EventOrder, decodeCursor, encodeCursor } from './event-cursor.js';
import type { StoredEvent } from './event.js';
import { EVENTS_CHANNEL } from './event-append.repository.js';
import type { CountDimension, CountPeriod } from './count-dimensions.js';
import { type CountRow, EventsRepository, type LogFilter, REVERSED } from './events.repository.js';

export const MAX_PAGE_SIZE = 500;
/** The most buckets one eventCounts answer holds (ten years by day, or two by day for five keys). */
export const MAX_COUNT_BUCKETS = 10_000;
export const DEFAULT_PAGE_SIZE = 50;

/** The log where reads go, as minPosition waits for it. */
const LOG_READ: PositionSource = {
  name: 'log read',
  positionOf: (db) => new EventsRepository(db).lastPosition(),
  channel: EVENTS_CHANNEL,
};

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
  countries?: string[] | null;
  targetCategories?: string[] | null;
  means?: string[] | null;
  /** Sides (principals); an actor given stands for its principal. */
  sides?: string[] | null;
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

/** What later events did to one event: retracted it, and the correction that now stands. */
export interface Amendments {
  retracted: boolean;
  correctedBy: StoredEvent | null;
}

@Injectable()
export class EventQueryService {
  constructor(
    @Inject(ReadDatabase) private readonly reads: ReadDatabase,
    @Inject(ActorsService) private readonly actors: ActorsService,
  ) {}

  /** The events repository on the database reads go to (the replica, else the primary). */
  private read<T>(query: (events: EventsRepository) => Promise<T>): Promise<T> {
    return this.reads.run((db) => query(new EventsRepository(db)));
  }

  /** The last position of the log where reads go (the replica's may be behind the primary's). */
  lastPosition(): Promise<string> {
    return this.read((events) => events.lastPosition());
  }

  /** Waits until the log where reads go has reached `minPosition` (NOT_CAUGHT_UP after 5 s): read your writes. */
  waitForPosition(minPosition: string, path = 'minPosition'): Promise<void> {
    return this.reads.waitForPosition(minPosition, LOG_READ, path);
  }

  async page(
    filter: EventFilterInput | null | undefined,
    order: EventOrder = 'POSITION_ASC',
    args: PageArgs = {},
  ): Promise<EventPage> {
    const { first, last, after, before } = args;
    const errors: FieldError[] = [];
    if (first != null && last != null) errors.push({ path: 'last', reason: 'give first or last, not both' });
    for (const [name, value] of [
      ['first', first],
      ['last', last],
    ] as const) {
      if (value != null && (!Number.isInteger(value) || value < 0))
        errors.push({ path: name, reason: 'must be an integer ≥ 0' });
      else if (value != null && value > MAX_PAGE_SIZE)
        errors.push({ path: name, reason: `must be at most ${MAX_PAGE_SIZE}` });
    }
    if (errors.length) throw new ValidationFailed(errors);
    const where = await this.checked(filter ?? {}, 'filter');
    const afterKey = after != null ? decodeCursor(after, order, 'after') : null;
    const beforeKey = before != null ? decodeCursor(before, order, 'before') : null;
    const backward = last != null || (first == null && beforeKey != null && afterKey == null);
    const size = (backward ? last : first) ?? DEFAULT_PAGE_SIZE;
    const cursors = [
      ...(afterKey ? [{ key: afterKey, side: 'after' as const }] : []),
      ...(beforeKey ? [{ key: beforeKey, side: 'before' as const }] : []),
    ];
    // Is there anything on the other side of the cursor we started from? Asked of the same database as the page.
    const startKey = backward ? beforeKey : afterKey;
    const { rows, beyondStart } = await this.read(async (events) => ({
      rows: await events.page(where, order, cursors, backward ? REVERSED[order] : order, size + 1),
      beyondStart: startKey
        ? await events.anyBeyond(where, order, startKey, backward ? 'notBefore' : 'notAfter')
        : false,
    }));
    const more = rows.length > size;
    const nodes = rows.slice(0, size);
    if (backward) nodes.reverse();
    const edges = nodes.map((node) => ({ cursor: encodeCursor(order, node.position, node.occurredAt), node }));
    return {
      edges,
      pageInfo: {
        hasNextPage: backward ? beyondStart : more,
        hasPreviousPage: backward ? more : beyondStart,
        startCursor: edges[0]?.cursor ?? null,
        endCursor: edges[edges.length - 1]?.cursor ?? null,
      },
      count: () => this.read((events) => events.count(where)),
    };
  }

  /**
   * Events matching the filter with `after < position <= upTo`, in position order, at most `limit`:
   * the catch-up read of subscriptions and exports.
   */
  async range(
    filter: EventFilterInput | null | undefined,
    after: string,
    upTo: string,
    limit: number,
  ): Promise<StoredEvent[]> {
    const where = await this.checked(filter ?? {}, 'filter');
    const part = await this.reads.run(async (db) => {
      const events = new EventsRepository(db);
      if (db === this.reads.primary) return { reached: upTo, events: await events.range(where, after, upTo, limit) };
      const replayed = await events.lastPosition();
      const reached = BigInt(replayed) < BigInt(upTo) ? replayed : upTo;
      return {
        reached,
        events: BigInt(reached) > BigInt(after) ? await events.range(where, after, reached, limit) : [],
      };
    });
    if (BigInt(part.reached) >= BigInt(upTo) || part.events.length === limit) return part.events;
    // The replica has not replayed up to upTo (the caller had it from the primary): the rest from the primary, or a gap.
    const from = BigInt(part.reached) > BigInt(after) ? part.reached : after;
    const rest = await new EventsRepository(this.reads.primary).range(where, from, upTo, limit - part.events.length);
    return [...part.events, ...rest];
  }

  /** How many events `range` would return without a limit: an export's total, for its progress. */
  async countRange(filter: EventFilterInput | null | undefined, after: string, upTo: string): Promise<number> {
    const where = await this.checked(filter ?? {}, 'filter');
    return this.read((events) => events.count(where, { after, upTo }));
  }

  /**
   * Events of the filter counted per period and per value of each dimension of `by` (keys in that
   * order; a dimension given twice is refused), at most MAX_COUNT_BUCKETS buckets (more: BAD_USER_INPUT
   * asking for a narrower filter or a longer period).
   */
  async counts(
    period: CountPeriod,
    by: readonly CountDimension[] | null | undefined,
    filter: EventFilterInput | null | undefined,
  ): Promise<CountRow[]> {
    const dimensions = by ?? [];
    const tooLong = listTooLong('by', dimensions, MAX_COUNT_DIMENSIONS);
    if (tooLong) throw new ValidationFailed([tooLong]);
    const errors: FieldError[] = [];
    dimensions.forEach((dimension, i) => {
      if (dimensions.indexOf(dimension) < i) errors.push({ path: `by[${i}]`, reason: `${dimension} is given twice` });
    });
    if (errors.length) throw new ValidationFailed(errors);
    const where = await this.checked(filter ?? {}, 'filter');
    const rows = await this.read((events) => events.counts(where, period, dimensions, MAX_COUNT_BUCKETS + 1));
    if (rows.length > MAX_COUNT_BUCKETS)
      throw badInput(
        'period',
        `the answer would hold more than ${MAX_COUNT_BUCKETS} buckets: narrow filter.occurredFrom/occurredTo, choose a longer period or fewer dimensions`,
      );
    return rows;
  }

  /** Checks a filter without running it (BAD_USER_INPUT with field paths). */
  async checkFilter(filter: EventFilterInput | null | undefined): Promise<void> {
    await this.checked(filter ?? {}, 'filter');
  }

  /** Events of one stream in version order. */
  async stream(streamId: string): Promise<StoredEvent[]> {
    if (!STREAM_ID_PATTERN.test(streamId)) throw badInput('id', 'must match ^[a-z0-9][a-z0-9._:-]{0,127}$');
    return this.read((events) => events.stream(streamId));
  }

  async byIds(ids: readonly string[]): Promise<Map<string, StoredEvent>> {
    const wanted = ids.filter(isUuid).map((id) => id.toLowerCase());
    const found = await this.read((events) => events.byIds(wanted));
    return new Map(found.map((event) => [event.id, event]));
  }

  /**
   * For each event id: whether an EVENT_RETRACTED names it, and the latest EVENT_CORRECTED that
   * names it; only what was recorded by `knownAt`, when given.
   */
  async amendments(
    ids: readonly string[],
    knownAt: Date | null,
    upTo: string | null = null,
  ): Promise<Map<string, Amendments>> {
    const result = new Map<string, Amendments>(ids.map((id) => [id, { retracted: false, correctedBy: null }]));
    for (const amendment of await this.read((events) => events.amendmentsOf(ids, knownAt, upTo))) {
      const entry = amendment.refEventId === null ? undefined : result.get(amendment.refEventId);
      if (!entry) continue;
      if (amendment.type === 'EVENT_RETRACTED') entry.retracted = true;
      else entry.correctedBy = amendment; // ordered by position: the last one wins
    }
    return result;
  }

  /**
   * What the codes of the events in these streams depend on (codeContextOf in export-record.ts): per
   * stream, its first proposal's or agreement's kind of terms and its first pledge's action, as
   * corrected by what was recorded by `knownAt` and is at or below `upTo`, when given.
   */
  async streamSubjects(
    streamIds: readonly string[],
    knownAt: Date | null,
    upTo: string | null,
  ): Promise<Map<string, StreamSubject>> {
    const rows = await this.read((events) => events.subjectsOf(streamIds, knownAt, upTo));
    const oneOf = <T extends string>(values: readonly T[], value: string | null): T | null =>
      value !== null && (values as readonly string[]).includes(value) ? (value as T) : null;
    return new Map(
      rows.map((row) => [
        row.streamId,
        { kind: oneOf(TERMS_KINDS, row.kind), pledgeAction: oneOf(PLEDGE_ACTIONS, row.pledgeAction) },
      ]),
    );
  }

  /** The filter checked (BAD_USER_INPUT with each problem's path), its actors widened to those who act for them. */
  private async checked(filter: EventFilterInput, path: string): Promise<LogFilter> {
    const errors: FieldError[] = [];
    const tooLong = [
      listTooLong(`${path}.types`, filter.types, MAX_EVENT_TYPES),
      listTooLong(`${path}.actorIds`, filter.actorIds, MAX_ACTOR_IDS),
      listTooLong(`${path}.countries`, filter.countries, MAX_COUNTRIES),
      listTooLong(`${path}.targetCategories`, filter.targetCategories, MAX_TARGET_CATEGORIES),
      listTooLong(`${path}.means`, filter.means, MAX_MEANS),
      listTooLong(`${path}.sides`, filter.sides, MAX_SIDES),
    ].filter((e) => e !== null);
    if (tooLong.length) throw new ValidationFailed(tooLong);
    const types: EventType[] = [];
    filter.types?.forEach((type, i) => {
      if ((EVENT_TYPES as readonly string[]).includes(type)) types.push(type as EventType);
      else errors.push({ path: `${path}.types[${i}]`, reason: 'unknown event type' });
    });
    let agents: string[] | null = null;
    if (filter.actorIds?.length) {
      const found = await this.actors.agentsOf(filter.actorIds);
      const missing = new Set(found.unknown);
      filter.actorIds.forEach((id, i) => {
        if (missing.has(id)) errors.push({ path: `${path}.actorIds[${i}]`, reason: `unknown actor "${id}"` });
      });
      agents = found.agents;
    }
    filter.countries?.forEach((country, i) => {
      if (!isCountryCode(country))
        errors.push({
          path: `${path}.countries[${i}]`,
          reason: 'must be an ISO 3166-1 alpha-2 code (two upper-case letters)',
        });
    });
    const vocabulary = (name: 'targetCategories' | 'means', values: readonly string[]) =>
      filter[name]?.forEach((value, i) => {
        if (!values.includes(value))
          errors.push({ path: `${path}.${name}[${i}]`, reason: `must be one of ${values.join(', ')}` });
      });
    vocabulary('targetCategories', TARGET_CATEGORIES);
    vocabulary('means', STRIKE_MEANS);
    let sideAgents: string[] | null = null;
    if (filter.sides?.length) {
      const found = await this.actors.sidesOf(filter.sides);
      const missing = new Set(found.unknown);
      filter.sides.forEach((id, i) => {
        if (missing.has(id)) errors.push({ path: `${path}.sides[${i}]`, reason: `unknown actor "${id}"` });
      });
      sideAgents = found.agents;
    }
    if (filter.streamId != null && !STREAM_ID_PATTERN.test(filter.streamId))
      errors.push({ path: `${path}.streamId`, reason: 'must match ^[a-z0-9][a-z0-9._:-]{0,127}$' });
    if (filter.occurredFrom && filter.occurredTo && filter.occurredFrom >= filter.occurredTo) {
      errors.push({ path: `${path}.occurredTo`, reason: 'must be after occurredFrom' });
    }
    let text: string | null = null;
    if (filter.text != null) {
      text = filter.text.trim();
      if (text.length === 0 || text.length > 500)
        errors.push({ path: `${path}.text`, reason: 'must be 1 to 500 characters' });
      else if (text.includes('\u0000'))
        errors.push({ path: `${path}.text`, reason: 'must not contain NUL characters' });
    }
    if (errors.length) throw new ValidationFailed(errors);
    return {
      types: filter.types?.length ? types : null,
      agents,
      streamId: filter.streamId ?? null,
      occurredFrom: filter.occurredFrom ?? null,
      occurredTo: filter.occurredTo ?? null,
      occurredUpTo: filter.occurredUpTo ?? null,
      knownAt: filter.knownAt ?? null,
      text,
      includeRetracted: filter.includeRetracted ?? false,
      amendmentsUpTo: filter.amendmentsUpTo ?? null,
      countries: filter.countries?.length ? filter.countries : null,
      targetCategories: filter.targetCategories?.length ? filter.targetCategories : null,
      means: filter.means?.length ? filter.means : null,
      sideAgents,
    };
  }
}
