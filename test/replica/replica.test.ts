/**
 * Reads from a streaming replica (READ_DATABASE_URL), on a real PostgreSQL 15 primary and hot
 * standby (test/support/streaming-replica.ts), with `node dist/main.js` spoken to like a client.
 * Replay is paused on the standby (pg_wal_replay_pause) to make it lag on purpose: a read that
 * misses what the primary holds came from the replica, and minPosition must wait for it.
 * Not part of `npm test` (it needs Debian's binaries): `npm run test:replica`.
 */
import { createClient } from 'graphql-ws';
import pg from 'pg';
import WebSocket from 'ws';
import { CAST, REGISTER_ACTOR, type RawEvent, pledgeMade, statementMade } from '../support/fixtures.js';
import { type ReplicatedPair, createReplicatedPair } from '../support/streaming-replica.js';
import {
  type ServerProcess,
  backendsOf,
  gql,
  healthResponse,
  startServer,
  stopAllProcesses,
  withApplicationName,
} from '../support/server-process.js';
import { sleep, until } from '../support/wait.js';

const APPEND = `mutation($input: AppendEventsInput!) { appendEvents(input: $input) { lastPosition } }`;
const STREAM_EVENTS = `query($stream: String, $min: BigInt) {
  events(filter: { streamId: $stream }, minPosition: $min) { edges { node { position streamId } } }
}`;
/** A request that takes longer than this while a database is away counts as hanging. */
const NO_HANG_MS = 15_000;
const READER = 'replica-reader';
const LATE_READER = 'replica-late-reader';
const LAG_READER = 'replica-lag-reader';

let pair: ReplicatedPair;
let server: ServerProcess;

async function onReplica<T>(sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: pair.replica.url });
  await client.connect();
  try {
    return (await client.query(sql)).rows as T[];
  } finally {
    await client.end();
  }
}

const pauseReplay = () => onReplica('SELECT pg_wal_replay_pause()');
const resumeReplay = () => onReplica('SELECT pg_wal_replay_resume()');

async function replicaHead(): Promise<string> {
  return (await onReplica<{ p: string }>('SELECT last_position::text AS p FROM log_head'))[0].p;
}

async function append(streamId: string, event: RawEvent = statementMade()): Promise<string> {
  const res = await gql(server, APPEND, { input: { streamId, events: [event] } });
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data.appendEvents.lastPosition;
}

async function streamPositions(streamId: string, min?: string): Promise<string[]> {
  const res = await gql(server, STREAM_EVENTS, { stream: streamId, min });
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data.events.edges.map((e: any) => e.node.position);
}

async function replicaCaughtUp(): Promise<void> {
  await until(
    'the replica to replay the primary',
    async () => {
      const { body } = await healthResponse(server);
      return body?.replica?.status === 'up' && body.replica.lag === 0;
    },
    30_000,
  );
}

beforeAll(async () => {
  pair = await createReplicatedPair();
  server = await startServer('replica', {
    databaseUrl: pair.primary.url,
    env: { READ_DATABASE_URL: withApplicationName(pair.replica.url, READER) },
  });
  await until(
    'the server to read from the replica',
    async () => (await healthResponse(server)).body?.replica?.status === 'up',
  );
  for (const actor of CAST) {
    const res = await gql(server, REGISTER_ACTOR, { input: actor });
    expect(res.errors).toBeUndefined();
  }
}, 180_000);

afterAll(async () => {
  await stopAllProcesses();
  await pair?.destroy();
}, 120_000);

it('sends reads to the replica: its connections are there, and what it has not replayed is not read', async () => {
  const first = await append('replica-first');
  await replicaCaughtUp();
  expect(await streamPositions('replica-first')).toEqual([first]);
  expect(await backendsOf(pair.replica.url, READER)).toBeGreaterThan(0);

  await pauseReplay();
  try {
    const hidden = await append('replica-hidden');
    expect(BigInt(await replicaHead())).toBeLessThan(BigInt(hidden));
    // The primary holds it; the answer comes from the replica, which has not replayed it yet.
    expect(await streamPositions('replica-hidden')).toEqual([]);
  } finally {
    await resumeReplay();
  }
});

