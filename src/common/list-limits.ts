/**
 * The most items a list argument may hold (GraphQL filters, export parameters). A longer list is
 * refused at once, with its path, before anything looks at its items.
 */
import type { FieldError } from './domain-error.js';

/** EventFilter.actorIds, the export's actorIds. */
export const MAX_ACTOR_IDS = 100;
/** EventFilter.types, the export's types (each of the event types, with room for repeats). */
export const MAX_EVENT_TYPES = 50;
/** EventFilter.countries and .sides, the export's countries and sides. */
export const MAX_COUNTRIES = 100;
export const MAX_SIDES = 100;
/** EventFilter.targetCategories and .means (each value of the vocabulary, with room for repeats). */
export const MAX_TARGET_CATEGORIES = 20;
export const MAX_MEANS = 20;
/** eventCounts' `by`: each of the five dimensions once. */
export const MAX_COUNT_DIMENSIONS = 5;
/** The `states` of a read-model query. */
export const MAX_STATES = 20;

/** The refusal of `list` at `path` when it holds more than `max` items, else null. */
export function listTooLong(path: string, list: readonly unknown[] | null | undefined, max: number): FieldError | null {
  if (!list || list.length <= max) return null;
  return { path, reason: `holds ${list.length} items; at most ${max}` };
}
