/**
 * The field decorators of the payload classes. Each one is a single class-validator rule
 * (`ValidateBy`) backed by a pure check that returns every problem with its place inside the field
 * (`''` for the field itself, `'[3]'` for an item of a list). The check travels in the rule's
 * `context`, so payload-validation.ts can turn class-validator's error tree into indexed paths.
 *
 * A field is required unless it is marked `@Optional()`: the checks answer `is required` for a
 * missing value. `null` is never accepted (leave the field out instead).
 */

// class-transformer's @Type reads `design:type` metadata through the Reflect metadata API.
import 'reflect-metadata';
import { Type } from 'class-transformer';
import { ValidateBy, ValidateIf, ValidateNested, type ValidationArguments } from 'class-validator';
import {
  MAX_LIST_ITEMS,
  MAX_NAME_LENGTH,
  MAX_TEXT_LENGTH,
  isActorId,
  isCountryCode,
  isIsoDateTime,
  isObjectLike,
  isStreamId,
  isUuid,
  textProblem,
} from '../value-checks.js';

/** One problem of a field: `at` is appended to the field's path (`''` or `'[2]'`). */
export interface Issue {
  at: string;
  reason: string;
}

/** Every problem of a field's value; `object` is the payload the field belongs to. */
export type FieldCheck = (value: unknown, object: object) => Issue[];

/** What each rule keeps in its class-validator `context`. */
export interface IssueContext {
  issues: FieldCheck;
  /** For a list of objects (NestedList): the class of its items. */
  itemClass?: () => new () => object;
  /** For Requires, NotWith and NotBefore: the other field. */
  other?: string;
}

export function isIssueContext(value: unknown): value is IssueContext {
  return isObjectLike(value) && typeof value.issues === 'function';
}

export const ACTOR_ID_REASON = 'must be an actor id (a lower-case slug such as "putin")';
export const UUID_REASON = 'must be a uuid';
export const STREAM_ID_REASON = 'must be a stream id (a lower-case slug such as "proposal-30-day-ceasefire")';
export const DATE_TIME_REASON = 'must be an ISO-8601 date-time';
export const COUNTRY_REASON = 'must be an ISO 3166-1 alpha-2 country code (two upper-case letters)';

/** The field may be left out; when present it must pass its rules (`null` does not count as left out). */
export function Optional(): PropertyDecorator {
  return ValidateIf((_object: object, value: unknown) => value !== undefined);
}

export function ActorId(): PropertyDecorator {
  return rule(
    'actorId',
    single((v) => (isActorId(v) ? null : ACTOR_ID_REASON)),
  );
}

export interface ActorIdsOptions {
  /** Fewest distinct actors. */
  min: number;
  /** What the actors are, singular and plural, for the message (`participant`, `participants`). */
  noun: [string, string];
}

/** A list of distinct actor ids. */
export function ActorIds({ min, noun }: ActorIdsOptions): PropertyDecorator {
  const what = min === 1 ? noun[0] : noun[1];
  const minReason = min > 1 ? `must list at least ${min} distinct ${what}` : `must list at least ${min} ${what}`;
  return rule(
    'actorIds',
    list({ min, minReason, distinct: true, item: (v) => (isActorId(v) ? null : ACTOR_ID_REASON) }),
  );
}

export function Uuid(): PropertyDecorator {
  return rule(
    'uuid',
    single((v) => (isUuid(v) ? null : UUID_REASON)),
  );
}

/** A list of distinct uuids. */
export function Uuids(): PropertyDecorator {
  return rule('uuids', list({ min: 0, minReason: '', distinct: true, item: (v) => (isUuid(v) ? null : UUID_REASON) }));
}

export function StreamId(): PropertyDecorator {
  return rule(
    'streamId',
    single((v) => (isStreamId(v) ? null : STREAM_ID_REASON)),
  );
}

