/**
 * One step of a subject projection: the subjects a range of the log touches are folded again from
 * the log as of the range's end and their rows written. Late events need nothing special: a touched
 * subject is always folded whole, in valid-time order. The caller owns the transaction and the
 * checkpoint, so rows and checkpoint commit together.
 */
import type { EntityManager } from 'typeorm';
import { type Principals, byValidTime, principalOf } from '../fold-event.js';
import { agentsOf } from '../principals.js';
import { batchEvents, strikesBetween, subjectStreams } from './fold-events.repository.js';
import { announceChanges, existingIds, rowsOfSides, storedStates, writeRows } from './read-model-rows.repository.js';
import { concernsSubject, inWindow } from './strike-window.js';
import type { AnyProjection, SubjectProjection } from './subject-projection.js';
import { foldLoaded, loadSubjects } from './subject-loader.js';

/** Channel on which read-model changes are announced: payload `{"projection","id","position"}`. */
export const READ_MODEL_CHANNEL = 'read_model_changed';

export interface Touched {
  /** Subjects to fold again from the log: their own stream changed, or a strike of their side was amended. */
  refold: string[];
  /** Subjects touched only by new strikes of their side in their window: they may be extended (extendWithStrikes). */
  strikesOnly: string[];
}

/** The subjects that events in (after, upTo] touch. */
export async function touchedSubjects(
  manager: EntityManager,
  projection: AnyProjection,
  table: string,
  after: string,
  upTo: string,
  principals: Principals,
): Promise<Touched> {
  const batch = await batchEvents(manager, after, upTo);
  // The streams appended to, and the subjects of other streams that an event names (a counter-proposal, an implementation report).
  const streams = [
    ...new Set(batch.flatMap((e) => (projection.linkedTypes.length > 0 ? [e.streamId, ...e.links] : [e.streamId]))),
  ];
  // A new strike concerns the subjects of its side whose window holds it; an amended strike, every subject of its side.
  const strikes: Array<{ side: string; at: number; category: string }> = [];
  const amendedSides = new Set<string>();
  for (const event of batch) {
    if (event.type === 'STRIKE_REPORTED')
      strikes.push({
        side: principalOf(principals, String(event.attacker)),
        at: event.occurredAt,
        category: String(event.category),
      });
    if (event.refType === 'STRIKE_REPORTED') {
      amendedSides.add(principalOf(principals, String(event.refAttacker)));
      if (event.correctedAttacker) amendedSides.add(principalOf(principals, event.correctedAttacker));
    }
  }
  const sides = [...new Set([...strikes.map((s) => s.side), ...amendedSides])];
  // Subjects of the streams appended to (started there, or with a row to remove if their start went).
  const found = new Set([
    ...(await subjectStreams(manager, projection.startTypes, { upTo, knownAt: null }, streams)),
    ...(await existingIds(manager, table, streams)),
  ]);
  const strikesOnly = new Set<string>();
  // The brief state is enough to know a subject's window (it leaves out all but one violation).
  for (const candidate of await rowsOfSides(manager, projection, table, sides)) {
    if (found.has(candidate.id)) continue;
    const theirs = new Set(candidate.principals);
    const window = projection.strikeWindow(candidate.state);
    if (candidate.principals.some((p) => amendedSides.has(p))) found.add(candidate.id);
    else if (strikes.some((s) => theirs.has(s.side) && inWindow(window, s.at, s.category)))
      strikesOnly.add(candidate.id);
  }
  return { refold: [...found].sort(), strikesOnly: [...strikesOnly].sort() };
}

/**
 * New strikes that occurred after everything a subject's state has folded come last in its fold
 * order, so folding them onto the stored state gives what folding it again from the log would,
 * without loading the subject's history (a ceasefire in force through a war holds thousands of
 * strikes). Subjects whose new strikes reach back in valid time (late arrivals) are left to refold.
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
  const stored = await storedStates(manager, projection, table, ids);
  const strikes = await strikesBetween(manager, after, upTo);
  for (const { id, state } of stored) {
    const agents = new Set(agentsOf(principals, projection.sidePrincipals(state, principals)));
    const window = projection.strikeWindow(state);
    // The strikes the subject loader would give this subject, in fold order.
    const concerning = strikes.filter((strike) => concernsSubject(strike, id, agents, window)).sort(byValidTime);
    if (concerning.length === 0) continue;
    const until = projection.foldedUntil(state);
    if (until === null || concerning[0].occurredAt <= until) {
      refold.push(id);
      continue;
    }
    const extended = concerning.reduce<S | null>((s, strike) => projection.evolve(s, strike, principals), state);
    if (extended !== null) states.push({ id, state: extended });
  }
  return { states, refold };
}

/** Folds `ids` again as of `upTo` into `table`; returns the ids whose read model changed. */
export async function refold<S>(
  manager: EntityManager,
  projection: SubjectProjection<S>,
  table: string,
  ids: string[],
  upTo: string,
  principals: Principals,
  extended: Array<{ id: string; state: S }> = [],
): Promise<string[]> {
  const loaded = await loadSubjects(manager, projection, ids, principals, { upTo });
  const removed: string[] = [];
  const states = [...extended];
  for (const id of ids) {
    const state = foldLoaded(projection, loaded.get(id), principals);
    if (state === null) removed.push(id);
    else states.push({ id, state });
  }
  const rows = states.map(({ id, state }) => {
    const brief = projection.brief(state);
    return {
      id,
      principals: projection.sidePrincipals(state, principals),
      state,
      // Null when the brief state is the state (readers take coalesce(brief, state)).
      brief: brief === state ? null : brief,
      position: projection.positionOf(state),
    };
  });
  return writeRows(manager, table, rows, removed);
}

/** Projects (after, upTo] into `table`; announces changes at commit. Returns the changed ids. */
export async function projectRange(
  manager: EntityManager,
  projection: AnyProjection,
  table: string,
  after: string,
  upTo: string,
  principals: Principals,
  announce = true,
): Promise<string[]> {
  const touched = await touchedSubjects(manager, projection, table, after, upTo, principals);
  const extended = await extendWithStrikes(manager, projection, table, touched.strikesOnly, after, upTo, principals);
  const changed = await refold(
    manager,
    projection,
    table,
    [...touched.refold, ...extended.refold].sort(),
    upTo,
    principals,
    extended.states,
  );
  if (announce)
    await announceChanges(
      manager,
      READ_MODEL_CHANNEL,
      changed.map((id) => ({ projection: projection.name, id, position: upTo })),
    );
  return changed;
}
