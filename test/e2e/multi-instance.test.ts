/**
 * Two API processes on one database (issue 3, items 1 and 9): `node dist/main.js` twice, as a
 * deployment runs it. A subscription on one instance sees what is appended on the other
 * (eventAppended in order with no gap or duplicate, also across the catch-up/live seam;
 * ceasefireChanged and pledgeChanged); when the instance that runs the projectors is killed the
 * other takes over within 10 s and projects nothing twice (issue 6, item 4; the kill in the middle
 * of a batch is in crash-recovery.test.ts); with PUBLIC_READ=false a subscription needs a key in
 * connectionParams. The processes come from support/server-process.ts. Needs the build (dist/).
 */
import { PROJECTIONS } from '../../src/read-models/read-models.js';
import { type Client, createClient } from 'graphql-ws';
import WebSocket from 'ws';
import {
  CAST,
  type RawEvent,
  pledgeMade,
  proposalAccepted,
  proposalMade,
  proposalRejected,
  statementMade,
  strikeReported,
} from '../support/fixtures.js';
import {
  chainBreak,
  checkpointMoves,
  checkpoints,
  compareWithFreshBuild,
  logHead,
  openDataSource,
  recordCheckpointMoves,
} from '../support/read-model-checks.js';
import {
  type ServerProcess as Server,
  gql,
  health,
  startServer as startServerProcess,
  stopAllProcesses,
} from '../support/server-process.js';
import { type TestDatabase, createTestDatabase } from '../support/test-database.js';
import { type Probe, until as untilWithin } from '../support/wait.js';

/** Every projection's checkpoint at `head`. */
const atHead = <T>(head: T): Record<string, T> => Object.fromEntries(PROJECTIONS.map((p) => [p.name, head]));

// ---------------------------------------------------------------------------------------------
// Server processes (support/server-process.ts)

const clients: Client[] = [];
const databases: TestDatabase[] = [];

/** The application_name of a server's database connections (to tell its checkpoint moves apart). */
const appOf = (server: Server) => `multi-${server.name}`;

function startServer(name: string, databaseUrl: string, env: Record<string, string> = {}): Promise<Server> {
  return startServerProcess(name, { databaseUrl, applicationName: `multi-${name}`, env });
}

async function newDatabase(): Promise<TestDatabase> {
  const database = await createTestDatabase();
  databases.push(database);
  return database;
}

afterAll(async () => {
  for (const client of clients) await client.dispose();
  await stopAllProcesses();
  for (const database of databases) await database.drop().catch(() => undefined);
});

// ---------------------------------------------------------------------------------------------
// Speaking to them

const APPEND = `mutation($input: AppendEventsInput!) { appendEvents(input: $input) { lastPosition events { id position type } } }`;

async function append(
  server: Server,
  streamId: string,
  ...events: RawEvent[]
): Promise<{ lastPosition: string; events: Array<{ id: string; position: string; type: string }> }> {
  const res = await gql(server, APPEND, { input: { streamId, events } });
  if (res.errors) throw new Error(`append to ${streamId} on ${server.name} failed: ${JSON.stringify(res.errors)}`);
  return res.data.appendEvents;
}

async function registerCast(server: Server): Promise<void> {
  const fields = CAST.map((_, i) => `a${i}: registerActor(input: $a${i}) { id }`).join('\n');
  const params = CAST.map((_, i) => `$a${i}: RegisterActorInput!`).join(', ');
  const res = await gql(
    server,
    `mutation(${params}) { ${fields} }`,
    Object.fromEntries(CAST.map((a, i) => [`a${i}`, a])),
  );
  if (res.errors) throw new Error(JSON.stringify(res.errors));
}

async function head(server: Server): Promise<number> {
  return Number((await health(server)).lastPosition);
}

function wsClient(server: Server, connectionParams?: Record<string, unknown>): Client {
  const client = createClient({ url: server.wsUrl, webSocketImpl: WebSocket, retryAttempts: 0, connectionParams });
  clients.push(client);
  return client;
}

/** A subscription's deliveries so far: values, errors (from `next` or `error`), completion. */
interface Subscription<T> {
  values: T[];
  errors: Array<{ message?: string; extensions?: Record<string, any> }>;
  completed: boolean;
  dispose(): void;
}

