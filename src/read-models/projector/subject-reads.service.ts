/**
 * Answers read-model queries. Without asOf/knownAt, from the projected rows (the state now); with
 * either, computed from the log on demand by the same folds: only events that occurred by asOf,
 * only what was recorded by knownAt. Each answer says which log position it reflects.
 * `minPosition` waits (at most 5 s) until the projections have reached it. Every read goes where
 * reads go (ReadDatabase: the replica, else the primary), and a minPosition waits for that database.
 */
import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { ReadDatabase } from '../../database/read-database.js';
import { PrincipalsCache } from '../principals.js';
import { PROJECTIONS_CHANNEL, checkpointOf } from './checkpoints.repository.js';
import { candidateStreams, recordHead, recordHeadAndStreams } from './fold-events.repository.js';
import { type RowKeyset, currentRows } from './read-model-rows.repository.js';
import { foldLoaded, loadSubjects } from './subject-loader.js';
import type { SubjectProjection } from './subject-projection.js';
import { type Chunk, type SubjectPage, byId, fillPage, idsAfter } from '../subject-page.js';

export { MIN_POSITION_WAIT_MS } from '../../database/read-database.js';

export interface Temporal {
  asOf?: Date | null;
  knownAt?: Date | null;
  minPosition?: string | null;
  /**
   * Only the earliest violation is needed (the query does not ask for the list): a ceasefire in force
   * through a war can hold thousands, and its state is then read without them. The state and
   * brokenAt depend only on the earliest.
   */
  firstViolationOnly?: boolean;
}

/** The moment and the record an answer is about (null: now, as recorded now). */
export interface Moment {
  asOf: Date | null;
  knownAt: Date | null;
}

export interface Answer<V> {
  view: V;
  /** What was asked: a subject's links (its counter-proposals) are read at the same moment. */
  moment: Moment;
  /** the log position the answer reflects */
  position: string;
  /** How many violations there are, when the view holds only the earliest (firstViolationOnly). */
  violationCount?: number;
}

@Injectable()
export class SubjectReadsService {
  private readonly principals = new PrincipalsCache();

  constructor(@Inject(ReadDatabase) private readonly reads: ReadDatabase) {}

  /** Waits until the projection has reached `minPosition` where reads go (NOT_CAUGHT_UP after 5 s). */
  waitForPosition(minPosition: string, projection: { name: string }): Promise<void> {
    return this.reads.waitForPosition(minPosition, {
      name: `${projection.name} read model`,
      positionOf: (db) => checkpointOf(db, projection.name),
      channel: PROJECTIONS_CHANNEL,
    });
  }

  /** The subjects `ids` (null: every one) of `projection`, now or as `t` asks, each with the position it reflects. */
  async read<S, V>(
    projection: SubjectProjection<S, V>,
    ids: string[] | null,
    t: Temporal,
    now = new Date(),
  ): Promise<Array<Answer<V>>> {
    if (ids === null) return this.list(projection, t, () => true, null, now);
    if (t.minPosition) await this.waitForPosition(t.minPosition, projection);
    const at = (t.asOf ?? now).getTime();
    return this.reads.run(async (db) => {
      if (!t.asOf && !t.knownAt) {
        const position = await checkpointOf(db, projection.name);
        return (await this.readRows(db, projection, position, ids, at, t.firstViolationOnly ?? false)).items;
      }
      const sorted = [...ids].sort(byId);
      return (await this.replay(db, projection, t, at, sorted)).fold(sorted);
    });
  }

