/**
 * The health split (issue 19): /health/live answers while the process does, whatever the database;
 * /health/ready is /health plus "not far behind": 503 while a projection lags more than
 * READY_MAX_LAG events (0: not checked). (The database outage itself is in database-outage.test.ts.)
 */
import { CAST, REGISTER_ACTOR, statementMade } from '../support/fixtures.js';
import { type ServerProcess, gql, startServer, stopAllProcesses } from '../support/server-process.js';
import { type TestDatabase, createTestDatabase } from '../support/test-database.js';
import { until } from '../support/wait.js';

const APPEND = `mutation($input: AppendEventsInput!) { appendEvents(input: $input) { lastPosition } }`;

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
});

afterAll(async () => {
  await stopAllProcesses();
  await db.drop();
});

async function get(server: ServerProcess, path: string): Promise<{ status: number; body: any }> {
  const response = await fetch(`${server.url}${path}`);
  return { status: response.status, body: await response.json() };
}

it('is ready while the projections keep up, not ready while one lags more than READY_MAX_LAG, and live throughout', async () => {
  // No projector here: the lag grows with every append until an instance that projects starts.
  const idle = await startServer('health-idle', {
    databaseUrl: db.url,
    env: { RUN_PROJECTIONS: 'false', READY_MAX_LAG: '2' },
  });
  for (const actor of CAST) expect((await gql(idle, REGISTER_ACTOR, { input: actor })).errors).toBeUndefined();
  const ready = await get(idle, '/health/ready');
  expect(ready.status).toBe(200);
  expect(ready.body).toEqual((await get(idle, '/health')).body);

  const res = await gql(idle, APPEND, {
    input: { streamId: 'health-lag', events: [1, 2, 3].map(() => statementMade()) },
  });
  expect(res.errors).toBeUndefined();
  const behind = await get(idle, '/health/ready');
  expect(behind.status).toBe(503);
  expect(behind.body).toMatchObject({ status: 'behind', database: 'up', readyMaxLag: 2 });
  expect(behind.body.behind.length).toBeGreaterThan(0);
  for (const name of behind.body.behind) expect(behind.body.projections[name].lag).toBeGreaterThan(2);
  // /health itself still answers 200: the database is up; only readiness depends on the lag.
  expect((await get(idle, '/health')).status).toBe(200);
  expect(await get(idle, '/health/live')).toEqual({ status: 200, body: { status: 'ok' } });

  // READY_MAX_LAG=0 turns the lag check off (any append puts a projection behind for a moment).
  const unchecked = await startServer('health-unchecked', {
    databaseUrl: db.url,
    env: { RUN_PROJECTIONS: 'false', READY_MAX_LAG: '0' },
  });
  const lagging = await get(unchecked, '/health/ready');
  expect(lagging.body.projections.pledges.lag).toBeGreaterThan(2);
  expect(lagging.status).toBe(200);

  // An instance that projects catches up, and the idle one is ready again.
  await startServer('health-projector', { databaseUrl: db.url });
  await until('the idle instance to be ready again', async () => (await get(idle, '/health/ready')).status === 200);
});
