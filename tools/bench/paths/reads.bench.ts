/**
 * Reads over HTTP under load (autocannon, 8 connections): `events(first: 50, filter)` and
 * the `ceasefires`, `pledges` and `agreements` lists through GraphQL, against the bare Fastify baseline running the same SQL and
 * answering the same JSON (checked before measuring).
 */
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { AGREEMENTS_QUERY, CEASEFIRES_QUERY, EVENTS_QUERY, EVENTS_VARIABLES, PLEDGES_QUERY } from '../bench-queries.js';
import type { BenchContext } from '../bench-context.js';
import { TOOLS_DIST_DIR } from '../../../src/config/project-paths.js';
import { startService } from '../bench-processes.js';
import { load } from './autocannon-run.js';

async function post(url: string, body: string): Promise<unknown> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  return response.json();
}

export async function benchReads(ctx: BenchContext): Promise<void> {
  const seconds = ctx.quick ? 3 : 10;
  const cases = [
    {
      name: 'events(first: 50, filter)',
      body: JSON.stringify({ query: EVENTS_QUERY, variables: EVENTS_VARIABLES }),
      route: '/events',
      baseBody: JSON.stringify(EVENTS_VARIABLES),
    },
    { name: 'ceasefires', body: JSON.stringify({ query: CEASEFIRES_QUERY }), route: '/ceasefires', baseBody: '{}' },
    { name: 'pledges', body: JSON.stringify({ query: PLEDGES_QUERY }), route: '/pledges', baseBody: '{}' },
    { name: 'agreements', body: JSON.stringify({ query: AGREEMENTS_QUERY }), route: '/agreements', baseBody: '{}' },
  ];
  for (const c of cases) {
    const mine = await post(`${ctx.service.url}/graphql`, c.body);
    const theirs = await post(`${ctx.baseline.url}${c.route}`, c.baseBody);
    if (!isDeepStrictEqual(mine, theirs)) {
      throw new Error(
        `the baseline's answer to ${c.name} differs from the service's:\n${JSON.stringify(mine).slice(0, 600)}\n${JSON.stringify(theirs).slice(0, 600)}`,
      );
    }
    const service = await load(`${ctx.service.url}/graphql`, [c.body], seconds);
    const baseline = await load(`${ctx.baseline.url}${c.route}`, [c.baseBody], seconds);
    const path = `read ${c.name}`;
    ctx.record({
      path,
      measure: 'req/s',
      size: ctx.size,
      value: service.rps,
      unit: 'req/s',
      baseline: baseline.rps,
      ratio: service.rps / baseline.rps,
      target: '≥ 0.5',
      met: service.rps / baseline.rps >= 0.5,
    });
    ctx.record({
      path,
      measure: 'p99 latency',
      size: ctx.size,
      value: service.p99,
      unit: 'ms',
      baseline: baseline.p99,
      ratio: baseline.p99 / service.p99,
      target: 'at 1M ≤ 1.5 × at 10k',
    });
  }
  // The same application with Mercurius (graphql-jit) as its GraphQL driver: the ratio is Apollo ÷ Mercurius.
  const mercurius = await startService(
    ctx.database.url,
    { RUN_PROJECTIONS: 'false' },
    path.join(TOOLS_DIST_DIR, 'bench/mercurius-main.js'),
  );
  try {
    for (const c of cases) {
      const theirs = await post(`${mercurius.url}/graphql`, c.body);
      const mine = await post(`${ctx.service.url}/graphql`, c.body);
      if (!isDeepStrictEqual(mine, theirs)) throw new Error(`Mercurius answers ${c.name} differently`);
      const apollo = await load(`${ctx.service.url}/graphql`, [c.body], seconds);
      const other = await load(`${mercurius.url}/graphql`, [c.body], seconds);
      ctx.record({
        path: `read ${c.name}: Apollo vs Mercurius`,
        measure: 'req/s',
        size: ctx.size,
        value: apollo.rps,
        unit: 'req/s',
        baseline: other.rps,
        ratio: apollo.rps / other.rps,
      });
    }
  } finally {
    await mercurius.stop();
  }
}
