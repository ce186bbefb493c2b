/**
 * Query.ceasefires / ceasefire / pledges / pledge, Subscription.ceasefireChanged / pledgeChanged
 * (contract), and the fields that lead from read models to actors and events (batched loaders).
 */
import { Inject } from '@nestjs/common';
import { Args, Context, Info, Parent, Query, ResolveField, Resolver, Subscription } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { Cost, READ_MODEL_LIST, READ_MODEL_SUBJECT } from '../graphql/field-cost.js';
import { selectsField } from '../graphql/selects-field.js';
import { ValidationFailed, badInput } from '../common/domain-error.js';
import { MAX_STATES, listTooLong } from '../common/list-limits.js';
import { PgNotifierService } from '../database/pg-notifier.service.js';
import { STREAM_ID_PATTERN } from '../events/catalogue/event-types.js';
import type { EventNode } from '../events/event-node.js';
import { nodeById } from '../events/events.resolver.js';
import type { ActorModel } from '../actors/actor.model.js';
import type { RequestContext } from '../graphql/request-context.js';
import { BigIntScalar, DateTimeScalar } from '../graphql/scalars.js';
import type { CeasefireView } from './ceasefires/ceasefire.fold.js';
import { CeasefireModel, CeasefireStateEnum, PartyStanceModel, StateChangeModel } from './ceasefires/ceasefire.model.js';
import { listen } from './listen.js';
import { PledgeModel, PledgeStateEnum } from './pledges/pledge.model.js';
import type { PledgeView } from './pledges/pledge.fold.js';
import { type Answer, ReadModelsService, type Temporal } from './read-models.service.js';
import { ViolationModel } from './read-model.model.js';

const date = (ms: number | null) => (ms === null ? null : new Date(ms));

/** The list, the earliest and the count (given when the view holds only the earliest: the brief state). */
function violationFields(view: CeasefireView | PledgeView, count: number | undefined) {
  const violations = view.violations.map((v) => ({ eventId: v.eventId, basis: v.basis, at: new Date(v.at), byId: v.by }) as ViolationModel);
  return { violations, firstViolation: violations[0] ?? null, violationCount: count ?? violations.length };
}

export function toCeasefireModel({ view, position, violationCount }: Answer<CeasefireView>): CeasefireModel {
  return {
    id: view.id,
    title: view.title,
    scope: view.scope,
    durationDays: view.durationDays,
    durationHours: view.durationHours,
    unilateral: view.unilateral,
    proposerIds: view.proposers,
    parties: view.parties.map((p) => ({ actorId: p.actorId, stance: p.stance, at: date(p.at), conditions: p.conditions, eventId: p.eventId }) as PartyStanceModel),
    state: view.state,
    proposedAt: date(view.proposedAt),
    agreedAt: date(view.agreedAt),
    effectiveFrom: date(view.effectiveFrom),
    expiresAt: date(view.expiresAt),
    ...violationFields(view, violationCount),
    history: view.history.map((h) => ({ state: h.state, at: new Date(h.at), eventId: h.eventId }) as StateChangeModel),
    position,
  } as CeasefireModel;
}

export function toPledgeModel({ view, position, violationCount }: Answer<PledgeView>): PledgeModel {
  return {
    id: view.id,
    byId: view.by,
    toId: view.to,
    eventId: view.eventId,
    commitment: view.commitment.text,
    terms: { action: view.commitment.action, targetCategory: view.commitment.targetCategory ?? undefined, text: view.commitment.text },
    ceasefireId: view.ceasefireId,
    madeAt: new Date(view.madeAt),
    validFrom: new Date(view.validFrom),
    expiresAt: date(view.expiresAt),
    state: view.state,
    brokenAt: date(view.brokenAt),
    lifetime: view.lifetime,
    ...violationFields(view, violationCount),
    position,
  } as PledgeModel;
}

function checkId(id: string): void {
  if (!STREAM_ID_PATTERN.test(id)) throw badInput('id', 'must be a stream id matching ^[a-z0-9][a-z0-9._:-]{0,127}$');
}

