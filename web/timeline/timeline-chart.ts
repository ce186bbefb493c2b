/**
 * The timeline: an axis, one lane per side (or per type) with a mark for every event, and the
 * pledges as bars on the same axis. Scroll to zoom, drag to move, Shift-drag to zoom to a date
 * range, or use the keyboard (arrows move, + and - zoom, 0 fits). Marks are buttons: Tab reaches
 * them, Enter opens their details.
 */
import { type MarkFlags, markNotes } from './claims-view.js';
import { clear, el } from './dom.js';
import { formatOccurred, formatWhen, occurredInterval } from './event-time.js';
import { typeColour, typeLabel } from './event-types.js';
import { type Lane, packRows } from './lanes.js';
import { pledgeSpan } from './pledge-bars.js';
import { type TimeWindow, pan, ticks, toTime, toX, windowBetween, zoom } from './time-scale.js';
import type { Pledge, TimelineEvent } from './types.js';

export interface PledgeRow {
  id: string;
  /** The pledge now (for its label when it was not yet made at the "as of" moment). */
  current: Pledge;
  /** The pledge at the "as of" moment; null when it had not been made yet. */
  atAsOf: Pledge | null;
}

export interface ChartInput {
  lanes: Lane[];
  pledges: PledgeRow[];
  window: TimeWindow;
  asOf: number | null;
  now: number;
  late: ReadonlySet<string>;
  /** Claims disputed at the "as of" moment (now without one), and calls contested then (a readout disputed). */
  disputed: ReadonlySet<string>;
  contested: ReadonlySet<string>;
  fresh: ReadonlySet<string>;
  selected: string | null;
}

export interface ChartHandlers {
  select(eventId: string, origin: HTMLElement): void;
  window(window: TimeWindow): void;
  fit(): void;
}

const ROW = 22;
/** A lane grows to this many rows of marks; more marks at the same time overlap in them (zoom in to separate them). */
const MAX_ROWS = 12;
const PLEDGES_BEFORE_SCROLL = 8;
const MARK_MIN = 12;
const NARROW = 640;
const LABEL_WIDTH = 170;

export function markLabel(event: TimelineEvent, flags: Omit<MarkFlags, 'retracted' | 'corrected'>): string {
  const notes = markNotes({ ...flags, retracted: event.retracted, corrected: Boolean(event.correctedBy) });
  return `${typeLabel(event.type)}: ${event.summary} — ${formatOccurred(event.occurredAt, event.occurredPrecision)}${notes.length ? ` (${notes.join(', ')})` : ''}`;
}

export class TimelineChart {
  private input: ChartInput | null = null;
  /** A drag in progress: moving the window, or (with Shift) drawing out a range to zoom to. */
  private drag: {
    x: number;
    window: TimeWindow;
    pointer: number;
    select: { plotLeft: number; band: HTMLElement } | null;
  } | null = null;

  constructor(
    private readonly root: HTMLElement,
    private readonly handlers: ChartHandlers,
  ) {
    root.addEventListener('wheel', (e) => this.onWheel(e), { passive: false });
    root.addEventListener('pointerdown', (e) => this.onPointerDown(e));
    root.addEventListener('pointermove', (e) => this.onPointerMove(e));
    root.addEventListener('pointerup', (e) => this.endDrag(e));
    root.addEventListener('pointercancel', () => this.endDrag(null));
    root.addEventListener('keydown', (e) => this.onKey(e));
    root.addEventListener('click', (e) => {
      const target = (e.target as HTMLElement).closest<HTMLElement>('[data-event-id],[data-violation-event-id]');
      const id = target?.dataset.eventId ?? target?.dataset.violationEventId;
      if (target && id) this.handlers.select(id, target);
    });
  }

  /** The width of the time axis in pixels (the chart minus the lane labels, which sit above the lanes on a narrow screen). */
  plotWidth(): number {
    const width = this.root.clientWidth;
    return Math.max(120, width < NARROW ? width - 16 : width - LABEL_WIDTH - 16);
  }

  render(input: ChartInput): void {
    this.input = input;
    const width = this.plotWidth();
    const narrow = this.root.clientWidth < NARROW;
    this.root.classList.toggle('is-narrow', narrow);
    this.root.style.setProperty('--plot-width', `${width}px`);
    // The pledge list scrolls in its own box: keep its place across redraws.
    const pledgeScroll = this.root.querySelector('.pledge-rows')?.scrollTop ?? 0;
    clear(this.root);

    const axis = el('div', { class: 'plot axis', 'aria-hidden': 'true' });
    for (const tick of ticks(input.window, width, narrow ? 56 : 80)) {
      axis.append(
        el(
          'span',
          {
            class: tick.major ? 'tick is-major' : 'tick',
            style: `left:${toX(input.window, width, tick.t).toFixed(1)}px`,
          },
          tick.label,
        ),
      );
    }
    this.asOfLine(axis, input, width);
    this.root.append(el('div', { class: 'lane axis-row' }, el('div', { class: 'lane-label' }), axis));

    if (input.lanes.length === 0) this.root.append(el('p', { class: 'empty' }, 'No events match the filters.'));
    for (const lane of input.lanes) this.root.append(this.lane(lane, input, width));

    if (input.pledges.length) {
      this.root.append(
        el('h3', { class: 'group-heading', id: 'pledges-heading' }, 'Pledges: how long each promise held'),
      );
      // Many pledges scroll in their own box (reachable by keyboard), below the lanes they share the axis with.
      const scrolls = input.pledges.length > PLEDGES_BEFORE_SCROLL;
      const rows = el('div', {
        class: scrolls ? 'pledge-rows is-scrolling' : 'pledge-rows',
        role: 'region',
        'aria-labelledby': 'pledges-heading',
        tabindex: scrolls ? '0' : null,
      });
      for (const row of input.pledges) rows.append(this.pledge(row, input, width));
      this.root.append(rows);
      rows.scrollTop = pledgeScroll;
    }
  }

