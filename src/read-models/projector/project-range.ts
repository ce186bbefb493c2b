/**
 * One step of a subject projection: the subjects a range of the log touches are refolded from the
 * log as of the range's end and their rows written. Late events need nothing special: a touched
 * subject is always refolded whole, in valid-time order. The caller owns the transaction and the
 * checkpoint, so rows and checkpoint commit together.
 */
import type { EntityManager } from 'typeorm';
import { type FoldEvent, type Principals, byValidTime, principalOf } from '../fold-event.js';
import { FOLD_COLUMNS, agentsOf, loadSubjects, toFoldEvent } from './subject-loader.js';
import { type AnyProjection, type SubjectProjection, briefState, inWindow } from './subject-projection.js';

/** Channel on which read-model changes are announced: payload `{"projection","id","position"}`. */
export const READ_MODEL_CHANNEL = 'read_model_changed';

interface BatchRow {
  type: string;
  stream_id: string;
  attacker: string | null;
  category: string | null;
  corrected_attacker: string | null;
  occurred_at: Date;
  ref_type: string | null;
  ref_attacker: string | null;
}

export interface Touched {
  /** Subjects to refold from the log: their own stream changed, or a strike of their side was amended. */
  refold: string[];
  /** Subjects touched only by new strikes of their side in their window: they may be extended (extendWithStrikes). */
  strikesOnly: string[];
}

/** The subjects that events in (after, upTo] touch. */
export async function touchedSubjects(manager: EntityManager, projection: AnyProjection, table: string, after: string, upTo: string, principals: Principals): Promise<Touched> {
  const rows: BatchRow[] = await manager.query(
    // Only what decides which subjects are touched (a batch may be thousands of events).
    `SELECT e.type, e.stream_id, e.data->>'attacker' AS attacker, e.data->>'targetCategory' AS category,
            e.data->'data'->>'attacker' AS corrected_attacker, e.occurred_at, r.type AS ref_type, r.data->>'attacker' AS ref_attacker
       FROM events e LEFT JOIN events r ON r.id = e.ref_event_id
      WHERE e.position > $1::bigint AND e.position <= $2::bigint`,
    [after, upTo],
  );
  const streams = [...new Set(rows.map((r) => r.stream_id))];
  // A new strike concerns the subjects of its side whose window holds it; an amended strike, every subject of its side.
  const strikes: Array<{ side: string; at: number; category: string }> = [];
  const amendedSides = new Set<string>();
  for (const row of rows) {
    if (row.type === 'STRIKE_REPORTED') {
      strikes.push({ side: principalOf(principals, String(row.attacker)), at: new Date(row.occurred_at).getTime(), category: String(row.category) });
    }
    if (row.ref_type === 'STRIKE_REPORTED') {
      amendedSides.add(principalOf(principals, String(row.ref_attacker)));
      if (row.corrected_attacker) amendedSides.add(principalOf(principals, row.corrected_attacker));
    }
  }
  const sides = [...new Set([...strikes.map((s) => s.side), ...amendedSides])];
  const own: Array<{ id: string }> = await manager.query(
    `SELECT DISTINCT stream_id AS id FROM events WHERE stream_id = ANY($1::text[]) AND type = ANY($2::text[]) AND position <= $3::bigint
     UNION SELECT id FROM ${table} WHERE id = ANY($1::text[])`,
    [streams, projection.startTypes, upTo],
  );
  const found = new Set(own.map((r) => r.id));
  const strikesOnly = new Set<string>();
  if (sides.length > 0) {
    // The brief state is enough to know a subject's window (it leaves out all but one violation).
    const candidates: Array<{ id: string; principals: string[]; state: unknown }> = await manager.query(
      `SELECT id, principals, coalesce(brief, state) AS state FROM ${table} WHERE principals && $1::text[]`,
      [sides],
    );
    for (const candidate of candidates) {
      if (found.has(candidate.id)) continue;
      const theirs = new Set(candidate.principals);
      const window = (projection as SubjectProjection<unknown>).strikeWindow(candidate.state);
      if (candidate.principals.some((p) => amendedSides.has(p))) found.add(candidate.id);
      else if (strikes.some((s) => theirs.has(s.side) && inWindow(window, s.at, s.category))) strikesOnly.add(candidate.id);
    }
  }
  return { refold: [...found].sort(), strikesOnly: [...strikesOnly].sort() };
}

/**
 * New strikes that occurred after everything a subject's state has folded come last in its fold
 * order, so folding them onto the stored state gives what a refold from the log would, without
 * loading the subject's history (a ceasefire in force through a war holds thousands of strikes).
 * Subjects whose new strikes reach back in valid time (late arrivals) are left to refold.
 */
