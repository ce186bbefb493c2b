/** The Violation type's links to its event and actor, and the violation fields every read model with violations answers. */
import { Context, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import type { ActorModel } from '../../actors/actor.model.js';
import { type EventNode, nodeById } from '../../events/event-node.js';
import type { RequestContext } from '../../graphql/request-context.js';
import type { ViolationRecord } from './violation.js';
import { ViolationModel } from './violation.model.js';

/** The list, the earliest and the count (`count` given when the view holds only the earliest: the brief state). */
export function violationFields(
  violations: readonly ViolationRecord[],
  count: number | undefined,
): Pick<
  { violations: ViolationModel[]; firstViolation: ViolationModel | null; violationCount: number },
  'violations' | 'firstViolation' | 'violationCount'
> {
  const models = violations.map(
    (v) => ({ eventId: v.eventId, basis: v.basis, at: new Date(v.at), byId: v.by }) as ViolationModel,
  );
  return { violations: models, firstViolation: models[0] ?? null, violationCount: count ?? models.length };
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
