/** GraphQL inputs of appendEvents (contract) and its result. */
import { Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { EventTypeEnum, TimePrecisionEnum } from '../../graphql/enums.js';
import { BigIntScalar, DateTimeScalar, JsonScalar } from '../../graphql/scalars.js';
import type { EventType, TimePrecision } from '../catalogue/event-types.js';
import { EventModel } from '../models/event.model.js';
import { Cost, WHOLE_STREAM } from '../../graphql/field-cost.js';

@InputType('SourceInput')
export class SourceInput {
  @Field(() => String) publisher: string;
  @Field(() => String, { nullable: true }) url?: string;
  @Field(() => String, { nullable: true }) title?: string;
  @Field(() => String, { nullable: true }) quotedText?: string;
  @Field(() => DateTimeScalar, { nullable: true }) publishedAt?: Date;
}

@InputType('NewEventInput')
export class NewEventInput {
  @Field(() => ID, { nullable: true, description: 'A UUID; the idempotency key. Generated when absent.' }) id?: string;
  @Field(() => EventTypeEnum) type: EventType;
  @Field(() => DateTimeScalar) occurredAt: Date;
  @Field(() => TimePrecisionEnum, { nullable: true, description: 'Default MINUTE.' }) occurredPrecision?: TimePrecision;
  @Field(() => JsonScalar, { description: 'The payload of the type (see the event catalogue).' }) data: unknown;
  @Field(() => [SourceInput], { description: 'At least one.' }) sources: SourceInput[];
}

@InputType('AppendEventsInput')
export class AppendEventsInput {
  @Field(() => String) streamId: string;
  @Field(() => Int, {
    nullable: true,
    description: 'Omitted: no check; 0: the stream must not exist; N: its version must be N.',
  })
  expectedVersion?: number;
  @Field(() => [NewEventInput], { description: '1 to 500 events, appended all or nothing.' }) events: NewEventInput[];
  @Field(() => String, {
    nullable: true,
    description: "Stored in each event's metadata; default: a new UUID per append.",
  })
  correlationId?: string;
  @Field(() => String, { nullable: true, description: 'Id of what caused this append, stored in metadata.' })
  causationId?: string;
}

@ObjectType('AppendResult')
export class AppendResultModel {
  @Field(() => String) streamId: string;
  @Field(() => Int) streamVersion: number;
  @Field(() => BigIntScalar) lastPosition: string;
  @Field(() => [EventModel]) events: unknown[];
  @Field(() => Boolean, { description: 'False when every event was already stored (an idempotent retry).' })
  appended: boolean;
}

@ObjectType('Stream')
export class StreamModel {
  @Field(() => String) id: string;
  @Field(() => Int) version: number;
  @Field(() => [EventModel], { description: 'Every event of the stream, in version order.' })
  @Cost(WHOLE_STREAM)
  events: unknown[];
}
