/**
 * npm run projections:rebuild -- [name] [--progress]   rebuilds one read model (ceasefires, pledges, agreements, claims),
 * or all, from the log into fresh tables and swaps them in while the API keeps answering.
 */
import { PROJECTIONS, projectionNamed } from '../read-models/read-models.js';
import { UsageError, parseCli } from './cli-args.js';
import { runCli } from './cli-run.js';
import { Progress, progressMode, thousands } from './progress.js';

const NAMES = PROJECTIONS.map((p) => p.name);

const cli = parseCli({
  command: 'npm run projections:rebuild',
  usage: `npm run projections:rebuild -- [${NAMES.join('|')}] [--progress]`,
  summary:
    'Rebuilds one read model, or all, from the log into fresh tables and swaps them in while the API keeps answering.',
  arguments: [{ name: 'NAME', description: `the read model to rebuild: ${NAMES.join(', ')} (all unless given)` }],
  options: {
    progress: { type: 'boolean', description: 'report progress on stderr even when it is not a terminal' },
  },
  notes: 'DATABASE_URL or DATA_DIR choose the database (migrated first).',
});

void runCli(async () => {
  const name = cli.args[0];
  const projections = name === undefined ? PROJECTIONS : [projectionNamed(name)];
  // The message alone, without the usage line: it says what the names are.
  if (projections.some((p) => !p)) throw new UsageError(`unknown read model "${name}"; one of: ${NAMES.join(', ')}`);
  const [{ rebuild }, { openCliDatabase }] = await Promise.all([
    import('../read-models/projector/rebuild.js'),
    import('./cli-database.js'),
  ]);
  const database = await openCliDatabase();
  const progress = new Progress({ label: 'rebuild', mode: progressMode(process.stderr, cli.values.progress) });
  try {
    for (const projection of projections) {
      const started = Date.now();
      const result = await rebuild(database.db, projection!, (done, total) =>
        progress.update(() => `${projection!.name}: ${thousands(done)}/${thousands(total)} subjects`),
      );
      progress.done();
      process.stdout.write(
        `rebuilt ${result.projection}: ${result.subjects} subjects at position ${result.position} in ${Date.now() - started} ms\n`,
      );
    }
  } finally {
    progress.done();
    await database.close();
  }
});
