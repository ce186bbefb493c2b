/**
 * Who acts for whom, as the folds need it: each actor's principal (the end of its `represents`
 * chain), read from the actors table.
 */
import type { DataSource, EntityManager } from 'typeorm';
import { ActorEntity } from '../actors/actor.entity.js';
import type { Principals } from './fold-event.js';

/** Each actor's principal, from the actors' `represents` links (chains of at most 64 hops). */
export function principalsOf(actors: ReadonlyArray<{ id: string; represents: string | null }>): Principals {
  const parent = new Map(actors.map((actor) => [actor.id, actor.represents]));
  const principals: Record<string, string> = {};
  for (const { id } of actors) {
    let current = id;
    for (let hops = 0; parent.get(current) && hops < 64; hops++) current = parent.get(current) as string;
    principals[id] = current;
  }
  return principals;
}

export async function loadPrincipals(db: DataSource | EntityManager): Promise<Principals> {
  return principalsOf(await db.getRepository(ActorEntity).find({ select: { id: true, represents: true } }));
}

/**
 * Principals loaded again only when the number of actors changed: actors are never changed or
 * deleted once registered (registerActor refuses a different definition), so the count tells
 * whether the cached map is complete. The caller reads the count with a query it makes anyway.
 */
export class PrincipalsCache {
  private cached: { count: number; principals: Principals } | null = null;

  async get(db: DataSource | EntityManager, actorCount: number): Promise<Principals> {
    const count = Number(actorCount);
    if (this.cached?.count !== count) this.cached = { count, principals: await loadPrincipals(db) };
    return this.cached.principals;
  }
}

/** Every actor whose principal is one of `sides`. */
export function agentsOf(principals: Principals, sides: readonly string[]): string[] {
  const wanted = new Set(sides);
  return Object.keys(principals).filter((id) => wanted.has(principals[id]));
}
