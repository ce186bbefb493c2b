/**
 * The controls above the timeline: text search, actor and type filters (the type list is also the
 * colour legend), the lane switch, zoom buttons and the "as of" slider. They report changes; the
 * page (main.ts) owns the state.
 */
import { byId, clear, debounce, el } from './dom.js';
import { HOUR, formatMoment } from './event-time.js';
import { typeColour, typeLabel } from './event-types.js';
import { EVENT_TYPES, type Actor, type EventType } from './types.js';
import type { LaneMode, ViewState } from './view-state.js';

export interface ControlHandlers {
  filter(change: Partial<Pick<ViewState, 'actors' | 'types' | 'text' | 'lanes'>>): void;
  asOf(asOf: number | null, settled: boolean): void;
  zoom(factor: number): void;
  fit(): void;
}

export class Controls {
  private readonly search = byId<HTMLInputElement>('search');
  private readonly actorList = byId('actor-filter');
  private readonly typeList = byId('type-filter');
  private readonly slider = byId<HTMLInputElement>('as-of');
  private readonly sliderText = byId<HTMLOutputElement>('as-of-value');
  private domain = { min: 0, max: 0 };

  constructor(private readonly handlers: ControlHandlers) {
    const typed = debounce(() => handlers.filter({ text: this.search.value.trim() }), 400);
    this.search.addEventListener('input', typed);
    byId<HTMLFormElement>('filters').addEventListener('submit', (e) => {
      e.preventDefault();
      handlers.filter({ text: this.search.value.trim() });
    });
    for (const radio of document.querySelectorAll<HTMLInputElement>('input[name="lanes"]')) {
      radio.addEventListener('change', () => handlers.filter({ lanes: radio.value as LaneMode }));
    }
    this.actorList.addEventListener('change', () => handlers.filter({ actors: this.checked(this.actorList) }));
    this.typeList.addEventListener('change', () =>
      handlers.filter({ types: this.checked(this.typeList) as EventType[] }),
    );
    byId('clear-filters').addEventListener('click', () => {
      this.search.value = '';
      handlers.filter({ actors: [], types: [], text: '' });
    });
    byId('zoom-in').addEventListener('click', () => handlers.zoom(0.5));
    byId('zoom-out').addEventListener('click', () => handlers.zoom(2));
    byId('zoom-fit').addEventListener('click', () => handlers.fit());
    const settle = debounce(() => handlers.asOf(this.sliderValue(), true), 200);
    this.slider.addEventListener('input', () => {
      const asOf = this.sliderValue();
      this.describe(asOf);
      handlers.asOf(asOf, false);
      settle();
    });
    byId('as-of-now').addEventListener('click', () => {
      this.setAsOf(null);
      handlers.asOf(null, true);
    });
  }

  private checked(list: HTMLElement): string[] {
    return [...list.querySelectorAll<HTMLInputElement>('input[type=checkbox]:checked')].map((box) => box.value);
  }

  /** The checkbox lists, built once (rebuilding them would take the keyboard focus away). */
  showActors(actors: Actor[]): void {
    clear(this.actorList);
    const sorted = [...actors].sort((a, b) => a.kind.localeCompare(b.kind) || a.name.localeCompare(b.name));
    for (const actor of sorted) {
      this.actorList.append(
        el(
          'label',
          { class: 'check' },
          el('input', { type: 'checkbox', value: actor.id }),
          ` ${actor.name}`,
          actor.principal.id !== actor.id ? el('span', { class: 'muted' }, ` (${actor.principal.name})`) : null,
        ),
      );
    }
    clear(this.typeList);
    for (const type of EVENT_TYPES) {
      this.typeList.append(
        el(
          'label',
          { class: 'check' },
          el('input', { type: 'checkbox', value: type }),
          ' ',
          el('span', { class: 'swatch', style: `--c:${typeColour(type)}`, 'aria-hidden': 'true' }),
          ` ${typeLabel(type)}`,
        ),
      );
    }
  }

  /**
   * The controls as the view has them (after a load from the URL, a change, or a "clear"). The
   * search box is left alone while someone types in it (the view holds the text trimmed).
   */
  show(view: ViewState): void {
    if (document.activeElement !== this.search) this.search.value = view.text;
    for (const radio of document.querySelectorAll<HTMLInputElement>('input[name="lanes"]'))
      radio.checked = radio.value === view.lanes;
    for (const box of this.actorList.querySelectorAll<HTMLInputElement>('input[type=checkbox]'))
      box.checked = view.actors.includes(box.value);
    for (const box of this.typeList.querySelectorAll<HTMLInputElement>('input[type=checkbox]'))
      box.checked = (view.types as string[]).includes(box.value);
    byId('actor-count').textContent = view.actors.length ? `(${view.actors.length} chosen)` : '(all)';
    byId('type-count').textContent = view.types.length ? `(${view.types.length} chosen)` : '(all)';
  }

  /** The slider runs over the events' time, in hours; its right end is "now". */
  setDomain(min: number, max: number): void {
    this.domain = { min: Math.floor(min / HOUR) * HOUR, max: Math.ceil(max / HOUR) * HOUR };
    this.slider.max = String(Math.max(1, (this.domain.max - this.domain.min) / HOUR));
  }

  setAsOf(asOf: number | null): void {
    const steps = Number(this.slider.max);
    this.slider.value = String(
      asOf === null ? steps : Math.max(0, Math.min(steps, Math.round((asOf - this.domain.min) / HOUR))),
    );
    this.describe(asOf);
  }

  private sliderValue(): number | null {
    const value = Number(this.slider.value);
    return value >= Number(this.slider.max) ? null : this.domain.min + value * HOUR;
  }

  private describe(asOf: number | null): void {
    const text = asOf === null ? 'Now (the latest record)' : formatMoment(asOf);
    this.sliderText.textContent = text;
    this.slider.setAttribute('aria-valuetext', text);
  }
}