function subscribe<T = any>(client: Client, query: string, variables: Record<string, unknown> = {}): Subscription<T> {
  const sub: Subscription<T> = { values: [], errors: [], completed: false, dispose: () => undefined };
  sub.dispose = client.subscribe<T>(
    { query, variables },
    {
      next: (message) => {
        if (message.errors) sub.errors.push(...(message.errors as any[]));
        else sub.values.push(message.data as T);
      },
      error: (error) => {
        if (Array.isArray(error)) sub.errors.push(...error);
        else
          sub.errors.push({
            message:
              error instanceof Error
                ? error.message
                : `connection closed (${(error as { code?: number }).code ?? String(error)})`,
          });
      },
      complete: () => {
        sub.completed = true;
      },
    },
  );
  return sub;
}

const EVENT_APPENDED = `subscription($after: BigInt) { eventAppended(afterPosition: $after) { id position type streamId } }`;
const CEASEFIRE_CHANGED = `subscription { ceasefireChanged { id state } }`;
const PLEDGE_CHANGED = `subscription { pledgeChanged { id state } }`;

// ---------------------------------------------------------------------------------------------
// Waiting

/** `until` of support/wait.ts, by default waiting up to 15 s: these are server processes on one database. */
const until = <T>(
  what: string | (() => string),
  probe: Probe<T>,
  timeoutMs = 15_000,
  intervalMs?: number,
): Promise<T> => untilWithin(what, probe, timeoutMs, intervalMs);

/** Which of `candidates` runs the projectors, once exactly one of them says so. */
async function projectorOf(candidates: Server[]): Promise<Server> {
  return until('exactly one instance to run the projectors', async () => {
    const answers = await Promise.all(candidates.map((s) => health(s)));
    const leaders = candidates.filter((_, i) => answers[i].projector === 'this instance');
    return leaders.length === 1 ? leaders[0] : null;
  });
}

/** Positions as numbers; expects them to be exactly from+1, from+2, ..., to. */
function expectConsecutive(positions: number[], from: number, to: number): void {
  expect(positions).toEqual(Array.from({ length: to - from }, (_, i) => from + 1 + i));
}

// ---------------------------------------------------------------------------------------------

