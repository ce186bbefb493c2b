/**
 * Exports over HTTP (GET /export/events) in each format, read to the end by this process, with the
 * service's peak RSS while it streamed; against COPY (SELECT the same columns) TO STDOUT. Then the
 * latency of `events(first: 50)` read by 2 clients while a whole-log Parquet export streams, against
 * the same reads with no export running: what an export costs the other requests of the instance.
 */
import { pipeline } from 'node:stream/promises';
import { Writable } from 'node:stream';
import { to as copyTo } from 'pg-copy-streams';
import { type BenchContext, graphql, logHead } from '../bench-context.js';
import { latencies } from '../bench-stats.js';

const IDENTITY = { headers: { 'accept-encoding': 'identity' } };

const MB = 1024 * 1024;
const READ_QUERY = '{ events(first: 50) { edges { node { id position type summary } } } }';
const READ_CLIENTS = 2;

/** Latencies (ms) of `events(first: 50)` read back to back by READ_CLIENTS clients until `done` says stop. */
async function readsUntil(url: string, done: () => boolean): Promise<number[]> {
  const samples: number[] = [];
  const client = async () => {
    while (!done()) {
      const started = performance.now();
      await graphql(url, READ_QUERY);
      samples.push(performance.now() - started);
    }
  };
  await Promise.all(Array.from({ length: READ_CLIENTS }, client));
  return samples;
}

function counter(): { sink: Writable; bytes: () => number } {
  let bytes = 0;
  return {
    sink: new Writable({
      write(chunk: Buffer, _encoding, done) {
        bytes += chunk.length;
        done();
      },
    }),
    bytes: () => bytes,
  };
}

export async function benchExport(ctx: BenchContext): Promise<void> {
  const head = await logHead(ctx.pool);
  const client = await ctx.pool.connect();
  const copy = counter();
  const copyStarted = performance.now();
  try {
    await pipeline(
      client.query(
        copyTo(`COPY (SELECT position, id, stream_id, stream_version, type, schema_version, data, metadata, occurred_at, occurred_precision,
                             recorded_at, actor_ids, ref_event_id, summary, cameo_code
                        FROM events WHERE position <= ${head} ORDER BY position) TO STDOUT`),
      ),
      copy.sink,
    );
  } finally {
    client.release();
  }
  const copySeconds = (performance.now() - copyStarted) / 1000;
  const baseline = head / copySeconds;
  for (const format of ['ndjson', 'csv', 'parquet'] as const) {
    ctx.service.resetPeak();
    const sink = counter();
    const started = performance.now();
    // The export itself, uncompressed (fetch would ask for gzip and spend its time decompressing).
    const response = await fetch(`${ctx.service.url}/export/events?format=${format}&upToPosition=${head}`, IDENTITY);
    if (!response.ok || !response.body) throw new Error(`export ${format}: HTTP ${response.status}`);
    await pipeline(response.body, sink.sink);
    const seconds = (performance.now() - started) / 1000;
    const peak = ctx.service.peakRss();
    const rate = head / seconds;
    const target = format === 'ndjson' ? 0.5 : format === 'parquet' ? 0.25 : undefined;
    const path = `export ${format.toUpperCase()}`;
    ctx.record({
      path,
      measure: 'events/s',
      size: ctx.size,
      value: rate,
      unit: 'events/s',
      baseline,
      ratio: rate / baseline,
      ...(target ? { target: `≥ ${target}`, met: rate / baseline >= target } : {}),
    });
    ctx.record({
      path,
      measure: 'MB/s',
      size: ctx.size,
      value: sink.bytes() / MB / seconds,
      unit: 'MB/s',
      baseline: copy.bytes() / MB / copySeconds,
    });
    ctx.record({
      path,
      measure: 'service peak RSS',
      size: ctx.size,
      value: peak / MB,
      unit: 'MB',
      target: '< 300 MB at 1M',
      met: ctx.size >= 1_000_000 ? peak / MB < 300 : undefined,
    });
  }
  await readsDuringParquet(ctx, head);
}

/** p99 of reads while a whole-log Parquet export streams, against the same reads for as long with none. */
async function readsDuringParquet(ctx: BenchContext, head: number): Promise<void> {
  let exporting = true;
  const started = performance.now();
  const exported = (async () => {
    try {
      const response = await fetch(`${ctx.service.url}/export/events?format=parquet&upToPosition=${head}`, IDENTITY);
      if (!response.ok || !response.body) throw new Error(`export parquet: HTTP ${response.status}`);
      await pipeline(response.body, counter().sink);
    } finally {
      exporting = false;
    }
  })();
  const during = await readsUntil(ctx.service.url, () => !exporting);
  await exported;
  const ms = performance.now() - started;
  const quietUntil = performance.now() + ms;
  const quiet = await readsUntil(ctx.service.url, () => performance.now() >= quietUntil);
  const [busy, idle] = [latencies(during), latencies(quiet)];
  ctx.record({
    path: `events(first: 50), ${READ_CLIENTS} clients, during a Parquet export`,
    measure: 'p99 latency',
    size: ctx.size,
    value: busy.p99,
    unit: 'ms',
    baseline: idle.p99,
    ratio: idle.p99 / busy.p99,
  });
  ctx.record({
    path: `events(first: 50), ${READ_CLIENTS} clients, during a Parquet export`,
    measure: 'max latency',
    size: ctx.size,
    value: busy.max,
    unit: 'ms',
    baseline: idle.max,
    ratio: idle.max / busy.max,
  });
  ctx.log(`reads during the Parquet export: ${busy.count} (${idle.count} with no export, for as long)`);
}
