/** How each event type looks on the page: a label and a colour (from a palette that keeps 4.5:1 on white for text). */
import type { EventType } from './types.js';

export interface TypeStyle {
  label: string;
  colour: string;
}

export const TYPE_STYLES: Record<EventType, TypeStyle> = {
  CALL_HELD: { label: 'Call', colour: '#1f5fbf' },
  MEETING_HELD: { label: 'Meeting', colour: '#2f7fa8' },
  STATEMENT_MADE: { label: 'Statement', colour: '#5c6570' },
  CLAIM_DISPUTED: { label: 'Claim disputed', colour: '#b35900' },
  DEMAND_MADE: { label: 'Demand', colour: '#7a3db8' },
  PROPOSAL_MADE: { label: 'Proposal', colour: '#2e7d32' },
  PROPOSAL_ACCEPTED: { label: 'Acceptance', colour: '#1b6e4e' },
  PROPOSAL_REJECTED: { label: 'Rejection', colour: '#c2185b' },
  CONDITIONS_MET: { label: 'Conditions met', colour: '#33691e' },
  AGREEMENT_REACHED: { label: 'Agreement', colour: '#00796b' },
  IMPLEMENTATION_REPORTED: { label: 'Implementation', colour: '#004d40' },
  PLEDGE_MADE: { label: 'Pledge', colour: '#8a6d00' },
  PLEDGE_WITHDRAWN: { label: 'Pledge withdrawn', colour: '#8d5524' },
  PLEDGE_FULFILLED: { label: 'Pledge fulfilled', colour: '#6b5300' },
  STRIKE_REPORTED: { label: 'Strike', colour: '#b71c1c' },
  VIOLATION_REPORTED: { label: 'Violation reported', colour: '#d84315' },
  EVENT_CORRECTED: { label: 'Correction', colour: '#455a64' },
  EVENT_RETRACTED: { label: 'Retraction', colour: '#37474f' },
};

/** A type the page does not know yet (the schema grew): drawn in grey, named as the API names it. */
const UNKNOWN_TYPE = '#5c6570';

export function typeLabel(type: EventType): string {
  return TYPE_STYLES[type]?.label ?? type;
}

export function typeColour(type: EventType): string {
  return TYPE_STYLES[type]?.colour ?? UNKNOWN_TYPE;
}
