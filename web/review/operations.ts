/**
 * Every GraphQL operation the review page makes (besides the timeline's ACTORS, which it shares):
 * the public API only. docs/review-page.md lists them for frontend teams.
 *
 * `npm run codegen` reads them (with schema.gql) and writes the types of their answers and
 * variables to web/generated/graphql.ts, with the timeline page's (web/timeline/operations.ts
 * explains the form of the documents).
 */
import type { Operation } from '../timeline/operations.js';
import type {
  ReviewApproveDraftMutation,
  ReviewApproveDraftMutationVariables,
  ReviewDraftQuery,
  ReviewDraftQueryVariables,
  ReviewDraftsQuery,
  ReviewDraftsQueryVariables,
  ReviewMeQuery,
  ReviewMeQueryVariables,
  ReviewRejectDraftMutation,
  ReviewRejectDraftMutationVariables,
  ReviewReviseDraftMutation,
  ReviewReviseDraftMutationVariables,
  ReviewStreamQuery,
  ReviewStreamQueryVariables,
  ReviewSubmitDraftMutation,
  ReviewSubmitDraftMutationVariables,
  ReviewValidateMutation,
  ReviewValidateMutationVariables,
  ReviewWithdrawDraftMutation,
  ReviewWithdrawDraftMutationVariables,
} from '../generated/graphql.js';

/** An event as a draft's preview and the stream's state show it. */
export const REVIEW_EVENT_FIELDS = /* GraphQL */ `
  fragment ReviewEvent on Event {
    id
    type
    streamVersion
    occurredAt
    occurredPrecision
    summary
    cameoCode
    actors {
      id
      name
    }
    sources {
      publisher
      url
      title
      quotedText
      publishedAt
    }
  }
`;

/** A draft with everything the page shows of it (its preview, revisions and, once approved, where it went). */
export const REVIEW_DRAFT_FIELDS = /* GraphQL */ `
  fragment ReviewDraft on Draft {
    id
    revision
    streamId
    expectedVersion
    events
    status
    submittedBy
    submittedAt
    reviewedBy
    reviewedAt
    reason
    note
    preview {
      ...ReviewEvent
    }
    revisions {
      at
      by
      note
      events
    }
    appended {
      streamId
      streamVersion
      lastPosition
      events {
        id
        position
        streamVersion
      }
    }
  }
  ${REVIEW_EVENT_FIELDS}
`;

/** Whose key the tab holds: its name (to know one's own drafts) and role; null without a key. */
export const ME: Operation<ReviewMeQuery, ReviewMeQueryVariables> = /* GraphQL */ `
  query ReviewMe {
    me {
      name
      role
    }
  }
`;

/** A page of drafts, oldest first (an EDITOR's own, an ADMIN's all): after the id of the last one of the page before. */
export const DRAFTS: Operation<ReviewDraftsQuery, ReviewDraftsQueryVariables> = /* GraphQL */ `
  query ReviewDrafts($status: [DraftStatus!], $first: Int, $after: String) {
    drafts(status: $status, first: $first, after: $after) {
      ...ReviewDraft
    }
  }
  ${REVIEW_DRAFT_FIELDS}
`;

/** One draft again (after another person may have changed it). */
export const DRAFT: Operation<ReviewDraftQuery, ReviewDraftQueryVariables> = /* GraphQL */ `
  query ReviewDraft($id: ID!) {
    draft(id: $id) {
      ...ReviewDraft
    }
  }
  ${REVIEW_DRAFT_FIELDS}
`;

/** The stream a draft goes into, as it stands: its version and its events in version order (null: a new stream). */
export const STREAM: Operation<ReviewStreamQuery, ReviewStreamQueryVariables> = /* GraphQL */ `
  query ReviewStream($id: String!) {
    stream(id: $id) {
      id
      version
      events {
        ...ReviewEvent
        retracted
        approvedBy
      }
    }
  }
  ${REVIEW_EVENT_FIELDS}
`;

/** A preview before submitting (an EDITOR's or an ADMIN's): validated as an append, nothing written. */
export const VALIDATE: Operation<ReviewValidateMutation, ReviewValidateMutationVariables> = /* GraphQL */ `
  mutation ReviewValidate($input: AppendEventsInput!) {
    appendEvents(input: $input, validateOnly: true) {
      streamId
      streamVersion
      events {
        ...ReviewEvent
      }
    }
  }
  ${REVIEW_EVENT_FIELDS}
`;

export const SUBMIT_DRAFT: Operation<ReviewSubmitDraftMutation, ReviewSubmitDraftMutationVariables> = /* GraphQL */ `
  mutation ReviewSubmitDraft($input: SubmitDraftInput!) {
    submitDraft(input: $input) {
      ...ReviewDraft
    }
  }
  ${REVIEW_DRAFT_FIELDS}
`;

export const REVISE_DRAFT: Operation<ReviewReviseDraftMutation, ReviewReviseDraftMutationVariables> = /* GraphQL */ `
  mutation ReviewReviseDraft($id: ID!, $input: SubmitDraftInput!) {
    reviseDraft(id: $id, input: $input) {
      ...ReviewDraft
    }
  }
  ${REVIEW_DRAFT_FIELDS}
`;

export const WITHDRAW_DRAFT: Operation<ReviewWithdrawDraftMutation, ReviewWithdrawDraftMutationVariables> =
  /* GraphQL */ `
    mutation ReviewWithdrawDraft($id: ID!, $reason: String) {
      withdrawDraft(id: $id, reason: $reason) {
        ...ReviewDraft
      }
    }
    ${REVIEW_DRAFT_FIELDS}
  `;

/** Decides the revision the admin read (`revision`): CONFLICT when its editor revised it meanwhile. */
export const APPROVE_DRAFT: Operation<ReviewApproveDraftMutation, ReviewApproveDraftMutationVariables> = /* GraphQL */ `
  mutation ReviewApproveDraft($id: ID!, $revision: Int!) {
    approveDraft(id: $id, revision: $revision) {
      ...ReviewDraft
    }
  }
  ${REVIEW_DRAFT_FIELDS}
`;

export const REJECT_DRAFT: Operation<ReviewRejectDraftMutation, ReviewRejectDraftMutationVariables> = /* GraphQL */ `
  mutation ReviewRejectDraft($id: ID!, $reason: String!, $revision: Int!) {
    rejectDraft(id: $id, reason: $reason, revision: $revision) {
      ...ReviewDraft
    }
  }
  ${REVIEW_DRAFT_FIELDS}
`;
