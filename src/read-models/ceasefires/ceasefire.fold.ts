/**
 * The ceasefire read model as a pure fold over a ceasefire's events in valid-time order (its
 * stream: PROPOSAL_MADE or AGREEMENT_REACHED, acceptances, rejections, reported violations; and
 * the strikes of its parties' sides). Rules: event-catalogue.md, "Read-model rules".
 *
 * The state keeps facts and the history of state changes up to the last folded event; `viewAt`
 * adds what time alone changes (entry into force, expiry) up to a given moment.
 */
import { type CeasefireScope, assertNever } from '../../events/catalogue/event-types.js';
import type { StrikeReportedData } from '../../events/catalogue/event-types.js';
import {
  type FoldEvent,
  type FoldEventOf,
  type Principals,
  foldGathering,
  foldOrder,
  principalOf,
} from '../fold-event.js';
import type { ViolationRecord } from '../violations/violation.js';

export type CeasefireStatus =
  'PROPOSED' | 'PARTIALLY_ACCEPTED' | 'AGREED' | 'IN_FORCE' | 'VIOLATED' | 'REJECTED' | 'EXPIRED' | 'WITHDRAWN';
export type Stance = 'PENDING' | 'ACCEPTED' | 'CONDITIONALLY_ACCEPTED' | 'REJECTED';

export interface PartyStance {
  actorId: string;
  stance: Stance;
  at: number | null;
  conditions: string[];
  eventId: string | null;
}

export interface StateChange {
  state: CeasefireStatus;
  at: number;
  /** null when time caused it (entry into force, expiry) */
  eventId: string | null;
}

export interface CeasefireState {
  id: string;
  title: string;
  scope: CeasefireScope;
  durationDays: number | null;
  durationHours: number | null;
  unilateral: boolean;
  proposers: string[];
  parties: PartyStance[];
  proposedAt: number | null;
  agreedAt: number | null;
  /** effectiveFrom / effectiveUntil as the terms state them, if they do */
  statedFrom: number | null;
  statedUntil: number | null;
  withdrawnAt: number | null;
  violations: ViolationRecord[];
  history: StateChange[];
  /** valid time of the last folded event */
  lastAt: number;
  /** highest position folded */
  position: number;
}

export interface CeasefireView extends Omit<CeasefireState, 'statedFrom' | 'statedUntil' | 'lastAt'> {
  state: CeasefireStatus;
  effectiveFrom: number | null;
  expiresAt: number | null;
}

const HOUR = 3_600_000;

/** Whether the stream's first event starts a ceasefire (others are not this read model's). */
export function startsCeasefire(event: FoldEvent): event is FoldEventOf<'PROPOSAL_MADE' | 'AGREEMENT_REACHED'> {
  if (event.type === 'PROPOSAL_MADE') return event.data.terms?.kind === 'CEASEFIRE';
  if (event.type === 'AGREEMENT_REACHED')
    return event.data.terms?.kind === 'CEASEFIRE' || event.data.unilateral === true;
  return false;
}

export function effectiveFrom(state: CeasefireState): number | null {
  if (state.agreedAt === null) return null;
  return state.statedFrom ?? state.agreedAt;
}

export function expiresAt(state: CeasefireState): number | null {
  const from = effectiveFrom(state);
  if (from === null) return null;
  if (state.statedUntil !== null) return state.statedUntil;
  const hours = (state.durationDays ?? 0) * 24 + (state.durationHours ?? 0);
  return hours > 0 ? from + hours * HOUR : null;
}

/** The state at moment `at`, from the facts folded so far. */
export function statusAt(state: CeasefireState, at: number): CeasefireStatus {
  if (state.withdrawnAt !== null && state.withdrawnAt <= at) return 'WITHDRAWN';
  if (state.parties.some((p) => p.stance === 'REJECTED')) return 'REJECTED';
  if (state.agreedAt === null)
    return state.parties.some((p) => isAccepted(p.stance)) ? 'PARTIALLY_ACCEPTED' : 'PROPOSED';
  const from = effectiveFrom(state) as number;
  if (at < from) return 'AGREED';
  const until = expiresAt(state);
  if (until !== null && at >= until) return 'EXPIRED';
  return state.violations.some((v) => v.at <= at) ? 'VIOLATED' : 'IN_FORCE';
}

