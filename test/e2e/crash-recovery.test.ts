/**
 * Crash recovery (issue 6, items 1, 2 and 4): the built server (`node dist/main.js`) and the import
 * CLI are killed with SIGKILL in the middle of their work, on the real PostgreSQL, and started again
 * on the same database. The tests speak to the servers over HTTP and look at the database directly
 * only to see what was stored.
 *
 * - Large appends: concurrent clients send batches of 400 events; the server dies while batches are
 *   in flight. Every batch is stored whole or not at all (and whole when it was acknowledged),
 *   positions stay 1..N with no gap, each stream's versions 1..n; a client that resends a lost
 *   batch gets it appended, or answered as already stored, exactly when it was not, or was, there.
 * - Bulk import (HTTP and CLI): killed once some chunks are written, the log holds a prefix of the
 *   file in whole 500-line chunks, and no spool file is left in the temporary folder; the same
 *   import again reports that prefix as already stored, writes the rest, and the log is the file,
 *   once, in order.
 * - Projecting: killed in the middle of a batch (the test holds the read-model tables so that a
 *   batch waits at its write, inside its transaction), the projector restarted, or with two
 *   instances the other one taking over within 10 s, ends with read models equal to a fresh build
 *   from the log, checkpoints at the log head, and the checkpoint moves one chain (each starts where
 *   the one before ended: no range of the log projected twice or skipped).
 *
 * Each kill is shown to have landed mid-work (a batch in flight and not stored, an import part-way,
 * a projector batch rolled back). What a kill hit is printed with CRASH_REPORT=1. Needs the build (dist/).
 */
import { PROJECTIONS } from '../../src/read-models/read-models.js';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { syntheticActors, syntheticTimeline } from '../../tools/bench/synthetic-timeline.js';
import { MAX_EVENTS_PER_APPEND } from '../../src/events/append/append-input.js';
import { CAST, connect, statementMade } from '../support/fixtures.js';
import {
  chainBreak,
  checkpointMoves,
  checkpoints,
  compareWithFreshBuild,
  logShape,
  openDataSource,
  recordCheckpointMoves,
  soundLog,
} from '../support/read-model-checks.js';
import {
  type Health,
  type ServerProcess,
  backendsGone,
  gql,
  health,
  postImport,
  spawnNode,
  startServer,
  stopAllProcesses,
  withApplicationName,
} from '../support/server-process.js';
import { type TestDatabase, createTestDatabase } from '../support/test-database.js';
import { until } from '../support/wait.js';

/** Every projection's checkpoint at `head`. */
const atHead = <T>(head: T): Record<string, T> => Object.fromEntries(PROJECTIONS.map((p) => [p.name, head]));

// ---------------------------------------------------------------------------------------------
// Databases, servers, kills

const databases: TestDatabase[] = [];
const dataSources: DataSource[] = [];
let tmp: string;

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'crash-recovery-'));
});

afterAll(async () => {
  await stopAllProcesses();
  for (const db of dataSources) await db.destroy().catch(() => undefined);
  for (const database of databases) await database.drop().catch(() => undefined);
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** A migrated database of its own, and a DataSource on it for looking from outside. */
async function freshDatabase(): Promise<{ database: TestDatabase; db: DataSource }> {
  const database = await createTestDatabase();
  databases.push(database);
  const db = await openDataSource(database.url);
  dataSources.push(db);
  return { database, db };
}

/** The application_name of a process's connections (server-process.ts withApplicationName). */
const app = (name: string) => `crash-${name}`;

/** The server on `database`, its connections named after it. */
function start(name: string, database: TestDatabase, env: Record<string, string> = {}): Promise<ServerProcess> {
  return startServer(name, { databaseUrl: database.url, applicationName: app(name), env });
}

/** SIGKILL, then wait until PostgreSQL has ended the dead process's backends (until then its last statement may still commit). */
async function crash(proc: { name: string; kill: ServerProcess['kill'] }, database: TestDatabase): Promise<void> {
  expect(await proc.kill('SIGKILL')).toEqual({ code: null, signal: 'SIGKILL' });
  await backendsGone(database.url, app(proc.name));
}

/** Whether a statement of `appName` matching `like` is running right now. */
async function running(db: DataSource, appName: string, like: string): Promise<boolean> {
  const [{ n }] = await db.query(
    `SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = $1 AND state = 'active' AND query LIKE $2`,
    [appName, like],
  );
  return n > 0;
}

/** Polls `probe` until it is true or `ms` have passed; whether it became true. */
async function within(ms: number, probe: () => Promise<boolean>): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) if (await probe()) return true;
  return false;
}

