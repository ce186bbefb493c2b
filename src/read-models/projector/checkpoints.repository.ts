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
  const { positions, head, actors } = await lockCheckpoints(manager, [name]);
  return { position: positions.get(name) as bigint, head, actors };
}

/**
 * In the caller's transaction: locks the checkpoints of `names` (in name order, so that two
 * projectors locking overlapping sets never deadlock) and reads them with the log's head and the
 * number of actors.
 */
export async function lockCheckpoints(
  manager: EntityManager,
  names: readonly string[],
): Promise<{ positions: Map<string, bigint>; head: bigint; actors: number }> {
  const rows: Array<{ name: string; position: string; head: string; actors: number }> = await manager.query(
    `SELECT c.name, c.position::text AS position, h.last_position::text AS head, (SELECT count(*)::int FROM actors) AS actors
       FROM projection_checkpoints c, log_head h WHERE c.name = ANY($1::text[]) ORDER BY c.name FOR UPDATE OF c`,
    [names],
  );
  const missing = names.filter((name) => !rows.some((row) => row.name === name));
  if (missing.length > 0) throw new Error(`no checkpoint for the projections ${missing.join(', ')}`);
  return {
    positions: new Map(rows.map((row) => [row.name, BigInt(row.position)])),
    head: BigInt(rows[0].head),
    actors: rows[0].actors,
  };
}

/** The epoch of the projector lease (migration 012), in the caller's transaction; null when nobody has led yet. */
export async function leaseEpoch(manager: EntityManager): Promise<string | null> {
  const rows: Array<{ epoch: string }> = await manager.query('SELECT epoch::text AS epoch FROM projector_lease');
  return rows[0]?.epoch ?? null;
}

/** In the caller's transaction: moves the checkpoint of `name` and announces it at commit. */
export function moveCheckpoint(manager: EntityManager, name: string, position: string): Promise<void> {
  return moveCheckpoints(manager, [{ name, position }]);
}

/** In the caller's transaction: moves these checkpoints and announces each at commit, in one statement. */
export async function moveCheckpoints(
  manager: EntityManager,
  moves: ReadonlyArray<{ name: string; position: string }>,
): Promise<void> {
  if (moves.length === 0) return;
  await manager.query(
    `WITH moved AS (
       UPDATE projection_checkpoints c SET position = m.position, updated_at = now()
         FROM unnest($1::text[], $2::bigint[]) AS m(name, position) WHERE c.name = m.name RETURNING c.name)
     SELECT pg_notify($3, u.payload) FROM unnest($1::text[], $4::text[]) WITH ORDINALITY AS u(name, payload, n)
      WHERE u.name IN (SELECT name FROM moved) ORDER BY u.n`,
    [
      moves.map((m) => m.name),
      moves.map((m) => m.position),
      PROJECTIONS_CHANNEL,
      moves.map((m) => JSON.stringify({ projection: m.name, position: m.position })),
    ],
  );
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
