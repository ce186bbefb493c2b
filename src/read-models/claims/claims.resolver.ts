/** Query.claims and Query.claim, the fields of Claim and Dispute, and Call.readouts / Call.contested. */
import { Inject } from '@nestjs/common';
import { Args, ArgsType, Context, Field, ID, Int, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import DataLoader from 'dataloader';
import type { ActorModel } from '../../actors/actor.model.js';
import { type EventNode, nodeById } from '../../events/event-node.js';
import { Cost, READ_MODEL_LIST, READ_MODEL_SUBJECT } from '../../graphql/field-cost.js';
import type { RequestContext } from '../../graphql/request-context.js';
import { DateTimeScalar } from '../../graphql/scalars.js';
import { CallModel } from '../calls/call.model.js';
import { byMoment, momentKey } from '../moment-keys.js';
import type { Moment } from '../projector/subject-reads.service.js';
import { TemporalArgs } from '../read-model.args.js';
import { MAX_SUBJECT_PAGE } from '../subject-page.js';
import { ClaimModel, ClaimStatusEnum, DisputeModel } from './claim.model.js';
import { ClaimsService } from './claims.service.js';

@ArgsType()
class ClaimsArgs extends TemporalArgs {
  @Field(() => [ClaimStatusEnum], {
    nullable: true,
    description: 'Only claims in these statuses; default UNDISPUTED and DISPUTED (RETRACTED only when asked for).',
  })
  status?: string[] | null;

  @Field(() => ID, { nullable: true, description: 'Only claims by this actor or by anyone who acts for it.' })
  claimantId?: string | null;

  @Field(() => ID, { nullable: true, description: 'Only the readouts of this call or meeting (its event id).' })
  readoutOf?: string | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'Claims that occurred at or after this (inclusive).' })
  from?: Date | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'Claims that occurred before this (exclusive).' })
  to?: Date | null;

  @Field(() => Int, {
    nullable: true,
    description: `At most this many (1-${MAX_SUBJECT_PAGE}). Without it, every one: large clients should page.`,
  })
  first?: number | null;

  @Field(() => ID, {
    nullable: true,
    description: 'The event id of the last claim of the previous page: only the claims after it in valid-time order.',
  })
  after?: string | null;
}

@ArgsType()
class ClaimArgs {
  @Field(() => ID, { description: 'The event of the claim.' })
  eventId: string;

  @Field(() => DateTimeScalar, { nullable: true, description: 'The world at that moment.' })
  asOf?: Date | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'The record as it stood then.' })
  knownAt?: Date | null;
}

@Resolver(() => ClaimModel)
export class ClaimsResolver {
  constructor(@Inject(ClaimsService) private readonly ledger: ClaimsService) {}

  @Query(() => [ClaimModel], {
    description:
      'Statements, violation reports and disputed events with their claimants, statuses and disputes, in valid-time order (then log position); now or at asOf / knownAt; a page of them with first/after.',
  })
  @Cost(READ_MODEL_LIST)
  async claims(@Args() { first, after, ...query }: ClaimsArgs): Promise<ClaimModel[]> {
    return this.ledger.list(query, { first, after });
  }

  @Query(() => ClaimModel, {
    nullable: true,
    description: 'The claim of one event (null when the event is no claim, or there is none by that id).',
  })
  @Cost(READ_MODEL_SUBJECT)
  async claim(@Args() { eventId, asOf, knownAt }: ClaimArgs): Promise<ClaimModel | null> {
    return this.ledger.one(eventId, { asOf, knownAt });
  }

  @ResolveField('event', () => Object)
  event(@Parent() claim: ClaimModel, @Context() ctx: RequestContext): Promise<EventNode | null> {
    return nodeById(ctx, claim.eventId);
  }

  @ResolveField('claimant', () => Object, { nullable: true })
  claimant(@Parent() claim: ClaimModel, @Context() ctx: RequestContext): Promise<ActorModel | null> | null {
    return claim.claimantId === null ? null : ctx.loaders.actor.load(claim.claimantId);
  }

  @ResolveField('readoutOf', () => Object, { nullable: true })
  readoutOf(@Parent() claim: ClaimModel, @Context() ctx: RequestContext): Promise<EventNode | null> | null {
    return claim.readoutOfId === null ? null : nodeById(ctx, claim.readoutOfId);
  }
}

@Resolver(() => DisputeModel)
export class DisputeResolver {
  @ResolveField('by', () => Object)
  by(@Parent() dispute: DisputeModel, @Context() ctx: RequestContext): Promise<ActorModel | null> {
    return ctx.loaders.actor.load(dispute.byId);
  }

  @ResolveField('event', () => Object)
  event(@Parent() dispute: DisputeModel, @Context() ctx: RequestContext): Promise<EventNode | null> {
    return nodeById(ctx, dispute.eventId);
  }
}

const readoutLoaders = new WeakMap<object, DataLoader<string, ClaimModel[]>>();

/** The readouts of calls, batched per request and per moment (the calls query's asOf / knownAt). */
function readoutsOf(ctx: RequestContext, claims: ClaimsService, moment: Moment, callId: string): Promise<ClaimModel[]> {
  let loader = readoutLoaders.get(ctx);
  if (!loader) {
    loader = new DataLoader<string, ClaimModel[]>(async (keys) => {
      const found = new Map<string, ClaimModel[]>();
      for (const { moment: m, ids } of byMoment(keys))
        for (const [id, list] of await claims.readoutsOf(ids, m)) found.set(momentKey(m, id), list);
      return keys.map((key) => found.get(key) ?? []);
    });
    readoutLoaders.set(ctx, loader);
  }
  return loader.load(momentKey(moment, callId.toLowerCase()));
}

@Resolver(() => CallModel)
export class CallReadoutsResolver {
  constructor(@Inject(ClaimsService) private readonly claims: ClaimsService) {}

  @ResolveField('readouts', () => [ClaimModel], {
    description: 'The statements that give an account of this call (readoutOf), retracted ones left out.',
  })
  readouts(@Parent() call: CallModel, @Context() ctx: RequestContext): Promise<ClaimModel[]> {
    return readoutsOf(ctx, this.claims, call.moment, call.eventId);
  }

  @ResolveField('contested', () => Boolean, { description: 'True when one of its readouts is DISPUTED.' })
  async contested(@Parent() call: CallModel, @Context() ctx: RequestContext): Promise<boolean> {
    const readouts = await readoutsOf(ctx, this.claims, call.moment, call.eventId);
    return readouts.some((r) => r.status === ClaimStatusEnum.DISPUTED);
  }
}
