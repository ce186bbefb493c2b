/**
 * The Violation and ViolationClaimTally types' links to events and actors, and the violation fields
 * every read model with violations answers.
 */
import { Context, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import type { ActorModel } from '../../actors/actor.model.js';
import { type EventNode, nodeById } from '../../events/event-node.js';
import type { RequestContext } from '../../graphql/request-context.js';
import { dateOrNull } from '../subject-models.js';
import type { ViolationView } from './violation.js';
import type { ViolationClaimTally } from './violation-claims.js';
import { ViolationClaimTallyModel } from './violation-claim-tally.model.js';
import { ViolationModel } from './violation.model.js';

/** The list, the earliest and the count (`count` given when the view holds only the earliest: the brief state). */
export function violationFields(
  violations: readonly ViolationView[],
  count: number | undefined,
): Pick<
  { violations: ViolationModel[]; firstViolation: ViolationModel | null; violationCount: number },
  'violations' | 'firstViolation' | 'violationCount'
> {
  const models = violations.map(
    (v) =>
      ({
        eventId: v.eventId,
        basis: v.basis,
        at: new Date(v.at),
        byId: v.by,
        count: v.count,
        periodFrom: dateOrNull(v.periodFrom),
        periodUntil: dateOrNull(v.periodUntil),
        reportedById: v.reportedBy,
      }) as ViolationModel,
  );
  return { violations: models, firstViolation: models[0] ?? null, violationCount: count ?? models.length };
}

export function toViolationClaimTallyModel(tally: ViolationClaimTally): ViolationClaimTallyModel {
  return {
    reportedById: tally.reportedBy,
    accusedId: tally.accused,
    reports: tally.reports,
    claimed: tally.claimed,
    disputedReports: tally.disputedReports,
    inferred: tally.inferred,
  } as ViolationClaimTallyModel;
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

  @ResolveField('reportedBy', () => Object, { nullable: true })
  reportedBy(@Parent() model: ViolationModel, @Context() ctx: RequestContext): Promise<ActorModel | null> | null {
    return model.reportedById ? ctx.loaders.actor.load(model.reportedById) : null;
  }
}

@Resolver(() => ViolationClaimTallyModel)
export class ViolationClaimTallyResolver {
  @ResolveField('reportedBy', () => Object, { nullable: true })
  reportedBy(
    @Parent() model: ViolationClaimTallyModel,
    @Context() ctx: RequestContext,
  ): Promise<ActorModel | null> | null {
    return model.reportedById ? ctx.loaders.actor.load(model.reportedById) : null;
  }

  @ResolveField('accused', () => Object)
  accused(@Parent() model: ViolationClaimTallyModel, @Context() ctx: RequestContext): Promise<ActorModel | null> {
    return ctx.loaders.actor.load(model.accusedId);
  }
}
