/** What the review page reads, under the names it uses: the answers of operations.graphql as `npm run codegen` generates them. */
import type {
  ReviewDraftFragment,
  ReviewEventFragment,
  ReviewStreamQuery,
  Role as KeyRole,
} from '../generated/graphql.js';

export type { DraftStatus, EventType } from '../generated/graphql.js';

/** A draft with its preview, revisions and, once approved, where it was appended. */
export type Draft = ReviewDraftFragment;

/** An event as a preview or the stream's state shows it. */
export type ReviewEvent = ReviewEventFragment;

/** A stream as it stands (null from the API: a new stream). */
export type StreamState = NonNullable<ReviewStreamQuery['stream']>;

/** The role of the tab's key (role.ts), NONE without one. */
export type Role = KeyRole | 'NONE';
