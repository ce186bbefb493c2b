/**
 * Query.ceasefires / ceasefire and Subscription.ceasefireChanged (contract), and the fields that
 * lead from a ceasefire to actors and events (batched loaders).
 */
import { Inject } from '@nestjs/common';
import {
  Args,
  ArgsType,
  Context,
  Field,
  Info,
  Parent,
  Query,
  ResolveField,
  Resolver,
  Subscription,
} from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import type { ActorModel } from '../../actors/actor.model.js';
import { PgNotifierService } from '../../database/pg-notifier.service.js';
import { type EventNode, nodeById } from '../../events/event-node.js';
import { Cost, READ_MODEL_LIST, READ_MODEL_SUBJECT } from '../../graphql/field-cost.js';
import { type RequestContext, loadActors } from '../../graphql/request-context.js';
import { toPartyStanceModel } from '../agreements/agreement-models.js';
import { type Answer, SubjectReadsService } from '../projector/subject-reads.service.js';
import { SubjectArgs, SubjectListArgs } from '../read-model.args.js';
import { SubjectModels, dateOrNull } from '../subject-models.js';
import { toViolationClaimTallyModel, violationFields } from '../violations/violation.resolver.js';
import type { CeasefireState, CeasefireView } from './ceasefire.fold.js';
import { CeasefireModel, CeasefireStateEnum, StateChangeModel } from './ceasefire.model.js';
import { CEASEFIRES } from './ceasefire.projection.js';

@ArgsType()
class CeasefiresArgs extends SubjectListArgs {
  @Field(() => [CeasefireStateEnum], { nullable: true })
  states?: string[] | null;
}

export function toCeasefireModel({ view, position, violationCount, moment }: Answer<CeasefireView>): CeasefireModel {
  // Its fields one by one: a spread inside an object literal is slow on Node 20 (see negotiationFields).
  const violations = violationFields(view.violations, violationCount);
  return {
    id: view.id,
    title: view.title,
    scope: view.scope,
    durationDays: view.durationDays,
    durationHours: view.durationHours,
    unilateral: view.unilateral,
    proposerIds: view.proposers,
    parties: view.parties.map((p) => toPartyStanceModel(p, moment)),
    state: view.state,
    proposedAt: dateOrNull(view.proposedAt),
    agreedAt: dateOrNull(view.agreedAt),
    effectiveFrom: dateOrNull(view.effectiveFrom),
    expiresAt: dateOrNull(view.expiresAt),
    terminatedAt: dateOrNull(view.terminatedAt),
    violations: violations.violations,
    firstViolation: violations.firstViolation,
    violationCount: violations.violationCount,
    violationClaims: view.violationClaims.map(toViolationClaimTallyModel),
    history: view.history.map((h) => ({ state: h.state, at: new Date(h.at), eventId: h.eventId }) as StateChangeModel),
    position,
  } as CeasefireModel;
}

@Resolver(() => CeasefireModel)
export class CeasefiresResolver {
  private readonly models: SubjectModels<CeasefireState, CeasefireView, CeasefireModel>;

  constructor(
    @Inject(SubjectReadsService) reads: SubjectReadsService,
    @Inject(PgNotifierService) notifier: PgNotifierService,
  ) {
    this.models = new SubjectModels(reads, notifier, CEASEFIRES, toCeasefireModel);
  }

  @Query(() => [CeasefireModel], {
    description:
      'Every ceasefire (optionally only those in these states), now or at asOf / knownAt, in id order; a page of them with first/after.',
  })
  @Cost(READ_MODEL_LIST)
  async ceasefires(@Args() args: CeasefiresArgs, @Info() info: GraphQLResolveInfo): Promise<CeasefireModel[]> {
    return this.models.list(args, info);
  }

  @Query(() => CeasefireModel, { nullable: true })
  @Cost(READ_MODEL_SUBJECT)
  async ceasefire(
    @Args() { id, ...temporal }: SubjectArgs,
    @Info() info: GraphQLResolveInfo,
  ): Promise<CeasefireModel | null> {
    return this.models.one(id, temporal, info);
  }

  @Subscription(() => CeasefireModel, {
    description: 'Fires with the new state whenever a ceasefire (or the one named) changes.',
  })
  ceasefireChanged(
    @Args('id', { type: () => String, nullable: true }) id: string | null,
  ): AsyncIterableIterator<{ ceasefireChanged: CeasefireModel }> {
    return this.models.changes('ceasefireChanged', id);
  }

  @ResolveField('proposers', () => [Object])
  proposers(@Parent() model: CeasefireModel, @Context() ctx: RequestContext): Promise<ActorModel[]> {
    return loadActors(ctx, model.proposerIds);
  }
}

@Resolver(() => StateChangeModel)
export class StateChangeResolver {
  @ResolveField('event', () => Object, { nullable: true })
  event(@Parent() model: StateChangeModel, @Context() ctx: RequestContext): Promise<EventNode | null> {
    return nodeById(ctx, model.eventId);
  }
}
