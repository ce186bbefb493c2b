/**
 * Looks at a test database from outside the server, for the tests that kill processes: the log's
 * shape (positions, stream versions), the read models against a fresh build from the log
 * (src/projections/rebuild.ts buildFresh), and a record of every checkpoint move (to show that no
 * range of the log was projected twice).
 */
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/database/data-source-options.js';
import { buildFresh } from '../../src/read-models/projector/rebuild.js';
import { PROJECTIONS } from '../../src/read-models/read-models.js';

/** A small TypeORM DataSource on a test database (what buildFresh takes); the caller destroys it. */
export async function openDataSource(url: string): Promise<DataSource> {
  const db = new DataSource(dataSourceOptions(url, 2));
  await db.initialize();
  return db;
}

export interface LogShape {
  count: number;
  maxPosition: number;
  head: number;
  /** Positions missing from 1..max (first few). */
  gaps: number[];
  /** Streams whose versions, in position order, are not exactly 1..n (first few). */
  badStreams: string[];
}

/** What a whole log must satisfy: count = max(position) = log_head, no gap, each stream's versions 1..n in position order. */
export async function logShape(db: DataSource): Promise<LogShape> {
  const [row] = await db.query(
    `SELECT (SELECT count(*)::int FROM events) AS count, (SELECT coalesce(max(position), 0)::int FROM events) AS max,
            (SELECT last_position::int FROM log_head) AS head`,
  );
  const gaps: Array<{ p: number }> = await db.query(
    `SELECT g.p FROM generate_series(1, (SELECT coalesce(max(position), 0) FROM events)) AS g(p)
      WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.position = g.p) ORDER BY 1 LIMIT 10`,
  );
  const bad: Array<{ stream_id: string }> = await db.query(
    `SELECT stream_id FROM (
       SELECT stream_id, stream_version, row_number() OVER (PARTITION BY stream_id ORDER BY position) AS n FROM events
     ) AS v WHERE stream_version <> n GROUP BY stream_id ORDER BY 1 LIMIT 10`,
  );
  return {
    count: row.count,
    maxPosition: row.max,
    head: row.head,
    gaps: gaps.map((g) => Number(g.p)),
    badStreams: bad.map((b) => b.stream_id),
  };
}

/** logShape of a sound log of `n` events. */
export const soundLog = (n: number): LogShape => ({ count: n, maxPosition: n, head: n, gaps: [], badStreams: [] });

export interface ReadModelRow {
  id: string;
  principals: string[];
  state: Record<string, any>;
  brief: Record<string, any> | null;
  position: string;
  /** The latest valid time folded, as stored (ISO; null: not known). */
  foldedUntil: string | null;
}

export function readModelRows(db: DataSource, table: string): Promise<ReadModelRow[]> {
  return db.query(
    `SELECT id, principals, state, brief, position::text AS position,
            to_char(folded_until AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "foldedUntil"
       FROM ${table} ORDER BY id`,
  );
}

export interface ReadModelComparison {
  table: string;
  /** Rows of the live table. */
  rows: number;
  /** Ids whose row differs from the fresh build's, or is missing on one side. */
  differing: string[];
  /** The first differing row on each side, to show what differs. */
  first: { live: ReadModelRow | undefined; fresh: ReadModelRow | undefined } | null;
}

/**
 * Builds every projection afresh from the log into `<table>_next` (buildFresh) and compares it
 * with the live table row for row (state, brief, principals, position, folded_until); drops `<table>_next`.
 * The log must not grow meanwhile (the fresh build reflects the head when it starts).
 */
export async function compareWithFreshBuild(db: DataSource): Promise<ReadModelComparison[]> {
  const result: ReadModelComparison[] = [];
  for (const projection of PROJECTIONS) {
    const fresh = await buildFresh(db, projection);
    try {
      const live = new Map((await readModelRows(db, projection.table)).map((r) => [r.id, r]));
      const rebuilt = new Map((await readModelRows(db, fresh.table)).map((r) => [r.id, r]));
      const ids = [...new Set([...live.keys(), ...rebuilt.keys()])].sort();
      const differing = ids.filter(
        (id) => JSON.stringify(canonical(live.get(id))) !== JSON.stringify(canonical(rebuilt.get(id))),
      );
      result.push({
        table: projection.table,
        rows: live.size,
        differing,
        first: differing.length ? { live: live.get(differing[0]), fresh: rebuilt.get(differing[0]) } : null,
      });
    } finally {
      await db.query(`DROP TABLE IF EXISTS ${fresh.table}`);
    }
  }
  return result;
}

