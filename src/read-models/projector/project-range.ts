/**
 * One step of a subject projection: the subjects a range of the log touches are brought up to the
 * range's end and their rows written. A subject whose new events (of its stream, naming it, or
 * strikes in its window) all occurred after everything its stored state has folded goes on from
 * that state (the projection's `extend`): they come last in its fold order. Any other touched
 * subject (new, amended, reached by a late event, or whose window or sides the new events move) is
 * folded again from the log as of the range's end, whole, in valid-time order. The caller owns the
 * transaction and the checkpoint, so rows and checkpoint commit together.
 */
import type { EntityManager } from 'typeorm';
import { type FoldEvent, type Principals, principalOf } from '../fold-event.js';
import { agentsOf } from '../principals.js';
import { type BatchEvent, batchEvents, streamStarts, strikesBetween } from './fold-events.repository.js';
import { announceChanges, existingIdsIn, rowsOfSides, storedStates, writeRows } from './read-model-rows.repository.js';
import { concernsSubject, inWindow } from './strike-window.js';
import type { AnyProjection, SubjectProjection } from './subject-projection.js';
import { foldLoaded, loadSubjects } from './subject-loader.js';

/** Channel on which read-model changes are announced: payload `{"projection","id","position"}`. */
export const READ_MODEL_CHANNEL = 'read_model_changed';

export interface Touched {
  /** Subjects to fold again from the log: new ones, those an amendment concerns, those a strike of their side amended may. */
  refold: string[];
  /** Subjects with a row that new events of their stream, naming them, or new strikes of their side in their window touch. */
  extend: string[];
  /** The range's events, as much as decides which subjects they touch. */
  batch: BatchEvent[];
}

const isAmendment = (event: { type: string }) => event.type === 'EVENT_CORRECTED' || event.type === 'EVENT_RETRACTED';

/** Where a projection's rows go: its live table, or the one a rebuild fills. */
export interface RangeTarget {
  projection: AnyProjection;
  table: string;
}

/**
 * What a range of the log holds, read once for every projection that takes it: its events, which
 * of the streams they touch hold each start type, and which of those streams have a row in each
 * target's table.
 */
export interface RangeReads {
  batch: BatchEvent[];
  starts: Map<string, Set<string>>;
  rows: Map<string, Set<string>>;
}

/** The streams a range touches for `projection`: those appended to, and those an event names (a counter-proposal, an implementation report). */
function streamsOf(projection: AnyProjection, batch: readonly BatchEvent[]): string[] {
  return [
    ...new Set(batch.flatMap((e) => (projection.linkedTypes.length > 0 ? [e.streamId, ...e.links] : [e.streamId]))),
  ];
}

/** Reads (after, upTo] once for `targets`. */
export async function readRange(
  manager: EntityManager,
  targets: readonly RangeTarget[],
  after: string,
  upTo: string,
): Promise<RangeReads> {
  const batch = await batchEvents(manager, after, upTo);
  const streams = [...new Set(targets.flatMap((t) => streamsOf(t.projection, batch)))];
  const startTypes = [...new Set(targets.flatMap((t) => t.projection.startTypes))];
  return {
    batch,
    starts: await streamStarts(manager, startTypes, upTo, streams),
    rows: await existingIdsIn(
      manager,
      targets.map((t) => t.table),
      streams,
    ),
  };
}

/** The subjects that the events of a range (`reads`, up to `upTo`) touch for `projection`, whose rows are in `table`. */
export async function touchedSubjects(
  manager: EntityManager,
  projection: AnyProjection,
  table: string,
  reads: RangeReads,
  principals: Principals,
): Promise<Touched> {
  const { batch } = reads;
  const streams = streamsOf(projection, batch);
  // What an amendment may change: its stream, the stream of the event it names, the subjects either names.
  const amended = new Set(
    batch.filter(isAmendment).flatMap((e) => [e.streamId, ...(e.refStream ? [e.refStream] : []), ...e.links]),
  );
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
  const sides = projection.struckBy ? [...new Set([...strikes.map((s) => s.side), ...amendedSides])] : [];
  // Subjects of the streams appended to (started there, or with a row to remove if their start went).
  const tableRows = reads.rows.get(table) ?? new Set<string>();
  const withRows = new Set(streams.filter((id) => tableRows.has(id)));
  const starts = (id: string) => projection.startTypes.some((type) => reads.starts.get(id)?.has(type) === true);
  const found = new Set([...streams.filter(starts), ...withRows]);
  const refold = new Set<string>();
  const extend = new Set<string>();
  const extendable = (id: string) => projection.extend !== undefined && withRows.has(id) && !amended.has(id);
  for (const id of found) (extendable(id) ? extend : refold).add(id);
  // The brief state is enough to know a subject's window (it leaves out all but one violation).
  for (const candidate of await rowsOfSides(manager, projection, table, sides)) {
    const theirs = new Set(candidate.principals);
    const window = projection.strikeWindow(candidate.state);
    if (window !== null && candidate.principals.some((p) => amendedSides.has(p))) refold.add(candidate.id);
    else if (found.has(candidate.id)) continue;
    else if (strikes.some((s) => theirs.has(s.side) && inWindow(window, s.at, s.category)))
      (projection.extend ? extend : refold).add(candidate.id);
  }
  for (const id of refold) extend.delete(id);
  return { refold: [...refold].sort(), extend: [...extend].sort(), batch };
}

/** A subject's state with the latest valid time among the events folded into it. */
export interface Folded<S> {
  id: string;
  state: S;
  foldedUntil: number | null;
}

