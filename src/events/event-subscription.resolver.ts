/**
 * Subscription.eventAppended: catch-up from `afterPosition` (default: the head at subscription
 * time), then live; in position order, with no gap and no duplicate. The head is read from
 * `log_head`, whose row lock each append holds to commit, so every position up to it is visible.
 */
import { Inject } from '@nestjs/common';
import { Args, Context, Resolver, Subscription } from '@nestjs/graphql';
import { isDatabaseUnavailable } from '../common/graphql-errors.js';
import type { RequestContext } from '../graphql/request-context.js';
import { BigIntScalar } from '../graphql/scalars.js';
import { EventFilterInput } from './dto/event-filter.input.js';
import type { EventNode } from './event-node.js';
import { POLL_INTERVAL_MS, PgNotifierService } from '../database/pg-notifier.service.js';
import { EventQueryService } from './event-query.service.js';
import { EventTailService } from './event-tail.service.js';
import { EventModel } from './models/event.model.js';

const BATCH = 500;
/** How often a subscription looks again while the database is unavailable. */
const RETRY_MS = 1_000;

@Resolver(() => EventModel)
export class EventSubscriptionResolver {
  constructor(
    @Inject(EventQueryService) private readonly query: EventQueryService,
    @Inject(PgNotifierService) private readonly notifier: PgNotifierService,
    @Inject(EventTailService) private readonly tail: EventTailService,
  ) {}

  @Subscription(() => EventModel, {
    name: 'eventAppended',
    description: 'Catch-up from afterPosition (default: now), then live; no gaps, no duplicates, in position order.',
  })
  async eventAppended(
    @Context() ctx: RequestContext,
    @Args('filter', { type: () => EventFilterInput, nullable: true }) filter: EventFilterInput | null,
    @Args('afterPosition', { type: () => BigIntScalar, nullable: true }) afterPosition: string | null,
  ): Promise<AsyncIterableIterator<{ eventAppended: EventNode }>> {
    await this.query.checkFilter(filter); // bad filters fail the subscribe, not the stream
    const start = afterPosition ?? (await this.tail.headNow());
    const stop = new AbortController();
    const inner = this.follow(ctx, filter, start, stop.signal);
    // A generator waiting for the next append would only see return() at its next yield: abort the wait first.
    const iterator: AsyncIterableIterator<{ eventAppended: EventNode }> = {
      next: () => inner.next(),
      return: (value?: unknown) => {
        stop.abort();
        return inner.return(value);
      },
      throw: (error?: unknown) => {
        stop.abort();
        return inner.throw(error);
      },
      [Symbol.asyncIterator]: () => iterator,
    };
    return iterator;
  }

  private async *follow(
    ctx: RequestContext,
    filter: EventFilterInput | null,
    start: string,
    signal: AbortSignal,
  ): AsyncGenerator<{ eventAppended: EventNode }> {
    let checkpoint = BigInt(start);
    // Watch before reading the head: an append landing between the read and the wait is not lost.
    const appends = this.notifier.watch('events_appended');
    try {
      while (!signal.aborted) {
        try {
          const head = BigInt(await this.tail.lastPosition());
          while (checkpoint < head && !signal.aborted) {
            const page = await this.tail.page(ctx, filter, checkpoint.toString(), head.toString(), BATCH);
            for (const node of page.nodes) yield { eventAppended: node };
            checkpoint = page.count === BATCH ? BigInt(page.lastPosition as string) : head;
          }
        } catch (error) {
          // The database went away: the subscription waits for it and goes on from its checkpoint.
          if (!isDatabaseUnavailable(error)) throw error;
          await appends.next(RETRY_MS, signal);
          continue;
        }
        await appends.next(POLL_INTERVAL_MS, signal);
      }
    } finally {
      appends.close();
    }
  }
}
