/**
 * npm run bench -- [--quick] [--size 10k,100k,1m] [--only PATHS] [--out BENCHMARKS.md]   (exit 2: bad usage; --help: the options)
 *
 * Grows one synthetic log (synthetic-timeline.ts) through the sizes and measures every path of
 * the service at each, each against a baseline in the same run (see BENCHMARKS.md). `--quick`: 10k
 * events and short runs, the table printed (and written only with --out). The full run writes
 * BENCHMARKS.md. BENCH_DATABASE_URL runs it on another PostgreSQL server (the database
 * diplomacy_bench is dropped and created there); by default it starts an embedded one.
 */
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { UsageError, parseCli } from '../../src/cli/cli-args.js';
import { Progress } from '../../src/cli/progress.js';
import { PROJECT_ROOT } from '../../src/config/project-paths.js';
import type { BenchContext, ResultRow } from './bench-context.js';
import type { ChildServer } from './bench-processes.js';
import { ANALYSIS_MARK, report, resultTable, thisMachine } from './bench-report.js';
import { figure } from './bench-stats.js';

export { ANALYSIS_MARK };
const PATHS = ['reads', 'temporal', 'exports', 'subscriptions', 'appends', 'rebuild'] as const;
type PathName = (typeof PATHS)[number];

const BENCH_CLI = {
  command: 'npm run bench',
  summary:
    'Grows one synthetic log through the sizes and measures every path of the service at each, each against a baseline measured in the same run. ' +
    'The full run writes BENCHMARKS.md (the text after its analysis mark is kept).',
  options: {
    quick: {
      type: 'boolean',
      description: '10k events and short runs; the table is printed, and written only with --out',
    },
    size: {
      type: 'string',
      value: '10k,100k,1m',
      description: 'the sizes of the log, from 1k to 10m events (10k,100k,1m; 10k with --quick)',
    },
    only: {
      type: 'string',
      value: 'PATHS',
      description: `only these paths, comma-separated: ${PATHS.join(', ')} (all unless given)`,
    },
    out: {
      type: 'string',
      short: 'o',
      value: 'FILE',
      description: 'where the report is written (BENCHMARKS.md; nowhere with --quick)',
    },
  },
  notes:
    'BENCH_DATABASE_URL runs it on another PostgreSQL server (the database diplomacy_bench, or BENCH_DATABASE_NAME, is dropped and created there); ' +
    'by default it starts an embedded one. Exit code 0, 1 on failure, 2 for bad usage.',
  unknownOption: (arg: string) => `unknown argument "${arg}"`,
} as const;

function parseSize(text: string, fail: (message: string) => never): number {
  const match = /^(\d+(?:\.\d+)?)([km]?)$/i.exec(text.trim());
  if (!match) return fail(`--size: "${text}" is not a size such as 10k or 1m`);
  const n = Number(match[1]) * (match[2].toLowerCase() === 'm' ? 1_000_000 : match[2].toLowerCase() === 'k' ? 1000 : 1);
  if (!Number.isInteger(n) || n < 1000 || n > 10_000_000)
    fail(`--size: ${text} must be a whole number of events from 1k to 10m`);
  return n;
}

function benchArgs(): { quick: boolean; sizes: number[]; only: Set<PathName>; out: string | null } {
  const cli = parseCli(BENCH_CLI);
  const { quick, size, only, out } = cli.values;
  let paths = new Set<PathName>(PATHS);
  if (only !== undefined) {
    const names = only.split(',');
    const unknown = names.filter((n) => !(PATHS as readonly string[]).includes(n));
    if (unknown.length) cli.fail(`--only: unknown path "${unknown[0]}"`);
    paths = new Set(names as PathName[]);
  }
  const sizes = [
    ...new Set(
      size === undefined
        ? quick
          ? [10_000]
          : [10_000, 100_000, 1_000_000]
        : size.split(',').map((s) => parseSize(s, cli.fail)),
    ),
  ].sort((a, b) => a - b);
  return {
    quick,
    sizes,
    only: paths,
    out: out === undefined ? (quick ? null : path.join(PROJECT_ROOT, 'BENCHMARKS.md')) : out,
  };
}

