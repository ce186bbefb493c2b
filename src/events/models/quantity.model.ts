/**
 * GraphQL type Quantity (contract): what changes hands under terms, or in an implementation report.
 * Its `from` and `to` actors are resolved by quantity.resolver.ts through the request's actor
 * loader, so that any answer holding quantities (an event's terms, a read model's) can build them
 * with toQuantityModel.
 */
import { Field, Int, ObjectType } from '@nestjs/graphql';
import type { Quantity } from '../catalogue/event-types.js';

@ObjectType('Quantity', {
  description: 'A quantity of terms or of an implementation report: "1,000 prisoners from Russia to Ukraine".',
})
export class QuantityModel {
  @Field(() => String, { description: 'What is counted: "prisoners", "bodies".' }) what: string;
  @Field(() => Int, { nullable: true, description: 'Null: all of them (open-ended).' }) count: number | null;
  @Field(() => Boolean, { description: 'The count is a minimum ("at least 1,200").' }) atLeast: boolean;
  /** The id of `from` (who hands over), resolved by QuantityResolver. */
  fromId: string | null;
  /** The id of `to` (who receives), resolved by QuantityResolver. */
  toId: string | null;
}

export function toQuantityModel(quantity: Quantity): QuantityModel {
  return {
    what: quantity.what,
    count: quantity.count ?? null,
    atLeast: quantity.atLeast ?? false,
    fromId: quantity.from ?? null,
    toId: quantity.to ?? null,
  };
}
