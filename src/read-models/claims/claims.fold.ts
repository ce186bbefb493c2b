/**
 * The claims ledger of one stream, folded: every statement and violation report in it, and every
 * other event of it that a CLAIM_DISPUTED names, with its claimant, its disputes and its status
 * (catalogue, second edition, "Claims ledger"). Disputes come from any stream (the loader brings
 * those of other streams: the projection's `linkedTypes`); retracted events of the stream stay, with
 * the EVENT_RETRACTED naming them (`keepsRetracted`), so that the ledger can answer RETRACTED.
 * Pure: no framework, no clock.
 */
import type { EventType, TimePrecision } from '../../events/catalogue/event-types.js';
import { type FoldEvent, type Principals, byValidTime, principalOf, timeBounds } from '../fold-event.js';
import {
  type ClaimStatus,
  type DisputeRecord,
  claimStatus,
  claimantOf,
  isClaimType,
  toDispute,
} from './claim-status.js';

export interface ClaimRecord {
  /** The claim's event (lower case). */
  eventId: string;
  type: EventType;
  position: number;
  /** Its occurredAt (epoch ms) and precision, as corrected. */
  at: number;
  precision: TimePrecision;
  claimant: string | null;
  /** The CALL_HELD or MEETING_HELD a statement gives an account of (lower case). */
  readoutOf: string | null;
  /** What it says: a statement's or a dispute's text, a report's (null when it has none). */
  text: string | null;
  /** For a violation report: whom it accuses, how many violations it claims, when (epoch ms). */
  violation: ViolationClaim | null;
  retracted: boolean;
  /** Every dispute naming it, own side included, in valid-time order. */
  disputes: DisputeRecord[];
  status: ClaimStatus;
}

export interface ViolationClaim {
  violator: string;
  count: number;
  /** [periodFrom, periodUntil]; each defaults to the bounds of occurredAt at its precision. */
  periodFrom: number;
  periodUntil: number;
  cumulative: boolean;
}

export interface ClaimsState {
  /** The stream whose claims these are. */
  streamId: string;
  /** In valid-time order. */
  claims: ClaimRecord[];
  /** The calls and meetings its statements give an account of (distinct): the index of Call.readouts. */
  readoutOf: string[];
  /** The highest log position folded (disputes of other streams included). */
  position: number;
  /** The latest valid time folded. */
  lastAt: number;
}

/**
 * The claims of `subjectId`'s stream among `events` (its own events, the EVENT_RETRACTED in it,
 * and the disputes naming its events from any stream); null when it holds none.
 */
export function foldClaims(
  events: readonly FoldEvent[],
  principals: Principals,
  subjectId?: string,
): ClaimsState | null {
  const streamId = subjectId ?? events.find((e) => e.type !== 'CLAIM_DISPUTED')?.streamId;
  if (streamId === undefined) return null;
  const own = events.filter((e) => e.streamId === streamId);
  const retracted = new Set(
    own.flatMap((e) => (e.type === 'EVENT_RETRACTED' ? [e.data.retractedEventId.toLowerCase()] : [])),
  );
  // Disputes: from other streams (the loader dropped retracted ones), and from this one unless retracted.
  const disputes = new Map<string, DisputeRecord[]>();
  for (const event of [...events].sort(byValidTime)) {
    if (event.type !== 'CLAIM_DISPUTED') continue;
    if (event.streamId === streamId && retracted.has(event.id.toLowerCase())) continue;
    const target = event.data.disputedEventId.toLowerCase();
    disputes.set(target, [...(disputes.get(target) ?? []), toDispute(event)]);
  }
  const claims: ClaimRecord[] = own
    .filter((e) => e.type !== 'EVENT_RETRACTED' && e.type !== 'EVENT_CORRECTED')
    .filter((e) => isClaimType(e.type) || disputes.has(e.id.toLowerCase()))
    .sort(byValidTime)
    .map((event) => {
      const id = event.id.toLowerCase();
      return claimRecord(event, disputes.get(id) ?? [], retracted.has(id), principals);
    });
  if (claims.length === 0) return null;
  return {
    streamId,
    claims,
    readoutOf: readoutsOf(claims),
    position: events.reduce((max, e) => Math.max(max, e.position), 0),
    lastAt: events.reduce((max, e) => Math.max(max, e.occurredAt), Number.NEGATIVE_INFINITY),
  };
}

