/**
 * The projections' checkpoints (projection_checkpoints): each moves in the transaction that writes
 * the rows it covers. A batch locks its projection's row first, so that two projectors (or a
 * projector and a rebuild) never apply the same range.
 */
import type { DataSource, EntityManager } from 'typeorm';
import { ProjectionCheckpoint } from './projection-checkpoint.entity.js';

type Db = DataSource | EntityManager;

/** Channel announcing that a projection's checkpoint moved (minPosition waits on it). */
export const PROJECTIONS_CHANNEL = 'projections_advanced';

export interface ProjectionStatus {
  name: string;
  position: string;
  lag: number;
}

export async function checkpointOf(db: Db, name: string): Promise<string> {
  const row = await db.getRepository(ProjectionCheckpoint).findOneByOrFail({ name });
  return String(row.position);
}

/** Every projection's checkpoint and how far it is behind the log's head. */
export async function checkpointStatus(db: Db): Promise<ProjectionStatus[]> {
  const rows: Array<{ name: string; position: string; head: string }> = await db.query(
    'SELECT c.name, c.position::text AS position, h.last_position::text AS head FROM projection_checkpoints c, log_head h ORDER BY c.name',
  );
  return rows.map((r) => ({ name: r.name, position: r.position, lag: Number(BigInt(r.head) - BigInt(r.position)) }));
}

/** In the caller's transaction: locks the checkpoint of `name` and reads it with the log's head and the number of actors. */
export async function lockCheckpoint(
  manager: EntityManager,
  name: string,
): Promise<{ position: bigint; head: bigint; actors: number }> {
  const [row]: Array<{ position: string; head: string; actors: number }> = await manager.query(
    `SELECT c.position::text AS position, h.last_position::text AS head, (SELECT count(*)::int FROM actors) AS actors
       FROM projection_checkpoints c, log_head h WHERE c.name = $1 FOR UPDATE OF c`,
    [name],
  );
  return { position: BigInt(row.position), head: BigInt(row.head), actors: row.actors };
}

/** The epoch of the projector lease (migration 012), in the caller's transaction; null when nobody has led yet. */
export async function leaseEpoch(manager: EntityManager): Promise<string | null> {
  const rows: Array<{ epoch: string }> = await manager.query('SELECT epoch::text AS epoch FROM projector_lease');
  return rows[0]?.epoch ?? null;
}

/** In the caller's transaction: moves the checkpoint of `name` and announces it at commit. */
export async function moveCheckpoint(manager: EntityManager, name: string, position: string): Promise<void> {
  await manager.getRepository(ProjectionCheckpoint).update({ name }, { position, updatedAt: () => 'now()' });
  await manager.query('SELECT pg_notify($1, $2)', [
    PROJECTIONS_CHANNEL,
    JSON.stringify({ projection: name, position }),
  ]);
}

/** A checkpoint at 0 for each projection that has none yet (a read model added since the migrations that made the others'). */
export async function ensureCheckpoints(db: Db, names: readonly string[]): Promise<void> {
  if (names.length === 0) return;
  await db
    .getRepository(ProjectionCheckpoint)
    .createQueryBuilder()
    .insert()
    .values(names.map((name) => ({ name, position: '0', updatedAt: () => 'now()' })))
    .orIgnore()
    .execute();
}
