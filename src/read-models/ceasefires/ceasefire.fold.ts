/**
 * The ceasefire read model as a pure fold over a negotiated subject's events in fold order (its
 * stream: PROPOSAL_MADE or AGREEMENT_REACHED, answers, conditions met, reported violations; the
 * proposals that answer it; the disputes of its events; and the strikes of its parties' sides). Rules:
 * docs/event-catalogue.md, "Read-model rules" and its second edition.
 *
 * The negotiation (stances, agreement, withdrawal, termination) is negotiations/negotiation.ts,
 * shared with the agreements; this fold adds what makes a ceasefire: entry into force, expiry and
 * violations. A subject is a ceasefire when its terms (as a concluding agreement may replace them)
 * are of kind CEASEFIRE, or when it is a declared truce.
 *
 * The state keeps facts and the history of state changes up to the last folded event; `viewAt`
 * adds what time alone changes (entry into force, expiry) up to a given moment.
 *
 * Reports are folded at the time they were made, but their violations are dated by their periods
 * (violations/violation-claims.ts): a report made late can make the ceasefire VIOLATED after the fact,
 * from a moment before events already folded. The history is then rewritten from that moment on:
 * a VIOLATED entry is inserted at the violation's `at` (after the entries of that same moment),
 * and every later IN_FORCE entry becomes VIOLATED, which is what the state at those moments now is;
 * repeated states are merged. At an asOf before the report was made, the report is not folded and
 * the history is as it was. A violation dated after the moment its report was made (a period later
 * within the report's precision) is recorded by `advance` when its moment comes, like an expiry.
 */
import { type CeasefireScope, assertNever } from '../../events/catalogue/event-types.js';
import type { StrikeReportedData } from '../../events/catalogue/event-types.js';
import {
  type FoldEvent,
  type Principals,
  continuationOrder,
  foldGathering,
  foldOrder,
  principalOf,
} from '../fold-event.js';
import {
  type Negotiation,
  type NegotiationStatus,
  type PartyStance,
  type PartyStanceView,
  closedSince,
  isOpenStatus,
  negotiate,
  negotiationFields,
  negotiationStatus,
  partiesAt,
  partyFor,
  startNegotiation,
  startsNegotiation,
} from '../negotiations/negotiation.js';
import {
  type ClaimDispute,
  type ReportClaim,
  type ViolationClaimTally,
  type ViolationWindow,
  claimDispute,
  claimTallies,
  reportClaim,
  reportedViolation,
  withInferred,
} from '../violations/violation-claims.js';
import {
  type ViolationRecord,
  type ViolationView,
  earlierViolation,
  earliestViolation,
  violationViews,
} from '../violations/violation.js';

export type { PartyStance, Stance } from '../negotiations/negotiation.js';

export type CeasefireStatus = NegotiationStatus | 'IN_FORCE' | 'VIOLATED' | 'EXPIRED';

export interface StateChange {
  state: CeasefireStatus;
  at: number;
  /** null when time caused it (entry into force, expiry) */
  eventId: string | null;
}

export interface CeasefireState extends Negotiation {
  /** effectiveFrom / effectiveUntil as an AGREEMENT_REACHED states them, if it does */
  statedFrom: number | null;
  statedUntil: number | null;
  violations: ViolationRecord[];
  // The violation tallies' facts, each absent until its first entry.
  /** Every VIOLATION_REPORTED of its stream as a claim, in fold order (the tallies: whatever its violator). */
  reports?: ReportClaim[];
  /** The CLAIM_DISPUTED naming events of its stream, in fold order. */
  disputes?: ClaimDispute[];
  /** Inferred violations by the accused side (principal). */
  inferred?: Record<string, number>;
  /** The parties that had accepted it and rejected it after it was agreed (absent until one does; a new agreement clears it). */
  renounced?: string[];
  history: StateChange[];
  /** valid time of the last folded event */
  lastAt: number;
  /** highest position folded */
  position: number;
}

export interface CeasefireView extends Omit<
  CeasefireState,
  'statedFrom' | 'statedUntil' | 'lastAt' | 'parties' | 'violations' | 'reports' | 'disputes' | 'inferred' | 'renounced'
> {
  state: CeasefireStatus;
  parties: PartyStanceView[];
  violations: ViolationView[];
  /** What each side claims against each other side (the claims ledger's violation tallies). */
  violationClaims: ViolationClaimTally[];
  scope: CeasefireScope;
  durationDays: number | null;
  durationHours: number | null;
  effectiveFrom: number | null;
  expiresAt: number | null;
}

const HOUR = 3_600_000;

