/**
 * Actors: states, people and offices. Registration is idempotent for identical input and refuses a
 * conflicting one; an actor's `represents` chain leads to its principal (putin → russia).
 */
import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { DataSource, Repository } from 'typeorm';
import { DomainError, ValidationFailed } from '../common/domain-error.js';
import { ReadDatabase } from '../database/read-database.js';
import { ACTOR_ID_PATTERN, type ActorKind } from '../events/catalogue/event-types.js';
import { actorInputErrors } from './actor-input.validation.js';
import { ActorEntity } from './actor.entity.js';
import { type ActorLine, actorsByDepth, agentsOfIds } from './actors.repository.js';

/** How many actors one process keeps (registrations are immutable, so a kept actor never goes stale). */
export const ACTOR_CACHE_SIZE = 50_000;

export interface RegisterActor {
  id: string;
  name: string;
  /** An ActorKind once validated; callers may pass any string, and actorInputErrors names a wrong one. */
  kind: string;
  represents?: string | null;
}

export interface Registration {
  actor: ActorEntity;
  created: boolean;
}

@Injectable()
export class ActorsService {
  /**
   * Actors already read. A registration never changes and actors are never deleted, so a kept actor
   * is the stored one for good: a page of events resolves its actors without a query. Ids not yet
   * seen (a new registration, on any instance) are read from the database.
   */
  private readonly known = new Map<string, ActorEntity>();
  private readonly reads: ReadDatabase;

  constructor(
    @InjectRepository(ActorEntity) private readonly repo: Repository<ActorEntity>,
    @Inject(ReadDatabase) reads?: ReadDatabase,
  ) {
    this.reads = reads ?? new ReadDatabase(repo.manager.connection);
  }

  list(): Promise<ActorEntity[]> {
    return this.reads.run((db) => db.getRepository(ActorEntity).find({ order: { id: 'ASC' } }));
  }

  /**
   * The actors of `ids` that exist: those kept, and the others read (`primary`: on the primary, for
   * an import about to append; else where reads go).
   */
  async byIds(ids: readonly string[], { primary = false } = {}): Promise<Map<string, ActorEntity>> {
    return primary ? this.lookUp(this.reads.primary, ids) : this.reads.run((db) => this.lookUp(db, ids));
  }

  /** The actors of `ids` that exist: those kept, and the others read on `db` (and kept). */
  private async lookUp(db: DataSource, ids: readonly string[]): Promise<Map<string, ActorEntity>> {
    const result = new Map<string, ActorEntity>();
    const missing: string[] = [];
    for (const id of ids) {
      if (typeof id !== 'string' || result.has(id)) continue;
      const kept = this.known.get(id);
      if (kept) result.set(id, kept);
      else if (ACTOR_ID_PATTERN.test(id)) missing.push(id);
    }
    if (missing.length === 0) return result;
    // One array parameter, however many ids (TypeORM's In() binds one parameter per id).
    const found = await db
      .getRepository(ActorEntity)
      .createQueryBuilder('actor')
      .where('actor.id = ANY(:ids)', { ids: [...new Set(missing)] })
      .getMany();
    for (const actor of found) {
      result.set(actor.id, actor);
      if (this.known.size < ACTOR_CACHE_SIZE) this.known.set(actor.id, actor);
    }
    return result;
  }

  async register(input: RegisterActor, path = 'input'): Promise<Registration> {
    const errors = actorInputErrors(input as unknown as Record<string, unknown>, `${path}.`);
    const name = String(input.name).trim();
    const represents = input.represents ?? null;
    const checkable = typeof represents === 'string' && ACTOR_ID_PATTERN.test(represents) && represents !== input.id;
    if (checkable && !(await this.repo.existsBy({ id: represents }))) {
      errors.push({ path: `${path}.represents`, reason: `unknown actor "${represents}"` });
    }
    if (errors.length) throw new ValidationFailed(errors);
    const wanted = { id: input.id, name, kind: input.kind as ActorKind, represents };
    // Insert if absent; an existing row must match exactly.
    const inserted = await this.repo.createQueryBuilder().insert().values(wanted).orIgnore().returning('id').execute();
    const stored = await this.repo.findOneByOrFail({ id: input.id });
    if (!sameAs(stored, wanted)) {
      throw new DomainError(
        'CONFLICT',
        `${path}.id: actor "${input.id}" is already registered as ${describe(stored)}; registration is immutable`,
        { path: `${path}.id`, registered: { name: stored.name, kind: stored.kind, represents: stored.represents } },
      );
    }
    const created = (inserted.raw as unknown[]).length > 0;
    return { actor: stored, created };
  }

  /**
   * The actors who act for any of `ids`, directly or through others, with `ids` themselves:
   * what an actor filter matches (russia → russia, putin, kremlin, ...).
   */
  async agentsOf(ids: readonly string[]): Promise<{ agents: string[]; unknown: string[] }> {
    return this.reads.run(async (db) => {
      const known = await this.lookUp(db, ids);
      const unknown = ids.filter((id) => !known.has(id));
      return { agents: await agentsOfIds(db.manager, [...known.keys()]), unknown };
    });
  }

  /**
   * The principals of `ids` (each `represents` chain walked to its end: putin → russia) and every
   * actor who acts for one of them: the primary actors of events on those sides.
   */
  async sidesOf(ids: readonly string[]): Promise<{ agents: string[]; unknown: string[] }> {
    return this.reads.run(async (db) => {
      const known = await this.lookUp(db, ids);
      const unknown = ids.filter((id) => !known.has(id));
      const principals = new Set<string>();
      for (let actor of known.values()) {
        // Registrations are immutable and name a registered actor, so a chain ends; lookUp keeps what it reads.
        while (actor.represents) {
          const next = (await this.lookUp(db, [actor.represents])).get(actor.represents);
          if (!next) break;
          actor = next;
        }
        principals.add(actor.id);
      }
      return { agents: await agentsOfIds(db.manager, [...principals]), unknown };
    });
  }

  /** Every actor, principals first: the order of the actor export (it imports as it is). */
  forExport(): Promise<ActorLine[]> {
    return this.reads.run((db) => actorsByDepth(db.manager));
  }
}

function sameAs(stored: ActorEntity, wanted: { name: string; kind: string; represents: string | null }): boolean {
  return (
    stored.name === wanted.name && stored.kind === wanted.kind && (stored.represents ?? null) === wanted.represents
  );
}

function describe(actor: ActorEntity): string {
  return `${actor.kind} "${actor.name}"${actor.represents ? ` representing "${actor.represents}"` : ''}`;
}
