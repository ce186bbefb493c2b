/**
 * The per-request GraphQL context: who is calling, and the DataLoaders that batch look-ups so that
 * a page of events costs a fixed number of queries (no N+1).
 */
import DataLoader from 'dataloader';
import type { ActorModel } from '../actors/actor.model.js';
import type { ActorsService } from '../actors/actors.service.js';
import type { Principal } from '../auth/principal.js';
import type { DomainError } from '../common/domain-error.js';
import type { EventQueryService } from '../events/event-query.service.js';
import { toActorModel } from '../events/event-node.js';
import { type StoredEvent } from '../events/event.js';

export interface Amendments {
  retracted: boolean;
  correctedBy: StoredEvent | null;
}

export interface Loaders {
  actor: DataLoader<string, ActorModel | null>;
  event: DataLoader<string, StoredEvent | null>;
  /** Key: `${eventId}|${knownAt ISO or ''}` */
  amendments: DataLoader<string, Amendments>;
}

export interface RequestContext {
  principal: Principal | null;
  /** Set when the request presented a key that is malformed, unknown or revoked. */
  authError: string | null;
  /** Set when the caller could not be looked up (bearer-principal.ts): every operation fails with it. */
  failure?: DomainError;
  loaders: Loaders;
}

/** The actors of `ids` that exist, in order, loaded through the request's batch (a list field of actors). */
export async function loadActors(ctx: RequestContext, ids: readonly string[]): Promise<ActorModel[]> {
  return (await ctx.loaders.actor.loadMany(ids)).filter((a): a is ActorModel => !!a && !(a instanceof Error));
}

export function createLoaders(actors: ActorsService, events: EventQueryService): Loaders {
  return {
    actor: new DataLoader(async (ids) => {
      const found = await actors.byIds(ids);
      return ids.map((id) => {
        const actor = found.get(id);
        return actor ? toActorModel(actor) : null;
      });
    }),
    event: new DataLoader(async (ids) => {
      const found = await events.byIds(ids);
      return ids.map((id) => found.get(id.toLowerCase()) ?? null);
    }),
    amendments: new DataLoader(async (keys) => {
      // One query per distinct knownAt (in practice one).
      const byKnownAt = new Map<string, string[]>();
      for (const key of keys) {
        const [id, knownAt] = key.split('|');
        const ids = byKnownAt.get(knownAt);
        if (ids) ids.push(id);
        else byKnownAt.set(knownAt, [id]);
      }
      const results = new Map<string, Amendments>();
      for (const [knownAt, ids] of byKnownAt) {
        const found = await events.amendments(ids, knownAt ? new Date(knownAt) : null);
        for (const [id, value] of found) results.set(`${id}|${knownAt}`, value);
      }
      return keys.map((key) => results.get(key) ?? { retracted: false, correctedBy: null });
    }),
  };
}
