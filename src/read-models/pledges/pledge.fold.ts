/**
 * The pledge read model as a pure fold over a pledge's events in valid-time order (its stream:
 * PLEDGE_MADE, PLEDGE_WITHDRAWN, reported violations; the disputes of its events; and the strikes of
 * the pledger's side).
 *
 * A pledge HOLDS until its first violation (BROKEN), its expiry (EXPIRED: validUntil, else
 * validFrom + durationDays), its withdrawal (WITHDRAWN) or its fulfilment (FULFILLED: a
 * PLEDGE_FULFILLED by the pledger's side), whichever comes first. A violation is REPORTED (a
 * VIOLATION_REPORTED in its stream against the pledger's side) or INFERRED: a strike by an actor on
 * the pledger's side (same principal), on the pledged target category (any when none is named),
 * inside the validity window. Only HALT_STRIKES pledges are broken by strikes: a promise to release
 * prisoners is not broken by a bombing; and a promise to halt strikes is fulfilled by lasting, not by
 * a PLEDGE_FULFILLED. `kept` says how it ended. Lifetimes keep the uncertainty of both events' precision.
 *
 * A report is folded when it was made, and its violation dated by its period clipped to the window
 * (violations/violation-claims.ts): a report made after a withdrawal, about a violation before it,
 * breaks the pledge after the fact (BROKEN, being earlier, beats WITHDRAWN). Every report, whatever
 * its violator, is kept as a claim for the tallies.
 */
import { type StrikeReportedData, assertNever } from '../../events/catalogue/event-types.js';
import { type Duration, duration } from '../duration.js';
import {
  type FoldEvent,
  type Principals,
  continuationOrder,
  foldGathering,
  foldOrder,
  principalOf,
  sameSide,
  timeBounds,
} from '../fold-event.js';
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
  violationBounds,
  violationViews,
} from '../violations/violation.js';

export type PledgeStatus = 'HOLDING' | 'BROKEN' | 'EXPIRED' | 'WITHDRAWN' | 'FULFILLED';

/** An act that ends a pledge: its withdrawal or its fulfilment. */
export interface PledgeEnd {
  at: number;
  precision: FoldEvent['precision'];
  eventId: string;
}

export interface PledgeState {
  id: string;
  eventId: string;
  by: string;
  to: string | null;
  commitment: { action: string; targetCategory: string | null; text: string };
  ceasefireId: string | null;
  madeAt: number;
  madePrecision: FoldEvent['precision'];
  validFrom: number;
  validUntil: number | null;
  withdrawn: PledgeEnd | null;
  fulfilled: PledgeEnd | null;
  violations: ViolationRecord[];
  // The violation tallies' facts, each absent until its first entry.
  /** Every VIOLATION_REPORTED of its stream as a claim, in fold order (the tallies: whatever its violator). */
  reports?: ReportClaim[];
  /** The CLAIM_DISPUTED naming events of its stream, in fold order. */
  disputes?: ClaimDispute[];
  /** Inferred violations by the accused side (principal). */
  inferred?: Record<string, number>;
  position: number;
}

export interface PledgeView extends Omit<PledgeState, 'violations' | 'reports' | 'disputes' | 'inferred'> {
  violations: ViolationView[];
  /** What each side claims against each other side (the claims ledger's violation tallies). */
  violationClaims: ViolationClaimTally[];
  state: PledgeStatus;
  brokenAt: number | null;
  expiresAt: number | null;
  fulfilledAt: number | null;
  /** true when fulfilled, or a promise to halt strikes expired unbroken; false when broken, withdrawn, or expired unfulfilled; null while it holds */
  kept: boolean | null;
  lifetime: Duration;
}

const DAY = 86_400_000;

/** The window in which it can be violated, as folded so far: [validFrom, the first of expiry, withdrawal and fulfilment). */
function violationWindow(state: PledgeState): ViolationWindow {
  const ends = [state.validUntil, state.withdrawn?.at ?? null, state.fulfilled?.at ?? null].filter(
    (t): t is number => t !== null,
  );
  return { from: state.validFrom, until: ends.length === 0 ? null : Math.min(...ends) };
}

function inWindow(state: PledgeState, at: number): boolean {
  const window = violationWindow(state);
  return at >= window.from && (window.until === null || at < window.until);
}

