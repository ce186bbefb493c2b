/**
 * npm run restore -- --in FILE [--dry-run] [--progress]   (--help: the options)
 *
 * Restores a backup written by npm run backup into the database the server would use
 * (DATABASE_URL, or the embedded one in DATA_DIR), which must hold no events, actors, keys or drafts
 * (src/database/backup/backup-restore.ts). The whole file is checked before anything is written; the rows
 * are written in one transaction; then the read models are rebuilt. --dry-run checks the file only
 * and touches no database.
 *
 * Exit codes: 0 restored (or, with --dry-run, the file is sound); 1 the file is refused (not a
 * backup, damaged, truncated, from a newer version) or the restore failed, with nothing written;
 * 2 bad usage; 3 the target database is not empty (or has newer migrations), nothing changed.
 */
import type { RestoreRefused } from '../database/backup/backup-restore.js';
import { parseCli } from './cli-args.js';
import { requireReadableFile, runCli } from './cli-run.js';
import { Progress, progressMode, thousands } from './progress.js';

const cli = parseCli({
  command: 'npm run restore',
  summary:
    'Restores a backup written by npm run backup into an empty database: the whole file is checked before anything is written, ' +
    'the rows are written in one transaction, then the read models are rebuilt.',
  options: {
    in: { type: 'string', value: 'FILE', required: true, description: 'the backup file to restore' },
    'dry-run': { type: 'boolean', short: 'n', description: 'check the file only; touch no database' },
    progress: { type: 'boolean', description: 'report progress on stderr even when it is not a terminal' },
  },
  notes:
    'DATABASE_URL or DATA_DIR choose the database, which must hold no events, actors, keys or drafts.\n' +
    'Exit code 0 restored (or, with --dry-run, the file is sound); 1 the file is refused or the restore failed, nothing written; ' +
    '2 bad usage; 3 the database is not empty (or has newer migrations), nothing changed.',
});

void runCli(async () => {
  const file = cli.values.in;
  requireReadableFile(file);
  const [{ BackupFileError, formatBytes }, { describeCounts, describeNotKept, knownMigrations, verifyBackup }] =
    await Promise.all([import('../database/backup/backup-format.js'), import('../database/backup/backup-reader.js')]);
  const known = knownMigrations();
  let verified;
  try {
    verified = await verifyBackup(file, { known });
  } catch (error) {
    if (error instanceof BackupFileError) throw new BackupFileError(`${file}: ${error.message}; nothing was written`);
    throw error;
  }
  const { header } = verified;
  const notKept = describeNotKept(header);
  process.stdout.write(
    [
      `verified ${file}: ${header.format} version ${header.version}, ${formatBytes(verified.bytes)}, written by ${header.createdBy}`,
      `snapshot: log position ${header.snapshot.position}, taken at ${header.snapshot.takenAt} on PostgreSQL ${header.snapshot.serverVersion}`,
      `migrations: ${header.migrations.map((m) => m.name).join(', ') || 'none'}${
        known.length > header.migrations.length
          ? ` (this code adds ${known
              .slice(header.migrations.length)
              .map((m) => m.name)
              .join(', ')})`
          : ''
      }`,
      `rows: ${describeCounts(header)}`,
      ...(notKept ? [notKept] : []),
      '',
    ].join('\n'),
  );
  if (cli.values['dry-run']) {
    process.stdout.write('dry run: the file is sound; nothing was written\n');
    return;
  }
  // Only now is the database code loaded: a file that is refused never waits for it.
  const [{ Logger }, { RestoreRefused, restoreBackup }, { loadConfig }, { openDatabase }] = await Promise.all([
    import('@nestjs/common'),
    import('../database/backup/backup-restore.js'),
    import('../config/app-config.js'),
    import('../database/database-connection.js'),
  ]);
  // The rebuild's slow-query warnings are expected on a large log: only the outcome is printed.
  Logger.overrideLogger(['error']);
  const connection = await openDatabase(loadConfig(), () => undefined);
  let refused: RestoreRefused | undefined;
  const progress = new Progress({ label: 'restore', mode: progressMode(process.stderr, cli.values.progress) });
  try {
    const result = await restoreBackup(connection.url, file, {
      verified,
      onProgress: (phase, what, done, total) =>
        progress.update(
          () => `${phase === 'write' ? 'writing' : 'rebuilding'} ${what}: ${thousands(done)}/${thousands(total)}`,
        ),
    });
    progress.done();
    const position = BigInt(header.snapshot.position);
    process.stdout.write(
      [
        `restored into ${connection.describe}: ${describeCounts(header)} in ${((result.ms.write + result.ms.migrate + result.ms.rebuild) / 1000).toFixed(1)} s (rows and indexes ${result.ms.write} ms, ANALYZE ${result.ms.migrate} ms, read models ${result.ms.rebuild} ms)`,
        `migrations: ${result.migrations.toBackup.length ? `applied ${result.migrations.toBackup.join(', ')} before the rows` : "the schema was already the backup's"}${result.migrations.newer.length ? `; applied ${result.migrations.newer.join(', ')} after them` : ''}`,
        `read models rebuilt: ${result.readModels.map((r) => `${r.projection} ${r.subjects} subjects at position ${r.position}`).join(', ')}`,
        `recovery point: ${header.recoveryPoint}`,
        `the log continues at position ${position + 1n}; events appended to the source after position ${position} can be brought over with: npm run export -- --format ndjson --afterPosition ${position} --out later.ndjson, then npm run import -- later.ndjson`,
        '',
      ].join('\n'),
    );
  } catch (error) {
    if (error instanceof RestoreRefused) refused = error;
    else if (error instanceof BackupFileError)
      throw new BackupFileError(`${file}: ${error.message}; nothing was written`);
    else throw error;
  } finally {
    progress.done();
    await connection.stop();
  }
  if (refused) {
    process.stderr.write(`error: ${refused.message}\n`);
    process.exit(3);
  }
});
