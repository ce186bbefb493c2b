/**
 * GraphQL types of the agreements read model (contract, "Second edition"): Agreement, its
 * implementation, and PartyStance, which ceasefires share. Actors, events and linked agreements are
 * resolved in agreements.resolver.ts (batched).
 */
import { Field, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { ActorModel } from '../../actors/actor.model.js';
import { EventModel } from '../../events/models/event.model.js';
import { QuantityModel } from '../../events/models/quantity.model.js';
import { BigIntScalar, DateTimeScalar } from '../../graphql/scalars.js';
import type { Moment } from '../projector/subject-reads.service.js';
import { DurationModel } from '../violations/violation.model.js';

export const AgreementKindEnum = {
  CEASEFIRE: 'CEASEFIRE',
  PEACE_DEAL: 'PEACE_DEAL',
  PRISONER_EXCHANGE: 'PRISONER_EXCHANGE',
  OTHER: 'OTHER',
} as const;
registerEnumType(AgreementKindEnum, { name: 'AgreementKind', description: "The kind of an agreement's terms." });

export const AgreementStateEnum = {
  PROPOSED: 'PROPOSED',
  PARTIALLY_ACCEPTED: 'PARTIALLY_ACCEPTED',
  CONDITIONALLY_AGREED: 'CONDITIONALLY_AGREED',
  AGREED: 'AGREED',
  REJECTED: 'REJECTED',
  WITHDRAWN: 'WITHDRAWN',
  TERMINATED: 'TERMINATED',
} as const;
registerEnumType(AgreementStateEnum, {
  name: 'AgreementState',
  description:
    'CONDITIONALLY_AGREED: every party accepted, at least one on conditions not yet met (not agreed). TERMINATED: a party renounced it after it was agreed.',
});

export const ImplementationStatusEnum = {
  NOT_STARTED: 'NOT_STARTED',
  IN_PROGRESS: 'IN_PROGRESS',
  COMPLETED: 'COMPLETED',
} as const;
registerEnumType(ImplementationStatusEnum, { name: 'ImplementationStatus' });

export const StanceEnum = {
  PENDING: 'PENDING',
  ACCEPTED: 'ACCEPTED',
  CONDITIONALLY_ACCEPTED: 'CONDITIONALLY_ACCEPTED',
  REJECTED: 'REJECTED',
} as const;
registerEnumType(StanceEnum, { name: 'Stance' });

/** What a model needs to read the agreements it links to at the same moment. */
export interface Linked {
  moment: Moment;
}

@ObjectType('PartyStance', {
  description: "A party's latest acceptance or rejection, given by it or by anyone on its side.",
})
export class PartyStanceModel implements Linked {
  @Field(() => ActorModel) actor: unknown;
  @Field(() => StanceEnum) stance: string;
  @Field(() => DateTimeScalar, {
    nullable: true,
    description: 'When the stance was taken (an acceptance keeps its time when its conditions are met later).',
  })
  at: Date | null;
  @Field(() => [String], { description: 'The conditions the acceptance stated, as written.' }) conditions: string[];
  @Field(() => [String], { description: 'Conditions stated and not yet met.' }) conditionsPending: string[];
  @Field(() => DateTimeScalar, { nullable: true, description: 'When the last of its conditions was met.' })
  conditionsMetAt: Date | null;
  @Field(() => DurationModel, {
    nullable: true,
    description:
      'Only while PENDING: from the proposal to asOf (or now), or to when the subject stopped waiting for answers; bounds from the proposal’s precision.',
  })
  pendingFor: DurationModel | null;
  @Field(() => EventModel, { nullable: true, description: 'The acceptance or rejection.' }) event: unknown;
  actorId: string;
  eventId: string | null;
  /** The stream id of the party's latest counter-proposal (resolved as `counterProposal`). */
  counterProposalId: string | null;
  moment: Moment;
}

@ObjectType('QuantityProgress', {
  description: 'An agreed quantity and how much of it the reports say was carried out.',
})
export class QuantityProgressModel {
  @Field(() => String) what: string;
  @Field(() => ActorModel, { nullable: true, description: 'Who hands over.' }) from: unknown;
  @Field(() => ActorModel, { nullable: true, description: 'Who receives.' }) to: unknown;
  @Field(() => Int, { nullable: true, description: 'Null: all of them (open-ended).' }) agreed: number | null;
  @Field(() => Boolean, { description: 'The agreed count is a minimum.' }) atLeast: boolean;
  @Field(() => Int, { description: 'The reported total (a stage reported twice counts once).' }) reported: number;
  fromId: string | null;
  toId: string | null;
}

@ObjectType('ImplementationReport')
export class ImplementationReportModel {
  @Field(() => EventModel) event: unknown;
  @Field(() => DateTimeScalar, { description: 'When the stage was carried out.' }) at: Date;
  @Field(() => ActorModel) reportedBy: unknown;
  @Field(() => ActorModel, { nullable: true, description: 'Who carried it out.' }) party: unknown;
  @Field(() => String, { nullable: true }) stage: string | null;
  @Field(() => [QuantityModel]) quantities: QuantityModel[];
  @Field(() => Boolean) complete: boolean;
  @Field(() => String) text: string;
  eventId: string;
  reportedById: string;
  partyId: string | null;
}

@ObjectType('Implementation')
export class ImplementationModel {
  @Field(() => ImplementationStatusEnum) status: string;
  @Field(() => DateTimeScalar, { nullable: true, description: 'The earliest report.' }) startedAt: Date | null;
  @Field(() => DateTimeScalar, { nullable: true, description: 'The moment it became COMPLETED.' })
  completedAt: Date | null;
  @Field(() => [QuantityProgressModel]) progress: QuantityProgressModel[];
  @Field(() => [ImplementationReportModel], { description: 'In valid-time order.' })
  reports: ImplementationReportModel[];
}

@ObjectType('AgreementStateChange')
export class AgreementStateChangeModel {
  @Field(() => AgreementStateEnum) state: string;
  @Field(() => DateTimeScalar) at: Date;
  @Field(() => EventModel, { nullable: true }) event: unknown;
  eventId: string | null;
}

@ObjectType('Agreement', {
  description:
    'A proposal or agreement of any kind (ceasefires too): who proposed, backs, mediates and guarantees it, the parties’ stances, its state, counter-proposals and implementation.',
})
export class AgreementModel implements Linked {
  @Field(() => String, { description: 'The stream id of its PROPOSAL_MADE or AGREEMENT_REACHED.' }) id: string;
  @Field(() => AgreementKindEnum) kind: string;
  @Field(() => String) title: string;
  @Field(() => String, { nullable: true, description: 'The terms in words.' }) text: string | null;
  @Field(() => Boolean, { description: 'A declared truce: its parties declared it.' }) unilateral: boolean;
  @Field(() => [ActorModel]) proposers: unknown[];
  @Field(() => [ActorModel], { description: 'Support it without proposing it.' }) backers: unknown[];
  @Field(() => [ActorModel]) mediators: unknown[];
  @Field(() => [ActorModel]) guarantors: unknown[];
  @Field(() => [PartyStanceModel]) parties: PartyStanceModel[];
  @Field(() => AgreementStateEnum) state: string;
  @Field(() => DateTimeScalar, { nullable: true }) proposedAt: Date | null;
  @Field(() => DateTimeScalar, { nullable: true }) agreedAt: Date | null;
  @Field(() => DateTimeScalar, { nullable: true }) withdrawnAt: Date | null;
  @Field(() => DateTimeScalar, { nullable: true }) terminatedAt: Date | null;
  @Field(() => [QuantityModel], { description: "The terms' quantities." }) quantities: QuantityModel[];
  @Field(() => ImplementationModel) implementation: ImplementationModel;
  @Field(() => [AgreementStateChangeModel]) history: AgreementStateChangeModel[];
  @Field(() => BigIntScalar, { description: 'The last log position this answer reflects.' }) position: string;
  proposerIds: string[];
  backerIds: string[];
  mediatorIds: string[];
  guarantorIds: string[];
  counterToId: string | null;
  counterProposalIds: string[];
  moment: Moment;
}