/** Whether the subject is a ceasefire: terms of kind CEASEFIRE (as they stand), or a declared truce. */
export function isCeasefire(state: Negotiation): boolean {
  return state.terms.kind === 'CEASEFIRE' || state.unilateral;
}

export function scopeOf(state: Negotiation): CeasefireScope {
  return state.terms.scope ?? 'COMPREHENSIVE';
}

export function effectiveFrom(state: CeasefireState): number | null {
  if (state.agreedAt === null) return null;
  return state.statedFrom ?? state.agreedAt;
}

/** The planned end (a TERMINATED ceasefire keeps it; its window ends at terminatedAt). */
export function expiresAt(state: CeasefireState): number | null {
  const from = effectiveFrom(state);
  if (from === null) return null;
  if (state.statedUntil !== null) return state.statedUntil;
  const hours = (state.terms.durationDays ?? 0) * 24 + (state.terms.durationHours ?? 0);
  return hours > 0 ? from + hours * HOUR : null;
}

/** The end of the window in which it can be violated: expiry or termination, whichever is first (null: open-ended). */
function windowEnd(state: CeasefireState): number | null {
  const until = expiresAt(state);
  if (state.terminatedAt === null) return until;
  return until === null ? state.terminatedAt : Math.min(until, state.terminatedAt);
}

/** The window in which it can be violated, as folded so far: [effectiveFrom, expiry or termination) once agreed. */
function violationWindow(state: CeasefireState): ViolationWindow | null {
  const from = effectiveFrom(state);
  return from === null ? null : { from, until: windowEnd(state) };
}

/** The state at moment `at`, from the facts folded so far. */
export function statusAt(state: CeasefireState, at: number): CeasefireStatus {
  const status = negotiationStatus(state, at);
  if (status !== 'AGREED') return status;
  const from = effectiveFrom(state) as number;
  if (at < from) return 'AGREED';
  const until = expiresAt(state);
  if (until !== null && at >= until) return 'EXPIRED';
  return state.violations.some((v) => v.at <= at) ? 'VIOLATED' : 'IN_FORCE';
}

function inForce(state: CeasefireState, at: number): boolean {
  const status = statusAt(state, at);
  return status === 'IN_FORCE' || status === 'VIOLATED';
}

function hasAccepted(party: PartyStance | undefined): boolean {
  return party?.stance === 'ACCEPTED' || party?.stance === 'CONDITIONALLY_ACCEPTED';
}

/**
 * Appends the changes that time alone makes in (lastAt, to]: entry into force, expiry, and the
 * moment of a reported violation dated after its report was made (recorded with its report).
 */
function advance(state: CeasefireState, to: number): CeasefireState {
  const first = earliestViolation(state.violations);
  const moments = [effectiveFrom(state), expiresAt(state), first?.at ?? null]
    .filter((t): t is number => t !== null && t > state.lastAt && t <= to)
    .sort((a, b) => a - b);
  let history = state.history;
  for (const at of moments) {
    const status = statusAt(state, at);
    history = record(history, status, at, status === 'VIOLATED' && first?.at === at ? first.eventId : null);
  }
  return history === state.history ? state : { ...state, history };
}

function record(history: StateChange[], status: CeasefireStatus, at: number, eventId: string | null): StateChange[] {
  const last = history[history.length - 1];
  return last?.state === status ? history : [...history, { state: status, at, eventId }];
}

/** Target categories a scope's strikes can hit to violate it: null for any, [] for none (only a VIOLATION_REPORTED can). */
const SCOPE_TARGETS: Record<CeasefireScope, string[] | null> = {
  COMPREHENSIVE: null,
  ENERGY_INFRASTRUCTURE: ['ENERGY_INFRASTRUCTURE'],
  MARITIME: ['PORT'],
  AIR: null,
  LOCAL: [],
  HUMANITARIAN: [],
  OTHER: [],
};

/**
 * The strikes that can be inferred violations (see covers and evolve): while in force, on a target
 * the scope covers. null when none can (not agreed, or a scope violated only by reports).
 */
export function strikeWindow(
  state: CeasefireState,
): { from: number; until: number | null; categories: string[] | null } | null {
  const from = effectiveFrom(state);
  const categories = SCOPE_TARGETS[scopeOf(state)];
  if (from === null || categories?.length === 0 || !isCeasefire(state)) return null;
  return { from, until: windowEnd(state), categories };
}

function covers(scope: CeasefireScope, strike: StrikeReportedData): boolean {
  switch (scope) {
    case 'COMPREHENSIVE':
      return true;
    case 'ENERGY_INFRASTRUCTURE':
      return strike.targetCategory === 'ENERGY_INFRASTRUCTURE';
    case 'MARITIME':
      return strike.targetCategory === 'PORT';
    case 'AIR':
      return strike.means === 'DRONE' || strike.means === 'MISSILE' || strike.means === 'AIRCRAFT';
    case 'LOCAL':
    case 'HUMANITARIAN':
    case 'OTHER':
      return false; // only through VIOLATION_REPORTED
    default:
      return assertNever(scope);
  }
}

