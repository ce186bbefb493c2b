/**
 * A revoked key keeps nothing it opened: its WebSocket connections (eventAppended,
 * ceasefireChanged, pledgeChanged) are closed within a second with a code and reason that say so,
 * whether it was revoked through this instance, another instance, or by hand in the database; and
 * when a revocation went unheard, the key is looked up again before anything more is delivered.
 * A streaming export stops, and an import writes nothing more.
 * Two instances share one database here, as a deployment runs them.
 */
import { type Client, createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { KeyRevocations } from '../../src/auth/key-revocations.service.js';
import { ApiKeysService } from '../../src/auth/api-keys.service.js';
import { PgNotifierService } from '../../src/database/pg-notifier.service.js';
import { EventStoreService } from '../../src/events/event-store.service.js';
import { CAST, connect, registerActors, statementMade, withPg } from '../support/fixtures.js';
import { type TestApp, startAppOn } from '../support/test-app.js';
import { type TestDatabase, createTestDatabase } from '../support/test-database.js';
import { until } from '../support/wait.js';

let database: TestDatabase;
let a: TestApp;
let b: TestApp;
const clients: Client[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  a = await startAppOn(database, { PUBLIC_READ: 'false' }, { keySuffix: '-a' });
  b = await startAppOn(database, { PUBLIC_READ: 'false', RUN_PROJECTIONS: 'false' }, { keySuffix: '-b' });
  await registerActors(a, CAST);
});

afterAll(async () => {
  for (const client of clients) await client.dispose();
  await a?.close();
  await b?.close();
  await database?.drop();
});

let keyCount = 0;
async function newReaderKey(): Promise<{ name: string; key: string }> {
  const name = `watcher-${++keyCount}`;
  const res = await a.gql(`mutation($name: String!) { createApiKey(input: { name: $name, role: READER }) { key } }`, {
    name,
  });
  return { name, key: res.data.createApiKey.key };
}

interface Watch {
  received: unknown[];
  /** The close event (code, reason) once the connection is closed. */
  closed: Promise<{ code: number; reason: string }>;
  /** Resolves once the server has acknowledged the connection (it handles the subscribe messages after that: see watch). */
  ready: Promise<void>;
}

const SUBSCRIPTIONS = [
  'subscription($after: BigInt) { eventAppended(afterPosition: $after) { position } }',
  'subscription { ceasefireChanged { id state } }',
  'subscription { pledgeChanged { id state } }',
];

/**
 * Opens one connection to `app` with `key` and the three subscriptions on it. eventAppended starts
 * after the head read here, not at the head when the server gets to the subscribe message (which
 * comes after the connection's acknowledgement): a probe appended once `ready` has resolved is
 * delivered however late the server starts the subscription.
 */
