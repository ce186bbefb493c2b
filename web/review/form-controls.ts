/**
 * The form's building blocks: a labelled field (label, hint, control, and room for an error) and
 * a group of them (a fieldset with its legend), each carrying the API path of what it holds in
 * `data-path` (`streamId`, `events[0].data.speaker`), which is how an error finds its field
 * (field-errors.ts). Every control is a native, labelled form control: usable from the keyboard
 * and named for a screen reader. A Control reads what is entered as the value the API takes
 * (undefined when nothing is) and writes such a value back (when a draft is revised).
 */
import { el } from '../timeline/dom.js';
import { fieldId } from './field-paths.js';

export interface Control {
  /** The field or group, with data-path and data-label. */
  readonly element: HTMLElement;
  read(): unknown;
  write(value: unknown): void;
}

export interface FieldOptions {
  path: string;
  label: string;
  required: boolean;
  /** What the field means and how to write it. */
  hint?: string;
}

/** A label, its hint and a control, wrapped; the control gets the id the label names and the hint as its description. */
export function field(options: FieldOptions, control: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement) {
  const id = fieldId(options.path);
  control.id = id;
  control.name = options.path;
  if (options.required) control.setAttribute('aria-required', 'true');
  const hint = options.hint ? el('p', { id: `${id}-hint`, class: 'hint' }, options.hint) : null;
  if (hint) control.setAttribute('aria-describedby', hint.id);
  return el(
    'div',
    { class: 'field', 'data-path': options.path, 'data-label': options.label },
    el('label', { for: id }, options.label, el('span', { class: 'muted' }, options.required ? '' : ' (optional)')),
    hint,
    control,
  );
}

/** A fieldset for fields that belong together (a source, the payload, a list of actors). */
export function group(options: FieldOptions, ...children: (Node | null)[]): HTMLFieldSetElement {
  const id = fieldId(options.path);
  const hint = options.hint ? el('p', { id: `${id}-hint`, class: 'hint' }, options.hint) : null;
  return el(
    'fieldset',
    {
      id,
      class: 'group',
      'data-path': options.path,
      'data-label': options.label,
      'aria-describedby': hint?.id,
    },
    el('legend', {}, options.label, el('span', { class: 'muted' }, options.required ? '' : ' (optional)')),
    hint,
    ...children,
  );
}

const trimmed = (value: string) => (value.trim() === '' ? undefined : value.trim());
function asText(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/** One line of text (multiline: a textarea, for statements and quotes). Empty reads as undefined. */
export function textControl(options: FieldOptions & { multiline?: boolean; maxLength?: number }): Control {
  const input = options.multiline
    ? el('textarea', { rows: 3, spellcheck: 'true' })
    : el('input', { type: 'text', autocomplete: 'off', spellcheck: 'false' });
  if (options.maxLength) input.maxLength = options.maxLength;
  return {
    element: field(options, input),
    read: () => trimmed(input.value),
    write: (value) => (input.value = asText(value)),
  };
}

/** A whole number (typed, so that "12a" reaches the checks as text rather than vanishing). */
export function integerControl(options: FieldOptions): Control {
  const input = el('input', { type: 'text', inputmode: 'numeric', autocomplete: 'off' });
  return {
    element: field(options, input),
    read: () => {
      const text = trimmed(input.value);
      if (text === undefined) return undefined;
      return /^-?\d+$/.test(text) ? Number(text) : text;
    },
    write: (value) => (input.value = asText(value)),
  };
}

/** A list of short texts, one per line (topics, conditions, event ids). Blank lines are dropped. */
export function linesControl(options: FieldOptions): Control {
  const input = el('textarea', { rows: 3, spellcheck: 'false' });
  return {
    element: field({ ...options, hint: [options.hint, 'One per line.'].filter(Boolean).join(' ') }, input),
    read: () => {
      const lines = input.value
        .split('\n')
        .map((line) => line.trim())
        .filter(Boolean);
      return lines.length ? lines : undefined;
    },
    write: (value) => (input.value = Array.isArray(value) ? value.map(asText).join('\n') : asText(value)),
  };
}

export interface Choice {
  value: string;
  label: string;
}

/** One of a few values; "not given" is the empty first choice. */
export function selectControl(options: FieldOptions & { choices: readonly Choice[]; empty?: string }): Control {
  const select = el(
    'select',
    {},
    el('option', { value: '' }, options.empty ?? (options.required ? '— choose —' : '— not given —')),
    ...options.choices.map((c) => el('option', { value: c.value }, c.label)),
  );
  return {
    element: field(options, select),
    read: () => select.value || undefined,
    write: (value) => (select.value = asText(value)),
  };
}

/** Any number of values, as checkboxes in a fieldset (keyboard: Tab between them, Space ticks). */
export function checkboxesControl(options: FieldOptions & { choices: readonly Choice[] }): Control {
  const boxes = options.choices.map((c) =>
    el('input', { type: 'checkbox', value: c.value, id: `${fieldId(options.path)}-${c.value}` }),
  );
  const element = group(
    options,
    el(
      'div',
      { class: 'checks' },
      ...options.choices.map((c, i) => el('label', { class: 'check' }, boxes[i], ` ${c.label}`)),
    ),
  );
  return {
    element,
    read: () => {
      const ticked = boxes.filter((b) => b.checked).map((b) => b.value);
      return ticked.length ? ticked : undefined;
    },
    write: (value) => {
      const values = new Set(Array.isArray(value) ? value.map(asText) : []);
      for (const box of boxes) box.checked = values.has(box.value);
    },
  };
}

/** Yes or not given: the catalogue's flags are all "true when …". */
export function flagControl(options: FieldOptions): Control {
  const id = fieldId(options.path);
  const box = el('input', { type: 'checkbox', id, name: options.path });
  const hint = options.hint ? el('p', { id: `${id}-hint`, class: 'hint' }, options.hint) : null;
  if (hint) box.setAttribute('aria-describedby', hint.id);
  return {
    element: el(
      'div',
      { class: 'field flag', 'data-path': options.path, 'data-label': options.label },
      el('label', { for: id }, box, ` ${options.label}`),
      hint,
    ),
    read: () => (box.checked ? true : undefined),
    write: (value) => (box.checked = value === true),
  };
}

/** Any JSON value (a correction's full payload), parsed on reading; what does not parse reads as its text. */
export function jsonControl(options: FieldOptions): Control {
  const input = el('textarea', { rows: 6, spellcheck: 'false', class: 'mono' });
  return {
    element: field(options, input),
    read: () => {
      const text = trimmed(input.value);
      if (text === undefined) return undefined;
      try {
        return JSON.parse(text) as unknown;
      } catch {
        return text;
      }
    },
    write: (value) => (input.value = value === undefined ? '' : JSON.stringify(value, null, 2)),
  };
}

/** Named controls in a fieldset, read as an object of those given (undefined when none is). */
export function objectControl(options: FieldOptions, controls: readonly (readonly [string, Control])[]): Control {
  return {
    element: group(options, ...controls.map(([, c]) => c.element)),
    read: () => {
      const entries = controls.map(([name, c]) => [name, c.read()] as const).filter(([, v]) => v !== undefined);
      return entries.length ? Object.fromEntries(entries) : undefined;
    },
    write: (value) => {
      const object = typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
      for (const [name, c] of controls) c.write(object[name]);
    },
  };
}
