/**
 * The draft form: where the events go (stream id, expected version), the events (event-fieldset.ts:
 * one to start with, more on demand), a note for the reviewer, and the buttons — Preview, and
 * Submit for review (or, while a draft is revised, Save the revision and Cancel). It reads what is
 * entered as a DraftEntry, checks it (draft-checks.ts), shows errors at their fields
 * (field-errors.ts) and writes a stored draft back for its revision. What the buttons do is the
 * editor view's.
 */
import { el } from '../timeline/dom.js';
import type { Codebook, CodebookType } from './codebook.js';
import { type DraftEntry, checkDraft } from './draft-checks.js';
import { type EventContext, eventControl } from './event-fieldset.js';
import { FieldErrors } from './field-errors.js';
import { type Choice, group, integerControl, textControl } from './form-controls.js';
import { type RepeatingGroup, firstField, repeatingGroup } from './repeating-group.js';

export interface DraftFormHandlers {
  preview(): void;
  submit(): void;
  cancel(): void;
  /** The stream id was changed (and left): the view says what the stream holds. */
  streamChanged(id: string): void;
}

const STREAM_HINT = 'The subject the events belong to, in lower-case letters, digits and - . _ :';

export class DraftForm {
  readonly element: HTMLFormElement;
  readonly errors: FieldErrors;
  /** Where the view says what a stream holds (polite live region). */
  readonly streamNote = el('p', { class: 'hint stream-note', 'aria-live': 'polite' });
  readonly previewArea = el('section', {
    class: 'form-preview',
    'aria-labelledby': 'form-preview-title',
    hidden: true,
  });
  private readonly streamId = textControl({ path: 'streamId', label: 'Stream id', required: true, hint: STREAM_HINT });
  private readonly expectedVersion = integerControl({
    path: 'expectedVersion',
    label: 'Expected version',
    required: false,
    hint: 'The version the stream must be at when the draft is approved: 0 for a new stream; empty for no check.',
  });
  private readonly events: RepeatingGroup;
  private readonly note = textControl({
    path: 'note',
    label: 'Note for the reviewer',
    required: false,
    hint: 'Anything the reviewer should know: why this is worth recording, what is uncertain.',
    multiline: true,
  });
  private readonly legend = el('legend', {}, 'A new draft');
  private readonly submitButton = el('button', { type: 'submit', class: 'primary' }, 'Submit for review');
  private readonly cancelButton = el(
    'button',
    { type: 'button', class: 'secondary', hidden: true },
    'Cancel the revision',
  );
  /** The draft being revised, or null for a new one. */
  revising: string | null = null;

  constructor(
    private readonly codebook: Codebook,
    actors: readonly Choice[],
    announce: (text: string) => void,
    handlers: DraftFormHandlers,
  ) {
    const context: EventContext = {
      actors,
      announce,
      types: codebook.types,
      precisions: codebook.enums.TimePrecision,
      typeChanged: (type) => this.showStreamHint(type),
    };
    this.events = repeatingGroup({
      path: 'events',
      label: 'Events',
      required: true,
      hint: 'Usually one. Several are approved together, all or nothing, into the same stream.',
      item: 'event',
      min: 1,
      announce,
      make: (path, label) => eventControl(path, label, context),
    });
    const summary = el('div', {
      id: 'error-summary',
      class: 'error-summary',
      tabindex: '-1',
      hidden: true,
    });
    const previewButton = el('button', { type: 'button', class: 'secondary' }, 'Preview');
    previewButton.addEventListener('click', () => handlers.preview());
    this.cancelButton.addEventListener('click', () => handlers.cancel());
    this.streamId.element.append(this.streamNote);
    this.streamId.element
      .querySelector('input')
      ?.addEventListener('change', () => handlers.streamChanged((this.streamId.read() as string | undefined) ?? ''));
    this.element = el(
      'form',
      { id: 'draft-form', class: 'draft-form', novalidate: true, 'aria-labelledby': 'editor-heading' },
      summary,
      el(
        'fieldset',
        { class: 'group draft-fields' },
        this.legend,
        group(
          { path: 'stream', label: 'Where it goes', required: true },
          this.streamId.element,
          this.expectedVersion.element,
        ),
        this.events.element,
        this.note.element,
      ),
      el('div', { class: 'actions' }, previewButton, this.submitButton, this.cancelButton),
      this.previewArea,
    );
    this.element.addEventListener('submit', (e) => {
      e.preventDefault();
      handlers.submit();
    });
    this.errors = new FieldErrors(this.element, summary);
  }

  read(): DraftEntry {
    return {
      streamId: this.streamId.read() as string | undefined,
      expectedVersion: this.expectedVersion.read() as number | string | undefined,
      events: (this.events.read() ?? []) as DraftEntry['events'],
      note: this.note.read() as string | undefined,
    };
  }

  /** What the page itself finds wrong (nothing sent yet). */
  check(entry: DraftEntry = this.read()) {
    return checkDraft(entry, this.codebook);
  }

  /** Fills the form with a stored draft, to revise it (`id`), or empties it for a new one (null). */
  load(entry: DraftEntry | null, id: string | null): void {
    this.errors.clear();
    this.previewArea.hidden = true;
    this.streamId.write(entry?.streamId);
    this.expectedVersion.write(entry?.expectedVersion);
    this.events.write(entry?.events);
    this.note.write(entry?.note);
    this.revising = id;
    this.legend.textContent = id ? 'Revising your draft' : 'A new draft';
    this.submitButton.textContent = id ? 'Save the revision' : 'Submit for review';
    this.cancelButton.hidden = !id;
    this.showStreamHint(this.codebook.types.find((t) => t.type === entry?.events[0]?.type) ?? null);
    this.streamNote.textContent = '';
  }

  focusFirstField(): void {
    firstField(this.element)?.focus();
  }

  setBusy(busy: boolean): void {
    this.element.setAttribute('aria-busy', String(busy));
    for (const button of this.element.querySelectorAll<HTMLButtonElement>('.actions button')) button.disabled = busy;
  }

  private showStreamHint(type: CodebookType | null): void {
    const hint = this.streamId.element.querySelector('.hint');
    if (hint) hint.textContent = type?.stream ? `${STREAM_HINT} (${type.type} goes into ${type.stream}).` : STREAM_HINT;
  }
}
