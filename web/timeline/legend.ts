/**
 * The legend above the timeline: a colour for each type of event drawn, and how late-recorded,
 * corrected, retracted and disputed events and contested calls look. Drawn with the marks' own
 * classes, so it cannot drift.
 */
import { clear, el } from './dom.js';
import { typeColour, typeLabel } from './event-types.js';
import { EVENT_TYPES, type EventType } from './types.js';

const DECORATIONS: [string, string][] = [
  ['is-late', 'recorded late'],
  ['is-corrected', 'corrected'],
  ['is-retracted', 'retracted'],
  ['is-disputed', 'disputed claim'],
  ['is-contested', 'contested call (a readout disputed)'],
];

export function renderLegend(root: HTMLElement, present: ReadonlySet<EventType>): void {
  clear(root);
  for (const type of EVENT_TYPES) {
    if (!present.has(type)) continue;
    root.append(
      el(
        'li',
        {},
        el('span', { class: 'mark legend-mark', style: `--c:${typeColour(type)}`, 'aria-hidden': 'true' }),
        ` ${typeLabel(type)}`,
      ),
    );
  }
  for (const [modifier, label] of DECORATIONS) {
    root.append(
      el(
        'li',
        {},
        el('span', { class: `mark legend-mark ${modifier}`, style: '--c:#5c6570', 'aria-hidden': 'true' }),
        ` ${label}`,
      ),
    );
  }
}
