/**
 * npm run backup -- --out FILE
 *
 * Writes a backup of the database the server would use (DATABASE_URL, or the embedded one in
 * DATA_DIR, reached through the running server when there is one): the events, actors, API keys
 * and their audit trail, the log head and the migrations' bookkeeping, from one consistent
 * snapshot (src/backup/backup-writer.ts). The database is only read: not even migrated.
 * The file appears under its name only when it is complete. Exit code 0, 1 on failure, 2 for bad usage.
 */
import { loadConfig } from '../config/app-config.js';
import { type DatabaseConnection, openDatabase } from '../database/database-connection.js';
import { backupDatabase, removePartialFiles } from '../backup/backup-writer.js';
import { formatBytes } from '../backup/backup-format.js';
import { describeCounts } from '../backup/backup-reader.js';
import { UsageError, parseFlags, runCli } from './cli-database.js';

const USAGE = 'usage: npm run backup -- --out FILE   (DATABASE_URL or DATA_DIR choose the database)';

let connection: DatabaseConnection | undefined;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    removePartialFiles();
    process.stderr.write(`\nbackup interrupted (${signal}): no file written\n`);
    const stopped = connection ? connection.stop() : Promise.resolve();
    void Promise.race([stopped, new Promise((resolve) => setTimeout(resolve, 5_000))]).finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  });
}

void runCli(async () => {
  const flags = parseFlags(process.argv.slice(2), ['out']);
  const out = flags.out;
  if (typeof out !== 'string' || out === '') throw new UsageError(`--out FILE is required. ${USAGE}`);
  connection = await openDatabase(loadConfig(), () => undefined);
  try {
    const started = performance.now();
    const tty = process.stderr.isTTY === true;
    const written = await backupDatabase(connection.url, out, {
      onProgress: (table, rows) => {
        if (tty) process.stderr.write(`\r\x1b[2Kreading ${table}: ${rows} rows`);
      },
    });
    if (tty) process.stderr.write('\r\x1b[2K');
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
    await connection.stop();
  }
});
