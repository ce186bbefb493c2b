/** GraphQL type Pledge (contract). Actors and events are resolved in pledges.resolver.ts. */
import { Field, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { ActorModel } from '../../actors/actor.model.js';
import { EventModel } from '../../events/models/event.model.js';
import { BigIntScalar, DateTimeScalar } from '../../graphql/scalars.js';
import { PledgeCommitmentModel } from '../../events/models/source.model.js';
import { ViolationClaimTallyModel } from '../violations/violation-claim-tally.model.js';
import { DurationModel, ViolationModel } from '../violations/violation.model.js';

export const PledgeStateEnum = {
  HOLDING: 'HOLDING',
  BROKEN: 'BROKEN',
  EXPIRED: 'EXPIRED',
  WITHDRAWN: 'WITHDRAWN',
  FULFILLED: 'FULFILLED',
} as const;
registerEnumType(PledgeStateEnum, {
  name: 'PledgeState',
  description: 'FULFILLED: a PLEDGE_FULFILLED by the pledger’s side before any violation, withdrawal or expiry.',
});

@ObjectType('Pledge')
export class PledgeModel {
  @Field(() => String, { description: 'The stream id of its PLEDGE_MADE.' }) id: string;
  @Field(() => ActorModel) by: unknown;
  @Field(() => ActorModel, { nullable: true }) to: unknown;
  @Field(() => String, { description: 'What was promised, in words.' }) commitment: string;
  @Field(() => PledgeCommitmentModel, { description: 'What was promised, as data.' }) terms: PledgeCommitmentModel;
  @Field(() => EventModel, { description: 'The PLEDGE_MADE.' }) event: unknown;
  @Field(() => String, { nullable: true }) ceasefireId: string | null;
  @Field(() => DateTimeScalar) madeAt: Date;
  @Field(() => DateTimeScalar) validFrom: Date;
  @Field(() => DateTimeScalar, { nullable: true }) expiresAt: Date | null;
  @Field(() => PledgeStateEnum) state: string;
  @Field(() => DateTimeScalar, { nullable: true }) brokenAt: Date | null;
  @Field(() => DateTimeScalar, { nullable: true }) fulfilledAt: Date | null;
  @Field(() => Boolean, {
    nullable: true,
    description:
      'Whether the promise was kept: true when FULFILLED, or a promise to halt strikes that EXPIRED unbroken; false when BROKEN, WITHDRAWN, or another promise EXPIRED unfulfilled; null while it holds.',
  })
  kept: boolean | null;
  @Field(() => DurationModel, {
    nullable: true,
    description:
      'Made → first violation (or → withdrawal, expiry, or now while it holds), with the uncertainty of both times.',
  })
  lifetime: DurationModel | null;
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
  @Field(() => BigIntScalar) position: string;
  byId: string;
  toId: string | null;
  eventId: string;
}
