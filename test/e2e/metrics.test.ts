/**
 * GET /metrics (Prometheus text format) after known traffic on `node dist/main.js`: GraphQL
 * operations by name and type, HTTP requests by route pattern (never by URL), appends by event
 * type and their failures by code, an export's rows and bytes, an import, projection positions and
 * lag, the pool, an open subscription. Then METRICS_TOKEN and METRICS_ENABLED on apps started in
 * this process (each app keeps its own registry, so two side by side do not clash).
 */
import { type Client, createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { PROJECTIONS } from '../../src/read-models/read-models.js';
import { CAST, REGISTER_ACTOR, statementMade } from '../support/fixtures.js';
import { type ServerProcess, gql, postImport, startServer, stopAllProcesses } from '../support/server-process.js';
import { type TestApp, startTestApp } from '../support/test-app.js';
import { type TestDatabase, createTestDatabase } from '../support/test-database.js';
import { until } from '../support/wait.js';

let db: TestDatabase;
let server: ServerProcess;
const clients: Client[] = [];
const apps: TestApp[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  server = await startServer('metrics', { databaseUrl: db.url });
});

afterAll(async () => {
  for (const client of clients) await client.dispose();
  for (const app of apps) await app.close();
  await stopAllProcesses();
  await db.drop();
});

/** One sample of a scrape: `name{label="value",…}` (labels sorted) → value. */
type Samples = Map<string, number>;

function key(name: string, labels: Record<string, string> = {}): string {
  const pairs = Object.entries(labels)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([label, value]) => `${label}=${JSON.stringify(value)}`);
  return pairs.length ? `${name}{${pairs.join(',')}}` : name;
}

/** Parses the text format (HELP and TYPE lines skipped), keying each sample as `key` does. */
function parse(text: string): Samples {
  const samples: Samples = new Map();
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match) throw new Error(`not a sample line: ${line}`);
    const labels: Record<string, string> = {};
    for (const [, label, value] of (match[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g))
      labels[label] = JSON.parse(`"${value}"`) as string;
    samples.set(key(match[1], labels), Number(match[3]));
  }
  return samples;
}

async function scrape(url = server.url, headers: Record<string, string> = {}): Promise<Samples> {
  const response = await fetch(`${url}/metrics`, { headers });
  expect(response.status).toBe(200);
  return parse(await response.text());
}

const ACTORS_QUERY = 'query ActorsForMetrics { actors { id } }';
const APPEND = `mutation AppendForMetrics($input: AppendEventsInput!) { appendEvents(input: $input) { lastPosition } }`;