/** A list of distinct stream ids, at least `min` of them. */
export function StreamIds({ min, noun }: { min: number; noun: [string, string] }): PropertyDecorator {
  const minReason = `must list at least ${min} ${min === 1 ? noun[0] : noun[1]}`;
  return rule(
    'streamIds',
    list({ min, minReason, distinct: true, item: (v) => (isStreamId(v) ? null : STREAM_ID_REASON) }),
  );
}

export function DateTime(): PropertyDecorator {
  return rule(
    'dateTime',
    single((v) => (isIsoDateTime(v) ? null : DATE_TIME_REASON)),
  );
}

/** Strictly later than the date-time in `field` of the same payload (checked when both are well formed). */
export function After(field: string): PropertyDecorator {
  return rule('after', (value, object) => {
    const other: unknown = Reflect.get(object, field);
    if (!isIsoDateTime(value) || !isIsoDateTime(other)) return [];
    return Date.parse(value) > Date.parse(other) ? [] : [{ at: '', reason: `must be after ${field}` }];
  });
}

/**
 * Not earlier than the date-time in `field` of the same payload, the same instant allowed (a
 * report's `periodUntil` against its `periodFrom`); checked when both are well formed.
 */
export function NotBefore(field: string): PropertyDecorator {
  return rule(
    'notBefore',
    (value, object) => {
      const other: unknown = Reflect.get(object, field);
      if (!isIsoDateTime(value) || !isIsoDateTime(other)) return [];
      return Date.parse(value) >= Date.parse(other) ? [] : [{ at: '', reason: `must not be before ${field}` }];
    },
    { other: field },
  );
}

/** Only together with `field` of the same payload (`atLeast` needs a `count`). */
export function Requires(field: string): PropertyDecorator {
  return rule(
    'requires',
    (value, object) =>
      value !== undefined && Reflect.get(object, field) === undefined
        ? [{ at: '', reason: `may only be given with ${field}` }]
        : [],
    { other: field },
  );
}

/**
 * Never together with `field` of the same payload: `mediators` and the first edition's single
 * `mediator` say the same thing twice.
 */
export function NotWith(field: string, hint: string): PropertyDecorator {
  return rule(
    'notWith',
    (value, object) =>
      value !== undefined && Reflect.get(object, field) !== undefined
        ? [{ at: '', reason: `may not be given with ${field}: ${hint}` }]
        : [],
    { other: field },
  );
}

/** Free text: statements, demands, reasons (at most 10 000 characters). */
export function FreeText(): PropertyDecorator {
  return rule(
    'freeText',
    single((v) => textProblem(v, MAX_TEXT_LENGTH)),
  );
}

/** A title, place, venue or name (at most 300 characters). */
export function ShortText(): PropertyDecorator {
  return rule(
    'shortText',
    single((v) => textProblem(v, MAX_NAME_LENGTH)),
  );
}

export interface TextsOptions {
  min: number;
  /** Longest item. */
  max: number;
  /** What the items are, for the message when there are too few (`condition`). */
  noun: string;
}

/** A list of texts. */
export function Texts({ min, max, noun }: TextsOptions): PropertyDecorator {
  const minReason = `must list at least ${min} ${noun}${min === 1 ? '' : 's'}`;
  return rule('texts', list({ min, minReason, distinct: false, item: (v) => textProblem(v, max) }));
}

/** One of a fixed set of strings (the constants of event-types.ts). */
export function OneOf(values: readonly string[]): PropertyDecorator {
  const reason = `must be one of ${values.join(', ')}`;
  return rule(
    'oneOf',
    single((v) => (typeof v === 'string' && values.includes(v) ? null : reason)),
  );
}

/** An integer from `min` to `max`. */
export function Count({ min, max }: { min: number; max: number }): PropertyDecorator {
  const reason = `must be an integer ≥ ${min}`;
  return rule(
    'count',
    single((v) =>
      typeof v === 'number' && Number.isSafeInteger(v) && v >= min
        ? v > max
          ? `must be at most ${max}`
          : null
        : reason,
    ),
  );
}

