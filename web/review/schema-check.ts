/**
 * The checks the page makes before anything is sent: a payload against the JSON Schema the
 * codebook gives for its type (draft 2020-12), keyword by keyword for what a field holds — type,
 * required, properties, enum, pattern, minLength/maxLength (in code points, as the API counts),
 * minimum/maximum, items, minItems/maxItems, uniqueItems, dependentRequired — and the envelope
 * (time, sources) as the API checks it. What needs the whole payload or the record (anyOf and
 * not, an actor that is registered, an event that is stored) is left to the API, whose errors the
 * page shows at the same fields: the paths are the API's (`events[0].data.terms.kind`). Pure.
 */
import type { FieldError } from '../timeline/field-error.js';

export type JsonSchema = Readonly<Record<string, unknown>>;

/** The date-times the API takes: a date, or a date and time with a zone (src/common/instant.ts). */
export const DATE_TIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const codePoints = (text: string) => [...text].length;

/** Words for a pattern the codebook uses, so that the reason says what is wanted rather than a regular expression. */
function patternReason(pattern: string): string {
  if (pattern === '\\S') return 'must not be blank';
  if (pattern === DATE_TIME.source)
    return 'must be a date (2025-03-18) or a date and time with a zone (2025-03-18T14:00Z)';
  if (pattern.includes('[0-9a-fA-F]{8}')) return "must be an event's id (a UUID)";
  if (pattern === '^[A-Z]{2}$') return 'must be two capital letters (ISO 3166-1, "UA")';
  return `is not in the expected form (${pattern})`;
}

/** A pattern the browser cannot compile is left to the API. */
function matches(pattern: string, value: string): boolean {
  try {
    return new RegExp(pattern).test(value);
  } catch {
    return true;
  }
}

function typeReason(type: string): string {
  return (
    {
      string: 'must be text',
      integer: 'must be a whole number',
      number: 'must be a number',
      boolean: 'must be yes or no',
      array: 'must be a list',
      object: 'must be an object (JSON in braces)',
    }[type] ?? `must be of type ${type}`
  );
}

function hasType(value: unknown, type: string): boolean {
  switch (type) {
    case 'string':
      return typeof value === 'string';
    case 'integer':
      return Number.isInteger(value);
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'array':
      return Array.isArray(value);
    case 'object':
      return isObject(value);
    default:
      return true;
  }
}

/** Every problem of `value` against `schema`, at `path` and below. */
export function checkAgainstSchema(value: unknown, schema: JsonSchema, path: string): FieldError[] {
  const errors: FieldError[] = [];
  const say = (reason: string, at = path) => errors.push({ path: at, reason });
  const type = typeof schema.type === 'string' ? schema.type : null;
  if (type && !hasType(value, type)) {
    say(typeReason(type));
    return errors;
  }
  if (Array.isArray(schema.enum) && !schema.enum.includes(value)) say(`must be one of ${schema.enum.join(', ')}`);
  if (typeof value === 'string') {
    if (typeof schema.minLength === 'number' && codePoints(value) < schema.minLength)
      say(`must be at least ${schema.minLength} characters`);
    if (typeof schema.maxLength === 'number' && codePoints(value) > schema.maxLength)
      say(`must be at most ${schema.maxLength.toLocaleString('en')} characters (it has ${codePoints(value)})`);
    if (typeof schema.pattern === 'string' && !matches(schema.pattern, value)) say(patternReason(schema.pattern));
  }
  if (typeof value === 'number') {
    if (typeof schema.minimum === 'number' && value < schema.minimum) say(`must be at least ${schema.minimum}`);
    if (typeof schema.maximum === 'number' && value > schema.maximum)
      say(`must be at most ${schema.maximum.toLocaleString('en')}`);
  }
  if (Array.isArray(value)) errors.push(...checkList(value, schema, path));
  if (isObject(value)) errors.push(...checkObject(value, schema, path));
  return errors;
}

function checkList(list: readonly unknown[], schema: JsonSchema, path: string): FieldError[] {
  const errors: FieldError[] = [];
  if (typeof schema.minItems === 'number' && list.length < schema.minItems)
    errors.push({ path, reason: `needs at least ${schema.minItems} (it has ${list.length})` });
  if (typeof schema.maxItems === 'number' && list.length > schema.maxItems)
    errors.push({ path, reason: `takes at most ${schema.maxItems} (it has ${list.length})` });
  if (schema.uniqueItems === true && new Set(list.map((item) => JSON.stringify(item))).size < list.length)
    errors.push({ path, reason: 'must not name the same one twice' });
  if (isObject(schema.items)) {
    const items = schema.items;
    list.forEach((item, i) => errors.push(...checkAgainstSchema(item, items, `${path}[${i}]`)));
  }
  return errors;
}

function checkObject(object: Record<string, unknown>, schema: JsonSchema, path: string): FieldError[] {
  const errors: FieldError[] = [];
  const properties = isObject(schema.properties) ? schema.properties : {};
  if (Array.isArray(schema.required))
    for (const name of schema.required as string[])
      if (object[name] === undefined) errors.push({ path: `${path}.${name}`, reason: 'is required' });
  for (const [name, value] of Object.entries(object)) {
    const property = properties[name];
    if (value !== undefined && isObject(property))
      errors.push(...checkAgainstSchema(value, property, `${path}.${name}`));
  }
  if (isObject(schema.dependentRequired)) {
    for (const [name, needs] of Object.entries(schema.dependentRequired)) {
      if (object[name] === undefined || !Array.isArray(needs)) continue;
      for (const other of needs as string[])
        if (object[other] === undefined)
          errors.push({ path: `${path}.${name}`, reason: `may only be given with ${other}` });
    }
  }
  return errors;
}

/** A date-time as the API takes it, and a real calendar day ("2025-02-30" is not). */
export function dateTimeProblem(value: string): string | null {
  if (!DATE_TIME.test(value) || Number.isNaN(Date.parse(value))) return patternReason(DATE_TIME.source);
  const [year, month, day] = value.slice(0, 10).split('-').map(Number);
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return 'names a day that does not exist';
  return null;
}

export interface SourceEntry {
  publisher?: string;
  url?: string;
  title?: string;
  quotedText?: string;
  publishedAt?: string;
}

const TEXT_LIMITS = { publisher: 300, title: 500, quotedText: 10_000 } as const;

/** A source as the API checks it: a publisher, texts within their lengths, an http(s) URL, a date-time. */
export function checkSource(source: SourceEntry, path: string): FieldError[] {
  const errors: FieldError[] = [];
  if (source.publisher === undefined) errors.push({ path: `${path}.publisher`, reason: 'is required' });
  for (const key of ['publisher', 'title', 'quotedText'] as const) {
    const text = source[key];
    if (text !== undefined && codePoints(text) > TEXT_LIMITS[key])
      errors.push({
        path: `${path}.${key}`,
        reason: `must be at most ${TEXT_LIMITS[key].toLocaleString('en')} characters`,
      });
  }
  if (source.url !== undefined && !/^https?:\/\/[^\s]+$/i.test(source.url))
    errors.push({ path: `${path}.url`, reason: 'must be an http(s) URL' });
  const published = source.publishedAt === undefined ? null : dateTimeProblem(source.publishedAt);
  if (published) errors.push({ path: `${path}.publishedAt`, reason: published });
  return errors;
}
