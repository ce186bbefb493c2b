/** GraphQL input EventFilter (contract) and the EventConnection it pages through. */
import { Field, ID, InputType, ObjectType } from '@nestjs/graphql';
import { EventTypeEnum, StrikeMeansEnum, TargetCategoryEnum } from '../../graphql/enums.js';
import { DateTimeScalar } from '../../graphql/scalars.js';
import type { EventType, StrikeMeans, TargetCategory } from '../catalogue/event-types.js';
import { EventModel } from '../models/event.model.js';
import type { EventPage } from '../event-query.service.js';

@InputType('EventFilter')
export class EventFilterInput {
  @Field(() => [EventTypeEnum], { nullable: true }) types?: EventType[];
  @Field(() => [ID], {
    nullable: true,
    description: "Events involving any of these actors or anyone who acts for them (russia finds putin's).",
  })
  actorIds?: string[];
  @Field(() => String, { nullable: true }) streamId?: string;
  @Field(() => DateTimeScalar, { nullable: true, description: 'Inclusive.' }) occurredFrom?: Date;
  @Field(() => DateTimeScalar, { nullable: true, description: 'Exclusive.' }) occurredTo?: Date;
  @Field(() => DateTimeScalar, { nullable: true, description: 'Only what had been recorded by then.' }) knownAt?: Date;
  @Field(() => String, {
    nullable: true,
    description: 'Words in summary, statements and quotes (web-search syntax: "exact phrase", or, -not).',
  })
  text?: string;
  @Field(() => Boolean, { nullable: true, description: 'Default false.' }) includeRetracted?: boolean;
  @Field(() => [String], { nullable: true, description: 'Strikes in any of these countries (ISO 3166-1 alpha-2).' })
  countries?: string[];
  @Field(() => [TargetCategoryEnum], {
    nullable: true,
    description: "Strikes on, and pledges about, any of these targets (a pledge's commitment.targetCategory).",
  })
  targetCategories?: TargetCategory[];
  @Field(() => [StrikeMeansEnum], { nullable: true, description: 'Strikes by any of these means.' })
  means?: StrikeMeans[];
  @Field(() => [ID], {
    nullable: true,
    description:
      "Events whose side (the principal of the primary actor, as eventCounts' SIDE) is one of these; an actor given stands for its principal (putin: russia).",
  })
  sides?: string[];
}

@ObjectType('PageInfo')
export class PageInfoModel {
  @Field(() => Boolean) hasNextPage: boolean;
  @Field(() => Boolean) hasPreviousPage: boolean;
  @Field(() => String, { nullable: true }) startCursor: string | null;
  @Field(() => String, { nullable: true }) endCursor: string | null;
}

@ObjectType('EventEdge')
export class EventEdgeModel {
  @Field(() => String) cursor: string;
  @Field(() => EventModel) node: unknown;
}

@ObjectType('EventConnection')
export class EventConnectionModel {
  @Field(() => [EventEdgeModel]) edges: EventEdgeModel[];
  @Field(() => PageInfoModel) pageInfo: PageInfoModel;
  /** totalCount is resolved in events.resolver.ts, only when asked for. */
  count: EventPage['count'];
}
