/** Actor.timeline: the events involving an actor or anyone who acts for it, in valid-time order, paged (Relay). */
import { Inject } from '@nestjs/common';
import { Args, Context, Int, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { ActorModel } from '../../actors/actor.model.js';
import { EventConnectionModel } from '../../events/dto/event-filter.input.js';
import { nodesFor } from '../../events/event-node.js';
import { EventQueryService } from '../../events/event-query.service.js';
import type { RequestContext } from '../../graphql/request-context.js';
import { DateTimeScalar } from '../../graphql/scalars.js';

@Resolver(() => ActorModel)
export class TimelinesResolver {
  constructor(@Inject(EventQueryService) private readonly query: EventQueryService) {}

  @ResolveField('timeline', () => EventConnectionModel, {
    description:
      'Events involving the actor or anyone who acts for it, in valid-time order (occurredAt, then position).',
  })
  async timeline(
    @Parent() actor: ActorModel,
    @Context() ctx: RequestContext,
    @Args('first', { type: () => Int, nullable: true }) first: number | null,
    @Args('after', { type: () => String, nullable: true }) after: string | null,
    @Args('last', { type: () => Int, nullable: true }) last: number | null,
    @Args('before', { type: () => String, nullable: true }) before: string | null,
    @Args('asOf', { type: () => DateTimeScalar, nullable: true, description: 'Only events that occurred by then.' })
    asOf: Date | null,
    @Args('knownAt', { type: () => DateTimeScalar, nullable: true, description: 'The record as it stood then.' })
    knownAt: Date | null,
  ): Promise<EventConnectionModel> {
    const page = await this.query.page({ actorIds: [actor.id], occurredUpTo: asOf, knownAt }, 'OCCURRED_ASC', {
      first,
      after,
      last,
      before,
    });
    const nodes = await nodesFor(
      ctx,
      page.edges.map((edge) => edge.node),
      knownAt,
    );
    return {
      edges: page.edges.map((edge, i) => ({ cursor: edge.cursor, node: nodes[i] })),
      pageInfo: page.pageInfo,
      count: page.count,
    };
  }
}
