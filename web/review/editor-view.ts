/**
 * The editor's part of the page: the draft form, what Preview and Submit do, the draft as
 * submitted, and (for an EDITOR key) every draft of the key with its status.
 *
 * Preview checks what the page can (draft-checks.ts) and shows the errors at their fields; then it
 * asks the service (appendEvents with validateOnly, which an EDITOR key may call: nothing is
 * written) and shows its summaries and CAMEO codes beside what was entered, or its errors at their
 * fields like the page's own. Submitting is safe — a draft enters the log only when another person
 * approves it, and its submitter may revise or withdraw it until then.
 */
import { byId, clear, el } from '../timeline/dom.js';
import { GraphqlError, query } from '../timeline/graphql-client.js';
import type { Actor } from '../timeline/types.js';
import type { Codebook } from './codebook.js';
import { type Place, draftCard, draftTitleId } from './draft-card.js';
import { type DraftEntry, draftEntry, submitInput } from './draft-checks.js';
import { DraftForm } from './draft-form.js';
import { DraftPages } from './draft-pages.js';
import { enteredPreview, previewList } from './event-preview.js';
import { fieldErrorsOf } from './field-errors.js';
import {
  ReviewReviseDraftDocument,
  ReviewStreamDocument,
  ReviewSubmitDraftDocument,
  ReviewValidateDocument,
  ReviewWithdrawDraftDocument,
} from '../generated/graphql.js';
import { explain, outcomeLine, say } from './outcome.js';
import type { Draft } from './types.js';

export interface EditorContext {
  codebook: Codebook;
  actors: readonly Actor[];
  role: 'EDITOR' | 'ADMIN';
  announce: (text: string) => void;
  failed: (error: unknown) => void;
  /** A draft of this key was submitted (`added`), revised or withdrawn. */
  changed: (draft: Draft, added: boolean) => void;
}

export class EditorView {
  private readonly form: DraftForm;
  private readonly result = byId('draft-result');
  private readonly formOutcome = outcomeLine();
  private readonly names: Map<string, string>;
  private readonly mine: DraftPages | null;

  constructor(private readonly context: EditorContext) {
    const { codebook, actors, announce, role } = context;
    this.names = new Map(actors.map((a) => [a.id, a.name]));
    const choices = [...actors]
      .sort((a, b) => a.name.localeCompare(b.name, 'en'))
      .map((a) => ({ value: a.id, label: a.name }));
    this.form = new DraftForm(codebook, choices, announce, {
      preview: () => void this.preview(),
      submit: () => void this.submit(),
      cancel: () => this.startNew(true),
      streamChanged: (id) => void this.describeStream(id),
    });
    byId('draft-form-slot').append(this.form.element, this.formOutcome);
    this.form.load(null, null);
    this.mine =
      role === 'EDITOR'
        ? new DraftPages({
            list: byId('my-drafts-list'),
            place: 'mine',
            more: byId<HTMLButtonElement>('my-drafts-more'),
            status: null,
            empty: 'You have no drafts yet.',
            render: (draft) => this.card(draft, 'mine'),
            failed: context.failed,
          })
        : null;
    byId('my-drafts').hidden = !this.mine;
  }

  async load(): Promise<void> {
    await this.mine?.reload();
  }

  /** What is entered, when the page's own checks find nothing wrong; else null, the errors shown. */
  private checked(again: 'preview' | 'submit'): DraftEntry | null {
    const entry = this.form.read();
    const problems = this.form.check(entry);
    this.formOutcome.hidden = true;
    if (problems.length) {
      this.form.errors.show(problems, `Nothing was sent: correct these fields, then ${again} again.`);
      return null;
    }
    this.form.errors.clear();
    return entry;
  }

  private async preview(): Promise<void> {
    const entry = this.checked('preview');
    if (!entry) return;
    let body: HTMLElement[];
    const { note: _note, ...input } = submitInput(entry);
    try {
      this.form.setBusy(true);
      const { appendEvents } = await query(ReviewValidateDocument, { input });
      body = [
        el('p', { class: 'muted' }, 'As the service would append them now (nothing was written):'),
        previewList(appendEvents.events),
        el('h4', {}, 'What you entered'),
        enteredPreview(entry, this.context.codebook, this.names),
      ];
    } catch (error) {
      this.refused(error, 'The service would refuse these events: correct these fields, then preview again.');
      return;
    } finally {
      this.form.setBusy(false);
    }
    const area = this.form.previewArea;
    clear(area);
    area.append(el('h3', { id: 'form-preview-title', tabindex: '-1' }, 'Preview'), ...body);
    area.hidden = false;
    byId('form-preview-title').focus();
  }

