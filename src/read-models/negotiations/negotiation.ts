/**
 * What every negotiated subject shares, ceasefires and agreements alike (docs/event-catalogue.md,
 * "Read-model rules, second edition": stances, states, precedence): who proposed, backs, mediates
 * and guarantees it, each party's stance with its conditions and counter-proposal, and whether it
 * was agreed, concluded, withdrawn or terminated. Pure. The ceasefire and agreement folds keep
 * these fields in their state and add their own (entry into force and violations; implementation).
 *
 * Every step takes the events in fold order (fold-event.ts, foldOrder): a stance is the latest one.
 */
import type { Terms, TimePrecision } from '../../events/catalogue/event-types.js';
import { type Duration, duration } from '../duration.js';
import { type FoldEvent, type FoldEventOf, type Principals, principalOf, timeBounds } from '../fold-event.js';

export type Stance = 'PENDING' | 'ACCEPTED' | 'CONDITIONALLY_ACCEPTED' | 'REJECTED';

export type NegotiationStatus =
  'PROPOSED' | 'PARTIALLY_ACCEPTED' | 'CONDITIONALLY_AGREED' | 'AGREED' | 'REJECTED' | 'WITHDRAWN' | 'TERMINATED';

/** The states in which a subject still waits for answers: a PENDING party's silence is measured in them. */
export const OPEN_STATUSES: readonly NegotiationStatus[] = ['PROPOSED', 'PARTIALLY_ACCEPTED', 'CONDITIONALLY_AGREED'];

export interface PartyStance {
  actorId: string;
  stance: Stance;
  /** When the stance was taken: the acceptance's time, kept when its conditions are met later. */
  at: number | null;
  /** The conditions the acceptance stated, as written. */
  conditions: string[];
  /** Those of them not met yet (CONDITIONS_MET). */
  conditionsPending: string[];
  /** When the last of its conditions was met. */
  conditionsMetAt: number | null;
  /** The event of the stance (the acceptance, the rejection, the proposal or agreement that implied it). */
  eventId: string | null;
  /** The stream id of the latest counter-proposal by the party's side. */
  counterProposal: string | null;
}

export interface Negotiation {
  /** The subject: the stream id of its PROPOSAL_MADE or AGREEMENT_REACHED. */
  id: string;
  title: string;
  /** The terms; a concluding AGREEMENT_REACHED replaces them (and so the kind). */
  terms: Terms;
  /** A declared truce (AGREEMENT_REACHED with `unilateral`): its parties declared it. */
  unilateral: boolean;
  proposers: string[];
  backers: string[];
  mediators: string[];
  guarantors: string[];
  parties: PartyStance[];
  proposedAt: number;
  proposedPrecision: TimePrecision;
  /** When it became AGREED: the last party's unconditional acceptance (or the meeting of its last condition), or the AGREEMENT_REACHED. */
  agreedAt: number | null;
  /** The AGREEMENT_REACHED that made it agreed, when one did. */
  concludedBy: string | null;
  withdrawnAt: number | null;
  /** When a party renounced it after it was agreed. */
  terminatedAt: number | null;
  /** The proposal this one answers (PROPOSAL_MADE.counterTo). */
  counterTo: string | null;
  /** The proposals that answer this one, in fold order. */
  counterProposals: string[];
}

/**
 * The fields a view shows as the state holds them, in one object literal; a view adds its own with
 * Object.assign. Not with object spread: on Node 20, `{ ...object, more: … }` cost a ceasefire's
 * view about 20 µs where this costs under 1 (BENCHMARKS.md, "Views without object spread").
 */
export function negotiationFields(state: Negotiation): Omit<Negotiation, 'parties'> {
  return {
    id: state.id,
    title: state.title,
    terms: state.terms,
    unilateral: state.unilateral,
    proposers: state.proposers,
    backers: state.backers,
    mediators: state.mediators,
    guarantors: state.guarantors,
    proposedAt: state.proposedAt,
    proposedPrecision: state.proposedPrecision,
    agreedAt: state.agreedAt,
    concludedBy: state.concludedBy,
    withdrawnAt: state.withdrawnAt,
    terminatedAt: state.terminatedAt,
    counterTo: state.counterTo,
    counterProposals: state.counterProposals,
  };
}

