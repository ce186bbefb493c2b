/**
 * The pledge read model as a pure fold over a pledge's events in valid-time order (its stream:
 * PLEDGE_MADE, PLEDGE_WITHDRAWN, reported violations; and the strikes of the pledger's side).
 *
 * A pledge HOLDS until its first violation (BROKEN), its expiry (EXPIRED: validUntil, else
 * validFrom + durationDays), its withdrawal (WITHDRAWN) or its fulfilment (FULFILLED: a
 * PLEDGE_FULFILLED by the pledger's side), whichever comes first. A violation is REPORTED (a
 * VIOLATION_REPORTED in its stream against the pledger's side) or INFERRED: a strike by an actor on
 * the pledger's side (same principal), on the pledged target category (any when none is named),
 * inside the validity window. Only HALT_STRIKES pledges are broken by strikes: a promise to release
 * prisoners is not broken by a bombing; and a promise to halt strikes is fulfilled by lasting, not by
 * a PLEDGE_FULFILLED. `kept` says how it ended. Lifetimes keep the uncertainty of both events' precision.
 */
import { type StrikeReportedData, assertNever } from '../../events/catalogue/event-types.js';
import { type Duration, duration } from '../duration.js';
import { type FoldEvent, type Principals, foldGathering, foldOrder, sameSide, timeBounds } from '../fold-event.js';
import type { ViolationRecord } from '../violations/violation.js';

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
  position: number;
}

export interface PledgeView extends PledgeState {
  state: PledgeStatus;
  brokenAt: number | null;
  expiresAt: number | null;
  fulfilledAt: number | null;
  /** true when fulfilled, or a promise to halt strikes expired unbroken; false when broken, withdrawn, or expired unfulfilled; null while it holds */
  kept: boolean | null;
  lifetime: Duration;
}

const DAY = 86_400_000;

function inWindow(state: PledgeState, at: number): boolean {
  return (
    at >= state.validFrom &&
    (state.validUntil === null || at < state.validUntil) &&
    (state.withdrawn === null || at < state.withdrawn.at) &&
    (state.fulfilled === null || at < state.fulfilled.at)
  );
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
    case 'VIOLATION_REPORTED':
      if (inWindow(state, t) && sameSide(principals, event.data.violator, state.by))
        next = {
          ...state,
          violations: [
            ...state.violations,
            { eventId: event.id, basis: 'REPORTED', at: t, by: event.data.violator, precision: event.precision },
          ],
        };
      break;
    case 'STRIKE_REPORTED':
      if (inWindow(state, t) && breaksBy(state, event.data, principals)) {
        next = {
          ...state,
          violations: [
            ...state.violations,
            { eventId: event.id, basis: 'INFERRED', at: t, by: event.data.attacker, precision: event.precision },
          ],
        };
      }
      break;
    case 'PLEDGE_MADE': // a second pledge in one stream does not restart it
    case 'CALL_HELD':
    case 'MEETING_HELD':
    case 'STATEMENT_MADE':
    case 'CLAIM_DISPUTED':
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
  );
}

/** The pledge as it stood at moment `at`. */
export function viewAt(state: PledgeState, at: number): PledgeView {
  const violations = state.violations.filter((v) => v.at <= at);
  const first = violations[0] ?? null;
  const made = timeBounds(state.madeAt, state.madePrecision);
  // The end of the pledge's life: the first of violation, withdrawal, fulfilment and expiry, else now.
  type End = { status: PledgeStatus; at: number; earliest: number; latest: number };
  const ends: End[] = [];
  if (first) ends.push({ status: 'BROKEN', at: first.at, ...timeBounds(first.at, first.precision) });
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
  return {
    ...state,
    violations,
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
