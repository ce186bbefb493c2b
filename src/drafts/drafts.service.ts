/**
 * Drafts and their review: the two-person rule. An EDITOR (or an ADMIN) submits what appendEvents
 * takes; the store checks it in full and previews it, writing nothing to the log. Its submitter may
 * revise or withdraw it while it is PENDING. An ADMIN who is not its submitter approves it (its
 * events are appended in the transaction that marks it APPROVED: all or nothing, once, with
 * appendedBy = the submitter and approvedBy = the reviewer) or rejects it with a reason. Every
 * step is in the draft's revisions and audit, which the database keeps append-only.
 */
import crypto from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Principal } from '../auth/principal.js';
import { DomainError, type FieldError, ValidationFailed, badInput } from '../common/domain-error.js';
import type { NewEventInput } from '../events/append/append-input.js';
import { isUuid, textProblem } from '../events/catalogue/value-checks.js';
import { EventStoreService } from '../events/event-store.service.js';
import { firstProblem } from '../read-models/subject-page.js';
import { PENDING_REVIEW, previewToJson } from './draft-preview.js';
import {
  type DraftContent,
  type DraftRow,
  DRAFT_STATUSES,
  type DraftStatus,
  DraftsRepository,
} from './drafts.repository.js';

/** What submitDraft and reviseDraft take (SubmitDraftInput). */
export interface DraftInput {
  streamId: string;
  expectedVersion?: number | null;
  events: NewEventInput[];
  note?: string | null;
}

export const MAX_NOTE_LENGTH = 4000;
/** A draft is what one person reviews: bulk loads go through the import (appendEvents takes 500). */
export const MAX_DRAFT_EVENTS = 50;
export const DEFAULT_DRAFTS_PAGE = 50;
export const MAX_DRAFTS_PAGE = 100;

@Injectable()
export class DraftsService {
  private readonly logger = new Logger(DraftsService.name);
  readonly drafts: DraftsRepository;

  constructor(
    @Inject(DataSource) db: DataSource,
    @Inject(EventStoreService) private readonly store: EventStoreService,
  ) {
    this.drafts = new DraftsRepository(db);
  }

  async submit(input: DraftInput, by: Principal): Promise<DraftRow> {
    const id = crypto.randomUUID();
    const content = await this.check(id, input, by.keyName);
    await this.drafts.transaction((tx) => this.drafts.insert(tx, id, content, by.keyName));
    this.logger.log({ msg: 'draft submitted', draft: id, stream: content.streamId, by: by.keyName });
    return this.found(id);
  }

  async revise(given: string, input: DraftInput, by: Principal): Promise<DraftRow> {
    const id = checkedId(given);
    const content = await this.check(id, input, by.keyName);
    await this.drafts.transaction(async (tx) => {
      const draft = this.ownPending(await this.drafts.get(id, tx, true), id, by, 'revise');
      await this.drafts.revise(tx, draft, content, by.keyName);
    });
    return this.found(id);
  }

  async withdraw(given: string, reason: string | null | undefined, by: Principal): Promise<DraftRow> {
    const id = checkedId(given);
    const why = optionalText(reason, 'reason');
    await this.drafts.transaction(async (tx) => {
      this.ownPending(await this.drafts.get(id, tx, true), id, by, 'withdraw');
      await this.drafts.decide(tx, id, { status: 'WITHDRAWN', by: by.keyName, reason: why });
    });
    return this.found(id);
  }