/** Whether an answer in `state` is wanted by a `states` argument (none or empty: every state). */
function statesFilter(states: string[] | null): (state: string) => boolean {
  const tooLong = listTooLong('states', states, MAX_STATES);
  if (tooLong) throw new ValidationFailed([tooLong]);
  if (!states?.length) return () => true;
  const wanted = new Set(states);
  return (state) => wanted.has(state);
}

const temporalArgs = {
  asOf: { type: () => DateTimeScalar, nullable: true, description: 'The world at that moment: only events that occurred by then.' },
  knownAt: { type: () => DateTimeScalar, nullable: true, description: 'The record as it stood then: only events recorded by then.' },
  minPosition: { type: () => BigIntScalar, nullable: true, description: 'Wait (at most 5 s) until the read model reflects this position.' },
} as const;

@Resolver(() => CeasefireModel)
export class CeasefiresResolver {
  constructor(
    @Inject(ReadModelsService) private readonly readModels: ReadModelsService,
    @Inject(PgNotifierService) private readonly notifier: PgNotifierService,
  ) {}

  @Query(() => [CeasefireModel], { description: 'Every ceasefire (optionally only those in these states), now or at asOf / knownAt.' })
  @Cost(READ_MODEL_LIST)
  async ceasefires(
    @Args('states', { type: () => [CeasefireStateEnum], nullable: true }) states: string[] | null,
    @Args('asOf', temporalArgs.asOf) asOf: Date | null,
    @Args('knownAt', temporalArgs.knownAt) knownAt: Date | null,
    @Args('minPosition', temporalArgs.minPosition) minPosition: string | null,
    @Info() info: GraphQLResolveInfo,
  ): Promise<CeasefireModel[]> {
    const wanted = statesFilter(states);
    const answers = await this.readModels.ceasefires(null, { asOf, knownAt, minPosition, firstViolationOnly: !selectsField(info, 'violations') });
    return answers.filter((a) => wanted(a.view.state)).map(toCeasefireModel);
  }

  @Query(() => CeasefireModel, { nullable: true })
  @Cost(READ_MODEL_SUBJECT)
  async ceasefire(
    @Args('id', { type: () => String }) id: string,
    @Args('asOf', temporalArgs.asOf) asOf: Date | null,
    @Args('knownAt', temporalArgs.knownAt) knownAt: Date | null,
    @Args('minPosition', temporalArgs.minPosition) minPosition: string | null,
    @Info() info: GraphQLResolveInfo,
  ): Promise<CeasefireModel | null> {
    checkId(id);
    const [answer] = await this.readModels.ceasefires([id], { asOf, knownAt, minPosition, firstViolationOnly: !selectsField(info, 'violations') });
    return answer ? toCeasefireModel(answer) : null;
  }

  @Subscription(() => CeasefireModel, { description: 'Fires with the new state whenever a ceasefire (or the one named) changes.' })
  ceasefireChanged(@Args('id', { type: () => String, nullable: true }) id: string | null): AsyncIterableIterator<{ ceasefireChanged: CeasefireModel }> {
    if (id != null) checkId(id);
    return listen(this.notifier, 'ceasefires', id, async (changedId) => {
      const [answer] = await this.readModels.ceasefires([changedId], {});
      return answer ? { ceasefireChanged: toCeasefireModel(answer) } : null;
    });
  }

  @ResolveField('proposers', () => [Object])
  async proposers(@Parent() model: CeasefireModel, @Context() ctx: RequestContext): Promise<ActorModel[]> {
    return (await ctx.loaders.actor.loadMany(model.proposerIds)).filter((a): a is ActorModel => !!a && !(a instanceof Error));
  }
}

@Resolver(() => PledgeModel)
export class PledgesResolver {
  constructor(
    @Inject(ReadModelsService) private readonly readModels: ReadModelsService,
    @Inject(PgNotifierService) private readonly notifier: PgNotifierService,
  ) {}

