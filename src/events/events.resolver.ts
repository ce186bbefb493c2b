/** Query.events / event / stream and Mutation.appendEvents (contract). */
import { Inject } from '@nestjs/common';
import { Args, Context, ID, Info, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { RequireRole } from '../auth/require-role.decorator.js';
import { checkAccess } from '../auth/roles.guard.js';
import { PENDING_REVIEW } from '../drafts/draft-preview.js';
import { DomainError } from '../common/domain-error.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import type { RequestContext } from '../graphql/request-context.js';
import { EventOrderEnum } from '../graphql/enums.js';
import { BigIntScalar } from '../graphql/scalars.js';
import { selectsField } from '../graphql/selects-field.js';
import { AppendEventsInput, AppendResultModel, StreamModel } from './dto/append-events.input.js';
import { EventConnectionModel, EventFilterInput } from './dto/event-filter.input.js';
import type { EventOrder } from './event-cursor.js';
import { type EventNode, nodeById, nodesFor } from './event-node.js';
import { EventQueryService } from './event-query.service.js';
import { EventStoreService } from './event-store.service.js';
import { EventModel } from './models/event.model.js';

@Resolver(() => EventConnectionModel)
export class EventsResolver {
  constructor(
    @Inject(EventStoreService) private readonly store: EventStoreService,
    @Inject(EventQueryService) private readonly query: EventQueryService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Query(() => EventConnectionModel, {
    description:
      'The log, filtered and paged (at most 500 a page; default first 50). minPosition: wait (at most 5 s, then NOT_CAUGHT_UP) until the log read has reached that position (read your writes, with a read replica).',
  })
  async events(
    @Context() ctx: RequestContext,
    @Args('filter', { type: () => EventFilterInput, nullable: true }) filter: EventFilterInput | null,
    @Args('orderBy', { type: () => EventOrderEnum, nullable: true }) orderBy: EventOrder | null,
    @Args('first', { type: () => Int, nullable: true }) first: number | null,
    @Args('after', { type: () => String, nullable: true }) after: string | null,
    @Args('last', { type: () => Int, nullable: true }) last: number | null,
    @Args('before', { type: () => String, nullable: true }) before: string | null,
    @Args('minPosition', { type: () => BigIntScalar, nullable: true }) minPosition: string | null,
  ): Promise<EventConnectionModel> {
    if (minPosition != null) await this.query.waitForPosition(minPosition);
    const page = await this.query.page(filter, orderBy ?? 'POSITION_ASC', { first, after, last, before });
    const nodes = await nodesFor(
      ctx,
      page.edges.map((edge) => edge.node),
      filter?.knownAt ?? null,
    );
    return {
      edges: page.edges.map((edge, i) => ({ cursor: edge.cursor, node: nodes[i] })),
      pageInfo: page.pageInfo,
      count: page.count,
    };
  }

  @ResolveField('totalCount', () => Int, { description: 'How many events the filter matches, on all pages.' })
  totalCount(@Parent() connection: EventConnectionModel): Promise<number> {
    return connection.count();
  }

  @Query(() => EventModel, {
    nullable: true,
    description: 'One event by id. minPosition: as for events.',
  })
  async event(
    @Context() ctx: RequestContext,
    @Args('id', { type: () => ID }) id: string,
    @Args('minPosition', { type: () => BigIntScalar, nullable: true }) minPosition: string | null,
  ): Promise<EventNode | null> {
    if (minPosition != null) await this.query.waitForPosition(minPosition);
    return nodeById(ctx, id);
  }

  @Query(() => StreamModel, { nullable: true, description: 'A stream (one subject) with its events in version order.' })
  async stream(
    @Context() ctx: RequestContext,
    @Args('id', { type: () => String }) id: string,
  ): Promise<StreamModel | null> {
    const events = await this.query.stream(id);
    if (events.length === 0) return null;
    return { id, version: events[events.length - 1].streamVersion, events: await nodesFor(ctx, events) };
  }

  @RequireRole('EDITOR')
  @Mutation(() => AppendResultModel, {
    description:
      'Appends events to one stream, all or nothing, recorded with appendedBy and approvedBy = this key. Needs an ADMIN key; refused when REQUIRE_REVIEW is on (submit a draft). validateOnly: writes nothing and answers what would be appended (appended false); an EDITOR key may ask that, to preview a draft.',
  })
  async appendEvents(
    @Context() ctx: RequestContext,
    @Args('input', { type: () => AppendEventsInput }) input: AppendEventsInput,
    @Args('validateOnly', { type: () => Boolean, nullable: true }) validateOnly: boolean | null,
    @Info() info: GraphQLResolveInfo,
  ): Promise<AppendResultModel> {
    const principal = ctx.principal!;
    if (validateOnly) {
      // What a draft of this caller would become: an EDITOR's events await a reviewer.
      const appender = {
        keyName: principal.keyName,
        approvedBy: principal.role === 'ADMIN' ? undefined : PENDING_REVIEW,
      };
      const preview = await this.store.preview(input, appender);
      return { ...preview, events: await nodesFor(ctx, preview.events) };
    }
    checkAccess(ctx, 'ADMIN', false);
    if (this.config.requireReview)
      throw new DomainError(
        'FORBIDDEN',
        'REQUIRE_REVIEW is on: every event passes through review; submit a draft (submitDraft) for another ADMIN to approve',
      );
    const appender = { keyName: principal.keyName };
    // Most callers ask for lastPosition only: then the stored rows are neither read back nor turned into nodes.
    const returnEvents = selectsField(info, 'events');
    const outcome = await this.store.append(input, appender, { returnEvents });
    return { ...outcome, events: returnEvents ? await nodesFor(ctx, outcome.events) : [] };
  }
}

/** Fields every event type has that come from other events: retracted, correctedBy. */
@Resolver(() => EventModel)
export class EventFieldsResolver {
  @ResolveField('retracted', () => Boolean, {
    description: 'An EVENT_RETRACTED names this event (recorded by knownAt, when the query gave one).',
  })
  async retracted(@Parent() event: EventNode, @Context() ctx: RequestContext): Promise<boolean> {
    return (await ctx.loaders.amendments.load(amendmentKey(event))).retracted;
  }

  @ResolveField('correctedBy', () => EventModel, {
    nullable: true,
    description: 'The latest EVENT_CORRECTED that names this event.',
  })
  async correctedBy(@Parent() event: EventNode, @Context() ctx: RequestContext): Promise<EventNode | null> {
    const { correctedBy } = await ctx.loaders.amendments.load(amendmentKey(event));
    return correctedBy ? (await nodesFor(ctx, [correctedBy], event.knownAt))[0] : null;
  }
}

function amendmentKey(event: EventNode): string {
  return `${event.id}|${event.knownAt ? event.knownAt.toISOString() : ''}`;
}
