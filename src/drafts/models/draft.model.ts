/** GraphQL types of drafts and their review (contract, block "Verification"). */
import { Field, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Cost } from '../../graphql/field-cost.js';
import { DateTimeScalar, JsonScalar } from '../../graphql/scalars.js';
import { AppendResultModel, NewEventInput } from '../../events/dto/append-events.input.js';
import { EventModel } from '../../events/models/event.model.js';
import { MAX_DRAFT_EVENTS } from '../drafts.service.js';
import { DRAFT_ACTIONS, DRAFT_STATUSES, type DraftAction, type DraftStatus } from '../drafts.repository.js';

/** A draft's events (up to 50 of up to 64 KiB each) weigh like a page of rows, not like one value. */
const DRAFT_EVENTS = { base: 500 };

export const DraftStatusEnum = Object.fromEntries(DRAFT_STATUSES.map((s) => [s, s])) as {
  [K in DraftStatus]: K;
};
registerEnumType(DraftStatusEnum, {
  name: 'DraftStatus',
  description: 'PENDING until its submitter withdraws it or an ADMIN other than its submitter approves or rejects it.',
});
export const DraftActionEnum = Object.fromEntries(DRAFT_ACTIONS.map((a) => [a, a])) as { [K in DraftAction]: K };
registerEnumType(DraftActionEnum, { name: 'DraftAction' });

@InputType('SubmitDraftInput')
export class SubmitDraftInput {
  @Field(() => String) streamId: string;
  @Field(() => Int, {
    nullable: true,
    description: 'As in appendEvents: omitted, no check; 0, the stream must not exist; N, its version must be N.',
  })
  expectedVersion?: number;
  @Field(() => [NewEventInput], { description: '1 to 500 events; those without an id get one at submission.' })
  events: NewEventInput[];
  @Field(() => String, { nullable: true, description: 'For the reviewer (at most 4,000 characters).' })
  note?: string;
}

@ObjectType('DraftRevision', {
  description: 'One version of a draft, the first included: what it said, by whom, when.',
})
export class DraftRevisionModel {
  @Field(() => Int) revision: number;
  @Field(() => DateTimeScalar) at: Date;
  @Field(() => String, { description: 'The key name that wrote it.' }) by: string;
  @Field(() => String) streamId: string;
  @Field(() => Int, { nullable: true }) expectedVersion: number | null;
  @Field(() => JsonScalar)
  @Cost(DRAFT_EVENTS)
  events: unknown;
  @Field(() => String, { nullable: true }) note: string | null;
}

@ObjectType('DraftAuditEntry', {
  description: 'A draft submitted, revised, withdrawn, approved or rejected: its audit, append-only in the database.',
})
export class DraftAuditEntryModel {
  @Field(() => DraftActionEnum) action: DraftAction;
  @Field(() => String, { description: 'The key name that did it.' }) actor: string;
  @Field(() => DateTimeScalar) at: Date;
  @Field(() => String, { nullable: true }) reason: string | null;
}

@ObjectType('Draft', {
  description:
    'Events proposed for the log, outside it until an ADMIN other than their submitter approves them (the two-person rule).',
})
export class DraftModel {
  @Field(() => ID) id: string;
  @Field(() => String) streamId: string;
  @Field(() => Int, { nullable: true }) expectedVersion: number | null;
  @Field(() => JsonScalar, {
    description: 'The NewEventInput list of the latest revision, with the ids given at submission.',
  })
  @Cost(DRAFT_EVENTS)
  events: unknown;
  @Field(() => String, { nullable: true, description: "The submitter's note to the reviewer (latest revision)." })
  note: string | null;
  @Field(() => [EventModel], {
    description:
      'What would be appended, as previewed at the latest revision (summaries, CAMEO codes, actors; approvedBy "(pending review)"); not in the log. Approval checks everything again.',
  })
  @Cost({ listSize: MAX_DRAFT_EVENTS })
  preview: unknown[];
  @Field(() => DraftStatusEnum) status: DraftStatus;
  @Field(() => Int, {
    description: 'The number of its latest revision (1 as submitted): pass it to approveDraft or rejectDraft.',
  })
  revision: number;
  @Field(() => String, { description: 'The key name that submitted it.' }) submittedBy: string;
  @Field(() => DateTimeScalar) submittedAt: Date;
  @Field(() => String, {
    nullable: true,
    description: 'Who decided: the reviewer (APPROVED, REJECTED) or the submitter (WITHDRAWN).',
  })
  reviewedBy: string | null;
  @Field(() => DateTimeScalar, { nullable: true }) reviewedAt: Date | null;
  @Field(() => String, { nullable: true, description: 'Why rejected or withdrawn.' }) reason: string | null;
  @Field(() => [DraftRevisionModel], { description: 'Every revision, oldest first.' })
  @Cost({ listSize: 20 })
  revisions: DraftRevisionModel[];
  @Field(() => [DraftAuditEntryModel], { description: 'Every step of its review, oldest first.' })
  history: DraftAuditEntryModel[];
  @Field(() => AppendResultModel, { nullable: true, description: 'Once approved: where its events were appended.' })
  appended: AppendResultModel | null;
}