  @Query(() => [PledgeModel], { description: 'Every pledge (optionally only those in these states), now or at asOf / knownAt.' })
  @Cost(READ_MODEL_LIST)
  async pledges(
    @Args('states', { type: () => [PledgeStateEnum], nullable: true }) states: string[] | null,
    @Args('asOf', temporalArgs.asOf) asOf: Date | null,
    @Args('knownAt', temporalArgs.knownAt) knownAt: Date | null,
    @Args('minPosition', temporalArgs.minPosition) minPosition: string | null,
    @Info() info: GraphQLResolveInfo,
  ): Promise<PledgeModel[]> {
    const wanted = statesFilter(states);
    const answers = await this.readModels.pledges(null, { asOf, knownAt, minPosition, firstViolationOnly: !selectsField(info, 'violations') });
    return answers.filter((a) => wanted(a.view.state)).map(toPledgeModel);
  }

  @Query(() => PledgeModel, { nullable: true })
  @Cost(READ_MODEL_SUBJECT)
  async pledge(
    @Args('id', { type: () => String }) id: string,
    @Args('asOf', temporalArgs.asOf) asOf: Date | null,
    @Args('knownAt', temporalArgs.knownAt) knownAt: Date | null,
    @Args('minPosition', temporalArgs.minPosition) minPosition: string | null,
    @Info() info: GraphQLResolveInfo,
  ): Promise<PledgeModel | null> {
    checkId(id);
    const [answer] = await this.readModels.pledges([id], { asOf, knownAt, minPosition, firstViolationOnly: !selectsField(info, 'violations') });
    return answer ? toPledgeModel(answer) : null;
  }

  @Subscription(() => PledgeModel, { description: 'Fires with the new state whenever a pledge (or the one named) changes.' })
  pledgeChanged(@Args('id', { type: () => String, nullable: true }) id: string | null): AsyncIterableIterator<{ pledgeChanged: PledgeModel }> {
    if (id != null) checkId(id);
    return listen(this.notifier, 'pledges', id, async (changedId) => {
      const [answer] = await this.readModels.pledges([changedId], {});
      return answer ? { pledgeChanged: toPledgeModel(answer) } : null;
    });
  }

  @ResolveField('by', () => Object)
  by(@Parent() model: PledgeModel, @Context() ctx: RequestContext): Promise<ActorModel | null> {
    return ctx.loaders.actor.load(model.byId);
  }

  @ResolveField('to', () => Object, { nullable: true })
  to(@Parent() model: PledgeModel, @Context() ctx: RequestContext): Promise<ActorModel | null> | null {
    return model.toId ? ctx.loaders.actor.load(model.toId) : null;
  }

  @ResolveField('event', () => Object)
  event(@Parent() model: PledgeModel, @Context() ctx: RequestContext): Promise<EventNode | null> {
    return nodeById(ctx, model.eventId);
  }
}

@Resolver(() => PartyStanceModel)
export class PartyStanceResolver {
  @ResolveField('actor', () => Object)
  actor(@Parent() model: PartyStanceModel, @Context() ctx: RequestContext): Promise<ActorModel | null> {
    return ctx.loaders.actor.load(model.actorId);
  }

  @ResolveField('event', () => Object, { nullable: true })
  event(@Parent() model: PartyStanceModel, @Context() ctx: RequestContext): Promise<EventNode | null> {
    return nodeById(ctx, model.eventId);
  }
}

@Resolver(() => StateChangeModel)
export class StateChangeResolver {
  @ResolveField('event', () => Object, { nullable: true })
  event(@Parent() model: StateChangeModel, @Context() ctx: RequestContext): Promise<EventNode | null> {
    return nodeById(ctx, model.eventId);
  }
}

@Resolver(() => ViolationModel)
export class ViolationResolver {
  @ResolveField('event', () => Object)
  event(@Parent() model: ViolationModel, @Context() ctx: RequestContext): Promise<EventNode | null> {
    return nodeById(ctx, model.eventId);
  }

  @ResolveField('by', () => Object)
  by(@Parent() model: ViolationModel, @Context() ctx: RequestContext): Promise<ActorModel | null> {
    return ctx.loaders.actor.load(model.byId);
  }
}

export type { Temporal };
