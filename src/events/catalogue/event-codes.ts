/**
 * CAMEO and PLOVER codes of an event, from the catalogue table (docs/event-catalogue.md).
 * Where the table gives an alternate code, the choice follows the payload by the rules below.
 */

import { assertNever, type TypedData } from './event-types.js';

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

/** The CAMEO event code (as a string, leading zero kept), or null for corrections and retractions. */
export function cameoCode(typed: TypedData): string | null {
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
      return '0256';
    case 'PROPOSAL_ACCEPTED':
      return '0356';
    case 'PROPOSAL_REJECTED':
      return '1246';
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
 * CAMEO QuadClass from the root code (the first two digits): 01–05 verbal cooperation (1),
 * 06–08 material cooperation (2), 09–13 verbal conflict (3), 14–20 material conflict (4).
 * Null for null or anything that is not a CAMEO code.
 */
export function quadClass(cameo: string | null): QuadClass | null {
  if (cameo === null || !/^\d{3,4}$/.test(cameo)) return null;
  const root = Number(cameo.slice(0, 2));
  if (root >= 1 && root <= 5) return 1;
  if (root >= 6 && root <= 8) return 2;
  if (root >= 9 && root <= 13) return 3;
  if (root >= 14 && root <= 20) return 4;
  return null;
}

/** The PLOVER event type, or null (statements, corrections, retractions). */
export function ploverType(typed: TypedData): string | null {
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
export function eventCodes(typed: TypedData): EventCodes {
  const cameo = cameoCode(typed);
  return { cameo, quadClass: quadClass(cameo), plover: ploverType(typed) };
}