export async function extendWithStrikes<S>(
  manager: EntityManager,
  projection: SubjectProjection<S>,
  table: string,
  ids: string[],
  after: string,
  upTo: string,
  principals: Principals,
): Promise<{ states: Array<{ id: string; state: S }>; refold: string[] }> {
  const states: Array<{ id: string; state: S }> = [];
  const refold: string[] = [];
  if (ids.length === 0) return { states, refold };
  const stored: Array<{ id: string; state: S }> = await manager.query(`SELECT id, state FROM ${table} WHERE id = ANY($1::text[])`, [ids]);
  const strikes: FoldEvent[] = (
    await manager.query(
      `SELECT ${FOLD_COLUMNS} FROM events e WHERE e.position > $1::bigint AND e.position <= $2::bigint AND e.type = 'STRIKE_REPORTED'`,
      [after, upTo],
    )
  ).map(toFoldEvent);
  for (const { id, state } of stored) {
    const agents = new Set(agentsOf(principals, projection.sidePrincipals(state, principals)));
    const window = projection.strikeWindow(state);
    // The strikes the subject loader would give this subject (side, window, not its own stream), in fold order.
    const relevant = strikes
      .filter((e) => agents.has(String(e.data.attacker)) && e.streamId !== id && inWindow(window, e.occurredAt, String(e.data.targetCategory)))
      .sort(byValidTime);
    if (relevant.length === 0) continue;
    const until = projection.foldedUntil(state);
    if (until === null || relevant[0].occurredAt <= until) {
      refold.push(id);
      continue;
    }
    states.push({ id, state: relevant.reduce((s, e) => projection.evolve(s, e, principals) as S, state) });
  }
  return { states, refold };
}

/** Refolds `ids` as of `upTo` into `table`; returns the ids whose read model changed. */
export async function refold<S>(
  manager: EntityManager,
  projection: SubjectProjection<S>,
  table: string,
  ids: string[],
  upTo: string,
  principals: Principals,
  extended: Array<{ id: string; state: S }> = [],
): Promise<string[]> {
  const loaded = ids.length ? await loadSubjects(manager, projection, ids, principals, { upTo }) : new Map<string, FoldEvent[]>();
  const removed: string[] = [];
  const states = [...extended];
  for (const id of ids) {
    const state = projection.fold(loaded.get(id) ?? [], principals);
    if (state === null) removed.push(id);
    else states.push({ id, state });
  }
  return writeStates(manager, projection, table, states, removed, principals);
}

/** Writes subjects' states (and deletes the removed); returns the ids whose read model changed. */
async function writeStates<S>(
  manager: EntityManager,
  projection: SubjectProjection<S>,
  table: string,
  states: Array<{ id: string; state: S }>,
  removed: string[],
  principals: Principals,
): Promise<string[]> {
  const changed: string[] = [];
  if (removed.length) {
    const gone: Array<{ id: string }> = await manager.query(`DELETE FROM ${table} WHERE id = ANY($1::text[]) RETURNING id`, [removed]);
    changed.push(...gone.map((r) => r.id));
  }
  if (states.length === 0) return changed;
  const upserts = states.map(({ id, state }) => ({
    id,
    principals: projection.sidePrincipals(state, principals),
    state,
    brief: briefState(state),
    position: (state as S & { position: number }).position,
  }));
  // Changed: the state differs from the stored one (the position of the last event folded aside),
  // compared by PostgreSQL (jsonb equality) against the row as it was before this statement.
  const rows: Array<{ id: string }> = await manager.query(
    `WITH input AS (
       SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(id text, principals text[], state jsonb, brief jsonb, position bigint)
     ), before AS (
       SELECT t.id, t.state - 'position' AS state FROM ${table} t WHERE t.id IN (SELECT id FROM input)
     ), written AS (
       INSERT INTO ${table} (id, principals, state, brief, position)
       SELECT id, principals, state, brief, position FROM input
       ON CONFLICT (id) DO UPDATE SET principals = EXCLUDED.principals, state = EXCLUDED.state, brief = EXCLUDED.brief, position = EXCLUDED.position
       RETURNING id
     )
     SELECT i.id FROM input i LEFT JOIN before b ON b.id = i.id
      WHERE b.state IS DISTINCT FROM (i.state - 'position') AND i.id IN (SELECT id FROM written)`,
    [JSON.stringify(upserts)],
  );
  changed.push(...rows.map((r) => r.id));
  return changed;
}

/** Projects (after, upTo] into `table`; announces changes at commit. Returns the changed ids. */
export async function projectRange(manager: EntityManager, projection: AnyProjection, table: string, after: string, upTo: string, principals: Principals, announce = true): Promise<string[]> {
  const touched = await touchedSubjects(manager, projection, table, after, upTo, principals);
  const p = projection as SubjectProjection<unknown>;
  const extended = await extendWithStrikes(manager, p, table, touched.strikesOnly, after, upTo, principals);
  const changed = await refold(manager, p, table, [...touched.refold, ...extended.refold].sort(), upTo, principals, extended.states);
  if (announce) {
    for (const id of changed) {
      await manager.query('SELECT pg_notify($1, $2)', [READ_MODEL_CHANNEL, JSON.stringify({ projection: projection.name, id, position: upTo })]);
    }
  }
  return changed;
}
