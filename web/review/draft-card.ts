/**
 * One draft as the review page shows it, to its editor and to the admin who reviews it: what it
 * is (the summary of its first event), its status, stream and expected version, who submitted it
 * and when, the note; its sources with their quoted text side by side with the service's preview;
 * its revisions; once reviewed, by whom and why; once approved, where it was appended, with a link
 * to the event on the timeline. The caller adds the actions.
 */
import { el } from '../timeline/dom.js';
import { formatMoment } from '../timeline/event-time.js';
import { previewList, sourcesOf } from './event-preview.js';
import type { Draft, DraftStatus } from './types.js';

export const STATUS_WORDS: Record<DraftStatus, string> = {
  PENDING: 'waiting for review',
  APPROVED: 'approved',
  REJECTED: 'rejected',
  WITHDRAWN: 'withdrawn',
};

const when = (iso: string) => formatMoment(Date.parse(iso));

/**
 * Where a card is drawn (`result`, `mine`, `queue`): a draft may be drawn in two places at once
 * (just submitted, and in a list), and the ids of each drawing must be their own.
 */
export type Place = 'result' | 'mine' | 'queue';

export const draftTitleId = (draft: Draft, place: Place) => `${place}-draft-${draft.id}-title`;

/** The title: the first event's summary as the service writes it. */
export function draftTitle(draft: Draft): string {
  const first = draft.preview[0]?.summary ?? `A draft for ${draft.streamId}`;
  return draft.preview.length > 1 ? `${first} (and ${draft.preview.length - 1} more)` : first;
}

/** Where an approved draft went: "Appended to s as version 3 at position 29." */
export function appendedText(draft: Draft): string {
  const appended = draft.appended;
  if (!appended) return '';
  const first = appended.events[0];
  const more = appended.events.length - 1;
  return (
    `Appended to ${appended.streamId} as version ${first?.streamVersion ?? appended.streamVersion}` +
    (first ? ` at position ${first.position}` : '') +
    (more > 0 ? ` (with ${more} more, up to position ${appended.lastPosition})` : '') +
    '.'
  );
}

/** Where an approved draft went, with a link that opens its (first) event on the timeline. */
function appendedNote(draft: Draft): HTMLElement | null {
  const first = draft.appended?.events[0];
  if (!draft.appended) return null;
  return el(
    'p',
    { class: 'appended' },
    `${appendedText(draft)} `,
    first
      ? el('a', { href: `/?event=${encodeURIComponent(first.id)}`, class: 'timeline-link' }, 'See it on the timeline')
      : null,
  );
}

function revisions(draft: Draft): HTMLElement | null {
  if (draft.revisions.length <= 1) return null;
  return el(
    'details',
    { class: 'revisions' },
    el('summary', {}, `Revisions (${draft.revisions.length})`),
    el(
      'ol',
      {},
      ...draft.revisions.map((r) =>
        el(
          'li',
          {},
          `${when(r.at)} by ${r.by}`,
          Array.isArray(r.events) ? ` · ${r.events.length} event${r.events.length === 1 ? '' : 's'}` : '',
          r.note ? el('span', { class: 'muted' }, ` · “${r.note}”`) : null,
        ),
      ),
    ),
  );
}

export function draftCard(draft: Draft, place: Place, ...extra: (Node | null)[]): HTMLElement {
  const version = draft.expectedVersion === null ? 'any version' : `version ${draft.expectedVersion}`;
  return el(
    'article',
    {
      class: 'draft',
      'data-draft-id': draft.id,
      'data-status': draft.status,
      'aria-labelledby': draftTitleId(draft, place),
    },
    el('h3', { id: draftTitleId(draft, place), tabindex: '-1' }, draftTitle(draft)),
    el(
      'p',
      { class: 'draft-meta' },
      el('span', { class: `badge status status-${draft.status}` }, STATUS_WORDS[draft.status]),
      ` Stream ${draft.streamId}, expecting ${version}. Submitted by ${draft.submittedBy} on ${when(draft.submittedAt)}.`,
      draft.revision > 1 ? ` Revision ${draft.revision}.` : '',
      draft.reviewedBy && draft.reviewedAt ? ` Reviewed by ${draft.reviewedBy} on ${when(draft.reviewedAt)}.` : '',
    ),
    draft.reason ? el('p', { class: 'reason' }, el('strong', {}, 'Reason: '), draft.reason) : null,
    draft.note ? el('p', { class: 'note' }, el('strong', {}, 'Note from the editor: '), draft.note) : null,
    appendedNote(draft),
    el(
      'div',
      { class: 'side-by-side' },
      el('section', { class: 'draft-sources' }, el('h4', {}, 'Sources'), sourcesOf(draft.preview)),
      el('section', { class: 'draft-preview' }, el('h4', {}, 'Preview'), previewList(draft.preview)),
    ),
    revisions(draft),
    ...extra,
  );
}
