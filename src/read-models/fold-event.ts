/**
 * What folds see: events as plain data, after corrections and retractions were applied, in
 * valid-time order. Pure: no framework, no clock.
 */
import type { EventType, TimePrecision, TypedData } from '../events/catalogue/event-types.js';
import type { FoldEventRow } from '../events/event-rows.js';
import { typedData, withCorrectedPayload } from '../events/typed-data.js';

/** The part of an event's envelope a fold reads; times as epoch milliseconds, for arithmetic. */
export interface FoldEnvelope {
  id: string;
  position: number;
  streamId: string;
  /** epoch milliseconds */
  occurredAt: number;
  precision: TimePrecision;
  /** epoch milliseconds */
  recordedAt: number;
}

/** What a fold sees of an event: that envelope and the typed payload (a `switch` on `type` narrows `data`). */
export type FoldEvent = FoldEnvelope & TypedData;

/** A fold event of one type. */
export type FoldEventOf<K extends EventType> = Extract<FoldEvent, { type: K }>;

export function toFoldEvent(row: FoldEventRow): FoldEvent {
  return {
    id: row.id,
    position: Number(row.position),
    streamId: row.stream_id,
    occurredAt: new Date(row.occurred_at).getTime(),
    precision: row.occurred_precision,
    recordedAt: new Date(row.recorded_at).getTime(),
    ...typedData(row.type, row.data),
  };
}

/** Who acts for whom: actor id → its principal (the end of its `represents` chain). */
export type Principals = Readonly<Record<string, string>>;

export function principalOf(principals: Principals, actorId: string): string {
  return principals[actorId] ?? actorId;
}

export function sameSide(principals: Principals, a: string, b: string): boolean {
  return principalOf(principals, a) === principalOf(principals, b);
}

/** Valid-time order: occurredAt, then position. */
export function byValidTime(a: FoldEvent, b: FoldEvent): number {
  return a.occurredAt - b.occurredAt || a.position - b.position;
}

/**
 * The order a subject's fold takes: valid time; at equal times the subject's own stream first
 * (a strike at the very moment a truce takes effect is judged under it), then position. An event of
 * the subject's own stream cannot precede the event that starts it (an acceptance dated by the
 * day, of a proposal dated by the hour): it is placed at the start's time, right after it. So is an
 * event of another stream that names the subject (a counter-proposal); strikes keep their time.
 * `subjectId`, when given, is the subject's stream: only an event of it can start the subject (a
 * counter-proposal of the same kind, loaded with it, cannot).
 */
export function foldOrder(
  events: readonly FoldEvent[],
  startsSubject: (event: FoldEvent) => boolean,
  subjectId?: string,
): FoldEvent[] {
  const start = [...events]
    .filter((e) => startsSubject(e) && (subjectId === undefined || e.streamId === subjectId))
    .sort((a, b) => a.occurredAt - b.occurredAt || a.position - b.position)[0];
  if (!start) return [...events].sort(byValidTime);
  const own = start.streamId;
  const placed = events.map((e) =>
    (e.streamId === own || e.type !== 'STRIKE_REPORTED') && e.occurredAt < start.occurredAt
      ? { ...e, occurredAt: start.occurredAt }
      : e,
  );
  return placed.sort((a, b) => {
    if (a.occurredAt !== b.occurredAt) return a.occurredAt - b.occurredAt;
    if (a === start || b === start) return a === start ? -1 : 1;
    const ownA = a.streamId === own ? 0 : 1;
    const ownB = b.streamId === own ? 0 : 1;
    return ownA - ownB || a.position - b.position;
  });
}

/**
 * The order in which events that all occurred after everything a subject has folded continue its
 * fold: foldOrder's (valid time; at equal times the subject's own stream first, then position),
 * with no start to place, since the subject started before them.
 */
export function continuationOrder(events: readonly FoldEvent[], subjectId: string): FoldEvent[] {
  const own = (e: FoldEvent) => (e.streamId === subjectId ? 0 : 1);
  return [...events].sort((a, b) => a.occurredAt - b.occurredAt || own(a) - own(b) || a.position - b.position);
}

/**
 * The record as its amendments say: retracted events (and amendments themselves) are left out;
 * a corrected event takes the payload, time and precision of its latest correction.
 * `events` holds the subject's events and every EVENT_CORRECTED / EVENT_RETRACTED naming them.
 * With `keepRetracted` (the claims ledger, which answers RETRACTED), retracted events and the
 * EVENT_RETRACTED naming them stay, corrected like the others.
 */
