/**
 * The projector runtime on a real PostgreSQL, without HTTP: a batch that dies half-way applies
 * nothing; projectors racing on one database apply each batch once; a rebuild equals the
 * incremental read models (also while appends keep coming, and through the projections:rebuild
 * CLI); with two instances on one database exactly one projects, and the other takes over when it
 * goes.
 *
 * An instance is a sut (the services as an application context) started with startSutOn on a
 * database this file creates (test-database.ts) and drops once its instances are closed; several
 * instances may share it, as several processes of the app do. Appends go through the store, reads
 * through the read-model services or the tables.
 */
import 'reflect-metadata';
import { spawn } from 'node:child_process';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import type { NewEventInput } from '../../src/events/append/append-input.js';
import type { AppendOutcome } from '../../src/events/event-store.service.js';
import { CEASEFIRES } from '../../src/read-models/ceasefires/ceasefire.projection.js';
import { toCeasefireModel } from '../../src/read-models/ceasefires/ceasefires.resolver.js';
import { PLEDGES } from '../../src/read-models/pledges/pledge.projection.js';
import { toPledgeModel } from '../../src/read-models/pledges/pledges.resolver.js';
import { PrincipalsCache, loadPrincipals } from '../../src/read-models/principals.js';
import { LostLead, projectBatch } from '../../src/read-models/projector/project-batch.js';
import { projectRange } from '../../src/read-models/projector/project-range.js';
import { buildFresh, rebuild } from '../../src/read-models/projector/rebuild.js';
import { PROJECTIONS } from '../../src/read-models/read-models.js';
import {
  CAST,
  agreementReached,
  connect,
  eventCorrected,
  eventRetracted,
  pledgeMade,
  pledgeWithdrawn,
  proposalAccepted,
  proposalMade,
  proposalRejected,
  strikeReported,
  violationReported,
} from '../support/fixtures.js';
import { type ReadModelRow, readModelRows } from '../support/read-model-checks.js';
import { type TestDatabase, createTestDatabase } from '../support/test-database.js';
import { sleep, until } from '../support/wait.js';
import { type Sut, startSutOn } from './support/sut.js';

/** Every projection's checkpoint at `head`. */
const atHead = <T>(head: T): Record<string, T> => Object.fromEntries(PROJECTIONS.map((p) => [p.name, head]));

/** Small batches, so that the race below spans several. */
const BATCH_SIZE = 1_000;

// ---------------------------------------------------------------------------------------------
// Instances on a shared database

const instances: Sut[] = [];
const databases: TestDatabase[] = [];

async function newDatabase(): Promise<TestDatabase> {
  const database = await createTestDatabase();
  databases.push(database);
  return database;
}

/** The services on `database` (which they share with any other instance), the projector as `env` says. */
async function startInstance(database: TestDatabase, env: Record<string, string> = {}): Promise<Sut> {
  const instance = await startSutOn(database, env);
  instances.push(instance);
  return instance;
}

afterEach(async () => {
  for (const instance of instances.splice(0)) await instance.close().catch(() => undefined);
  for (const database of databases.splice(0)) await database.drop().catch(() => undefined);
});

// ---------------------------------------------------------------------------------------------
// Looking at the database

async function allRows(db: DataSource): Promise<Record<string, ReadModelRow[]>> {
  const rows: Record<string, ReadModelRow[]> = {};
  for (const projection of PROJECTIONS) rows[projection.table] = await readModelRows(db, projection.table);
  return rows;
}

async function checkpoints(db: DataSource): Promise<Record<string, string>> {
  const rows: Array<{ name: string; position: string }> = await db.query(
    'SELECT name, position::text AS position FROM projection_checkpoints ORDER BY name',
  );
  return Object.fromEntries(rows.map((r) => [r.name, r.position]));
}

async function logHead(db: DataSource): Promise<string> {
  const [{ head }] = await db.query('SELECT last_position::text AS head FROM log_head');
  return head;
}

/** Builds every projection afresh into `<table>_next` and expects it to equal `<table>`, row for row. */
async function expectEqualsFreshBuild(db: DataSource): Promise<void> {
  for (const projection of PROJECTIONS) {
    const fresh = await buildFresh(db, projection);
    expect(fresh.table).toBe(`${projection.table}_next`);
    const incremental = await readModelRows(db, projection.table);
    const rebuilt = await readModelRows(db, fresh.table);
    expect({ table: projection.table, rows: incremental }).toEqual({ table: projection.table, rows: rebuilt });
  }
}

/**
 * Records every move of a projection checkpoint (old and new position) in a table of the test
 * database, so that a test can show that no range was applied twice.
 */
async function recordCheckpointMoves(db: DataSource): Promise<void> {
  await db.query(
    'CREATE TABLE test_checkpoint_moves (seq bigserial PRIMARY KEY, name text NOT NULL, old_position bigint NOT NULL, new_position bigint NOT NULL)',
  );
  await db.query(`CREATE FUNCTION test_log_checkpoint_move() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO test_checkpoint_moves (name, old_position, new_position) VALUES (NEW.name, OLD.position, NEW.position);
      RETURN NEW;
    END $$`);
  await db.query(
    'CREATE TRIGGER test_checkpoint_moves AFTER UPDATE ON projection_checkpoints FOR EACH ROW EXECUTE FUNCTION test_log_checkpoint_move()',
  );
}

async function checkpointMoves(db: DataSource, name: string): Promise<Array<[number, number]>> {
  const rows: Array<{ old: string; new: string }> = await db.query(
    'SELECT old_position::text AS old, new_position::text AS new FROM test_checkpoint_moves WHERE name = $1 ORDER BY seq',
    [name],
  );
  return rows.map((r) => [Number(r.old), Number(r.new)]);
}

