/**
 * npm run import -- [--actors actors.ndjson] [events.ndjson] [--dry-run] [--progress]   (--help: the options)
 *
 * Imports actor lines (first, when given) and event lines (src/import/import-line.ts) into the
 * database the server would use. Events are recorded as appended by `import:<file name>`.
 * A progress line on stderr when it is a terminal (or with --progress); the summary on stdout; the errors on stderr
 * (`line 3: event.data.participants[1]: unknown actor "putn"`). Exit code 0 when every line was
 * written or already there, 1 when lines were refused, 2 for bad usage.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { ImportProgress } from '../import/event-importer.js';
import type { LineError } from '../import/import-line.js';
import { parseCli } from './cli-args.js';
import { requireReadableFile, runCli } from './cli-run.js';
import { Progress, progressMode, thousands } from './progress.js';

const cli = parseCli({
  command: 'npm run import',
  usage: 'npm run import -- [--actors actors.ndjson] [events.ndjson] [--dry-run] [--progress]',
  summary:
    'Imports actor lines (first, when given) and event lines into the database; events are recorded as appended by "import:<file name>". Lines already stored are not written again.',
  arguments: [
    {
      name: 'events.ndjson',
      description: 'the events, one line each (as GET /export/events writes them, or new ones)',
    },
  ],
  options: {
    actors: { type: 'string', value: 'FILE', description: 'the actors, one line each, registered before the events' },
    'dry-run': { type: 'boolean', short: 'n', description: 'check every line; write nothing' },
    progress: { type: 'boolean', description: 'report progress on stderr even when it is not a terminal' },
  },
  notes:
    'DATABASE_URL or DATA_DIR choose the database. The summary goes to stdout, the refused lines to stderr.\n' +
    'Exit code 0 when every line was written or already there, 1 when lines were refused, 2 for bad usage.',
});

const progress = new Progress({ label: 'import', mode: progressMode(process.stderr, cli.values.progress) });
function showProgress(p: ImportProgress): void {
  progress.update(() =>
    p.phase === 'validate'
      ? `checking: ${thousands(p.linesRead)} lines read`
      : `${thousands(p.linesRead)} lines read, ${thousands(p.eventsWritten)} written, ${thousands(p.eventsAlreadyStored)} already stored`,
  );
}

function printErrors(
  formatLineError: (error: LineError) => string,
  file: string,
  errors: LineError[],
  total: number,
): void {
  for (const error of errors) process.stderr.write(`${file}: ${formatLineError(error)}\n`);
  if (total > errors.length) process.stderr.write(`${file}: … and ${total - errors.length} more error(s)\n`);
}

void runCli(async () => {
  const args = { events: cli.args[0], actors: cli.values.actors, dryRun: cli.values['dry-run'] };
  if (!args.events && !args.actors) cli.fail('nothing to import: give an events file, --actors FILE, or both');
  for (const file of [args.actors, args.events]) if (file) requireReadableFile(file);
  const [
    { Logger },
    { ActorEntity },
    { ActorsService },
    { EventStoreService },
    { ActorImporter },
    { EventImporter },
    { formatLineError },
    { openCliDatabase },
  ] = await Promise.all([
    import('@nestjs/common'),
    import('../actors/actor.entity.js'),
    import('../actors/actors.service.js'),
    import('../events/event-store.service.js'),
    import('../import/actor-importer.js'),
    import('../import/event-importer.js'),
    import('../import/import-line.js'),
    import('./cli-database.js'),
  ]);
  // The store logs each append; on the command line only the summary goes to stdout.
  Logger.overrideLogger(['error', 'warn']);
  const database = await openCliDatabase();
  let failed = false;
  try {
    const actorsService = new ActorsService(database.db.getRepository(ActorEntity));
    if (args.actors) {
      const report = await new ActorImporter(actorsService).import(fs.createReadStream(args.actors), {
        dryRun: args.dryRun,
      });
      process.stdout.write(`${args.actors}: ${report.message}\n`);
      printErrors(formatLineError, args.actors, report.errors, report.errorCount);
      if (!report.ok) failed = true;
    }
    if (args.events && !failed) {
      const keyName = `import:${path.basename(args.events)}`;
      const importer = new EventImporter(new EventStoreService(database.db), actorsService);
      const report = await importer.import(fs.createReadStream(args.events, { highWaterMark: 256 * 1024 }), {
        keyName,
        dryRun: args.dryRun,
        onProgress: showProgress,
      });
      progress.done();
      process.stdout.write(`${args.events}: ${report.message}\n`);
      process.stdout.write(
        `${args.events}: ${report.lines} lines read, ${report.eventLines} event lines, ${args.dryRun ? `${report.wouldWrite} would be written` : `${report.written} written`}, ${report.alreadyStored} already stored, ${report.notWritten} not written; log head ${report.logHead.before} → ${report.logHead.after}; appended by "${keyName}" (export lines keep their appended_by and approved_by)\n`,
      );
      printErrors(formatLineError, args.events, report.errors, report.errorCount);
      if (!report.ok) failed = true;
    } else if (args.events) {
      process.stdout.write(`${args.events}: not imported (the actors were refused)\n`);
    }
  } finally {
    progress.done();
    await database.close();
  }
  if (failed) {
    process.exitCode = 1;
    // runCli exits 0 after the body; exit 1 here, after the database is closed.
    process.exit(1);
  }
});
