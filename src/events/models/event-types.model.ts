/**
 * One concrete GraphQL type per EventType, implementing Event and exposing the payload as typed
 * fields, so that clients can use fragments (`... on CallHeld { participants { name } }`).
 * Fields that name other events (readoutOf, disputedEvent, evidence, correctedEvent,
 * retractedEvent) are resolved in event-links.resolver.ts.
 */
import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { ActorModel } from '../../actors/actor.model.js';
import { CallChannelEnum, StrikeMeansEnum, TargetCategoryEnum, TimePrecisionEnum } from '../../graphql/enums.js';
import { DateTimeScalar, JsonScalar } from '../../graphql/scalars.js';
import { EventModel } from './event.model.js';
import { QuantityModel } from './quantity.model.js';
import { PledgeCommitmentModel, TermsModel } from './source.model.js';

const implementsEvent = { implements: () => [EventModel] };

@ObjectType('CallHeld', { ...implementsEvent, description: 'CALL_HELD: a phone or video call (CAMEO 041).' })
export class CallHeldModel extends EventModel {
  @Field(() => [ActorModel]) participants: ActorModel[];
  @Field(() => ActorModel, { nullable: true }) initiator?: ActorModel;
  @Field(() => Int, { nullable: true }) durationMinutes?: number;
  @Field(() => CallChannelEnum, { nullable: true }) channel?: string;
  @Field(() => [String]) topics: string[];
}

@ObjectType('MeetingHeld', {
  ...implementsEvent,
  description: 'MEETING_HELD: a meeting in person (CAMEO 044, 046 when negotiating).',
})
export class MeetingHeldModel extends EventModel {
  @Field(() => [ActorModel]) participants: ActorModel[];
  @Field(() => String, { nullable: true }) place?: string;
  @Field(() => ActorModel, {
    nullable: true,
    description:
      "The first edition's single mediator; for a payload with mediators, the first of them. Prefer mediators.",
  })
  mediator?: ActorModel;
  @Field(() => [ActorModel], {
    description: "Who mediated or hosted it (a first-edition payload's mediator reads as a list of one).",
  })
  mediators: ActorModel[];
  @Field(() => [String]) topics: string[];
  @Field(() => Int, { nullable: true, description: 'The round of talks, from 1.' }) round?: number;
}

@ObjectType('StatementMade', { ...implementsEvent, description: 'STATEMENT_MADE: a public statement (CAMEO 010).' })
export class StatementMadeModel extends EventModel {
  @Field(() => ActorModel) speaker: ActorModel;
  @Field(() => String) text: string;
  @Field(() => String, { nullable: true }) venue?: string;
  @Field(() => [ActorModel]) about: ActorModel[];
}

@ObjectType('ClaimDisputed', {
  ...implementsEvent,
  description: 'CLAIM_DISPUTED: an actor disputes a recorded claim (CAMEO 1123 or 010).',
})
export class ClaimDisputedModel extends EventModel {
  @Field(() => ID) disputedEventId: string;
  @Field(() => ActorModel) by: ActorModel;
  @Field(() => String) text: string;
}

@ObjectType('DemandMade', {
  ...implementsEvent,
  description: 'DEMAND_MADE: a demand of one actor to another (CAMEO 100, 1056).',
})
export class DemandMadeModel extends EventModel {
  @Field(() => ActorModel) by: ActorModel;
  @Field(() => ActorModel) addressee: ActorModel;
  @Field(() => String) demand: string;
  @Field(() => String, { nullable: true, description: 'Stream id of the proposal the demand is a condition for.' })
  conditionFor?: string;
}

@ObjectType('ProposalMade', {
  ...implementsEvent,
  description:
    "PROPOSAL_MADE: a proposal needing the parties' acceptance (CAMEO by its terms: 0256 for a ceasefire, 0253 for a prisoner exchange, else 02).",
})
export class ProposalMadeModel extends EventModel {
  @Field(() => [ActorModel]) proposers: ActorModel[];
  @Field(() => [ActorModel], { description: 'Whose acceptance is needed.' }) parties: ActorModel[];
  @Field(() => String) title: string;
  @Field(() => TermsModel) terms: TermsModel;
  @Field(() => String, {
    nullable: true,
    description: 'Stream id of the proposal this one answers instead of accepting it (a counter-proposal).',
  })
  counterTo?: string;
  @Field(() => [ActorModel], { description: 'Who support it without proposing it.' }) backers: ActorModel[];
  @Field(() => [ActorModel]) mediators: ActorModel[];
}