/**
 * Folds events that all occurred after everything `state` has folded (the stream's own, not
 * amendments, and disputes naming its events) onto it: the same as foldClaims of all of them. Null
 * when it cannot: a dispute naming an event of the stream that is not a claim yet (the fold needs
 * that event), or an amendment (the projector folds those subjects whole).
 */
export function extendClaims(
  state: ClaimsState,
  events: readonly FoldEvent[],
  principals: Principals,
  subjectId: string,
): ClaimsState | null {
  const sorted = [...events].sort(byValidTime);
  if (sorted.some((e) => e.type === 'EVENT_RETRACTED' || e.type === 'EVENT_CORRECTED')) return null;
  const disputed = new Set(
    sorted.flatMap((e) => (e.type === 'CLAIM_DISPUTED' ? [e.data.disputedEventId.toLowerCase()] : [])),
  );
  // New claims come after the old ones (they occurred later), in valid-time order.
  const claims = [...state.claims];
  for (const event of sorted)
    if (event.streamId === subjectId && (isClaimType(event.type) || disputed.has(event.id.toLowerCase())))
      claims.push(claimRecord(event, [], false, principals));
  const at = new Map(claims.map((c, i) => [c.eventId, i]));
  for (const event of sorted) {
    if (event.type !== 'CLAIM_DISPUTED') continue;
    const i = at.get(event.data.disputedEventId.toLowerCase());
    if (i === undefined) return null;
    const claim = claims[i];
    const against = [...claim.disputes, toDispute(event)];
    claims[i] = {
      ...claim,
      disputes: against,
      status: claimStatus(claim.claimant, against, claim.retracted, principals),
    };
  }
  return {
    ...state,
    claims,
    readoutOf: readoutsOf(claims),
    position: sorted.reduce((max, e) => Math.max(max, e.position), state.position),
    lastAt: sorted.reduce((max, e) => Math.max(max, e.occurredAt), state.lastAt),
  };
}

function claimRecord(
  event: FoldEvent,
  against: DisputeRecord[],
  isRetracted: boolean,
  principals: Principals,
): ClaimRecord {
  const claimant = claimantOf(event);
  return {
    eventId: event.id.toLowerCase(),
    type: event.type,
    position: event.position,
    at: event.occurredAt,
    precision: event.precision,
    claimant,
    readoutOf: event.type === 'STATEMENT_MADE' ? (event.data.readoutOf?.toLowerCase() ?? null) : null,
    text: textOf(event),
    violation: violationOf(event),
    retracted: isRetracted,
    disputes: against,
    status: claimStatus(claimant, against, isRetracted, principals),
  };
}

/** The calls and meetings the claims give an account of, distinct, in the claims' order. */
function readoutsOf(claims: readonly ClaimRecord[]): string[] {
  return [...new Set(claims.flatMap((c) => (c.readoutOf === null ? [] : [c.readoutOf])))];
}

function textOf(event: FoldEvent): string | null {
  switch (event.type) {
    case 'STATEMENT_MADE':
    case 'CLAIM_DISPUTED':
      return event.data.text;
    case 'VIOLATION_REPORTED':
      return event.data.text ?? null;
    default:
      return null;
  }
}

function violationOf(event: FoldEvent): ViolationClaim | null {
  if (event.type !== 'VIOLATION_REPORTED') return null;
  const bounds = timeBounds(event.occurredAt, event.precision);
  const d = event.data;
  return {
    violator: d.violator,
    count: d.count ?? 1,
    periodFrom: d.periodFrom ? Date.parse(d.periodFrom) : bounds.earliest,
    periodUntil: d.periodUntil ? Date.parse(d.periodUntil) : bounds.latest,
    cumulative: d.cumulative ?? false,
  };
}

/** The sides of a stream's claimants (the rows' `principals` column: claims by a side). */
export function claimantSides(state: ClaimsState, principals: Principals): string[] {
  return [
    ...new Set(state.claims.flatMap((c) => (c.claimant === null ? [] : [principalOf(principals, c.claimant)]))),
  ].sort();
}
