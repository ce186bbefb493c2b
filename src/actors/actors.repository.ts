/**
 * The actors table's reads that walk the `represents` chains (recursive SQL: PostgreSQL is the
 * point). Everything else goes through the entity (actor.entity.ts).
 */
import type { DataSource, EntityManager } from 'typeorm';
import type { ActorKind } from '../events/catalogue/event-types.js';

type Db = DataSource | EntityManager;

export interface ActorLine {
  id: string;
  name: string;
  kind: ActorKind;
  represents: string | null;
}

/** `ids` and every actor who acts for one of them, directly or through others. */
export async function agentsOfIds(db: Db, ids: string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows: Array<{ id: string }> = await db.query(
    `WITH RECURSIVE agents(id) AS (
       SELECT id FROM actors WHERE id = ANY($1::text[])
       UNION
       SELECT a.id FROM actors a JOIN agents g ON a.represents = g.id)
     SELECT id FROM agents`,
    [ids],
  );
  return rows.map((row) => row.id);
}

/** Every actor, principals first (by the depth of its represents chain, then by id): the order in which they can be registered. */
export async function actorsByDepth(db: Db): Promise<ActorLine[]> {
  return db.query(
    `WITH RECURSIVE chain(id, depth) AS (
       SELECT id, 0 FROM actors WHERE represents IS NULL
       UNION ALL
       SELECT a.id, c.depth + 1 FROM actors a JOIN chain c ON a.represents = c.id)
     SELECT a.id, a.name, a.kind, a.represents FROM actors a JOIN chain c ON c.id = a.id ORDER BY c.depth, a.id COLLATE "C"`,
  );
}
