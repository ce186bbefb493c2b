/** Query.calls and Query.callPairs: the call log of an actor (and of those who act for it). */
import { Inject } from '@nestjs/common';
import { Args, Context, ID, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import type { ActorModel } from '../../actors/actor.model.js';
import { type EventNode, nodeById } from '../../events/event-node.js';
import { CALL_LOG, CALL_PAIRS, Cost } from '../../graphql/field-cost.js';
import { type RequestContext, loadActors } from '../../graphql/request-context.js';
import { DateTimeScalar } from '../../graphql/scalars.js';
import { CallModel, CallPairModel } from './call.model.js';
import { CallLogService } from './call-log.service.js';

const callArgs = {
  actorId: {
    type: () => ID,
    nullable: true,
    description: 'Calls of this actor or of anyone who acts for it; all calls when absent.',
  },
  from: { type: () => DateTimeScalar, nullable: true, description: 'Inclusive.' },
  to: { type: () => DateTimeScalar, nullable: true, description: 'Exclusive.' },
  asOf: { type: () => DateTimeScalar, nullable: true, description: 'Only calls that occurred by then.' },
  knownAt: { type: () => DateTimeScalar, nullable: true, description: 'The record as it stood then.' },
} as const;

@Resolver(() => CallModel)
export class CallsResolver {
  constructor(@Inject(CallLogService) private readonly log: CallLogService) {}

  @Query(() => [CallModel], { description: 'Calls in valid-time order, with participants, time and duration.' })
  @Cost(CALL_LOG)
  async calls(
    @Args('actorId', callArgs.actorId) actorId: string | null,
    @Args('from', callArgs.from) from: Date | null,
    @Args('to', callArgs.to) to: Date | null,
    @Args('asOf', callArgs.asOf) asOf: Date | null,
    @Args('knownAt', callArgs.knownAt) knownAt: Date | null,
  ): Promise<CallModel[]> {
    const { calls, position } = await this.log.calls({ actorId, from, to, asOf, knownAt });
    return calls.map(
      (c) =>
        ({
          eventId: c.eventId,
          participantIds: c.participants,
          initiatorId: c.initiator,
          at: new Date(c.at),
          precision: c.precision,
          durationMinutes: c.durationMinutes,
          channel: c.channel,
          topics: c.topics,
          position,
          moment: { asOf, knownAt },
        }) as CallModel,
    );
  }

  @ResolveField('event', () => Object)
  event(@Parent() call: CallModel, @Context() ctx: RequestContext): Promise<EventNode | null> {
    return nodeById(ctx, call.eventId);
  }

  @ResolveField('participants', () => [Object])
  participants(@Parent() call: CallModel, @Context() ctx: RequestContext): Promise<ActorModel[]> {
    return loadActors(ctx, call.participantIds);
  }

  @ResolveField('initiator', () => Object, { nullable: true })
  initiator(@Parent() call: CallModel, @Context() ctx: RequestContext): Promise<ActorModel | null> | null {
    return call.initiatorId ? ctx.loaders.actor.load(call.initiatorId) : null;
  }
}

@Resolver(() => CallPairModel)
export class CallPairsResolver {
  constructor(@Inject(CallLogService) private readonly log: CallLogService) {}

  @Query(() => [CallPairModel], {
    description: 'Who spoke with whom on calls, how often and when last; most recent first.',
  })
  @Cost(CALL_PAIRS)
  async callPairs(
    @Args('actorId', callArgs.actorId) actorId: string | null,
    @Args('from', callArgs.from) from: Date | null,
    @Args('to', callArgs.to) to: Date | null,
    @Args('asOf', callArgs.asOf) asOf: Date | null,
    @Args('knownAt', callArgs.knownAt) knownAt: Date | null,
  ): Promise<CallPairModel[]> {
    const { pairs, position } = await this.log.pairs({ actorId, from, to, asOf, knownAt });
    return pairs.map(
      (p) =>
        ({
          actorIds: p.actors,
          count: p.count,
          firstAt: new Date(p.firstAt),
          lastAt: new Date(p.lastAt),
          lastEventId: p.lastEventId,
          position,
        }) as unknown as CallPairModel,
    );
  }

  @ResolveField('actors', () => [Object])
  actors(@Parent() pair: CallPairModel, @Context() ctx: RequestContext): Promise<ActorModel[]> {
    return loadActors(ctx, pair.actorIds);
  }

  @ResolveField('lastCall', () => Object)
  lastCall(@Parent() pair: CallPairModel, @Context() ctx: RequestContext): Promise<EventNode | null> {
    return nodeById(ctx, pair.lastEventId);
  }
}
