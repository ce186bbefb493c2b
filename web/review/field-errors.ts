/**
 * Errors shown where they belong. Each error (the page's own checks, or the API's
 * `extensions.errors` with the same paths) goes to the field that holds its path — the field
 * itself, else the nearest group that holds it (`events[0].data.participants[1]` to the
 * participants' checkboxes) — as a message under its label; its controls get `aria-invalid` and
 * the message as their description. A summary above the form lists every error as a link to its
 * field and takes the keyboard focus, so that a screen reader hears them at once.
 */
import { append, clear, el } from '../timeline/dom.js';
import type { FieldError, GraphqlError } from '../timeline/graphql-client.js';
import { ancestors, apiPath, below, fieldId } from './field-paths.js';

const CONTROLS = 'input, select, textarea';

const byPath = (root: HTMLElement, path: string) =>
  root.querySelector<HTMLElement>(`[data-path="${path.replace(/["\\]/g, '\\$&')}"]`);

/** The controls of a field or group that are its own (not those of a field nested in it). */
function ownControls(field: HTMLElement): HTMLElement[] {
  return [...field.querySelectorAll<HTMLElement>(CONTROLS)].filter((c) => c.closest('[data-path]') === field);
}

function describe(node: HTMLElement, id: string): void {
  const ids = (node.getAttribute('aria-describedby') ?? '').split(' ').filter(Boolean);
  node.setAttribute('aria-describedby', [id, ...ids.filter((i) => i !== id)].join(' '));
}

function undescribe(node: HTMLElement, id: string): void {
  const ids = (node.getAttribute('aria-describedby') ?? '').split(' ').filter((i) => i && i !== id);
  if (ids.length) node.setAttribute('aria-describedby', ids.join(' '));
  else node.removeAttribute('aria-describedby');
}

/** "Source 1 › Publisher": the field's label after those of the numbered items that hold it. */
function nameOf(field: HTMLElement, root: HTMLElement): string {
  const names = [field.dataset.label ?? ''];
  for (let node = field.parentElement?.closest<HTMLElement>('[data-path]'); node && root.contains(node);) {
    const label = node.dataset.label ?? '';
    // "Event 1" only says something when the draft has several events.
    if (/ \d+$/.test(label) && !(label.startsWith('Event ') && !root.querySelector('[data-path="events[1]"]')))
      names.unshift(label);
    node = node.parentElement?.closest<HTMLElement>('[data-path]');
  }
  return names.filter(Boolean).join(' › ');
}

export class FieldErrors {
  private marked: { field: HTMLElement; id: string }[] = [];

  /** `summary`: an element with an id, where the list goes; `subject`: what the errors are of ("this draft"). */
  constructor(
    private readonly root: HTMLElement,
    private readonly summary: HTMLElement,
    private readonly subject = 'this draft',
  ) {
    summary.setAttribute('aria-labelledby', `${summary.id}-title`);
    summary.addEventListener('click', (e) => {
      const link = (e.target as HTMLElement).closest<HTMLAnchorElement>('a[data-field]');
      if (!link) return;
      e.preventDefault();
      document.getElementById(link.dataset.field ?? '')?.focus();
    });
  }

  get shown(): number {
    return this.marked.length;
  }

  clear(): void {
    for (const { field, id } of this.marked) {
      document.getElementById(id)?.remove();
      for (const control of ownControls(field)) {
        control.removeAttribute('aria-invalid');
        undescribe(control, id);
      }
      if (field.tagName === 'FIELDSET') undescribe(field, id);
      field.classList.remove('has-error');
    }
    this.marked = [];
    clear(this.summary);
    this.summary.hidden = true;
  }

  /** Shows `errors` (clearing those shown before) and focuses the summary. `lead`: what happened, in a sentence. */
  show(errors: readonly FieldError[], lead: string): void {
    this.clear();
    const items: HTMLElement[] = [];
    const messages = new Map<HTMLElement, string[]>();
    for (const error of errors) {
      const path = apiPath(error.path);
      const at = ancestors(path)
        .map((p) => [p, byPath(this.root, p)] as const)
        .find(([, node]) => node !== null);
      if (!at?.[1]) {
        items.push(el('li', {}, `${path}: ${error.reason}`));
        continue;
      }
      const [fieldPath, field] = at as readonly [string, HTMLElement];
      const rest = below(fieldPath, path);
      const message = rest ? `${rest}: ${error.reason}` : error.reason;
      if (!messages.has(field)) messages.set(field, []);
      messages.get(field)?.push(message);
      const target = ownControls(field)[0] ?? field.querySelector<HTMLElement>('button') ?? field;
      if (!target.id) target.id = `${fieldId(fieldPath)}-first`;
      items.push(
        el(
          'li',
          {},
          el('a', { href: `#${target.id}`, 'data-field': target.id }, `${nameOf(field, this.root)}: ${message}`),
        ),
      );
    }
    for (const [field, lines] of messages) this.mark(field, lines);
    const count = errors.length === 1 ? 'There is 1 problem' : `There are ${errors.length} problems`;
    append(
      this.summary,
      el('h3', { id: `${this.summary.id}-title` }, `${count} with ${this.subject}`),
      el('p', {}, lead),
      el('ul', {}, ...items),
    );
    this.summary.hidden = false;
    this.summary.focus();
  }

  private mark(field: HTMLElement, lines: string[]): void {
    const id = `${fieldId(field.dataset.path ?? 'form')}-error`;
    const message = el(
      'p',
      { id, class: 'field-error' },
      el('span', { class: 'visually-hidden' }, 'Error: '),
      lines.join('; '),
    );
    const after = field.querySelector(':scope > legend, :scope > label');
    if (after) after.after(message);
    else field.prepend(message);
    for (const control of ownControls(field)) {
      control.setAttribute('aria-invalid', 'true');
      describe(control, id);
    }
    if (field.tagName === 'FIELDSET') describe(field, id);
    field.classList.add('has-error');
    this.marked.push({ field, id });
  }
}

/**
 * The field errors of an API error: the service's own (`extensions.errors`), or GraphQL's input
 * coercion, which names one path in its message (`… at "input.events[0].occurredAt"; …`).
 */
export function fieldErrorsOf(error: GraphqlError): FieldError[] {
  if (error.fields.length) return [...error.fields];
  if (error.code !== 'BAD_USER_INPUT') return [];
  const at = /at "(input\.[^"]+)"/.exec(error.message);
  return at
    ? [
        {
          path: apiPath(at[1]),
          reason: error.message.replace(/^Variable "\$input" got invalid value /, 'invalid value '),
        },
      ]
    : [];
}
