/**
 * GraphQL types of the claims ledger (contract, "Second edition"): Claim, Dispute, ClaimStatus.
 * Events and actors are resolved in claims.resolver.ts (batched).
 */
import { Field, ObjectType, registerEnumType } from '@nestjs/graphql';
import { ActorModel } from '../../actors/actor.model.js';
import { EventModel } from '../../events/models/event.model.js';
import { BigIntScalar, DateTimeScalar } from '../../graphql/scalars.js';
import type { Moment } from '../projector/subject-reads.service.js';

export const ClaimStatusEnum = {
  UNDISPUTED: 'UNDISPUTED',
  DISPUTED: 'DISPUTED',
  RETRACTED: 'RETRACTED',
} as const;
registerEnumType(ClaimStatusEnum, {
  name: 'ClaimStatus',
  description:
    'RETRACTED: its event was retracted. DISPUTED: a CLAIM_DISPUTED names it by an actor not on the claimant’s side (any dispute, when it has no claimant). Else UNDISPUTED.',
});

@ObjectType('Dispute', { description: 'A CLAIM_DISPUTED naming a claim: who disputed it, when, in what words.' })
export class DisputeModel {
  @Field(() => ActorModel) by: unknown;
  @Field(() => DateTimeScalar) at: Date;
  @Field(() => String) text: string;
  @Field(() => EventModel) event: unknown;
  byId: string;
  eventId: string;
}

@ObjectType('Claim', {
  description:
    'A statement, a violation report, or any event a CLAIM_DISPUTED names: who claims it, whether it stands disputed, and every dispute.',
})
export class ClaimModel {
  @Field(() => EventModel) event: unknown;
  @Field(() => ActorModel, {
    nullable: true,
    description: 'The speaker or the reporter (the disputer, for a disputed CLAIM_DISPUTED); null for other events.',
  })
  claimant: unknown;
  @Field(() => ClaimStatusEnum) status: string;
  @Field(() => [DisputeModel], { description: 'Every dispute naming it, the claimant’s own side included.' })
  disputes: DisputeModel[];
  @Field(() => EventModel, { nullable: true, description: 'The call or meeting a statement gives an account of.' })
  readoutOf: unknown;
  @Field(() => BigIntScalar, { description: 'The log position this answer reflects.' }) position: string;
  eventId: string;
  claimantId: string | null;
  readoutOfId: string | null;
  /** Its time, for ordering and the from/to filter (epoch ms). */
  at: number;
  eventPosition: number;
  moment: Moment;
}
