/** Query.actors / actor, Mutation.registerActor and the Actor type's links to other actors (contract; its timeline: read-models/timelines). */
import { Inject } from '@nestjs/common';
import { Args, Context, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { RequireRole } from '../auth/require-role.decorator.js';
import { toActorModel } from '../events/event-node.js';
import type { RequestContext } from '../graphql/request-context.js';
import { ActorModel } from './actor.model.js';
import { ActorsService } from './actors.service.js';
import { RegisterActorInput } from './dto/register-actor.input.js';

@Resolver(() => ActorModel)
export class ActorsResolver {
  constructor(@Inject(ActorsService) private readonly actorsService: ActorsService) {}

  @Query(() => [ActorModel], { description: 'Every registered actor, by id.' })
  async actors(): Promise<ActorModel[]> {
    return (await this.actorsService.list()).map(toActorModel);
  }

  @Query(() => ActorModel, { nullable: true })
  actor(@Context() ctx: RequestContext, @Args('id', { type: () => ID }) id: string): Promise<ActorModel | null> {
    return ctx.loaders.actor.load(id);
  }

  @RequireRole('ADMIN')
  @Mutation(() => ActorModel, {
    description: 'Registers an actor. Needs an ADMIN key; repeating an identical registration is fine.',
  })
  async registerActor(
    @Args('input', { type: () => RegisterActorInput }) input: RegisterActorInput,
  ): Promise<ActorModel> {
    return toActorModel((await this.actorsService.register(input)).actor);
  }

  @ResolveField('represents', () => ActorModel, {
    nullable: true,
    description: 'The actor this one acts for (putin → russia).',
  })
  represents(@Parent() actor: ActorModel, @Context() ctx: RequestContext): Promise<ActorModel | null> | null {
    return actor.representsId ? ctx.loaders.actor.load(actor.representsId) : null;
  }

  @ResolveField('principal', () => ActorModel, {
    description: 'The end of the represents chain: the side the actor is on (putin → russia; russia → russia).',
  })
  async principal(@Parent() actor: ActorModel, @Context() ctx: RequestContext): Promise<ActorModel> {
    let current = actor;
    for (let hops = 0; current.representsId && hops < 64; hops++) {
      const next = await ctx.loaders.actor.load(current.representsId);
      if (!next) break;
      current = next;
    }
    return current;
  }
}
