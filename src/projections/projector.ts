/**
 * One step of a subject projection: the subjects a range of the log touches are refolded from the
 * log as of the range's end and their rows written. Late events need nothing special: a touched
 * subject is always refolded whole, in valid-time order. The caller owns the transaction and the
 * checkpoint, so rows and checkpoint commit together.
 */
import type { EntityManager } from 'typeorm';
import { canonicalJson } from '../events/stored-event.js';
import { type Principals, principalOf } from './fold-event.js';
import { loadSubjects } from './subject-loader.js';
import { type AnyProjection, type SubjectProjection, briefState, inWindow } from './subject-projections.js';

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

/** Ids of the subjects that events in (after, upTo] touch. */
export async function touchedSubjects(manager: EntityManager, projection: AnyProjection, table: string, after: string, upTo: string, principals: Principals): Promise<string[]> {
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
  if (sides.length > 0) {
    const candidates: Array<{ id: string; principals: string[]; state: unknown }> = await manager.query(
      `SELECT id, principals, state FROM ${table} WHERE principals && $1::text[]`,
      [sides],
    );
    for (const candidate of candidates) {
      const theirs = new Set(candidate.principals);
      const window = (projection as SubjectProjection<unknown>).strikeWindow(candidate.state);
      if (candidate.principals.some((p) => amendedSides.has(p)) || strikes.some((s) => theirs.has(s.side) && inWindow(window, s.at, s.category))) {
        found.add(candidate.id);
      }
    }
  }
  return [...found].sort();
}

/** Refolds `ids` as of `upTo` into `table`; returns the ids whose read model changed. */
export async function refold<S>(
  manager: EntityManager,
  projection: SubjectProjection<S>,
  table: string,
  ids: string[],
  upTo: string,
  principals: Principals,
): Promise<string[]> {
  if (ids.length === 0) return [];
  const loaded = await loadSubjects(manager, projection, ids, principals, { upTo });
  const previous = new Map<string, string>(
    (await manager.query(`SELECT id, state - 'position' AS state FROM ${table} WHERE id = ANY($1::text[])`, [ids])).map((r: { id: string; state: unknown }) => [r.id, canonicalJson(r.state)]),
  );
  const changed: string[] = [];
  const removed: string[] = [];
  const upserts: Array<{ id: string; principals: string[]; state: S; brief: S; position: number }> = [];
  for (const id of ids) {
    const state = projection.fold(loaded.get(id) ?? [], principals);
    if (state === null) {
      if (previous.has(id)) {
        removed.push(id);
        changed.push(id);
      }
      continue;
    }
    const { position, ...rest } = state as S & { position: number };
    upserts.push({ id, principals: projection.sidePrincipals(state, principals), state, brief: briefState(state), position });
    if (previous.get(id) !== canonicalJson(rest)) changed.push(id);
  }
  if (removed.length) await manager.query(`DELETE FROM ${table} WHERE id = ANY($1::text[])`, [removed]);
  if (upserts.length) {
    await manager.query(
      `INSERT INTO ${table} (id, principals, state, brief, position)
       SELECT r.id, r.principals, r.state, r.brief, r.position FROM jsonb_to_recordset($1::jsonb) AS r(id text, principals text[], state jsonb, brief jsonb, position bigint)
       ON CONFLICT (id) DO UPDATE SET principals = EXCLUDED.principals, state = EXCLUDED.state, brief = EXCLUDED.brief, position = EXCLUDED.position`,
      [JSON.stringify(upserts)],
    );
  }
  return changed;
}

/** Projects (after, upTo] into `table`; announces changes at commit. Returns the changed ids. */
export async function projectRange(manager: EntityManager, projection: AnyProjection, table: string, after: string, upTo: string, principals: Principals, announce = true): Promise<string[]> {
  const ids = await touchedSubjects(manager, projection, table, after, upTo, principals);
  const changed = await refold(manager, projection as SubjectProjection<unknown>, table, ids, upTo, principals);
  if (announce) {
    for (const id of changed) {
      await manager.query('SELECT pg_notify($1, $2)', [READ_MODEL_CHANNEL, JSON.stringify({ projection: projection.name, id, position: upTo })]);
    }
  }
  return changed;
}
