/**
 * One event of a draft in the form: its type (from the codebook, with its description), when it
 * occurred and how precisely, its payload (payload-fields.ts, built again when the type changes,
 * keeping what was entered in fields of the same name), and its sources — publisher, link,
 * title, the quoted text and when it was published — at least one, more on demand.
 */
import { clear, el } from '../timeline/dom.js';
import { typeLabel } from '../timeline/event-types.js';
import type { CodebookType } from './codebook.js';
import type { EventEntry } from './draft-checks.js';
import { type Control, group, objectControl, selectControl, textControl } from './form-controls.js';
import { type PayloadContext, payloadControl } from './payload-fields.js';
import { repeatingGroup } from './repeating-group.js';

export interface EventContext extends PayloadContext {
  types: readonly CodebookType[];
  precisions: readonly string[];
  /** The first event's type changed (the stream id's hint follows it). */
  typeChanged: (type: CodebookType | null) => void;
}

const TIME_HINT = 'As 2025-03-18T14:00Z (a time with its zone) or 2025-03-18 (a day: UTC midnight).';

function sourceControl(path: string, label: string): Control {
  const text = (name: string, fieldLabel: string, required: boolean, hint?: string, multiline = false) =>
    [name, textControl({ path: `${path}.${name}`, label: fieldLabel, required, hint, multiline })] as const;
  return objectControl({ path, label, required: true }, [
    text('publisher', 'Publisher', true, 'Who published it: "Reuters", "Kremlin press service".'),
    text('url', 'Link', false, 'The http(s) address of the article or post.'),
    text('title', 'Title', false),
    text('quotedText', 'Quoted text', false, 'The words of the source that back the event, as published.', true),
    text('publishedAt', 'Published at', false, TIME_HINT),
  ]);
}

export function eventControl(path: string, label: string, context: EventContext): Control {
  const typeField = selectControl({
    path: `${path}.type`,
    label: 'Type',
    required: true,
    hint: 'What happened; the fields below follow it.',
    choices: context.types.map((t) => ({ value: t.type, label: `${typeLabel(t.type)} (${t.type})` })),
  });
  const typeSelect = typeField.element.querySelector('select') as HTMLSelectElement;
  const typeHint = typeField.element.querySelector('.hint') as HTMLElement;
  const occurredAt = textControl({ path: `${path}.occurredAt`, label: 'Occurred at', required: true, hint: TIME_HINT });
  const precision = selectControl({
    path: `${path}.occurredPrecision`,
    label: 'Precision',
    required: false,
    hint: 'How precisely the time is known: a DAY event happened somewhere in that UTC day.',
    empty: 'MINUTE (the default)',
    choices: context.precisions.filter((p) => p !== 'MINUTE').map((p) => ({ value: p, label: p })),
  });
  const payloadSlot = el('div', { class: 'payload-slot' });
  /** The id a stored draft gave the event: kept through a revision (it is the event's idempotency key). */
  let id: string | undefined;
  let payload: Control | null = null;
  const sources = repeatingGroup({
    path: `${path}.sources`,
    label: 'Sources',
    required: true,
    hint: 'Where the event is reported: at least one source, with the words that back it.',
    item: 'source',
    min: 1,
    announce: context.announce,
    make: sourceControl,
  });

  const chosen = () => context.types.find((t) => t.type === typeSelect.value) ?? null;
  const showPayload = (data: unknown) => {
    const type = chosen();
    clear(payloadSlot);
    typeHint.textContent = type ? type.description : 'What happened; the fields below follow it.';
    payload = type ? payloadControl(type, `${path}.data`, context) : null;
    if (payload) {
      payload.write(data);
      payloadSlot.append(payload.element);
    } else payloadSlot.append(el('p', { class: 'muted' }, 'Choose the type: the fields of its payload follow.'));
  };
  typeSelect.addEventListener('change', () => {
    showPayload(payload?.read());
    const type = chosen();
    if (type) context.announce(`The form now asks for the fields of ${typeLabel(type.type)}.`);
    context.typeChanged(type);
  });
  showPayload(undefined);

  return {
    element: group(
      { path, label, required: true },
      typeField.element,
      el('div', { class: 'row' }, occurredAt.element, precision.element),
      payloadSlot,
      sources.element,
    ),
    read: (): EventEntry => ({
      ...(id ? { id } : {}),
      type: typeField.read() as string | undefined,
      occurredAt: occurredAt.read() as string | undefined,
      occurredPrecision: precision.read() as string | undefined,
      data: payload?.read() ?? {},
      sources: sources.read() as EventEntry['sources'],
    }),
    write: (value) => {
      const event = (typeof value === 'object' && value !== null ? value : { data: undefined }) as EventEntry;
      id = event.id;
      typeField.write(event.type);
      showPayload(event.data);
      occurredAt.write(event.occurredAt);
      precision.write(event.occurredPrecision === 'MINUTE' ? undefined : event.occurredPrecision);
      sources.write(event.sources);
    },
  };
}
