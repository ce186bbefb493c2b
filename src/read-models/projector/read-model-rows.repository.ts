/**
 * The rows of the projected read models (rm_<name>, and the rm_<name>_next a rebuild fills): read
 * through the projection's entity where TypeORM serves; the writes and the rebuild's table swap in
 * SQL, where PostgreSQL is the point (jsonb comparison in one statement, table renames under a lock).
 * Table names come from the projections (read-models.ts), never from input.
 */
import type { DataSource, EntityManager } from 'typeorm';
import type { SubjectProjection } from './subject-projection.js';

type Db = DataSource | EntityManager;

/** A row to write: the subject's state, with the brief state beside it. */
export interface RowWrite {
  id: string;
  principals: string[];
  state: unknown;
  brief: unknown;
  position: number;
  /** The latest valid time among the events folded into `state` (ms; null: not known). */
  foldedUntil: number | null;
}

/** A row as a query reads it: the full state, or the brief one with the count and latest time of its violations. */
export interface CurrentRow<S> {
  id: string;
  state: S;
  /** Null when the state holds every violation. */
  violationCount: number | null;
  lastViolationAt: number | null;
}

/** Rows in id order after `after` (null: from the first), at most `limit` of them (null: all). */
export interface RowKeyset {
  after: string | null;
  limit: number | null;
}

/**
 * The rows of `ids` (null: all, or those `keyset` asks for) of the live table, in id order compared
 * byte by byte (`COLLATE "C"`, served by the rm_<name>_id_order index of migration 013): their full
 * states, or their brief ones.
 */
export async function currentRows<S>(
  db: Db,
  projection: SubjectProjection<S>,
  ids: string[] | null,
  brief: boolean,
  keyset: RowKeyset = { after: null, limit: null },
): Promise<Array<CurrentRow<S>>> {
  const query = db
    .getRepository(projection.rows)
    .createQueryBuilder('r')
    .select('r.id', 'id')
    .orderBy('r.id COLLATE "C"');
  if (brief) {
    // Rows written before migration 004 have no brief state: their full state stands in.
    query
      .addSelect('coalesce(r.brief, r.state)', 'state')
      .addSelect("(coalesce(r.brief, r.state)->>'violationCount')::int", 'violationCount')
      .addSelect("(coalesce(r.brief, r.state)->>'lastViolationAt')::float8", 'lastViolationAt');
  } else {
    query
      .addSelect('r.state', 'state')
      .addSelect('NULL::int', 'violationCount')
      .addSelect('NULL::float8', 'lastViolationAt');
  }
  if (ids) query.where('r.id = ANY(:ids)', { ids });
  if (keyset.after !== null) query.andWhere('r.id COLLATE "C" > :after', { after: keyset.after });
  if (keyset.limit !== null) query.limit(keyset.limit);
  // The JSON the projection's fold wrote: its state type.
  return query.getRawMany<CurrentRow<S>>();
}

/**
 * The full states of `ids` in `table` (the live table of `projection`, or the one a rebuild fills),
 * with the latest valid time they have folded (ms; null: not known).
 */
export async function storedStates<S>(
  db: Db,
  _projection: SubjectProjection<S>,
  table: string,
  ids: string[],
): Promise<Array<{ id: string; state: S; foldedUntil: number | null }>> {
  if (ids.length === 0) return [];
  // The JSON the projection's fold wrote: its state type.
  return db.query(
    `SELECT id, state, (extract(epoch FROM folded_until) * 1000)::float8 AS "foldedUntil" FROM ${table} WHERE id = ANY($1::text[])`,
    [ids],
  );
}

/** Which of `ids` have a row in each of `tables`, in one read. */
export async function existingIdsIn(
  db: Db,
  tables: readonly string[],
  ids: string[],
): Promise<Map<string, Set<string>>> {
  const found = new Map(tables.map((table) => [table, new Set<string>()]));
  if (ids.length === 0 || tables.length === 0) return found;
  const rows: Array<{ t: number; id: string }> = await db.query(
    tables.map((table, i) => `SELECT ${i} AS t, id FROM ${table} WHERE id = ANY($1::text[])`).join(' UNION ALL '),
    [ids],
  );
  for (const row of rows) found.get(tables[row.t])?.add(row.id);
  return found;
}

/** The rows of `table` whose subject one of `sides` is on: their ids, principals and brief states (enough to know their windows). */
export async function rowsOfSides<S>(
  db: Db,
  _projection: SubjectProjection<S>,
  table: string,
  sides: string[],
): Promise<Array<{ id: string; principals: string[]; state: S }>> {
  if (sides.length === 0) return [];
  return db.query(
    `SELECT id, principals, coalesce(brief, state) AS state FROM ${table} WHERE principals && $1::text[]`,
    [sides],
  );
}

