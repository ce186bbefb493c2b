/**
 * Rebuild without downtime: every subject is folded afresh from the log into a new table while the
 * API goes on answering from the current one; then, in one transaction that holds the
 * projection's checkpoint row (so the live projector waits), the new table catches up to the live
 * checkpoint and takes the current one's place.
 */
import type { DataSource, EntityManager } from 'typeorm';
import { refold, projectRange } from './project-range.js';
import { loadPrincipals } from './subject-loader.js';
import type { AnyProjection, SubjectProjection } from './subject-projection.js';

/** Subjects folded a transaction at a time: ids sort by creation, so a chunk's strike windows stay close and its strike load small. */
const CHUNK = 25;

export interface RebuildResult {
  projection: string;
  subjects: number;
  position: string;
}

/** Folds every subject as of the log head into `${table}_next`; returns the head it reflects. */
export async function buildFresh(db: DataSource, projection: AnyProjection, onProgress: (done: number, total: number) => void = () => undefined): Promise<{ table: string; position: string; subjects: number }> {
  const table = `${projection.table}_next`;
  await db.query(`DROP TABLE IF EXISTS ${table}`);
  await db.query(`CREATE TABLE ${table} (LIKE ${projection.table} INCLUDING ALL)`);
  const [{ head }] = await db.query('SELECT last_position::text AS head FROM log_head');
  const ids: string[] = (
    await db.query('SELECT DISTINCT stream_id AS id FROM events WHERE type = ANY($1::text[]) AND position <= $2::bigint ORDER BY 1', [projection.startTypes, head])
  ).map((r: { id: string }) => r.id);
  const principals = await loadPrincipals(db);
  for (let i = 0; i < ids.length; i += CHUNK) {
    await db.transaction((manager) => refold(manager, projection as SubjectProjection<unknown>, table, ids.slice(i, i + CHUNK), head, principals));
    onProgress(Math.min(i + CHUNK, ids.length), ids.length);
  }
  const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM ${table}`);
  return { table, position: head, subjects: n };
}

export async function rebuild(db: DataSource, projection: AnyProjection, onProgress?: (done: number, total: number) => void): Promise<RebuildResult> {
  const fresh = await buildFresh(db, projection, onProgress);
  return db.transaction(async (manager) => {
    const [{ position: live }] = await manager.query('SELECT position::text AS position FROM projection_checkpoints WHERE name = $1 FOR UPDATE', [projection.name]);
    let position = fresh.position;
    if (BigInt(live) > BigInt(fresh.position)) {
      // The live projector went on meanwhile: bring the new table to the same position.
      await projectRange(manager, projection, fresh.table, fresh.position, live, await loadPrincipals(manager), false);
      position = live;
    }
    const old = `${projection.table}_old`;
    await manager.query(`LOCK TABLE ${projection.table} IN ACCESS EXCLUSIVE MODE`);
    const oldIndexes = await indexesOf(manager, projection.table);
    await manager.query(`ALTER TABLE ${projection.table} RENAME TO ${old}`);
    await manager.query(`ALTER TABLE ${fresh.table} RENAME TO ${projection.table}`);
    await manager.query(`DROP TABLE ${old}`);
    // The new table's indexes take the names the migrations gave the old ones, matched by definition.
    for (const index of await indexesOf(manager, projection.table)) {
      const twin = oldIndexes.find((o) => o.shape === index.shape);
      if (twin && twin.name !== index.name) await manager.query(`ALTER INDEX ${index.name} RENAME TO ${twin.name}`);
    }
    await manager.query('UPDATE projection_checkpoints SET position = $2, updated_at = now() WHERE name = $1', [projection.name, position]);
    const [{ n }] = await manager.query(`SELECT count(*)::int AS n FROM ${projection.table}`);
    return { projection: projection.name, subjects: n, position };
  });
}

/** A table's indexes, with their definitions stripped of index and table names (to match twins). */
async function indexesOf(manager: EntityManager, table: string): Promise<Array<{ name: string; shape: string }>> {
  const rows: Array<{ name: string; def: string }> = await manager.query('SELECT indexname AS name, indexdef AS def FROM pg_indexes WHERE tablename = $1', [table]);
  return rows.map((r) => ({ name: r.name, shape: r.def.replace(r.name, '').replace(/ ON \S+ /, ' ON t ') }));
}