/** The moves form one chain from `from` to `to`: each starts where the one before ended and goes forward. */
function expectOneChain(moves: Array<[number, number]>, from: number, to: number): void {
  let at = from;
  for (const [oldPosition, newPosition] of moves) {
    expect({ move: [oldPosition, newPosition], startsAt: oldPosition }).toEqual({
      move: [oldPosition, newPosition],
      startsAt: at,
    });
    expect(newPosition).toBeGreaterThan(oldPosition);
    at = newPosition;
  }
  expect(at).toBe(to);
}

// ---------------------------------------------------------------------------------------------
// Waiting

async function caughtUp(db: DataSource, timeoutMs = 10_000): Promise<string> {
  return until(
    'the projections to reach the log head',
    async () => {
      const head = await logHead(db);
      const cps = await checkpoints(db);
      return Object.values(cps).every((p) => p === head) ? head : null;
    },
    timeoutMs,
  );
}

// ---------------------------------------------------------------------------------------------
// Timelines

/** Registers the actors of CAST, principals first. */
async function registerActors(t: Sut): Promise<void> {
  for (const actor of CAST) await t.actors.register(actor);
}

async function append(t: Sut, streamId: string, ...events: NewEventInput[]): Promise<AppendOutcome> {
  return t.store.append({ streamId, events }, { keyName: 'test' });
}

/** One event per append, waiting (minPosition) until the read models reflect it before the next. */
async function appendAndWait(t: Sut, streamId: string, event: NewEventInput): Promise<AppendOutcome> {
  const result = await append(t, streamId, event);
  for (const projection of PROJECTIONS) await t.reads.waitForPosition(result.lastPosition, projection);
  return result;
}

/** Every ceasefire and pledge as the queries answer them now, through the resolvers' own mapping (violations included). */
async function readModels(t: Sut) {
  const [ceasefires, pledges] = await Promise.all([
    t.reads.read(CEASEFIRES, null, {}),
    t.reads.read(PLEDGES, null, {}),
  ]);
  return { ceasefires: ceasefires.map(toCeasefireModel), pledges: pledges.map(toPledgeModel) };
}

/** One ceasefire (or pledge), waiting for `minPosition` as the query of that argument does. */
async function ceasefire(t: Sut, id: string, minPosition?: string) {
  const [answer] = await t.reads.read(CEASEFIRES, [id], { minPosition });
  return answer ? toCeasefireModel(answer) : null;
}

async function pledge(t: Sut, id: string, minPosition?: string) {
  const [answer] = await t.reads.read(PLEDGES, [id], { minPosition });
  return answer ? toPledgeModel(answer) : null;
}

/** The state and position of an answer (null for none), as a query selecting just those gets them. */
const stateAndPosition = (model: { state: string; position: string } | null) =>
  model && { state: model.state, position: model.position };

/**
 * Several ceasefires and pledges, strikes, late arrivals, corrections and retractions, one event
 * per append with the live projector caught up after each (so the read models are built in many
 * small increments). Every final state is fixed in the past (nothing HOLDING or IN_FORCE now).
 */
