/**
 * Projection rebuild (both read models, as `npm run projections:rebuild` does it, in this process)
 * against an ordered scan of the events table reading the same columns (FOLD_COLUMNS) in batches.
 */
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../../src/database/data-source-options.js';
import { FOLD_COLUMNS, type FoldEventRow } from '../../../src/events/event-rows.js';
import { rebuild } from '../../../src/read-models/projector/rebuild.js';
import { PROJECTIONS } from '../../../src/read-models/read-models.js';
import { type BenchContext, logHead } from '../bench-context.js';

const SCAN_BATCH = 5_000;

export async function benchRebuild(ctx: BenchContext): Promise<void> {
  const events = await logHead(ctx.pool);
  const db = new DataSource(dataSourceOptions(ctx.database.url, 4));
  await db.initialize();
  let seconds: number;
  try {
    const started = performance.now();
    for (const projection of PROJECTIONS) await rebuild(db, projection);
    seconds = (performance.now() - started) / 1000;
  } finally {
    await db.destroy();
  }
  const scanStarted = performance.now();
  let last = 0;
  let scanned = 0;
  for (;;) {
    const { rows } = await ctx.pool.query<FoldEventRow>(
      `SELECT ${FOLD_COLUMNS} FROM events e WHERE e.position > $1 ORDER BY e.position LIMIT ${SCAN_BATCH}`,
      [last],
    );
    if (rows.length === 0) break;
    scanned += rows.length;
    last = Number(rows[rows.length - 1].position);
  }
  const scanSeconds = (performance.now() - scanStarted) / 1000;
  if (scanned !== events) throw new Error(`scanned ${scanned} events, expected ${events}`);
  const rate = events / seconds;
  const baseline = events / scanSeconds;
  ctx.record({
    path: 'projection rebuild (both)',
    measure: 'events/s',
    size: ctx.size,
    value: rate,
    unit: 'events/s',
    baseline,
    ratio: rate / baseline,
    target: '≥ 0.3',
    met: rate / baseline >= 0.3,
  });
  ctx.record({
    path: 'projection rebuild (both)',
    measure: 'time',
    size: ctx.size,
    value: seconds,
    unit: 's',
    target: '1M < 120 s',
    met: ctx.size >= 1_000_000 ? seconds < 120 : undefined,
  });
}
