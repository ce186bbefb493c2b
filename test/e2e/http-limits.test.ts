/**
 * Issue 6, items 7 and 11: HTTP limits (body size 413, rate limits per address and per key with
 * 429 and Retry-After, timeouts for slow clients), security headers and CORS.
 */
import net from 'node:net';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { CAST, appendRaw, connect, registerActors, statementMade } from '../support/fixtures.js';
import { type TestApp, startTestApp } from '../support/test-app.js';
import { until } from '../support/wait.js';

const apps: TestApp[] = [];
async function app(env: Record<string, string> = {}): Promise<TestApp> {
  const started = await startTestApp(env);
  apps.push(started);
  return started;
}
afterAll(async () => {
  for (const started of apps) await started.close();
});

async function logHead(t: TestApp): Promise<number> {
  const db = await connect(t.database.url);
  try {
    return (await db.query('SELECT last_position::int AS n FROM log_head')).rows[0].n;
  } finally {
    await db.end();
  }
}

function graphqlPost(
  t: TestApp,
  query: string,
  key: string | null,
  extra: Record<string, string> = {},
): Promise<Response> {
  const headers: Record<string, string> = { 'content-type': 'application/json', ...extra };
  if (key) headers.authorization = `Bearer ${key}`;
  return fetch(`${t.url}/graphql`, { method: 'POST', headers, body: JSON.stringify({ query }) });
}