/** A condition as it is matched: case and surrounding spaces ignored. */
export function conditionKey(condition: string): string {
  return condition.trim().toLowerCase();
}

function uniqueConditions(conditions: readonly string[]): string[] {
  const seen = new Set<string>();
  return conditions.filter((c) => {
    const key = conditionKey(c);
    if (key === '' || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function pending(actorId: string): PartyStance {
  return {
    actorId,
    stance: 'PENDING',
    at: null,
    conditions: [],
    conditionsPending: [],
    conditionsMetAt: null,
    eventId: null,
    counterProposal: null,
  };
}

function accepted(party: PartyStance, at: number, eventId: string): PartyStance {
  return { ...party, stance: 'ACCEPTED', at, conditions: [], conditionsPending: [], conditionsMetAt: null, eventId };
}

const union = (a: readonly string[], b: readonly string[] | undefined): string[] => [
  ...a,
  ...(b ?? []).filter((x) => !a.includes(x)),
];

/** Whether an event starts a negotiated subject (the first PROPOSAL_MADE or AGREEMENT_REACHED of its stream). */
export function startsNegotiation(event: FoldEvent): event is FoldEventOf<'PROPOSAL_MADE' | 'AGREEMENT_REACHED'> {
  return event.type === 'PROPOSAL_MADE' || event.type === 'AGREEMENT_REACHED';
}

/** The subject as its first event makes it. A proposer on a party's side has accepted for that party by proposing. */
export function startNegotiation(
  event: FoldEventOf<'PROPOSAL_MADE' | 'AGREEMENT_REACHED'>,
  principals: Principals,
): Negotiation {
  const t = event.occurredAt;
  const base = {
    id: event.streamId,
    title: event.data.title,
    terms: event.data.terms,
    backers: [] as string[],
    guarantors: [] as string[],
    proposedAt: t,
    proposedPrecision: event.precision,
    concludedBy: null,
    withdrawnAt: null,
    terminatedAt: null,
    counterProposals: [] as string[],
  };
  if (event.type === 'AGREEMENT_REACHED') {
    const d = event.data;
    const unilateral = d.unilateral === true;
    return {
      ...base,
      unilateral,
      proposers: unilateral ? [...d.parties] : [],
      mediators: [...(d.mediators ?? [])],
      guarantors: [...(d.guarantors ?? [])],
      parties: d.parties.map((actorId) => accepted(pending(actorId), t, event.id)),
      agreedAt: t,
      concludedBy: event.id,
      counterTo: null,
    };
  }
  const d = event.data;
  const proposerSides = new Set(d.proposers.map((p) => principalOf(principals, p)));
  const parties = d.parties.map((actorId) =>
    proposerSides.has(principalOf(principals, actorId)) ? accepted(pending(actorId), t, event.id) : pending(actorId),
  );
  return withAgreement(
    {
      ...base,
      unilateral: false,
      proposers: [...d.proposers],
      backers: [...(d.backers ?? [])],
      mediators: [...(d.mediators ?? [])],
      parties,
      agreedAt: null,
      counterTo: d.counterTo ?? null,
    },
    t,
  );
}

/**
 * The status of the subject from its facts, at `at` (default: after all of them): a withdrawal or a
 * termination counts from its moment. What time alone changes (in force, expiry) is the ceasefire's.
 */
export function negotiationStatus(n: Negotiation, at = Number.POSITIVE_INFINITY): NegotiationStatus {
  if (n.terminatedAt !== null && n.terminatedAt <= at) return 'TERMINATED';
  if (n.agreedAt !== null) return 'AGREED';
  if (n.withdrawnAt !== null && n.withdrawnAt <= at) return 'WITHDRAWN';
  if (n.parties.some((p) => p.stance === 'REJECTED')) return 'REJECTED';
  const accepting = n.parties.filter((p) => p.stance === 'ACCEPTED' || p.stance === 'CONDITIONALLY_ACCEPTED');
  if (accepting.length > 0 && accepting.length === n.parties.length) return 'CONDITIONALLY_AGREED';
  return accepting.length > 0 ? 'PARTIALLY_ACCEPTED' : 'PROPOSED';
}

/** AGREED once every party accepted unconditionally: at the last of those moments (a met condition's included). */
function withAgreement<N extends Negotiation>(n: N, at: number): N {
  if (n.agreedAt !== null || n.withdrawnAt !== null || n.parties.length === 0) return n;
  if (!n.parties.every((p) => p.stance === 'ACCEPTED')) return n;
  const last = n.parties.reduce((max, p) => Math.max(max, p.conditionsMetAt ?? p.at ?? at), Number.NEGATIVE_INFINITY);
  return { ...n, agreedAt: Math.max(last, n.proposedAt) };
}

/** The party `actorId` speaks for: itself, else the first party on its side. */
export function partyFor(n: Negotiation, principals: Principals, actorId: string): PartyStance | undefined {
  const side = principalOf(principals, actorId);
  return (
    n.parties.find((p) => p.actorId === actorId) ?? n.parties.find((p) => principalOf(principals, p.actorId) === side)
  );
}

function replaceParty<N extends Negotiation>(n: N, party: PartyStance, next: PartyStance): N {
  return { ...n, parties: n.parties.map((p) => (p === party ? next : p)) };
}

function isProposerSide(n: Negotiation, principals: Principals, actorId: string): boolean {
  const side = principalOf(principals, actorId);
  return n.proposers.some((p) => principalOf(principals, p) === side);
}

/**
 * One step: the events that change the negotiation (answers, conditions met, a concluding
 * agreement, a counter-proposal naming it); every other event leaves it as it is.
 */
export function negotiate<N extends Negotiation>(n: N, event: FoldEvent, principals: Principals): N {
  const t = event.occurredAt;
  switch (event.type) {
    case 'PROPOSAL_ACCEPTED': {
      const party = partyFor(n, principals, event.data.party);
      if (!party) return n; // not a party: refused at append since the second edition; older ones are opinions
      const conditions = uniqueConditions(event.data.conditions ?? []);
      const next: PartyStance =
        conditions.length === 0
          ? accepted(party, t, event.id)
          : {
              ...party,
              stance: 'CONDITIONALLY_ACCEPTED',
              at: t,
              conditions,
              conditionsPending: conditions,
              conditionsMetAt: null,
              eventId: event.id,
            };
      return withAgreement(replaceParty(n, party, next), t);
    }
    case 'PROPOSAL_REJECTED': {
      const actor = event.data.party;
      const party = partyFor(n, principals, actor);
      let next: N = n;
      if (n.agreedAt === null && isProposerSide(n, principals, actor)) {
        // A proposer's side turning down its own proposal withdraws it (its proposers stay on
        // record), or, beside other proposer sides, stops being a proposer.
        const side = principalOf(principals, actor);
        const proposers = n.proposers.filter((p) => principalOf(principals, p) !== side);
        next = proposers.length === 0 ? { ...n, withdrawnAt: n.withdrawnAt ?? t } : { ...n, proposers };
      }
      if (!party) return next;
      next = replaceParty(next, party, {
        ...party,
        stance: 'REJECTED',
        at: t,
        conditions: [],
        conditionsPending: [],
        conditionsMetAt: null,
        eventId: event.id,
      });
      // After agreement a party's rejection renounces it.
      if (n.agreedAt !== null && n.terminatedAt === null) next = { ...next, terminatedAt: t };
      return next;
    }
    case 'CONDITIONS_MET': {
      const party = partyFor(n, principals, event.data.party);
      if (!party || party.stance !== 'CONDITIONALLY_ACCEPTED') return n;
      const met = event.data.conditions ? new Set(event.data.conditions.map(conditionKey)) : null;
      const left = met === null ? [] : party.conditionsPending.filter((c) => !met.has(conditionKey(c)));
      if (left.length === party.conditionsPending.length) return n; // names it does not know
      const next: PartyStance =
        left.length > 0
          ? { ...party, conditionsPending: left }
          : { ...party, stance: 'ACCEPTED', conditionsPending: [], conditionsMetAt: t };
      return withAgreement(replaceParty(n, party, next), t);
    }
    case 'AGREEMENT_REACHED': {
      // In the subject's stream it concludes it: AGREED at its time whatever the stances; its title
      // and terms replace the proposal's; its parties (old and added) accept at its time.
      if (event.streamId !== n.id) return n;
      const d = event.data;
      const known = new Set(n.parties.map((p) => p.actorId));
      const parties = [...n.parties, ...d.parties.filter((a) => !known.has(a)).map(pending)].map((p) =>
        d.parties.includes(p.actorId) ? accepted(p, t, event.id) : p,
      );
      const reopened = n.terminatedAt !== null || n.agreedAt === null;
      return {
        ...n,
        title: d.title,
        terms: d.terms,
        unilateral: n.unilateral || d.unilateral === true,
        mediators: union(n.mediators, d.mediators),
        guarantors: union(n.guarantors, d.guarantors),
        parties,
        agreedAt: reopened ? t : n.agreedAt,
        concludedBy: reopened ? event.id : n.concludedBy,
        terminatedAt: null,
      };
    }
    case 'PROPOSAL_MADE': {
      // A proposal of another stream that answers this one (a second one in this stream changes nothing).
      if (event.streamId === n.id || event.data.counterTo !== n.id) return n;
      const counter = event.streamId;
      const counterProposals = [...n.counterProposals.filter((c) => c !== counter), counter];
      const sides = new Set(event.data.proposers.map((p) => principalOf(principals, p)));
      const parties = n.parties.map((p) =>
        sides.has(principalOf(principals, p.actorId)) ? { ...p, counterProposal: counter } : p,
      );
      return { ...n, counterProposals, parties };
    }
    default:
      return n;
  }
}

/** A party's stance as a view shows it: with how long a PENDING party has left the proposal unanswered. */
export interface PartyStanceView extends PartyStance {
  /** Only while PENDING: from the proposal to the moment asked about, or to when the subject stopped waiting for answers. */
  pendingFor: Duration | null;
}

/**
 * When the subject stopped waiting for answers: the first moment of its latest stretch of states
 * that are not open (agreed, rejected, withdrawn, terminated, in force ...); null while it is open.
 */
export function closedSince(
  history: ReadonlyArray<{ state: string; at: number }>,
  isOpen: (state: string) => boolean,
): number | null {
  if (history.length === 0 || isOpen(history[history.length - 1].state)) return null;
  let i = history.length - 1;
  while (i > 0 && !isOpen(history[i - 1].state)) i--;
  return history[i].at;
}

/** The parties at `at`, each PENDING one with its `pendingFor`: [proposal, end] with the proposal's precision as bounds. */
export function partiesAt(n: Negotiation, at: number, closedAt: number | null): PartyStanceView[] {
  const end = closedAt === null ? at : Math.min(at, closedAt);
  const proposed = timeBounds(n.proposedAt, n.proposedPrecision);
  // One object literal (see negotiationFields), not a spread of the stance.
  return n.parties.map((p) => ({
    actorId: p.actorId,
    stance: p.stance,
    at: p.at,
    conditions: p.conditions,
    conditionsPending: p.conditionsPending,
    conditionsMetAt: p.conditionsMetAt,
    eventId: p.eventId,
    counterProposal: p.counterProposal,
    pendingFor: p.stance === 'PENDING' ? duration(end - proposed.latest, end - proposed.earliest) : null,
  }));
}

export const isOpenStatus = (state: string): boolean => (OPEN_STATUSES as readonly string[]).includes(state);

/** Every actor with a role in the subject: proposers, backers, mediators, guarantors, parties. */
export function actorsOf(n: Negotiation): string[] {
  return [
    ...new Set([...n.proposers, ...n.backers, ...n.mediators, ...n.guarantors, ...n.parties.map((p) => p.actorId)]),
  ];
}
