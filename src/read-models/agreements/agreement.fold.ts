/**
 * The agreements read model as a pure fold: every subject started by a PROPOSAL_MADE or an
 * AGREEMENT_REACHED, of every kind (docs/event-catalogue.md, "Read-model rules, second edition",
 * Agreements). The negotiation (stances, states, counter-proposals) is negotiations/negotiation.ts,
 * shared with the ceasefires; a ceasefire's state here stops at AGREED (in force, violated and
 * expired are the ceasefire read model's). This fold adds the implementation: the
 * IMPLEMENTATION_REPORTED events of the subject's stream and those naming it in `implements`,
 * counted against the terms' quantities (implementation.ts).
 */
import { assertNever } from '../../events/catalogue/event-types.js';
import { type FoldEvent, type FoldEventOf, type Principals, byValidTime, foldOrder } from '../fold-event.js';
import {
  type Negotiation,
  type NegotiationStatus,
  type PartyStanceView,
  closedSince,
  isOpenStatus,
  negotiate,
  negotiationFields,
  negotiationStatus,
  partiesAt,
  startNegotiation,
  startsNegotiation,
} from '../negotiations/negotiation.js';
import {
  type Implementation,
  type ImplementationReport,
  type SidedQuantity,
  implementationAt,
  sidedQuantities,
  toReport,
} from './implementation.js';

export type AgreementStatus = NegotiationStatus;

export interface AgreementStateChange {
  state: AgreementStatus;
  at: number;
  eventId: string | null;
}

export interface AgreementState extends Negotiation {
  /** The terms' quantities with the sides of their `from` and `to` (kept with the terms). */
  quantities: SidedQuantity[];
  history: AgreementStateChange[];
  /** The implementation reports that count for it, in valid-time order. */
  reports: ImplementationReport[];
  /** valid time of the last folded event */
  lastAt: number;
  /** highest position folded */
  position: number;
}

export interface AgreementView extends Omit<AgreementState, 'lastAt' | 'parties' | 'reports'> {
  state: AgreementStatus;
  parties: PartyStanceView[];
  implementation: Implementation;
}

function record(
  history: AgreementStateChange[],
  status: AgreementStatus,
  at: number,
  eventId: string | null,
): AgreementStateChange[] {
  const last = history[history.length - 1];
  return last?.state === status ? history : [...history, { state: status, at, eventId }];
}

/** Whether an implementation report counts for the subject `id`: in its stream, or naming it in `implements`. */
export function reportsFor(event: FoldEvent, id: string): event is FoldEventOf<'IMPLEMENTATION_REPORTED'> {
  return (
    event.type === 'IMPLEMENTATION_REPORTED' && (event.streamId === id || (event.data.implements ?? []).includes(id))
  );
}

/** One step of the fold. `null` until the event that starts the subject. */
export function evolve(
  current: AgreementState | null,
  event: FoldEvent,
  principals: Principals,
): AgreementState | null {
  if (current === null) {
    if (!startsNegotiation(event)) return null;
    const n = startNegotiation(event, principals);
    return {
      ...n,
      quantities: sidedQuantities(n.terms, principals),
      history: record([], negotiationStatus(n), event.occurredAt, event.id),
      reports: [],
      lastAt: event.occurredAt,
      position: event.position,
    };
  }
  const t = event.occurredAt;
  let state = current;
  switch (event.type) {
    case 'PROPOSAL_MADE':
    case 'PROPOSAL_ACCEPTED':
    case 'PROPOSAL_REJECTED':
    case 'CONDITIONS_MET':
      state = negotiate(state, event, principals);
      break;
    case 'AGREEMENT_REACHED':
      state = negotiate(state, event, principals);
      if (state !== current) state = { ...state, quantities: sidedQuantities(state.terms, principals) };
      break;
    case 'IMPLEMENTATION_REPORTED':
      // Reports keep their own time (implementation often starts before the signature): they are
      // gathered in valid-time order and counted by the view.
      if (reportsFor(event, state.id)) {
        const report = toReport(event, principals);
        state = {
          ...state,
          reports: [...state.reports, report].sort((a, b) => a.at - b.at || a.position - b.position),
        };
      }
      return { ...state, position: Math.max(state.position, event.position) };
    case 'CALL_HELD':
    case 'MEETING_HELD':
    case 'STATEMENT_MADE':
    case 'CLAIM_DISPUTED':
    case 'DEMAND_MADE':
    case 'PLEDGE_MADE':
    case 'PLEDGE_WITHDRAWN':
    case 'PLEDGE_FULFILLED':
    case 'STRIKE_REPORTED':
    case 'VIOLATION_REPORTED':
    case 'EVENT_CORRECTED': // applied before folding (applyAmendments)
    case 'EVENT_RETRACTED':
      break;
    default:
      return assertNever(event);
  }
  return {
    ...state,
    history: record(state.history, negotiationStatus(state), t, event.id),
    lastAt: Math.max(state.lastAt, t),
    position: Math.max(state.position, event.position),
  };
}

/**
 * Folds a subject's events (any order) into its agreement state. Implementation reports are taken
 * out of the fold order (which would place one dated before the subject at the subject's time) and
 * folded last, in their own valid-time order.
 */
export function foldAgreement(
  events: readonly FoldEvent[],
  principals: Principals,
  subjectId?: string,
): AgreementState | null {
  const negotiation = events.filter((e) => e.type !== 'IMPLEMENTATION_REPORTED');
  let state: AgreementState | null = null;
  for (const event of foldOrder(negotiation, startsNegotiation, subjectId)) state = evolve(state, event, principals);
  if (state === null) return null;
  const id = state.id;
  const reports = events.filter((e) => reportsFor(e, id)).sort(byValidTime);
  return reports.reduce<AgreementState>((s, report) => evolve(s, report, principals) ?? s, state);
}

/** The agreement as it stood at moment `at` (events after `at` must not have been folded). */
export function viewAt(state: AgreementState, at: number): AgreementView {
  const history = state.history.filter((h) => h.at <= at);
  return Object.assign(negotiationFields(state), {
    quantities: state.quantities,
    position: state.position,
    history,
    state: negotiationStatus(state),
    parties: partiesAt(state, at, closedSince(history, isOpenStatus)),
    implementation: implementationAt(
      state.quantities,
      state.reports.filter((r) => r.at <= at),
    ),
  });
}
