/**
 * What the page shows, kept in the URL so a view can be shared: lanes (by actor or by type), the
 * actor and type filters, the text search, the visible window, the "as of" moment and the open
 * event. Unknown or malformed parameters fall back to the default rather than break the page. Pure.
 */
import { EVENT_TYPES, type EventType } from './types.js';

export type LaneMode = 'actor' | 'type';

export interface ViewState {
  lanes: LaneMode;
  actors: string[];
  types: EventType[];
  text: string;
  /** The visible window (epoch ms); null: fitted to the events. */
  from: number | null;
  to: number | null;
  /** The "as of" moment (epoch ms); null: now. */
  asOf: number | null;
  /** The event whose details are open. */
  event: string | null;
}

export const DEFAULT_VIEW: ViewState = {
  lanes: 'actor',
  actors: [],
  types: [],
  text: '',
  from: null,
  to: null,
  asOf: null,
  event: null,
};

/** The API's actor id pattern (register-actor.input.ts). */
const SLUG = /^[a-z0-9][a-z0-9_-]{0,63}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function time(value: string | null): number | null {
  if (!value || !/^\d{4}-\d{2}-\d{2}T[\d:.]+Z$/.test(value)) return null;
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? ms : null;
}

function list(value: string | null): string[] {
  return value ? [...new Set(value.split(',').filter(Boolean))] : [];
}

export function parseViewState(search: string): ViewState {
  const params = new URLSearchParams(search);
  const from = time(params.get('from'));
  const to = time(params.get('to'));
  const windowOk = from !== null && to !== null && to > from;
  const event = params.get('event');
  return {
    lanes: params.get('lanes') === 'type' ? 'type' : 'actor',
    actors: list(params.get('actors')).filter((id) => SLUG.test(id)),
    types: list(params.get('types')).filter((t): t is EventType => (EVENT_TYPES as readonly string[]).includes(t)),
    text: (params.get('q') ?? '').slice(0, 200),
    from: windowOk ? from : null,
    to: windowOk ? to : null,
    asOf: time(params.get('asOf')),
    event: event && UUID.test(event) ? event.toLowerCase() : null,
  };
}

const iso = (ms: number) => new Date(ms).toISOString();

/** The query string for a view ('' for the default view); parseViewState reads it back unchanged. */
export function formatViewState(view: ViewState): string {
  const params = new URLSearchParams();
  if (view.lanes !== 'actor') params.set('lanes', view.lanes);
  if (view.actors.length) params.set('actors', view.actors.join(','));
  if (view.types.length) params.set('types', view.types.join(','));
  if (view.text) params.set('q', view.text);
  if (view.from !== null && view.to !== null) {
    params.set('from', iso(view.from));
    params.set('to', iso(view.to));
  }
  if (view.asOf !== null) params.set('asOf', iso(view.asOf));
  if (view.event) params.set('event', view.event);
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** The part of the view the server filters by: when it changes, the events are loaded again. */
export function filterKey(view: ViewState): string {
  return JSON.stringify([view.actors, view.types, view.text.trim()]);
}