  /**
   * Appends the draft's events and marks it APPROVED, in one transaction that holds the draft's row
   * lock: a second approval waits for the first and then finds it decided. A refused append (a
   * stale expected version, an event the log no longer allows) rolls everything back: the draft
   * stays PENDING.
   */
  async approve(given: string, reviewer: Principal, revision: number | null = null): Promise<DraftRow> {
    const id = checkedId(given);
    const appended = await this.drafts.transaction(async (tx) => {
      const draft = this.reviewable(await this.drafts.get(id, tx, true), id, reviewer, 'approve', revision);
      const inputs = [
        {
          streamId: draft.streamId,
          expectedVersion: draft.expectedVersion,
          events: draft.events as NewEventInput[],
          correlationId: draft.id,
        },
      ];
      const outcomes = await this.store
        .appendAllInTransaction(tx, inputs, { keyName: draft.submittedBy, approvedBy: reviewer.keyName })
        .catch((error: unknown) => {
          this.store.failed(error);
          throw error;
        });
      const [outcome] = outcomes;
      if (!outcome.appended)
        throw new DomainError(
          'CONFLICT',
          `the events of draft ${id} are already in the log (positions ${outcome.firstPosition}-${outcome.lastPosition}), appended otherwise: reject it`,
        );
      await this.drafts.decide(tx, id, {
        status: 'APPROVED',
        by: reviewer.keyName,
        reason: null,
        appended: {
          streamId: outcome.streamId,
          streamVersion: outcome.streamVersion,
          firstPosition: outcome.firstPosition,
          lastPosition: outcome.lastPosition,
          eventIds: outcome.events.map((event) => event.id),
        },
      });
      return { inputs, outcomes };
    });
    this.store.committed(appended.inputs, appended.outcomes);
    this.logger.log({ msg: 'draft approved', draft: id, by: reviewer.keyName });
    return this.found(id);
  }

  async reject(given: string, reason: string, reviewer: Principal, revision: number | null = null): Promise<DraftRow> {
    const id = checkedId(given);
    const why = optionalText(reason, 'reason');
    if (why === null) throw badInput('reason', 'is required: say why the draft is rejected');
    await this.drafts.transaction(async (tx) => {
      this.reviewable(await this.drafts.get(id, tx, true), id, reviewer, 'reject', revision);
      await this.drafts.decide(tx, id, { status: 'REJECTED', by: reviewer.keyName, reason: why });
    });
    return this.found(id);
  }

  /** The draft if the caller may see it (an ADMIN every draft, anyone else their own), else null. */
  async get(id: string, caller: Principal): Promise<DraftRow | null> {
    const draft = await this.drafts.get(checkedId(id));
    return draft && visibleTo(draft, caller) ? draft : null;
  }

  /** A page of the drafts the caller may see, oldest first. */
  async list(
    caller: Principal,
    statuses: readonly string[] | null | undefined,
    first: number | null | undefined,
    after: string | null | undefined,
  ): Promise<DraftRow[]> {
    const errors: FieldError[] = [];
    const badFirst = firstProblem(first, MAX_DRAFTS_PAGE);
    if (badFirst) errors.push(badFirst);
    const wanted = [...new Set(statuses ?? [])];
    if (wanted.some((status) => !(DRAFT_STATUSES as readonly string[]).includes(status)))
      errors.push({ path: 'status', reason: `must be among ${DRAFT_STATUSES.join(', ')}` });
    if (after !== null && after !== undefined && (!isUuid(after) || !(await this.drafts.exists(after))))
      errors.push({ path: 'after', reason: 'must be the id of a draft (the last one of the previous page)' });
    if (errors.length > 0) throw new ValidationFailed(errors);
    return this.drafts.page(
      wanted as DraftStatus[],
      caller.role === 'ADMIN' ? null : caller.keyName,
      after ?? null,
      first ?? DEFAULT_DRAFTS_PAGE,
    );
  }

