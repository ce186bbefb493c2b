/**
 * A list the editor grows and shrinks (the events of a draft, the sources of an event, the
 * quantities of terms): a fieldset of numbered items, each a fieldset of its own with a "Remove"
 * button, and an "Add" button after them. Items are numbered by their place, as the API's paths
 * are (`sources[1]`): removing one builds the rest again under their new numbers, with what was
 * entered. The keyboard focus goes to the first field of an item added, and to the Add button
 * after a removal; both are announced.
 */
import { clear, el } from '../timeline/dom.js';
import { type Control, type FieldOptions, group } from './form-controls.js';

export interface RepeatOptions extends FieldOptions {
  /** What one item is called: "source" (items are "Source 1", buttons "Add a source"). */
  item: string;
  /** Items there always are (at least one source): they have no Remove button. */
  min: number;
  make: (path: string, label: string) => Control;
  announce: (text: string) => void;
}

const capital = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
const article = (noun: string) => (/^[aeiou]/i.test(noun) ? 'an' : 'a');

export function firstField(element: HTMLElement): HTMLElement | null {
  return element.querySelector<HTMLElement>('input, select, textarea');
}

export interface RepeatingGroup extends Control {
  readonly items: readonly Control[];
}

export function repeatingGroup(options: RepeatOptions): RepeatingGroup {
  const list = el('div', { class: 'items' });
  const add = el('button', { type: 'button', class: 'secondary add' }, `Add ${article(options.item)} ${options.item}`);
  let items: Control[] = [];

  const render = (values: readonly unknown[]) => {
    clear(list);
    items = values.map((value, index) => {
      const label = `${capital(options.item)} ${index + 1}`;
      const control = options.make(`${options.path}[${index}]`, label);
      control.write(value);
      if (index >= options.min) {
        const remove = el(
          'button',
          { type: 'button', class: 'secondary remove' },
          `Remove ${options.item} ${index + 1}`,
        );
        remove.addEventListener('click', () => {
          const kept = items.map((c) => c.read());
          kept.splice(index, 1);
          render(kept);
          add.focus();
          options.announce(`${label} removed.`);
        });
        control.element.append(remove);
      }
      list.append(control.element);
      return control;
    });
  };

  add.addEventListener('click', () => {
    render([...items.map((c) => c.read()), undefined]);
    const added = items[items.length - 1];
    firstField(added.element)?.focus();
    options.announce(`${capital(options.item)} ${items.length} added.`);
  });

  render(Array.from({ length: options.min }, () => undefined));
  return {
    element: group(options, list, add),
    get items() {
      return items;
    },
    // An item left empty reads as {}: its required fields are then named at its own number.
    read: () => (items.length ? items.map((c) => c.read() ?? {}) : undefined),
    write: (value) => {
      const values = Array.isArray(value) ? (value as unknown[]) : [];
      const missing = Math.max(0, options.min - values.length);
      render([...values, ...Array.from({ length: missing }, () => undefined)]);
    },
  };
}
