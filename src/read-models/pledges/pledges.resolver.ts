/** Query.pledges / pledge and Subscription.pledgeChanged (contract), and a pledge's links to actors and its event. */
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
import type { RequestContext } from '../../graphql/request-context.js';
import { type Answer, SubjectReadsService } from '../projector/subject-reads.service.js';
import { SubjectArgs, SubjectListArgs } from '../read-model.args.js';
import { SubjectModels, dateOrNull } from '../subject-models.js';
import { toViolationClaimTallyModel, violationFields } from '../violations/violation.resolver.js';
import type { PledgeState, PledgeView } from './pledge.fold.js';
import { PledgeModel, PledgeStateEnum } from './pledge.model.js';
import { PLEDGES } from './pledge.projection.js';

@ArgsType()
class PledgesArgs extends SubjectListArgs {
  @Field(() => [PledgeStateEnum], { nullable: true })
  states?: string[] | null;
}

export function toPledgeModel({ view, position, violationCount }: Answer<PledgeView>): PledgeModel {
  // Its fields one by one: a spread inside an object literal is slow on Node 20 (see negotiationFields).
  const violations = violationFields(view.violations, violationCount);
  return {
    id: view.id,
    byId: view.by,
    toId: view.to,
    eventId: view.eventId,
    commitment: view.commitment.text,
    terms: {
      action: view.commitment.action,
      targetCategory: view.commitment.targetCategory ?? undefined,
      text: view.commitment.text,
    },
    ceasefireId: view.ceasefireId,
    madeAt: new Date(view.madeAt),
    validFrom: new Date(view.validFrom),
    expiresAt: dateOrNull(view.expiresAt),
    state: view.state,
    brokenAt: dateOrNull(view.brokenAt),
    fulfilledAt: dateOrNull(view.fulfilledAt),
    kept: view.kept,
    lifetime: view.lifetime,
    violations: violations.violations,
    firstViolation: violations.firstViolation,
    violationCount: violations.violationCount,
    violationClaims: view.violationClaims.map(toViolationClaimTallyModel),
    position,
  } as PledgeModel;
}

@Resolver(() => PledgeModel)
export class PledgesResolver {
  private readonly models: SubjectModels<PledgeState, PledgeView, PledgeModel>;

  constructor(
    @Inject(SubjectReadsService) reads: SubjectReadsService,
    @Inject(PgNotifierService) notifier: PgNotifierService,
  ) {
    this.models = new SubjectModels(reads, notifier, PLEDGES, toPledgeModel);
  }

  @Query(() => [PledgeModel], {
    description:
      'Every pledge (optionally only those in these states), now or at asOf / knownAt, in id order; a page of them with first/after.',
  })
  @Cost(READ_MODEL_LIST)
  async pledges(@Args() args: PledgesArgs, @Info() info: GraphQLResolveInfo): Promise<PledgeModel[]> {
    return this.models.list(args, info);
  }

  @Query(() => PledgeModel, { nullable: true })
  @Cost(READ_MODEL_SUBJECT)
  async pledge(
    @Args() { id, ...temporal }: SubjectArgs,
    @Info() info: GraphQLResolveInfo,
  ): Promise<PledgeModel | null> {
    return this.models.one(id, temporal, info);
  }

  @Subscription(() => PledgeModel, {
    description: 'Fires with the new state whenever a pledge (or the one named) changes.',
  })
  pledgeChanged(
    @Args('id', { type: () => String, nullable: true }) id: string | null,
  ): AsyncIterableIterator<{ pledgeChanged: PledgeModel }> {
    return this.models.changes('pledgeChanged', id);
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