/** A violation by `actorId` counts when it is on the side of a party that accepted (a truce: its declarer's side). */
function violatorCounts(state: CeasefireState, principals: Principals, actorId: string): boolean {
  return hasAccepted(partyFor(state, principals, actorId));
}

/**
 * A reported violation is judged by the stances in its window, which only a renunciation changes
 * (and ends the window, or comes after it): a party that renounced it had accepted it until then.
 */
function reportedViolatorCounts(state: CeasefireState, principals: Principals, actorId: string): boolean {
  const party = partyFor(state, principals, actorId);
  return hasAccepted(party) || (party !== undefined && (state.renounced ?? []).includes(party.actorId));
}

/**
 * The state with a violation folded at `t`. One dated before `t` that is now the earliest rewrites
 * the history from its moment (see the header); one dated at `t` is recorded by the step itself, as
 * in the first edition, and one dated after `t` by `advance`.
 */
function withViolation(state: CeasefireState, violation: ViolationRecord, t: number): CeasefireState {
  const earliest = earliestViolation(state.violations);
  const next = { ...state, violations: [...state.violations, violation] };
  if (violation.at >= t || (earliest !== undefined && earliest.at <= violation.at)) return next;
  return { ...next, history: violatedFrom(state.history, violation) };
}

/** The history once `violation`, earlier than any before it, is known: VIOLATED from its moment wherever it was IN_FORCE. */
function violatedFrom(history: readonly StateChange[], violation: ViolationRecord): StateChange[] {
  const split = history.findIndex((h) => h.at > violation.at);
  const before = split < 0 ? [...history] : history.slice(0, split);
  const after = split < 0 ? [] : history.slice(split);
  // Only while in force: a window that history shows starting later (a retroactive effectiveFrom) turns VIOLATED where it does.
  const inForce = before[before.length - 1]?.state === 'IN_FORCE';
  let result: StateChange[] = inForce
    ? [...before, { state: 'VIOLATED', at: violation.at, eventId: violation.eventId }]
    : before;
  let marked = inForce;
  for (const h of after) {
    if (h.state !== 'IN_FORCE') {
      result = record(result, h.state, h.at, h.eventId);
      continue;
    }
    result = record(result, 'VIOLATED', h.at, marked ? h.eventId : violation.eventId);
    marked = true;
  }
  return result;
}

