/**
 * Request ids and the access log (issue 19): every answer carries X-Request-Id (the caller's when
 * usable, a new one when not), and the server's access log line for the request names it.
 * The server is `node dist/main.js` with LOG_LEVEL=info, so its JSON log lines can be read.
 */
import { type ServerProcess, startServer, stopAllProcesses } from '../support/server-process.js';
import { type TestDatabase, createTestDatabase } from '../support/test-database.js';
import { until } from '../support/wait.js';

let db: TestDatabase;
let server: ServerProcess;

beforeAll(async () => {
  db = await createTestDatabase();
  server = await startServer('request-id', { databaseUrl: db.url, env: { LOG_LEVEL: 'info' } });
});

afterAll(async () => {
  await stopAllProcesses();
  await db.drop();
});

/** The access log lines the server has written so far. */
function accessLines(): Array<Record<string, unknown>> {
  return server
    .output()
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .filter((entry) => entry.context === 'http');
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

it('keeps the id a caller sends, in the answer and in the access log line', async () => {
  const res = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-request-id': 'client-req-42' },
    body: JSON.stringify({ query: '{ actors { id } }' }),
  });
  expect(res.status).toBe(200);
  expect(res.headers.get('x-request-id')).toBe('client-req-42');
  await until('the access log line', () => accessLines().some((l) => l.requestId === 'client-req-42'));
  expect(accessLines().find((l) => l.requestId === 'client-req-42')).toMatchObject({
    level: 30,
    msg: 'request',
    method: 'POST',
    path: '/graphql',
    status: 200,
  });
});

it('makes an id when none is sent or the one sent is unusable, for answers of every kind', async () => {
  const answers = [
    await fetch(`${server.url}/health`),
    await fetch(`${server.url}/export/events?format=nope`),
    await fetch(`${server.url}/no-such-page`),
    await fetch(`${server.url}/health/live`, { headers: { 'x-request-id': 'bad id\twith "quotes"' } }),
  ];
  const ids = answers.map((a) => a.headers.get('x-request-id'));
  expect(answers.map((a) => a.status)).toEqual([200, 400, 404, 200]);
  for (const id of ids) expect(id).toMatch(UUID);
  expect(new Set(ids).size).toBe(ids.length);
  await until('their access log lines', () => ids.every((id) => accessLines().some((l) => l.requestId === id)));
  const logged = ids.map((id) => accessLines().find((l) => l.requestId === id)!);
  expect(logged.map((l) => [l.path, l.status])).toEqual([
    ['/health', 200],
    ['/export/events', 400],
    ['/no-such-page', 404],
    ['/health/live', 200],
  ]);
  // The query string is not logged (it may hold filters a reader considers private).
  expect(JSON.stringify(logged)).not.toContain('format=nope');
});
