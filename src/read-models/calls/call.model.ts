/** GraphQL types of the call log: Call and CallPair. Actors and events are resolved in calls.resolver.ts. */
import { Field, Int, ObjectType } from '@nestjs/graphql';
import { ActorModel } from '../../actors/actor.model.js';
import { EventModel } from '../../events/models/event.model.js';
import { CallChannelEnum, TimePrecisionEnum } from '../../graphql/enums.js';
import { BigIntScalar, DateTimeScalar } from '../../graphql/scalars.js';
import type { Moment } from '../projector/subject-reads.service.js';

@ObjectType('Call', { description: 'A call (CALL_HELD) as the record says it, corrections applied.' })
export class CallModel {
  @Field(() => EventModel) event: unknown;
  @Field(() => [ActorModel]) participants: unknown[];
  @Field(() => ActorModel, { nullable: true }) initiator: unknown;
  @Field(() => DateTimeScalar) at: Date;
  @Field(() => TimePrecisionEnum) precision: string;
  @Field(() => Int, { nullable: true }) durationMinutes: number | null;
  @Field(() => CallChannelEnum, { nullable: true }) channel: string | null;
  @Field(() => [String]) topics: string[];
  @Field(() => BigIntScalar, { description: 'The log position this answer reflects.' }) position: string;
  eventId: string;
  participantIds: string[];
  initiatorId: string | null;
  /** The moment the calls were asked about: its readouts (claims/claims.resolver.ts) are read at the same. */
  moment: Moment;
}

@ObjectType('CallPair', { description: 'Two actors who spoke on calls: how often, first and last.' })
export class CallPairModel {
  @Field(() => [ActorModel]) actors: unknown[];
  @Field(() => Int) count: number;
  @Field(() => DateTimeScalar) firstAt: Date;
  @Field(() => DateTimeScalar) lastAt: Date;
  @Field(() => EventModel) lastCall: unknown;
  @Field(() => BigIntScalar) position: string;
  actorIds: string[];
  lastEventId: string;
}
