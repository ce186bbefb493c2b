/**
 * The vocabulary of the catalogue (docs/event-catalogue.md): plain constants and the
 * discriminated union of event payloads. No framework imports here; folds and exports use it too.
 */

export const EVENT_TYPES = [
  'CALL_HELD',
  'MEETING_HELD',
  'STATEMENT_MADE',
  'CLAIM_DISPUTED',
  'DEMAND_MADE',
  'PROPOSAL_MADE',
  'PROPOSAL_ACCEPTED',
  'PROPOSAL_REJECTED',
  'CONDITIONS_MET',
  'AGREEMENT_REACHED',
  'IMPLEMENTATION_REPORTED',
  'PLEDGE_MADE',
  'PLEDGE_WITHDRAWN',
  'PLEDGE_FULFILLED',
  'STRIKE_REPORTED',
  'VIOLATION_REPORTED',
  'EVENT_CORRECTED',
  'EVENT_RETRACTED',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export const TIME_PRECISIONS = ['SECOND', 'MINUTE', 'HOUR', 'DAY', 'MONTH', 'YEAR'] as const;
export type TimePrecision = (typeof TIME_PRECISIONS)[number];

export const ACTOR_KINDS = ['PERSON', 'STATE', 'ORGANIZATION'] as const;
export type ActorKind = (typeof ACTOR_KINDS)[number];

export const TARGET_CATEGORIES = [
  'ENERGY_INFRASTRUCTURE',
  'MILITARY',
  'CIVILIAN',
  'TRANSPORT',
  'PORT',
  'OTHER',
] as const;
export type TargetCategory = (typeof TARGET_CATEGORIES)[number];

export const CEASEFIRE_SCOPES = [
  'COMPREHENSIVE',
  'ENERGY_INFRASTRUCTURE',
  'MARITIME',
  'AIR',
  'LOCAL',
  'HUMANITARIAN',
  'OTHER',
] as const;
export type CeasefireScope = (typeof CEASEFIRE_SCOPES)[number];

export const TERMS_KINDS = ['CEASEFIRE', 'PEACE_DEAL', 'PRISONER_EXCHANGE', 'OTHER'] as const;
export type TermsKind = (typeof TERMS_KINDS)[number];

export const CALL_CHANNELS = ['PHONE', 'VIDEO'] as const;
export type CallChannel = (typeof CALL_CHANNELS)[number];

export const PLEDGE_ACTIONS = ['HALT_STRIKES', 'WITHDRAW', 'RELEASE', 'PROVIDE_AID', 'OTHER'] as const;
export type PledgeAction = (typeof PLEDGE_ACTIONS)[number];

export const STRIKE_MEANS = ['DRONE', 'MISSILE', 'ARTILLERY', 'AIRCRAFT', 'OTHER'] as const;
export type StrikeMeans = (typeof STRIKE_MEANS)[number];

/** Stream ids: `proposal-<slug>`, `pledge-<slug>`, ... */
export const STREAM_ID_PATTERN = /^[a-z0-9][a-z0-9._:-]{0,127}$/;
/** Actor ids: slugs such as `putin`, `russia`, `kremlin`. */
export const ACTOR_ID_PATTERN = /^[a-z0-9][a-z0-9_-]{0,63}$/;

/** A quantity in terms or in an implementation report: "1,000 prisoners from russia to ukraine". */
export interface Quantity {
  what: string;
  /** absent: all of them (open-ended) */
  count?: number;
  /** the count is a minimum ("at least 1,200") */
  atLeast?: boolean;
  /** who hands over */
  from?: string;
  /** who receives */
  to?: string;
}

export interface Terms {
  kind: TermsKind;
  scope?: CeasefireScope;
  durationDays?: number;
  durationHours?: number;
  unconditional?: boolean;
  text?: string;
  quantities?: Quantity[];
}

export interface CallHeldData {
  participants: string[];
  initiator?: string;
  durationMinutes?: number;
  channel?: CallChannel;
  topics?: string[];
}
export interface MeetingHeldData {
  participants: string[];
  place?: string;
  /** first edition: one mediator (read as `mediators: [mediator]`; a payload may not hold both) */
  mediator?: string;
  mediators?: string[];
  topics?: string[];
  /** the round of talks, from 1 */
  round?: number;
}
export interface StatementMadeData {
  speaker: string;
  text: string;
  venue?: string;
  about?: string[];
  /** second edition: the CALL_HELD or MEETING_HELD (event id) this statement gives an account of */
  readoutOf?: string;
}
export interface ClaimDisputedData {
  disputedEventId: string;
  by: string;
  text: string;
}
export interface DemandMadeData {
  by: string;
  addressee: string;
  demand: string;
  conditionFor?: string;
}
export interface ProposalMadeData {
  proposers: string[];
  parties: string[];
  title: string;
  terms: Terms;
  /** the stream id of the proposal this one answers instead of accepting it */
  counterTo?: string;
  /** support it without proposing it */
  backers?: string[];
  mediators?: string[];
}
export interface ProposalAcceptedData {
  party: string;
  conditions?: string[];
}
export interface ProposalRejectedData {
  party: string;
  reason?: string;
}
export interface ConditionsMetData {
  party: string;
  /** which of the party's stated conditions (all when absent) */
  conditions?: string[];
  text?: string;
}
export interface AgreementReachedData {
  parties: string[];
  title: string;
  terms: Terms;
  effectiveFrom?: string;
  effectiveUntil?: string;
  unilateral?: boolean;
  mediators?: string[];
  guarantors?: string[];
}
export interface ImplementationReportedData {
  reportedBy: string;
  /** who carried it out */
  party?: string;
  stage?: string;
  quantities?: Quantity[];
  complete?: boolean;
  /** when it sits in a stream of its own: the agreements (stream ids) it carries out */
  implements?: string[];
  text: string;
}
export interface PledgeMadeData {
  by: string;
  to?: string;
  commitment: { action: PledgeAction; targetCategory?: TargetCategory; text: string };
  validFrom?: string;
  durationDays?: number;
  validUntil?: string;
  ceasefireId?: string;
}
export interface PledgeWithdrawnData {
  by: string;
  reason?: string;
}
export interface PledgeFulfilledData {
  by: string;
  text?: string;
}
export interface StrikeReportedData {
  attacker: string;
  targetCategory: TargetCategory;
  place: string;
  country?: string;
  means?: StrikeMeans;
  impact?: string;
}
export interface ViolationReportedData {
  violator: string;
  reportedBy: string;
  evidenceEventIds?: string[];
  text?: string;
  /** second edition: how many violations the report claims (default 1) */
  count?: number;
  /** second edition: when the claimed violations happened (each defaults to the bounds of occurredAt at its precision) */
  periodFrom?: string;
  periodUntil?: string;
  /** second edition: the count is a running total over the period */
  cumulative?: boolean;
}
export interface EventCorrectedData {
  correctedEventId: string;
  data?: Record<string, unknown>;
  occurredAt?: string;
  occurredPrecision?: TimePrecision;
  reason: string;
}
export interface EventRetractedData {
  retractedEventId: string;
  reason: string;
}

/** Payload type of each event type. */
export interface EventDataMap {
  CALL_HELD: CallHeldData;
  MEETING_HELD: MeetingHeldData;
  STATEMENT_MADE: StatementMadeData;
  CLAIM_DISPUTED: ClaimDisputedData;
  DEMAND_MADE: DemandMadeData;
  PROPOSAL_MADE: ProposalMadeData;
  PROPOSAL_ACCEPTED: ProposalAcceptedData;
  PROPOSAL_REJECTED: ProposalRejectedData;
  CONDITIONS_MET: ConditionsMetData;
  AGREEMENT_REACHED: AgreementReachedData;
  IMPLEMENTATION_REPORTED: ImplementationReportedData;
  PLEDGE_MADE: PledgeMadeData;
  PLEDGE_WITHDRAWN: PledgeWithdrawnData;
  PLEDGE_FULFILLED: PledgeFulfilledData;
  STRIKE_REPORTED: StrikeReportedData;
  VIOLATION_REPORTED: ViolationReportedData;
  EVENT_CORRECTED: EventCorrectedData;
  EVENT_RETRACTED: EventRetractedData;
}

/** A type and its payload, discriminated by `type`. */
export type TypedData = { [K in EventType]: { type: K; data: EventDataMap[K] } }[EventType];

export function isEventType(value: unknown): value is EventType {
  return typeof value === 'string' && (EVENT_TYPES as readonly string[]).includes(value);
}

export function assertNever(value: never): never {
  throw new Error(`unexpected value: ${JSON.stringify(value)}`);
}