@ObjectType('ProposalAccepted', {
  ...implementsEvent,
  description:
    'PROPOSAL_ACCEPTED: a party accepts the proposal of its stream (CAMEO by its terms: 0356 for a ceasefire, 0353 for a prisoner exchange, else 03).',
})
export class ProposalAcceptedModel extends EventModel {
  @Field(() => ActorModel) party: ActorModel;
  @Field(() => [String], { description: 'Non-empty: a conditional acceptance.' }) conditions: string[];
}

@ObjectType('ProposalRejected', {
  ...implementsEvent,
  description:
    'PROPOSAL_REJECTED: a party rejects the proposal of its stream (CAMEO by its terms: 1246 for a ceasefire, 1243 for a prisoner exchange, else 12).',
})
export class ProposalRejectedModel extends EventModel {
  @Field(() => ActorModel) party: ActorModel;
  @Field(() => String, { nullable: true }) reason?: string;
}

@ObjectType('ConditionsMet', {
  ...implementsEvent,
  description: 'CONDITIONS_MET: the conditions a party stated in its acceptance are met (no CAMEO code).',
})
export class ConditionsMetModel extends EventModel {
  @Field(() => ActorModel, { description: 'The party whose conditions are met (or an actor on its side).' })
  party: ActorModel;
  @Field(() => [String], { description: 'Which of its stated conditions; empty: all of them.' }) conditions: string[];
  @Field(() => String, { nullable: true }) text?: string;
}

@ObjectType('AgreementReached', {
  ...implementsEvent,
  description: 'AGREEMENT_REACHED: an agreement, or a declared unilateral truce (CAMEO 057, 0871).',
})
export class AgreementReachedModel extends EventModel {
  @Field(() => [ActorModel]) parties: ActorModel[];
  @Field(() => String) title: string;
  @Field(() => TermsModel) terms: TermsModel;
  @Field(() => DateTimeScalar, { nullable: true }) effectiveFrom?: string;
  @Field(() => DateTimeScalar, { nullable: true }) effectiveUntil?: string;
  @Field(() => Boolean) unilateral: boolean;
  @Field(() => [ActorModel]) mediators: ActorModel[];
  @Field(() => [ActorModel], { description: 'Who guarantee it.' }) guarantors: ActorModel[];
}

@ObjectType('ImplementationReported', {
  ...implementsEvent,
  description:
    'IMPLEMENTATION_REPORTED: a stage of an agreement carried out, as reported (CAMEO 0841 for a prisoner exchange, 087 for a ceasefire, else 08).',
})
export class ImplementationReportedModel extends EventModel {
  @Field(() => ActorModel) reportedBy: ActorModel;
  @Field(() => ActorModel, { nullable: true, description: 'Who carried it out.' }) party?: ActorModel;
  @Field(() => String, { nullable: true }) stage?: string;
  @Field(() => [QuantityModel]) quantities: QuantityModel[];
  @Field(() => Boolean, { description: 'True when the report says the agreement is carried out in full.' })
  complete: boolean;
  @Field(() => [String], {
    description: 'Stream ids of the agreements it carries out, when it sits in a stream of its own.',
  })
  implements: string[];
  @Field(() => String) text: string;
}

@ObjectType('PledgeMade', { ...implementsEvent, description: 'PLEDGE_MADE: a promise by one actor (CAMEO 0356, 030).' })
export class PledgeMadeModel extends EventModel {
  @Field(() => ActorModel) by: ActorModel;
  @Field(() => ActorModel, { nullable: true }) to?: ActorModel;
  @Field(() => PledgeCommitmentModel) commitment: PledgeCommitmentModel;
  @Field(() => DateTimeScalar, { nullable: true, description: 'Default: occurredAt.' }) validFrom?: string;
  @Field(() => Int, { nullable: true }) durationDays?: number;
  @Field(() => DateTimeScalar, { nullable: true }) validUntil?: string;
  @Field(() => String, { nullable: true }) ceasefireId?: string;
}