async function variedTimeline(t: Sut): Promise<void> {
  await appendAndWait(t, 'cf-thirty', proposalMade({}, { occurredAt: '2025-03-11T15:00:00Z' }));
  await appendAndWait(t, 'cf-thirty', proposalAccepted({ party: 'zelensky' }, { occurredAt: '2025-03-11T18:00:00Z' }));
  await appendAndWait(
    t,
    'pledge-energy',
    pledgeMade({}, { occurredAt: '2025-03-18T14:00:00Z', occurredPrecision: 'HOUR' }),
  );
  const energyTerms = {
    kind: 'CEASEFIRE' as const,
    scope: 'ENERGY_INFRASTRUCTURE' as const,
    durationDays: 30,
    unconditional: true,
  };
  await appendAndWait(
    t,
    'cf-energy',
    proposalMade({ title: 'Energy truce', terms: energyTerms }, { occurredAt: '2025-03-18T16:00:00Z' }),
  );
  await appendAndWait(t, 'cf-energy', proposalAccepted({ party: 'ukraine' }, { occurredAt: '2025-03-18T17:00:00Z' }));
  await appendAndWait(
    t,
    'cf-energy',
    proposalAccepted(
      { party: 'russia', conditions: ['no strikes on Russian refineries'] },
      { occurredAt: '2025-03-18T17:30:00Z' },
    ),
  );
  // A late arrival: it happened half an hour after the pledge, before the energy truce.
  const sloviansk = await appendAndWait(
    t,
    'strike-sloviansk',
    strikeReported({}, { occurredAt: '2025-03-18T14:30:00Z', occurredPrecision: 'MINUTE' }),
  );
  await appendAndWait(t, 'cf-thirty', proposalRejected({ party: 'russia' }, { occurredAt: '2025-03-13T12:00:00Z' }));
  await appendAndWait(
    t,
    'pledge-ports',
    pledgeMade(
      {
        by: 'kremlin',
        to: 'us',
        commitment: { action: 'HALT_STRIKES', targetCategory: 'PORT', text: 'no strikes on Black Sea ports' },
      },
      { occurredAt: '2025-03-25T10:00:00Z' },
    ),
  );
  const odesa = await appendAndWait(
    t,
    'strike-odesa',
    strikeReported(
      { targetCategory: 'PORT', place: 'Odesa', means: 'MISSILE' },
      { occurredAt: '2025-03-26T03:00:00Z' },
    ),
  );
  // Corrected: it hit a military target, so it no longer breaks the ports pledge.
  await appendAndWait(
    t,
    'strike-odesa',
    eventCorrected(odesa.events[0].id, {
      data: { attacker: 'russia', targetCategory: 'MILITARY', place: 'Odesa', country: 'UA', means: 'MISSILE' },
      occurredPrecision: undefined,
    }),
  );
  await appendAndWait(t, 'cf-easter', agreementReached({}, { occurredAt: '2025-04-19T15:00:00Z' }));
  const kharkiv = await appendAndWait(
    t,
    'strike-kharkiv',
    strikeReported(
      { targetCategory: 'MILITARY', place: 'Kharkiv', means: 'ARTILLERY' },
      { occurredAt: '2025-04-20T02:00:00Z' },
    ),
  );
  await appendAndWait(t, 'strike-kharkiv', eventRetracted(kharkiv.events[0].id));
  await appendAndWait(
    t,
    'pledge-prisoners',
    pledgeMade(
      {
        by: 'zelensky',
        to: 'trump',
        commitment: { action: 'RELEASE', text: 'release 175 prisoners' },
        durationDays: 7,
      },
      { occurredAt: '2025-03-19T10:00:00Z' },
    ),
  );
  await appendAndWait(
    t,
    'pledge-prisoners',
    pledgeWithdrawn({ by: 'zelensky', reason: 'talks broke down' }, { occurredAt: '2025-03-21T10:00:00Z' }),
  );
  // Another late arrival, by the other side, inside the energy truce.
  await appendAndWait(
    t,
    'strike-sudzha',
    strikeReported({ attacker: 'ukraine', place: 'Sudzha', country: 'RU' }, { occurredAt: '2025-03-19T12:00:00Z' }),
  );
  await appendAndWait(
    t,
    'cf-energy',
    violationReported({ violator: 'russia', reportedBy: 'zelensky' }, { occurredAt: '2025-03-20T08:00:00Z' }),
  );
  await appendAndWait(
    t,
    'cf-black-sea',
    proposalMade(
      {
        title: 'Black Sea truce',
        terms: { kind: 'CEASEFIRE', scope: 'MARITIME', durationDays: 30, unconditional: true },
      },
      { occurredAt: '2025-03-24T09:00:00Z' },
    ),
  );
  await appendAndWait(
    t,
    'cf-black-sea',
    proposalRejected({ party: 'us', reason: 'no longer on the table' }, { occurredAt: '2025-03-30T09:00:00Z' }),
  );
  await appendAndWait(
    t,
    'pledge-energy',
    violationReported({ violator: 'russia', reportedBy: 'zelensky' }, { occurredAt: '2025-03-19T09:00:00Z' }),
  );
  // Corrected time: the Sloviansk strike happened before the pledge after all.
  await appendAndWait(
    t,
    'strike-sloviansk',
    eventCorrected(sloviansk.events[0].id, { occurredAt: '2025-03-18T13:00:00Z', occurredPrecision: 'MINUTE' }),
  );
}

// ---------------------------------------------------------------------------------------------

