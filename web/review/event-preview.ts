/**
 * Events as the review page shows them before they are in the log: the service's preview (its
 * summary, CAMEO code, actors and where in the stream it would go), the events of a stream as it
 * stands, their sources with the quoted text, and — before an editor submits — what was entered,
 * read back in words (the service writes the summary and code when the draft is submitted).
 */
import { el } from '../timeline/dom.js';
import { formatOccurred } from '../timeline/event-time.js';
import { typeColour, typeLabel } from '../timeline/event-types.js';
import { sourceItem } from '../timeline/source-item.js';
import type { Codebook } from './codebook.js';
import type { DraftEntry } from './draft-checks.js';
import type { TimePrecision } from '../generated/graphql.js';
import { fieldLabel } from './payload-fields.js';
import type { EventType, ReviewEvent } from './types.js';

const chip = (type: EventType) => el('span', { class: 'type-chip', style: `--c:${typeColour(type)}` }, typeLabel(type));

/** One event as the service sees it: type, summary, CAMEO code, when, who, and its version in the stream. */
export function eventFacts(event: ReviewEvent, extra: (Node | null)[] = []): HTMLElement {
  return el(
    'li',
    { class: 'preview-event', 'data-type': event.type },
    el('p', { class: 'preview-head' }, chip(event.type), ' ', el('strong', { class: 'summary' }, event.summary)),
    el(
      'dl',
      { class: 'facts' },
      el('dt', {}, 'CAMEO'),
      el('dd', { class: 'cameo' }, event.cameoCode ?? 'none'),
      el('dt', {}, 'Occurred'),
      el('dd', {}, formatOccurred(event.occurredAt, event.occurredPrecision)),
      el('dt', {}, 'Actors'),
      el('dd', { class: 'actors' }, event.actors.map((a) => a.name).join(', ') || 'none'),
      el('dt', {}, 'Version'),
      el('dd', {}, String(event.streamVersion)),
    ),
    ...extra,
  );
}

export function previewList(events: readonly ReviewEvent[]): HTMLElement {
  return el('ol', { class: 'preview-list' }, ...events.map((e) => eventFacts(e)));
}

/** The sources of each event, with their quoted text (numbered by event when there are several). */
export function sourcesOf(events: readonly { sources: ReviewEvent['sources'] }[]): HTMLElement {
  if (events.length === 1) return el('ol', { class: 'sources' }, ...events[0].sources.map(sourceItem));
  return el(
    'ol',
    { class: 'sources-by-event' },
    ...events.map((e, i) =>
      el(
        'li',
        {},
        el('p', { class: 'muted' }, `Event ${i + 1}`),
        el('ol', { class: 'sources' }, ...e.sources.map(sourceItem)),
      ),
    ),
  );
}

function valueText(value: unknown, names: ReadonlyMap<string, string>): string {
  if (Array.isArray(value)) return value.map((v) => valueText(v, names)).join(', ');
  if (typeof value === 'object' && value !== null)
    return Object.entries(value)
      .map(([k, v]) => `${fieldLabel(k).toLowerCase()}: ${valueText(v, names)}`)
      .join('; ');
  if (typeof value === 'string') return names.get(value) ?? value;
  return String(value);
}

/** What was entered, in words: for an editor before submitting (no summary or code yet: the service makes them). */
export function enteredPreview(draft: DraftEntry, codebook: Codebook, names: ReadonlyMap<string, string>): HTMLElement {
  return el(
    'ol',
    { class: 'preview-list' },
    ...draft.events.map((event) => {
      const type = codebook.types.find((t) => t.type === event.type);
      const data = (event.data ?? {}) as Record<string, unknown>;
      return el(
        'li',
        { class: 'preview-event', 'data-type': event.type ?? '' },
        el(
          'p',
          { class: 'preview-head' },
          type ? chip(type.type) : el('span', {}, 'No type chosen'),
          ' ',
          event.occurredAt
            ? formatOccurred(event.occurredAt, (event.occurredPrecision ?? 'MINUTE') as TimePrecision)
            : 'no time given',
        ),
        el(
          'dl',
          { class: 'facts' },
          ...Object.entries(data).flatMap(([name, value]) => [
            el('dt', {}, fieldLabel(name)),
            el('dd', {}, valueText(value, names)),
          ]),
        ),
        el('ol', { class: 'sources' }, ...(event.sources ?? []).map((s) => sourceItem({ publisher: '', ...s }))),
      );
    }),
  );
}