const end = (event: FoldEvent): PledgeEnd => ({ at: event.occurredAt, precision: event.precision, eventId: event.id });

function breaksBy(state: PledgeState, strike: StrikeReportedData, principals: Principals): boolean {
  return (
    state.commitment.action === 'HALT_STRIKES' &&
    sameSide(principals, strike.attacker, state.by) &&
    (state.commitment.targetCategory === null || strike.targetCategory === state.commitment.targetCategory)
  );
}

/** One step of the fold. `null` until the PLEDGE_MADE. */
export function evolve(state: PledgeState | null, event: FoldEvent, principals: Principals): PledgeState | null {
  if (state === null) {
    if (event.type !== 'PLEDGE_MADE') return null;
    const d = event.data;
    const validFrom = d.validFrom ? Date.parse(d.validFrom) : event.occurredAt;
    const validUntil = d.validUntil
      ? Date.parse(d.validUntil)
      : d.durationDays
        ? validFrom + d.durationDays * DAY
        : null;
    return {
      id: event.streamId,
      eventId: event.id,
      by: d.by,
      to: d.to ?? null,
      commitment: {
        action: d.commitment.action,
        targetCategory: d.commitment.targetCategory ?? null,
        text: d.commitment.text,
      },
      ceasefireId: d.ceasefireId ?? null,
      madeAt: event.occurredAt,
      madePrecision: event.precision,
      validFrom,
      validUntil,
      withdrawn: null,
      fulfilled: null,
      violations: [],
      position: event.position,
    };
  }
  const t = event.occurredAt;
  let next = state;
  switch (event.type) {
    case 'PLEDGE_WITHDRAWN':
      if (state.withdrawn === null) next = { ...state, withdrawn: end(event) };
      break;
    case 'PLEDGE_FULFILLED':
      // Only by the pledger's side, before any violation, withdrawal or expiry; a promise to halt
      // strikes is kept by lasting (EXPIRED unbroken), so a fulfilment changes nothing there.
      if (
        state.commitment.action !== 'HALT_STRIKES' &&
        sameSide(principals, event.data.by, state.by) &&
        state.fulfilled === null &&
        state.violations.length === 0 &&
        (state.withdrawn === null || t < state.withdrawn.at) &&
        (state.validUntil === null || t < state.validUntil)
      )
        next = { ...state, fulfilled: end(event) };
      break;
    case 'VIOLATION_REPORTED': {
      // Every report is a claim for the tallies; it is a violation when it accuses the pledger's side and its period meets the window.
      const window = violationWindow(state);
      next = { ...state, reports: [...(state.reports ?? []), reportClaim(event, principals, window.from)] };
      const violation = sameSide(principals, event.data.violator, state.by) ? reportedViolation(event, window) : null;
      if (violation) next = { ...next, violations: [...state.violations, violation] };
      break;
    }
    case 'STRIKE_REPORTED':
      if (inWindow(state, t) && breaksBy(state, event.data, principals)) {
        next = {
          ...state,
          violations: [
            ...state.violations,
            { eventId: event.id, basis: 'INFERRED', at: t, by: event.data.attacker, precision: event.precision },
          ],
          inferred: withInferred(state.inferred ?? {}, principalOf(principals, event.data.attacker)),
        };
      }
      break;
    case 'CLAIM_DISPUTED':
      // From any stream: a dispute counts whenever it was made (by asOf), for the tallies only.
      next = {
        ...state,
        disputes: [...(state.disputes ?? []), claimDispute(event, principals)],
      };
      break;
    case 'PLEDGE_MADE': // a second pledge in one stream does not restart it
    case 'CALL_HELD':
    case 'MEETING_HELD':
    case 'STATEMENT_MADE':
    case 'DEMAND_MADE':
    case 'PROPOSAL_MADE':
    case 'PROPOSAL_ACCEPTED':
    case 'PROPOSAL_REJECTED':
    case 'CONDITIONS_MET':
    case 'AGREEMENT_REACHED':
    case 'IMPLEMENTATION_REPORTED':
    case 'EVENT_CORRECTED': // applied before folding (applyAmendments)
    case 'EVENT_RETRACTED':
      break;
    default:
      return assertNever(event);
  }
  return next === state && event.position <= state.position
    ? state
    : { ...next, position: Math.max(next.position, event.position) };
}

