/**
 * GraphQL types Ceasefire and StateChange (contract); PartyStance is shared with the agreements
 * (agreements/agreement.model.ts). Actors and events are resolved in ceasefires.resolver.ts.
 */
import { Field, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { ActorModel } from '../../actors/actor.model.js';
import { EventModel } from '../../events/models/event.model.js';
import { CeasefireScopeEnum } from '../../graphql/enums.js';
import { BigIntScalar, DateTimeScalar } from '../../graphql/scalars.js';
import { PartyStanceModel } from '../agreements/agreement.model.js';
import { ViolationClaimTallyModel } from '../violations/violation-claim-tally.model.js';
import { ViolationModel } from '../violations/violation.model.js';

export const CeasefireStateEnum = {
  PROPOSED: 'PROPOSED',
  PARTIALLY_ACCEPTED: 'PARTIALLY_ACCEPTED',
  CONDITIONALLY_AGREED: 'CONDITIONALLY_AGREED',
  AGREED: 'AGREED',
  IN_FORCE: 'IN_FORCE',
  VIOLATED: 'VIOLATED',
  REJECTED: 'REJECTED',
  EXPIRED: 'EXPIRED',
  WITHDRAWN: 'WITHDRAWN',
  TERMINATED: 'TERMINATED',
} as const;
registerEnumType(CeasefireStateEnum, {
  name: 'CeasefireState',
  description:
    'CONDITIONALLY_AGREED: every party accepted, at least one on conditions not yet met: not agreed, never in force. TERMINATED: a party renounced it after it was agreed.',
});

@ObjectType('StateChange')
export class StateChangeModel {
  @Field(() => CeasefireStateEnum) state: string;
  @Field(() => DateTimeScalar) at: Date;
  @Field(() => EventModel, { nullable: true, description: 'None when time caused it (entry into force, expiry).' })
  event: unknown;
  eventId: string | null;
}

@ObjectType('Ceasefire')
export class CeasefireModel {
  @Field(() => String, { description: 'The stream id of its PROPOSAL_MADE or AGREEMENT_REACHED.' }) id: string;
  @Field(() => String) title: string;
  @Field(() => CeasefireScopeEnum) scope: string;
  @Field(() => Int, { nullable: true }) durationDays: number | null;
  @Field(() => Int, { nullable: true }) durationHours: number | null;
  @Field(() => Boolean) unilateral: boolean;
  @Field(() => [ActorModel]) proposers: unknown[];
  @Field(() => [PartyStanceModel]) parties: PartyStanceModel[];
  @Field(() => CeasefireStateEnum) state: string;
  @Field(() => DateTimeScalar, { nullable: true }) proposedAt: Date | null;
  @Field(() => DateTimeScalar, { nullable: true }) agreedAt: Date | null;
  @Field(() => DateTimeScalar, { nullable: true }) effectiveFrom: Date | null;
  @Field(() => DateTimeScalar, { nullable: true, description: 'The planned end (a terminated ceasefire keeps it).' })
  expiresAt: Date | null;
  @Field(() => DateTimeScalar, { nullable: true, description: 'When a party renounced it after it was agreed.' })
  terminatedAt: Date | null;
  @Field(() => [ViolationModel]) violations: ViolationModel[];
  @Field(() => ViolationModel, {
    nullable: true,
    description:
      'The earliest violation (what broke it). Asking for this and violationCount instead of violations keeps the answer small.',
  })
  firstViolation: ViolationModel | null;
  @Field(() => Int, { description: 'How many violations there are (violations can run to thousands through a war).' })
  violationCount: number;
  @Field(() => [ViolationClaimTallyModel], {
    description:
      'What each side claims against each other side: every violation report in its stream made by asOf, whatever its violator, with the violations inferred from strikes.',
  })
  violationClaims: ViolationClaimTallyModel[];
  @Field(() => [StateChangeModel]) history: StateChangeModel[];
  @Field(() => BigIntScalar, { description: 'The last log position this answer reflects.' }) position: string;
  proposerIds: string[];
}
