/**
 * The pledge read model as a pure fold over a pledge's events in valid-time order (its stream:
 * PLEDGE_MADE, PLEDGE_WITHDRAWN, reported violations; and the strikes of the pledger's side).
 *
 * A pledge HOLDS until its first violation (BROKEN), its expiry (EXPIRED: validUntil, else
 * validFrom + durationDays) or its withdrawal (WITHDRAWN), whichever comes first. A violation is
 * REPORTED (VIOLATION_REPORTED in its stream) or INFERRED: a strike by an actor on the pledger's
 * side (same principal), on the pledged target category (any when none is named), inside the
 * validity window. Only HALT_STRIKES pledges are broken by strikes: a promise to release
 * prisoners is not broken by a bombing. Lifetimes keep the uncertainty of both events' precision.
 */
import { type StrikeReportedData, assertNever } from '../../events/catalogue/event-types.js';
import { type Duration, duration } from '../duration.js';
import { type FoldEvent, type Principals, foldGathering, foldOrder, sameSide, timeBounds } from '../fold-event.js';
import type { ViolationRecord } from '../violations/violation.js';

export type PledgeStatus = 'HOLDING' | 'BROKEN' | 'EXPIRED' | 'WITHDRAWN';

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
  withdrawn: { at: number; precision: FoldEvent['precision']; eventId: string } | null;
  violations: ViolationRecord[];
  position: number;
}

export interface PledgeView extends PledgeState {
  state: PledgeStatus;
  brokenAt: number | null;
  expiresAt: number | null;
  lifetime: Duration;
}

const DAY = 86_400_000;

function inWindow(state: PledgeState, at: number): boolean {
  return (
    at >= state.validFrom &&
    (state.validUntil === null || at < state.validUntil) &&
    (state.withdrawn === null || at < state.withdrawn.at)
  );
}

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
      violations: [],
      position: event.position,
    };
  }
  const t = event.occurredAt;
  let next = state;
  switch (event.type) {
    case 'PLEDGE_WITHDRAWN':
      if (state.withdrawn === null)
        next = { ...state, withdrawn: { at: t, precision: event.precision, eventId: event.id } };
      break;
    case 'VIOLATION_REPORTED':
      if (inWindow(state, t))
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
    case 'AGREEMENT_REACHED':
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

export function foldPledge(events: readonly FoldEvent[], principals: Principals): PledgeState | null {
  return foldGathering<PledgeState, ViolationRecord>(
    foldOrder(events, (e) => e.type === 'PLEDGE_MADE'),
    (state, event) => evolve(state, event, principals),
  );
}

/** The pledge as it stood at moment `at`. */
export function viewAt(state: PledgeState, at: number): PledgeView {
  const violations = state.violations.filter((v) => v.at <= at);
  const first = violations[0] ?? null;
  const made = timeBounds(state.madeAt, state.madePrecision);
  // The end of the pledge's life: the first of violation, withdrawal and expiry, else now.
  type End = { status: PledgeStatus; at: number; earliest: number; latest: number };
  const ends: End[] = [];
  if (first) ends.push({ status: 'BROKEN', at: first.at, ...timeBounds(first.at, first.precision) });
  if (state.withdrawn && state.withdrawn.at <= at)
    ends.push({
      status: 'WITHDRAWN',
      at: state.withdrawn.at,
      ...timeBounds(state.withdrawn.at, state.withdrawn.precision),
    });
  if (state.validUntil !== null && state.validUntil <= at)
    ends.push({ status: 'EXPIRED', at: state.validUntil, earliest: state.validUntil, latest: state.validUntil });
  ends.sort((a, b) => a.at - b.at);
  const end: End = ends[0] ?? { status: 'HOLDING', at, earliest: at, latest: at };
  return {
    ...state,
    violations,
    state: end.status,
    brokenAt: first ? first.at : null,
    expiresAt: state.validUntil,
    lifetime: duration(end.earliest - made.latest, end.latest - made.earliest),
  };
}
