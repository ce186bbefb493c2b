/**
 * Subscription fan-out: 500 graphql-ws clients subscribed to eventAppended; events appended one at
 * a time through GraphQL; delivery latency from sending the append to each subscriber's receipt.
 */
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { type BenchContext, graphql, validTimeEnd } from '../bench-context.js';
import { BENCH_ADMIN_KEY } from '../bench-processes.js';
import { latencies } from '../bench-stats.js';
import { TIMELINE_START, shifted, syntheticTimeline } from '../synthetic-timeline.js';

const SUBSCRIBERS = 500;
const APPEND = `mutation BenchAppend($input: AppendEventsInput!) { appendEvents(input: $input) { lastPosition } }`;

export async function benchSubscriptions(ctx: BenchContext): Promise<void> {
  const appends = ctx.quick ? 10 : 30;
  const sentAt = new Map<string, number>();
  const delays: number[] = [];
  let received = 0;
  const wsUrl = `${ctx.service.url.replace('http', 'ws')}/graphql`;
  const clients = Array.from({ length: SUBSCRIBERS }, () =>
    createClient({ url: wsUrl, webSocketImpl: WebSocket, lazy: false, retryAttempts: 0 }),
  );
  const done: Array<() => void> = [];
  let ready = 0;
  await new Promise<void>((resolve, reject) => {
    for (const client of clients) {
      client.on('connected', () => {
        if (++ready === SUBSCRIBERS) resolve();
      });
      done.push(
        client.subscribe<{ eventAppended: { id: string } }>(
          { query: 'subscription { eventAppended(filter: { types: [STATEMENT_MADE] }) { id } }' },
          {
            next: ({ data }) => {
              const sent = data ? sentAt.get(data.eventAppended.id) : undefined;
              if (sent !== undefined) {
                delays.push(performance.now() - sent);
                received++;
              }
            },
            error: reject,
            complete: () => undefined,
          },
        ),
      );
    }
  });
  // Let every subscription reach the live phase before the first append.
  await new Promise((r) => setTimeout(r, 2_000));
  const end = await validTimeEnd(ctx.pool);
  const statements = [...syntheticTimeline(2_000, ctx.size + 7)]
    .filter((l) => l.event.type === 'STATEMENT_MADE')
    .slice(0, appends)
    .map((l) => ({ ...l, event: shifted(l.event, end - TIMELINE_START) }));
  for (const [i, line] of statements.entries()) {
    sentAt.set(line.event.id, performance.now());
    await graphql(
      ctx.service.url,
      APPEND,
      { input: { streamId: `bench-subscriptions-${ctx.size}-${i}`, events: [line.event] } },
      BENCH_ADMIN_KEY,
    );
    await new Promise((r) => setTimeout(r, 200));
  }
  const deadline = Date.now() + 10_000;
  while (received < SUBSCRIBERS * statements.length && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 100));
  done.forEach((unsubscribe) => unsubscribe());
  // graphql-ws types dispose() as `void | Promise<void>`: await each, whichever it is.
  await Promise.all(
    clients.map(async (c) => {
      await c.dispose();
    }),
  );
  const expected = SUBSCRIBERS * statements.length;
  if (received !== expected) throw new Error(`subscribers received ${received} of ${expected} deliveries`);
  const lat = latencies(delays);
  ctx.record({
    path: `subscriptions, ${SUBSCRIBERS} subscribers`,
    measure: 'delivery p99',
    size: ctx.size,
    value: lat.p99,
    unit: 'ms',
    target: '≤ 200 ms',
    met: lat.p99 <= 200,
  });
  ctx.record({
    path: `subscriptions, ${SUBSCRIBERS} subscribers`,
    measure: 'delivery p50',
    size: ctx.size,
    value: lat.p50,
    unit: 'ms',
  });
}
