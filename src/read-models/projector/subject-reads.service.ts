/**
 * Answers read-model queries. Without asOf/knownAt, from the projected rows (the state now); with
 * either, computed from the log on demand by the same folds: only events that occurred by asOf,
 * only what was recorded by knownAt. Each answer says which log position it reflects.
 * `minPosition` waits (at most 5 s) until the projections have reached it.
 */
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DomainError, badInput } from '../../common/domain-error.js';
import { PgNotifierService } from '../../database/pg-notifier.service.js';
import type { FoldEvent } from '../fold-event.js';
import { PrincipalsCache, loadSubjects } from './subject-loader.js';
import { BRIEF_STATE_SQL, BRIEF_VIOLATIONS_SQL, type SubjectProjection } from './subject-projection.js';

export const MIN_POSITION_WAIT_MS = 5_000;

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


export interface Answer<V> {
  view: V;
  /** the log position the answer reflects */
  position: string;
  /** How many violations there are, when the view holds only the earliest (firstViolationOnly). */
  violationCount?: number;
}

@Injectable()
export class SubjectReadsService {
  private readonly principals = new PrincipalsCache();

  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(PgNotifierService) private readonly notifier: PgNotifierService,
  ) {}

  /** Waits until every projection has reached `minPosition` (NOT_CAUGHT_UP after 5 s). */
  async waitForPosition(minPosition: string, projection: { name: string }): Promise<void> {
    if (!/^\d{1,19}$/.test(minPosition)) throw badInput('minPosition', 'must be a position (a decimal string)');
    const deadline = Date.now() + MIN_POSITION_WAIT_MS;
    for (;;) {
      const position = await this.checkpoint(projection);
      if (BigInt(position) >= BigInt(minPosition)) return;
      const left = deadline - Date.now();
      if (left <= 0) {
        throw new DomainError('NOT_CAUGHT_UP', `the ${projection.name} read model is at position ${position}, not yet at ${minPosition}; retry shortly`, {
          position,
          minPosition,
        });
      }
      await this.notifier.waitFor('projections_advanced', Math.min(left, 250));
    }
  }

  private async checkpoint(projection: { name: string }): Promise<string> {
    const [row] = await this.db.query('SELECT position::text AS position FROM projection_checkpoints WHERE name = $1', [projection.name]);
    return row.position;
  }

  /** The subjects `ids` (null: every one) of `projection`, now or as `t` asks, each with the position it reflects. */
  async read<S, V>(projection: SubjectProjection<S, V>, ids: string[] | null, t: Temporal, now = new Date()): Promise<Array<Answer<V>>> {
    const view = (state: S, at: number) => projection.view(state, at);
    if (t.minPosition) await this.waitForPosition(t.minPosition, projection);
    const at = (t.asOf ?? now).getTime();
    if (!t.asOf && !t.knownAt) {
      // Now, as recorded now: the projected rows.
      const position = await this.checkpoint(projection);
      const rows: Array<{ id: string; state: S; violation_count: number | null; last_violation_at: number | null }> = await this.db.query(
        `SELECT id, ${t.firstViolationOnly ? `${BRIEF_STATE_SQL} AS state, ${BRIEF_VIOLATIONS_SQL}` : 'state, NULL::int AS violation_count, NULL::float8 AS last_violation_at'}
           FROM ${projection.table} ${ids ? 'WHERE id = ANY($1::text[])' : ''} ORDER BY id`,
        ids ? [ids] : [],
      );
      // A violation dated after now is not in the view: such rows are answered from the full state.
      const full = rows.filter((row) => row.last_violation_at !== null && row.last_violation_at > at);
      if (full.length) {
        const states: Array<{ id: string; state: S }> = await this.db.query(`SELECT id, state FROM ${projection.table} WHERE id = ANY($1::text[])`, [full.map((row) => row.id)]);
        const byId = new Map(states.map((row) => [row.id, row.state]));
        for (const row of full) {
          row.state = byId.get(row.id) ?? row.state;
          row.violation_count = null;
        }
      }
      return rows.map((row) => ({ view: view(row.state, at), position, ...(row.violation_count === null ? {} : { violationCount: row.violation_count }) }));
    }
    // Another moment, or another record: fold the log on demand.
    const [{ head, actors }] = await this.db.query('SELECT last_position::text AS head, (SELECT count(*)::int FROM actors) AS actors FROM log_head');
    const knownAt = t.knownAt ?? null;
    const subjectIds = ids ?? (await this.subjectIds(projection, head, knownAt));
    const principals = await this.principals.get(this.db, actors);
    const loaded = await loadSubjects(this.db, projection, subjectIds, principals, { upTo: head, knownAt, occurredUpTo: at });
    const answers: Array<Answer<V>> = [];
    for (const id of [...subjectIds].sort()) {
      // The fold puts them in valid-time order itself (foldOrder).
      const events: FoldEvent[] = (loaded.get(id) ?? []).filter((e) => e.occurredAt <= at);
      const state = projection.fold(events, principals);
      if (state) answers.push({ view: view(state, at), position: head });
    }
    return answers;
  }

  /** Streams that hold an event that may start a subject (the fold decides). */
  private async subjectIds(projection: { startTypes: string[] }, upTo: string, knownAt: Date | null): Promise<string[]> {
    const rows: Array<{ id: string }> = await this.db.query(
      `SELECT DISTINCT stream_id AS id FROM events
        WHERE type = ANY($1::text[]) AND position <= $2::bigint AND ($3::timestamptz IS NULL OR recorded_at <= $3)`,
      [projection.startTypes, upTo, knownAt],
    );
    return rows.map((r) => r.id);
  }
}

