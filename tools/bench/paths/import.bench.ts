/**
 * Bulk import (the CLI, as a user runs it) of the synthetic events up to the size, against COPY of
 * the same rows into a scratch table of the same shape (bench_copy: LIKE events INCLUDING ALL, so
 * the same columns, constraints and indexes, grown with the log so its indexes are as deep).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { type BenchContext, logHead } from '../bench-context.js';
import { runNode } from '../bench-processes.js';
import { syntheticActors, syntheticTimeline } from '../synthetic-timeline.js';

/**
 * Imports events [from, to) of the synthetic timeline through the import CLI, as a user runs it
 * (files written in `dir`); from 0, the actors too. The soak (src/soak) seeds its log with it.
 */
export async function importSyntheticTimeline(
  databaseUrl: string,
  dir: string,
  from: number,
  to: number,
): Promise<{ seconds: number; stdout: string }> {
  const eventsFile = path.join(dir, `events-${from}-${to}.ndjson`);
  const out = fs.createWriteStream(eventsFile);
  let n = 0;
  for (const line of syntheticTimeline(to)) {
    if (n++ < from) continue;
    if (!out.write(`${JSON.stringify(line)}\n`)) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  await new Promise<void>((r) => out.end(() => r()));
  return runNode('cli/import.cli.js', importArgs(dir, eventsFile, from === 0), {
    DATABASE_URL: databaseUrl,
    LOG_LEVEL: 'warn',
  });
}

/** The import CLI's arguments for `eventsFile`, with the synthetic actors (written in `dir`) when `withActors`. */
export function importArgs(dir: string, eventsFile: string, withActors: boolean): string[] {
  if (!withActors) return [eventsFile];
  const actorsFile = path.join(dir, 'actors.ndjson');
  fs.writeFileSync(
    actorsFile,
    syntheticActors()
      .map((a) => JSON.stringify(a))
      .join('\n'),
  );
  return ['--actors', actorsFile, eventsFile];
}

/** Imports events [from, to) of the synthetic timeline; the first call registers the actors too. */
export async function benchImport(ctx: BenchContext, from: number, to: number): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'diplomacy-bench-import-'));
  try {
    const before = await logHead(ctx.pool);
    const run = await importSyntheticTimeline(ctx.database.url, dir, from, to);
    const after = await logHead(ctx.pool);
    if (after - before !== to - from)
      throw new Error(`import wrote ${after - before} events, not ${to - from}: ${run.stdout.slice(-500)}`);
    const rate = (to - from) / run.seconds;

    // Baseline: the same rows, by COPY, into a table of the same shape.
    await ctx.pool.query('CREATE TABLE IF NOT EXISTS bench_copy (LIKE events INCLUDING ALL)');
    const rowsFile = path.join(dir, 'rows.copy');
    const client = await ctx.pool.connect();
    try {
      await pipeline(
        client.query(
          copyTo(
            `COPY (SELECT * FROM events WHERE position > ${before} AND position <= ${after} ORDER BY position) TO STDOUT`,
          ),
        ),
        fs.createWriteStream(rowsFile),
      );
      const started = performance.now();
      await pipeline(fs.createReadStream(rowsFile), client.query(copyFrom('COPY bench_copy FROM STDIN')));
      const copySeconds = (performance.now() - started) / 1000;
      const baseline = (to - from) / copySeconds;
      ctx.record({
        path: 'bulk import (CLI)',
        measure: `events/s (${(to - from).toLocaleString('en-US')} events)`,
        size: to,
        value: rate,
        unit: 'events/s',
        baseline,
        ratio: rate / baseline,
        target: '≥ 0.5',
        met: rate / baseline >= 0.5,
      });
    } finally {
      client.release();
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
