/** What the page reads through the public GraphQL API (the shapes of operations.ts's selections). */

export type TimePrecision = 'SECOND' | 'MINUTE' | 'HOUR' | 'DAY' | 'MONTH' | 'YEAR';

export const EVENT_TYPES = [
  'CALL_HELD', 'MEETING_HELD', 'STATEMENT_MADE', 'CLAIM_DISPUTED', 'DEMAND_MADE',
  'PROPOSAL_MADE', 'PROPOSAL_ACCEPTED', 'PROPOSAL_REJECTED', 'AGREEMENT_REACHED',
  'PLEDGE_MADE', 'PLEDGE_WITHDRAWN', 'STRIKE_REPORTED', 'VIOLATION_REPORTED',
  'EVENT_CORRECTED', 'EVENT_RETRACTED',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export interface ActorRef {
  id: string;
  name: string;
}

export interface Actor extends ActorRef {
  kind: 'PERSON' | 'STATE' | 'ORGANIZATION';
  principal: ActorRef;
}

/** An event as the timeline draws it. */
export interface TimelineEvent {
  id: string;
  type: EventType;
  streamId: string;
  position: string;
  occurredAt: string;
  occurredPrecision: TimePrecision;
  recordedAt: string;
  summary: string;
  cameoCode: string | null;
  retracted: boolean;
  correctedBy: { id: string } | null;
  actors: { id: string; name: string; principal: { id: string } }[];
  data: Record<string, unknown>;
}

export interface Source {
  publisher: string;
  url: string | null;
  title: string | null;
  quotedText: string | null;
  publishedAt: string | null;
}

export interface LinkedEvent {
  id: string;
  type: EventType;
  summary: string;
  occurredAt: string;
  recordedAt: string;
  data: Record<string, unknown>;
}

/** An event with everything the details panel shows. */
export interface EventDetails extends TimelineEvent {
  streamVersion: number;
  sources: Source[];
  correctedBy: LinkedEvent | null;
}

export interface Duration {
  minSeconds: number;
  maxSeconds: number;
  text: string;
}

export interface Violation {
  at: string;
  basis: 'REPORTED' | 'INFERRED';
  by: ActorRef;
  event: { id: string; summary: string };
}

export interface PartyStance {
  actor: ActorRef;
  stance: 'PENDING' | 'ACCEPTED' | 'CONDITIONALLY_ACCEPTED' | 'REJECTED';
  at: string | null;
  conditions: string[];
}

export interface Ceasefire {
  id: string;
  title: string;
  scope: string;
  state: string;
  unilateral: boolean;
  durationDays: number | null;
  durationHours: number | null;
  proposedAt: string | null;
  agreedAt: string | null;
  effectiveFrom: string | null;
  expiresAt: string | null;
  proposers: ActorRef[];
  parties: PartyStance[];
  history: { state: string; at: string; event: { id: string; summary: string } | null }[];
  violationCount: number;
  firstViolation: Violation | null;
}

export interface Pledge {
  id: string;
  by: ActorRef;
  to: ActorRef | null;
  commitment: string;
  madeAt: string;
  expiresAt: string | null;
  state: 'HOLDING' | 'BROKEN' | 'EXPIRED' | 'WITHDRAWN';
  brokenAt: string | null;
  lifetime: Duration | null;
  event: { id: string };
  violationCount: number;
  firstViolation: Violation | null;
}

export interface ReadModels {
  ceasefires: Ceasefire[];
  pledges: Pledge[];
}
