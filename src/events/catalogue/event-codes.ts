/**
 * CAMEO and PLOVER codes of an event, from the catalogue table (docs/event-catalogue.md).
 * Where the table gives an alternate code, the choice follows the payload by the rules below, and
 * for the answers to a subject (acceptances, rejections, conditions met, implementation reports,
 * fulfilments) the subject itself: its kind of terms, its pledged action (`CodeContext`).
 */

import { assertNever, type PledgeAction, type TermsKind, type TypedData } from './event-types.js';

export type QuadClass = 1 | 2 | 3 | 4;

/**
 * MEETING_HELD is 046 (engage in negotiation) instead of 044 when one of its topics matches:
 * "negotiat…", "ceasefire" / "cease-fire", "truce", "peace…", or the word "talks".
 */
export const NEGOTIATION_TOPIC = /negotiat|cease-?fire|truce|peace|\btalks\b/i;

/**
 * CLAIM_DISPUTED is 1123 (accuse) instead of 010 (make statement) when its text matches:
 * "accus…", the words "lie", "lies", "lied", "liar(s)", "lying", "fals…" (false, falsely,
 * falsehood, falsified), "at odds", "reality", "untrue", the words "deny", "denies", "denied",
 * "denying", "denial", "fabricat…", "mislead…", "disinformation".
 */
export const ACCUSATION =
  /accus|\bli(?:e|es|ed|ars?)\b|\blying\b|\bfals|at odds|reality|untrue|\bden(?:y|ies|ied|ying|ial)\b|fabricat|mislead|disinformation/i;

/**
 * DEMAND_MADE is 1056 (demand de-escalation of military engagement) instead of 100 when its
 * demand matches: "ceasefire" / "cease-fire", "truce", "de-escalat…" / "deescalat…",
 * words starting with "halt" or "stop", "cessation".
 */
export const DE_ESCALATION = /cease-?fire|truce|de-?escalat|\bhalt|\bstop|cessation/i;

/**
 * What an event's codes depend on beyond its own payload: the subject it answers. `kind` is the
 * terms' kind of the first PROPOSAL_MADE or AGREEMENT_REACHED of the event's stream (for an
 * IMPLEMENTATION_REPORTED in a stream of its own: of the first stream it `implements`);
 * `pledgeAction` the commitment's action of the stream's PLEDGE_MADE. Null or absent: unknown.
 */
export interface CodeContext {
  kind?: TermsKind | null;
  pledgeAction?: PledgeAction | null;
}

/** What the codes of the events in a stream need of it: the terms' kind of its first proposal or agreement, the action of its first pledge. */
export interface StreamSubject {
  kind: TermsKind | null;
  pledgeAction: PledgeAction | null;
}

/** The types whose codes depend on a CodeContext. */
export const CONTEXT_TYPES = [
  'PROPOSAL_ACCEPTED',
  'PROPOSAL_REJECTED',
  'CONDITIONS_MET',
  'IMPLEMENTATION_REPORTED',
  'PLEDGE_FULFILLED',
] as const;

/**
 * Proposals, acceptances and rejections by the kind of terms (0256 / 0356 / 1246: appeal for,
 * express intent to, reject de-escalation; 0253 / 0353 / 1243: ... release of persons; the root
 * codes 02 / 03 / 12 otherwise). An answer whose subject's kind is unknown keeps the first
 * edition's ceasefire codes.
 */
const BY_KIND: Record<TermsKind, { propose: string; accept: string; reject: string }> = {
  CEASEFIRE: { propose: '0256', accept: '0356', reject: '1246' },
  PRISONER_EXCHANGE: { propose: '0253', accept: '0353', reject: '1243' },
  PEACE_DEAL: { propose: '02', accept: '03', reject: '12' },
  OTHER: { propose: '02', accept: '03', reject: '12' },
};

/** What carrying out an agreement or a pledge is, by what it was about. */
type Yield = 'release' | 'de-escalate' | 'other';

/** An implementation of a prisoner exchange releases persons, of a ceasefire de-escalates. */
function implementationYield({ kind }: CodeContext): Yield {
  return kind === 'PRISONER_EXCHANGE' ? 'release' : kind === 'CEASEFIRE' ? 'de-escalate' : 'other';
}

/** The fulfilment of a RELEASE pledge releases persons, of a HALT_STRIKES pledge de-escalates. */
function fulfilmentYield({ pledgeAction }: CodeContext): Yield {
  return pledgeAction === 'RELEASE' ? 'release' : pledgeAction === 'HALT_STRIKES' ? 'de-escalate' : 'other';
}

/** CAMEO 0841 (release persons), 087 (de-escalate military engagement), 08 (yield). */
const YIELD_CAMEO: Record<Yield, string> = { release: '0841', 'de-escalate': '087', other: '08' };
const YIELD_PLOVER: Record<Yield, string> = { release: 'RELEASE', 'de-escalate': 'RETREAT', other: 'CONCEDE' };

