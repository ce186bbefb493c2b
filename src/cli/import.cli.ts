/**
 * npm run import -- [--actors actors.ndjson] [events.ndjson] [--dry-run]
 *
 * Imports actor lines (first, when given) and event lines (src/import/import-line.ts) into the
 * database the server would use. Events are recorded as appended by `import:<file name>`.
 * A progress line on stderr when it is a terminal; the summary on stdout; the errors on stderr
 * (`line 3: event.data.participants[1]: unknown actor "putn"`). Exit code 0 when every line was
 * written or already there, 1 when lines were refused, 2 for bad usage.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Logger } from '@nestjs/common';
import { ActorEntity } from '../actors/actor.entity.js';
import { ActorsService } from '../actors/actors.service.js';
import { EventStoreService } from '../events/event-store.service.js';
import { ActorImporter } from '../import/actor-importer.js';
import { EventImporter, type ImportProgress } from '../import/event-importer.js';
import { type LineError, formatLineError } from '../import/import-line.js';
import { UsageError, openCliDatabase, requireReadableFile, runCli } from './cli-database.js';

const USAGE = 'usage: npm run import -- [--actors actors.ndjson] [events.ndjson] [--dry-run]';

interface Args {
  events?: string;
  actors?: string;
  dryRun: boolean;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { dryRun: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--dry-run') args.dryRun = true;
    else if (arg === '--actors' || arg.startsWith('--actors=')) {
      const value = arg.includes('=') ? arg.slice('--actors='.length) : argv[++i];
      if (!value || value.startsWith('--')) throw new UsageError(`--actors needs a file name\n${USAGE}`);
      args.actors = value;
    } else if (arg === '--help' || arg === '-h') throw new UsageError(USAGE);
    else if (arg.startsWith('--')) throw new UsageError(`unknown option ${arg}\n${USAGE}`);
    else if (args.events) throw new UsageError(`one events file at a time ("${args.events}", "${arg}")\n${USAGE}`);
    else args.events = arg;
  }
  if (!args.events && !args.actors) throw new UsageError(USAGE);
  for (const file of [args.actors, args.events]) if (file) requireReadableFile(file);
  return args;
}

const tty = process.stderr.isTTY === true;
let progressShown = false;
function showProgress(progress: ImportProgress): void {
  if (!tty) return;
  const text = `${progress.phase === 'validate' ? 'checking' : 'writing'}: ${progress.linesRead} lines read, ${progress.eventsWritten} events written, ${progress.eventsAlreadyStored} already stored`;
  process.stderr.write(`\r\x1b[2K${text}`);
  progressShown = true;
}
function endProgress(): void {
  if (progressShown) process.stderr.write('\r\x1b[2K');
  progressShown = false;
}

function printErrors(file: string, errors: LineError[], total: number): void {
  for (const error of errors) process.stderr.write(`${file}: ${formatLineError(error)}\n`);
  if (total > errors.length) process.stderr.write(`${file}: … and ${total - errors.length} more error(s)\n`);
}

void runCli(async () => {
  const args = parseArgs(process.argv.slice(2));
  // The store logs each append; on the command line only the summary goes to stdout.
  Logger.overrideLogger(['error', 'warn']);
  const cli = await openCliDatabase();
  let failed = false;
  try {
    const actorsService = new ActorsService(cli.db.getRepository(ActorEntity));
    if (args.actors) {
      const report = await new ActorImporter(actorsService).import(fs.createReadStream(args.actors), { dryRun: args.dryRun });
      process.stdout.write(`${args.actors}: ${report.message}\n`);
      printErrors(args.actors, report.errors, report.errorCount);
      if (!report.ok) failed = true;
    }
    if (args.events && !failed) {
      const keyName = `import:${path.basename(args.events)}`;
      const importer = new EventImporter(new EventStoreService(cli.db), actorsService);
      const report = await importer.import(fs.createReadStream(args.events, { highWaterMark: 256 * 1024 }), {
        keyName,
        dryRun: args.dryRun,
        onProgress: showProgress,
      });
      endProgress();
      process.stdout.write(`${args.events}: ${report.message}\n`);
      process.stdout.write(
        `${args.events}: ${report.lines} lines read, ${report.eventLines} event lines, ${report.written} written, ${report.alreadyStored} already stored, ${report.notWritten} not written; log head ${report.logHead.before} → ${report.logHead.after}; appended by "${keyName}"\n`,
      );
      printErrors(args.events, report.errors, report.errorCount);
      if (!report.ok) failed = true;
    } else if (args.events) {
      process.stdout.write(`${args.events}: not imported (the actors were refused)\n`);
    }
  } finally {
    endProgress();
    await cli.close();
  }
  if (failed) {
    process.exitCode = 1;
    // runCli exits 0 after the body; exit 1 here, after the database is closed.
    process.exit(1);
  }
});
