/**
 * The query string of GET /export/events (and the flags of `npm run export`), checked: each
 * problem is reported with the parameter's name. Lists may be repeated or comma-separated.
 */
import type { FieldError } from '../common/domain-error.js';
import { ValidationFailed } from '../common/domain-error.js';
import {
  MAX_ACTOR_IDS,
  MAX_COUNTRIES,
  MAX_EVENT_TYPES,
  MAX_MEANS,
  MAX_SIDES,
  MAX_TARGET_CATEGORIES,
  listTooLong,
} from '../common/list-limits.js';
import { EVENT_TYPES, STREAM_ID_PATTERN } from '../events/catalogue/event-types.js';
import type { EventFilterInput } from '../events/event-query.service.js';
import type { ExportFormat } from './export-formats.js';
import { type Raw, exportFormat, flagParam, instantParam, list, one, unknownParameters } from './query-params.js';

export interface ExportQuery {
  format: ExportFormat;
  filter: EventFilterInput;
  afterPosition: string;
  /** null: the head of the log when the export starts */
  upToPosition: string | null;
  /** raw: the log as it is; apply: each event as its latest correction says, retracted ones left out */
  corrections: 'raw' | 'apply';
  /** CSV only: false leaves out the header line (to append to an earlier export) */
  header: boolean;
}

const KNOWN = [
  'format',
  'types',
  'actorIds',
  'streamId',
  'occurredFrom',
  'occurredTo',
  'knownAt',
  'includeRetracted',
  'text',
  'countries',
  'targetCategories',
  'means',
  'sides',
  'afterPosition',
  'upToPosition',
  'corrections',
  'header',
];

export function parseExportQuery(raw: Raw): ExportQuery {
  const errors: FieldError[] = [];
  unknownParameters(raw, KNOWN, errors);
  const format = exportFormat(raw, errors);
  const types = list(raw, 'types');
  const typesTooLong = listTooLong('types', types, MAX_EVENT_TYPES);
  if (typesTooLong) errors.push(typesTooLong);
  else {
    types?.forEach((type, i) => {
      if (!(EVENT_TYPES as readonly string[]).includes(type))
        errors.push({ path: `types[${i}]`, reason: `unknown event type "${type}"` });
    });
  }
  const actorIds = list(raw, 'actorIds');
  const actorsTooLong = listTooLong('actorIds', actorIds, MAX_ACTOR_IDS);
  if (actorsTooLong) errors.push(actorsTooLong);
  // EventFilter's lists: their values are checked with the filter (event-query.service.ts), as actorIds are.
  const countries = list(raw, 'countries');
  const targetCategories = list(raw, 'targetCategories');
  const means = list(raw, 'means');
  const sides = list(raw, 'sides');
  for (const tooLong of [
    listTooLong('countries', countries, MAX_COUNTRIES),
    listTooLong('targetCategories', targetCategories, MAX_TARGET_CATEGORIES),
    listTooLong('means', means, MAX_MEANS),
    listTooLong('sides', sides, MAX_SIDES),
  ])
    if (tooLong) errors.push(tooLong);
  const text = one(raw, 'text', errors);
  const streamId = one(raw, 'streamId', errors);
  if (streamId !== undefined && !STREAM_ID_PATTERN.test(streamId))
    errors.push({ path: 'streamId', reason: 'must match ^[a-z0-9][a-z0-9._:-]{0,127}$' });
  const date = (name: string): Date | undefined => instantParam(raw, name, errors) ?? undefined;
  const flag = (name: string, fallback: boolean): boolean => flagParam(raw, name, fallback, errors);
  const position = (name: string): string | undefined => {
    const value = one(raw, name, errors);
    if (value === undefined) return undefined;
    if (!/^\d{1,19}$/.test(value) || BigInt(value) > 9223372036854775807n)
      errors.push({ path: name, reason: 'must be a position (a non-negative integer)' });
    return value;
  };
  const corrections = (one(raw, 'corrections', errors) ?? 'raw') as ExportQuery['corrections'];
  if (corrections !== 'raw' && corrections !== 'apply')
    errors.push({ path: 'corrections', reason: 'must be raw or apply' });
  const occurredFrom = date('occurredFrom');
  const occurredTo = date('occurredTo');
  const knownAt = date('knownAt');
  const includeRetracted = flag('includeRetracted', corrections === 'raw');
  const header = flag('header', true);
  const afterPosition = position('afterPosition') ?? '0';
  const upToPosition = position('upToPosition') ?? null;
  if (upToPosition !== null && errors.length === 0 && BigInt(upToPosition) < BigInt(afterPosition)) {
    errors.push({ path: 'upToPosition', reason: 'must not be below afterPosition' });
  }
  if (corrections === 'apply' && includeRetracted)
    errors.push({ path: 'includeRetracted', reason: 'corrections=apply leaves retracted events out' });
  if (errors.length) throw new ValidationFailed(errors);
  return {
    format,
    filter: {
      types,
      actorIds,
      streamId,
      occurredFrom,
      occurredTo,
      knownAt,
      includeRetracted,
      text,
      countries,
      targetCategories,
      means,
      sides,
    },
    afterPosition,
    upToPosition,
    corrections,
    header,
  };
}