describe('two API processes on one database', () => {
  let database: TestDatabase;
  let a: Server;
  let b: Server;

  beforeAll(async () => {
    database = await newDatabase();
    a = await startServer('A', database.url);
    b = await startServer('B', database.url);
    await registerCast(b);
    for (let i = 0; i < 20; i++)
      await append(
        b,
        `statement-setup-${i}`,
        statementMade({ text: `setup ${i}` }, { occurredAt: '2025-03-01T10:00:00Z' }),
      );
  }, 90_000);

  type CeasefireChange = {
    id: string;
    state: string;
    position: string;
    parties: Array<{ actor: { id: string }; stance: string }>;
  };
  type PledgeChange = {
    id: string;
    state: string;
    position: string;
    brokenAt: string | null;
    violations: Array<{ basis: string; event: { id: string } }>;
  };

  /**
   * Subscribes on A to ceasefireChanged and pledgeChanged (for `ids`, or for all when null), then
   * to eventAppended from the event before the head. Nothing tells a client when a subscription is
   * live; A handles the messages of one connection in order, and eventAppended's replay (several
   * queries) only arrives after the subscriptions sent before it were set up: it is the barrier.
   */
  async function subscribeOnA(ids: { ceasefire: string; pledge: string } | null) {
    const client = wsClient(a);
    const ceasefires = subscribe<{ ceasefireChanged: CeasefireChange }>(
      client,
      `subscription($id: String) { ceasefireChanged(id: $id) { id state position parties { actor { id } stance } } }`,
      ids ? { id: ids.ceasefire } : {},
    );
    const pledges = subscribe<{ pledgeChanged: PledgeChange }>(
      client,
      `subscription($id: String) { pledgeChanged(id: $id) { id state position brokenAt violations { basis event { id } } } }`,
      ids ? { id: ids.pledge } : {},
    );
    const before = (await head(b)) - 1;
    const events = subscribe<{ eventAppended: { id: string; position: string; type: string; streamId: string } }>(
      client,
      EVENT_APPENDED,
      { after: String(before) },
    );
    await until('the replay of eventAppended on A', () => events.values.length > 0 || events.errors.length > 0);
    expect(events.errors).toEqual([]);
    return { ceasefires, pledges, events, before };
  }

  /** On B: a proposal, an acceptance, a rejection; a pledge, a strike that breaks it. Waits for each change on A. */
  async function changesOnB(
    ids: { ceasefire: string; pledge: string; day: string },
    sub: Awaited<ReturnType<typeof subscribeOnA>>,
  ) {
    const appended: Array<{ position: string; type: string; streamId: string }> = [];
    const appendOnB = async (streamId: string, event: RawEvent) => {
      const result = await append(b, streamId, event);
      appended.push(...result.events.map((e) => ({ position: e.position, type: e.type, streamId })));
      return result;
    };
    const ceasefireStates = () =>
      sub.ceasefires.values.map((v) => v.ceasefireChanged).filter((c) => c.id === ids.ceasefire);
    const pledgeStates = () => sub.pledges.values.map((v) => v.pledgeChanged).filter((p) => p.id === ids.pledge);
    const waitForState = <T extends { state: string }>(what: string, list: () => T[], state: string) =>
      until(`${what} to become ${state} on A`, () => list().find((x) => x.state === state));

    await appendOnB(
      ids.ceasefire,
      proposalMade({ parties: ['ukraine', 'russia'] }, { occurredAt: '2025-05-01T10:00:00Z' }),
    );
    await waitForState(ids.ceasefire, ceasefireStates, 'PROPOSED');
    const accepted = await appendOnB(
      ids.ceasefire,
      proposalAccepted({ party: 'ukraine' }, { occurredAt: '2025-05-01T12:00:00Z' }),
    );
    const partially = await waitForState(ids.ceasefire, ceasefireStates, 'PARTIALLY_ACCEPTED');
    expect(partially.parties).toEqual([
      { actor: { id: 'ukraine' }, stance: 'ACCEPTED' },
      { actor: { id: 'russia' }, stance: 'PENDING' },
    ]);
    expect(Number(partially.position)).toBeGreaterThanOrEqual(Number(accepted.lastPosition));
    await appendOnB(ids.ceasefire, proposalRejected({ party: 'russia' }, { occurredAt: '2025-05-02T12:00:00Z' }));
    await waitForState(ids.ceasefire, ceasefireStates, 'REJECTED');

    await appendOnB(ids.pledge, pledgeMade({ durationDays: undefined }, { occurredAt: `${ids.day}T14:00:00Z` }));
    await waitForState(ids.pledge, pledgeStates, 'HOLDING');
    const strike = await appendOnB(`strike-${ids.pledge}`, strikeReported({}, { occurredAt: `${ids.day}T15:00:00Z` }));
    const broken = await waitForState(ids.pledge, pledgeStates, 'BROKEN');
    expect(broken.brokenAt).toBe(`${ids.day}T15:00:00.000Z`);
    expect(broken.violations).toEqual([{ basis: 'INFERRED', event: { id: strike.events[0].id } }]);

    // The states came in the order they happened (a change may repeat a state, never go back).
    const collapse = (states: string[]) => states.filter((s, i) => i === 0 || s !== states[i - 1]);
    expect(collapse(ceasefireStates().map((c) => c.state))).toEqual(['PROPOSED', 'PARTIALLY_ACCEPTED', 'REJECTED']);
    expect(collapse(pledgeStates().map((p) => p.state))).toEqual(['HOLDING', 'BROKEN']);
    expect([sub.ceasefires.errors, sub.pledges.errors]).toEqual([[], []]);
    return appended;
  }

  it('a subscription on A sees what is appended on B: eventAppended in order with no gap, ceasefireChanged(id) and pledgeChanged(id)', async () => {
    const ids = { ceasefire: 'cf-x', pledge: 'pledge-x', day: '2025-03-18' };
    const sub = await subscribeOnA(ids);
    const appended = await changesOnB(ids, sub);

    // Every event appended on B since the subscription's start, in position order, once.
    const last = Number(appended[appended.length - 1].position);
    await until('eventAppended to reach the last append on A', () =>
      sub.events.values.some((v) => Number(v.eventAppended.position) >= last),
    );
    const received = sub.events.values.map((v) => v.eventAppended);
    expectConsecutive(
      received.map((e) => Number(e.position)),
      sub.before,
      last,
    );
    expect(received.slice(1).map((e) => ({ position: e.position, type: e.type, streamId: e.streamId }))).toEqual(
      appended,
    );
    expect(sub.events.errors).toEqual([]);
    for (const s of [sub.events, sub.ceasefires, sub.pledges]) s.dispose();
  }, 90_000);

  it('ceasefireChanged and pledgeChanged without an id, on A, fire for the changes made on B', async () => {
    const sub = await subscribeOnA(null);
    await changesOnB({ ceasefire: 'cf-y', pledge: 'pledge-y', day: '2025-07-01' }, sub);
    for (const s of [sub.events, sub.ceasefires, sub.pledges]) s.dispose();
  }, 90_000);

  it('eventAppended on A from a position in the middle, while B keeps appending: exactly the positions after it, once each', async () => {
    let writing = true;
    let written = 0;
    const writer = (async () => {
      try {
        for (let i = 0; i < 60; i++) {
          // Some single appends, some of three events at once.
          const events =
            i % 5 === 0
              ? [0, 1, 2].map((j) => statementMade({ text: `burst ${i}.${j}` }))
              : [statementMade({ text: `loop ${i}` })];
          await append(b, `statement-loop-${i}`, ...events);
          written++;
        }
      } finally {
        writing = false;
      }
    })();
    await until('B to be appending', () => written >= 10 || !writing);
    const now = await head(a);
    const after = now - 15; // 15 existing events to replay, then the seam, then live ones
    const sub = subscribe<{ eventAppended: { position: string } }>(wsClient(a), EVENT_APPENDED, {
      after: String(after),
    });
    await writer;
    expect(written).toBe(60);
    const final = await head(b);
    await until(
      'eventAppended to reach the head',
      () => sub.values.some((v) => Number(v.eventAppended.position) >= final) || sub.errors.length > 0,
      20_000,
    );
    expect(sub.errors).toEqual([]);
    expectConsecutive(
      sub.values.map((v) => Number(v.eventAppended.position)),
      after,
      final,
    );
    sub.dispose();
  }, 90_000);

  it('when the instance that runs the projectors is killed, the other takes over within 10 s, its read models keep up, and nothing is projected twice', async () => {
    const db = await openDataSource(database.url);
    try {
      const leader = await projectorOf([a, b]);
      const other = leader === a ? b : a;
      expect((await health(other)).projector).toBe('another instance');
      await until('the read models to catch up', async () =>
        Object.values((await health(other)).projections).every((p) => p.lag === 0),
      );
      // From here every committed checkpoint move is recorded, with the instance that made it.
      const recordedFrom = await recordCheckpointMoves(db);

      const killedAt = Date.now();
      expect(await leader.kill('SIGKILL')).toEqual({ code: null, signal: 'SIGKILL' });
      await until(
        'the other instance to run the projectors',
        async () => (await health(other)).projector === 'this instance',
        10_000,
        50,
      );
      expect(Date.now() - killedAt).toBeLessThan(10_000);

      // A one-day pledge, so that the strikes of the other tests are outside its window; two strikes in
      // it, appended apart: each is folded onto the stored state once (applied twice, it would show twice).
      const pledge = await append(
        other,
        'pledge-after-kill',
        pledgeMade({ durationDays: 1 }, { occurredAt: '2025-09-01T10:00:00Z' }),
      );
      const strike = await append(
        other,
        'strike-after-kill',
        strikeReported({ place: 'Zaporizhzhia' }, { occurredAt: '2025-09-01T11:00:00Z' }),
      );
      const res = await gql(
        other,
        `query($p: BigInt) { pledge(id: "pledge-after-kill", minPosition: $p) { state position violations { event { id } } } }`,
        {
          p: strike.lastPosition,
        },
      );
      expect(res.errors).toBeUndefined();
      expect(res.data.pledge).toEqual({
        state: 'BROKEN',
        position: strike.lastPosition,
        violations: [{ event: { id: strike.events[0].id } }],
      });
      expect(Number(strike.lastPosition)).toBe(Number(pledge.lastPosition) + 1);
      const second = await append(
        other,
        'strike-after-kill-2',
        strikeReported({ place: 'Kherson' }, { occurredAt: '2025-09-01T15:00:00Z' }),
      );
      const res2 = await gql(
        other,
        `query($p: BigInt) { pledge(id: "pledge-after-kill", minPosition: $p) { state position violations { event { id } } } }`,
        {
          p: second.lastPosition,
        },
      );
      expect(res2.data.pledge.violations).toEqual([
        { event: { id: strike.events[0].id } },
        { event: { id: second.events[0].id } },
      ]);
      const after = await until('lag 0 on the survivor', async () => {
        const h = await health(other);
        return Object.values(h.projections).every((p) => p.lag === 0) ? h : null;
      });
      expect(after.projections).toEqual(atHead({ position: second.lastPosition, lag: 0 }));

      // Nothing projected twice: the checkpoints are at the log head, each moved in one chain (every
      // move starts where the one before ended), only the survivor moved them, and the read models
      // equal a fresh build from the log row for row (a violation or a strike applied twice would differ).
      const head = await logHead(db);
      expect(head).toBe(Number(second.lastPosition));
      expect(await checkpoints(db)).toEqual(atHead(head));
      for (const { name } of PROJECTIONS) {
        expect({ name, break: chainBreak(await checkpointMoves(db, name), recordedFrom[name], head) }).toEqual({
          name,
          break: null,
        });
      }
      expect([...new Set((await checkpointMoves(db)).map((m) => m.app))]).toEqual([appOf(other)]);
      const comparison = await compareWithFreshBuild(db);
      expect(comparison.filter((c) => c.differing.length > 0)).toEqual([]);
      expect(comparison.find((c) => c.table === 'rm_pledges')?.rows).toBeGreaterThanOrEqual(3);
    } finally {
      await db.destroy();
    }
  }, 60_000);
});

