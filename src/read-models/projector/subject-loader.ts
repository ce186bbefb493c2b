/**
 * Loads what a subject's fold needs from the log: its stream (with the corrections and
 * retractions in it), the events of other streams that name it (counter-proposals, implementation
 * reports, disputes of its events: the projection's `linkedTypes`) and the strikes that concern it (with theirs), as the
 * record stood at a position and, for `knownAt`, at a recorded time. Corrections and retractions
 * are applied.
 *
 * Which strikes concern a subject depends on its window and sides, which only its own stream
 * shapes (and of that, not its violation reports: `windowless`). That small fold finds them; when no
 * strike or linked event concerns a subject and its stream held nothing the small fold left out, it
 * already is the subject's fold, and is handed back as such: each subject is folded once.
 */
import type { DataSource, EntityManager } from 'typeorm';
import { type FoldEvent, type Principals, applyAmendments } from '../fold-event.js';
import { agentsOf } from '../principals.js';
import { type RecordBound, linkedEvents, streamEvents, strikesAndAmendments } from './fold-events.repository.js';
import { type StrikeWindow, concernsSubject } from './strike-window.js';
import { type SubjectProjection, namesSubject } from './subject-projection.js';

export interface LoadOptions {
  /** Only events at or below this position (the position the answer reflects). */
  upTo: string;
  /** Only events recorded by then. */
  knownAt?: Date | null;
  /** The valid time asked about (asOf, in ms): events that occurred after it are not loaded or folded. */
  occurredUpTo?: number | null;
  /** The streams of `ids` as this bound has them, when the caller has read them already (recordHeadAndStreams). */
  streams?: FoldEvent[];
}

export interface LoadedSubject<S> {
  /** The subject's stream. */
  id: string;
  /** Its stream's events (amended), the events naming it and the strikes that concern it, in no order (the folds order them). */
  events: FoldEvent[];
  /** The fold of `events`, when loading has already made it. */
  folded?: S | null;
}

/** The fold of a loaded subject: the one loading made, or one of its events. */
export function foldLoaded<S>(
  projection: SubjectProjection<S>,
  loaded: LoadedSubject<S> | undefined,
  principals: Principals,
): S | null {
  if (!loaded) return null;
  return loaded.folded !== undefined ? loaded.folded : projection.fold(loaded.events, principals, loaded.id);
}

export async function loadSubjects<S>(
  db: DataSource | EntityManager,
  projection: SubjectProjection<S>,
  ids: string[],
  principals: Principals,
  options: LoadOptions,
): Promise<Map<string, LoadedSubject<S>>> {
  const result = new Map<string, LoadedSubject<S>>();
  if (ids.length === 0) return result;
  const bound: RecordBound = { upTo: options.upTo, knownAt: options.knownAt ?? null };
  const asOf = options.occurredUpTo ?? null;
  const byStream = new Map<string, FoldEvent[]>();
  for (const event of options.streams ?? (await streamEvents(db, ids, bound))) {
    const events = byStream.get(event.streamId);
    if (events) events.push(event);
    else byStream.set(event.streamId, [event]);
  }
  const windowless = new Set<string>(projection.windowless);
  const subjects = new Map<
    string,
    { events: FoldEvent[]; shaped: S | null; complete: boolean; agents: Set<string>; window: StrikeWindow | null }
  >();
  for (const [id, stream] of byStream) {
    const amended = applyAmendments(stream, projection.keepsRetracted);
    const events =
      asOf === null ? amended : amended.filter((e) => e.occurredAt <= asOf || e.type === 'EVENT_RETRACTED');
    const shaping = events.filter((e) => !windowless.has(e.type));
    const shaped = projection.fold(shaping, principals, id);
    const window = shaped ? projection.strikeWindow(shaped) : null;
    const agents =
      shaped && window
        ? new Set(agentsOf(principals, projection.sidePrincipals(shaped, principals)))
        : new Set<string>();
    subjects.set(id, { events, shaped, complete: shaping.length === events.length, agents, window });
  }
  // Independent of each other: on a pool (a read) they run on two connections at once. In a
  // transaction (the projector) they run one after the other: on its one connection a second
  // statement would only queue, and its time in the slow-query log would include the first's.
  const window = () => loadStrikes(db, [...subjects.values()], bound, asOf);
  const links = () => linkedEvents(db, [...subjects.keys()], projection.linkedTypes, bound);
  const [strikes, linkedRaw] =
    'queryRunner' in db && db.queryRunner ? [await window(), await links()] : await Promise.all([window(), links()]);
  const linked = applyAmendments(linkedRaw).filter((e) => asOf === null || e.occurredAt <= asOf);
  for (const [id, subject] of subjects) {
    const concerning = subject.window
      ? strikes.filter((strike) => concernsSubject(strike, id, subject.agents, subject.window))
      : [];
    const own = new Set((byStream.get(id) ?? []).map((e) => e.id.toLowerCase()));
    const naming = linked.filter((e) => namesSubject(e, id, own));
    const events = [...subject.events, ...naming, ...concerning];
    result.set(
      id,
      concerning.length === 0 && naming.length === 0 && subject.complete
        ? { id, events, folded: subject.shaped }
        : { id, events },
    );
  }
  return result;
}

/** The strikes (amended) that may concern any of `subjects`, loaded once for all of them. */
async function loadStrikes(
  db: DataSource | EntityManager,
  subjects: Array<{ agents: Set<string>; window: StrikeWindow | null }>,
  bound: RecordBound,
  asOf: number | null,
): Promise<FoldEvent[]> {
  const windows = subjects.flatMap((s) => (s.window && s.agents.size > 0 ? [s.window] : []));
  const agents = [...new Set(subjects.flatMap((s) => (s.window ? [...s.agents] : [])))];
  if (agents.length === 0 || windows.length === 0) return [];
  const from = windows.reduce((min, w) => Math.min(min, w.from), Number.POSITIVE_INFINITY);
  const until = windows.some((w) => w.until === null)
    ? null
    : windows.reduce((max, w) => Math.max(max, w.until as number), Number.NEGATIVE_INFINITY);
  const categories = windows.some((w) => w.categories === null)
    ? null
    : [...new Set(windows.flatMap((w) => w.categories as string[]))];
  // Never past the moment asked about: strikes that occurred later cannot change the answer.
  const upTo = asOf !== null ? Math.min(asOf, until ?? Number.POSITIVE_INFINITY) : until;
  const events = await strikesAndAmendments(db, { agents, from, until: upTo, categories }, bound);
  return applyAmendments(events).filter((e) => e.type === 'STRIKE_REPORTED' && (asOf === null || e.occurredAt <= asOf));
}
