/**
 * npm run backup -- --out FILE [--progress]   (--help: the options)
 *
 * Writes a backup of the database the server would use (DATABASE_URL, or the embedded one in
 * DATA_DIR, reached through the running server when there is one): the events, actors, API keys
 * and their audit trail, the drafts with their revisions and audit, the log head and the
 * migrations' bookkeeping, from one consistent snapshot (src/database/backup/backup-writer.ts). The database is only read: not even migrated.
 * The file appears under its name only when it is complete. Exit code 0, 1 on failure, 2 for bad usage.
 */
import type { DatabaseConnection } from '../database/database-connection.js';
import { parseCli } from './cli-args.js';
import { runCli } from './cli-run.js';
import { Progress, progressMode, thousands } from './progress.js';

const cli = parseCli({
  command: 'npm run backup',
  summary:
    'Writes a backup of the database (events, actors, API keys and their audit trail, drafts with their revisions and audit) from one consistent snapshot; the database is only read.',
  options: {
    out: {
      type: 'string',
      short: 'o',
      value: 'FILE',
      required: true,
      description: 'the file to write (gzip); it appears under its name only when complete',
    },
    progress: { type: 'boolean', description: 'report progress on stderr even when it is not a terminal' },
  },
  notes: 'DATABASE_URL or DATA_DIR choose the database. Exit code 0, 1 on failure, 2 for bad usage.',
});

let connection: DatabaseConnection | undefined;
/** Set once the writer is loaded: removes what a backup cut short had begun to write. */
let removePartialFiles = (): void => undefined;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    removePartialFiles();
    process.stderr.write(`\nbackup interrupted (${signal}): no file written\n`);
    const stopped = connection ? connection.stop() : Promise.resolve();
    void Promise.race([stopped, new Promise((resolve) => setTimeout(resolve, 5_000))]).finally(() =>
      process.exit(signal === 'SIGINT' ? 130 : 143),
    );
  });
}

void runCli(async () => {
  const [{ loadConfig }, { openDatabase }, writer, { formatBytes }, { describeCounts }] = await Promise.all([
    import('../config/app-config.js'),
    import('../database/database-connection.js'),
    import('../database/backup/backup-writer.js'),
    import('../database/backup/backup-format.js'),
    import('../database/backup/backup-reader.js'),
  ]);
  removePartialFiles = writer.removePartialFiles;
  const { backupDatabase } = writer;
  const out = cli.values.out;
  const progress = new Progress({ label: 'backup', mode: progressMode(process.stderr, cli.values.progress) });
  connection = await openDatabase(loadConfig(), () => undefined);
  try {
    const started = performance.now();
    const written = await backupDatabase(connection.url, out, {
      onProgress: (table, rows) => progress.update(() => `reading ${table}: ${thousands(rows)} rows`),
    });
    progress.done();
    const { snapshot } = written.header;
    process.stdout.write(
      [
        `wrote ${out}: ${formatBytes(written.bytes)} in ${((performance.now() - started) / 1000).toFixed(1)} s, from ${connection.describe}`,
        `snapshot: log position ${snapshot.position}, taken at ${snapshot.takenAt} (${snapshot.isolation}, PostgreSQL ${snapshot.serverVersion})`,
        `recovery point: ${written.header.recoveryPoint}`,
        `rows: ${describeCounts(written.header)}`,
        `not included: the read models (restore rebuilds them from the events)`,
        '',
      ].join('\n'),
    );
  } finally {
    progress.done();
    await connection.stop();
  }
});
