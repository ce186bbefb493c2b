/** npm run migrate: applies the pending SQL migrations of migrations/ to the configured database. */
import { parseCli } from './cli-args.js';
import { runCli } from './cli-run.js';

parseCli({
  command: 'npm run migrate',
  summary:
    'Applies the pending SQL migrations of migrations/ to the database, in order; says "up to date" when there are none.',
  options: {},
  notes: 'DATABASE_URL or DATA_DIR choose the database.',
});

void runCli(async () => {
  const [{ loadConfig }, { openDatabase }, { migrate }] = await Promise.all([
    import('../config/app-config.js'),
    import('../database/database-connection.js'),
    import('../database/migrations.js'),
  ]);
  const connection = await openDatabase(loadConfig(), () => undefined);
  try {
    const applied = await migrate(connection.url);
    process.stdout.write(
      applied.length
        ? `applied ${applied.join(', ')} to ${connection.describe}\n`
        : `up to date: ${connection.describe}\n`,
    );
  } finally {
    await connection.stop();
  }
});
