/**
 * Loads what a subject's fold needs from the log: its stream (with the corrections and
 * retractions in it) and the strikes of the sides concerned (with theirs), as the record stood at
 * a position and, for `knownAt`, at a recorded time. Corrections and retractions are applied.
 */
import type { DataSource, EntityManager } from 'typeorm';
import { type FoldEvent, type Principals, applyAmendments } from '../fold-event.js';
import { type StrikeWindow, type SubjectProjection, inWindow } from './subject-projection.js';

export interface LoadOptions {
  /** Only events at or below this position (the position the answer reflects). */
  upTo: string;
  /** Only events recorded by then. */
  knownAt?: Date | null;
  /** The valid time asked about (asOf, in ms): strikes that occurred after it are not loaded. */
  occurredUpTo?: number | null;
}

export interface FoldEventRow {
  position: string;
  id: string;
  type: FoldEvent['type'];
  stream_id: string;
  data: Record<string, unknown>;
  occurred_at: Date;
  occurred_precision: FoldEvent['precision'];
  recorded_at: Date;
}

/** The columns toFoldEvent reads. */
export const FOLD_COLUMNS = 'e.position::text AS position, e.id, e.type, e.stream_id, e.data, e.occurred_at, e.occurred_precision, e.recorded_at';

export function toFoldEvent(row: FoldEventRow): FoldEvent {
  return {
    id: row.id,
    position: Number(row.position),
    type: row.type,
    streamId: row.stream_id,
    data: row.data,
    occurredAt: new Date(row.occurred_at).getTime(),
    precision: row.occurred_precision,
    recordedAt: new Date(row.recorded_at).getTime(),
  };
}

type Db = DataSource | EntityManager;

export async function loadPrincipals(db: Db): Promise<Principals> {
  const rows: Array<{ id: string; represents: string | null }> = await db.query('SELECT id, represents FROM actors');
  const parent = new Map(rows.map((r) => [r.id, r.represents]));
  const principals: Record<string, string> = {};
  for (const { id } of rows) {
    let current = id;
    for (let hops = 0; parent.get(current) && hops < 64; hops++) current = parent.get(current) as string;
    principals[id] = current;
  }
  return principals;
}

/**
 * Principals loaded again only when the number of actors changed: actors are never changed or
 * deleted once registered (registerActor refuses a different definition), so the count tells
 * whether the cached map is complete. The caller reads the count with a query it makes anyway.
 */
export class PrincipalsCache {
  private cached: { count: number; principals: Principals } | null = null;

  async get(db: Db, actorCount: number): Promise<Principals> {
    const count = Number(actorCount);
    if (this.cached?.count !== count) this.cached = { count, principals: await loadPrincipals(db) };
    return this.cached.principals;
  }
}

/** Every actor whose principal is one of `sides`. */
export function agentsOf(principals: Principals, sides: string[]): string[] {
  const wanted = new Set(sides);
  return Object.keys(principals).filter((id) => wanted.has(principals[id]));
}

