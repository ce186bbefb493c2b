/**
 * A Parquet export is encoded in a worker thread of the server (`node dist/main.js`, so the worker
 * file is found in the build as a deployment runs it): other requests are answered while a large
 * export is in flight, the file is whole and readable, and a client that goes away mid-export ends
 * the worker. The worker is seen in the process's thread count (/proc/<pid>/status): an export
 * that ends well leaves one idle worker (reused by the next export), one cut short terminates it.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import { parquetMetadata } from 'hyparquet';
import { CAST, statementMade } from '../support/fixtures.js';
import { type ServerProcess, gql, startServer, stopAllProcesses } from '../support/server-process.js';
import { type TestDatabase, createTestDatabase } from '../support/test-database.js';
import { until } from '../support/wait.js';

// Several row groups (of 5,000): the export is held by back-pressure after the first until the client reads on.
const EVENTS = 20_000;

describe('Parquet exports in a worker thread', () => {
  let database: TestDatabase;
  let server: ServerProcess;
  const threads = () => Number(/^Threads:\s+(\d+)/m.exec(fs.readFileSync(`/proc/${server.pid}/status`, 'utf8'))?.[1]);

  beforeAll(async () => {
    database = await createTestDatabase();
    server = await startServer('parquet-worker', { databaseUrl: database.url, env: { RUN_PROJECTIONS: 'false' } });
    const params = CAST.map((_, i) => `$a${i}: RegisterActorInput!`).join(', ');
    const fields = CAST.map((_, i) => `a${i}: registerActor(input: $a${i}) { id }`).join('\n');
    const registered = await gql(
      server,
      `mutation(${params}) { ${fields} }`,
      Object.fromEntries(CAST.map((a, i) => [`a${i}`, a])),
    );
    expect(registered.errors).toBeUndefined();
    // Text that does not compress: the file (~38 MB) is far larger than what the sockets buffer.
    for (let i = 0; i < EVENTS / 500; i++) {
      const events = Array.from({ length: 500 }, () =>
        statementMade({ text: crypto.randomBytes(1_400).toString('base64') }),
      );
      const res = await gql(
        server,
        `mutation($input: AppendEventsInput!) { appendEvents(input: $input) { lastPosition } }`,
        { input: { streamId: `bulk-${i}`, events } },
      );
      expect(res.errors).toBeUndefined();
    }
    // Whatever the server starts lazily on its first requests (libuv's pool) is started before counting.
    expect((await fetch(`${server.url}/export/events?format=ndjson&upToPosition=10`)).status).toBe(200);
  }, 300_000);

  afterAll(async () => {
    await stopAllProcesses();
    await database?.drop();
  });

  it('answers other requests while a large export streams, from a thread of its own; a client gone mid-export ends that thread', async () => {
    const idle = threads();
    // Without gzip: fetch asks for it by default, and its decompression is slow on a file this large.
    const res = await fetch(`${server.url}/export/events?format=parquet`, {
      headers: { 'accept-encoding': 'identity' },
    });
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    const chunks: Uint8Array[] = [(await reader.read()).value!];
    // Bytes came: the export is in flight, encoded by one more thread.
    expect(threads()).toBe(idle + 1);
    // Another request is answered before the export is read to its end.
    const [health, query] = await Promise.all([
      fetch(`${server.url}/health`),
      gql(server, '{ events(first: 1) { edges { node { position } } } }', {}, null),
    ]);
    expect(health.status).toBe(200);
    expect(query.data.events.edges[0].node.position).toBe('1');
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
    }
    const file = Buffer.concat(chunks);
    expect(file.byteLength).toBeGreaterThan(30_000_000);
    const metadata = parquetMetadata(file.buffer.slice(file.byteOffset, file.byteOffset + file.byteLength));
    expect(Number(metadata.num_rows)).toBe(EVENTS);
    // The export ended well: its worker stays, idle, for the next one.
    expect(threads()).toBe(idle + 1);

    const stopped = new AbortController();
    const cut = await fetch(`${server.url}/export/events?format=parquet`, { signal: stopped.signal });
    const cutReader = cut.body!.getReader();
    expect((await cutReader.read()).value!.byteLength).toBeGreaterThan(0);
    expect(threads()).toBe(idle + 1);
    stopped.abort();
    // The client went away mid-export: its worker is terminated, and the server still answers.
    await until(
      `the worker to end (threads ${threads()}, ${idle} before any Parquet export)`,
      () => threads() === idle,
    );
    expect((await fetch(`${server.url}/health`)).status).toBe(200);
  }, 180_000);
});
