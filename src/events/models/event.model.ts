/**
 * GraphQL interface Event (contract): the envelope every event type shares. One concrete type per
 * EventType implements it (event-types.model.ts). `retracted` and `correctedBy` are resolved in
 * events.resolver.ts from later EVENT_RETRACTED / EVENT_CORRECTED events.
 */
import { Field, ID, Int, InterfaceType } from '@nestjs/graphql';
import { ActorModel } from '../../actors/actor.model.js';
import { EventTypeEnum, TimePrecisionEnum } from '../../graphql/enums.js';
import { BigIntScalar, DateTimeScalar, JsonScalar } from '../../graphql/scalars.js';
import { GRAPHQL_TYPE_NAMES } from '../event-node.js';
import type { EventType, TimePrecision } from '../catalogue/event-types.js';
import { SourceModel } from './source.model.js';

@InterfaceType('Event', {
  description: 'An immutable, sourced fact of the log.',
  resolveType: (value: { type: EventType }) => GRAPHQL_TYPE_NAMES[value.type],
})
export abstract class EventModel {
  @Field(() => ID, { description: 'UUID; given by the client or generated; the idempotency key.' }) id: string;
  @Field(() => EventTypeEnum) type: EventType;
  @Field(() => String) streamId: string;
  @Field(() => Int) streamVersion: number;
  @Field(() => BigIntScalar, { description: 'Global position in the log: contiguous, in commit order.' })
  position: string;
  @Field(() => DateTimeScalar, { description: 'When it happened (valid time), to occurredPrecision.' })
  occurredAt: Date;
  @Field(() => TimePrecisionEnum) occurredPrecision: TimePrecision;
  @Field(() => DateTimeScalar, { description: 'When it was recorded (transaction time).' }) recordedAt: Date;
  @Field(() => [ActorModel], { description: 'Every actor the event involves.' }) actors: ActorModel[];
  @Field(() => [SourceModel]) sources: SourceModel[];
  @Field(() => String, { description: 'One human sentence, generated from the payload.' }) summary: string;
  @Field(() => JsonScalar, { description: 'The payload as stored (see the event catalogue).' }) data: Record<
    string,
    unknown
  >;
  @Field(() => String, { nullable: true, description: 'The closest CAMEO event code, where one fits.' }) cameoCode:
    string | null;
  @Field(() => Int) schemaVersion: number;
  @Field(() => String, { description: 'Shared by the events of one append (or given by the client).' })
  correlationId: string;
  @Field(() => String, { nullable: true }) causationId: string | null;
  @Field(() => String, {
    description: 'The key name that appended it (for an approved draft: its submitter; for an import: as exported).',
  })
  appendedBy: string;
  @Field(() => String, {
    description:
      "The key name that verified it: a draft's reviewer; for a direct append, its appender (so for events older than review).",
  })
  approvedBy: string;
  @Field(() => String, {
    nullable: true,
    description:
      'For an event imported from an export: the import that wrote it here (import:<key name> or import:<file>), which kept its appendedBy and approvedBy.',
  })
  importedBy: string | null;
}