it('minPosition waits until the replica has replayed the position, and answers NOT_CAUGHT_UP after 5 s', async () => {
  await pauseReplay();
  let position: string;
  try {
    position = await append('replica-pledge', pledgeMade());
    const asked = gql(
      server,
      `query($p: BigInt, $stream: String) {
        pledges(minPosition: $p) { id }
        events(filter: { streamId: $stream }, minPosition: $p) { edges { node { position } } }
      }`,
      { p: position, stream: 'replica-pledge' },
    );
    await sleep(500); // the query is waiting on the paused replica meanwhile
    expect(BigInt(await replicaHead())).toBeLessThan(BigInt(position));
    await resumeReplay();
    const res = await asked;
    expect(res.errors).toBeUndefined();
    expect(res.data.pledges.map((p: any) => p.id)).toContain('replica-pledge');
    expect(res.data.events.edges.map((e: any) => e.node.position)).toEqual([position]);
  } finally {
    await resumeReplay();
  }

  await pauseReplay();
  try {
    const late = await append('replica-late');
    const res = await gql(server, STREAM_EVENTS, { stream: 'replica-late', min: late });
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'NOT_CAUGHT_UP', minPosition: late });
    expect(BigInt(res.errors?.[0].extensions?.position)).toBeLessThan(BigInt(late));
  } finally {
    await resumeReplay();
  }
  await replicaCaughtUp();
}, 60_000);

it('with the primary stopped, reads, a read model and the exports answer from the replica; appends answer SERVICE_UNAVAILABLE; back, appends work', async () => {
  const before = await append('before-primary-stop');
  await replicaCaughtUp();
  await pair.primary.stop();
  try {
    const timeout = () => AbortSignal.timeout(NO_HANG_MS);
    const read = await gql(server, `{ events(first: 500) { totalCount edges { node { position } } } pledges { id } }`);
    expect(read.errors).toBeUndefined();
    expect(read.data.events.edges.map((e: any) => e.node.position)).toContain(before);
    expect(read.data.pledges.map((p: any) => p.id)).toContain('replica-pledge');
    // Without a key too (no look-up at all), and the call log (read from the log).
    const open = await gql(server, `{ calls { position } }`, {}, null);
    expect(open.errors).toBeUndefined();

    const exported = await fetch(`${server.url}/export/events?format=ndjson`, {
      headers: { authorization: `Bearer ${server.adminKey}` },
      signal: timeout(),
    });
    expect(exported.status).toBe(200);
    expect(exported.headers.get('x-up-to-position')).toBe(before);
    const lines = (await exported.text()).trim().split('\n');
    expect(JSON.parse(lines[lines.length - 1]).position).toBe(before);

    const claims = await fetch(`${server.url}/export/claims?format=ndjson`, { signal: timeout() });
    expect(claims.status).toBe(200);

    // A subscription's catch-up replays from the replica.
    const client = createClient({ url: server.wsUrl, webSocketImpl: WebSocket, retryAttempts: 0 });
    const caught: string[] = [];
    const dispose = client.subscribe(
      { query: 'subscription($a: BigInt) { eventAppended(afterPosition: $a) { position } }', variables: { a: '0' } },
      {
        next: (v: any) => caught.push(v.data?.eventAppended?.position),
        error: () => undefined,
        complete: () => undefined,
      },
    );
    await until('the catch-up to reach the last event', () => caught.includes(before), NO_HANG_MS);
    expect(caught.map(Number)).toEqual(caught.map((_, i) => i + 1));
    dispose();
    await client.dispose();

    const started = Date.now();
    const write = await gql(server, APPEND, { input: { streamId: 'during-primary-stop', events: [statementMade()] } });
    expect(Date.now() - started).toBeLessThan(NO_HANG_MS);
    expect(write.errors?.[0]).toMatchObject({
      message: 'the database is unavailable; try again shortly',
      extensions: { code: 'SERVICE_UNAVAILABLE' },
    });

    const health = await healthResponse(server);
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({ status: 'degraded', database: 'down', replica: { status: 'up' } });
  } finally {
    await pair.primary.start();
  }

  await until(
    'the primary to answer again',
    async () => (await healthResponse(server)).body?.database === 'up',
    30_000,
  );
  const after = await append('after-primary-stop');
  expect(Number(after)).toBe(Number(before) + 1); // the refused append wrote nothing
  expect(await streamPositions('after-primary-stop', after)).toEqual([after]);
}, 120_000);