function isAccepted(stance: Stance): boolean {
  return stance === 'ACCEPTED' || stance === 'CONDITIONALLY_ACCEPTED';
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

/** The party of the ceasefire that `actorId` speaks for (itself or anyone on its side). */
function partyFor(state: CeasefireState, principals: Principals, actorId: string): PartyStance | undefined {
  const side = principalOf(principals, actorId);
  return (
    state.parties.find((p) => p.actorId === actorId) ??
    state.parties.find((p) => principalOf(principals, p.actorId) === side)
  );
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
  const categories = SCOPE_TARGETS[state.scope];
  if (from === null || categories?.length === 0) return null;
  return { from, until: expiresAt(state), categories };
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

function withStances(state: CeasefireState, parties: PartyStance[], at: number): CeasefireState {
  const all = parties.length > 0 && parties.every((p) => isAccepted(p.stance));
  const agreedAt = all ? (state.agreedAt ?? at) : null;
  return { ...state, parties, agreedAt };
}

function start(event: FoldEventOf<'PROPOSAL_MADE' | 'AGREEMENT_REACHED'>): CeasefireState {
  const agreed = event.type === 'AGREEMENT_REACHED';
  const d = event.data;
  const unilateral = event.type === 'AGREEMENT_REACHED' && event.data.unilateral === true;
  const stated: { effectiveFrom?: string; effectiveUntil?: string } =
    event.type === 'AGREEMENT_REACHED' ? event.data : {};
  return {
    id: event.streamId,
    title: d.title,
    scope: d.terms?.scope ?? 'COMPREHENSIVE',
    durationDays: d.terms?.durationDays ?? null,
    durationHours: d.terms?.durationHours ?? null,
    unilateral,
    proposers: event.type === 'PROPOSAL_MADE' ? [...event.data.proposers] : unilateral ? [...d.parties] : [],
    parties: d.parties.map((actorId) => ({
      actorId,
      stance: agreed ? 'ACCEPTED' : 'PENDING',
      at: agreed ? event.occurredAt : null,
      conditions: [],
      eventId: agreed ? event.id : null,
    })),
    proposedAt: event.occurredAt,
    agreedAt: agreed ? event.occurredAt : null,
    statedFrom: stated.effectiveFrom ? Date.parse(stated.effectiveFrom) : null,
    statedUntil: stated.effectiveUntil ? Date.parse(stated.effectiveUntil) : null,
    withdrawnAt: null,
    violations: [],
    history: [],
    lastAt: event.occurredAt,
    position: event.position,
  };
}

/** One step of the fold. `null` until the event that starts the ceasefire. */
export function evolve(
  current: CeasefireState | null,
  event: FoldEvent,
  principals: Principals,
): CeasefireState | null {
  if (current === null) {
    if (!startsCeasefire(event)) return null;
    const started = start(event);
    return { ...started, history: record([], statusAt(started, event.occurredAt), event.occurredAt, event.id) };
  }
  const t = event.occurredAt;
  let state = advance(current, t);
  switch (event.type) {
    case 'AGREEMENT_REACHED': {
      const d = event.data;
      const parties = state.parties.map((p): PartyStance => ({
        ...p,
        stance: 'ACCEPTED',
        at: t,
        conditions: [],
        eventId: event.id,
      }));
      state = withStances(
        {
          ...state,
          statedFrom: d.effectiveFrom ? Date.parse(d.effectiveFrom) : state.statedFrom,
          statedUntil: d.effectiveUntil ? Date.parse(d.effectiveUntil) : state.statedUntil,
        },
        parties,
        t,
      );
      break;
    }
    case 'PROPOSAL_ACCEPTED':
    case 'PROPOSAL_REJECTED': {
      const actor = event.data.party;
      const party = partyFor(state, principals, actor);
      const byProposer = state.proposers.some((p) => principalOf(principals, p) === principalOf(principals, actor));
      if (event.type === 'PROPOSAL_REJECTED' && !party && byProposer && state.agreedAt === null) {
        state = { ...state, withdrawnAt: state.withdrawnAt ?? t }; // a proposer turning down its own proposal withdraws it
        break;
      }
      if (!party) break; // not a party: an opinion, not a stance
      const conditions: string[] = event.type === 'PROPOSAL_ACCEPTED' ? (event.data.conditions ?? []) : [];
      const stance: Stance =
        event.type === 'PROPOSAL_REJECTED' ? 'REJECTED' : conditions.length > 0 ? 'CONDITIONALLY_ACCEPTED' : 'ACCEPTED';
      const parties = state.parties.map((p) =>
        p === party ? { ...p, stance, at: t, conditions, eventId: event.id } : p,
      );
      state = withStances(state, parties, t);
      break;
    }
    case 'VIOLATION_REPORTED': {
      const status = statusAt(state, t);
      if (status === 'IN_FORCE' || status === 'VIOLATED') {
        state = {
          ...state,
          violations: [
            ...state.violations,
            { eventId: event.id, basis: 'REPORTED', at: t, by: event.data.violator, precision: event.precision },
          ],
        };
      }
      break;
    }
    case 'STRIKE_REPORTED': {
      const d = event.data;
      const status = statusAt(state, t);
      const party = partyFor(state, principals, d.attacker);
      if (
        (status === 'IN_FORCE' || status === 'VIOLATED') &&
        party &&
        isAccepted(party.stance) &&
        covers(state.scope, d)
      ) {
        state = {
          ...state,
          violations: [
            ...state.violations,
            { eventId: event.id, basis: 'INFERRED', at: t, by: d.attacker, precision: event.precision },
          ],
        };
      }
      break;
    }
    case 'PROPOSAL_MADE': // a second proposal in one stream does not restart it
    case 'CALL_HELD':
    case 'MEETING_HELD':
    case 'STATEMENT_MADE':
    case 'CLAIM_DISPUTED':
    case 'DEMAND_MADE':
    case 'PLEDGE_MADE':
    case 'PLEDGE_WITHDRAWN':
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

/** Folds events (any order; they are sorted by valid time) into the state. */
export function foldCeasefire(events: readonly FoldEvent[], principals: Principals): CeasefireState | null {
  return foldGathering<CeasefireState, ViolationRecord>(foldOrder(events, startsCeasefire), (state, event) =>
    evolve(state, event, principals),
  );
}

/** The ceasefire as it stood at moment `at` (events after `at` must not have been folded). */
export function viewAt(folded: CeasefireState, at: number): CeasefireView {
  const state = advance(folded, at);
  const { statedFrom: _from, statedUntil: _until, lastAt: _last, ...rest } = state;
  return {
    ...rest,
    history: state.history.filter((h) => h.at <= at),
    violations: state.violations.filter((v) => v.at <= at),
    state: statusAt(state, at),
    effectiveFrom: effectiveFrom(state),
    expiresAt: expiresAt(state),
  };
}