  /**
   * The draft checked in full and previewed by the store (field paths as appendEvents gives
   * them, and `note`). Events without an id get one now, so that the approval appends exactly
   * what was reviewed, and at most once.
   */
  private async check(id: string, input: DraftInput, submitter: string): Promise<DraftContent> {
    const noteProblem =
      input.note === null || input.note === undefined || input.note.trim() === ''
        ? null
        : textProblem(input.note, MAX_NOTE_LENGTH);
    const noteError = noteProblem ? { path: 'note', reason: noteProblem } : null;
    if (Array.isArray(input.events) && input.events.length > MAX_DRAFT_EVENTS)
      throw badInput(
        'events',
        `holds ${input.events.length} events; a draft holds at most ${MAX_DRAFT_EVENTS} (what one person reviews; load more with the import)`,
      );
    // Ids now; a plain JSON copy only once the store has checked the events (not too deep to copy).
    const withIds = Array.isArray(input.events)
      ? input.events.map((event) => ({ ...event, id: event.id ?? crypto.randomUUID() }))
      : input.events;
    const append = {
      streamId: input.streamId,
      expectedVersion: input.expectedVersion ?? null,
      events: withIds,
      correlationId: id,
    };
    let preview;
    try {
      preview = await this.store.preview(append, { keyName: submitter, approvedBy: PENDING_REVIEW });
    } catch (error) {
      if (noteError && error instanceof ValidationFailed) throw new ValidationFailed([...error.errors, noteError]);
      throw error;
    }
    if (noteError) throw new ValidationFailed([noteError]);
    if (preview.alreadyStored)
      throw new ValidationFailed(
        preview.events.map((event, i) => ({
          path: `events[${i}].id`,
          reason: `is already in the log (position ${event.position}): there is nothing to review`,
        })),
      );
    return {
      streamId: append.streamId,
      expectedVersion: append.expectedVersion,
      events: JSON.parse(JSON.stringify(withIds)) as NewEventInput[],
      note: input.note?.trim() || null,
      preview: previewToJson(preview.events),
    };
  }

  /** The draft for its submitter to change: refused when it is another's, or decided. */
  private ownPending(draft: DraftRow | null, id: string, by: Principal, what: string): DraftRow {
    const seen = this.seen(draft, id, by);
    if (seen.submittedBy !== by.keyName)
      throw new DomainError(
        'FORBIDDEN',
        `only its submitter ("${seen.submittedBy}") may ${what} draft ${id}; a reviewer approves or rejects it`,
      );
    return pending(seen, what);
  }

  /**
   * The draft for a reviewer to decide: refused to its own submitter (the two-person rule), when
   * decided, and when it was revised since the revision the reviewer read (`revision`, when given):
   * what is approved is what was reviewed.
   */
  private reviewable(
    draft: DraftRow | null,
    id: string,
    reviewer: Principal,
    what: string,
    revision: number | null,
  ): DraftRow {
    const seen = this.seen(draft, id, reviewer);
    if (seen.submittedBy === reviewer.keyName)
      throw new DomainError(
        'FORBIDDEN',
        `key "${reviewer.keyName}" submitted draft ${id}: another ADMIN must ${what} it (two-person rule)`,
      );
    pending(seen, what);
    if (revision !== null && revision !== seen.revision)
      throw new DomainError(
        'CONFLICT',
        `draft ${id} is at revision ${seen.revision}, not the revision ${revision} you reviewed: read it again`,
        { revision: seen.revision },
      );
    return seen;
  }

  private seen(draft: DraftRow | null, id: string, caller: Principal): DraftRow {
    if (!draft || !visibleTo(draft, caller)) throw new DomainError('NOT_FOUND', `no draft with id "${id}"`);
    return draft;
  }

  private async found(id: string): Promise<DraftRow> {
    const draft = await this.drafts.get(id);
    if (!draft) throw new Error(`draft ${id} vanished`);
    return draft;
  }
}

function visibleTo(draft: DraftRow, caller: Principal): boolean {
  return caller.role === 'ADMIN' || draft.submittedBy === caller.keyName;
}

function pending(draft: DraftRow, what: string): DraftRow {
  if (draft.status !== 'PENDING')
    throw new DomainError(
      'CONFLICT',
      `draft ${draft.id} is ${draft.status} (by "${draft.reviewedBy}" at ${draft.reviewedAt?.toISOString()}): only a PENDING draft can be asked to ${what}`,
      { status: draft.status },
    );
  return draft;
}

function checkedId(id: string): string {
  if (!isUuid(id)) throw badInput('id', 'must be a UUID (the id of a draft)');
  return id.toLowerCase();
}

/** A free text (a reason): trimmed, null when empty, at most MAX_NOTE_LENGTH characters. */
function optionalText(value: string | null | undefined, path: string): string | null {
  if (value === null || value === undefined || value.trim() === '') return null;
  const problem = textProblem(value, MAX_NOTE_LENGTH);
  if (problem) throw badInput(path, problem);
  return value.trim();
}
