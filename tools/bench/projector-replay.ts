/**
 * node dist-tools/tools/bench/projector-replay.js [--seed 5000] [--events 6000] [--batch 10] [--check] [--queries]
 *   [--explain]
 *
 * The projector alone on a log shaped like the soak's: a fresh PostgreSQL seeded with the synthetic
 * timeline (imported, every projection rebuilt at its head), then the soak's appends (the timeline
 * going on, with a batch of 20 fresh strikes, calls and statements after every 12 of its events)
 * imported at once, and projected from the seed's head in ranges of `--batch` events by the live
 * projector's batches (project-batch.ts: one transaction a range for all the projections). Prints the
 * time per range, the events projected a second and the CPU this process used (the projector's side;
 * PostgreSQL's is not counted). With --check, every table is compared with a fresh build at the end;
 * with --queries, the time spent in each statement (by its first words) is printed, and with --explain
 * the plans (EXPLAIN ANALYZE, BUFFERS) of those that took longest, at their slowest call's parameters.
 * Run it under `node --cpu-prof` to see where the projector's time goes.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { PostgresQueryRunner } from 'typeorm/driver/postgres/PostgresQueryRunner.js';
import { dataSourceOptions } from '../../src/database/data-source-options.js';
import { PrincipalsCache } from '../../src/read-models/principals.js';
import { projectBatch } from '../../src/read-models/projector/project-batch.js';
import { buildFresh, rebuild } from '../../src/read-models/projector/rebuild.js';
import { PROJECTIONS } from '../../src/read-models/read-models.js';
import { freshEvents } from './paths/append.bench.js';
import { importArgs } from './paths/import.bench.js';
import { runNode, startBenchDatabase } from './bench-processes.js';
import { type SyntheticEvent, type SyntheticLine, shifted, syntheticTimeline } from './synthetic-timeline.js';

function flag(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
}

/** The seed's lines, then the soak's appends: 12 lines of the timeline, then 20 fresh events in a stream of their own. */
function* soakShapedLog(seed: number, appended: number): Generator<SyntheticLine> {
  const timeline = syntheticTimeline(Number.MAX_SAFE_INTEGER);
  let clock = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < seed; i++) {
    const line = timeline.next().value as SyntheticLine;
    clock = Math.max(clock, Date.parse(line.event.occurredAt));
    yield line;
  }
  const fresh = freshEvents(20_260_000 + seed, clock);
  let batches = 0;
  for (let n = 0; n < appended;) {
    for (let i = 0; i < 12 && n < appended; i++, n++) {
      const line = timeline.next().value as SyntheticLine;
      clock = Math.max(clock, Date.parse(line.event.occurredAt));
      yield line;
    }
    const events = Array.from({ length: 20 }, () => fresh.next().value as SyntheticEvent);
    const delta = clock - Date.parse(events[0].occurredAt);
    batches++;
    for (const event of events.map((e) => shifted(e, delta))) {
      if (n++ >= appended) break;
      yield { streamId: `replay-batch-${batches}`, event };
    }
  }
}

