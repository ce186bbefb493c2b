/** npm run demo: loads the bundled demo timeline (idempotent: a second run appends nothing). */
import { parseCli } from './cli-args.js';
import { runCli } from './cli-run.js';

parseCli({
  command: 'npm run demo',
  summary:
    'Loads the bundled demo timeline (data/demo-timeline.json): its actors and events. Idempotent: a second run appends nothing.',
  options: {},
  notes: 'DATABASE_URL or DATA_DIR choose the database (migrated first).',
});

void runCli(async () => {
  const [{ ActorEntity }, { ActorsService }, { loadDemoTimeline }, { EventStoreService }, { openCliDatabase }] =
    await Promise.all([
      import('../actors/actor.entity.js'),
      import('../actors/actors.service.js'),
      import('../demo/demo-loader.js'),
      import('../events/event-store.service.js'),
      import('./cli-database.js'),
    ]);
  const cli = await openCliDatabase();
  try {
    const result = await loadDemoTimeline(
      new ActorsService(cli.db.getRepository(ActorEntity)),
      new EventStoreService(cli.db),
    );
    process.stdout.write(
      `demo timeline: ${result.actors} actors registered, ${result.appended} events appended, ${result.alreadyStored} already stored (${cli.connection.describe})\n`,
    );
  } finally {
    await cli.close();
  }
});