export function applyAmendments(events: readonly FoldEvent[], keepRetracted = false): FoldEvent[] {
  const retracted = new Set<string>();
  const corrections = new Map<string, FoldEventOf<'EVENT_CORRECTED'>>();
  for (const event of [...events].sort((a, b) => a.position - b.position)) {
    if (event.type === 'EVENT_RETRACTED') retracted.add(event.data.retractedEventId);
    if (event.type === 'EVENT_CORRECTED') corrections.set(event.data.correctedEventId, event);
  }
  const result: FoldEvent[] = [];
  for (const event of events) {
    if (event.type === 'EVENT_CORRECTED') continue;
    if (!keepRetracted && (event.type === 'EVENT_RETRACTED' || retracted.has(event.id))) continue;
    const correction = corrections.get(event.id);
    if (!correction) {
      result.push(event);
      continue;
    }
    const c = correction.data;
    result.push({
      ...(c.data === undefined ? event : withCorrectedPayload(event, c.data)),
      occurredAt: c.occurredAt ? Date.parse(c.occurredAt) : event.occurredAt,
      precision: c.occurredPrecision ?? event.precision,
    });
  }
  return result;
}

/** The interval an event at precision P happened in: [t truncated to P (UTC), that + one P). */
export function timeBounds(at: number, precision: TimePrecision): { earliest: number; latest: number } {
  const d = new Date(at);
  const y = d.getUTCFullYear();
  const mo = d.getUTCMonth();
  switch (precision) {
    case 'SECOND':
      return span(Math.floor(at / 1000) * 1000, 1000);
    case 'MINUTE':
      return span(Math.floor(at / 60_000) * 60_000, 60_000);
    case 'HOUR':
      return span(Math.floor(at / 3_600_000) * 3_600_000, 3_600_000);
    case 'DAY':
      return span(Date.UTC(y, mo, d.getUTCDate()), 86_400_000);
    case 'MONTH':
      return { earliest: Date.UTC(y, mo, 1), latest: Date.UTC(y, mo + 1, 1) };
    case 'YEAR':
      return { earliest: Date.UTC(y, 0, 1), latest: Date.UTC(y + 1, 0, 1) };
  }
}

function span(earliest: number, length: number): { earliest: number; latest: number } {
  return { earliest, latest: earliest + length };
}

/** The keys of `S` that hold lists. */
export type ListKey<S> = { [K in keyof S]-?: NonNullable<S[K]> extends readonly unknown[] ? K : never }[keyof S];

/**
 * Folds events (already in fold order) with `evolve`, keeping the list of violations out of the
 * states handed from step to step: copying a growing list at each step made folds quadratic (a
 * ceasefire in force through a war collects thousands). Each step sees only the earliest violation,
 * which is all a step decides on (VIOLATED or not); the steps only ever append, and the appended
 * ones are gathered on the side and put back at the end. Same result as a plain reduce.
 *
 * `earlier`, when given, says which violation is the earliest: the one each step sees, and the order
 * of the list in the result (a stable sort; a report folded late can be dated before violations
 * folded earlier). `lists` names further lists the steps only append to and never read (the claims
 * of the violation tallies; absent until their first entry): each step sees them empty, and they
 * are put back at the end.
 *
 * `from`, when given, is what this function returned for the events before `events` (which must all
 * come after them in fold order): the fold goes on from it, with the same result as folding all of
 * them at once.
 */
export function foldGathering<S extends { violations: V[] }, V>(
  events: readonly FoldEvent[],
  evolve: (state: S | null, event: FoldEvent) => S | null,
  earlier?: (a: V, b: V) => number,
  lists: ReadonlyArray<ListKey<S>> = [],
  from: S | null = null,
): S | null {
  let state: S | null = null;
  let gathered: V[] = [];
  let others = new Map<ListKey<S>, unknown[]>();
  if (from !== null) {
    // Going on from a result of this function: the step state it ended with, its lists set aside again.
    gathered = [...from.violations];
    let first: V | undefined = gathered[0];
    if (earlier) for (const v of gathered) if (first === undefined || earlier(v, first) < 0) first = v;
    state = { ...from, violations: first === undefined ? [] : [first] };
    for (const key of lists) {
      const list = (from[key] ?? []) as unknown[];
      if (list.length === 0) continue;
      others.set(key, [...list]);
      state = { ...state, [key]: [] };
    }
  }
  for (const event of events) {
    const next = evolve(state, event);
    if (next === null) {
      state = null;
      gathered = [];
      others = new Map();
      continue;
    }
    let step = next;
    if (next.violations !== state?.violations) {
      const seen = state?.violations.length ?? 0;
      const added = next.violations.slice(seen);
      gathered.push(...added);
      let first: V | undefined = earlier ? state?.violations[0] : gathered[0];
      if (earlier) for (const v of added) if (first === undefined || earlier(v, first) < 0) first = v;
      step = { ...step, violations: first === undefined ? [] : [first] };
    }
    for (const key of lists) {
      const list = (next[key] ?? []) as unknown[];
      if (list.length === 0 || (state !== null && list === state[key])) continue;
      const seen = state === null ? 0 : ((state[key] ?? []) as unknown[]).length;
      const kept = others.get(key) ?? [];
      kept.push(...list.slice(seen));
      others.set(key, kept);
      step = { ...step, [key]: [] };
    }
    state = step;
  }
  if (state === null) return null;
  if (earlier) gathered.sort(earlier);
  const result: S = { ...state, violations: gathered };
  for (const [key, list] of others) (result as Record<ListKey<S>, unknown>)[key] = list;
  return result;
}
