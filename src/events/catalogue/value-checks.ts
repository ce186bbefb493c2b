/**
 * Pure checks of single values, shared by the payload decorators (field.decorators.ts) and by the
 * reference collection (payload-validation.ts): a value that passes here is safe to look up.
 */

import { ACTOR_ID_PATTERN, STREAM_ID_PATTERN } from './event-types.js';
import { parseInstant } from '../../common/instant.js';

/** Longest free text (statements, demands, reasons, terms), counted in characters after trimming. */
export const MAX_TEXT_LENGTH = 10_000;
/** Longest title, place, venue, topic or other name. */
export const MAX_NAME_LENGTH = 300;
/** Most items in any list. */
export const MAX_LIST_ITEMS = 100;
/**
 * Longest durations: 100 years in each unit. Larger ones put the end of a pledge or ceasefire beyond
 * the dates JavaScript and PostgreSQL hold (the projector could not load its window) and beyond
 * GraphQL's 32-bit Int.
 */
export const MAX_DURATION_DAYS = 36_525;
export const MAX_DURATION_HOURS = 876_600;
export const MAX_DURATION_MINUTES = 52_596_000;
/** Largest count of a quantity (prisoners, bodies): GraphQL's Int and Parquet's INT32 hold it. */
export const MAX_QUANTITY_COUNT = 1_000_000_000;
/** Highest round of talks. */
export const MAX_ROUND = 10_000;
/**
 * Most violations one report claims: the largest running totals sides publish are in the tens of
 * thousands; a million leaves room and stays far inside GraphQL's Int and Parquet's INT32.
 */
export const MAX_VIOLATION_COUNT = 1_000_000;

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const COUNTRY_PATTERN = /^[A-Z]{2}$/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function isActorId(value: unknown): value is string {
  return typeof value === 'string' && ACTOR_ID_PATTERN.test(value);
}

export function isStreamId(value: unknown): value is string {
  return typeof value === 'string' && STREAM_ID_PATTERN.test(value);
}

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID_PATTERN.test(value);
}

export function isCountryCode(value: unknown): value is string {
  return typeof value === 'string' && COUNTRY_PATTERN.test(value);
}

/**
 * An ISO-8601 date-time with a timezone designator (`2025-03-18T15:00Z`,
 * `2025-03-18T15:00:00.000+02:00`) or a plain date (`2025-03-18`), naming a real calendar day.
 */
export function isIsoDateTime(value: unknown): value is string {
  return parseInstant(value) !== null;
}

/** Characters (code points) of a string, so that an emoji counts once. */
export function characterCount(text: string): number {
  let count = 0;
  for (const _ of text) count += 1;
  return count;
}

/**
 * Why a string is not acceptable text of at most `max` characters, or null when it is:
 * non-empty after trimming, no NUL characters and no lone surrogates (PostgreSQL's jsonb refuses
 * both), at most `max` characters after trimming.
 */
export function textProblem(value: unknown, max: number): string | null {
  if (typeof value !== 'string') return 'must be a string';
  const trimmed = value.trim();
  if (trimmed.length === 0) return 'must not be empty';
  if (value.includes('\u0000')) return 'must not contain NUL characters';
  if (LONE_SURROGATE.test(value)) return 'must be valid Unicode text';
  if (characterCount(trimmed) > max) return `must be at most ${max} characters`;
  return null;
}

/** A non-null object that is not an array (an instance made by class-transformer counts). */
export function isObjectLike(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An object as JSON.parse makes it: prototype Object.prototype or null. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (!isObjectLike(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
