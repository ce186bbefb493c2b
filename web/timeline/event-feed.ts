/**
 * The events the timeline draws, and how they stay current: for a filter, the log's head is read
 * first, the live subscription starts from it, and then the events are loaded page by page (the
 * latest in valid time first, at most MAX_EVENTS); whatever arrives while the pages load is merged
 * after, by id. Every event appended after the head therefore arrives exactly once, whichever way
 * the load and the subscription interleave; a reconnect replays from the head and duplicates are
 * dropped. A newer filter supersedes an older one's load and subscription. A correction or
 * retraction reloads only the event it names; when the filter would leave corrections out (they
 * have no actors, and a type filter may not name them), a second subscription follows them alone.
 */
import type { Client } from 'graphql-ws';
import { comparePositions, lateRecorded } from './event-time.js';
import { type LiveStatus, liveClient, query, subscribe } from './graphql-client.js';
import {
  TimelineEventDocument,
  TimelineEventsDocument,
  TimelineEventAppendedDocument,
  TimelineLogHeadDocument,
} from '../generated/graphql.js';
import { type EventFilter, type EventType, type EventsPage, type TimelineEvent, payloadOf } from './types.js';

/** At most this many events are drawn (10 pages of 500); the status line says when there are more. */
export const MAX_EVENTS = 5_000;

export interface FeedHandlers {
  /** Events were added or replaced: draw again. */
  changed(): void;
  /** A live event was added; after a load, the latest of those that arrived while it ran. */
  arrived(event: TimelineEvent): void;
  status: LiveStatus;
  failed(error: unknown): void;
}

const byValidTime = (a: TimelineEvent, b: TimelineEvent) =>
  Date.parse(a.occurredAt) - Date.parse(b.occurredAt) || comparePositions(a.position, b.position);

export class EventFeed {
  /** In valid-time order. */
  events: TimelineEvent[] = [];
  /** How many events match the filter (more than `events` when the load stopped at MAX_EVENTS). */
  totalCount = 0;
  late = new Set<string>();
  private generation = 0;
  private request: AbortController | null = null;
  private pending: TimelineEvent[] | null = null;
  private pendingLinks: TimelineEvent[] | null = null;
  private client: Client | null = null;
  private unsubscribe: Array<() => void> = [];
  /** The latest reading asked for, by event id (see reloadNamed). */
  private readonly reloads = new Map<string, number>();

  constructor(private readonly handlers: FeedHandlers) {}

  /**
   * Loads the events of `filter` and follows the log; resolves false when a newer load superseded
   * this one. When it fails, nothing of the filter is drawn or followed (and it rejects).
   */
  async load(filter: EventFilter): Promise<boolean> {
    const generation = ++this.generation;
    this.request?.abort();
    this.stopFollowing();
    this.reloads.clear();
    const request = new AbortController();
    this.request = request;
    this.pending = [];
    this.pendingLinks = [];
    const loaded: TimelineEvent[] = [];
    let total = 0;
    try {
      const head = await query(TimelineLogHeadDocument, {}, request.signal);
      if (generation !== this.generation) return false;
      this.follow(filter, head.events.edges[0]?.node.position ?? '0', generation);
      let after: string | null = null;
      do {
        const page: EventsPage = await query(TimelineEventsDocument, { filter, after }, request.signal);
        if (generation !== this.generation) return false;
        total = page.events.totalCount;
        loaded.push(...page.events.edges.map((edge) => edge.node));
        after = page.events.pageInfo.hasNextPage ? page.events.pageInfo.endCursor : null;
      } while (after && loaded.length < MAX_EVENTS);
    } catch (error) {
      if (generation !== this.generation) return false;
      this.stopFollowing();
      this.pending = null;
      this.pendingLinks = null;
      this.events = [];
      this.totalCount = 0;
      this.settle();
      throw error;
    }
    const arrivedMeanwhile = [...(this.pending ?? []), ...(this.pendingLinks ?? [])];
    const drawn = this.pending ?? [];
    this.pending = null;
    this.pendingLinks = null;
    this.events = loaded.sort(byValidTime);
    this.totalCount = total;
    const ids = new Set(this.events.map((e) => e.id));
    for (const event of drawn) {
      if (ids.has(event.id)) continue;
      ids.add(event.id);
      this.events.push(event);
      // Appended after the count was taken (positions after the head): count them too.
      this.totalCount += 1;
    }
    this.settle();
    const latest = drawn.reduce<TimelineEvent | null>(
      (last, e) => (!last || comparePositions(e.position, last.position) > 0 ? e : last),
      null,
    );
    if (latest) this.handlers.arrived(latest);
    for (const event of arrivedMeanwhile) if (isLink(event)) void this.reloadNamed(event);
    return true;
  }

  private stopFollowing(): void {
    for (const stop of this.unsubscribe) stop();
    this.unsubscribe = [];
  }

  private follow(filter: EventFilter, afterPosition: string, generation: number): void {
    this.stopFollowing();
    const client = (this.client ??= liveClient(this.handlers.status));
    const listen = (followed: EventFilter, take: (event: TimelineEvent) => void) =>
      subscribe(
        client,
        TimelineEventAppendedDocument,
        { filter: followed, afterPosition },
        {
          next: ({ eventAppended }) => {
            if (generation === this.generation) take(eventAppended);
          },
          error: (error) => {
            if (generation === this.generation) this.handlers.failed(error);
          },
        },
      );
    this.unsubscribe = [listen(filter, (event) => this.take(event))];
    const narrowed = Object.keys(filter).some((key) => key !== 'includeRetracted');
    if (narrowed)
      this.unsubscribe.push(listen({ types: LINK_TYPES, includeRetracted: true }, (event) => this.takeLink(event)));
  }

  private take(event: TimelineEvent): void {
    if (this.pending) {
      this.pending.push(event);
      return;
    }
    if (this.events.some((e) => e.id === event.id)) return;
    this.events.push(event);
    this.totalCount += 1;
    this.settle();
    this.handlers.arrived(event);
    if (isLink(event)) void this.reloadNamed(event);
  }

  /** A correction or retraction the filter leaves out: it is not drawn, but the event it names is read again. */
  private takeLink(link: TimelineEvent): void {
    if (this.pendingLinks) this.pendingLinks.push(link);
    else void this.reloadNamed(link);
  }

  private settle(): void {
    this.events.sort(byValidTime);
    this.late = lateRecorded(this.events);
    this.handlers.changed();
  }

  /**
   * A correction or retraction changes how the event it names is drawn: read that event again.
   * Only the latest reading of an event is applied (a correction and a retraction in quick
   * succession can be answered out of order).
   */
  private async reloadNamed(link: TimelineEvent): Promise<void> {
    const { correctedEventId, retractedEventId } = payloadOf(link);
    const id = correctedEventId ?? retractedEventId;
    if (typeof id !== 'string' || !this.events.some((e) => e.id === id)) return;
    const generation = this.generation;
    const turn = (this.reloads.get(id) ?? 0) + 1;
    this.reloads.set(id, turn);
    try {
      const { event } = await query(TimelineEventDocument, { id });
      if (generation !== this.generation || this.reloads.get(id) !== turn) return;
      const index = this.events.findIndex((e) => e.id === id);
      if (!event || index === -1) return;
      this.events[index] = event;
      this.handlers.changed();
    } catch (error) {
      if (generation === this.generation) this.handlers.failed(error);
    }
  }
}

const LINK_TYPES: EventType[] = ['EVENT_CORRECTED', 'EVENT_RETRACTED'];

function isLink(event: TimelineEvent): boolean {
  return LINK_TYPES.includes(event.type);
}
