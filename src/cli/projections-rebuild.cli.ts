/**
 * npm run projections:rebuild [name]   rebuilds one read model (ceasefires, pledges), or all,
 * from the log into fresh tables and swaps them in while the API keeps answering.
 */
import { rebuild } from '../read-models/projector/rebuild.js';
import { PROJECTIONS, projectionNamed } from '../read-models/read-models.js';
import { UsageError, openCliDatabase, runCli } from './cli-database.js';

const NAMES = PROJECTIONS.map((p) => p.name);

void runCli(async () => {
  const args = process.argv.slice(2);
  if (args.length > 1) throw new UsageError(`usage: npm run projections:rebuild [${NAMES.join('|')}]`);
  const projections = args.length ? [projectionNamed(args[0])] : PROJECTIONS;
  if (projections.some((p) => !p)) throw new UsageError(`unknown read model "${args[0]}"; one of: ${NAMES.join(', ')}`);
  const cli = await openCliDatabase();
  try {
    for (const projection of projections) {
      const started = Date.now();
      const result = await rebuild(cli.db, projection!, (done, total) => {
        if (process.stderr.isTTY) process.stderr.write(`\r${projection!.name}: ${done}/${total} subjects`);
      });
      if (process.stderr.isTTY) process.stderr.write('\n');
      process.stdout.write(`rebuilt ${result.projection}: ${result.subjects} subjects at position ${result.position} in ${Date.now() - started} ms\n`);
    }
  } finally {
    await cli.close();
  }
});
