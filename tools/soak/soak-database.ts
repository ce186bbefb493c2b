/**
 * What the soak reads from PostgreSQL directly (never through the service under test): the log's
 * figures and checksums computed by PostgreSQL itself, where the soak's appended ids are, which
 * events are retracted, and the read models against a fresh build from the log
 * (src/projections/rebuild.ts buildFresh, into `*_next` tables that are dropped afterwards).
 */
import 'reflect-metadata';
import type pg from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/database/data-source-options.js';
import { buildFresh } from '../../src/read-models/projector/rebuild.js';
import { PROJECTIONS } from '../../src/read-models/read-models.js';
import type { LogFigures } from './soak-checks.js';

export async function logFigures(pool: pg.Pool): Promise<LogFigures & { head: number }> {
  const { rows } = await pool.query<{
    count: number;
    min: number;
    max: number;
    sum: string;
    positions_md5: string;
    lines_md5: string;
    head: number;
  }>(
    `SELECT count(*)::int AS count, min(position)::int AS min, max(position)::int AS max, coalesce(sum(position), 0)::text AS sum,
            md5(coalesce(string_agg(position::text || E'\\n', '' ORDER BY position), '')) AS positions_md5,
            md5(coalesce(string_agg(position::text || ':' || id::text || E'\\n', '' ORDER BY position), '')) AS lines_md5,
            (SELECT last_position::int FROM log_head) AS head
       FROM events`,
  );
  const r = rows[0];
  return {
    count: r.count,
    min: r.min,
    max: r.max,
    sum: Number(r.sum),
    positionsMd5: r.positions_md5,
    linesMd5: r.lines_md5,
    head: r.head,
  };
}

/** For the ids given: how many are in the log, and those not at the position their append answered. */
export async function appendedIds(
  pool: pg.Pool,
  appended: ReadonlyMap<string, number>,
): Promise<{ found: number; rows: number; misplaced: string[] }> {
  const ids = [...appended.keys()];
  const { rows } = await pool.query<{ id: string; position: string }>(
    'SELECT id::text, position::text FROM events WHERE id = ANY($1::uuid[])',
    [ids],
  );
  const seen = new Map<string, number>();
  for (const row of rows) seen.set(row.id, (seen.get(row.id) ?? 0) + 1);
  const misplaced = rows
    .filter((r) => appended.get(r.id) !== Number(r.position))
    .map((r) => `${r.id} at ${r.position}, appended at ${appended.get(r.id)}`);
  return { found: seen.size, rows: rows.length, misplaced };
}

/** Positions of the events an EVENT_RETRACTED names. */
export async function retractedPositions(pool: pg.Pool): Promise<Set<number>> {
  const { rows } = await pool.query<{ position: number }>(
    "SELECT e.position::int AS position FROM events e WHERE EXISTS (SELECT 1 FROM events r WHERE r.ref_event_id = e.id AND r.type = 'EVENT_RETRACTED')",
  );
  return new Set(rows.map((r) => r.position));
}

/** How far the furthest-behind projection is from the log's head, in events. */
export async function projectionLag(pool: pg.Pool): Promise<number> {
  const { rows } = await pool.query<{ lag: number }>(
    'SELECT max(h.last_position - c.position)::int AS lag FROM projection_checkpoints c, log_head h',
  );
  return rows[0]?.lag ?? 0;
}

/** Each projection's checkpoint. */
export async function checkpoints(pool: pg.Pool): Promise<Record<string, number>> {
  const { rows } = await pool.query<{ name: string; position: number }>(
    'SELECT name, position::int AS position FROM projection_checkpoints ORDER BY name',
  );
  return Object.fromEntries(rows.map((r) => [r.name, r.position]));
}

export interface FreshComparison {
  projection: string;
  rows: number;
  freshRows: number;
  /** ids whose row differs (state, brief, principals or position), or is only on one side */
  differing: string[];
}

/** Folds every subject afresh from the log (buildFresh) and compares the live read-model tables with the result. */
export async function compareWithFreshBuild(url: string): Promise<FreshComparison[]> {
  const db = new DataSource(dataSourceOptions(url, 2));
  await db.initialize();
  try {
    const out: FreshComparison[] = [];
    for (const projection of PROJECTIONS) {
      const fresh = await buildFresh(db, projection);
      try {
        const differing: Array<{ id: string }> = await db.query(
          `SELECT coalesce(a.id, b.id) AS id FROM ${projection.table} a FULL JOIN ${fresh.table} b ON a.id = b.id
            WHERE a.id IS NULL OR b.id IS NULL OR a.state IS DISTINCT FROM b.state OR a.brief IS DISTINCT FROM b.brief
               OR a.principals IS DISTINCT FROM b.principals OR a.position IS DISTINCT FROM b.position
            ORDER BY 1`,
        );
        const [{ n }]: Array<{ n: number }> = await db.query(`SELECT count(*)::int AS n FROM ${projection.table}`);
        out.push({
          projection: projection.name,
          rows: n,
          freshRows: fresh.subjects,
          differing: differing.map((d) => d.id),
        });
      } finally {
        await db.query(`DROP TABLE IF EXISTS ${fresh.table}`);
      }
    }
    return out;
  } finally {
    await db.destroy();
  }
}

/** The pid of a background process of the server (its parent is the postmaster), when it runs on this machine. */
export async function serverBackgroundPid(pool: pg.Pool): Promise<number | null> {
  const { rows } = await pool.query<{ pid: number }>(
    "SELECT pid FROM pg_stat_activity WHERE backend_type = 'checkpointer' LIMIT 1",
  );
  return rows[0]?.pid ?? null;
}

/** The seeded read models and valid-time span that the reads ask about. */
export async function seededSubjects(pool: pg.Pool): Promise<{
  pledges: Array<{ id: string; madeAt: number }>;
  ceasefires: Array<{ id: string; proposedAt: number }>;
  validFrom: number;
  validTo: number;
}> {
  // bigint comes back from pg as a string
  const pledges = (
    await pool.query<{ id: string; at: string }>(
      "SELECT id, (state->>'madeAt')::bigint AS at FROM rm_pledges ORDER BY id",
    )
  ).rows.map((r) => ({ id: r.id, madeAt: Number(r.at) }));
  const ceasefires = (
    await pool.query<{ id: string; at: string }>(
      "SELECT id, (state->>'proposedAt')::bigint AS at FROM rm_ceasefires ORDER BY id",
    )
  ).rows.map((r) => ({ id: r.id, proposedAt: Number(r.at) }));
  const { rows } = await pool.query<{ a: Date; b: Date }>(
    'SELECT min(occurred_at) AS a, max(occurred_at) AS b FROM events',
  );
  return { pledges, ceasefires, validFrom: new Date(rows[0].a).getTime(), validTo: new Date(rows[0].b).getTime() };
}
