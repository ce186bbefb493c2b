/**
 * Exports over HTTP (GET /export/events) in each format, read to the end by this process, with the
 * service's peak RSS while it streamed; against COPY (SELECT the same columns) TO STDOUT.
 */
import { pipeline } from 'node:stream/promises';
import { Writable } from 'node:stream';
import { to as copyTo } from 'pg-copy-streams';
import { type BenchContext, logHead } from '../bench-context.js';

const MB = 1024 * 1024;

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
    const response = await fetch(`${ctx.service.url}/export/events?format=${format}&upToPosition=${head}`);
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
}