async function importLines(url: string, dir: string, name: string, lines: SyntheticLine[], actors: boolean) {
  const file = path.join(dir, `${name}.ndjson`);
  fs.writeFileSync(file, lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
  await runNode('cli/import.cli.js', importArgs(dir, file, actors), { DATABASE_URL: url, LOG_LEVEL: 'warn' });
}

async function main(): Promise<void> {
  const seed = flag('seed', 5_000);
  const appended = flag('events', 6_000);
  const batch = flag('batch', 10);
  const log = (line: string) => console.log(`[replay ${new Date().toISOString().slice(11, 19)}] ${line}`);
  const database = await startBenchDatabase(log);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'diplomacy-replay-'));
  const db = new DataSource(dataSourceOptions(database.url, 4));
  try {
    const lines = [...soakShapedLog(seed, appended)];
    await importLines(database.url, dir, 'seed', lines.slice(0, seed), true);
    await db.initialize();
    for (const projection of PROJECTIONS) await rebuild(db, projection);
    await importLines(database.url, dir, 'appended', lines.slice(seed), false);
    const [{ head }]: Array<{ head: number }> = await db.query('SELECT last_position::int AS head FROM log_head');
    log(`seeded ${seed} events, rebuilt; projecting ${head - seed} more in ranges of ${batch}`);
    const principals = new PrincipalsCache();
    const queries = new Map<string, { n: number; ms: number; slowest: number; sql: string; params: unknown[] }>();
    if (process.argv.includes('--queries')) {
      // Every statement of the projector goes through PostgresQueryRunner.query: timed there, by its first words.
      // eslint-disable-next-line @typescript-eslint/unbound-method
      const query = PostgresQueryRunner.prototype.query;
      PostgresQueryRunner.prototype.query = function timed(
        this: PostgresQueryRunner,
        ...args: Parameters<typeof query>
      ): ReturnType<typeof query> {
        const t0 = performance.now();
        return query.apply(this, args).finally(() => {
          const key = args[0].replace(/\s+/g, ' ').trim().slice(0, 90);
          const ms = performance.now() - t0;
          const at = { sql: args[0], params: (args[1] ?? []) as unknown[] };
          const seen = queries.get(key) ?? { n: 0, ms: 0, slowest: 0, ...at };
          queries.set(key, {
            ...seen,
            n: seen.n + 1,
            ms: seen.ms + ms,
            ...(ms > seen.slowest ? { slowest: ms, ...at } : {}),
          });
        });
      };
    }
    const cpu = process.cpuUsage();
    const started = performance.now();
    let ranges = 0;
    while ((await projectBatch(db, PROJECTIONS, { maxSize: batch, principals, leaseEpoch: null })).projected > 0)
      ranges++;
    const seconds = (performance.now() - started) / 1000;
    const used = process.cpuUsage(cpu);
    log(
      `projected ${head - seed} events in ${seconds.toFixed(1)} s: ${((head - seed) / seconds).toFixed(0)} events/s; ` +
        `this process used ${((used.user + used.system) / 1e6).toFixed(1)} s of CPU`,
    );
    log(
      `  ${ranges} ranges, ${((seconds * 1000) / ranges).toFixed(1)} ms a range for all ${PROJECTIONS.length} projections`,
    );
    const top = [...queries].sort((a, b) => b[1].ms - a[1].ms).slice(0, 15);
    for (const [sql, { n, ms }] of top)
      log(`  ${(ms / 1000).toFixed(2).padStart(7)} s ${String(n).padStart(6)}× ${sql}`);
    // The plans of the statements that took longest in all, each at its slowest call's parameters.
    if (process.argv.includes('--explain'))
      for (const [key, { sql, params }] of top.slice(0, 6).filter(([k]) => /^(WITH|SELECT)/.test(k))) {
        // EXPLAIN ANALYZE runs the statement: rolled back, so that a write (writeRows) leaves the tables as they were for --check.
        const runner = db.createQueryRunner();
        try {
          await runner.startTransaction();
          const plan = (await runner.query(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, params)) as Array<{
            'QUERY PLAN': string;
          }>;
          log(`EXPLAIN (ANALYZE, BUFFERS) ${key}\n${plan.map((r) => r['QUERY PLAN']).join('\n')}`);
        } finally {
          await runner.rollbackTransaction();
          await runner.release();
        }
      }
    if (process.argv.includes('--check')) {
      for (const projection of PROJECTIONS) {
        const fresh = await buildFresh(db, projection);
        const [{ differ }]: Array<{ differ: number }> = await db.query(
          `SELECT count(*)::int AS differ FROM ${projection.table} a FULL JOIN ${fresh.table} b ON a.id = b.id
            WHERE a.id IS NULL OR b.id IS NULL OR a.state IS DISTINCT FROM b.state`,
        );
        log(`  ${projection.name}: ${fresh.subjects} rows fresh, ${differ} differ`);
      }
    }
  } finally {
    if (db.isInitialized) await db.destroy();
    await database.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
