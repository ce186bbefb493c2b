/** What the review page reads, under the names it uses: the answers of operations.ts as `npm run codegen` generates them. */
import type { ReviewDraftFragment, ReviewEventFragment, ReviewStreamQuery } from './generated/graphql.js';

export type { DraftStatus, EventType } from './generated/graphql.js';

/** A draft with its preview, revisions and, once approved, where it was appended. */
export type Draft = ReviewDraftFragment;

/** An event as a preview or the stream's state shows it. */
export type ReviewEvent = ReviewEventFragment;

/** A stream as it stands (null from the API: a new stream). */
export type StreamState = NonNullable<ReviewStreamQuery['stream']>;

/** Who holds the key, as far as the page can tell (role.ts). */
export type Role = 'NONE' | 'READER' | 'EDITOR' | 'ADMIN';
