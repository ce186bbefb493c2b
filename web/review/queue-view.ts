/**
 * The admin's review queue: the drafts waiting for review, oldest first, a page at a time. Each
 * shows its sources beside the service's preview, the stream it goes into as it stands now, its
 * revisions, and the decision: Approve (appends it to the log, all or nothing, and says where,
 * with a link to the timeline) or Reject with a reason, which is required. Refusals — the
 * admin's own draft, a stream that moved on, a draft someone else decided — are said under the
 * buttons, which keep the keyboard focus where the admin was.
 */
import { byId, el } from '../timeline/dom.js';
import { query } from '../timeline/graphql-client.js';
import { appendedText, draftCard, draftTitleId } from './draft-card.js';
import { DraftPages } from './draft-pages.js';
import { FieldErrors } from './field-errors.js';
import { field } from './form-controls.js';
import {
  ReviewApproveDraftDocument,
  ReviewDraftDocument,
  ReviewRejectDraftDocument,
  ReviewStreamDocument,
} from '../generated/graphql.js';
import { explain, outcomeLine, say } from './outcome.js';
import { streamState } from './stream-state.js';
import type { Draft } from './types.js';

export interface QueueContext {
  announce: (text: string) => void;
  failed: (error: unknown) => void;
  /** The card of a draft of the admin's own key (which another admin must review), or null for another's. */
  own: (draft: Draft, ...extra: HTMLElement[]) => HTMLElement | null;
}

export class QueueView {
  private readonly pages: DraftPages;

  constructor(private readonly context: QueueContext) {
    this.pages = new DraftPages({
      list: byId('queue-list'),
      place: 'queue',
      more: byId<HTMLButtonElement>('queue-more'),
      status: ['PENDING'],
      empty: 'No draft is waiting for review.',
      render: (draft) => this.card(draft),
      failed: context.failed,
    });
    byId('queue-refresh').addEventListener('click', () => {
      void this.pages.reload().then(() => context.announce('The queue is up to date.'));
    });
  }

  load(): Promise<void> {
    return this.pages.reload();
  }

  /** Draws a draft of the queue again as it now is. */
  show(draft: Draft): void {
    this.pages.replace(draft);
  }

  private card(draft: Draft): HTMLElement {
    const stream = el(
      'section',
      { class: 'stream-state', 'aria-busy': 'true' },
      el('h4', {}, 'The stream now'),
      'Loading…',
    );
    void this.loadStream(draft, stream);
    const own = this.context.own(draft, stream);
    if (own) return own;
    if (draft.status !== 'PENDING') return draftCard(draft, 'queue', stream);
    return draftCard(draft, 'queue', stream, this.decision(draft, stream));
  }

  private async loadStream(draft: Draft, slot: HTMLElement): Promise<void> {
    try {
      const { stream } = await query(ReviewStreamDocument, { id: draft.streamId });
      // Only a draft still waiting can fail on its expected version.
      const expected = draft.status === 'PENDING' ? draft.expectedVersion : null;
      slot.replaceWith(streamState(draft.streamId, stream, expected));
    } catch (error) {
      slot.replaceWith(el('section', { class: 'stream-state' }, el('h4', {}, 'The stream now'), explain(error)));
    }
  }

  private decision(draft: Draft, stream: HTMLElement): HTMLElement {
    const line = outcomeLine();
    const approve = el('button', { type: 'button', class: 'primary approve' }, 'Approve and append');
    const reasonPath = `reject-${draft.id}`;
    const reason = el('textarea', { rows: 2, class: 'reject-reason' });
    const reasonField = field(
      {
        path: reasonPath,
        label: 'Reason for rejecting',
        required: true,
        hint: 'Said to the editor: what is wrong or missing.',
      },
      reason,
    );
    const reject = el('button', { type: 'submit', class: 'secondary reject' }, 'Reject');
    const summary = el('div', { id: `${reasonPath}-summary`, class: 'error-summary', tabindex: '-1', hidden: true });
    const rejectForm = el('form', { class: 'reject-form', novalidate: true }, summary, reasonField, reject);
    const errors = new FieldErrors(rejectForm, summary, 'the rejection');
    const busy = (on: boolean) => {
      approve.disabled = on;
      reject.disabled = on;
    };
    approve.addEventListener('click', () => {
      busy(true);
      void this.approve(draft, line, stream).finally(() => busy(false));
    });
    rejectForm.addEventListener('submit', (e) => {
      e.preventDefault();
      const why = reason.value.trim();
      if (!why) {
        errors.show([{ path: reasonPath, reason: 'is required: say why, for the editor' }], 'Nothing was sent.');
        reason.focus();
        return;
      }
      errors.clear();
      busy(true);
      void this.reject(draft, why, line).finally(() => busy(false));
    });
    return el(
      'div',
      {
        class: 'decision',
        role: 'group',
        'aria-label': `Decision on “${draft.preview[0]?.summary ?? draft.streamId}”`,
      },
      approve,
      rejectForm,
      line,
    );
  }

  private async approve(draft: Draft, line: HTMLElement, stream: HTMLElement): Promise<void> {
    try {
      const { approveDraft } = await query(ReviewApproveDraftDocument, { id: draft.id, revision: draft.revision });
      this.decided(approveDraft, `Approved. ${appendedText(approveDraft)}`);
    } catch (error) {
      say(line, 'error', explain(error));
      // The stream may have moved on, or someone else may have decided: show them as they are now.
      const current = stream.isConnected ? stream : line.closest('.draft')?.querySelector('.stream-state');
      if (current instanceof HTMLElement) void this.loadStream(draft, current);
      void this.refreshIfDecided(draft);
    }
  }

  private async reject(draft: Draft, reason: string, line: HTMLElement): Promise<void> {
    try {
      const { rejectDraft } = await query(ReviewRejectDraftDocument, {
        id: draft.id,
        reason,
        revision: draft.revision,
      });
      this.decided(rejectDraft, `Rejected. The editor is told: “${reason}”`);
    } catch (error) {
      say(line, 'error', explain(error));
      void this.refreshIfDecided(draft);
    }
  }

  /** The draft drawn again with its decision, and a line saying it that takes the focus. */
  private decided(draft: Draft, words: string): void {
    const card = this.pages.replace(draft);
    const line = outcomeLine();
    card?.append(line);
    if (line.isConnected) say(line, 'done', words);
    else document.getElementById(draftTitleId(draft, 'queue'))?.focus();
    this.context.announce(words);
  }

  /**
   * After a refusal: when the draft is no longer pending (another admin decided, its editor
   * withdrew it) or was revised since it was read, draw it as it is now, saying so.
   */
  private async refreshIfDecided(draft: Draft): Promise<void> {
    try {
      const { draft: now } = await query(ReviewDraftDocument, { id: draft.id });
      if (!now || (now.status === 'PENDING' && now.revision === draft.revision)) return;
      // Drawn anew, the card keeps the keyboard focus on what happened.
      const card = this.pages.replace(now);
      const line = outcomeLine();
      card?.append(line);
      if (line.isConnected) say(line, 'error', explainChange(now));
    } catch {
      // The error said already is enough.
    }
  }
}

function explainChange(draft: Draft): string {
  if (draft.status === 'PENDING')
    return `Meanwhile its editor revised it (revision ${draft.revision}): read it again before deciding.`;
  return `Meanwhile it was ${draft.status.toLowerCase()}${draft.reviewedBy ? ` by ${draft.reviewedBy}` : ''}.`;
}