@ObjectType('PledgeWithdrawn', {
  ...implementsEvent,
  description: 'PLEDGE_WITHDRAWN: the pledge of its stream is withdrawn (CAMEO 1246).',
})
export class PledgeWithdrawnModel extends EventModel {
  @Field(() => ActorModel) by: ActorModel;
  @Field(() => String, { nullable: true }) reason?: string;
}

@ObjectType('PledgeFulfilled', {
  ...implementsEvent,
  description:
    'PLEDGE_FULFILLED: the pledge of its stream is fulfilled (CAMEO 0841 for a release, 087 for a halt of strikes, else 08).',
})
export class PledgeFulfilledModel extends EventModel {
  @Field(() => ActorModel) by: ActorModel;
  @Field(() => String, { nullable: true }) text?: string;
}

@ObjectType('StrikeReported', {
  ...implementsEvent,
  description: 'STRIKE_REPORTED: an attack (CAMEO 195 by drone or aircraft, else 194).',
})
export class StrikeReportedModel extends EventModel {
  @Field(() => ActorModel) attacker: ActorModel;
  @Field(() => TargetCategoryEnum) targetCategory: string;
  @Field(() => String) place: string;
  @Field(() => String, { nullable: true, description: 'ISO 3166 alpha-2.' }) country?: string;
  @Field(() => StrikeMeansEnum, { nullable: true }) means?: string;
  @Field(() => String, { nullable: true }) impact?: string;
}

@ObjectType('ViolationReported', {
  ...implementsEvent,
  description: 'VIOLATION_REPORTED: a reported violation of the pledge or agreement of its stream (CAMEO 196).',
})
export class ViolationReportedModel extends EventModel {
  @Field(() => ActorModel) violator: ActorModel;
  @Field(() => ActorModel) reportedBy: ActorModel;
  @Field(() => [ID]) evidenceEventIds: string[];
  @Field(() => String, { nullable: true }) text?: string;
  @Field(() => Int, { description: 'How many violations the report claims (1 when the payload gives no count).' })
  count: number;
  @Field(() => DateTimeScalar, {
    nullable: true,
    description:
      'When the claimed violations began, as reported; null: the start of occurredAt at its precision (of a cumulative report: the start of its ceasefire or pledge).',
  })
  periodFrom?: string;
  @Field(() => DateTimeScalar, {
    nullable: true,
    description: 'When the claimed violations ended, as reported; null: the end of occurredAt at its precision.',
  })
  periodUntil?: string;
  @Field(() => Boolean, { description: 'True when the count is a running total over the period.' })
  cumulative: boolean;
}

@ObjectType('EventCorrected', {
  ...implementsEvent,
  description: 'EVENT_CORRECTED: a correction of an earlier event of its stream.',
})
export class EventCorrectedModel extends EventModel {
  @Field(() => ID) correctedEventId: string;
  @Field(() => JsonScalar, { nullable: true, description: 'The full corrected payload, when the payload changed.' })
  correctedData?: unknown;
  @Field(() => DateTimeScalar, { nullable: true }) correctedOccurredAt?: string;
  @Field(() => TimePrecisionEnum, { nullable: true }) correctedOccurredPrecision?: string;
  @Field(() => String) reason: string;
}

@ObjectType('EventRetracted', {
  ...implementsEvent,
  description: 'EVENT_RETRACTED: an earlier event of its stream is withdrawn from the record.',
})
export class EventRetractedModel extends EventModel {
  @Field(() => ID) retractedEventId: string;
  @Field(() => String) reason: string;
}

export const EVENT_TYPE_MODELS = [
  CallHeldModel,
  MeetingHeldModel,
  StatementMadeModel,
  ClaimDisputedModel,
  DemandMadeModel,
  ProposalMadeModel,
  ProposalAcceptedModel,
  ProposalRejectedModel,
  ConditionsMetModel,
  AgreementReachedModel,
  ImplementationReportedModel,
  PledgeMadeModel,
  PledgeWithdrawnModel,
  PledgeFulfilledModel,
  StrikeReportedModel,
  ViolationReportedModel,
  EventCorrectedModel,
  EventRetractedModel,
];