/** JSON with object keys sorted (jsonb does not keep key order). */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
    );
  return value;
}

export async function checkpoints(db: DataSource): Promise<Record<string, number>> {
  const rows: Array<{ name: string; position: string }> = await db.query(
    'SELECT name, position::text AS position FROM projection_checkpoints ORDER BY name',
  );
  return Object.fromEntries(rows.map((r) => [r.name, Number(r.position)]));
}

export async function logHead(db: DataSource): Promise<number> {
  const [{ head }] = await db.query('SELECT last_position::text AS head FROM log_head');
  return Number(head);
}

/**
 * Records every committed move of a projection checkpoint in a table of the test database (a
 * trigger: a move rolled back leaves no record), with the backend that made it and its
 * application_name (see server-process.ts withApplicationName). Returns the checkpoints at the
 * moment the recording starts.
 */
export async function recordCheckpointMoves(db: DataSource): Promise<Record<string, number>> {
  await db.query(`CREATE TABLE IF NOT EXISTS test_checkpoint_moves (
    seq bigserial PRIMARY KEY, name text NOT NULL, old_position bigint NOT NULL, new_position bigint NOT NULL,
    pid int NOT NULL DEFAULT pg_backend_pid(), app text NOT NULL DEFAULT current_setting('application_name'))`);
  await db.query(`CREATE OR REPLACE FUNCTION test_log_checkpoint_move() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO test_checkpoint_moves (name, old_position, new_position) VALUES (NEW.name, OLD.position, NEW.position);
      RETURN NEW;
    END $$`);
  // The trigger and the snapshot in one transaction that holds the checkpoint rows: no move slips between them.
  return db.transaction(async (manager) => {
    await manager.query('SELECT 1 FROM projection_checkpoints FOR UPDATE');
    await manager.query('DROP TRIGGER IF EXISTS test_checkpoint_moves ON projection_checkpoints');
    await manager.query(
      'CREATE TRIGGER test_checkpoint_moves AFTER UPDATE ON projection_checkpoints FOR EACH ROW EXECUTE FUNCTION test_log_checkpoint_move()',
    );
    const rows: Array<{ name: string; position: string }> = await manager.query(
      'SELECT name, position::text AS position FROM projection_checkpoints',
    );
    return Object.fromEntries(rows.map((r) => [r.name, Number(r.position)]));
  });
}

export interface CheckpointMove {
  seq: number;
  name: string;
  from: number;
  to: number;
  pid: number;
  app: string;
}

/** The recorded moves (of one checkpoint, or all), in commit order. */
export async function checkpointMoves(db: DataSource, name?: string): Promise<CheckpointMove[]> {
  const rows: Array<{ seq: string; name: string; old: string; new: string; pid: number; app: string }> = await db.query(
    `SELECT m.seq::text AS seq, m.name, m.old_position::text AS old, m.new_position::text AS new, m.pid, m.app FROM test_checkpoint_moves m
      WHERE $1::text IS NULL OR m.name = $1 ORDER BY m.seq`,
    [name ?? null],
  );
  return rows.map((r) => ({
    seq: Number(r.seq),
    name: r.name,
    from: Number(r.old),
    to: Number(r.new),
    pid: r.pid,
    app: r.app,
  }));
}

/**
 * Where a list of moves breaks the chain from `from` to `to`: a move that does not start where the
 * one before ended (a range projected twice, or skipped), or does not go forward; null when the
 * moves are one chain from `from` ending at `to`.
 */
export function chainBreak(moves: Array<Pick<CheckpointMove, 'from' | 'to'>>, from: number, to: number): string | null {
  let at = from;
  for (const [i, { from: oldPosition, to: newPosition }] of moves.entries()) {
    if (oldPosition !== at) return `move ${i} (${oldPosition} → ${newPosition}) starts at ${oldPosition}, not at ${at}`;
    if (newPosition <= oldPosition) return `move ${i} (${oldPosition} → ${newPosition}) does not go forward`;
    at = newPosition;
  }
  return at === to ? null : `the moves end at ${at}, not at ${to}`;
}