  private lane(lane: Lane, input: ChartInput, width: number): HTMLElement {
    const intervals = lane.events.map((event) => occurredInterval(event.occurredAt, event.occurredPrecision));
    const spans = intervals.map(({ start, end }) => {
      const x = toX(input.window, width, start);
      const w = Math.max(MARK_MIN, toX(input.window, width, end) - x);
      return { start: x, end: x + w };
    });
    const rows = packRows(spans, 3, MAX_ROWS);
    const height = (Math.max(0, ...rows) + 1) * ROW + 6;
    const plot = el('div', { class: 'plot', style: `height:${height}px` });
    lane.events.forEach((event, i) => {
      const { start, end } = spans[i];
      if (end < -50 || start > width + 50) return;
      const late = input.late.has(event.id);
      const disputed = input.disputed.has(event.id);
      const contested = input.contested.has(event.id);
      const classes = ['mark'];
      if (late) classes.push('is-late');
      if (disputed) classes.push('is-disputed');
      if (contested) classes.push('is-contested');
      if (event.correctedBy) classes.push('is-corrected');
      if (event.retracted) classes.push('is-retracted');
      if (input.asOf !== null && intervals[i].start > input.asOf) classes.push('is-after-as-of');
      if (input.fresh.has(event.id)) classes.push('is-new');
      if (input.selected === event.id) classes.push('is-selected');
      const label = markLabel(event, { late, disputed, contested });
      plot.append(
        el('button', {
          type: 'button',
          class: classes.join(' '),
          'data-event-id': event.id,
          'data-type': event.type,
          'aria-label': label,
          'aria-current': input.selected === event.id ? 'true' : null,
          title: label,
          style: `left:${start.toFixed(1)}px;width:${(end - start).toFixed(1)}px;top:${rows[i] * ROW + 3}px;--c:${typeColour(event.type)}`,
        }),
      );
    });
    this.asOfLine(plot, input, width);
    const count = `${lane.events.length} event${lane.events.length === 1 ? '' : 's'}`;
    return el(
      'div',
      { class: 'lane', role: 'group', 'aria-label': `${lane.label}: ${count}` },
      el(
        'div',
        { class: 'lane-label' },
        el('span', { class: 'lane-name' }, lane.label),
        el('span', { class: 'lane-count' }, count),
      ),
      plot,
    );
  }

  private pledge(row: PledgeRow, input: ChartInput, width: number): HTMLElement {
    const { current, atAsOf } = row;
    const state = atAsOf?.state ?? 'NOT_YET_MADE';
    const who = `${current.by.name}${current.to ? ` to ${current.to.name}` : ''}`;
    const plot = el('div', { class: 'plot pledge-plot' });
    let stateText: string;
    if (!atAsOf) {
      stateText = 'not yet made';
      plot.append(
        el(
          'span',
          { class: 'pledge-note' },
          `Not yet made at this moment (made ${formatWhen(Date.parse(current.madeAt))})`,
        ),
      );
    } else {
      const span = pledgeSpan(atAsOf, input.asOf, input.now);
      stateText = span.label;
      const x0 = toX(input.window, width, span.start);
      const x1 = Math.max(x0 + 4, toX(input.window, width, span.end));
      const bar = el('div', {
        class: 'pledge-bar',
        'data-state': atAsOf.state,
        style: `left:${x0.toFixed(1)}px;width:${(x1 - x0).toFixed(1)}px`,
      });
      // The label's width is only estimated (bold, about 8 px a character): inside the bar when that
      // surely fits; else right of the bar (after the breaker mark) when there is room, else ending
      // just left of the bar (anchored by its right edge, so a wider text cannot run into the bar).
      const estimate = span.label.length * 8 + 12;
      const inside = x1 - x0 > estimate;
      const label = el('span', { class: inside ? 'lifetime' : 'lifetime is-outside' }, span.label);
      if (inside) bar.append(label);
      else
        label.style.cssText =
          x1 + 22 + estimate < width ? `left:${(x1 + 22).toFixed(1)}px` : `right:${(width - x0 + 4).toFixed(1)}px`;
      plot.append(bar);
      if (!inside) plot.append(label);
      if (span.breaker) {
        plot.append(
          el(
            'button',
            {
              type: 'button',
              class: 'breaker',
              'data-violation-event-id': span.breaker.event.id,
              'aria-label': `Broken by: ${span.breaker.event.summary}`,
              title: `Broken by: ${span.breaker.event.summary}`,
              style: `left:${(x1 + 1).toFixed(1)}px`,
            },
            '✕',
          ),
        );
      }
    }
    this.asOfLine(plot, input, width);
    return el(
      'div',
      {
        class: 'lane pledge-row',
        role: 'group',
        'aria-label': `Pledge by ${who}: ${current.commitment}; ${stateText}`,
        'data-pledge-id': row.id,
        'data-state': state,
      },
      el(
        'div',
        { class: 'lane-label' },
        el('span', { class: 'lane-name' }, who),
        el('span', { class: 'pledge-commitment' }, current.commitment),
        el('span', { class: `badge state-${state}` }, state.toLowerCase().replace(/_/g, ' ')),
      ),
      plot,
    );
  }