const eventCount = async (db: DataSource): Promise<number> =>
  (await db.query('SELECT count(*)::int AS n FROM events'))[0].n;

/** What the log holds, in position order, one `id stream type` string an event. */
async function logRows(db: DataSource): Promise<string[]> {
  const rows: Array<{ r: string }> = await db.query(
    `SELECT id::text || ' ' || stream_id || ' ' || type AS r FROM events ORDER BY position`,
  );
  return rows.map((row) => row.r);
}

/** null when the lists are equal; else their lengths and the first place they differ. */
function firstMismatch(
  actual: string[],
  expected: string[],
): { at: number; actual: string | undefined; expected: string | undefined; lengths: [number, number] } | null {
  const at = actual.findIndex((row, i) => row !== expected[i]);
  if (at === -1 && actual.length === expected.length) return null;
  const i = at === -1 ? Math.min(actual.length, expected.length) : at;
  return { at: i, actual: actual[i], expected: expected[i], lengths: [actual.length, expected.length] };
}

const report = (what: string, figures: Record<string, unknown>) => {
  if (process.env.CRASH_REPORT) process.stderr.write(`[crash-recovery] ${what}: ${JSON.stringify(figures)}\n`);
};

// ---------------------------------------------------------------------------------------------
// An import file: the synthetic timeline of the benchmarks (deterministic, with ids)

const IMPORT_LINES = 4_000;
/** The importer writes each 500 lines as one atomic statement. */
const CHUNK = MAX_EVENTS_PER_APPEND;

interface ImportFile {
  body: string;
  actors: string;
  /** `id stream type` of each line, in file order (as logRows gives them). */
  rows: string[];
  eventsPath: string;
  actorsPath: string;
}

let importFileMemo: ImportFile | null = null;
function importFile(): ImportFile {
  if (importFileMemo) return importFileMemo;
  const lines = [...syntheticTimeline(IMPORT_LINES)];
  const body = lines.map((line) => JSON.stringify(line)).join('\n') + '\n';
  const actors =
    syntheticActors()
      .map((actor) => JSON.stringify(actor))
      .join('\n') + '\n';
  const eventsPath = path.join(tmp, 'events.ndjson');
  const actorsPath = path.join(tmp, 'actors.ndjson');
  fs.writeFileSync(eventsPath, body);
  fs.writeFileSync(actorsPath, actors);
  importFileMemo = {
    body,
    actors,
    rows: lines.map((line) => `${line.event.id} ${line.streamId} ${line.event.type}`),
    eventsPath,
    actorsPath,
  };
  return importFileMemo;
}

/** After a killed import: the log is a prefix of the file in whole chunks, and sound. Returns its length. */
async function expectWholeChunkPrefix(db: DataSource, file: ImportFile): Promise<number> {
  const rows = await logRows(db);
  const n = rows.length;
  expect({ n, wholeChunks: n % CHUNK === 0, partOfTheFile: n > 0 && n < file.rows.length }).toEqual({
    n,
    wholeChunks: true,
    partOfTheFile: true,
  });
  expect(firstMismatch(rows, file.rows.slice(0, n))).toBeNull();
  expect(await logShape(db)).toEqual(soundLog(n));
  return n;
}

/** After the import ran again: the log is the file, once, in order. */
async function expectWholeFile(db: DataSource, file: ImportFile): Promise<void> {
  expect(firstMismatch(await logRows(db), file.rows)).toBeNull();
  expect(await logShape(db)).toEqual(soundLog(file.rows.length));
}

