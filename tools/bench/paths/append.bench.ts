/**
 * Appends through GraphQL (appendEvents) by 4 concurrent clients, one event per request and 100,
 * each request a new stream, of new events (occurring after the log's last; 5 % recorded late, as in
 * the synthetic timeline); against raw pg multi-row INSERTs of the very rows they stored (read
 * back from the log) into bench_copy, a table of the same shape, constraints and indexes, by 4
 * concurrent connections, one transaction per batch.
 */
import { type BenchContext, graphql, validTimeEnd } from '../bench-context.js';
import { BENCH_ADMIN_KEY } from '../bench-processes.js';
import { latencies, runConcurrently } from '../bench-stats.js';
import { type SyntheticEvent, TIMELINE_START, shifted, syntheticTimeline } from '../synthetic-timeline.js';

const CLIENTS = 4;
/** Types whose payloads reference no other event or stream, so any of them can go to a new stream. */
export const SELF_CONTAINED = new Set(['STATEMENT_MADE', 'CALL_HELD', 'MEETING_HELD', 'STRIKE_REPORTED']);

const APPEND = `mutation BenchAppend($input: AppendEventsInput!) { appendEvents(input: $input) { lastPosition } }`;

/** New events as they would arrive now: a timeline of another seed, moved to start where the log's valid time ends (also the soak's). */
export function* freshEvents(seed: number, after: number): Generator<SyntheticEvent> {
  for (const line of syntheticTimeline(Number.MAX_SAFE_INTEGER, seed))
    if (SELF_CONTAINED.has(line.event.type)) yield shifted(line.event, after - TIMELINE_START);
}

export async function benchAppend(ctx: BenchContext): Promise<void> {
  for (const batch of [1, 100]) {
    const requests = ctx.quick ? (batch === 1 ? 400 : 20) : batch === 1 ? 2_000 : 80;
    const events = freshEvents(ctx.size + batch, await validTimeEnd(ctx.pool));
    const prefix = `bench-append-${ctx.size}-b${batch}`;
    const bodies = Array.from({ length: requests }, (_, i) => ({
      streamId: `${prefix}-${i}`,
      expectedVersion: 0,
      events: Array.from({ length: batch }, () => events.next().value as SyntheticEvent),
    }));
    const times: number[] = [];
    const started = performance.now();
    await runConcurrently(
      CLIENTS,
      bodies.map((input) => async () => {
        const t0 = performance.now();
        await graphql(ctx.service.url, APPEND, { input }, BENCH_ADMIN_KEY);
        times.push(performance.now() - t0);
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const rate = (requests * batch) / seconds;
    const lat = latencies(times);

    // Baseline: the same rows, as stored, by plain INSERTs with the same constraints.
    await ctx.pool.query('CREATE TABLE IF NOT EXISTS bench_copy (LIKE events INCLUDING ALL)');
    const { rows } = await ctx.pool.query<Record<string, unknown>>(
      'SELECT * FROM events WHERE stream_id LIKE $1 ORDER BY position',
      [`${prefix}-%`],
    );
    const columns = Object.keys(rows[0]);
    const batches = Array.from({ length: requests }, (_, i) => rows.slice(i * batch, (i + 1) * batch));
    const baseTimes: number[] = [];
    const baseStarted = performance.now();
    await runConcurrently(
      CLIENTS,
      batches.map((group) => async () => {
        const params: unknown[] = [];
        const values = group.map((row) => `(${columns.map((c) => `$${params.push(row[c])}`).join(', ')})`);
        const t0 = performance.now();
        await ctx.pool.query(`INSERT INTO bench_copy (${columns.join(', ')}) VALUES ${values.join(', ')}`, params);
        baseTimes.push(performance.now() - t0);
      }),
    );
    const baseRate = (requests * batch) / ((performance.now() - baseStarted) / 1000);
    const baseLat = latencies(baseTimes);
    const name = `append via GraphQL, ${CLIENTS} clients, batch ${batch}`;
    ctx.record({
      path: name,
      measure: 'events/s',
      size: ctx.size,
      value: rate,
      unit: 'events/s',
      baseline: baseRate,
      ratio: rate / baseRate,
      ...(batch === 100
        ? { target: '≥ 0.5', met: rate / baseRate >= 0.5 }
        : { target: '≥ 1,000 events/s', met: rate >= 1_000 }),
    });
    ctx.record({
      path: name,
      measure: 'p50 latency',
      size: ctx.size,
      value: lat.p50,
      unit: 'ms',
      baseline: baseLat.p50,
      ratio: baseLat.p50 / lat.p50,
    });
    ctx.record({
      path: name,
      measure: 'p99 latency',
      size: ctx.size,
      value: lat.p99,
      unit: 'ms',
      baseline: baseLat.p99,
      ratio: baseLat.p99 / lat.p99,
      ...(batch === 1 ? { target: '≤ 20 ms', met: lat.p99 <= 20 } : {}),
    });
  }
}
