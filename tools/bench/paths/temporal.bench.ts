/**
 * Temporal reads: `pledge(id, asOf)` and `ceasefire(id, asOf, knownAt)`, folded from the log on
 * demand, against the same reads without them (the projected rows), by one client (the read's own
 * latency) and by four at once (under load). Every pledge and ceasefire in
 * turn; asOf a day into each pledge's life (or the ceasefire's), knownAt half-way through the log.
 */
import { CEASEFIRE_QUERY, PLEDGE_QUERY } from '../bench-queries.js';
import type { BenchContext } from '../bench-context.js';
import { load } from './autocannon-run.js';

const DAY = 86_400_000;

export async function benchTemporal(ctx: BenchContext): Promise<void> {
  const seconds = ctx.quick ? 3 : 10;
  const pledges = (
    await ctx.pool.query<{ id: string; made: string }>(
      "SELECT id, (state->>'madeAt')::bigint AS made FROM rm_pledges ORDER BY id",
    )
  ).rows;
  const ceasefires = (
    await ctx.pool.query<{ id: string; proposed: string }>(
      "SELECT id, (state->>'proposedAt')::bigint AS proposed FROM rm_ceasefires ORDER BY id",
    )
  ).rows;
  const {
    rows: [{ known }],
  } = await ctx.pool.query<{ known: Date }>(
    'SELECT recorded_at AS known FROM events WHERE position = (SELECT last_position / 2 FROM log_head)',
  );
  const cases = [
    {
      name: 'pledge(id, asOf)',
      plain: pledges.map((p) => JSON.stringify({ query: PLEDGE_QUERY, variables: { id: p.id } })),
      temporal: pledges.map((p) =>
        JSON.stringify({
          query: PLEDGE_QUERY,
          variables: { id: p.id, asOf: new Date(Number(p.made) + DAY).toISOString() },
        }),
      ),
    },
    {
      name: 'ceasefire(id, asOf, knownAt)',
      plain: ceasefires.map((c) => JSON.stringify({ query: CEASEFIRE_QUERY, variables: { id: c.id } })),
      temporal: ceasefires.map((c) =>
        JSON.stringify({
          query: CEASEFIRE_QUERY,
          variables: {
            id: c.id,
            asOf: new Date(Number(c.proposed) + DAY).toISOString(),
            knownAt: new Date(known).toISOString(),
          },
        }),
      ),
    },
  ];
  for (const c of cases) {
    // The read's own latency (one client at a time), then under load (4 clients on this 2-core machine).
    const alone = await load(`${ctx.service.url}/graphql`, c.temporal, seconds, 1);
    const plain = await load(`${ctx.service.url}/graphql`, c.plain, seconds, 1);
    const loaded = await load(`${ctx.service.url}/graphql`, c.temporal, seconds, 4);
    const plainLoaded = await load(`${ctx.service.url}/graphql`, c.plain, seconds, 4);
    ctx.record({
      path: `temporal read ${c.name}`,
      measure: 'p99 latency, 1 client',
      size: ctx.size,
      value: alone.p99,
      unit: 'ms',
      baseline: plain.p99,
      ratio: plain.p99 / alone.p99,
      target: '≤ 10 ms at 1M',
      met: ctx.size < 1_000_000 ? undefined : alone.p99 <= 10,
    });
    ctx.record({
      path: `temporal read ${c.name}`,
      measure: 'p99 latency, 4 clients',
      size: ctx.size,
      value: loaded.p99,
      unit: 'ms',
      baseline: plainLoaded.p99,
      ratio: plainLoaded.p99 / loaded.p99,
    });
  }
}