// ---------------------------------------------------------------------------------------------
// Item 1: large appends

const CLIENTS = 6;
const BATCH = 400;
const APPEND = `mutation($input: AppendEventsInput!) { appendEvents(input: $input) { streamVersion lastPosition appended } }`;

interface Batch {
  label: string;
  streamId: string;
  expectedVersion: number;
  ids: string[];
  input: unknown;
  acked: boolean;
}

function newBatch(streamId: string, expectedVersion: number, label: string): Batch {
  const events = Array.from({ length: BATCH }, (_, i) =>
    statementMade(
      { speaker: i % 2 ? 'trump' : 'zelensky', text: `${label}, event ${i}` },
      { id: crypto.randomUUID(), occurredAt: '2025-03-18T10:00:00Z' },
    ),
  );
  return {
    label,
    streamId,
    expectedVersion,
    ids: events.map((e) => e.id as string),
    input: { streamId, expectedVersion, events },
    acked: false,
  };
}

type AppendAnswer = { streamVersion: number; lastPosition: string; appended: boolean };

/** appendEvents; 'lost' when no answer came (the connection failed or broke). A GraphQL error throws. */
async function sendBatch(server: ServerProcess, batch: Batch): Promise<AppendAnswer | 'lost'> {
  let body: { data?: { appendEvents: AppendAnswer }; errors?: unknown[] };
  try {
    const response = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${server.adminKey}` },
      body: JSON.stringify({ query: APPEND, variables: { input: batch.input } }),
    });
    body = (await response.json()) as typeof body;
  } catch {
    return 'lost';
  }
  if (body.errors || !body.data)
    throw new Error(`${batch.label} was refused by ${server.name}: ${JSON.stringify(body.errors)}`);
  return body.data.appendEvents;
}

async function registerCast(server: ServerProcess): Promise<void> {
  const fields = CAST.map((_, i) => `a${i}: registerActor(input: $a${i}) { id }`).join('\n');
  const params = CAST.map((_, i) => `$a${i}: RegisterActorInput!`).join(', ');
  const res = await gql(
    server,
    `mutation(${params}) { ${fields} }`,
    Object.fromEntries(CAST.map((a, i) => [`a${i}`, a])),
  );
  if (res.errors) throw new Error(JSON.stringify(res.errors));
}

/** For each batch: how many of its events are stored, and whether they sit as one append (consecutive positions and versions, in order). */
async function placements(
  db: DataSource,
  batches: Batch[],
): Promise<Array<{ label: string; acked: boolean; stored: number; asOneAppend: boolean }>> {
  const rows: Array<{ id: string; position: string; stream_id: string; stream_version: number }> = await db.query(
    'SELECT id::text, position::text, stream_id, stream_version FROM events',
  );
  const byId = new Map(rows.map((r) => [r.id, r]));
  return batches.map((batch) => {
    const stored = batch.ids.map((id) => byId.get(id)).filter((r) => r !== undefined);
    const first = stored[0];
    const asOneAppend =
      stored.length === batch.ids.length &&
      stored.every(
        (r, i) =>
          r.stream_id === batch.streamId &&
          r.stream_version === batch.expectedVersion + 1 + i &&
          BigInt(r.position) === BigInt(first.position) + BigInt(i),
      );
    return { label: batch.label, acked: batch.acked, stored: stored.length, asOneAppend };
  });
}

describe('killed in the middle of large appends', () => {
  it('every batch is stored whole or not at all, acknowledged ones whole; positions stay 1..N and versions 1..n; resending a lost batch appends it once', async () => {
    const { database, db } = await freshDatabase();
    let server = await start('append-0', database, { RUN_PROJECTIONS: 'false' });
    await registerCast(server);
    const streams = Array.from({ length: CLIENTS }, (_, c) => ({ streamId: `crash-append-${c}`, version: 0 }));
    const batches: Batch[] = [];
    const figures = { kills: 0, batches: 0, acked: 0, lostButStored: 0, lostAndAbsent: 0, killsWithAnInsertRunning: 0 };

    for (let round = 1; ; round++) {
      // Each client appends batch after batch to its own stream (expectedVersion: the version it was last told).
      const stop = { now: false };
      // The first client's failure, in an object (like stop) so that the checks below read what the clients set.
      const failed: { error?: Error } = {};
      const sent: Batch[] = [];
      const clients = streams.map(async (stream) => {
        while (!stop.now) {
          const batch = newBatch(
            stream.streamId,
            stream.version,
            `round ${round}, ${stream.streamId} from version ${stream.version}`,
          );
          batches.push(batch);
          sent.push(batch);
          const answer = await sendBatch(server, batch);
          if (answer === 'lost') return batch;
          expect({ streamVersion: answer.streamVersion, appended: answer.appended }).toEqual({
            streamVersion: stream.version + BATCH,
            appended: true,
          });
          batch.acked = true;
          stream.version += BATCH;
        }
        return null;
      });
      const lostBatches = Promise.all(
        clients.map((c) =>
          c.catch(
            (error: unknown) => ((failed.error = error instanceof Error ? error : new Error(String(error))), null),
          ),
        ),
      );
      await until(
        () => `${CLIENTS} acknowledged batches in round ${round}`,
        () => {
          if (failed.error) throw failed.error;
          return sent.filter((b) => b.acked).length >= CLIENTS;
        },
        60_000,
        5,
      );
      // The kill: while the store runs an append's INSERT, if one can be caught within a second.
      const insertRunning = await within(1_000, () => running(db, app(server.name), '%INSERT INTO events%'));
      stop.now = true;
      await crash(server, database);
      figures.kills++;
      if (insertRunning) figures.killsWithAnInsertRunning++;
      const lost = (await lostBatches).filter((b): b is Batch => b !== null);
      if (failed.error) throw failed.error;

      server = await start(`append-${round}`, database, { RUN_PROJECTIONS: 'false' });
      const seen = await placements(db, batches);
      // All or nothing; the acknowledged ones all; a stored batch sits as the one append it was.
      expect(seen.filter((b) => !(b.stored === 0 || b.asOneAppend) || (b.acked && !b.asOneAppend))).toEqual([]);
      expect(await logShape(db)).toEqual(soundLog(seen.reduce((n, b) => n + b.stored, 0)));
      const present = new Set(seen.filter((b) => b.stored > 0).map((b) => b.label));

      // The clients resend what they got no answer for: appended now exactly when it was not stored.
      for (const batch of lost) {
        const wasStored = present.has(batch.label);
        if (wasStored) figures.lostButStored++;
        else figures.lostAndAbsent++;
        const answer = await sendBatch(server, batch);
        expect(answer).not.toBe('lost');
        expect({
          batch: batch.label,
          streamVersion: (answer as AppendAnswer).streamVersion,
          appended: (answer as AppendAnswer).appended,
        }).toEqual({
          batch: batch.label,
          streamVersion: batch.expectedVersion + BATCH,
          appended: !wasStored,
        });
        batch.acked = true;
        streams.find((s) => s.streamId === batch.streamId)!.version += BATCH;
      }
      // A kill that left no batch behind proves little: go round again (a few times at most).
      if ((round >= 2 && figures.lostAndAbsent > 0) || round >= 5) break;
    }

    figures.batches = batches.length;
    figures.acked = batches.length - figures.lostButStored - figures.lostAndAbsent;
    report('appends', figures);
    // The kills landed mid-stream: some batches were acknowledged, some were in flight and not stored.
    expect(figures.acked).toBeGreaterThan(0);
    expect(figures.lostAndAbsent).toBeGreaterThan(0);
    // In the end every batch is stored once, as one append, and the log is sound.
    const final = await placements(db, batches);
    expect(final.filter((b) => !b.asOneAppend)).toEqual([]);
    expect(await logShape(db)).toEqual(soundLog(batches.length * BATCH));
    expect((await health(server)).lastPosition).toBe(String(batches.length * BATCH));
    for (const stream of streams) {
      const [{ n, max }] = await db.query(
        'SELECT count(*)::int AS n, max(stream_version) AS max FROM events WHERE stream_id = $1',
        [stream.streamId],
      );
      expect({ stream: stream.streamId, n, max }).toEqual({
        stream: stream.streamId,
        n: stream.version,
        max: stream.version,
      });
    }
  }, 120_000);
});

// ---------------------------------------------------------------------------------------------
// Item 1: bulk import

describe('killed in the middle of a bulk import', () => {
  it('over HTTP: the log keeps a prefix of whole 500-line chunks; the same import again writes the rest, and the log is the file once', async () => {
    const file = importFile();
    const { database, db } = await freshDatabase();
    const serverTmp = fs.mkdtempSync(path.join(tmp, 'server-tmp-'));
    const first = await start('import-0', database, { RUN_PROJECTIONS: 'false', TMPDIR: serverTmp });
    expect((await postImport(first, 'actors', file.actors)).status).toBe(200);

    const request = postImport(first, 'events', file.body).then(
      (answer) => ({ answer }),
      (error: unknown) => ({ error: String(error) }),
    );
    const atKill = await until(
      'the import to have written two chunks',
      async () => {
        const n = await eventCount(db);
        if (n === file.rows.length) throw new Error('the import ended before the kill');
        return n >= 2 * CHUNK ? n : null;
      },
      60_000,
      5,
    );
    const insertRunning = await within(1_000, () => running(db, app(first.name), '%INSERT INTO events%'));
    await crash(first, database);
    expect(await request).toEqual({ error: expect.any(String) }); // the client got no report
    expect(fs.readdirSync(serverTmp)).toEqual([]); // nor did the killed import leave its spool file behind

    const second = await start('import-1', database, { RUN_PROJECTIONS: 'false' });
    const kept = await expectWholeChunkPrefix(db, file);
    report('HTTP import', {
      lines: file.rows.length,
      countSeenBeforeKill: atKill,
      insertRunningAtKill: insertRunning,
      keptAfterRestart: kept,
    });

    const again = await postImport(second, 'events', file.body);
    expect(again.status).toBe(200);
    const { ok, written, alreadyStored, notWritten, alreadyStoredLines, writtenLines, firstLineNotWritten, logHead } =
      again.body;
    expect({
      ok,
      written,
      alreadyStored,
      notWritten,
      alreadyStoredLines,
      writtenLines,
      firstLineNotWritten,
      logHead,
    }).toEqual({
      ok: true,
      written: file.rows.length - kept,
      alreadyStored: kept,
      notWritten: 0,
      alreadyStoredLines: [[1, kept]],
      writtenLines: [[kept + 1, file.rows.length]],
      firstLineNotWritten: null,
      logHead: { before: String(kept), after: String(file.rows.length) },
    });
    await expectWholeFile(db, file);
  }, 120_000);

  it('with the CLI: the same, killed mid-write and run again', async () => {
    const file = importFile();
    const { database, db } = await freshDatabase();
    const cliTmp = fs.mkdtempSync(path.join(tmp, 'cli-tmp-'));
    const cli = (name: string) =>
      spawnNode(name, 'cli/import.cli.js', ['--actors', file.actorsPath, file.eventsPath], {
        env: { DATABASE_URL: withApplicationName(database.url, app(name)), LOG_LEVEL: 'warn', TMPDIR: cliTmp },
      });
    const killed = cli('import-cli-0');
    const atKill = await until(
      () => `the CLI to have written two chunks:\n${killed.output()}`,
      async () => {
        if (!killed.running()) throw new Error(`the CLI ended before the kill:\n${killed.output()}`);
        return (await eventCount(db)) >= 2 * CHUNK;
      },
      60_000,
      5,
    );
    expect(atKill).toBe(true);
    await crash(killed, database);
    expect(fs.readdirSync(cliTmp)).toEqual([]); // the killed import left no spool file behind
    const kept = await expectWholeChunkPrefix(db, file);
    report('CLI import', { lines: file.rows.length, keptAfterKill: kept });

    const rerun = cli('import-cli-1');
    const exit = await rerun.exited;
    expect({ exit, stderr: rerun.stderr() }).toEqual({ exit: { code: 0, signal: null }, stderr: '' });
    const n = file.rows.length;
    expect(rerun.stdout()).toContain(
      `${n} event lines, ${n - kept} written, ${kept} already stored, 0 not written; log head ${kept} → ${n}`,
    );
    await expectWholeFile(db, file);
  }, 120_000);
});

// ---------------------------------------------------------------------------------------------
// Items 2 and 4: projecting

/** Waits until `server`'s projector is part-way through the log (a projection with position > 0 and lag > 0). */
function partWay(server: ServerProcess): Promise<Health> {
  return until(
    () => `${server.name} to be part-way through projecting:\n${server.output()}`,
    async () => {
      const h = await health(server);
      return Object.values(h.projections).some((p) => Number(p.position) > 0 && p.lag > 0) ? h : null;
    },
    60_000,
    5,
  );
}

/**
 * Kills `server` in the middle of a projector batch, for certain: the test holds the read-model
 * tables in EXCLUSIVE mode (reads go on; writes wait), so the next batch that has rows to write
 * stops at its INSERT, inside its transaction, holding its projection's checkpoint row (FOR
 * UPDATE). The server is killed there; then the tables are let go. The batch never sent its
 * COMMIT: PostgreSQL rolls it back. Returns the batch's backend and how many checkpoint moves were
 * recorded at the kill.
 */
async function killMidBatch(
  db: DataSource,
  database: TestDatabase,
  server: ServerProcess,
): Promise<{ holder: number; movesAtKill: number; killedAt: number }> {
  const blocker = await connect(database.url);
  let held = true;
  const letGo = async () => {
    if (!held) return;
    held = false;
    await blocker.query('COMMIT').catch(() => undefined);
    await blocker.end().catch(() => undefined);
  };
  try {
    await blocker.query('BEGIN');
    await blocker.query('LOCK TABLE rm_ceasefires, rm_pledges IN EXCLUSIVE MODE');
    const caught = await until(
      () => `a projector batch of ${server.name} to wait at its write, holding its checkpoint row`,
      async () => {
        const [row] = await db.query(
          `SELECT a.pid AS holder, (SELECT coalesce(max(seq), 0)::int FROM test_checkpoint_moves) AS moves
             FROM pg_stat_activity a
            WHERE a.application_name = $1 AND a.wait_event_type = 'Lock' AND a.query LIKE '%INSERT INTO rm_%'
              AND EXISTS (SELECT 1 FROM pg_locks l WHERE l.pid = a.pid AND l.relation = 'projection_checkpoints'::regclass AND l.mode = 'RowShareLock' AND l.granted)
            LIMIT 1`,
          [app(server.name)],
        );
        return row ? { holder: row.holder as number, movesAtKill: row.moves as number } : null;
      },
      30_000,
      5,
    );
    const killedAt = Date.now();
    expect(await server.kill('SIGKILL')).toEqual({ code: null, signal: 'SIGKILL' });
    await letGo();
    await backendsGone(database.url, app(server.name));
    return { ...caught, killedAt };
  } finally {
    await letGo();
  }
}

/** Once the import is in and the projector idle: read models equal a fresh build, checkpoints at the head, and the moves one chain per projection. */
async function expectProjectedOnce(db: DataSource, startedAt: Record<string, number>, head: number): Promise<void> {
  expect(await checkpoints(db)).toEqual(atHead(head));
  for (const name of Object.keys(startedAt)) {
    const moves = await checkpointMoves(db, name);
    const broken = chainBreak(moves, startedAt[name], head);
    expect({ name, break: broken, moves: broken ? moves : [] }).toEqual({ name, break: null, moves: [] });
  }
  const comparison = await compareWithFreshBuild(db);
  expect(comparison.filter((c) => c.differing.length > 0)).toEqual([]);
  expect(comparison.map((c) => c.rows).every((n) => n > 0)).toBe(true);
}

const caughtUp = (server: ServerProcess, head: number, timeoutMs = 60_000) =>
  until(
    () => `${server.name} to project up to ${head}`,
    async () => {
      const h = await health(server);
      return Object.values(h.projections).every((p) => p.lag === 0 && Number(p.position) === head) ? h : null;
    },
    timeoutMs,
    50,
  );

describe('killed in the middle of projecting', () => {
  it('restarted, the projector resumes from its checkpoint: read models equal a fresh build, no range projected twice', async () => {
    const file = importFile();
    const { database, db } = await freshDatabase();
    const [writer, projector] = await Promise.all([
      start('proj-writer', database, { RUN_PROJECTIONS: 'false' }),
      start('proj-0', database),
    ]);
    const startedAt = await recordCheckpointMoves(db);
    expect((await postImport(writer, 'actors', file.actors)).status).toBe(200);
    // The writer imports (it runs no projector); the projector follows the growing log in batches.
    const importing = postImport(writer, 'events', file.body);

    const before = await partWay(projector);
    const kill = await killMidBatch(db, database, projector);
    const moves = await checkpointMoves(db);
    // The batch open at the kill committed nothing: no move of the killed instance after that instant.
    const afterKill = moves.filter((m) => m.seq > kill.movesAtKill && m.app === app(projector.name));
    expect(afterKill).toEqual([]);
    const atRestart = await checkpoints(db);

    const restarted = await start('proj-1', database);
    const imported = await importing;
    expect(imported.status).toBe(200);
    const head = file.rows.length;
    await caughtUp(restarted, head);
    await expectProjectedOnce(db, startedAt, head);
    // The killed instance projected part of the log, the restarted one the rest, from where it stopped.
    const byApp = (await checkpointMoves(db)).map((m) => m.app);
    expect([...new Set(byApp)]).toEqual([app(projector.name), app(restarted.name)]);
    report('projector restart', {
      healthBeforeKill: before.projections,
      checkpointsAtRestart: atRestart,
      movesByKilled: byApp.filter((a) => a === app(projector.name)).length,
      movesByRestarted: byApp.filter((a) => a === app(restarted.name)).length,
      head,
    });
  }, 120_000);

  it('two instances: the one running the projectors dies mid-batch, the other takes over within 10 s and nothing is projected twice', async () => {
    const file = importFile();
    const { database, db } = await freshDatabase();
    const [writer, a, b] = await Promise.all([
      start('takeover-writer', database, { RUN_PROJECTIONS: 'false' }),
      start('takeover-a', database),
      start('takeover-b', database),
    ]);
    const leader = await until('exactly one instance to run the projectors', async () => {
      const answers = await Promise.all([a, b].map((s) => health(s)));
      const leaders = [a, b].filter((_, i) => answers[i].projector === 'this instance');
      return leaders.length === 1 ? leaders[0] : null;
    });
    const other = leader === a ? b : a;
    const startedAt = await recordCheckpointMoves(db);
    expect((await postImport(writer, 'actors', file.actors)).status).toBe(200);
    const importing = postImport(writer, 'events', file.body);

    const before = await partWay(leader);
    const kill = await killMidBatch(db, database, leader);
    await until(
      'the other instance to run the projectors',
      async () => (await health(other)).projector === 'this instance',
      10_000,
      50,
    );
    const tookOverMs = Date.now() - kill.killedAt;
    expect(tookOverMs).toBeLessThan(10_000);

    const imported = await importing;
    expect(imported.status).toBe(200);
    const head = file.rows.length;
    await caughtUp(other, head);
    await expectProjectedOnce(db, startedAt, head);
    // The leader's moves, then the other's, which started where the leader's last committed one ended (the chain above).
    const moves = await checkpointMoves(db);
    expect(moves.filter((m) => m.seq > kill.movesAtKill && m.app === app(leader.name))).toEqual([]);
    const apps = moves.map((m) => m.app);
    expect([...new Set(apps)]).toEqual([app(leader.name), app(other.name)]);
    report('takeover', {
      healthBeforeKill: before.projections,
      tookOverMs,
      movesByKilled: apps.filter((x) => x === app(leader.name)).length,
      movesBySurvivor: apps.filter((x) => x === app(other.name)).length,
      head,
    });
  }, 120_000);
});
