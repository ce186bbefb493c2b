/** GraphQL type CountBucket (contract, "Aggregates"): one period and one combination of keys of eventCounts. */
import { Field, Int, ObjectType } from '@nestjs/graphql';
import { DateTimeScalar } from '../../graphql/scalars.js';

@ObjectType('CountBucket')
export class CountBucketModel {
  @Field(() => DateTimeScalar, { description: 'The start of the period (UTC): a day, a Monday, a first of the month.' })
  periodStart: Date;
  @Field(() => [String], {
    description:
      "One value per dimension of `by`, in that order (SIDE and ACTOR: actor ids); 'NONE' where an event has none.",
  })
  keys: string[];
  @Field(() => Int) count: number;
  @Field(() => Int, {
    description:
      'Of those, the events whose time precision is coarser than the period (a MONTH event in a DAY), counted at their occurredAt.',
  })
  coarse: number;
}