it('with the replica stopped, reads answer from the primary; back, reads go to the replica again', async () => {
  let late: ServerProcess | undefined;
  await replicaCaughtUp();
  await pair.replica.stop();
  try {
    const position = await append('replica-stopped');
    // The replica is gone: the primary answers, with what only it holds.
    expect(await streamPositions('replica-stopped')).toEqual([position]);
    const read = await gql(server, `{ pledges { id } }`);
    expect(read.errors).toBeUndefined();
    const health = await healthResponse(server);
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({ status: 'degraded', database: 'up', replica: { status: 'down' } });
    // An instance started while the replica is down starts, and reads from the primary.
    late = await startServer('replica-down-at-start', {
      databaseUrl: pair.primary.url,
      env: { READ_DATABASE_URL: withApplicationName(pair.replica.url, LATE_READER), RUN_PROJECTIONS: 'false' },
    });
    const lateRead = await gql(late, STREAM_EVENTS, { stream: 'replica-stopped' });
    expect(lateRead.data.events.edges.map((e: any) => e.node.position)).toEqual([position]);
  } finally {
    await pair.replica.start();
  }

  await until(
    'the server to use the replica again',
    async () => (await healthResponse(server)).body?.replica?.status === 'up',
    30_000,
  );
  // The instance that started without it reaches it too.
  await until(
    'the late server to reach the replica',
    async () => (await healthResponse(late)).body?.replica?.status === 'up',
    30_000,
  );
  expect((await gql(late, STREAM_EVENTS, { stream: 'replica-stopped' })).errors).toBeUndefined();
  expect(await backendsOf(pair.replica.url, LATE_READER)).toBeGreaterThan(0);
  await replicaCaughtUp();
  await pauseReplay();
  try {
    await append('replica-back');
    expect(await streamPositions('replica-back')).toEqual([]); // read on the (paused) replica
  } finally {
    await resumeReplay();
  }
  expect(await backendsOf(pair.replica.url, READER)).toBeGreaterThan(0);
}, 120_000);

it('READ_MAX_LAG_MS: a replica behind for longer than the bound is lagging, reads go to the primary; with the primary stopped too, the replica answers', async () => {
  await replicaCaughtUp();
  const bounded = await startServer('replica-max-lag', {
    databaseUrl: pair.primary.url,
    env: {
      READ_DATABASE_URL: withApplicationName(pair.replica.url, LAG_READER),
      READ_MAX_LAG_MS: '2000',
      RUN_PROJECTIONS: 'false',
    },
  });
  const read = async (streamId: string): Promise<string[]> => {
    const res = await gql(bounded, STREAM_EVENTS, { stream: streamId });
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    return res.data.events.edges.map((e: any) => e.node.position);
  };
  const metric = async (name: string): Promise<number | undefined> => {
    const text = await (await fetch(`${bounded.url}/metrics`)).text();
    const line = text.split('\n').find((l) => l.startsWith(`${name} `));
    return line === undefined ? undefined : Number(line.split(' ')[1]);
  };
  await until('the bounded server to read from the replica', async () => {
    const { body } = await healthResponse(bounded);
    return body?.replica?.status === 'up' && body.replica.lagMs === 0;
  });
  await read('replica-first');
  expect(await backendsOf(pair.replica.url, LAG_READER)).toBeGreaterThan(0);
  expect(await metric('diplomacy_replica_serving_reads')).toBe(1);

  await pauseReplay();
  let stopped = false;
  try {
    const hidden = await append('replica-lagging');
    const since = Date.now();
    await until(
      'the bounded server to call the replica lagging',
      async () => (await healthResponse(bounded)).body?.replica?.status === 'lagging',
      15_000,
    );
    expect(Date.now() - since).toBeGreaterThanOrEqual(1_000); // not before the bound (sampled every second)
    const health = await healthResponse(bounded);
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({ status: 'degraded', database: 'up', replica: { status: 'lagging' } });
    expect(health.body.replica.lagMs).toBeGreaterThan(2_000);
    expect(BigInt(await replicaHead())).toBeLessThan(BigInt(hidden));
    // The paused replica lacks it; the answer has it: it came from the primary.
    expect(await read('replica-lagging')).toEqual([hidden]);
    expect(await metric('diplomacy_replica_serving_reads')).toBe(0);
    expect(await metric('diplomacy_replica_lag_seconds')).toBeGreaterThan(2);

    await pair.primary.stop();
    stopped = true;
    // The primary is away: a late answer beats none, at once and after the next sample alike.
    expect(await read('replica-lagging')).toEqual([]);
    await until(
      'the bounded server to read from the replica again',
      async () => (await healthResponse(bounded)).body?.replica?.status === 'up',
      15_000,
    );
    expect(await read('replica-first')).toHaveLength(1);
  } finally {
    if (stopped) await pair.primary.start();
    await resumeReplay();
  }
  await until(
    'the bounded server to find the primary and the replica caught up',
    async () => {
      const { body } = await healthResponse(bounded);
      return body?.database === 'up' && body.replica?.status === 'up' && body.replica.lagMs === 0;
    },
    30_000,
  );
  expect(await metric('diplomacy_replica_serving_reads')).toBe(1);
}, 120_000);