describe('a batch that dies half-way', () => {
  it('applies nothing (rolled back, or its connection killed); catchUp then projects every event once', async () => {
    const database = await newDatabase();
    const t = await startInstance(database, { RUN_PROJECTIONS: 'false' });
    await registerActors(t);
    const pledgeA = await append(
      t,
      'pledge-a',
      pledgeMade({ durationDays: 30 }, { occurredAt: '2025-03-18T14:00:00Z' }),
    );
    const cfA = await append(t, 'cf-a', proposalMade({}, { occurredAt: '2025-03-11T12:00:00Z' }));
    expect(await t.projector.catchUp()).toBe(PROJECTIONS.length * Number(cfA.lastPosition));
    const h1 = await logHead(t.db);
    expect(await checkpoints(t.db)).toEqual(atHead(h1));
    const before = await allRows(t.db);
    expect(before.rm_pledges.map((r) => r.id)).toEqual(['pledge-a']);
    expect(before.rm_ceasefires.map((r) => r.id)).toEqual(['cf-a']);

    // What the next batch has to do: a strike that breaks pledge-a, an acceptance, a new pledge.
    const strike = await append(t, 'strike-1', strikeReported({}, { occurredAt: '2025-03-18T15:00:00Z' }));
    const accepted = await append(
      t,
      'cf-a',
      proposalAccepted({ party: 'ukraine' }, { occurredAt: '2025-03-12T09:00:00Z' }),
    );
    const pledgeB = await append(
      t,
      'pledge-b',
      pledgeMade(
        { by: 'zelensky', to: 'trump', commitment: { action: 'HALT_STRIKES', text: 'no strikes at all' } },
        { occurredAt: '2025-03-20T10:00:00Z' },
      ),
    );
    const h2 = await logHead(t.db);
    expect(h2).toBe(pledgeB.lastPosition);

    // 1. The batch's work done in a transaction that rolls back (a crash before COMMIT).
    const crash = new Error('crash in the middle of the batch');
    let changedInside: string[] = [];
    await expect(
      t.db.transaction(async (manager) => {
        await manager.query("SELECT position FROM projection_checkpoints WHERE name = 'pledges' FOR UPDATE");
        changedInside = await projectRange(manager, PLEDGES, PLEDGES.table, h1, h2, await loadPrincipals(manager));
        await manager.query("UPDATE projection_checkpoints SET position = $1 WHERE name = 'pledges'", [h2]);
        // Inside, the work is there...
        const inside = await manager.query(`SELECT id FROM ${PLEDGES.table} ORDER BY id`);
        expect(inside.map((r: { id: string }) => r.id)).toEqual(['pledge-a', 'pledge-b']);
        throw crash;
      }),
    ).rejects.toBe(crash);
    expect(changedInside).toEqual(['pledge-a', 'pledge-b']);
    // ...outside, none of it.
    expect(await allRows(t.db)).toEqual(before);
    expect(await checkpoints(t.db)).toEqual(atHead(h1));

    // 2. The real projectBatch, its connection killed while it holds the checkpoint and writes rows.
    const admin = await connect(database.url);
    const blocker = await connect(database.url);
    try {
      await blocker.query('BEGIN');
      await blocker.query(`LOCK TABLE ${PLEDGES.table} IN EXCLUSIVE MODE`); // reads pass, the batch's writes wait
      const batch = t.projector.projectBatch([PLEDGES]).then(
        (n) => ({ ok: true as const, n }),
        (error: Error) => ({ ok: false as const, error }),
      );
      const pid = await until('the batch to wait on its row writes', async () => {
        const { rows } = await admin.query(
          `SELECT pid FROM pg_stat_activity
            WHERE datname = current_database() AND pid <> pg_backend_pid() AND wait_event_type = 'Lock' AND query LIKE $1`,
          [`%INSERT INTO ${PLEDGES.table}%`],
        );
        return rows[0]?.pid as number | undefined;
      });
      // It is in the middle of the batch: it holds the checkpoint row.
      await expect(
        admin.query("SELECT 1 FROM projection_checkpoints WHERE name = 'pledges' FOR UPDATE NOWAIT"),
      ).rejects.toThrow(/could not obtain lock/);
      await admin.query('SELECT pg_terminate_backend($1)', [pid]);
      const outcome = await batch;
      expect(outcome.ok).toBe(false);
      await blocker.query('ROLLBACK');
    } finally {
      await blocker.end().catch(() => undefined);
      await admin.end();
    }
    expect(await allRows(t.db)).toEqual(before);
    expect(await checkpoints(t.db)).toEqual(atHead(h1));

    // 3. Catching up projects each of the three events once per projection.
    expect(await t.projector.catchUp()).toBe(PROJECTIONS.length * (Number(h2) - Number(h1)));
    expect(await checkpoints(t.db)).toEqual(atHead(h2));
    expect(await t.projector.catchUp()).toBe(0);
    await expectEqualsFreshBuild(t.db);

    // Each subject reflects exactly its relevant events: its own, and its sides' strikes.
    const after = await allRows(t.db);
    const positions = Object.fromEntries(
      [...after.rm_ceasefires, ...after.rm_pledges].map((r) => [
        r.id,
        { column: r.position, state: String(r.state.position) },
      ]),
    );
    const p = (result: AppendOutcome) => result.events[0].position;
    expect(positions).toEqual({
      'cf-a': { column: p(accepted), state: p(accepted) }, // proposal, strike-1 (russia is a party), acceptance
      'pledge-a': { column: p(strike), state: p(strike) }, // pledge, strike-1
      'pledge-b': { column: p(pledgeB), state: p(pledgeB) }, // ukraine's pledge: russia's strike is not its side's
    });
    const pledgeARow = after.rm_pledges.find((r) => r.id === 'pledge-a')!;
    expect(pledgeARow.state.violations.map((v: { eventId: string; basis: string }) => [v.eventId, v.basis])).toEqual([
      [strike.events[0].id, 'INFERRED'],
    ]);
    expect(pledgeARow.state.eventId).toBe(pledgeA.events[0].id);
    const answer = await pledge(t, 'pledge-a');
    const pledges = answer && {
      ...stateAndPosition(answer),
      violations: answer.violations.map((v) => ({ event: { id: v.eventId } })),
    };
    expect(pledges).toEqual({ state: 'BROKEN', position: h2, violations: [{ event: { id: strike.events[0].id } }] });
  });
});

describe('far behind', () => {
  it('catchUp rebuilds a projection instead of batching through the lag; the rows equal a fresh build and later appends project as usual', async () => {
    const database = await newDatabase();
    const t = await startInstance(database, { RUN_PROJECTIONS: 'false' });
    await registerActors(t);
    t.projector.rebuildBehind = 3;
    await append(t, 'pledge-far', pledgeMade({ durationDays: 30 }, { occurredAt: '2025-03-18T14:00:00Z' }));
    await append(
      t,
      'cf-far',
      proposalMade({}, { occurredAt: '2025-03-11T12:00:00Z' }),
      proposalAccepted({ party: 'ukraine' }, { occurredAt: '2025-03-12T12:00:00Z' }),
    );
    await append(
      t,
      'strikes-far',
      strikeReported(
        { attacker: 'russia', targetCategory: 'ENERGY_INFRASTRUCTURE' },
        { occurredAt: '2025-03-18T15:00:00Z' },
      ),
    );
    const head = Number(await logHead(t.db));
    expect(await t.projector.catchUp()).toBe(PROJECTIONS.length * head);
    expect(await checkpoints(t.db)).toEqual(atHead(String(head)));
    await expectEqualsFreshBuild(t.db);
    expect((await allRows(t.db)).rm_pledges.map((r) => [r.id, r.state.violations.length])).toEqual([['pledge-far', 1]]);
    // A small lag is caught up in batches as before.
    await append(
      t,
      'strikes-far-2',
      strikeReported(
        { attacker: 'russia', targetCategory: 'ENERGY_INFRASTRUCTURE' },
        { occurredAt: '2025-03-19T15:00:00Z' },
      ),
    );
    expect(await t.projector.catchUp()).toBe(PROJECTIONS.length);
    await expectEqualsFreshBuild(t.db);
  }, 60_000);
});

