/** Query.drafts / draft and the mutations of the review (contract, block "Verification"). */
import { Inject } from '@nestjs/common';
import { Args, Context, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import DataLoader from 'dataloader';
import { RequireRole } from '../auth/require-role.decorator.js';
import { AppendResultModel } from '../events/dto/append-events.input.js';
import { EventModel } from '../events/models/event.model.js';
import { type EventNode, nodesByIds, nodesFor } from '../events/event-node.js';
import type { RequestContext } from '../graphql/request-context.js';
import { previewFromJson } from './draft-preview.js';
import type { AuditRow, DraftRow, RevisionRow } from './drafts.repository.js';
import { DraftsService } from './drafts.service.js';
import {
  DraftAuditEntryModel,
  DraftModel,
  DraftRevisionModel,
  DraftStatusEnum,
  SubmitDraftInput,
} from './models/draft.model.js';

@Resolver(() => DraftModel)
export class DraftsResolver {
  /** Per request: the revisions and audit of every draft it asks about, each in one query. */
  private readonly loaders = new WeakMap<RequestContext, DraftLoaders>();

  constructor(@Inject(DraftsService) private readonly service: DraftsService) {}

  @RequireRole('EDITOR')
  @Query(() => [DraftModel], {
    description:
      'Drafts, oldest first: an EDITOR sees its own, an ADMIN all. `after`: the id of the last draft of the previous page; first 1-100 (default 50). Needs an EDITOR or ADMIN key.',
  })
  drafts(
    @Context() ctx: RequestContext,
    @Args('status', { type: () => [DraftStatusEnum], nullable: true }) status: string[] | null,
    @Args('first', { type: () => Int, nullable: true }) first: number | null,
    @Args('after', { type: () => String, nullable: true }) after: string | null,
  ): Promise<DraftRow[]> {
    return this.service.list(ctx.principal!, status, first, after);
  }

  @RequireRole('EDITOR')
  @Query(() => DraftModel, { nullable: true, description: 'A draft the caller may see (null otherwise).' })
  draft(@Context() ctx: RequestContext, @Args('id', { type: () => ID }) id: string): Promise<DraftRow | null> {
    return this.service.get(id, ctx.principal!);
  }

  @RequireRole('EDITOR')
  @Mutation(() => DraftModel, {
    description:
      'Submits events for review, checked in full now (the field paths of appendEvents) and stored PENDING outside the log. Needs an EDITOR or ADMIN key.',
  })
  submitDraft(
    @Context() ctx: RequestContext,
    @Args('input', { type: () => SubmitDraftInput }) input: SubmitDraftInput,
  ): Promise<DraftRow> {
    return this.service.submit(input, ctx.principal!);
  }

  @RequireRole('EDITOR')
  @Mutation(() => DraftModel, { description: 'Replaces a PENDING draft by a new revision (its submitter only).' })
  reviseDraft(
    @Context() ctx: RequestContext,
    @Args('id', { type: () => ID }) id: string,
    @Args('input', { type: () => SubmitDraftInput }) input: SubmitDraftInput,
  ): Promise<DraftRow> {
    return this.service.revise(id, input, ctx.principal!);
  }

  @RequireRole('EDITOR')
  @Mutation(() => DraftModel, { description: 'Withdraws a PENDING draft (its submitter only).' })
  withdrawDraft(
    @Context() ctx: RequestContext,
    @Args('id', { type: () => ID }) id: string,
    @Args('reason', { type: () => String, nullable: true }) reason: string | null,
  ): Promise<DraftRow> {
    return this.service.withdraw(id, reason, ctx.principal!);
  }

  @RequireRole('ADMIN')
  @Mutation(() => DraftModel, {
    description:
      'Appends a PENDING draft, all or nothing and once, with appendedBy = its submitter and approvedBy = this key. Needs an ADMIN key that did not submit it. `revision`: the revision the reviewer read; refused (CONFLICT) when the draft was revised since.',
  })
  approveDraft(
    @Context() ctx: RequestContext,
    @Args('id', { type: () => ID }) id: string,
    @Args('revision', { type: () => Int, nullable: true }) revision: number | null,
  ): Promise<DraftRow> {
    return this.service.approve(id, ctx.principal!, revision);
  }

  @RequireRole('ADMIN')
  @Mutation(() => DraftModel, {
    description:
      'Rejects a PENDING draft with a reason. Needs an ADMIN key that did not submit it. `revision`: as for approveDraft.',
  })
  rejectDraft(
    @Context() ctx: RequestContext,
    @Args('id', { type: () => ID }) id: string,
    @Args('reason', { type: () => String }) reason: string,
    @Args('revision', { type: () => Int, nullable: true }) revision: number | null,
  ): Promise<DraftRow> {
    return this.service.reject(id, reason, ctx.principal!, revision);
  }

  @ResolveField('preview', () => [EventModel])
  preview(@Parent() draft: DraftRow, @Context() ctx: RequestContext): Promise<EventNode[]> {
    return nodesFor(ctx, previewFromJson(draft.preview));
  }

  @ResolveField('revisions', () => [DraftRevisionModel])
  async revisions(@Parent() draft: DraftRow, @Context() ctx: RequestContext): Promise<DraftRevisionModel[]> {
    return this.loadersOf(ctx).revisions.load(draft.id);
  }

  @ResolveField('history', () => [DraftAuditEntryModel])
  async history(@Parent() draft: DraftRow, @Context() ctx: RequestContext): Promise<DraftAuditEntryModel[]> {
    return this.loadersOf(ctx).history.load(draft.id);
  }

  @ResolveField('appended', () => AppendResultModel, { nullable: true })
  async appended(@Parent() draft: DraftRow, @Context() ctx: RequestContext): Promise<AppendResultModel | null> {
    const record = draft.appended;
    if (!record) return null;
    return {
      streamId: record.streamId,
      streamVersion: record.streamVersion,
      lastPosition: record.lastPosition,
      events: await nodesByIds(ctx, record.eventIds),
      appended: true,
    };
  }

  private loadersOf(ctx: RequestContext): DraftLoaders {
    let loaders = this.loaders.get(ctx);
    if (!loaders) {
      const repository = this.service.drafts;
      loaders = {
        revisions: new DataLoader(async (ids) => grouped(ids, await repository.revisions(ids))),
        history: new DataLoader(async (ids) => grouped(ids, await repository.history(ids))),
      };
      this.loaders.set(ctx, loaders);
    }
    return loaders;
  }
}

interface DraftLoaders {
  revisions: DataLoader<string, RevisionRow[]>;
  history: DataLoader<string, AuditRow[]>;
}

function grouped<R extends { draftId: string }>(ids: readonly string[], rows: R[]): R[][] {
  const by = new Map<string, R[]>(ids.map((id) => [id, []]));
  for (const row of rows) by.get(row.draftId)?.push(row);
  return ids.map((id) => by.get(id) ?? []);
}
