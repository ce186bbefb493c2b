/** Typed fields that lead from an event to the events it names (batched through the event loader). */
import { Context, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import type { RequestContext } from '../graphql/request-context.js';
import { type EventNode, nodeById, nodesByIds } from './event-node.js';
import {
  ClaimDisputedModel,
  EventCorrectedModel,
  EventRetractedModel,
  StatementMadeModel,
  ViolationReportedModel,
} from './models/event-types.model.js';
import { EventModel } from './models/event.model.js';

@Resolver(() => StatementMadeModel)
export class StatementMadeResolver {
  @ResolveField('readoutOf', () => EventModel, {
    nullable: true,
    description: 'The call or meeting this statement gives an account of (a readout); null for other statements.',
  })
  async readoutOf(@Parent() event: EventNode, @Context() ctx: RequestContext): Promise<EventNode | null> {
    const id = event.readoutOfId;
    return typeof id === 'string' ? nodeById(ctx, id, event.knownAt) : null;
  }
}

@Resolver(() => ClaimDisputedModel)
export class ClaimDisputedResolver {
  @ResolveField('disputedEvent', () => EventModel, { nullable: true })
  async disputedEvent(@Parent() event: EventNode, @Context() ctx: RequestContext): Promise<EventNode | null> {
    return nodeById(ctx, event.disputedEventId as string, event.knownAt);
  }
}

@Resolver(() => ViolationReportedModel)
export class ViolationReportedResolver {
  @ResolveField('evidence', () => [EventModel])
  evidence(@Parent() event: EventNode, @Context() ctx: RequestContext): Promise<EventNode[]> {
    return nodesByIds(ctx, event.evidenceEventIds as string[], event.knownAt);
  }
}

@Resolver(() => EventCorrectedModel)
export class EventCorrectedResolver {
  @ResolveField('correctedEvent', () => EventModel, { nullable: true })
  async correctedEvent(@Parent() event: EventNode, @Context() ctx: RequestContext): Promise<EventNode | null> {
    return nodeById(ctx, event.correctedEventId as string, event.knownAt);
  }
}

@Resolver(() => EventRetractedModel)
export class EventRetractedResolver {
  @ResolveField('retractedEvent', () => EventModel, { nullable: true })
  async retractedEvent(@Parent() event: EventNode, @Context() ctx: RequestContext): Promise<EventNode | null> {
    return nodeById(ctx, event.retractedEventId as string, event.knownAt);
  }
}