describe('two API processes with PUBLIC_READ=false', () => {
  let c: Server;
  let d: Server;

  beforeAll(async () => {
    const database = await newDatabase();
    c = await startServer('C', database.url, { PUBLIC_READ: 'false' });
    d = await startServer('D', database.url, { PUBLIC_READ: 'false' });
    await registerCast(d);
    await append(d, 'statement-private', statementMade({ text: 'closed doors' }));
  }, 90_000);

  const settled = (sub: Subscription<unknown>) => sub.values.length > 0 || sub.errors.length > 0 || sub.completed;

  it('a subscription without a key, or with an unknown one, fails with UNAUTHENTICATED', async () => {
    for (const params of [undefined, { authorization: 'Bearer dtl_not-a-key-at-all-not-a-key-at-all-not-a-key' }]) {
      for (const query of [EVENT_APPENDED, CEASEFIRE_CHANGED, PLEDGE_CHANGED]) {
        const sub = subscribe(wsClient(c, params), query, query === EVENT_APPENDED ? { after: '0' } : {});
        await until('the subscription to be refused', () => settled(sub));
        expect(sub.values).toEqual([]);
        expect(sub.errors.map((e) => e.message)).toEqual([
          params ? 'the API key is unknown or revoked' : 'this needs an API key: send "Authorization: Bearer <key>"',
        ]);
        expect(sub.errors.map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED']);
        sub.dispose();
      }
    }
  });

  it('with { authorization: "Bearer <key>" } in connectionParams it works, across the instances', async () => {
    const client = wsClient(c, { authorization: `Bearer ${c.adminKey}` });
    const pledges = subscribe<{ pledgeChanged: { id: string; state: string } }>(
      client,
      `subscription { pledgeChanged(id: "pledge-private") { id state } }`,
    );
    const start = await head(d);
    // The replay is the barrier: pledgeChanged, subscribed before it, is live once it arrives.
    const events = subscribe<{ eventAppended: { position: string; type: string } }>(client, EVENT_APPENDED, {
      after: String(start - 1),
    });
    await until('the replayed event', () => settled(events));
    expect(events.errors).toEqual([]);
    expect(events.values.map((v) => Number(v.eventAppended.position))).toEqual([start]);

    const made = await append(
      d,
      'pledge-private',
      pledgeMade({ durationDays: undefined }, { occurredAt: '2025-03-18T14:00:00Z' }),
    );
    await until('pledgeChanged on C for the pledge appended on D', () => settled(pledges));
    expect(pledges.errors).toEqual([]);
    expect(pledges.values).toEqual([{ pledgeChanged: { id: 'pledge-private', state: 'HOLDING' } }]);
    await until('eventAppended to reach the pledge', () =>
      events.values.some((v) => v.eventAppended.position === made.lastPosition),
    );
    expect(events.values.map((v) => ({ position: v.eventAppended.position, type: v.eventAppended.type }))).toEqual([
      { position: String(start), type: 'STATEMENT_MADE' },
      { position: made.lastPosition, type: 'PLEDGE_MADE' },
    ]);
    events.dispose();
    pledges.dispose();
  }, 60_000);
});

describe('API processes started at the same moment', () => {
  it('all come up on a fresh database with the same ADMIN_API_KEY, which works on each; one of them projects', async () => {
    const database = await newDatabase();
    const started = await Promise.allSettled(['E', 'F', 'G'].map((name) => startServer(name, database.url)));
    const failures = started.flatMap((s) =>
      s.status === 'rejected' ? [String((s.reason as Error).message).slice(0, 2_000)] : [],
    );
    expect(failures).toEqual([]);
    const up = started.map((s) => (s as PromiseFulfilledResult<Server>).value);
    for (const server of up) {
      const res = await gql(
        server,
        `mutation { registerActor(input: { id: "actor-${server.name.toLowerCase()}", name: "Actor ${server.name}", kind: ORGANIZATION }) { id } }`,
      );
      expect(res.errors).toBeUndefined();
    }
    await projectorOf(up);
  }, 90_000);
});