describe('security headers', () => {
  it('every answer (GraphQL, export, health, errors) carries them; API answers forbid being run or framed', async () => {
    const t = await app();
    const answers = [
      await graphqlPost(t, '{ actors { id } }', null),
      await graphqlPost(t, '{ nope }', null),
      await fetch(`${t.url}/export/events?format=csv`),
      await fetch(`${t.url}/export/events?format=nope`),
      await fetch(`${t.url}/health`),
      await fetch(`${t.url}/no-such-route`),
    ];
    for (const response of answers) {
      await response.arrayBuffer();
      expect({
        nosniff: response.headers.get('x-content-type-options'),
        frame: response.headers.get('x-frame-options'),
        referrer: response.headers.get('referrer-policy'),
        csp: response.headers.get('content-security-policy'),
        corp: response.headers.get('cross-origin-resource-policy'),
      }).toEqual({
        nosniff: 'nosniff',
        frame: 'DENY',
        referrer: 'no-referrer',
        csp: "default-src 'none'; frame-ancestors 'none'",
        corp: 'same-origin',
      });
      expect(response.headers.get('strict-transport-security')).toBeNull();
      expect(response.headers.get('x-powered-by')).toBeNull();
    }
  });

  it('what the HTTP layer refuses comes in the house shape', async () => {
    const t = await app();
    const missing = await fetch(`${t.url}/no-such-route`);
    expect(missing.status).toBe(404);
    expect((await missing.json()) as any).toEqual({
      error: { code: 'NOT_FOUND', message: 'Cannot GET /no-such-route' },
    });
    const notJson = await fetch(`${t.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"query": ',
    });
    expect(notJson.status).toBe(400);
    expect(((await notJson.json()) as any).errors[0].extensions.code).toBe('BAD_REQUEST');
  });

  it('production adds HSTS', async () => {
    const t = await app({ NODE_ENV: 'production' });
    const response = await fetch(`${t.url}/health`);
    expect(response.headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
  });
});

describe('CORS', () => {
  const preflight = (t: TestApp, origin: string) =>
    fetch(`${t.url}/graphql`, {
      method: 'OPTIONS',
      headers: {
        origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,content-type',
      },
    });

  it('by default only the same origin: other origins get no CORS grant', async () => {
    const t = await app();
    const pre = await preflight(t, 'https://elsewhere.example');
    expect(pre.headers.get('access-control-allow-origin')).toBeNull();
    const get = await fetch(`${t.url}/export/events?format=csv`, { headers: { origin: 'https://elsewhere.example' } });
    await get.arrayBuffer();
    expect(get.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('CORS_ORIGINS grants the listed origins, with the Authorization header and the export headers; others get nothing', async () => {
    const t = await app({ CORS_ORIGINS: 'https://timeline.example, http://localhost:5173' });
    const pre = await preflight(t, 'https://timeline.example');
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe('https://timeline.example');
    expect(pre.headers.get('access-control-allow-headers')).toMatch(/authorization/);
    expect(pre.headers.get('access-control-allow-headers')).toMatch(/x-request-id/);
    // Apollo's CSRF headers, which a GET query must carry (docs/api.md, GraphQL over GET).
    expect(pre.headers.get('access-control-allow-headers')).toMatch(/apollo-require-preflight/);
    expect(pre.headers.get('access-control-allow-headers')).toMatch(/x-apollo-operation-name/);
    expect(pre.headers.get('access-control-allow-methods')).toMatch(/POST/);
    const get = await fetch(`${t.url}/export/events?format=csv`, { headers: { origin: 'http://localhost:5173' } });
    await get.arrayBuffer();
    expect(get.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(get.headers.get('access-control-expose-headers')).toMatch(/x-up-to-position/);
    expect(get.headers.get('access-control-expose-headers')).toMatch(/x-request-id/);
    // The export's own Vary (Accept-Encoding) keeps the CORS hook's (Origin): a cache must keep both apart.
    expect(get.headers.get('vary')).toMatch(/origin/i);
    expect(get.headers.get('vary')).toMatch(/accept-encoding/i);
    const other = await preflight(t, 'https://evil.example');
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('a bad CORS_ORIGINS stops the start with the variable named', async () => {
    await expect(startTestApp({ CORS_ORIGINS: 'timeline.example/path' })).rejects.toThrow(
      /CORS_ORIGINS: "timeline.example\/path" is not an origin/,
    );
  });
});

describe('request body size', () => {
  it('a body over 40 MiB is refused with 413 and a clear error, before anything runs', async () => {
    const t = await app();
    await registerActors(t, CAST);
    const before = await logHead(t);
    const text = 'x'.repeat(41 * 1024 * 1024);
    const response = await fetch(`${t.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${t.adminKey}` },
      body: JSON.stringify({
        query: 'mutation($input: AppendEventsInput!) { appendEvents(input: $input) { lastPosition } }',
        variables: { input: { streamId: 'big', events: [statementMade({ text })] } },
      }),
    });
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({
      errors: [{ message: 'Request body is too large', extensions: { code: 'PAYLOAD_TOO_LARGE' } }],
    });
    expect(await logHead(t)).toBe(before);
  });
});

describe('rate limits', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await app({ RATE_LIMIT_IP: '5', RATE_LIMIT_KEY: '8' });
  });

  it('an address gets its allowance, then 429 with Retry-After in GraphQL shape; a refused mutation writes nothing', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      const response = await graphqlPost(t, '{ actors { id } }', null);
      statuses.push(response.status);
      expect(response.headers.get('ratelimit-remaining')).toBe(String(4 - i));
      await response.json();
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200]);
    const refused = await graphqlPost(t, '{ actors { id } }', null);
    expect(refused.status).toBe(429);
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 60).toBe(true);
    const body = (await refused.json()) as any;
    expect(body.errors[0]).toEqual({
      message: `too many requests from this address: at most 5 a minute; try again in ${retryAfter} s`,
      extensions: { code: 'RATE_LIMITED', retryAfterSeconds: retryAfter, limitPerMinute: 5 },
    });
    // Other endpoints answer in their own error shape.
    const exported = await fetch(`${t.url}/export/events?format=csv`);
    expect(exported.status).toBe(429);
    expect(((await exported.json()) as any).error).toMatchObject({ code: 'RATE_LIMITED' });
    // A bad key does not escape the address's limit.
    const badKey = await graphqlPost(t, '{ actors { id } }', 'dtl_not-a-key-but-long-enough-000000');
    expect(badKey.status).toBe(429);
    await badKey.arrayBuffer();
    // The health checks are not limited: load balancers and orchestrators poll them.
    for (const path of ['/health', '/health/live', '/health/ready'])
      expect({ path, status: (await fetch(`${t.url}${path}`)).status }).toEqual({ path, status: 200 });
  });

  it('a valid key has an allowance of its own, whatever its address used; a mutation refused for the rate writes nothing', async () => {
    await registerActors(t, CAST); // one request with the admin key
    const before = await logHead(t);
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) {
      const response = await graphqlPost(t, '{ actors { id } }', t.readerKey);
      statuses.push(response.status);
      await response.arrayBuffer();
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 200]);
    const reader = await graphqlPost(t, '{ actors { id } }', t.readerKey);
    await reader.arrayBuffer();
    expect(reader.status).toBe(200);
    const overReader = await graphqlPost(t, '{ actors { id } }', t.readerKey);
    expect(overReader.status).toBe(429);
    expect(((await overReader.json()) as any).errors[0].message).toMatch(/from this API key: at most 8 a minute/);
    // The admin key is another bucket: 7 left after registerActors.
    for (let i = 0; i < 7; i++) {
      const response = await appendRaw(t, { streamId: `rate-${i}`, events: [statementMade()] });
      expect(response.errors).toBeUndefined();
    }
    const overAdmin = await appendRaw(t, { streamId: 'rate-over', events: [statementMade()] });
    expect(overAdmin.status).toBe(429);
    expect(overAdmin.errors![0].extensions!.code).toBe('RATE_LIMITED');
    expect(await logHead(t)).toBe(before + 7);
  });

  it('a batch is charged one request per operation', async () => {
    const batcher = await app({ RATE_LIMIT_IP: '4' });
    const batch = (n: number) =>
      fetch(`${batcher.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(Array.from({ length: n }, () => ({ query: '{ actors { id } }' }))),
      });
    const first = await batch(3);
    expect(first.status).toBe(200);
    await first.arrayBuffer();
    const second = await batch(2);
    expect(second.status).toBe(429);
    await second.arrayBuffer();
  });
});

describe('rate limits and addresses', () => {
  const ask = (t: TestApp, forwardedFor?: string) =>
    graphqlPost(t, '{ actors { id } }', null, forwardedFor ? { 'x-forwarded-for': forwardedFor } : {}).then(
      async (r) => {
        await r.arrayBuffer();
        return r.status;
      },
    );

  it('X-Forwarded-For cannot buy a fresh allowance unless TRUST_PROXY names the proxy', async () => {
    const direct = await app({ RATE_LIMIT_IP: '2' });
    expect([await ask(direct, '10.0.0.1'), await ask(direct, '10.0.0.2'), await ask(direct, '10.0.0.3')]).toEqual([
      200, 200, 429,
    ]);
    const proxied = await app({ RATE_LIMIT_IP: '2', TRUST_PROXY: '127.0.0.1' });
    expect([await ask(proxied, '10.0.0.1'), await ask(proxied, '10.0.0.1'), await ask(proxied, '10.0.0.1')]).toEqual([
      200, 200, 429,
    ]);
    expect(await ask(proxied, '10.0.0.2')).toBe(200);
  });

  it('a hop count for TRUST_PROXY is refused (it would trust no one)', async () => {
    await expect(startTestApp({ TRUST_PROXY: '1' })).rejects.toThrow(
      /TRUST_PROXY: must be true, false, or a comma list/,
    );
  });

  it('WebSocket connections and the operations sent over them count against the address too', async () => {
    const t = await app({ RATE_LIMIT_IP: '3' });
    const wsUrl = `${t.url.replace('http', 'ws')}/graphql`;
    // One connection for all three operations (a lazy client would reconnect between them).
    const client = createClient({
      url: wsUrl,
      webSocketImpl: WebSocket,
      retryAttempts: 0,
      lazy: true,
      lazyCloseTimeout: 10_000,
    });
    const run = () =>
      new Promise<any>((resolve) => {
        let result: any;
        client.subscribe(
          { query: '{ actors { id } }' },
          {
            next: (value) => (result = value),
            error: (errors) => resolve({ errors }),
            complete: () => resolve(result),
          },
        );
      });
    try {
      // The connection is one request, each operation another.
      expect(await run()).toEqual({ data: { actors: [] } });
      expect(await run()).toEqual({ data: { actors: [] } });
      const refused = await run();
      expect(refused.errors[0]).toMatchObject({
        message: expect.stringMatching(/too many requests from this address: at most 3 a minute/),
        extensions: { code: 'RATE_LIMITED' },
      });
    } finally {
      await client.dispose();
    }
    const closed = await new Promise<{ code: number; reason: string }>((resolve) => {
      const socket = new WebSocket(wsUrl, 'graphql-transport-ws');
      socket.on('open', () => socket.send(JSON.stringify({ type: 'connection_init' })));
      socket.on('close', (code, reason) => resolve({ code, reason: reason.toString() }));
    });
    expect(closed.code).toBe(4429);
    expect(closed.reason).toMatch(/too many requests from this address/);
  });
});

describe('slow clients', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await app({ HEADERS_TIMEOUT_MS: '1000', IDLE_TIMEOUT_MS: '1500' });
  });

  function rawSocket(): Promise<{ socket: net.Socket; closed: Promise<string> }> {
    const { port } = new URL(t.url);
    return new Promise((resolve, reject) => {
      const socket = net.connect(Number(port), '127.0.0.1', () => {
        let received = '';
        socket.on('data', (chunk) => (received += chunk));
        const closed = new Promise<string>((done) => socket.on('close', () => done(received)));
        resolve({ socket, closed });
      });
      socket.on('error', reject);
    });
  }

  it('a connection that sends nothing is closed', async () => {
    const { closed } = await rawSocket();
    await expect(
      Promise.race([closed, new Promise((r) => setTimeout(() => r('still open after 10 s'), 10_000).unref())]),
    ).resolves.toBe('');
  });

  it('a client that trickles its headers (slowloris) is cut off with 408', async () => {
    const { socket, closed } = await rawSocket();
    const request = 'GET /health HTTP/1.1\r\nHost: x\r\nX-Slow: ' + 'a'.repeat(200);
    let sent = 0;
    const drip = setInterval(() => {
      if (socket.destroyed || sent >= request.length) return clearInterval(drip);
      socket.write(request[sent++]);
    }, 100);
    const received = await Promise.race([
      closed,
      new Promise<string>((r) => setTimeout(() => r('still open after 10 s'), 10_000).unref()),
    ]);
    clearInterval(drip);
    expect(sent).toBeLessThan(request.length);
    expect(received).toMatch(/^HTTP\/1\.1 408/);
  });

  it('a body trickled a byte at a time is cut off with 408 once BODY_TIMEOUT_MS has passed, though bytes keep coming', async () => {
    const trickler = await app({ BODY_TIMEOUT_MS: '1500', IDLE_TIMEOUT_MS: '1000' });
    const { port } = new URL(trickler.url);
    const socket = net.connect(Number(port), '127.0.0.1');
    let received = '';
    socket.on('data', (chunk) => (received += chunk));
    const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
    socket.on('error', () => undefined);
    const body = JSON.stringify({ query: '{ actors { id } }' }).padEnd(400, ' ');
    socket.write(
      `POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`,
    );
    let sent = 0;
    const started = performance.now();
    // Faster than the idle timeout, so only the body bound can end it.
    const drip = setInterval(() => {
      if (socket.destroyed || sent >= body.length) return clearInterval(drip);
      socket.write(body[sent++]);
    }, 200);
    await Promise.race([closed, new Promise((r) => setTimeout(r, 10_000).unref())]);
    clearInterval(drip);
    const after = performance.now() - started;
    expect(sent).toBeLessThan(body.length);
    expect(after).toBeGreaterThanOrEqual(1_400);
    expect(after).toBeLessThan(5_000);
    expect(received).toMatch(/^HTTP\/1\.1 408 Request Timeout/);
    expect(JSON.parse(received.slice(received.indexOf('\r\n\r\n') + 4))).toEqual({
      error: { code: 'REQUEST_TIMEOUT', message: 'the request body did not arrive within 1.5 s; send it faster' },
    });
  });

  it('a bulk import has a bound of its own (IMPORT_BODY_TIMEOUT_MS): still read after BODY_TIMEOUT_MS', async () => {
    const importer = await app({ BODY_TIMEOUT_MS: '500', IMPORT_BODY_TIMEOUT_MS: '60000' });
    await registerActors(importer, CAST);
    const line = JSON.stringify({ streamId: 'slow-import', event: statementMade() });
    const body = new ReadableStream<Uint8Array>({
      async start(controller) {
        controller.enqueue(new TextEncoder().encode(line.slice(0, 10)));
        await new Promise((r) => setTimeout(r, 1_500));
        controller.enqueue(new TextEncoder().encode(`${line.slice(10)}\n`));
        controller.close();
      },
    });
    const res = await fetch(`${importer.url}/import/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-ndjson', authorization: `Bearer ${importer.adminKey}` },
      body,
      duplex: 'half',
    });
    const report = await res.json();
    expect({ status: res.status, report }).toMatchObject({ status: 200, report: { ok: true, written: 1 } });
  });

  it('a subscription that waits longer than the idle timeout stays open (graphql-ws keeps it alive) and still gets events', async () => {
    await registerActors(t, CAST);
    const client = createClient({
      url: `${t.url.replace('http', 'ws')}/graphql`,
      webSocketImpl: WebSocket,
      retryAttempts: 0,
      keepAlive: 500,
    });
    try {
      const received: any[] = [];
      let failed: unknown;
      const dispose = client.subscribe(
        { query: 'subscription { eventAppended { position } }' },
        { next: (value) => received.push(value), error: (error) => (failed = error), complete: () => undefined },
      );
      await new Promise((r) => setTimeout(r, 3_500)); // more than twice the idle timeout
      const appended = await appendRaw(t, { streamId: 'after-idle', events: [statementMade()] });
      await until('the event to arrive', async () => failed ?? received.length > 0, 10_000);
      expect(failed).toBeUndefined();
      expect(received[0].data.eventAppended.position).toBe(appended.data!.appendEvents.lastPosition);
      dispose();
    } finally {
      await client.dispose();
    }
  });
});

describe('connections per address', () => {
  it('MAX_CONNECTIONS_PER_ADDRESS open connections are served; one more is answered 429 and closed; a closed one frees its place', async () => {
    const t = await app({ MAX_CONNECTIONS_PER_ADDRESS: '3' });
    const { port } = new URL(t.url);
    const open = () =>
      new Promise<{ socket: net.Socket; received: () => string; closed: Promise<void> }>((resolve, reject) => {
        const socket = net.connect(Number(port), '127.0.0.1', () =>
          resolve({ socket, received: () => received, closed }),
        );
        let received = '';
        socket.on('data', (chunk) => (received += chunk));
        const closed = new Promise<void>((done) => socket.on('close', () => done()));
        socket.on('error', reject);
      });
    const ask = async (c: { socket: net.Socket; received: () => string }) => {
      c.socket.write('GET /health HTTP/1.1\r\nHost: x\r\n\r\n');
      await until('an answer', () => c.received().includes('\r\n\r\n'), 5_000);
      return c.received();
    };
    const held = [await open(), await open(), await open()];
    for (const c of held) expect(await ask(c)).toMatch(/^HTTP\/1\.1 200/);
    const fourth = await open();
    await fourth.closed;
    expect(fourth.received()).toMatch(/^HTTP\/1\.1 429 Too Many Requests/);
    expect(fourth.received()).toContain('this address already holds 3 open connections; at most 3');
    held[0].socket.destroy();
    await held[0].closed;
    await until(
      'the place to be freed',
      async () => {
        const next = await open();
        const answer = await ask(next).catch(() => '');
        next.socket.destroy();
        return answer.startsWith('HTTP/1.1 200');
      },
      5_000,
    );
    for (const c of held) c.socket.destroy();
  });

  it('a WebSocket connection counts as one', async () => {
    const t = await app({ MAX_CONNECTIONS_PER_ADDRESS: '1' });
    const ws = new WebSocket(`${t.url.replace('http', 'ws')}/graphql`, 'graphql-transport-ws');
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    const refused = await fetch(`${t.url}/health`).then(
      (r) => r.status,
      () => 'closed',
    );
    expect([429, 'closed']).toContain(refused);
    ws.close();
  });
});

describe('WebSocket messages', () => {
  it('a message larger than the HTTP body limit (40 MiB) is refused: the connection is closed with 1009 before it is read', async () => {
    const t = await app();
    const ws = new WebSocket(`${t.url.replace('http', 'ws')}/graphql`, 'graphql-transport-ws');
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    const closed = new Promise<{ code: number; reason: string }>((resolve) =>
      ws.once('close', (code, reason) => resolve({ code, reason: String(reason) })),
    );
    ws.on('error', () => undefined);
    ws.send(JSON.stringify({ type: 'connection_init', payload: { pad: 'x'.repeat(41 * 1024 * 1024) } }));
    expect((await closed).code).toBe(1009);
  });

  it('a message under the limit is read as before', async () => {
    const t = await app();
    const client = createClient({
      url: `${t.url.replace('http', 'ws')}/graphql`,
      webSocketImpl: WebSocket,
      retryAttempts: 0,
      connectionParams: { pad: 'x'.repeat(1024 * 1024) },
    });
    try {
      const result = await new Promise<any>((resolve) => {
        let value: any;
        client.subscribe(
          { query: '{ actors { id } }' },
          { next: (v) => (value = v), error: resolve, complete: () => resolve(value) },
        );
      });
      expect(result).toEqual({ data: { actors: [] } });
    } finally {
      await client.dispose();
    }
  });
});