async function watch(app: TestApp, key: string): Promise<Watch> {
  const after = await app.app.get(EventStoreService).lastPosition();
  const received: unknown[] = [];
  let closedWith!: (event: { code: number; reason: string }) => void;
  const closed = new Promise<{ code: number; reason: string }>((resolve) => (closedWith = resolve));
  let acknowledged!: () => void;
  const ready = new Promise<void>((resolve) => (acknowledged = resolve));
  const client = createClient({
    url: `${app.url.replace('http', 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams: { authorization: `Bearer ${key}` },
    retryAttempts: 0,
    lazy: false,
    onNonLazyError: () => undefined, // the close this file waits for
    on: {
      connected: () => acknowledged(),
      closed: (event) => {
        const { code, reason } = event as { code: number; reason: string };
        closedWith({ code, reason: String(reason) });
      },
    },
  });
  clients.push(client);
  for (const query of SUBSCRIPTIONS)
    client.subscribe(
      { query, variables: query.includes('$after') ? { after } : {} },
      { next: (value) => received.push(value), error: () => undefined, complete: () => undefined },
    );
  return { received, closed, ready };
}

/** Appends a statement through `app` and waits until `w` has received it (the subscriptions are live). */
async function liveProbe(app: TestApp, w: Watch): Promise<void> {
  const before = w.received.length;
  await app.gql(`mutation($input: AppendEventsInput!) { appendEvents(input: $input) { lastPosition } }`, {
    input: { streamId: `probe-${Date.now()}`, events: [statementMade()] },
  });
  await until('the subscription to deliver the probe', () => w.received.length > before, 10_000);
}

async function revokeThrough(app: TestApp, name: string): Promise<number> {
  const res = await app.gql(`mutation($name: String!) { revokeApiKey(name: $name) { revokedAt } }`, { name });
  expect(res.errors).toBeUndefined();
  return performance.now();
}

async function closedWithin(w: Watch, ms: number): Promise<{ code: number; reason: string; after: number }> {
  const started = performance.now();
  const event = await Promise.race([
    w.closed,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`still open after ${ms} ms`)), ms).unref()),
  ]);
  return { ...event, after: performance.now() - started };
}

describe('a revoked key loses its live subscriptions', () => {
  it('revoked through the instance it is connected to: closed with 4403 within a second, saying the key was revoked', async () => {
    const { name, key } = await newReaderKey();
    const w = await watch(a, key);
    await w.ready;
    await liveProbe(a, w);
    await revokeThrough(a, name);
    const closed = await closedWithin(w, 1_000);
    expect(closed.code).toBe(4403);
    expect(closed.reason).toBe(`the API key "${name}" was revoked`);
    // And it cannot come back with it.
    const refused = await new Promise<any>((resolve) => {
      const client = createClient({
        url: `${a.url.replace('http', 'ws')}/graphql`,
        webSocketImpl: WebSocket,
        connectionParams: { authorization: `Bearer ${key}` },
        retryAttempts: 0,
      });
      clients.push(client);
      client.subscribe(
        { query: SUBSCRIPTIONS[0] },
        { next: resolve, error: resolve, complete: () => resolve('complete') },
      );
    });
    expect(refused.errors[0]).toMatchObject({
      message: 'the API key is unknown or revoked',
      extensions: { code: 'UNAUTHENTICATED' },
    });
  });

  it('revoked through another instance: the revocation travels by NOTIFY and closes it within a second', async () => {
    const { name, key } = await newReaderKey();
    const w = await watch(a, key);
    await w.ready;
    await liveProbe(b, w);
    await revokeThrough(b, name);
    const closed = await closedWithin(w, 1_000);
    expect(closed).toMatchObject({ code: 4403, reason: `the API key "${name}" was revoked` });
  });

  it('revoked by hand in the database (npm run keys, SQL): closed within a second', async () => {
    const { name, key } = await newReaderKey();
    const w = await watch(b, key);
    await w.ready;
    await liveProbe(a, w);
    const db = await connect(database.url);
    try {
      await db.query('UPDATE api_keys SET revoked_at = now() WHERE name = $1', [name]);
    } finally {
      await db.end();
    }
    expect(await closedWithin(w, 1_000)).toMatchObject({ code: 4403 });
  });

  it('a revocation that was not heard is found before the next delivery: the key is looked up again after any other revocation', async () => {
    const { name, key } = await newReaderKey();
    const other = await newReaderKey();
    const w = await watch(a, key);
    await w.ready;
    await liveProbe(a, w);
    const db = await connect(database.url);
    try {
      // Revoked without the announcement (as when the listening connection was down at that moment).
      await db.query('BEGIN');
      await db.query('ALTER TABLE api_keys DISABLE TRIGGER api_keys_revoked');
      await db.query('UPDATE api_keys SET revoked_at = now() WHERE name = $1', [name]);
      await db.query('ALTER TABLE api_keys ENABLE TRIGGER api_keys_revoked');
      await db.query('COMMIT');
    } finally {
      await db.end();
    }
    await revokeThrough(a, other.name);
    const seen = w.received.length;
    await a.gql(`mutation($input: AppendEventsInput!) { appendEvents(input: $input) { lastPosition } }`, {
      input: { streamId: 'after-silent-revocation', events: [statementMade()] },
    });
    const closed = await closedWithin(w, 2_000);
    expect(closed).toMatchObject({ code: 4403, reason: `the API key "${name}" was revoked` });
    expect(w.received.length).toBe(seen);
  });

  it('when the listening connection is lost, every watched key is looked up again once it is back', async () => {
    const { name, key } = await newReaderKey();
    const w = await watch(a, key);
    await w.ready;
    await liveProbe(a, w);
    const db = await connect(database.url);
    try {
      await db.query('BEGIN');
      await db.query('ALTER TABLE api_keys DISABLE TRIGGER api_keys_revoked');
      await db.query('UPDATE api_keys SET revoked_at = now() WHERE name = $1', [name]);
      await db.query('ALTER TABLE api_keys ENABLE TRIGGER api_keys_revoked');
      await db.query('COMMIT');
      // Every LISTEN connection of this database is cut: the instances reconnect within a second or two.
      await db.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN%'`,
      );
    } finally {
      await db.end();
    }
    expect(await closedWithin(w, 5_000)).toMatchObject({ code: 4403, reason: `the API key "${name}" was revoked` });
  });

  it('other keys keep their connections', async () => {
    const keep = await newReaderKey();
    const gone = await newReaderKey();
    const kept = await watch(a, keep.key);
    const lost = await watch(a, gone.key);
    await Promise.all([kept.ready, lost.ready]);
    await liveProbe(a, kept);
    await revokeThrough(a, gone.name);
    await closedWithin(lost, 1_000);
    await liveProbe(a, kept);
  });
});

