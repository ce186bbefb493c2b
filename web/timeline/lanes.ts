/**
 * Lanes of the timeline: one per side (the principal of the event's first actor: putin's events
 * are in Russia's lane) or one per event type; and the packing of marks into rows so that marks
 * that overlap in time sit one above the other. Pure.
 */
import type { LaneMode } from './view-state.js';
import { EVENT_TYPES, type TimelineEvent, payloadOf } from './types.js';
import { typeLabel } from './event-types.js';

export interface Lane {
  key: string;
  label: string;
  events: TimelineEvent[];
}

const NO_ACTOR = '(no actor)';

/** The event a correction or retraction names (it has no actors of its own). */
function namedEventId(event: TimelineEvent): string | null {
  const { correctedEventId, retractedEventId } = payloadOf(event);
  const id = correctedEventId ?? retractedEventId;
  return typeof id === 'string' ? id : null;
}

/** By side, a correction or retraction goes into the lane of the event it names, when that one is drawn. */
export function laneKey(
  event: TimelineEvent,
  mode: LaneMode,
  byId: ReadonlyMap<string, TimelineEvent> = new Map(),
): string {
  if (mode === 'type') return event.type;
  const own = event.actors[0]?.principal.id;
  if (own) return own;
  const named = namedEventId(event);
  const target = named ? byId.get(named) : undefined;
  return target && target !== event ? laneKey(target, mode) : NO_ACTOR;
}

/** Sides beyond the busiest ones share one lane ("Other sides"): a war's record names hundreds of actors. */
export const MAX_SIDE_LANES = 12;

/**
 * Actor lanes: busiest first, then by name, the rest of the sides together in a last lane when
 * there are more than `maxLanes`; type lanes: in the catalogue's order. Every event is in exactly
 * one lane.
 */
export function buildLanes(
  events: readonly TimelineEvent[],
  mode: LaneMode,
  actorNames: ReadonlyMap<string, string>,
  maxLanes = MAX_SIDE_LANES,
): Lane[] {
  const lanes = new Map<string, Lane>();
  const byId = new Map(events.map((event) => [event.id, event]));
  for (const event of events) {
    const key = laneKey(event, mode, byId);
    let lane = lanes.get(key);
    if (!lane) {
      const label = mode === 'type' ? typeLabel(event.type) : (actorNames.get(key) ?? key);
      lane = { key, label, events: [] };
      lanes.set(key, lane);
    }
    lane.events.push(event);
  }
  const all = [...lanes.values()];
  if (mode === 'type')
    return all.sort((a, b) => EVENT_TYPES.indexOf(a.key as never) - EVENT_TYPES.indexOf(b.key as never));
  all.sort((a, b) => b.events.length - a.events.length || a.label.localeCompare(b.label));
  if (all.length <= maxLanes) return all;
  const rest = all.slice(maxLanes - 1);
  const others: Lane = {
    key: '(other sides)',
    label: `Other sides (${rest.length})`,
    events: rest.flatMap((lane) => lane.events),
  };
  others.events.sort((a, b) => Date.parse(a.occurredAt) - Date.parse(b.occurredAt));
  return [...all.slice(0, maxLanes - 1), others];
}

export interface Span {
  start: number;
  end: number;
}

/**
 * A row for each span (same order as given) so that spans in one row are at least `gap` apart:
 * each goes into the first row where it fits, taken in order of start. With `maxRows` rows taken,
 * a span that fits nowhere goes where the row ends soonest (it overlaps, but the lane stays short).
 */
export function packRows(spans: readonly Span[], gap = 2, maxRows = Infinity): number[] {
  const order = spans.map((_, i) => i).sort((a, b) => spans[a].start - spans[b].start || a - b);
  const rowEnds: number[] = [];
  const rows = new Array<number>(spans.length);
  for (const i of order) {
    let row = rowEnds.findIndex((end) => end + gap <= spans[i].start);
    if (row === -1 && rowEnds.length >= maxRows) {
      row = rowEnds.indexOf(Math.min(...rowEnds));
      rowEnds[row] = Math.max(rowEnds[row], spans[i].end);
    } else if (row === -1) {
      row = rowEnds.length;
      rowEnds.push(spans[i].end);
    } else {
      rowEnds[row] = spans[i].end;
    }
    rows[i] = row;
  }
  return rows;
}