/** One step of the fold. `null` until the event that starts the subject (its first PROPOSAL_MADE or AGREEMENT_REACHED). */
export function evolve(
  current: CeasefireState | null,
  event: FoldEvent,
  principals: Principals,
): CeasefireState | null {
  if (current === null) {
    if (!startsNegotiation(event)) return null;
    const stated: { effectiveFrom?: string; effectiveUntil?: string } =
      event.type === 'AGREEMENT_REACHED' ? event.data : {};
    const started: CeasefireState = {
      ...startNegotiation(event, principals),
      statedFrom: stated.effectiveFrom ? Date.parse(stated.effectiveFrom) : null,
      statedUntil: stated.effectiveUntil ? Date.parse(stated.effectiveUntil) : null,
      violations: [],
      history: [],
      lastAt: event.occurredAt,
      position: event.position,
    };
    return { ...started, history: record([], statusAt(started, event.occurredAt), event.occurredAt, event.id) };
  }
  const t = event.occurredAt;
  let state = advance(current, t);
  switch (event.type) {
    case 'AGREEMENT_REACHED': {
      const concluded = negotiate(state, event, principals);
      if (concluded === state) break;
      const d = event.data;
      const reopened = state.terminatedAt !== null || state.agreedAt === null;
      state = {
        ...concluded,
        statedFrom: d.effectiveFrom ? Date.parse(d.effectiveFrom) : state.statedFrom,
        statedUntil: d.effectiveUntil ? Date.parse(d.effectiveUntil) : state.statedUntil,
        renounced: reopened ? undefined : state.renounced,
      };
      break;
    }
    case 'PROPOSAL_REJECTED': {
      const party = partyFor(state, principals, event.data.party);
      if (state.agreedAt !== null && party !== undefined && hasAccepted(party))
        state = { ...state, renounced: [...(state.renounced ?? []), party.actorId] };
      const next = negotiate(state, event, principals);
      // A renunciation after the ceasefire expired changes the party's stance only.
      const until = expiresAt(state);
      state =
        next.terminatedAt !== null && state.terminatedAt === null && until !== null && t >= until
          ? { ...next, terminatedAt: null }
          : next;
      break;
    }
    case 'PROPOSAL_MADE':
    case 'PROPOSAL_ACCEPTED':
    case 'CONDITIONS_MET':
      state = negotiate(state, event, principals);
      break;
    case 'VIOLATION_REPORTED': {
      // Every report is a claim for the tallies; it is a violation when its violator is bound and its period meets the window.
      const window = violationWindow(state);
      const claim = reportClaim(event, principals, window?.from ?? state.proposedAt);
      state = { ...state, reports: [...(state.reports ?? []), claim] };
      const violation = reportedViolatorCounts(state, principals, event.data.violator)
        ? reportedViolation(event, window)
        : null;
      if (violation) state = withViolation(state, violation, t);
      break;
    }
    case 'STRIKE_REPORTED': {
      const d = event.data;
      if (inForce(state, t) && violatorCounts(state, principals, d.attacker) && covers(scopeOf(state), d)) {
        const violation: ViolationRecord = {
          eventId: event.id,
          basis: 'INFERRED',
          at: t,
          by: d.attacker,
          precision: event.precision,
        };
        state = {
          ...withViolation(state, violation, t),
          inferred: withInferred(state.inferred ?? {}, principalOf(principals, d.attacker)),
        };
      }
      break;
    }
    case 'CLAIM_DISPUTED':
      // From any stream: a dispute counts whenever it was made (by asOf), for the tallies only.
      state = {
        ...state,
        disputes: [...(state.disputes ?? []), claimDispute(event, principals)],
      };
      break;
    case 'CALL_HELD':
    case 'MEETING_HELD':
    case 'STATEMENT_MADE':
    case 'DEMAND_MADE':
    case 'IMPLEMENTATION_REPORTED': // the agreements' read model
    case 'PLEDGE_MADE':
    case 'PLEDGE_WITHDRAWN':
    case 'PLEDGE_FULFILLED':
    case 'EVENT_CORRECTED': // applied before folding (applyAmendments)
    case 'EVENT_RETRACTED':
      break;
    default:
      return assertNever(event);
  }
  return {
    ...state,
    history: record(state.history, statusAt(state, t), t, event.id),
    lastAt: Math.max(state.lastAt, t),
    position: Math.max(state.position, event.position),
  };
}

/**
 * Folds a subject's events (any order; they are put in fold order) into its ceasefire state: null
 * when the subject is not a ceasefire (its terms, as they stand, are of another kind).
 */
export function foldCeasefire(
  events: readonly FoldEvent[],
  principals: Principals,
  subjectId?: string,
): CeasefireState | null {
  const state = foldGathering<CeasefireState, ViolationRecord>(
    foldOrder(events, startsNegotiation, subjectId),
    (s, event) => evolve(s, event, principals),
    earlierViolation,
    ['reports', 'disputes'],
  );
  return state !== null && isCeasefire(state) ? state : null;
}

/**
 * Folds events that all occurred after everything `state` (a result of foldCeasefire or of this
 * function) has folded onto it: the same as folding the subject again with them.
 */
export function extendCeasefire(
  state: CeasefireState,
  events: readonly FoldEvent[],
  principals: Principals,
  subjectId: string,
): CeasefireState | null {
  const next = foldGathering<CeasefireState, ViolationRecord>(
    continuationOrder(events, subjectId),
    (s, event) => evolve(s, event, principals),
    earlierViolation,
    ['reports', 'disputes'],
    state,
  );
  return next !== null && isCeasefire(next) ? next : null;
}

/** Whose strikes can concern the ceasefire: its parties' sides. */
export function sidePrincipals(state: CeasefireState, principals: Principals): string[] {
  return [...new Set(state.parties.map((p) => principalOf(principals, p.actorId)))];
}

/** The ceasefire as it stood at moment `at` (events after `at` must not have been folded). */
export function viewAt(folded: CeasefireState, at: number): CeasefireView {
  const state = advance(folded, at);
  const history = state.history.filter((h) => h.at <= at);
  const reports = state.reports ?? [];
  return Object.assign(negotiationFields(state), {
    position: state.position,
    parties: partiesAt(state, at, closedSince(history, isOpenStatus)),
    history,
    violations: violationViews(
      state.violations.filter((v) => v.at <= at),
      reports,
    ),
    violationClaims: claimTallies(reports, state.disputes ?? [], state.inferred ?? {}, at),
    state: statusAt(state, at),
    scope: scopeOf(state),
    durationDays: state.terms.durationDays ?? null,
    durationHours: state.terms.durationHours ?? null,
    effectiveFrom: effectiveFrom(state),
    expiresAt: expiresAt(state),
  });
}