  private async submit(): Promise<void> {
    const entry = this.checked('submit');
    if (!entry) return;
    const revising = this.form.revising;
    this.form.setBusy(true);
    try {
      const input = submitInput(entry);
      const draft = revising
        ? (await query(ReviewReviseDraftDocument, { id: revising, input })).reviseDraft
        : (await query(ReviewSubmitDraftDocument, { input })).submitDraft;
      this.form.load(null, null);
      this.show(
        draft,
        revising ? 'Revision saved: the draft waits for review.' : 'Submitted: the draft waits for review.',
      );
      void this.mine?.reload();
    } catch (error) {
      this.refused(error, 'The service refused the draft: correct these fields, then submit again.');
    } finally {
      this.form.setBusy(false);
    }
  }

  /** Field errors at their fields (a stale expected version at its own); anything else under the buttons. */
  private refused(error: unknown, lead: string): void {
    const stale = error instanceof GraphqlError && error.code === 'WRONG_EXPECTED_VERSION';
    const fields = stale
      ? [{ path: 'expectedVersion', reason: error.message }]
      : error instanceof GraphqlError
        ? fieldErrorsOf(error)
        : [];
    if (fields.length) this.form.errors.show(fields, lead);
    else say(this.formOutcome, 'error', explain(error));
  }

  /** The draft as stored, under the form, its title focused. */
  private show(draft: Draft, message: string): void {
    clear(this.result);
    this.result.append(el('p', { class: 'result-lead' }, message), this.card(draft, 'result'));
    this.result.hidden = false;
    document.getElementById(draftTitleId(draft, 'result'))?.focus();
    this.context.announce(message);
  }

  /**
   * A draft of the key's, with what its submitter may do while it waits: revise, or withdraw with
   * a reason (`extra`: what the place adds, as the queue the stream's state).
   */
  card(draft: Draft, place: Place, ...extra: HTMLElement[]): HTMLElement {
    if (draft.status !== 'PENDING') return draftCard(draft, place, ...extra);
    const line = outcomeLine();
    const revise = el('button', { type: 'button', class: 'secondary' }, 'Revise');
    revise.addEventListener('click', () => {
      this.form.load(draftEntry(draft), draft.id);
      this.form.element.scrollIntoView({ block: 'start' });
      this.form.focusFirstField();
      this.context.announce('The draft is in the form: change it, then save the revision.');
    });
    const reasonId = `${place}-withdraw-${draft.id}`;
    const reason = el('input', { type: 'text', id: reasonId, autocomplete: 'off' });
    const withdraw = el(
      'form',
      { class: 'inline-form withdraw-form', novalidate: true },
      el('label', { for: reasonId }, 'Reason for withdrawing', el('span', { class: 'muted' }, ' (optional)')),
      reason,
      el('button', { type: 'submit', class: 'secondary' }, 'Withdraw'),
    );
    withdraw.addEventListener('submit', (e) => {
      e.preventDefault();
      void this.withdraw(draft, reason.value.trim() || null, line, place);
    });
    return draftCard(
      draft,
      place,
      ...extra,
      el(
        'p',
        { class: 'own-note' },
        'Your draft: another person reviews it. Until then you may revise or withdraw it.',
      ),
      el('div', { class: 'decision' }, revise, withdraw),
      line,
    );
  }

  private async withdraw(draft: Draft, reason: string | null, line: HTMLElement, place: Place): Promise<void> {
    try {
      const { withdrawDraft } = await query(ReviewWithdrawDraftDocument, { id: draft.id, reason });
      if (this.form.revising === draft.id) this.form.load(null, null);
      // Drawn again wherever it is shown: just submitted, and in the list.
      this.mine?.replace(withdrawDraft);
      const result = this.result.querySelector(`[data-draft-id="${CSS.escape(draft.id)}"]`);
      result?.replaceWith(this.card(withdrawDraft, 'result'));
      this.context.changed(withdrawDraft, false);
      document.getElementById(draftTitleId(withdrawDraft, place))?.focus();
      this.context.announce('Withdrawn.');
    } catch (error) {
      say(line, 'error', explain(error));
    }
  }

  private startNew(focus: boolean): void {
    this.form.load(null, null);
    if (focus) this.form.focusFirstField();
    this.context.announce('The form is empty again: a new draft.');
  }

  /** What the stream entered holds now: new, or its version and latest event (the expected version to give). */
  private async describeStream(id: string): Promise<void> {
    const note = this.form.streamNote;
    if (!id) {
      note.textContent = '';
      return;
    }
    try {
      const { stream } = await query(ReviewStreamDocument, { id });
      const last = stream?.events[stream.events.length - 1];
      note.textContent =
        !stream || !last
          ? `${id} is a new stream: expect version 0.`
          : `${id} is at version ${stream.version}; its latest event: “${last.summary}”. Expect version ${stream.version} to add to it as it is now.`;
    } catch (error) {
      note.textContent = error instanceof GraphqlError && error.code === 'BAD_USER_INPUT' ? '' : explain(error);
    }
  }
}
