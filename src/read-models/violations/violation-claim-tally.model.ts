/** GraphQL type ViolationClaimTally (contract): what one side claims against another. Actors are resolved in violation.resolver.ts. */
import { Field, Int, ObjectType } from '@nestjs/graphql';
import { ActorModel } from '../../actors/actor.model.js';

@ObjectType('ViolationClaimTally', {
  description:
    'The violation reports one side made against another in the stream of a ceasefire or pledge, whatever their violator, and the violations inferred from the accused side’s strikes in its window.',
})
export class ViolationClaimTallyModel {
  @Field(() => ActorModel, {
    nullable: true,
    description: 'The reporting side (a principal); null on a row of inferred violations alone.',
  })
  reportedBy: unknown;
  @Field(() => ActorModel, { description: 'The accused side (a principal).' }) accused: unknown;
  @Field(() => Int, { description: 'How many reports.' }) reports: number;
  @Field(() => Int, {
    description:
      'The violations they claim: their counts summed, except that a cumulative report replaces the counts of the earlier reports it covers.',
  })
  claimed: number;
  @Field(() => Int, { description: 'How many of the reports stand disputed by another side.' })
  disputedReports: number;
  @Field(() => Int, { description: 'The violations inferred from the accused side’s strikes in the window.' })
  inferred: number;
  reportedById: string | null;
  accusedId: string;
}
