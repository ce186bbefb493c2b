/**
 * GraphQL types Source (contract) and the nested payload types Terms and PledgeCommitment.
 * Terms.quantities is resolved in quantity.resolver.ts (from the payload's quantities).
 */
import { Field, Int, ObjectType } from '@nestjs/graphql';
import { DateTimeScalar } from '../../graphql/scalars.js';
import { CeasefireScopeEnum, PledgeActionEnum, TargetCategoryEnum, TermsKindEnum } from '../../graphql/enums.js';

@ObjectType('Source', { description: 'Where a fact comes from: every event has at least one.' })
export class SourceModel {
  @Field(() => String) publisher: string;
  @Field(() => String, { nullable: true }) url?: string;
  @Field(() => String, { nullable: true }) title?: string;
  @Field(() => String, { nullable: true, description: 'The words of the source that support the event.' })
  quotedText?: string;
  @Field(() => DateTimeScalar, { nullable: true }) publishedAt?: string;
}

@ObjectType('Terms', { description: 'What a proposal or agreement offers.' })
export class TermsModel {
  @Field(() => TermsKindEnum) kind: string;
  @Field(() => CeasefireScopeEnum, { nullable: true }) scope?: string;
  @Field(() => Int, { nullable: true }) durationDays?: number;
  @Field(() => Int, { nullable: true }) durationHours?: number;
  @Field(() => Boolean, { nullable: true }) unconditional?: boolean;
  @Field(() => String, { nullable: true }) text?: string;
}

@ObjectType('PledgeCommitment', { description: 'What a pledge promises.' })
export class PledgeCommitmentModel {
  @Field(() => PledgeActionEnum) action: string;
  @Field(() => TargetCategoryEnum, { nullable: true, description: 'None: strikes on any target.' })
  targetCategory?: string;
  @Field(() => String) text: string;
}
