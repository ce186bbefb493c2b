/**
 * The read models that fold one subject (a stream) at a time, described as data: which streams
 * they follow, their fold, and whose strikes concern a subject. The projector, the on-demand
 * temporal reads and the rebuild all work from these descriptions.
 */
import { type CeasefireState, evolve as evolveCeasefire, foldCeasefire, startsCeasefire, strikeWindow as ceasefireStrikeWindow } from './ceasefires/ceasefire.fold.js';
import { type FoldEvent, type Principals, principalOf } from './fold-event.js';
import { type PledgeState, evolve as evolvePledge, foldPledge } from './pledges/pledge.fold.js';

export interface SubjectProjection<S> {
  name: 'ceasefires' | 'pledges';
  table: 'rm_ceasefires' | 'rm_pledges';
  /** Types whose first appearance in a stream may start a subject. */
  startTypes: Array<FoldEvent['type']>;
  startsSubject(event: FoldEvent): boolean;
  fold(events: readonly FoldEvent[], principals: Principals): S | null;
  /** Principals whose strikes can concern the subject. */
  sidePrincipals(state: S, principals: Principals): string[];
  /** One step of the fold (projector.ts extends stored states with new strikes by it). */
  evolve(state: S | null, event: FoldEvent, principals: Principals): S | null;
  /**
   * The valid time up to which the state has folded everything that shapes it: strikes occurring
   * later can be folded onto it as it is (null: never).
   */
  foldedUntil(state: S): number | null;
  /** The strikes that can concern the subject: their valid-time window and target categories (null: any); null when none can. */
  strikeWindow(state: S): StrikeWindow | null;
}

export interface StrikeWindow {
  from: number;
  /** null: open-ended */
  until: number | null;
  /** null: any target */
  categories: string[] | null;
}

/** Whether a strike at `at` on `category` falls in the window. */
export function inWindow(window: StrikeWindow | null, at: number, category: string): boolean {
  return window !== null && at >= window.from && (window.until === null || at <= window.until) && (window.categories === null || window.categories.includes(category));
}

export const CEASEFIRES: SubjectProjection<CeasefireState> = {
  name: 'ceasefires',
  table: 'rm_ceasefires',
  startTypes: ['PROPOSAL_MADE', 'AGREEMENT_REACHED'],
  startsSubject: startsCeasefire,
  fold: foldCeasefire,
  sidePrincipals: (state, principals) => [...new Set(state.parties.map((p) => principalOf(principals, p.actorId)))],
  strikeWindow: ceasefireStrikeWindow,
  evolve: evolveCeasefire,
  foldedUntil: (state) => (typeof state.lastAt === 'number' ? state.lastAt : null),
};

export const PLEDGES: SubjectProjection<PledgeState> = {
  name: 'pledges',
  table: 'rm_pledges',
  startTypes: ['PLEDGE_MADE'],
  startsSubject: (event) => event.type === 'PLEDGE_MADE',
  fold: foldPledge,
  sidePrincipals: (state, principals) => [principalOf(principals, state.by)],
  evolve: evolvePledge,
  // Only its own events and its violations shape a pledge (other strikes leave it as it is): the latest of their times.
  foldedUntil: (state) =>
    Math.max(state.madeAt, state.withdrawn?.at ?? Number.NEGATIVE_INFINITY, ...state.violations.map((v) => v.at)),
  // Only a promise to halt strikes is broken by one (pledge.fold.ts), and only inside its validity, on its target.
  strikeWindow: (state) =>
    state.commitment.action !== 'HALT_STRIKES'
      ? null
      : { from: state.validFrom, until: state.validUntil, categories: state.commitment.targetCategory ? [state.commitment.targetCategory] : null },
};

export type AnyProjection = SubjectProjection<CeasefireState> | SubjectProjection<PledgeState>;
export const SUBJECT_PROJECTIONS: AnyProjection[] = [CEASEFIRES, PLEDGES];

export function projectionNamed(name: string): AnyProjection | undefined {
  return SUBJECT_PROJECTIONS.find((p) => p.name === name);
}

/** The column a read-model row is read from when the query does not list violations (see migration 004). */
export const BRIEF_STATE_SQL = 'coalesce(brief, state)';

/**
 * The state with only its earliest violation (violations are folded in valid-time order), how many
 * there are (`violationCount`) and when the latest happened (`lastViolationAt`: a reader answering
 * for an earlier moment than that cannot use the count, and reads the full state instead).
 */
export function briefState<S>(state: S): S {
  const { violations } = state as { violations?: Array<{ at: number }> };
  if (!Array.isArray(violations) || violations.length <= 1) return state;
  return { ...state, violations: violations.slice(0, 1), violationCount: violations.length, lastViolationAt: violations.reduce((latest, v) => Math.max(latest, v.at), -Infinity) };
}

/** The count and latest time of a row's violations, read beside BRIEF_STATE_SQL (null when the brief state holds them all). */
export const BRIEF_VIOLATIONS_SQL =
  "(coalesce(brief, state)->>'violationCount')::int AS violation_count, (coalesce(brief, state)->>'lastViolationAt')::float8 AS last_violation_at";
