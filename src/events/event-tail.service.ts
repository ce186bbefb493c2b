/**
 * Shared reads of the log's tail for subscriptions. When an append is announced, every subscriber
 * wakes and reads the head and then its next events: with hundreds of subscribers that is hundreds
 * of identical queries. Here the head is read once per announcement, and a page (filter, after,
 * upTo) once for all subscribers asking for it at the same moment, its nodes built once.
 */
import { Inject, Injectable } from '@nestjs/common';
import { PgNotifierService } from '../database/pg-notifier.service.js';
import type { RequestContext } from '../graphql/request-context.js';
import { type EventNode, nodesFor } from './event-node.js';
import { type EventFilterInput, EventQueryService } from './event-query.service.js';
import { EventStoreService } from './event-store.service.js';
import { canonicalJson } from '../common/canonical-json.js';
import { isDatabaseUnavailable } from '../common/graphql-errors.js';

/** How long a page read stays shared after it settles (subscribers woken by one append ask within it). */
const SHARE_MS = 1_000;

export interface TailPage {
  /** Position of the page's last event (null when empty). */
  lastPosition: string | null;
  count: number;
  nodes: EventNode[];
}

@Injectable()
export class EventTailService {
  private announcements = 0;
  private head: { announcement: number; value: Promise<string> } | null = null;
  private readonly pages = new Map<string, Promise<TailPage>>();

  constructor(
    @Inject(EventQueryService) private readonly query: EventQueryService,
    @Inject(EventStoreService) private readonly store: EventStoreService,
    @Inject(PgNotifierService) notifier: PgNotifierService,
  ) {
    // Registered before any subscriber's watch, so the count moves before they wake.
    notifier.on('events_appended', () => this.announcements++);
  }

  /** The log head, read at most once per announcement for everyone who asks. */
  lastPosition(): Promise<string> {
    if (this.head?.announcement !== this.announcements) {
      const value = this.headNow();
      const entry = { announcement: this.announcements, value };
      this.head = entry;
      value.catch(() => {
        if (this.head === entry) this.head = null;
      });
    }
    return this.head.value;
  }

  /** The log's head on the primary; where reads go (the replica) while the primary is unreachable. */
  async headNow(): Promise<string> {
    try {
      return await this.store.lastPosition();
    } catch (error) {
      if (!isDatabaseUnavailable(error)) throw error;
      return this.query.lastPosition();
    }
  }

  /** Events matching the filter in (after, upTo], at most `limit`, as nodes; shared by identical asks. */
  page(
    ctx: RequestContext,
    filter: EventFilterInput | null,
    after: string,
    upTo: string,
    limit: number,
  ): Promise<TailPage> {
    const key = `${canonicalJson(filter ?? {})}|${after}|${upTo}|${limit}`;
    let page = this.pages.get(key);
    if (!page) {
      page = (async () => {
        const events = await this.query.range(filter, after, upTo, limit);
        return {
          lastPosition: events.length ? events[events.length - 1].position : null,
          count: events.length,
          nodes: await nodesFor(ctx, events),
        };
      })();
      this.pages.set(key, page);
      const forget = () => setTimeout(() => this.pages.delete(key), SHARE_MS).unref();
      page.then(forget, () => this.pages.delete(key));
    }
    return page;
  }
}