async function main(): Promise<void> {
  const args = benchArgs();
  // What measures is loaded once the command line is read: --help and bad usage answer at once.
  const [
    { startBaselineServer, startBenchDatabase, startService, waitCaughtUp },
    { benchAppend },
    { benchExport },
    { benchImport },
    { benchReads },
    { benchRebuild },
    { benchSubscriptions },
    { benchTemporal },
  ] = await Promise.all([
    import('./bench-processes.js'),
    import('./paths/append.bench.js'),
    import('./paths/export.bench.js'),
    import('./paths/import.bench.js'),
    import('./paths/reads.bench.js'),
    import('./paths/rebuild.bench.js'),
    import('./paths/subscriptions.bench.js'),
    import('./paths/temporal.bench.js'),
  ]);
  // The bench's progress: a journal of its steps and figures, one line each.
  const journal = new Progress({ label: 'bench', mode: 'lines', clock: true });
  const log = (line: string) => journal.line(line);
  const rows: ResultRow[] = [];
  const database = await startBenchDatabase(log);
  const pool = new pg.Pool({ connectionString: database.url, max: 8 });
  // An idle connection ended by the server (when the bench stops it) is not an error of the run.
  pool.on('error', (error) => log(`database connection closed: ${error.message}`));
  let service: ChildServer | undefined;
  let baseline: ChildServer | undefined;
  const notes: string[] = [];
  try {
    let loaded = 0;
    for (const size of args.sizes) {
      log(`importing events ${loaded}..${size}`);
      const ctx: BenchContext = {
        size,
        quick: args.quick,
        database,
        pool,
        service: undefined as unknown as ChildServer,
        baseline: undefined as unknown as ChildServer,
        record: (row) => {
          rows.push(row);
          log(
            `${row.path} · ${row.measure} @${size}: ${figure(row.value)} ${row.unit}${row.ratio === undefined ? '' : ` (ratio ${figure(row.ratio)})`}`,
          );
        },
        log,
      };
      await benchImport(ctx, loaded, size);
      loaded = size;
      service = await startService(database.url);
      const catchUp = await waitCaughtUp(service);
      notes.push(
        `At ${size.toLocaleString('en-US')} events the started service projected the imported events in ${figure(catchUp)} s.`,
      );
      baseline = await startBaselineServer(database.url);
      ctx.service = service;
      ctx.baseline = baseline;
      for (const [name, run] of [
        ['reads', benchReads],
        ['temporal', benchTemporal],
        ['exports', benchExport],
        ['subscriptions', benchSubscriptions],
        ['appends', benchAppend],
      ] as const) {
        if (!args.only.has(name)) continue;
        log(`${name} at ${size}`);
        await run(ctx);
      }
      await baseline.stop();
      await service.stop();
      service = baseline = undefined;
      if (args.only.has('rebuild')) {
        log(`rebuild at ${size}`);
        await benchRebuild(ctx);
      }
      // The appends grew the log: the next size imports from where the synthetic timeline left off.
    }
  } finally {
    await baseline?.stop();
    await service?.stop();
    await pool.end();
    await database.stop();
  }
  const command =
    `npm run bench --${process.argv.slice(2).length ? ` ${process.argv.slice(2).join(' ')}` : ''}`.replace(/ --$/, '');
  process.stdout.write(`${resultTable(rows)}\n`);
  if (args.out) {
    // What follows the mark in the file (an analysis written by hand) is kept.
    const kept = fs.existsSync(args.out) ? fs.readFileSync(args.out, 'utf8').split(ANALYSIS_MARK)[1] : undefined;
    const text = report(
      thisMachine(database.serverVersion),
      command,
      new Date().toISOString().slice(0, 10),
      rows,
      notes,
    );
    fs.writeFileSync(args.out, kept === undefined ? text : `${text}\n${ANALYSIS_MARK}${kept}`);
    log(`written to ${args.out}`);
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    process.stderr.write(
      error instanceof UsageError
        ? `error: ${error.message}\n`
        : `bench failed: ${error instanceof Error ? error.stack : String(error)}\n`,
    );
    process.exit(error instanceof UsageError ? 2 : 1);
  },
);