describe('authentication is cached, and a revocation still takes effect within a second', () => {
  const READ = `{ events(first: 1) { totalCount } }`;

  it('revoked on another instance, or by hand in the database: refused on the next request within a second', async () => {
    // (A test above cut the LISTEN connections: while they are down nothing is cached.)
    await until('b to listen again', () => b.app.get(PgNotifierService).listening, 10_000);
    for (const how of ['another instance', 'SQL'] as const) {
      const { name, key } = await newReaderKey();
      expect((await b.gql(READ, {}, key)).errors).toBeUndefined();
      // The instance answered from its cache of principals (no look-up on the next request).
      expect(b.app.get(ApiKeysService).cachedPrincipals).toBeGreaterThan(0);
      if (how === 'another instance') await revokeThrough(a, name);
      else
        await withPg(database.url, (db) => db.query('UPDATE api_keys SET revoked_at = now() WHERE name = $1', [name]));
      const refused = await until(
        `b to refuse the key revoked through ${how}`,
        async () => {
          const res = await b.gql(READ, {}, key);
          return res.errors?.[0]?.extensions?.code === 'UNAUTHENTICATED' ? res : null;
        },
        1_000,
        20,
      );
      expect(refused.errors?.[0].message).toBe('the API key is unknown or revoked');
    }
  });
});

describe('a revoked key loses its streaming exports and imports', () => {
  it('an export streaming with a key stops when the key is revoked: the download is cut short', async () => {
    const { name, key } = await newReaderKey();
    // About 10 MB of NDJSON: far more than the socket buffers hold while the reader waits.
    const text = 'x'.repeat(1_900);
    for (let i = 0; i < 10; i++) {
      const res = await a.gql(`mutation($input: AppendEventsInput!) { appendEvents(input: $input) { lastPosition } }`, {
        input: { streamId: `bulk-${i}`, events: Array.from({ length: 500 }, () => statementMade({ text })) },
      });
      expect(res.errors).toBeUndefined();
    }
    const res = await fetch(`${a.url}/export/events?format=ndjson`, { headers: { authorization: `Bearer ${key}` } });
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    let bytes = (await reader.read()).value?.length ?? 0;
    await revokeThrough(b, name);
    let failure: unknown = null;
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        bytes += value.length;
      }
    } catch (error) {
      failure = error;
    }
    expect(failure).not.toBeNull();
    // Cut short: well under the whole export, as another key downloads it.
    const whole = await fetch(`${a.url}/export/events?format=ndjson`, {
      headers: { authorization: `Bearer ${(await newReaderKey()).key}` },
    });
    const total = (await whole.arrayBuffer()).byteLength;
    expect(total).toBeGreaterThan(9_000_000);
    expect(bytes).toBeLessThan(total * 0.9);
  });

  it('an import whose key is revoked while its body streams writes nothing after it', async () => {
    const importer = `importer-${++keyCount}`;
    const created = await a.gql(
      `mutation($name: String!) { createApiKey(input: { name: $name, role: ADMIN }) { key } }`,
      { name: importer },
    );
    const key = created.data.createApiKey.key;
    const revocations = a.app.get(KeyRevocations);
    const db = await connect(database.url);
    const head = async () => (await db.query('SELECT last_position::int AS n FROM log_head')).rows[0].n as number;
    try {
      const before = await head();
      const lines = Array.from(
        { length: 1_200 },
        (_, i) =>
          `${JSON.stringify({ streamId: `imported-${keyCount}-${i % 3}`, event: statementMade({ text: `line ${i}` }) })}\n`,
      );
      let sendRest!: () => void;
      const rest = new Promise<void>((resolve) => (sendRest = resolve));
      const body = new ReadableStream<Uint8Array>({
        async start(controller) {
          controller.enqueue(new TextEncoder().encode(lines.slice(0, 600).join('')));
          await rest;
          controller.enqueue(new TextEncoder().encode(lines.slice(600).join('')));
          controller.close();
        },
      });
      const answer = fetch(`${a.url}/import/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-ndjson', authorization: `Bearer ${key}` },
        body,
        duplex: 'half',
      });
      const epoch = revocations.epoch;
      await revokeThrough(b, importer);
      await until('instance a to hear the revocation', () => revocations.epoch > epoch, 5_000);
      sendRest();
      const res = await answer;
      const report: any = await res.json();
      expect(res.status).toBe(422);
      expect(report).toMatchObject({
        ok: false,
        stoppedAt: 'write',
        written: 0,
        notWritten: 1_200,
        firstLineNotWritten: 1,
      });
      expect(report.errors).toEqual([
        {
          line: 1,
          path: 'authorization',
          reason: `the API key "${importer}" was revoked: this line and every later one were not written`,
        },
      ]);
      expect(await head()).toBe(before);
    } finally {
      await db.end();
    }
  });
});