export function foldPledge(
  events: readonly FoldEvent[],
  principals: Principals,
  subjectId?: string,
): PledgeState | null {
  return foldGathering<PledgeState, ViolationRecord>(
    foldOrder(events, (e) => e.type === 'PLEDGE_MADE', subjectId),
    (state, event) => evolve(state, event, principals),
    earlierViolation,
    ['reports', 'disputes'],
  );
}

/**
 * Folds events that all occurred after everything `state` (a result of foldPledge or of this
 * function) has folded onto it: the same as folding the subject again with them.
 */
export function extendPledge(
  state: PledgeState,
  events: readonly FoldEvent[],
  principals: Principals,
  subjectId: string,
): PledgeState | null {
  return foldGathering<PledgeState, ViolationRecord>(
    continuationOrder(events, subjectId),
    (s, event) => evolve(s, event, principals),
    earlierViolation,
    ['reports', 'disputes'],
    state,
  );
}

/**
 * The pledge as it stood at moment `at`. Its first violation is the one with the smallest `at`: it
 * gives brokenAt and the lifetime's min bound; the pledge was broken by the smallest latest bound
 * among the violations, which gives the lifetime's max.
 */
export function viewAt(state: PledgeState, at: number): PledgeView {
  const violations = state.violations.filter((v) => v.at <= at);
  const first = earliestViolation(violations) ?? null;
  const made = timeBounds(state.madeAt, state.madePrecision);
  // The end of the pledge's life: the first of violation, withdrawal, fulfilment and expiry, else now.
  type End = { status: PledgeStatus; at: number; earliest: number; latest: number };
  const ends: End[] = [];
  if (first) {
    const latest = violations.reduce((min, v) => Math.min(min, violationBounds(v).latest), Number.POSITIVE_INFINITY);
    ends.push({ status: 'BROKEN', at: first.at, earliest: violationBounds(first).earliest, latest });
  }
  if (state.withdrawn && state.withdrawn.at <= at)
    ends.push({
      status: 'WITHDRAWN',
      at: state.withdrawn.at,
      ...timeBounds(state.withdrawn.at, state.withdrawn.precision),
    });
  if (state.fulfilled && state.fulfilled.at <= at)
    ends.push({
      status: 'FULFILLED',
      at: state.fulfilled.at,
      ...timeBounds(state.fulfilled.at, state.fulfilled.precision),
    });
  if (state.validUntil !== null && state.validUntil <= at)
    ends.push({ status: 'EXPIRED', at: state.validUntil, earliest: state.validUntil, latest: state.validUntil });
  ends.sort((a, b) => a.at - b.at);
  const last: End = ends[0] ?? { status: 'HOLDING', at, earliest: at, latest: at };
  const reports = state.reports ?? [];
  // One object literal (see negotiationFields): object rest and spread of the state cost more than the rest of the view.
  return {
    id: state.id,
    eventId: state.eventId,
    by: state.by,
    to: state.to,
    commitment: state.commitment,
    ceasefireId: state.ceasefireId,
    madeAt: state.madeAt,
    madePrecision: state.madePrecision,
    validFrom: state.validFrom,
    validUntil: state.validUntil,
    withdrawn: state.withdrawn,
    fulfilled: state.fulfilled,
    position: state.position,
    violations: violationViews(violations, reports),
    violationClaims: claimTallies(reports, state.disputes ?? [], state.inferred ?? {}, at),
    state: last.status,
    brokenAt: first ? first.at : null,
    expiresAt: state.validUntil,
    fulfilledAt: last.status === 'FULFILLED' ? last.at : null,
    kept: keptOf(last.status, state.commitment.action),
    lifetime: duration(last.earliest - made.latest, last.latest - made.earliest),
  };
}

/** Whether the promise was kept, by how the pledge ended (null while it holds). */
export function keptOf(status: PledgeStatus, action: string): boolean | null {
  switch (status) {
    case 'HOLDING':
      return null;
    case 'FULFILLED':
      return true;
    case 'EXPIRED':
      return action === 'HALT_STRIKES';
    case 'BROKEN':
    case 'WITHDRAWN':
      return false;
    default:
      return assertNever(status);
  }
}