  private asOfLine(plot: HTMLElement, input: ChartInput, width: number): void {
    if (input.asOf === null) return;
    const x = toX(input.window, width, input.asOf);
    if (x >= 0 && x <= width)
      plot.append(el('div', { class: 'as-of-line', 'aria-hidden': 'true', style: `left:${x.toFixed(1)}px` }));
  }

  private plotX(e: MouseEvent): number | null {
    const plot = (e.target as HTMLElement).closest('.plot');
    if (!plot) return null;
    return e.clientX - plot.getBoundingClientRect().left;
  }

  private onWheel(e: WheelEvent): void {
    const x = this.plotX(e);
    if (!this.input || x === null) return;
    e.preventDefault();
    const width = this.plotWidth();
    const { window } = this.input;
    if (Math.abs(e.deltaX) > Math.abs(e.deltaY)) {
      this.handlers.window(pan(window, (e.deltaX / width) * (window.to - window.from)));
    } else {
      this.handlers.window(
        zoom(window, Math.exp(Math.max(-200, Math.min(200, e.deltaY)) * 0.002), toTime(window, width, x)),
      );
    }
  }

  private onPointerDown(e: PointerEvent): void {
    if (!this.input || e.button !== 0 || (e.target as HTMLElement).closest('button') || this.plotX(e) === null) return;
    let select = null;
    if (e.shiftKey) {
      const plot = (e.target as HTMLElement).closest('.plot') as HTMLElement;
      const band = el('div', { class: 'range-band', 'aria-hidden': 'true' });
      this.root.append(band);
      select = { plotLeft: plot.getBoundingClientRect().left, band };
    }
    this.drag = { x: e.clientX, window: this.input.window, pointer: e.pointerId, select };
    this.root.setPointerCapture(e.pointerId);
    this.root.classList.add(select ? 'is-selecting' : 'is-dragging');
    this.moveBand(e.clientX);
  }

  private onPointerMove(e: PointerEvent): void {
    if (!this.drag || e.pointerId !== this.drag.pointer) return;
    if (this.drag.select) {
      this.moveBand(e.clientX);
      return;
    }
    const { window } = this.drag;
    this.handlers.window(pan(window, (-(e.clientX - this.drag.x) / this.plotWidth()) * (window.to - window.from)));
  }

  /** The range being drawn out, over every lane. */
  private moveBand(clientX: number): void {
    const select = this.drag?.select;
    if (!this.drag || !select) return;
    const rootLeft = this.root.getBoundingClientRect().left;
    const [a, b] = [this.drag.x, clientX].sort((p, q) => p - q);
    select.band.style.left = `${a - rootLeft}px`;
    select.band.style.width = `${b - a}px`;
  }

  private endDrag(e: PointerEvent | null): void {
    const drag = this.drag;
    if (!drag) return;
    this.root.releasePointerCapture(drag.pointer);
    this.drag = null;
    this.root.classList.remove('is-dragging', 'is-selecting');
    if (!drag.select) return;
    drag.select.band.remove();
    // A click with Shift is not a range.
    if (e && Math.abs(e.clientX - drag.x) >= 6) {
      const width = this.plotWidth();
      this.handlers.window(
        windowBetween(drag.window, width, drag.x - drag.select.plotLeft, e.clientX - drag.select.plotLeft),
      );
    }
  }

  private onKey(e: KeyboardEvent): void {
    if (!this.input || e.altKey || e.ctrlKey || e.metaKey) return;
    const { window } = this.input;
    const span = window.to - window.from;
    const actions: Record<string, () => void> = {
      ArrowLeft: () => this.handlers.window(pan(window, -span / 5)),
      ArrowRight: () => this.handlers.window(pan(window, span / 5)),
      '+': () => this.handlers.window(zoom(window, 0.7)),
      '=': () => this.handlers.window(zoom(window, 0.7)),
      '-': () => this.handlers.window(zoom(window, 1 / 0.7)),
      '0': () => this.handlers.fit(),
    };
    const action = actions[e.key];
    if (!action) return;
    e.preventDefault();
    action();
  }
}