describe('a batch of a leader whose lease moved on', () => {
  it('applies nothing to any projection (LostLead); with the current epoch the same batch projects them all', async () => {
    const database = await newDatabase();
    const t = await startInstance(database, { RUN_PROJECTIONS: 'false' });
    await registerActors(t);
    await append(t, 'pledge-lease', pledgeMade({ durationDays: 30 }, { occurredAt: '2025-03-18T14:00:00Z' }));
    await append(
      t,
      'strikes-lease',
      strikeReported(
        { attacker: 'russia', targetCategory: 'ENERGY_INFRASTRUCTURE' },
        { occurredAt: '2025-03-18T15:00:00Z' },
      ),
    );
    // Another instance took the lead meanwhile: the lease is at epoch 2.
    await t.db.query(
      `INSERT INTO projector_lease (singleton, holder, application_name, backend_pid, epoch, renewed_at)
       VALUES (true, 'another', 'another', 0, 2, now())`,
    );
    const before = await allRows(t.db);
    const options = { maxSize: 1_000, principals: new PrincipalsCache(), leaseEpoch: '1' };
    await expect(projectBatch(t.db, PROJECTIONS, options)).rejects.toBeInstanceOf(LostLead);
    expect(await allRows(t.db)).toEqual(before);
    expect(await checkpoints(t.db)).toEqual(atHead('0'));
    const head = Number(await logHead(t.db));
    const batch = await projectBatch(t.db, PROJECTIONS, { ...options, leaseEpoch: '2' });
    expect(batch).toMatchObject({ projected: PROJECTIONS.length * head, caughtUp: true });
    expect(await checkpoints(t.db)).toEqual(atHead(String(head)));
    await expectEqualsFreshBuild(t.db);
  }, 60_000);
});

describe('projectors racing on one database', () => {
  it('advance each checkpoint exactly once per batch, and the rows equal a rebuild', async () => {
    const database = await newDatabase();
    const a = await startInstance(database, { RUN_PROJECTIONS: 'false' });
    const b = await startInstance(database, { RUN_PROJECTIONS: 'false' });
    await registerActors(a);
    await recordCheckpointMoves(a.db);
    await append(a, 'pledge-race', pledgeMade({ durationDays: 60 }, { occurredAt: '2025-03-18T14:00:00Z' }));
    await append(a, 'cf-race', proposalMade({}, { occurredAt: '2025-03-11T12:00:00Z' }));
    await append(a, 'cf-race', proposalAccepted({ party: 'ukraine' }, { occurredAt: '2025-03-12T12:00:00Z' }));
    // More than two batches of strikes, by both sides, spread over two months.
    for (let chunk = 0; chunk < 5; chunk++) {
      const strikes = Array.from({ length: 450 }, (_, i) => {
        const n = chunk * 450 + i;
        const at = new Date(Date.parse('2025-03-12T00:00:00Z') + n * 37 * 60_000).toISOString();
        return strikeReported(
          {
            attacker: n % 3 === 0 ? 'ukraine' : 'russia',
            targetCategory: n % 2 === 0 ? 'ENERGY_INFRASTRUCTURE' : 'MILITARY',
            place: `Place ${n}`,
          },
          { occurredAt: at },
        );
      });
      await append(a, `strikes-${chunk}`, ...strikes);
    }
    await append(
      b,
      'pledge-race-2',
      pledgeMade(
        { by: 'zelensky', to: 'trump', commitment: { action: 'HALT_STRIKES', text: 'no strikes' }, durationDays: 10 },
        { occurredAt: '2025-04-01T00:00:00Z' },
      ),
    );
    const head = Number(await logHead(a.db));
    expect(head).toBeGreaterThan(2 * BATCH_SIZE);
    const expectedBatches = [
      ...Array.from({ length: Math.floor(head / BATCH_SIZE) }, () => BATCH_SIZE),
      ...(head % BATCH_SIZE ? [head % BATCH_SIZE] : []),
    ];

    for (const projection of PROJECTIONS) {
      const race = async (instance: Sut): Promise<number[]> => {
        const done: number[] = [];
        for (;;) {
          const n = await instance.projector.projectBatch([projection], BATCH_SIZE);
          if (n === 0) return done;
          done.push(n);
        }
      };
      const [byA, byB] = await Promise.all([race(a), race(b)]);
      expect({ projection: projection.name, batches: [...byA, ...byB].sort((x, y) => y - x) }).toEqual({
        projection: projection.name,
        batches: expectedBatches,
      });
      const moves = await checkpointMoves(a.db, projection.name);
      expect(moves).toHaveLength(expectedBatches.length);
      expectOneChain(moves, 0, head);
    }
    expect(await checkpoints(a.db)).toEqual(atHead(String(head)));
    // Both instances racing again finds nothing left to do.
    expect(await Promise.all([a.projector.catchUp(), b.projector.catchUp()])).toEqual([0, 0]);
    await expectEqualsFreshBuild(a.db);
    const rows = await allRows(a.db);
    expect(rows.rm_pledges.map((r) => r.id)).toEqual(['pledge-race', 'pledge-race-2']);
    expect(rows.rm_ceasefires.map((r) => r.id)).toEqual(['cf-race']);
  }, 120_000);
});