it('counts the traffic it was sent, by operation, route, event type, export and import', async () => {
  for (const actor of CAST) expect((await gql(server, REGISTER_ACTOR, { input: actor })).errors).toBeUndefined();
  for (let i = 0; i < 2; i++) expect((await gql(server, ACTORS_QUERY)).errors).toBeUndefined();
  expect((await gql(server, '{ actors { id } }')).errors).toBeUndefined();
  expect((await gql(server, 'query Broken { noSuchField }')).errors?.[0].extensions?.code).toBe(
    'GRAPHQL_VALIDATION_FAILED',
  );

  const appended = await gql(server, APPEND, {
    input: { streamId: 'metrics-1', events: [statementMade(), statementMade()] },
  });
  expect(appended.errors).toBeUndefined();
  const stale = await gql(server, APPEND, {
    input: { streamId: 'metrics-1', expectedVersion: 0, events: [statementMade()] },
  });
  expect(stale.errors?.[0].extensions?.code).toBe('WRONG_EXPECTED_VERSION');
  const head = Number(appended.data.appendEvents.lastPosition);

  const exported = await fetch(`${server.url}/export/events?format=ndjson`);
  expect(exported.status).toBe(200);
  const exportBytes = Buffer.byteLength(await exported.text());

  // A read model's export (issue 19): counted under its own kind, its bytes before any gzip.
  const pledges = await fetch(`${server.url}/export/read-models/pledges?format=csv`, {
    headers: { 'accept-encoding': 'gzip' },
  });
  expect(pledges.status).toBe(200);
  const pledgesText = await pledges.text();
  const pledgeRows = pledgesText.split('\n').filter(Boolean).length - 1;

  const importBody = `${JSON.stringify({ streamId: 'metrics-2', event: statementMade() })}\n`;
  const imported = await postImport(server, 'events', importBody);
  expect(imported.status).toBe(200);

  for (const url of ['/no-such-page/1', '/no-such-page/2', '/export/events/3']) {
    expect((await fetch(`${server.url}${url}`)).status).toBe(404);
  }

  // The access hooks and the end of a streamed export run after the client has its answer: wait for the last of them.
  const unmatched = key('diplomacy_http_requests_total', { method: 'GET', route: 'unmatched', status_class: '4xx' });
  const exportDone = key('diplomacy_transfers_total', {
    direction: 'export',
    kind: 'events',
    format: 'ndjson',
    outcome: 'ok',
  });
  const m = await until('the counts of the traffic', async () => {
    const samples = await scrape();
    const pledgesDone = samples.get(
      key('diplomacy_transfers_total', { direction: 'export', kind: 'pledges', format: 'csv', outcome: 'ok' }),
    );
    return samples.get(unmatched) === 3 && samples.get(exportDone) === 1 && pledgesDone === 1 ? samples : null;
  });

  const ops = (operation: string, type: string, outcome: string) =>
    m.get(key('diplomacy_graphql_operations_total', { operation, type, outcome }));
  expect(ops('ActorsForMetrics', 'query', 'success')).toBe(2);
  expect(ops('anonymous', 'query', 'success')).toBe(1);
  expect(ops('anonymous', 'mutation', 'success')).toBe(CAST.length);
  expect(ops('AppendForMetrics', 'mutation', 'success')).toBe(1);
  expect(ops('AppendForMetrics', 'mutation', 'error')).toBe(1);
  expect(ops('invalid', 'unknown', 'error')).toBe(1);
  expect(
    m.get(key('diplomacy_graphql_operation_duration_seconds_count', { operation: 'ActorsForMetrics', type: 'query' })),
  ).toBe(2);

  const graphqlRequests = CAST.length + 2 + 1 + 1 + 2;
  expect(m.get(key('diplomacy_http_requests_total', { method: 'POST', route: '/graphql', status_class: '2xx' }))).toBe(
    graphqlRequests - 1,
  );
  // A query that does not validate is answered 400.
  expect(m.get(key('diplomacy_http_requests_total', { method: 'POST', route: '/graphql', status_class: '4xx' }))).toBe(
    1,
  );
  expect(
    m.get(key('diplomacy_http_requests_total', { method: 'GET', route: '/export/events', status_class: '2xx' })),
  ).toBe(1);
  expect(
    m.get(
      key('diplomacy_http_request_duration_seconds_count', {
        method: 'GET',
        route: '/export/events',
        status_class: '2xx',
      }),
    ),
  ).toBe(1);
  // Unknown URLs share one label: no label value names a path that is not a route.
  expect([...m.keys()].filter((k) => k.includes('no-such-page') || k.includes('/export/events/3'))).toEqual([]);

  expect(m.get(key('diplomacy_events_appended_total', { type: 'STATEMENT_MADE' }))).toBe(3);
  expect(m.get(key('diplomacy_append_failures_total', { code: 'WRONG_EXPECTED_VERSION' }))).toBe(1);

  const exportLabels = { direction: 'export', kind: 'events', format: 'ndjson' };
  expect(m.get(key('diplomacy_transfer_rows_total', exportLabels))).toBe(2);
  expect(m.get(key('diplomacy_transfer_bytes_total', exportLabels))).toBe(exportBytes);
  expect(m.get(key('diplomacy_transfer_duration_seconds_count', exportLabels))).toBe(1);
  const pledgeLabels = { direction: 'export', kind: 'pledges', format: 'csv' };
  expect(m.get(key('diplomacy_transfers_total', { ...pledgeLabels, outcome: 'ok' }))).toBe(1);
  expect(m.get(key('diplomacy_transfer_rows_total', pledgeLabels)) ?? 0).toBe(pledgeRows);
  expect(m.get(key('diplomacy_transfer_bytes_total', pledgeLabels))).toBe(Buffer.byteLength(pledgesText));
  const importLabels = { direction: 'import', kind: 'events', format: 'ndjson' };
  expect(m.get(key('diplomacy_transfers_total', { ...importLabels, outcome: 'ok' }))).toBe(1);
  expect(m.get(key('diplomacy_transfer_rows_total', importLabels))).toBe(1);
  expect(m.get(key('diplomacy_transfer_bytes_total', importLabels))).toBe(Buffer.byteLength(importBody));

  // The projections catch up with the log's head: their positions and lags are read at each scrape.
  const caughtUp = await until('the projections at the head', async () => {
    const samples = await scrape();
    return PROJECTIONS.every((p) => samples.get(key('diplomacy_projection_lag_events', { projection: p.name })) === 0)
      ? samples
      : null;
  });
  expect(caughtUp.get('diplomacy_log_head_position')).toBe(head + 1);
  for (const p of PROJECTIONS)
    expect(caughtUp.get(key('diplomacy_projection_position', { projection: p.name }))).toBe(head + 1);

  expect(caughtUp.get(key('diplomacy_db_pool_connections', { pool: 'primary' }))).toBeGreaterThanOrEqual(1);
  expect(caughtUp.has(key('diplomacy_db_pool_idle_connections', { pool: 'primary' }))).toBe(true);
  expect(caughtUp.has(key('diplomacy_db_pool_waiting_requests', { pool: 'primary' }))).toBe(true);
  expect(caughtUp.has(key('diplomacy_db_pool_connections', { pool: 'replica' }))).toBe(false);
  // prom-client's default process metrics.
  expect(caughtUp.get('process_cpu_user_seconds_total')).toBeGreaterThan(0);
  expect(caughtUp.get('nodejs_heap_size_used_bytes')).toBeGreaterThan(0);
});

