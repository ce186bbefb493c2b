/** npm run migrate: applies the pending SQL migrations of migrations/ to the configured database. */
import { loadConfig } from '../config/app-config.js';
import { openDatabase } from '../database/database-connection.js';
import { migrate } from '../database/migrations.js';
import { UsageError, runCli } from './cli-database.js';

void runCli(async () => {
  if (process.argv.length > 2) throw new UsageError('usage: npm run migrate (no arguments; DATABASE_URL or DATA_DIR choose the database)');
  const connection = await openDatabase(loadConfig(), () => undefined);
  try {
    const applied = await migrate(connection.url);
    process.stdout.write(applied.length ? `applied ${applied.join(', ')} to ${connection.describe}\n` : `up to date: ${connection.describe}\n`);
  } finally {
    await connection.stop();
  }
});
