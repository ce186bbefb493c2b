/** npm run demo: loads the bundled demo timeline (idempotent: a second run appends nothing). */
import { ActorEntity } from '../actors/actor.entity.js';
import { ActorsService } from '../actors/actors.service.js';
import { loadDemoTimeline } from '../demo/demo-loader.js';
import { EventStoreService } from '../events/event-store.service.js';
import { UsageError, openCliDatabase, runCli } from './cli-database.js';

void runCli(async () => {
  if (process.argv.length > 2) throw new UsageError('usage: npm run demo (no arguments; DATABASE_URL or DATA_DIR choose the database)');
  const cli = await openCliDatabase();
  try {
    const result = await loadDemoTimeline(new ActorsService(cli.db.getRepository(ActorEntity)), new EventStoreService(cli.db));
    process.stdout.write(
      `demo timeline: ${result.actors} actors registered, ${result.appended} events appended, ${result.alreadyStored} already stored (${cli.connection.describe})\n`,
    );
  } finally {
    await cli.close();
  }
});
