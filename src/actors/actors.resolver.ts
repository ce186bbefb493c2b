/** Query.actors / actor, Mutation.registerActor and the Actor type's linked fields (contract). */
import { Inject } from '@nestjs/common';
import { Args, Context, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { RequireRole } from '../auth/require-role.decorator.js';
import { EventConnectionModel } from '../events/dto/event-filter.input.js';
import { toActorModel } from '../events/event-node.js';
import { EventQueryService } from '../events/event-query.service.js';
import { nodesFor } from '../events/events.resolver.js';
import type { RequestContext } from '../graphql/request-context.js';
import { DateTimeScalar } from '../graphql/scalars.js';
import { ActorModel } from './actor.model.js';
import { ActorsService } from './actors.service.js';
import { RegisterActorInput } from './dto/register-actor.input.js';

@Resolver(() => ActorModel)
export class ActorsResolver {
  constructor(
    @Inject(ActorsService) private readonly actorsService: ActorsService,
    @Inject(EventQueryService) private readonly query: EventQueryService,
  ) {}

  @Query(() => [ActorModel], { description: 'Every registered actor, by id.' })
  async actors(): Promise<ActorModel[]> {
    return (await this.actorsService.list()).map(toActorModel);
  }

  @Query(() => ActorModel, { nullable: true })
  actor(@Context() ctx: RequestContext, @Args('id', { type: () => ID }) id: string): Promise<ActorModel | null> {
    return ctx.loaders.actor.load(id);
  }

  @RequireRole('ADMIN')
  @Mutation(() => ActorModel, { description: 'Registers an actor. Needs an ADMIN key; repeating an identical registration is fine.' })
  async registerActor(@Args('input', { type: () => RegisterActorInput }) input: RegisterActorInput): Promise<ActorModel> {
    return toActorModel((await this.actorsService.register(input)).actor);
  }

  @ResolveField('represents', () => ActorModel, { nullable: true, description: 'The actor this one acts for (putin → russia).' })
  represents(@Parent() actor: ActorModel, @Context() ctx: RequestContext): Promise<ActorModel | null> | null {
    return actor.representsId ? ctx.loaders.actor.load(actor.representsId) : null;
  }

  @ResolveField('principal', () => ActorModel, { description: 'The end of the represents chain: the side the actor is on (putin → russia; russia → russia).' })
  async principal(@Parent() actor: ActorModel, @Context() ctx: RequestContext): Promise<ActorModel> {
    let current = actor;
    for (let hops = 0; current.representsId && hops < 64; hops++) {
      const next = await ctx.loaders.actor.load(current.representsId);
      if (!next) break;
      current = next;
    }
    return current;
  }

  @ResolveField('timeline', () => EventConnectionModel, {
    description: 'Events involving the actor or anyone who acts for it, in valid-time order (occurredAt, then position).',
  })
  async timeline(
    @Parent() actor: ActorModel,
    @Context() ctx: RequestContext,
    @Args('first', { type: () => Int, nullable: true }) first: number | null,
    @Args('after', { type: () => String, nullable: true }) after: string | null,
    @Args('last', { type: () => Int, nullable: true }) last: number | null,
    @Args('before', { type: () => String, nullable: true }) before: string | null,
    @Args('asOf', { type: () => DateTimeScalar, nullable: true, description: 'Only events that occurred by then.' }) asOf: Date | null,
    @Args('knownAt', { type: () => DateTimeScalar, nullable: true, description: 'The record as it stood then.' }) knownAt: Date | null,
  ): Promise<EventConnectionModel> {
    const page = await this.query.page({ actorIds: [actor.id], occurredUpTo: asOf, knownAt }, 'OCCURRED_ASC', { first, after, last, before });
    const nodes = await nodesFor(ctx, page.edges.map((edge) => edge.node), knownAt);
    return { edges: page.edges.map((edge, i) => ({ cursor: edge.cursor, node: nodes[i] })), pageInfo: page.pageInfo, count: page.count };
  }
}