  /**
   * The subjects of `projection` that `keep` wants, in id order, now or as `t` asks: all of them,
   * or the page `page` asks for. Now, a page reads only rows in its range from the table (chunks of
   * them while the filters leave it short); at another moment, the subjects are folded chunk by chunk.
   */
  async list<S, V>(
    projection: SubjectProjection<S, V>,
    t: Temporal,
    keep: (answer: Answer<V>) => boolean,
    page: SubjectPage | null,
    now = new Date(),
  ): Promise<Array<Answer<V>>> {
    if (t.minPosition) await this.waitForPosition(t.minPosition, projection);
    const at = (t.asOf ?? now).getTime();
    // One database for the whole list (the replica, or the primary when it is away): its chunks agree.
    return this.reads.run(async (db) => {
      if (!t.asOf && !t.knownAt) {
        const position = await checkpointOf(db, projection.name);
        const brief = t.firstViolationOnly ?? false;
        return fillPage(
          (after, limit) => this.readRows(db, projection, position, null, at, brief, { after, limit }),
          keep,
          page,
        );
      }
      const replay = await this.replay(db, projection, t, at, null);
      const sorted = [...(replay.subjectIds ?? [])].sort(byId);
      return fillPage(
        async (after, limit) => {
          const { ids, next } = idsAfter(sorted, after, limit);
          return { items: await replay.fold(ids), next };
        },
        keep,
        page,
      );
    });
  }

  /**
   * Another moment, or another record: the log as it stood, ready to fold subjects on demand. A read
   * of given subjects (`read`, null for a list) reads their streams with the log's head, in one
   * statement, and folds just those; a list needs every subject of the log.
   */
  private async replay<S, V>(
    db: DataSource,
    projection: SubjectProjection<S, V>,
    t: Temporal,
    at: number,
    read: string[] | null,
  ): Promise<Replay<V>> {
    const moment: Moment = { asOf: t.asOf ?? null, knownAt: t.knownAt ?? null };
    const knownAt = t.knownAt ?? null;
    const { head, actors, events } = read
      ? await recordHeadAndStreams(db, read, knownAt)
      : { ...(await recordHead(db)), events: undefined };
    const bound = { upTo: head, knownAt };
    const [principals, subjectIds] = await Promise.all([
      this.principals.get(db, actors),
      read ? null : candidateStreams(db, projection, bound),
    ]);
    return {
      subjectIds,
      fold: async (ids) => {
        const streams = read && sameIds(ids, read) ? events : undefined;
        const loaded = await loadSubjects(db, projection, ids, principals, { ...bound, occurredUpTo: at, streams });
        const answers: Array<Answer<V>> = [];
        for (const id of ids) {
          const state = foldLoaded(projection, loaded.get(id), principals);
          if (state) answers.push({ view: projection.view(state, at), moment, position: head });
        }
        return answers;
      },
    };
  }

  /**
   * Now, as recorded now: the projected rows (of `ids`, or in the range of `keyset`), as of the
   * checkpoint `position`; `next` is the last row's id when `keyset` may have left rows after it.
   */
  private async readRows<S, V>(
    db: DataSource,
    projection: SubjectProjection<S, V>,
    position: string,
    ids: string[] | null,
    at: number,
    brief: boolean,
    keyset?: RowKeyset,
  ): Promise<Chunk<Answer<V>>> {
    const rows = await currentRows(db, projection, ids, brief, keyset);
    // A violation dated after now is not in the view: such rows are answered from the full state.
    const late = rows.filter((row) => row.lastViolationAt !== null && row.lastViolationAt > at);
    if (late.length) {
      const full = new Map(
        (
          await currentRows(
            db,
            projection,
            late.map((row) => row.id),
            false,
          )
        ).map((row) => [row.id, row.state]),
      );
      for (const row of late) {
        row.state = full.get(row.id) ?? row.state;
        row.violationCount = null;
      }
    }
    const full = keyset?.limit != null && rows.length === keyset.limit;
    return {
      items: rows.map((row) => ({
        view: projection.view(row.state, at),
        moment: { asOf: null, knownAt: null },
        position,
        ...(row.violationCount === null ? {} : { violationCount: row.violationCount }),
      })),
      next: full ? rows[rows.length - 1].id : null,
    };
  }
}

/** The log at a position (and recorded time): the subjects it starts (for a list), and their folds at the moment asked. */
interface Replay<V> {
  subjectIds: string[] | null;
  /** The answers of `ids` (in that order) that are subjects at that moment. */
  fold(ids: string[]): Promise<Array<Answer<V>>>;
}

function sameIds(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((id, i) => id === b[i]);
}
