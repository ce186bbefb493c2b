/**
 * The stream a draft goes into, as it stands now: a new stream, or its version and its latest
 * events (who approved each, which are retracted); and, when the draft expects another version,
 * a warning that approving it will fail until its editor revises it.
 */
import { el } from '../timeline/dom.js';
import { eventFacts } from './event-preview.js';
import type { StreamState } from './types.js';

/** The latest events shown; a pledge's stream may hold thousands of violation reports. */
const SHOWN = 10;

export function streamState(id: string, stream: StreamState | null, expectedVersion: number | null): HTMLElement {
  const version = stream?.version ?? 0;
  const stale =
    expectedVersion !== null && expectedVersion !== version
      ? el(
          'p',
          { class: 'warning' },
          `The draft expects version ${expectedVersion}; the stream is at version ${version}. Approving it will fail until its editor revises it.`,
        )
      : null;
  if (!stream || stream.events.length === 0)
    return el(
      'section',
      { class: 'stream-state', 'data-version': '0' },
      el('h4', {}, 'The stream now'),
      el('p', {}, `${id} is a new stream: nothing is recorded in it yet.`),
      stale,
    );
  const shown = stream.events.slice(-SHOWN);
  return el(
    'section',
    { class: 'stream-state', 'data-version': String(version) },
    el('h4', {}, 'The stream now'),
    el(
      'p',
      {},
      `${id} is at version ${version}` +
        (shown.length < stream.events.length ? `; its latest ${shown.length} events:` : ', with these events:'),
    ),
    stale,
    el(
      'ol',
      { class: 'preview-list stream-events' },
      ...shown.map((event) =>
        eventFacts(event, [
          el('p', { class: 'muted small' }, `Approved by ${event.approvedBy}.`, event.retracted ? ' Retracted.' : ''),
        ]),
      ),
    ),
  );
}
