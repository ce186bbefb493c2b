/**
 * A read model that folds one subject (a stream) at a time, described as data: which streams it
 * follows, its fold, whose strikes concern a subject, and what time alone changes. The projector,
 * the on-demand temporal reads and the rebuild work from these descriptions only (each read
 * model's `<name>.projection.ts`; the list: read-models.ts).
 */
import type { DataSource, EntityManager } from 'typeorm';
import type { EventType } from '../../events/catalogue/event-types.js';
import type { FoldEvent, Principals } from '../fold-event.js';
import type { RecordBound } from './fold-events.repository.js';
import type { ReadModelRow } from './read-model-row.entity.js';
import type { StrikeWindow } from './strike-window.js';

/** The types of events that can name a subject of another stream. */
export type LinkedType = 'PROPOSAL_MADE' | 'IMPLEMENTATION_REPORTED' | 'CLAIM_DISPUTED';

/**
 * Whether `event` (as amended) names the subject `id` from another stream: a counter-proposal its
 * stream, an implementation report its stream, a dispute one of its events (`eventIds`: the ids of
 * the events of the subject's stream, lower case).
 */
export function namesSubject(event: FoldEvent, id: string, eventIds: ReadonlySet<string> = new Set()): boolean {
  if (event.streamId === id) return false;
  if (event.type === 'PROPOSAL_MADE') return event.data.counterTo === id;
  if (event.type === 'IMPLEMENTATION_REPORTED') return (event.data.implements ?? []).includes(id);
  if (event.type === 'CLAIM_DISPUTED') return eventIds.has(event.data.disputedEventId.toLowerCase());
  return false;
}

export interface SubjectProjection<S, V = unknown> {
  /** The projection's name: its checkpoint, its changes' channel payloads, its CLI argument. */
  name: string;
  /** The table of its rows (id, principals, state, brief, position), created by a migration. */
  table: string;
  /** The entity of that table. */
  rows: new () => ReadModelRow;
  /**
   * Types of its stream's events that never change its strike window or its sides (violation
   * reports): the fold that finds the window leaves them out.
   */
  windowless: EventType[];
  /** Types whose first appearance in a stream may start a subject. */
  startTypes: Array<FoldEvent['type']>;
  /**
   * The streams that may hold its subjects by `bound`, in id order (a superset: the fold decides),
   * for a rebuild and a list at `asOf`. Absent: the streams holding one of `startTypes`.
   */
  streams?(db: DataSource | EntityManager, bound: RecordBound): Promise<string[]>;
  /**
   * Events of other streams that name a subject and belong to its fold (see fold-events.repository.ts,
   * linkedEvents): counter-proposals (PROPOSAL_MADE.counterTo), implementation reports
   * (IMPLEMENTATION_REPORTED.implements), disputes of its events (CLAIM_DISPUTED.disputedEventId).
   */
  linkedTypes: LinkedType[];
  /**
   * Its folds see the retracted events of a subject's stream and the EVENT_RETRACTED naming them
   * (the claims ledger answers RETRACTED), whatever `asOf`: a retraction applies once known.
   */
  keepsRetracted?: boolean;
  /** The fold of a subject's events (any order); `subjectId`, its stream, is the only one that can start it. */
  fold(events: readonly FoldEvent[], principals: Principals, subjectId?: string): S | null;
  /**
   * Folds events that all occurred after everything `state` (what `fold` or `extend` returned) has
   * folded onto it, with the same result as `fold` of all of them: the projector goes on from a
   * stored state with it instead of folding the subject's history again. Absent: a subject is always
   * folded whole.
   */
  extend?(state: S, events: readonly FoldEvent[], principals: Principals, subjectId: string): S | null;
  /** Principals whose strikes can concern the subject. */
  sidePrincipals(state: S, principals: Principals): string[];
  /** One step of the fold. */
  evolve(state: S | null, event: FoldEvent, principals: Principals): S | null;
  /** The strikes that can concern the subject: their valid-time window and target categories (null: any); null when none can. */
  strikeWindow(state: S): StrikeWindow | null;
  /** Whether a strike can concern any of its subjects (false: strikeWindow is always null, and batches skip the look-up). */
  struckBy: boolean;
  /** The subject as it stood at `at` (what time alone changes added); `state` has folded nothing later. */
  view(state: S, at: number): V;
  /** The highest log position the state has folded. */
  positionOf(state: S): number;
  /** The state as queries that do not list violations read it (briefState). */
  brief(state: S): S;
}

/** A projection of any state: what the runtime handles without knowing the read model. */
export type AnyProjection = SubjectProjection<unknown, unknown>;

/** The column a read-model row is read from when the query does not list violations (see migration 004). */
export const BRIEF_STATE_SQL = 'coalesce(brief, state)';

/** What a brief state adds: how many violations the full state holds, and when the latest happened. */
export interface BriefCounts {
  violationCount: number;
  lastViolationAt: number;
}

/**
 * The state with only its earliest violation (violations are folded in valid-time order), how many
 * there are (`violationCount`) and when the latest happened (`lastViolationAt`: a reader answering
 * for an earlier moment than that cannot use the count, and reads the full state instead).
 */
export function briefState<S extends { violations: ReadonlyArray<{ at: number }> }>(state: S): S {
  const { violations } = state;
  if (violations.length <= 1) return state;
  const counts: BriefCounts = {
    violationCount: violations.length,
    lastViolationAt: violations.reduce((latest, v) => Math.max(latest, v.at), -Infinity),
  };
  return { ...state, violations: violations.slice(0, 1), ...counts };
}

/** The count and latest time of a row's violations, read beside BRIEF_STATE_SQL (null when the brief state holds them all). */
export const BRIEF_VIOLATIONS_SQL =
  "(coalesce(brief, state)->>'violationCount')::int AS violation_count, (coalesce(brief, state)->>'lastViolationAt')::float8 AS last_violation_at";