export async function loadSubjects<S>(
  db: Db,
  projection: SubjectProjection<S>,
  ids: string[],
  principals: Principals,
  options: LoadOptions,
): Promise<Map<string, FoldEvent[]>> {
  const result = new Map<string, FoldEvent[]>();
  if (ids.length === 0) return result;
  const knownAt = options.knownAt ?? null;
  const own: FoldEventRow[] = await db.query(
    `SELECT ${FOLD_COLUMNS} FROM events e
      WHERE e.stream_id = ANY($1::text[]) AND e.position <= $2::bigint AND ($3::timestamptz IS NULL OR e.recorded_at <= $3)
      ORDER BY e.position`,
    [ids, options.upTo, knownAt],
  );
  const byStream = new Map<string, FoldEvent[]>();
  for (const row of own) {
    const events = byStream.get(row.stream_id);
    if (events) events.push(toFoldEvent(row));
    else byStream.set(row.stream_id, [toFoldEvent(row)]);
  }
  // A first fold of each stream alone tells whose strikes matter, when and on what.
  const sides = new Map<string, { agents: Set<string>; window: StrikeWindow }>();
  for (const [id, events] of byStream) {
    const state = projection.fold(applyAmendments(events), principals);
    const window = state ? projection.strikeWindow(state) : null;
    if (state && window) sides.set(id, { agents: new Set(agentsOf(principals, projection.sidePrincipals(state, principals))), window });
  }
  const allAgents = [...new Set([...sides.values()].flatMap((s) => [...s.agents]))];
  let strikes: FoldEvent[] = [];
  if (allAgents.length > 0) {
    const windows = [...sides.values()].map((s) => s.window);
    const from = Math.min(...windows.map((w) => w.from));
    const until = windows.some((w) => w.until === null) ? null : Math.max(...windows.map((w) => w.until as number));
    const categories = windows.some((w) => w.categories === null) ? null : [...new Set(windows.flatMap((w) => w.categories as string[]))];
    // Never past the moment asked about: strikes that occurred later cannot change the answer.
    const upTo = options.occurredUpTo ? Math.min(options.occurredUpTo, until ?? Number.POSITIVE_INFINITY) : until;
    // The side's strikes in the window on the targets concerned (events_strikes_by_attacker); strikes
    // in the window whose correction names the side (a corrected attacker or target may bring them in;
    // events_strikes_by_time); and strikes whose correction names the side and moves their time
    // (events_time_corrections). Each part is bounded by the window, not by the length of the log.
    const rows: FoldEventRow[] = await db.query(
      `WITH strikes AS (
         SELECT e.id FROM events e
          WHERE e.type = 'STRIKE_REPORTED' AND (e.data->>'attacker') = ANY($1::text[]) AND e.occurred_at >= $2
            AND ($5::timestamptz IS NULL OR e.occurred_at <= $5) AND ($6::text[] IS NULL OR (e.data->>'targetCategory') = ANY($6::text[]))
            AND e.position <= $3::bigint AND ($4::timestamptz IS NULL OR e.recorded_at <= $4)
         UNION
         SELECT s.id FROM events s
          WHERE s.type = 'STRIKE_REPORTED' AND s.occurred_at >= $2 AND ($5::timestamptz IS NULL OR s.occurred_at <= $5)
            AND EXISTS (SELECT 1 FROM events c WHERE c.ref_event_id = s.id AND c.type = 'EVENT_CORRECTED' AND c.actor_ids && $1::text[]
                          AND c.position <= $3::bigint AND ($4::timestamptz IS NULL OR c.recorded_at <= $4))
         UNION
         SELECT s.id FROM events c JOIN events s ON s.id = c.ref_event_id
          WHERE c.type = 'EVENT_CORRECTED' AND c.data ? 'occurredAt' AND s.type = 'STRIKE_REPORTED' AND c.actor_ids && $1::text[]
            AND c.position <= $3::bigint AND ($4::timestamptz IS NULL OR c.recorded_at <= $4))
       SELECT ${FOLD_COLUMNS} FROM events e WHERE e.id IN (SELECT id FROM strikes)
       UNION ALL
       SELECT ${FOLD_COLUMNS} FROM events e
        WHERE e.ref_event_id IN (SELECT id FROM strikes) AND e.position <= $3::bigint AND ($4::timestamptz IS NULL OR e.recorded_at <= $4)`,
      [allAgents, sqlInstant(from), options.upTo, knownAt, upTo === null ? null : sqlInstant(upTo), categories],
    );
    strikes = applyAmendments(rows.map(toFoldEvent)).filter((e) => e.type === 'STRIKE_REPORTED');
  }
  for (const [id, events] of byStream) {
    const side = sides.get(id);
    // Each subject gets the strikes of its side in its own window (strikes are loaded for all subjects at once).
    const relevant = side
      ? strikes.filter((s) => side.agents.has(String(s.data.attacker)) && s.streamId !== id && inWindow(side.window, s.occurredAt, String(s.data.targetCategory)))
      : [];
    result.set(id, [...applyAmendments(events), ...relevant]); // in no order: the folds order them
  }
  return result;
}

/** The latest instant a JavaScript Date holds (PostgreSQL's timestamptz holds it too). */
const LATEST_INSTANT = 8.64e15;

/**
 * A window bound as a query parameter, clamped to the instants a Date holds: every stored event lies
 * within them, so the answer is the same, and a bound computed from a far-off end (a pledge of
 * 9007199254740991 days, stored before durations were bounded) cannot stop the projector with an
 * invalid date.
 */
export function sqlInstant(ms: number): Date {
  return new Date(Math.max(-LATEST_INSTANT, Math.min(LATEST_INSTANT, ms)));
}
