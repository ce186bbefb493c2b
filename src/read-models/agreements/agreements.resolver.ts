/**
 * Query.agreements / agreement and Subscription.agreementChanged (contract, "Second edition"), and
 * the fields that lead from an agreement to actors, events and the agreements it is linked to
 * (batched; linked agreements are read at the moment of the answer that names them).
 */
import { Inject } from '@nestjs/common';
import {
  Args,
  ArgsType,
  Context,
  Field,
  ID,
  Info,
  Parent,
  Query,
  ResolveField,
  Resolver,
  Subscription,
} from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import type { ActorModel } from '../../actors/actor.model.js';
import { ActorsService } from '../../actors/actors.service.js';
import { ValidationFailed, badInput } from '../../common/domain-error.js';
import { PgNotifierService } from '../../database/pg-notifier.service.js';
import { type EventNode, nodeById } from '../../events/event-node.js';
import { Cost, READ_MODEL_LIST, READ_MODEL_SUBJECT } from '../../graphql/field-cost.js';
import { type RequestContext, loadActors } from '../../graphql/request-context.js';
import { MAX_STATES, listTooLong } from '../../common/list-limits.js';
import { actorsOf } from '../negotiations/negotiation.js';
import { SubjectReadsService } from '../projector/subject-reads.service.js';
import { SubjectArgs, SubjectListArgs } from '../read-model.args.js';
import { SubjectModels } from '../subject-models.js';
import type { AgreementState, AgreementView } from './agreement.fold.js';
import { agreementAt } from './agreement-loader.js';
import {
  AgreementKindEnum,
  AgreementModel,
  AgreementStateChangeModel,
  AgreementStateEnum,
  ImplementationReportModel,
  PartyStanceModel,
  QuantityProgressModel,
} from './agreement.model.js';
import { toAgreementModel } from './agreement-models.js';
import { AGREEMENTS } from './agreement.projection.js';

@ArgsType()
class AgreementsArgs extends SubjectListArgs {
  @Field(() => [AgreementKindEnum], { nullable: true, description: 'Only agreements of these kinds.' })
  kinds?: string[] | null;

  @Field(() => [AgreementStateEnum], { nullable: true, description: 'Only agreements in these states.' })
  states?: string[] | null;

  @Field(() => ID, {
    nullable: true,
    description:
      'Only agreements where this actor, or anyone acting for it, is a proposer, backer, mediator, guarantor or party.',
  })
  actorId?: string | null;
}

@Resolver(() => AgreementModel)
export class AgreementsResolver {
  private readonly models: SubjectModels<AgreementState, AgreementView, AgreementModel>;

  constructor(
    @Inject(SubjectReadsService) private readonly reads: SubjectReadsService,
    @Inject(PgNotifierService) notifier: PgNotifierService,
    @Inject(ActorsService) private readonly actors: ActorsService,
  ) {
    this.models = new SubjectModels(reads, notifier, AGREEMENTS, toAgreementModel);
  }

  @Query(() => [AgreementModel], {
    description:
      'Every proposal and agreement, of every kind (optionally only these kinds, states, or those an actor has a role in), now or at asOf / knownAt, in id order; a page of them with first/after.',
  })
  @Cost(READ_MODEL_LIST)
  async agreements(
    @Args() { kinds, actorId, ...query }: AgreementsArgs,
    @Info() info: GraphQLResolveInfo,
  ): Promise<AgreementModel[]> {
    const tooLong = listTooLong('kinds', kinds, MAX_STATES);
    if (tooLong) throw new ValidationFailed([tooLong]);
    const wantedKinds = kinds?.length ? new Set(kinds) : null;
    let agents: Set<string> | null = null;
    if (actorId != null) {
      const { agents: found, unknown } = await this.actors.agentsOf([actorId]);
      if (unknown.length > 0) throw badInput('actorId', `unknown actor "${actorId}"`);
      agents = new Set(found);
    }
    return this.models.list(
      query,
      info,
      (view) =>
        (wantedKinds === null || wantedKinds.has(view.terms.kind)) &&
        (agents === null || actorsOf(view).some((a) => agents.has(a))),
    );
  }

  @Query(() => AgreementModel, { nullable: true })
  @Cost(READ_MODEL_SUBJECT)
  async agreement(
    @Args() { id, ...temporal }: SubjectArgs,
    @Info() info: GraphQLResolveInfo,
  ): Promise<AgreementModel | null> {
    return this.models.one(id, temporal, info);
  }

  @Subscription(() => AgreementModel, {
    description: 'Fires with the new state whenever an agreement (or the one named) changes.',
  })
  agreementChanged(
    @Args('id', { type: () => String, nullable: true }) id: string | null,
  ): AsyncIterableIterator<{ agreementChanged: AgreementModel }> {
    return this.models.changes('agreementChanged', id);
  }