describe('rebuild', () => {
  const CLI = path.resolve('dist/cli/projections-rebuild.cli.js');

  function runCli(
    args: string[],
    databaseUrl: string,
  ): Promise<{ code: number | null; stdout: string; stderr: string }> {
    const { DATABASE_URL: _ignored, ...inherited } = process.env;
    const child = spawn(process.execPath, [CLI, ...args], {
      env: { ...inherited, NODE_OPTIONS: '', DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    return new Promise((resolve) =>
      child.on('exit', (code) => {
        clearTimeout(timer);
        resolve({ code, stdout, stderr });
      }),
    );
  }

  it('equals the incremental read models; rebuild() and the CLI swap it in and the queries answer the same', async () => {
    const database = await newDatabase();
    const t = await startInstance(database);
    await registerActors(t);
    await variedTimeline(t);
    const head = await caughtUp(t.db);

    const incremental = await allRows(t.db);
    expect(incremental.rm_ceasefires.map((r) => r.id)).toEqual(['cf-black-sea', 'cf-easter', 'cf-energy', 'cf-thirty']);
    expect(incremental.rm_pledges.map((r) => r.id)).toEqual(['pledge-energy', 'pledge-ports', 'pledge-prisoners']);
    await expectEqualsFreshBuild(t.db);

    const answers = await readModels(t);
    const states = (list: Array<{ id: string; state: string }>) => Object.fromEntries(list.map((x) => [x.id, x.state]));
    expect(states(answers.ceasefires)).toMatchObject({ 'cf-thirty': 'REJECTED', 'cf-black-sea': 'WITHDRAWN' });
    expect(states(answers.pledges)).toMatchObject({ 'pledge-energy': 'BROKEN', 'pledge-prisoners': 'WITHDRAWN' });
    expect(answers.ceasefires.every((c) => c.position === head)).toBe(true);

    // rebuild(): builds afresh and swaps; the live tables are replaced, nothing else changes.
    const tableOid = async (table: string) =>
      (await t.db.query('SELECT $1::regclass::oid::text AS oid', [table]))[0].oid as string;
    for (const projection of PROJECTIONS) {
      const oldOid = await tableOid(projection.table);
      const result = await rebuild(t.db, projection);
      expect(result).toEqual({
        projection: projection.name,
        subjects: incremental[projection.table].length,
        position: head,
      });
      expect(await tableOid(projection.table)).not.toBe(oldOid);
      expect(await readModelRows(t.db, projection.table)).toEqual(incremental[projection.table]);
      const [{ gone }] = await t.db.query('SELECT to_regclass($1) IS NULL AND to_regclass($2) IS NULL AS gone', [
        `${projection.table}_next`,
        `${projection.table}_old`,
      ]);
      expect(gone).toBe(true);
    }
    expect(await checkpoints(t.db)).toEqual(atHead(head));
    expect(await readModels(t)).toEqual(answers);

    // The CLI, on the same database while the services run.
    const ok = await runCli(['ceasefires'], database.url);
    expect({ code: ok.code, stderr: ok.stderr }).toEqual({ code: 0, stderr: '' });
    expect(ok.stdout).toMatch(new RegExp(`^rebuilt ceasefires: 4 subjects at position ${head} in \\d+ ms\\n$`));
    expect(await readModels(t)).toEqual(answers);
    const all = await runCli([], database.url);
    expect(all.code).toBe(0);
    expect(all.stdout).toMatch(/rebuilt ceasefires: 4 subjects/);
    expect(all.stdout).toMatch(/rebuilt pledges: 3 subjects/);
    expect(all.stdout).toMatch(/rebuilt agreements: \d+ subjects/);
    expect(await readModels(t)).toEqual(answers);
    expect(await allRows(t.db)).toEqual(incremental);

    const unknown = await runCli(['treaties'], database.url);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe(
      `error: unknown read model "treaties"; one of: ${PROJECTIONS.map((p) => p.name).join(', ')}\n`,
    );
    expect(unknown.stdout).toBe('');

    // The live projector goes on into the swapped-in tables.
    const more = await append(
      t,
      'cf-thirty',
      proposalAccepted({ party: 'ukraine' }, { occurredAt: '2025-03-14T12:00:00Z' }),
    );
    expect(stateAndPosition(await ceasefire(t, 'cf-thirty', more.lastPosition))).toEqual({
      position: more.lastPosition,
      state: 'REJECTED',
    });
    await caughtUp(t.db);
    await expectEqualsFreshBuild(t.db);
  }, 120_000);

  it('leaves the tables as the migrations made them (columns, constraints, index names), rebuild after rebuild', async () => {
    const database = await newDatabase();
    const t = await startInstance(database);
    await registerActors(t);
    await append(t, 'pledge-schema', pledgeMade({}, { occurredAt: '2025-03-18T14:00:00Z' }));
    await append(t, 'cf-schema', proposalMade({}, { occurredAt: '2025-03-11T12:00:00Z' }));
    await caughtUp(t.db);
    const schema = async (table: string) => ({
      columns: await t.db.query(
        'SELECT column_name, data_type, is_nullable, column_default FROM information_schema.columns WHERE table_name = $1 ORDER BY ordinal_position',
        [table],
      ),
      constraints: await t.db.query(
        'SELECT conname, pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conrelid = $1::regclass ORDER BY 1',
        [table],
      ),
      indexes: await t.db.query('SELECT indexname, indexdef FROM pg_indexes WHERE tablename = $1 ORDER BY 1', [table]),
    });
    for (const projection of PROJECTIONS) {
      const migrated = await schema(projection.table);
      expect(migrated.indexes.map((i: { indexname: string }) => i.indexname)).toEqual(
        [
          `${projection.table}_pkey`,
          `${projection.table}_principals`,
          // The order of the lists and their pages: ids byte by byte (migration 013).
          `${projection.table}_id_order`,
          // The claims ledger's rows are also found by the calls their readouts name (migration 010).
          ...(projection.table === 'rm_claims' ? ['rm_claims_readout_of'] : []),
        ].sort(),
      );
      const rows = await readModelRows(t.db, projection.table);
      for (let round = 1; round <= 2; round++) {
        await rebuild(t.db, projection);
        expect({ table: projection.table, round, schema: await schema(projection.table) }).toEqual({
          table: projection.table,
          round,
          schema: migrated,
        });
        expect(await readModelRows(t.db, projection.table)).toEqual(rows);
      }
    }
  });

  it('folds more subjects than a chunk in chunks two at a time: equals the incremental rows, reports each chunk; a failing chunk fails it and swaps nothing', async () => {
    const database = await newDatabase();
    const t = await startInstance(database);
    await registerActors(t);
    // 80 pledges: chunks of 25, 25, 25 and 5 (CHUNK), folded two at a time.
    const ids = Array.from({ length: 80 }, (_, i) => `pledge-many-${String(i).padStart(2, '0')}`);
    for (const [i, id] of ids.entries())
      await append(
        t,
        id,
        pledgeMade({ durationDays: 10 }, { occurredAt: `2025-03-${String(1 + (i % 28)).padStart(2, '0')}T10:00:00Z` }),
      );
    await append(t, 'strike-many', strikeReported({}, { occurredAt: '2025-03-12T13:00:00Z' }));
    await caughtUp(t.db);
    const incremental = await readModelRows(t.db, PLEDGES.table);
    expect(incremental).toHaveLength(80);

    const progress: Array<[number, number]> = [];
    const fresh = await buildFresh(t.db, PLEDGES, (done, total) => progress.push([done, total]));
    expect(fresh.subjects).toBe(80);
    expect(await readModelRows(t.db, fresh.table)).toEqual(incremental);
    // One report per chunk, in the order they finished: the count of subjects folded so far.
    expect(progress.map(([, total]) => total)).toEqual([80, 80, 80, 80]);
    const done = progress.map(([n]) => n);
    expect(done).toEqual([...done].sort((x, y) => x - y));
    expect(done.at(-1)).toBe(80);

    // A fold that throws in one chunk: the rebuild fails once the chunk beside it has ended (no
    // report comes after the failure), and the live table is untouched.
    const failing = {
      ...PLEDGES,
      fold: (...args: Parameters<typeof PLEDGES.fold>) => {
        if (args[2] === 'pledge-many-30') throw new Error('fold failed on purpose');
        return PLEDGES.fold(...args);
      },
    };
    const before = await readModelRows(t.db, PLEDGES.table);
    const seen: number[] = [];
    await expect(rebuild(t.db, failing, (n) => seen.push(n))).rejects.toThrow('fold failed on purpose');
    const settled = [...seen];
    await sleep(200);
    expect(seen).toEqual(settled);
    expect(seen.every((n) => n < 80)).toBe(true);
    expect(await readModelRows(t.db, PLEDGES.table)).toEqual(before);
  }, 120_000);

  it('loses no append made while it runs', async () => {
    const database = await newDatabase();
    const t = await startInstance(database);
    await registerActors(t);
    await append(t, 'cf-base', proposalMade({}, { occurredAt: '2025-03-11T12:00:00Z' }));
    await append(t, 'pledge-base', pledgeMade({ durationDays: 60 }, { occurredAt: '2025-03-10T12:00:00Z' }));
    await caughtUp(t.db);

    let appending = true;
    const appended: string[] = [];
    const writer = (async () => {
      try {
        for (let i = 0; i < 40; i++) {
          const day = String(1 + (i % 28)).padStart(2, '0');
          if (i % 4 === 0) {
            await append(
              t,
              `pledge-live-${i}`,
              pledgeMade({ durationDays: 5 }, { occurredAt: `2025-04-${day}T10:00:00Z` }),
            );
            appended.push(`pledge-live-${i}`);
          } else if (i % 4 === 1) {
            await append(
              t,
              `cf-live-${i}`,
              proposalMade({ title: `Truce ${i}` }, { occurredAt: `2025-04-${day}T11:00:00Z` }),
            );
            appended.push(`cf-live-${i}`);
          } else if (i % 4 === 2) {
            await append(
              t,
              `cf-live-${i - 1}`,
              proposalAccepted({ party: 'ukraine' }, { occurredAt: `2025-04-${day}T12:00:00Z` }),
            );
          } else {
            await append(t, `strike-live-${i}`, strikeReported({}, { occurredAt: `2025-04-${day}T13:00:00Z` }));
          }
        }
      } finally {
        appending = false;
      }
    })();
    let rebuilds = 0;
    let overlapped = 0; // rebuilds during which the log grew
    while (appending) {
      for (const projection of PROJECTIONS) {
        const before = Number(await logHead(t.db));
        await rebuild(t.db, projection);
        if (Number(await logHead(t.db)) > before) overlapped++;
        rebuilds++;
      }
    }
    await writer;
    expect(rebuilds).toBeGreaterThan(0);
    expect(overlapped).toBeGreaterThan(0);
    const head = await caughtUp(t.db);
    expect(Number(head)).toBe(42);
    const rows = await allRows(t.db);
    const ids = [...rows.rm_ceasefires, ...rows.rm_pledges].map((r) => r.id);
    expect(ids).toEqual(expect.arrayContaining([...appended, 'cf-base', 'pledge-base']));
    expect(ids).toHaveLength(appended.length + 2);
    await expectEqualsFreshBuild(t.db);
    // One more rebuild after the appends stopped changes nothing.
    for (const projection of PROJECTIONS) await rebuild(t.db, projection);
    expect(await allRows(t.db)).toEqual(rows);
  }, 120_000);
});

describe('the live projector', () => {
  it('projects an append made while it is busy with a batch at once, not at the next poll', async () => {
    const database = await newDatabase();
    const t = await startInstance(database);
    await registerActors(t);
    await append(t, 'cf-busy', proposalMade({}, { occurredAt: '2025-03-11T12:00:00Z' }));
    await caughtUp(t.db);
    const admin = await connect(database.url);
    const blocker = await connect(database.url);
    try {
      // Hold the projector inside its pledges batch (ceasefires are done for that range)...
      await blocker.query('BEGIN');
      await blocker.query(`LOCK TABLE ${PLEDGES.table} IN EXCLUSIVE MODE`);
      await append(t, 'pledge-busy', pledgeMade({}, { occurredAt: '2025-03-18T14:00:00Z' }));
      await until('the projector to wait inside its pledges batch', async () => {
        const { rows } = await admin.query(
          `SELECT pid FROM pg_stat_activity
            WHERE datname = current_database() AND pid <> pg_backend_pid() AND wait_event_type = 'Lock' AND query LIKE $1`,
          [`%INSERT INTO ${PLEDGES.table}%`],
        );
        return rows.length > 0;
      });
      // ...while a ceasefire event is appended (its NOTIFY comes while the projector is busy).
      const accepted = await append(
        t,
        'cf-busy',
        proposalAccepted({ party: 'ukraine' }, { occurredAt: '2025-03-12T12:00:00Z' }),
      );
      await blocker.query('ROLLBACK');
      // Read your writes: minPosition waits at most 5 s, and the projector follows appends at once.
      expect(stateAndPosition(await ceasefire(t, 'cf-busy', accepted.lastPosition))).toEqual({
        state: 'PARTIALLY_ACCEPTED',
        position: accepted.lastPosition,
      });
    } finally {
      await blocker.end().catch(() => undefined);
      await admin.end();
    }
  });
});

describe('leader election', () => {
  /** What /health reports, from the services it asks (it answers 200 once they have answered). */
  async function health(
    instance: Sut,
  ): Promise<{ projector: string; projections: Record<string, { position: string; lag: number }> }> {
    const [, projections] = await Promise.all([instance.store.lastPosition(), instance.projector.status()]);
    return {
      projector: instance.projector.leader ? 'this instance' : 'another instance',
      projections: Object.fromEntries(projections.map((p) => [p.name, { position: p.position, lag: p.lag }])),
    };
  }

  it('with two instances exactly one projects; when it closes the other takes over within 10 s and projects each event once', async () => {
    const database = await newDatabase();
    const [a, b] = await Promise.all([startInstance(database), startInstance(database)]);
    await registerActors(a);
    await recordCheckpointMoves(a.db);

    await until('an instance to lead', () => a.projector.leader || b.projector.leader);
    // Over more than one retry period, exactly one of them leads, and /health says which.
    for (let i = 0; i < 6; i++) {
      expect([a.projector.leader, b.projector.leader].filter(Boolean)).toHaveLength(1);
      const [ha, hb] = await Promise.all([health(a), health(b)]);
      expect([ha.projector, hb.projector].sort()).toEqual(['another instance', 'this instance']);
      expect(ha.projector).toBe(a.projector.leader ? 'this instance' : 'another instance');
      await sleep(500);
    }
    const leader = a.projector.leader ? a : b;
    const follower = leader === a ? b : a;

    await append(follower, 'pledge-lead', pledgeMade({ durationDays: 60 }, { occurredAt: '2025-03-18T14:00:00Z' }));
    await append(follower, 'cf-lead', proposalMade({}, { occurredAt: '2025-03-11T12:00:00Z' }));
    const h0 = Number(await caughtUp(a.db));

    const closing = Date.now();
    await leader.close();
    await until('the other instance to take over', () => follower.projector.leader, 10_000, 25);
    expect(Date.now() - closing).toBeLessThan(10_000);
    expect((await health(follower)).projector).toBe('this instance');

    // The new leader projects new appends (read with minPosition).
    const strike = await append(follower, 'strike-lead', strikeReported({}, { occurredAt: '2025-03-18T15:00:00Z' }));
    const accepted = await append(
      follower,
      'cf-lead',
      proposalAccepted({ party: 'ukraine' }, { occurredAt: '2025-03-12T12:00:00Z' }),
    );
    const [pledgeLead, cfLead] = await Promise.all([
      pledge(follower, 'pledge-lead', accepted.lastPosition),
      ceasefire(follower, 'cf-lead', accepted.lastPosition),
    ]);
    expect({ pledge: stateAndPosition(pledgeLead), ceasefire: stateAndPosition(cfLead) }).toEqual({
      pledge: { state: 'BROKEN', position: accepted.lastPosition },
      ceasefire: { state: 'PARTIALLY_ACCEPTED', position: accepted.lastPosition },
    });
    expect(Number(strike.lastPosition)).toBe(h0 + 1);
    const final = await caughtUp(follower.db);
    expect(Number(final)).toBe(h0 + 2);
    const h = await health(follower);
    expect(h.projections).toEqual(atHead({ position: final, lag: 0 }));
    // Nothing projected twice: each checkpoint moved along one chain, from 0 to the head.
    for (const projection of PROJECTIONS)
      expectOneChain(await checkpointMoves(follower.db, projection.name), 0, h0 + 2);
    await expectEqualsFreshBuild(follower.db);
  }, 60_000);
});
