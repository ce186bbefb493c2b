/** The actors of a Quantity and the quantities of Terms, batched through the request's loaders. */
import { Context, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { ActorModel } from '../actors/actor.model.js';
import type { Terms } from './catalogue/event-types.js';
import type { RequestContext } from '../graphql/request-context.js';
import { QuantityModel, toQuantityModel } from './models/quantity.model.js';
import { TermsModel } from './models/source.model.js';

@Resolver(() => QuantityModel)
export class QuantityResolver {
  @ResolveField('from', () => ActorModel, { nullable: true, description: 'Who hands over.' })
  from(@Parent() quantity: QuantityModel, @Context() ctx: RequestContext): Promise<ActorModel | null> | null {
    return quantity.fromId ? ctx.loaders.actor.load(quantity.fromId) : null;
  }

  @ResolveField('to', () => ActorModel, { nullable: true, description: 'Who receives.' })
  to(@Parent() quantity: QuantityModel, @Context() ctx: RequestContext): Promise<ActorModel | null> | null {
    return quantity.toId ? ctx.loaders.actor.load(quantity.toId) : null;
  }
}

@Resolver(() => TermsModel)
export class TermsResolver {
  @ResolveField('quantities', () => [QuantityModel], {
    description: 'What changes hands (prisoners, bodies); empty when the terms name no quantities.',
  })
  quantities(@Parent() terms: Pick<Terms, 'quantities'>): QuantityModel[] {
    return (terms.quantities ?? []).map(toQuantityModel);
  }
}