it('answers in the Prometheus text format, unlimited and without a key', async () => {
  const response = await fetch(`${server.url}/metrics`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
  expect(response.headers.get('x-request-id')).toBeTruthy();
  expect(await response.text()).toContain('# TYPE diplomacy_http_requests_total counter');
});

it('counts the open WebSocket connections and their subscriptions', async () => {
  const before = await scrape();
  expect(before.get('diplomacy_graphql_ws_connections')).toBe(0);
  const client = createClient({ url: server.wsUrl, webSocketImpl: WebSocket, retryAttempts: 0 });
  clients.push(client);
  const received: unknown[] = [];
  const dispose = client.subscribe(
    { query: 'subscription { eventAppended(afterPosition: "0") { position } }' },
    { next: (message) => received.push(message), error: () => undefined, complete: () => undefined },
  );
  await until('the subscription to deliver', () => received.length > 0);
  const open = await scrape();
  expect(open.get('diplomacy_graphql_ws_connections')).toBe(1);
  expect(open.get('diplomacy_graphql_ws_active_operations')).toBe(1);
  dispose();
  await until(
    'the subscription to complete',
    async () => (await scrape()).get('diplomacy_graphql_ws_active_operations') === 0,
  );
  await client.dispose();
  await until('the connection to close', async () => (await scrape()).get('diplomacy_graphql_ws_connections') === 0);
});

describe('access', () => {
  const TOKEN = 'metrics-token-0123456789abcdef';

  it('asks for the bearer token when METRICS_TOKEN is set', async () => {
    const app = await startTestApp({ METRICS_TOKEN: TOKEN });
    apps.push(app);
    const attempts: Array<Record<string, string>> = [
      {},
      { authorization: 'Bearer wrong-token-0123456789' },
      { authorization: `Bearer ${app.adminKey}` },
    ];
    for (const headers of attempts) {
      const refused = await fetch(`${app.url}/metrics`, { headers });
      expect(refused.status).toBe(401);
      expect(refused.headers.get('www-authenticate')).toBe('Bearer realm="metrics"');
      expect(await refused.json()).toEqual({
        error: { code: 'UNAUTHENTICATED', message: 'GET /metrics needs "Authorization: Bearer <METRICS_TOKEN>"' },
      });
    }
    const samples = await scrape(app.url, { authorization: `Bearer ${TOKEN}` });
    // This app's own registry: the refusals above, not another app's traffic.
    expect(
      samples.get(key('diplomacy_http_requests_total', { method: 'GET', route: '/metrics', status_class: '4xx' })),
    ).toBe(3);
  });

  it('is not served when METRICS_ENABLED=false', async () => {
    const app = await startTestApp({ METRICS_ENABLED: 'false' });
    apps.push(app);
    expect((await fetch(`${app.url}/metrics`)).status).toBe(404);
  });
});