/**
 * Goes on from the stored states of `ids` with the events of (after, upTo] that their folds would
 * take (their streams' events, the events of `linkedTypes` naming them, the strikes in their
 * windows), when all of them occurred after everything the state has folded and they leave its
 * window and sides as they were (so that the strikes a fold from the log would load are the ones
 * folded). The others are handed back to fold again.
 */
export async function extendSubjects<S>(
  manager: EntityManager,
  projection: SubjectProjection<S>,
  table: string,
  ids: string[],
  touched: readonly BatchEvent[],
  after: string,
  upTo: string,
  principals: Principals,
): Promise<{ states: Array<Folded<S>>; refold: string[] }> {
  const states: Array<Folded<S>> = [];
  const refold: string[] = [];
  if (ids.length === 0 || !projection.extend) return { states, refold: ids };
  const wanted = new Set(ids);
  const linked = new Set<string>(projection.linkedTypes);
  // Which subjects each event of the range (amendments aside: their subjects are folded again) belongs to besides strikes' windows.
  const subjectsOf = new Map<number, string[]>();
  for (const e of touched) {
    if (isAmendment(e)) continue;
    const named = linked.has(e.type) ? e.links.filter((l) => l !== e.streamId && wanted.has(l)) : [];
    const subjects = wanted.has(e.streamId) ? [e.streamId, ...named] : named;
    if (subjects.length > 0) subjectsOf.set(e.position, subjects);
  }
  const events = await strikesBetween(manager, after, upTo, [...subjectsOf.keys()], projection.struckBy);
  const stored = await storedStates(manager, projection, table, ids);
  for (const { id, state, foldedUntil } of stored) {
    const agents = new Set(agentsOf(principals, projection.sidePrincipals(state, principals)));
    const window = projection.strikeWindow(state);
    const theirs: FoldEvent[] = events.filter(
      (e) => (subjectsOf.get(e.position) ?? []).includes(id) || concernsSubject(e, id, agents, window),
    );
    if (theirs.length === 0) continue;
    if (foldedUntil === null || theirs.some((e) => e.occurredAt <= foldedUntil)) {
      refold.push(id);
      continue;
    }
    const next = projection.extend(state, theirs, principals, id);
    if (next === null || !sameReach(projection, state, next, principals)) {
      refold.push(id);
      continue;
    }
    states.push({ id, state: next, foldedUntil: Math.max(foldedUntil, ...theirs.map((e) => e.occurredAt)) });
  }
  // A subject whose row went meanwhile (only an amendment removes one, and those are folded again).
  for (const id of ids) if (!stored.some((row) => row.id === id)) refold.push(id);
  return { states, refold };
}

/** Whether two states of a subject have the same strike window and sides (when it has a window): the same strikes concern them. */
function sameReach<S>(projection: SubjectProjection<S>, a: S, b: S, principals: Principals): boolean {
  const reach = (state: S) => {
    const window = projection.strikeWindow(state);
    return window === null
      ? 'none'
      : JSON.stringify([window, [...projection.sidePrincipals(state, principals)].sort()]);
  };
  return reach(a) === reach(b);
}

/** Folds `ids` again as of `upTo` into `table` (and writes the `extended` states); returns the ids whose read model changed. */
export async function refold<S>(
  manager: EntityManager,
  projection: SubjectProjection<S>,
  table: string,
  ids: string[],
  upTo: string,
  principals: Principals,
  extended: Array<Folded<S>> = [],
): Promise<string[]> {
  const loaded = await loadSubjects(manager, projection, ids, principals, { upTo });
  const removed: string[] = [];
  const states = [...extended];
  for (const id of ids) {
    const subject = loaded.get(id);
    const state = foldLoaded(projection, subject, principals);
    if (state === null) removed.push(id);
    else states.push({ id, state, foldedUntil: latest(subject?.events ?? []) });
  }
  const rows = states.map(({ id, state, foldedUntil }) => {
    const brief = projection.brief(state);
    return {
      id,
      principals: projection.sidePrincipals(state, principals),
      state,
      // Null when the brief state is the state (readers take coalesce(brief, state)).
      brief: brief === state ? null : brief,
      position: projection.positionOf(state),
      foldedUntil,
    };
  });
  return writeRows(manager, table, rows, removed);
}

/** The latest valid time among `events` (null for none). */
function latest(events: readonly FoldEvent[]): number | null {
  let at: number | null = null;
  for (const e of events) if (at === null || e.occurredAt > at) at = e.occurredAt;
  return at;
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
  const [changed] = await projectRanges(manager, [{ projection, table }], after, upTo, principals, announce);
  return changed;
}

/**
 * Projects (after, upTo] into each target's table, the range read once for all of them; announces
 * the changes at commit (in one statement). Returns the changed ids of each target, in their order.
 */
export async function projectRanges(
  manager: EntityManager,
  targets: readonly RangeTarget[],
  after: string,
  upTo: string,
  principals: Principals,
  announce = true,
): Promise<string[][]> {
  const reads = await readRange(manager, targets, after, upTo);
  const changes: string[][] = [];
  for (const { projection, table } of targets) {
    const touched = await touchedSubjects(manager, projection, table, reads, principals);
    const extended = await extendSubjects(
      manager,
      projection,
      table,
      touched.extend,
      touched.batch,
      after,
      upTo,
      principals,
    );
    changes.push(
      await refold(
        manager,
        projection,
        table,
        [...touched.refold, ...extended.refold].sort(),
        upTo,
        principals,
        extended.states,
      ),
    );
  }
  if (announce)
    await announceChanges(
      manager,
      READ_MODEL_CHANNEL,
      targets.flatMap(({ projection }, i) =>
        changes[i].map((id) => ({ projection: projection.name, id, position: upTo })),
      ),
    );
  return changes;
}