/** The CAMEO event code (as a string, leading zero kept), or null for corrections and retractions. */
export function cameoCode(typed: TypedData, context: CodeContext = {}): string | null {
  const kind = context.kind ?? 'CEASEFIRE';
  switch (typed.type) {
    case 'CALL_HELD':
      return '041';
    case 'MEETING_HELD':
      return (typed.data.topics ?? []).some((topic) => NEGOTIATION_TOPIC.test(topic)) ? '046' : '044';
    case 'STATEMENT_MADE':
      return '010';
    case 'CLAIM_DISPUTED':
      return ACCUSATION.test(typed.data.text) ? '1123' : '010';
    case 'DEMAND_MADE':
      return DE_ESCALATION.test(typed.data.demand) ? '1056' : '100';
    case 'PROPOSAL_MADE':
      return BY_KIND[typed.data.terms.kind].propose;
    case 'PROPOSAL_ACCEPTED':
      return BY_KIND[kind].accept;
    case 'PROPOSAL_REJECTED':
      return BY_KIND[kind].reject;
    case 'CONDITIONS_MET':
      return null;
    case 'IMPLEMENTATION_REPORTED':
      return YIELD_CAMEO[implementationYield(context)];
    case 'PLEDGE_FULFILLED':
      return YIELD_CAMEO[fulfilmentYield(context)];
    case 'AGREEMENT_REACHED':
      return typed.data.terms.kind === 'CEASEFIRE' && typed.data.unilateral === true ? '0871' : '057';
    case 'PLEDGE_MADE':
      return typed.data.ceasefireId !== undefined || typed.data.commitment.action === 'HALT_STRIKES' ? '0356' : '030';
    case 'PLEDGE_WITHDRAWN':
      return '1246';
    case 'STRIKE_REPORTED':
      return typed.data.means === 'DRONE' || typed.data.means === 'AIRCRAFT' ? '195' : '194';
    case 'VIOLATION_REPORTED':
      return '196';
    case 'EVENT_CORRECTED':
    case 'EVENT_RETRACTED':
      return null;
    default:
      return assertNever(typed);
  }
}

/**
 * CAMEO QuadClass from the root code (the first two digits; a two-digit code is a root code
 * itself): 01–05 verbal cooperation (1), 06–08 material cooperation (2), 09–13 verbal conflict
 * (3), 14–20 material conflict (4). Null for null or anything that is not a CAMEO code.
 */
export function quadClass(cameo: string | null): QuadClass | null {
  if (cameo === null || !/^\d{2,4}$/.test(cameo)) return null;
  const root = Number(cameo.slice(0, 2));
  if (root >= 1 && root <= 5) return 1;
  if (root >= 6 && root <= 8) return 2;
  if (root >= 9 && root <= 13) return 3;
  if (root >= 14 && root <= 20) return 4;
  return null;
}

/** The PLOVER event type, or null (statements, conditions met, corrections, retractions). */
export function ploverType(typed: TypedData, context: CodeContext = {}): string | null {
  switch (typed.type) {
    case 'CALL_HELD':
    case 'MEETING_HELD':
      return 'CONSULT';
    case 'STATEMENT_MADE':
      return null;
    case 'CLAIM_DISPUTED':
      return 'ACCUSE';
    case 'DEMAND_MADE':
      return 'DEMAND';
    case 'PROPOSAL_MADE':
      return 'APPEAL';
    case 'PROPOSAL_ACCEPTED':
      return 'AGREE';
    case 'PROPOSAL_REJECTED':
      return 'REJECT';
    case 'CONDITIONS_MET':
      return null;
    case 'IMPLEMENTATION_REPORTED':
      return YIELD_PLOVER[implementationYield(context)];
    case 'PLEDGE_FULFILLED':
      return YIELD_PLOVER[fulfilmentYield(context)];
    case 'AGREEMENT_REACHED':
      return typed.data.unilateral === true ? 'CONCEDE' : 'AGREE';
    case 'PLEDGE_MADE':
      return 'AGREE';
    case 'PLEDGE_WITHDRAWN':
      return 'REJECT';
    case 'STRIKE_REPORTED':
      return 'ASSAULT';
    case 'VIOLATION_REPORTED':
      return 'ACCUSE';
    case 'EVENT_CORRECTED':
    case 'EVENT_RETRACTED':
      return null;
    default:
      return assertNever(typed);
  }
}

export interface EventCodes {
  cameo: string | null;
  quadClass: QuadClass | null;
  plover: string | null;
}

/** All three codes at once (for exports and the read models). */
export function eventCodes(typed: TypedData, context: CodeContext = {}): EventCodes {
  const cameo = cameoCode(typed, context);
  return { cameo, quadClass: quadClass(cameo), plover: ploverType(typed, context) };
}