/**
 * Writes rows and deletes the removed; returns the ids whose read model changed: deleted, new, or
 * whose state differs from the stored one (the position of the last event folded aside), compared
 * by PostgreSQL (jsonb equality) against the row as it was before this statement.
 */
export async function writeRows(db: Db, table: string, rows: RowWrite[], removed: string[]): Promise<string[]> {
  const changed: string[] = [];
  if (removed.length) {
    const gone: Array<{ id: string }> = await db.query(`DELETE FROM ${table} WHERE id = ANY($1::text[]) RETURNING id`, [
      removed,
    ]);
    changed.push(...gone.map((row) => row.id));
  }
  if (rows.length === 0) return changed;
  const written: Array<{ id: string }> = await db.query(
    `WITH input AS (
       SELECT * FROM jsonb_to_recordset($1::jsonb)
         AS r(id text, principals text[], state jsonb, brief jsonb, position bigint, "foldedUntil" float8)
     ), before AS (
       SELECT t.id, t.state - 'position' AS state FROM ${table} t WHERE t.id IN (SELECT id FROM input)
     ), written AS (
       INSERT INTO ${table} (id, principals, state, brief, position, folded_until)
       SELECT id, principals, state, brief, position, to_timestamp("foldedUntil" / 1000.0) FROM input
       ON CONFLICT (id) DO UPDATE SET principals = EXCLUDED.principals, state = EXCLUDED.state, brief = EXCLUDED.brief,
         position = EXCLUDED.position, folded_until = EXCLUDED.folded_until
       RETURNING id
     )
     SELECT i.id FROM input i LEFT JOIN before b ON b.id = i.id
      WHERE b.state IS DISTINCT FROM (i.state - 'position') AND i.id IN (SELECT id FROM written)`,
    [JSON.stringify(rows)],
  );
  changed.push(...written.map((row) => row.id));
  return changed;
}

/** An empty `${table}_next` shaped like `table` (its indexes included), for a rebuild to fill. */
export async function createFreshTable(db: Db, table: string): Promise<string> {
  const fresh = `${table}_next`;
  await db.query(`DROP TABLE IF EXISTS ${fresh}`);
  await db.query(`CREATE TABLE ${fresh} (LIKE ${table} INCLUDING ALL)`);
  return fresh;
}

export async function countRows(db: Db, table: string): Promise<number> {
  const [{ n }]: Array<{ n: number }> = await db.query(`SELECT count(*)::int AS n FROM ${table}`);
  return n;
}

/**
 * Puts `fresh` in the place of `table` (in the caller's transaction, which must hold the
 * projection's checkpoint row): readers wait on the lock for the moment of the swap. The new
 * table's indexes take the names the migrations gave the old ones, matched by definition.
 */
export async function swapIn(manager: EntityManager, table: string, fresh: string): Promise<void> {
  const old = `${table}_old`;
  await manager.query(`LOCK TABLE ${table} IN ACCESS EXCLUSIVE MODE`);
  const oldIndexes = await indexesOf(manager, table);
  await manager.query(`ALTER TABLE ${table} RENAME TO ${old}`);
  await manager.query(`ALTER TABLE ${fresh} RENAME TO ${table}`);
  await manager.query(`DROP TABLE ${old}`);
  for (const index of await indexesOf(manager, table)) {
    const twin = oldIndexes.find((o) => o.shape === index.shape);
    if (twin && twin.name !== index.name) await manager.query(`ALTER INDEX ${index.name} RENAME TO ${twin.name}`);
  }
}

/** A table's indexes, with their definitions stripped of index and table names (to match twins). */
async function indexesOf(manager: EntityManager, table: string): Promise<Array<{ name: string; shape: string }>> {
  const rows: Array<{ name: string; def: string }> = await manager.query(
    'SELECT indexname AS name, indexdef AS def FROM pg_indexes WHERE tablename = $1',
    [table],
  );
  return rows.map((r) => ({ name: r.name, shape: r.def.replace(r.name, '').replace(/ ON \S+ /, ' ON t ') }));
}

/** One notification on `channel` per change, sent when the transaction of `db` commits (in its order). */
export async function announceChanges(
  db: Db,
  channel: string,
  changes: ReadonlyArray<Record<string, unknown>>,
): Promise<void> {
  if (changes.length === 0) return;
  await db.query('SELECT pg_notify($1, c) FROM unnest($2::text[]) WITH ORDINALITY AS u(c, n) ORDER BY n', [
    channel,
    changes.map((c) => JSON.stringify(c)),
  ]);
}