  @ResolveField('proposers', () => [Object])
  proposers(@Parent() model: AgreementModel, @Context() ctx: RequestContext): Promise<ActorModel[]> {
    return loadActors(ctx, model.proposerIds);
  }

  @ResolveField('backers', () => [Object])
  backers(@Parent() model: AgreementModel, @Context() ctx: RequestContext): Promise<ActorModel[]> {
    return loadActors(ctx, model.backerIds);
  }

  @ResolveField('mediators', () => [Object])
  mediators(@Parent() model: AgreementModel, @Context() ctx: RequestContext): Promise<ActorModel[]> {
    return loadActors(ctx, model.mediatorIds);
  }

  @ResolveField('guarantors', () => [Object])
  guarantors(@Parent() model: AgreementModel, @Context() ctx: RequestContext): Promise<ActorModel[]> {
    return loadActors(ctx, model.guarantorIds);
  }

  @ResolveField('counterTo', () => AgreementModel, {
    nullable: true,
    description: 'The proposal this one answers instead of accepting it.',
  })
  counterTo(@Parent() model: AgreementModel, @Context() ctx: RequestContext): Promise<AgreementModel | null> {
    return agreementAt(ctx, this.reads, model.moment, model.counterToId);
  }

  @ResolveField('counterProposals', () => [AgreementModel], { description: 'The proposals that answer this one.' })
  async counterProposals(@Parent() model: AgreementModel, @Context() ctx: RequestContext): Promise<AgreementModel[]> {
    const found = await Promise.all(
      model.counterProposalIds.map((id) => agreementAt(ctx, this.reads, model.moment, id)),
    );
    return found.filter((a): a is AgreementModel => a !== null);
  }
}

@Resolver(() => PartyStanceModel)
export class PartyStanceResolver {
  constructor(@Inject(SubjectReadsService) private readonly reads: SubjectReadsService) {}

  @ResolveField('actor', () => Object)
  actor(@Parent() model: PartyStanceModel, @Context() ctx: RequestContext): Promise<ActorModel | null> {
    return ctx.loaders.actor.load(model.actorId);
  }

  @ResolveField('event', () => Object, { nullable: true })
  event(@Parent() model: PartyStanceModel, @Context() ctx: RequestContext): Promise<EventNode | null> {
    return nodeById(ctx, model.eventId);
  }

  @ResolveField('counterProposal', () => AgreementModel, {
    nullable: true,
    description: "The party's counter-proposal, when it answered with one (its latest).",
  })
  counterProposal(@Parent() model: PartyStanceModel, @Context() ctx: RequestContext): Promise<AgreementModel | null> {
    return agreementAt(ctx, this.reads, model.moment, model.counterProposalId);
  }
}

@Resolver(() => ImplementationReportModel)
export class ImplementationReportResolver {
  @ResolveField('event', () => Object)
  event(@Parent() model: ImplementationReportModel, @Context() ctx: RequestContext): Promise<EventNode | null> {
    return nodeById(ctx, model.eventId);
  }

  @ResolveField('reportedBy', () => Object)
  reportedBy(@Parent() model: ImplementationReportModel, @Context() ctx: RequestContext): Promise<ActorModel | null> {
    return ctx.loaders.actor.load(model.reportedById);
  }

  @ResolveField('party', () => Object, { nullable: true })
  party(@Parent() model: ImplementationReportModel, @Context() ctx: RequestContext): Promise<ActorModel | null> | null {
    return model.partyId ? ctx.loaders.actor.load(model.partyId) : null;
  }
}

@Resolver(() => QuantityProgressModel)
export class QuantityProgressResolver {
  @ResolveField('from', () => Object, { nullable: true })
  from(@Parent() model: QuantityProgressModel, @Context() ctx: RequestContext): Promise<ActorModel | null> | null {
    return model.fromId ? ctx.loaders.actor.load(model.fromId) : null;
  }

  @ResolveField('to', () => Object, { nullable: true })
  to(@Parent() model: QuantityProgressModel, @Context() ctx: RequestContext): Promise<ActorModel | null> | null {
    return model.toId ? ctx.loaders.actor.load(model.toId) : null;
  }
}

@Resolver(() => AgreementStateChangeModel)
export class AgreementStateChangeResolver {
  @ResolveField('event', () => Object, { nullable: true })
  event(@Parent() model: AgreementStateChangeModel, @Context() ctx: RequestContext): Promise<EventNode | null> {
    return nodeById(ctx, model.eventId);
  }
}
