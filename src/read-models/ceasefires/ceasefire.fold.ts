/**
 * The ceasefire read model as a pure fold over a negotiated subject's events in fold order (its
 * stream: PROPOSAL_MADE or AGREEMENT_REACHED, answers, conditions met, reported violations; the
 * proposals that answer it; and the strikes of its parties' sides). Rules: docs/event-catalogue.md,
 * "Read-model rules" and its second edition.
 *
 * The negotiation (stances, agreement, withdrawal, termination) is negotiations/negotiation.ts,
 * shared with the agreements; this fold adds what makes a ceasefire: entry into force, expiry and
 * violations. A subject is a ceasefire when its terms (as a concluding agreement may replace them)
 * are of kind CEASEFIRE, or when it is a declared truce.
 *
 * The state keeps facts and the history of state changes up to the last folded event; `viewAt`
 * adds what time alone changes (entry into force, expiry) up to a given moment.
 */
import { type CeasefireScope, assertNever } from '../../events/catalogue/event-types.js';
import type { StrikeReportedData } from '../../events/catalogue/event-types.js';
import { type FoldEvent, type Principals, foldGathering, foldOrder, principalOf } from '../fold-event.js';
import {
  type Negotiation,
  type NegotiationStatus,
  type PartyStance,
  type PartyStanceView,
  closedSince,
  isOpenStatus,
  negotiate,
  negotiationStatus,
  partiesAt,
  partyFor,
  startNegotiation,
  startsNegotiation,
} from '../negotiations/negotiation.js';
import type { ViolationRecord } from '../violations/violation.js';

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
  history: StateChange[];
  /** valid time of the last folded event */
  lastAt: number;
  /** highest position folded */
  position: number;
}

export interface CeasefireView extends Omit<CeasefireState, 'statedFrom' | 'statedUntil' | 'lastAt' | 'parties'> {
  state: CeasefireStatus;
  parties: PartyStanceView[];
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

/** Appends the changes that time alone makes in (lastAt, to]. */
function advance(state: CeasefireState, to: number): CeasefireState {
  const moments = [effectiveFrom(state), expiresAt(state)]
    .filter((t): t is number => t !== null && t > state.lastAt && t <= to)
    .sort((a, b) => a - b);
  let history = state.history;
  for (const at of moments) history = record(history, statusAt(state, at), at, null);
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

function withViolation(state: CeasefireState, violation: ViolationRecord): CeasefireState {
  return { ...state, violations: [...state.violations, violation] };
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
      state = {
        ...concluded,
        statedFrom: d.effectiveFrom ? Date.parse(d.effectiveFrom) : state.statedFrom,
        statedUntil: d.effectiveUntil ? Date.parse(d.effectiveUntil) : state.statedUntil,
      };
      break;
    }
    case 'PROPOSAL_REJECTED': {
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
      const d = event.data;
      if (inForce(state, t) && violatorCounts(state, principals, d.violator))
        state = withViolation(state, {
          eventId: event.id,
          basis: 'REPORTED',
          at: t,
          by: d.violator,
          precision: event.precision,
        });
      break;
    }
    case 'STRIKE_REPORTED': {
      const d = event.data;
      if (inForce(state, t) && violatorCounts(state, principals, d.attacker) && covers(scopeOf(state), d))
        state = withViolation(state, {
          eventId: event.id,
          basis: 'INFERRED',
          at: t,
          by: d.attacker,
          precision: event.precision,
        });
      break;
    }
    case 'CALL_HELD':
    case 'MEETING_HELD':
    case 'STATEMENT_MADE':
    case 'CLAIM_DISPUTED':
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
  );
  return state !== null && isCeasefire(state) ? state : null;
}

/** Whose strikes can concern the ceasefire: its parties' sides. */
export function sidePrincipals(state: CeasefireState, principals: Principals): string[] {
  return [...new Set(state.parties.map((p) => principalOf(principals, p.actorId)))];
}

/** The ceasefire as it stood at moment `at` (events after `at` must not have been folded). */
export function viewAt(folded: CeasefireState, at: number): CeasefireView {
  const state = advance(folded, at);
  const { statedFrom: _from, statedUntil: _until, lastAt: _last, ...rest } = state;
  const history = state.history.filter((h) => h.at <= at);
  return {
    ...rest,
    parties: partiesAt(state, at, closedSince(history, isOpenStatus)),
    history,
    violations: state.violations.filter((v) => v.at <= at),
    state: statusAt(state, at),
    scope: scopeOf(state),
    durationDays: state.terms.durationDays ?? null,
    durationHours: state.terms.durationHours ?? null,
    effectiveFrom: effectiveFrom(state),
    expiresAt: expiresAt(state),
  };
}
