/**
 * A projector leader that freezes is replaced (issue 18, item 6): two `node dist/main.js` on one
 * database; the one that runs the projectors is stopped with SIGSTOP (its connections stay open,
 * its advisory lock held, as a hung process or a host cut off would leave them). The other finds
 * the lease not renewed for PROJECTOR_LEASE_MS, fences the frozen one (ends its backends, which
 * frees the lock) and takes over within 30 s; the read models keep up. Woken with SIGCONT, the
 * frozen one finds it lost the lead and applies nothing: every checkpoint move after the takeover
 * is the survivor's, the moves form one chain, and the read models equal a fresh build from the log.
 */
import { PROJECTIONS } from '../../src/read-models/read-models.js';
import { CAST, type RawEvent, pledgeMade, strikeReported } from '../support/fixtures.js';
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
import { until } from '../support/wait.js';

const atHead = <T>(head: T): Record<string, T> => Object.fromEntries(PROJECTIONS.map((p) => [p.name, head]));
const appOf = (server: Server) => `frozen-${server.name}`;
const APPEND = `mutation($input: AppendEventsInput!) { appendEvents(input: $input) { lastPosition events { id } } }`;

let database: TestDatabase;
let a: Server;
let b: Server;

beforeAll(async () => {
  database = await createTestDatabase();
  const start = (name: string) =>
    startServerProcess(name, {
      databaseUrl: database.url,
      applicationName: `frozen-${name}`,
      env: { LOG_LEVEL: 'warn' },
    });
  a = await start('A');
  b = await start('B');
  const fields = CAST.map((_, i) => `a${i}: registerActor(input: $a${i}) { id }`).join('\n');
  const params = CAST.map((_, i) => `$a${i}: RegisterActorInput!`).join(', ');
  const res = await gql(a, `mutation(${params}) { ${fields} }`, Object.fromEntries(CAST.map((x, i) => [`a${i}`, x])));
  if (res.errors) throw new Error(JSON.stringify(res.errors));
}, 90_000);

afterAll(async () => {
  for (const server of [a, b]) if (server?.running()) process.kill(server.pid, 'SIGCONT');
  await stopAllProcesses();
  await database?.drop().catch(() => undefined);
});

async function append(server: Server, streamId: string, ...events: RawEvent[]) {
  const res = await gql(server, APPEND, { input: { streamId, events } });
  if (res.errors) throw new Error(`append to ${streamId} on ${server.name} failed: ${JSON.stringify(res.errors)}`);
  return res.data.appendEvents as { lastPosition: string; events: Array<{ id: string }> };
}

async function leaderOf(candidates: Server[]): Promise<Server> {
  return until(
    'exactly one instance to run the projectors',
    async () => {
      const answers = await Promise.all(candidates.map((s) => health(s)));
      const leaders = candidates.filter((_, i) => answers[i].projector === 'this instance');
      return leaders.length === 1 ? leaders[0] : null;
    },
    15_000,
  );
}

it('a leader frozen with SIGSTOP is fenced and replaced within 30 s; woken, it applies nothing', async () => {
  const db = await openDataSource(database.url);
  try {
    const frozen = await leaderOf([a, b]);
    const survivor = frozen === a ? b : a;
    await append(
      survivor,
      'pledge-before-freeze',
      pledgeMade({ durationDays: 1 }, { occurredAt: '2025-09-01T10:00:00Z' }),
    );
    await until('the read models to catch up', async () =>
      Object.values((await health(survivor)).projections).every((p) => p.lag === 0),
    );
    const recordedFrom = await recordCheckpointMoves(db);

    process.kill(frozen.pid, 'SIGSTOP');
    const stoppedAt = Date.now();
    // Appended while nobody projects: the survivor's read models wait for the takeover.
    const strike = await append(
      survivor,
      'strike-while-frozen',
      strikeReported({ place: 'Sumy' }, { occurredAt: '2025-09-01T11:00:00Z' }),
    );
    await until(
      'the survivor to fence the frozen leader and run the projectors',
      async () => (await health(survivor)).projector === 'this instance',
      30_000,
      100,
    );
    const replacedAfterMs = Date.now() - stoppedAt;
    expect(replacedAfterMs).toBeLessThan(30_000);
    expect(survivor.output()).toMatch(/fenced a projector leader that stopped renewing its lease/);
    const pledge = await until('the pledge to show the strike', async () => {
      const res = await gql(
        survivor,
        `query($p: BigInt) { pledge(id: "pledge-before-freeze", minPosition: $p) { state violations { event { id } } } }`,
        { p: strike.lastPosition },
      );
      return res.errors ? null : res.data.pledge;
    });
    expect(pledge).toEqual({ state: 'BROKEN', violations: [{ event: { id: strike.events[0].id } }] });
    const takenOverAt = Math.max(0, ...(await checkpointMoves(db)).map((m) => m.seq));

    // Woken: it lost the lead, and applies nothing; the survivor keeps projecting what either appends.
    process.kill(frozen.pid, 'SIGCONT');
    const afterWake = await until('the woken instance to answer', async () => {
      const h = await health(frozen).catch(() => null);
      return h && h.status === 'ok' ? h : null;
    });
    expect(afterWake.projector).toBe('another instance');
    const second = await append(
      frozen,
      'strike-after-wake',
      strikeReported({ place: 'Kherson' }, { occurredAt: '2025-09-01T15:00:00Z' }),
    );
    await until('lag 0 on both', async () => {
      const answers = await Promise.all([health(survivor), health(frozen)]);
      return answers.every((h) => Object.values(h.projections).every((p) => p.lag === 0));
    });
    expect((await health(survivor)).projector).toBe('this instance');
    expect((await health(frozen)).projector).toBe('another instance');

    const head = await logHead(db);
    expect(head).toBe(Number(second.lastPosition));
    expect(await checkpoints(db)).toEqual(atHead(head));
    const moves = await checkpointMoves(db);
    for (const { name } of PROJECTIONS)
      expect({ name, break: chainBreak(await checkpointMoves(db, name), recordedFrom[name], head) }).toEqual({
        name,
        break: null,
      });
    // After the takeover, every move is the survivor's.
    expect([...new Set(moves.filter((m) => m.seq > takenOverAt).map((m) => m.app))]).toEqual([appOf(survivor)]);
    const comparison = await compareWithFreshBuild(db);
    expect(comparison.filter((c) => c.differing.length > 0)).toEqual([]);
  } finally {
    await db.destroy();
  }
}, 120_000);