export function Flag(): PropertyDecorator {
  return rule(
    'flag',
    single((v) => (typeof v === 'boolean' ? null : 'must be true or false')),
  );
}

export function CountryCode(): PropertyDecorator {
  return rule(
    'countryCode',
    single((v) => (isCountryCode(v) ? null : COUNTRY_REASON)),
  );
}

/** Any object (not an array); its content is checked elsewhere. */
export function AnyObject(): PropertyDecorator {
  return rule(
    'object',
    single((v) => (isObjectLike(v) ? null : 'must be an object')),
  );
}

/** An object validated by its own payload class (unknown fields inside are refused too). */
export function Nested(cls: () => new () => object): PropertyDecorator {
  const decorators = [Type(cls), ValidateNested(), AnyObject()];
  return (target, key) => {
    for (const decorate of decorators) decorate(target, key);
  };
}

/**
 * A list of objects, each validated by its own payload class (`terms.quantities`): problems inside
 * an item are reported at `[i].field`, an item that is not an object at `[i]`.
 */
export function NestedList(cls: () => new () => object, { min }: { min: number }): PropertyDecorator {
  const minReason = `must list at least ${min} item${min === 1 ? '' : 's'}`;
  const decorators = [
    Type(cls),
    ValidateNested({ each: true }),
    rule('objectList', list({ min, minReason, distinct: false, item: () => null }), { itemClass: cls }),
  ];
  return (target, key) => {
    for (const decorate of decorators) decorate(target, key);
  };
}

// ---------------------------------------------------------------------------------------------

function rule(name: string, check: FieldCheck, extra: Omit<IssueContext, 'issues'> = {}): PropertyDecorator {
  const context: IssueContext = { issues: check, ...extra };
  return ValidateBy(
    {
      name,
      validator: {
        validate: (value: unknown, args?: ValidationArguments) => check(value, args?.object ?? {}).length === 0,
        defaultMessage: (args?: ValidationArguments) =>
          check(args?.value, args?.object ?? {})[0]?.reason ?? 'is invalid',
      },
    },
    { context },
  );
}

/** A check of a present value (missing → `is required`, null → `must not be null`). */
function single(problem: (value: unknown) => string | null): FieldCheck {
  return (value) => {
    const reason = value === undefined ? 'is required' : value === null ? 'must not be null' : problem(value);
    return reason === null ? [] : [{ at: '', reason }];
  };
}

interface ListOptions {
  min: number;
  minReason: string;
  distinct: boolean;
  item: (value: unknown) => string | null;
}

/** A list of at most MAX_LIST_ITEMS items, each checked, each problem at its index. */
function list({ min, minReason, distinct, item }: ListOptions): FieldCheck {
  const presence = single((v) => (Array.isArray(v) ? null : 'must be a list'));
  return (value, object) => {
    const problems = presence(value, object);
    if (problems.length > 0 || !Array.isArray(value)) return problems;
    if (value.length > MAX_LIST_ITEMS) return [{ at: '', reason: `must have at most ${MAX_LIST_ITEMS} items` }];
    const keys = value.map(itemKey);
    const firstIndex = new Map<string, number>();
    keys.forEach((key, i) => firstIndex.has(key) || firstIndex.set(key, i));
    const distinctCount = firstIndex.size;
    const issues: Issue[] = [];
    if ((distinct ? distinctCount : value.length) < min) issues.push({ at: '', reason: minReason });
    value.forEach((v: unknown, i: number) => {
      const reason = item(v);
      if (reason !== null) issues.push({ at: `[${i}]`, reason });
      else if (distinct && distinctCount >= min && firstIndex.get(keys[i])! < i)
        issues.push({ at: `[${i}]`, reason: 'is listed twice' });
    });
    return issues;
  };
}

/** Equal for equal primitive items; every object or list item counts as distinct. */
function itemKey(item: unknown, index: number): string {
  return typeof item === 'object' && item !== null ? `object#${index}` : `${typeof item}:${String(item)}`;
}
