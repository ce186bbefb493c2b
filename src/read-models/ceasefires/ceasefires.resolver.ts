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
import type { RequestContext } from '../../graphql/request-context.js';
import { selectsField } from '../../graphql/selects-field.js';
import { type Answer, SubjectReadsService } from '../projector/subject-reads.service.js';
import { SubjectArgs, TemporalArgs, checkSubjectId, statesFilter } from '../read-model.args.js';
import { listen } from '../read-model-changes.js';
import { violationFields } from '../violations/violation.resolver.js';
import type { CeasefireView } from './ceasefire.fold.js';
import { CeasefireModel, CeasefireStateEnum, PartyStanceModel, StateChangeModel } from './ceasefire.model.js';
import { CEASEFIRES } from './ceasefire.projection.js';

@ArgsType()
class CeasefiresArgs extends TemporalArgs {
  @Field(() => [CeasefireStateEnum], { nullable: true })
  states?: string[] | null;
}

const date = (ms: number | null) => (ms === null ? null : new Date(ms));

export function toCeasefireModel({ view, position, violationCount }: Answer<CeasefireView>): CeasefireModel {
  return {
    id: view.id,
    title: view.title,
    scope: view.scope,
    durationDays: view.durationDays,
    durationHours: view.durationHours,
    unilateral: view.unilateral,
    proposerIds: view.proposers,
    parties: view.parties.map(
      (p) =>
        ({
          actorId: p.actorId,
          stance: p.stance,
          at: date(p.at),
          conditions: p.conditions,
          eventId: p.eventId,
        }) as PartyStanceModel,
    ),
    state: view.state,
    proposedAt: date(view.proposedAt),
    agreedAt: date(view.agreedAt),
    effectiveFrom: date(view.effectiveFrom),
    expiresAt: date(view.expiresAt),
    ...violationFields(view.violations, violationCount),
    history: view.history.map((h) => ({ state: h.state, at: new Date(h.at), eventId: h.eventId }) as StateChangeModel),
    position,
  } as CeasefireModel;
}

@Resolver(() => CeasefireModel)
export class CeasefiresResolver {
  constructor(
    @Inject(SubjectReadsService) private readonly reads: SubjectReadsService,
    @Inject(PgNotifierService) private readonly notifier: PgNotifierService,
  ) {}

  @Query(() => [CeasefireModel], {
    description: 'Every ceasefire (optionally only those in these states), now or at asOf / knownAt.',
  })
  @Cost(READ_MODEL_LIST)
  async ceasefires(
    @Args() { states, ...temporal }: CeasefiresArgs,
    @Info() info: GraphQLResolveInfo,
  ): Promise<CeasefireModel[]> {
    const wanted = statesFilter(states);
    const answers = await this.reads.read(CEASEFIRES, null, {
      ...temporal,
      firstViolationOnly: !selectsField(info, 'violations'),
    });
    return answers.filter((a) => wanted(a.view.state)).map(toCeasefireModel);
  }

  @Query(() => CeasefireModel, { nullable: true })
  @Cost(READ_MODEL_SUBJECT)
  async ceasefire(
    @Args() { id, ...temporal }: SubjectArgs,
    @Info() info: GraphQLResolveInfo,
  ): Promise<CeasefireModel | null> {
    checkSubjectId(id);
    const [answer] = await this.reads.read(CEASEFIRES, [id], {
      ...temporal,
      firstViolationOnly: !selectsField(info, 'violations'),
    });
    return answer ? toCeasefireModel(answer) : null;
  }

  @Subscription(() => CeasefireModel, {
    description: 'Fires with the new state whenever a ceasefire (or the one named) changes.',
  })
  ceasefireChanged(
    @Args('id', { type: () => String, nullable: true }) id: string | null,
  ): AsyncIterableIterator<{ ceasefireChanged: CeasefireModel }> {
    if (id != null) checkSubjectId(id);
    return listen(this.notifier, CEASEFIRES.name, id, async (changedId) => {
      const [answer] = await this.reads.read(CEASEFIRES, [changedId], {});
      return answer ? { ceasefireChanged: toCeasefireModel(answer) } : null;
    });
  }

  @ResolveField('proposers', () => [Object])
  async proposers(@Parent() model: CeasefireModel, @Context() ctx: RequestContext): Promise<ActorModel[]> {
    return (await ctx.loaders.actor.loadMany(model.proposerIds)).filter(
      (a): a is ActorModel => !!a && !(a instanceof Error),
    );
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
