/**
 * The codebook of the export (GET /export/codebook, docs/codebook.md): every event type with its
 * fields, their meaning and type, a JSON Schema (draft 2020-12) of its payload, its CAMEO and
 * PLOVER codes with the rules for alternates; the export columns; the enumerations; how time
 * precision works. Pure: built from event-fields.ts, event-codes.ts and export-record.ts, so the
 * JSON and the Markdown say the same thing and follow the code.
 */
import {
  ACCUSATION,
  DE_ESCALATION,
  NEGOTIATION_TOPIC,
  quadClass,
  type QuadClass,
} from '../../events/catalogue/event-codes.js';
import { ACTOR_ID_PATTERN, STREAM_ID_PATTERN, type EventType } from '../../events/catalogue/event-types.js';
import { EXAMPLE_PAYLOADS } from '../../events/catalogue/payload-examples.js';
import { EXPORT_COLUMN_SPECS, type ExportColumn } from '../export-record.js';
import {
  CODEBOOK_ENUMS,
  CURRENT_SCHEMA_VERSION,
  EVENT_TYPE_SPECS,
  LIST_MAX_ITEMS,
  type EnumName,
  type FieldSpec,
  type FieldType,
} from './event-fields.js';

/** Version of the codebook's own shape (not of the payloads: see each type's schemaVersion). */
export const CODEBOOK_VERSION = '1';

export const JSON_SCHEMA_DIALECT = 'https://json-schema.org/draft/2020-12/schema';

/**
 * The date-times the API accepts (src/common/instant.ts): a date, optionally with a time of day
 * (seconds and fractions optional) and a timezone designator. `format: date-time` is an
 * annotation in draft 2020-12; this pattern is what asserts (RFC 3339 validators would refuse
 * `2025-03-18T15:00Z`, which the API accepts).
 */
export const DATE_TIME_PATTERN = '^\\d{4}-\\d{2}-\\d{2}(T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?(Z|[+-]\\d{2}:\\d{2}))?$';
export const UUID_PATTERN = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';
export const COUNTRY_PATTERN = '^[A-Z]{2}$';
/** Text must have a character that is not white space. */
export const NON_BLANK_PATTERN = '\\S';

export interface CameoCode {
  code: string;
  quadClass: QuadClass | null;
}

export interface CodebookCameo {
  /** The code unless an alternate's condition holds; null for corrections and retractions. */
  code: string | null;
  quadClass: QuadClass | null;
  alternates: Array<CameoCode & { when: string }>;
  /** The rule in one line, or null when the type always has the same code. */
  rule: string | null;
}

export interface CodebookPlover {
  /** The type unless an alternate's condition holds; null where PLOVER has no fitting type. */
  type: string | null;
  alternates: Array<{ type: string; when: string }>;
  /** What the catalogue adds (PLOVER mode or context), or null. */
  note: string | null;
}

export type JsonSchema = Record<string, unknown>;

export interface CodebookType {
  type: EventType;
  description: string;
  stream: string | null;
  schemaVersion: number;
  cameo: CodebookCameo;
  plover: CodebookPlover;
  fields: readonly FieldSpec[];
  rules: readonly string[];
  /** A valid payload (from the seed article). */
  example: unknown;
  jsonSchema: JsonSchema;
}

export interface Codebook {
  version: string;
  title: string;
  description: string;
  /** How the codes are chosen, beyond each type's rule. */
  codeNotes: string[];
  types: CodebookType[];
  columns: ExportColumn[];
  columnNotes: string[];
  enums: Record<EnumName, string[]>;
  quadClasses: Record<'1' | '2' | '3' | '4', string>;
  identifiers: { actorId: string; streamId: string; uuid: string; dateTime: string; country: string };
  precision: { explanation: string; bounds: Record<string, string>; example: string };
}

// ---------------------------------------------------------------------------------------------
// Codes

const regex = (r: RegExp) => `/${r.source}/${r.flags}`;

const cameo = (
  code: string | null,
  alternates: Array<{ code: string; when: string }> = [],
  rule: string | null = null,
): CodebookCameo => ({
  code,
  quadClass: quadClass(code),
  alternates: alternates.map((a) => ({ code: a.code, quadClass: quadClass(a.code), when: a.when })),
  rule,
});

const plover = (
  type: string | null,
  note: string | null = null,
  alternates: Array<{ type: string; when: string }> = [],
): CodebookPlover => ({ type, alternates, note });

/** The CAMEO and PLOVER codes of each type, as event-codes.ts assigns them (codebook.spec.ts checks). */
const CODES: { [K in EventType]: { cameo: CodebookCameo; plover: CodebookPlover } } = {
  CALL_HELD: { cameo: cameo('041'), plover: plover('CONSULT', 'mode: phone') },
  MEETING_HELD: {
    cameo: cameo(
      '044',
      [{ code: '046', when: `a topic matches ${regex(NEGOTIATION_TOPIC)}` }],
      '046 (engage in negotiation) when one of the topics is about negotiation, a ceasefire, a truce, peace or talks; else 044 (meet at a third location).',
    ),
    plover: plover('CONSULT'),
  },
  STATEMENT_MADE: { cameo: cameo('010'), plover: plover(null, 'no PLOVER type fits a plain statement') },
  CLAIM_DISPUTED: {
    cameo: cameo(
      '010',
      [{ code: '1123', when: `text matches ${regex(ACCUSATION)}` }],
      '1123 (accuse) when the text accuses (lies, falsehood, denial, disinformation, at odds with reality); else 010 (make statement).',
    ),
    plover: plover('ACCUSE'),
  },
  DEMAND_MADE: {
    cameo: cameo(
      '100',
      [{ code: '1056', when: `demand matches ${regex(DE_ESCALATION)}` }],
      '1056 (demand de-escalation of military engagement) when the demand is for a ceasefire, truce, halt, stop or de-escalation; else 100 (demand).',
    ),
    plover: plover('DEMAND'),
  },
  PROPOSAL_MADE: {
    cameo: cameo(
      '0256',
      [
        { code: '0253', when: 'terms.kind is PRISONER_EXCHANGE' },
        { code: '02', when: 'terms.kind is PEACE_DEAL or OTHER' },
      ],
      'By terms.kind: 0256 (appeal for de-escalation of military engagement) for a ceasefire, 0253 (appeal for release of persons) for a prisoner exchange, the root code 02 (appeal) for a peace deal or other terms.',
    ),
    plover: plover('APPEAL', 'the closest PLOVER type'),
  },
  PROPOSAL_ACCEPTED: {
    cameo: cameo(
      '0356',
      [
        { code: '0353', when: "the stream's proposal or agreement is a PRISONER_EXCHANGE" },
        { code: '03', when: "the stream's proposal or agreement is a PEACE_DEAL or OTHER" },
      ],
      "By the terms.kind of the first PROPOSAL_MADE or AGREEMENT_REACHED of its stream: 0356 (express intent to de-escalate) for a ceasefire, 0353 (express intent to release persons) for a prisoner exchange, the root code 03 (express intent to cooperate) for a peace deal or other terms; 0356, the first edition's code, when the kind is not known.",
    ),
    plover: plover('AGREE'),
  },
  PROPOSAL_REJECTED: {
    cameo: cameo(
      '1246',
      [
        { code: '1243', when: "the stream's proposal or agreement is a PRISONER_EXCHANGE" },
        { code: '12', when: "the stream's proposal or agreement is a PEACE_DEAL or OTHER" },
      ],
      "By the terms.kind of the first PROPOSAL_MADE or AGREEMENT_REACHED of its stream: 1246 (reject de-escalation) for a ceasefire, 1243 (reject request for release of persons) for a prisoner exchange, the root code 12 (reject) for a peace deal or other terms; 1246, the first edition's code, when the kind is not known.",
    ),
    plover: plover('REJECT'),
  },
  CONDITIONS_MET: {
    cameo: cameo(null),
    plover: plover(null, 'none: the act that met the conditions is an event of its own'),
  },
  AGREEMENT_REACHED: {
    cameo: cameo(
      '057',
      [{ code: '0871', when: 'terms.kind is CEASEFIRE and unilateral is true' }],
      '0871 (declare ceasefire) for a unilateral declared ceasefire; else 057 (sign formal agreement).',
    ),
    plover: plover('AGREE', null, [{ type: 'CONCEDE', when: 'unilateral is true' }]),
  },
  PLEDGE_MADE: {
    cameo: cameo(
      '030',
      [{ code: '0356', when: 'ceasefireId is given or commitment.action is HALT_STRIKES' }],
      '0356 (express intent to de-escalate military engagement) for a halt of strikes or a pledge within a ceasefire; else 030 (express intent to cooperate).',
    ),
    plover: plover('AGREE', 'context: future'),
  },
  IMPLEMENTATION_REPORTED: {
    cameo: cameo(
      '08',
      [
        { code: '0841', when: 'the agreement it carries out is a PRISONER_EXCHANGE' },
        { code: '087', when: 'the agreement it carries out is a CEASEFIRE' },
      ],
      'By the terms.kind of the first PROPOSAL_MADE or AGREEMENT_REACHED of its stream (in a stream of its own: of the first stream it implements that holds one): 0841 (return, release persons) for a prisoner exchange, 087 (de-escalate military engagement) for a ceasefire, the root code 08 (yield) otherwise or when the kind is not known.',
    ),
    plover: plover('CONCEDE', 'CONCEDE for other kinds is our choice; the catalogue names RELEASE and RETREAT', [
      { type: 'RELEASE', when: 'the agreement it carries out is a PRISONER_EXCHANGE' },
      { type: 'RETREAT', when: 'the agreement it carries out is a CEASEFIRE' },
    ]),
  },
  PLEDGE_WITHDRAWN: { cameo: cameo('1246'), plover: plover('REJECT') },
  PLEDGE_FULFILLED: {
    cameo: cameo(
      '08',
      [
        { code: '0841', when: "the stream's PLEDGE_MADE has commitment.action RELEASE" },
        { code: '087', when: "the stream's PLEDGE_MADE has commitment.action HALT_STRIKES" },
      ],
      'By the commitment.action of the first PLEDGE_MADE of its stream: 0841 (return, release persons) for RELEASE, 087 (de-escalate military engagement) for HALT_STRIKES, the root code 08 (yield) otherwise.',
    ),
    plover: plover('CONCEDE', 'CONCEDE for other actions is our choice; the catalogue names RELEASE and RETREAT', [
      { type: 'RELEASE', when: "the stream's PLEDGE_MADE has commitment.action RELEASE" },
      { type: 'RETREAT', when: "the stream's PLEDGE_MADE has commitment.action HALT_STRIKES" },
    ]),
  },
  STRIKE_REPORTED: {
    cameo: cameo(
      '194',
      [{ code: '195', when: 'means is DRONE or AIRCRAFT' }],
      '195 (employ aerial weapons) for drones and aircraft; else 194 (fight with artillery and tanks).',
    ),
    plover: plover('ASSAULT'),
  },
  VIOLATION_REPORTED: {
    cameo: cameo('196'),
    plover: plover('ACCUSE', 'the catalogue lists ASSAULT / ACCUSE; exports give ACCUSE (the report, not the strike)'),
  },
  EVENT_CORRECTED: {
    cameo: cameo(null),
    plover: plover(null, 'an amendment of another event, not an event of the war'),
  },
  EVENT_RETRACTED: {
    cameo: cameo(null),
    plover: plover(null, 'an amendment of another event, not an event of the war'),
  },
};

// ---------------------------------------------------------------------------------------------
// JSON Schema

function textSchema(maxLength: number): JsonSchema {
  return { type: 'string', minLength: 1, maxLength, pattern: NON_BLANK_PATTERN };
}

function listSchema(items: JsonSchema, minItems: number, uniqueItems: boolean): JsonSchema {
  return {
    type: 'array',
    items,
    ...(minItems > 0 ? { minItems } : {}),
    maxItems: LIST_MAX_ITEMS,
    ...(uniqueItems ? { uniqueItems: true } : {}),
  };
}

const actorIdSchema = (): JsonSchema => ({ type: 'string', pattern: ACTOR_ID_PATTERN.source });
const uuidSchema = (): JsonSchema => ({ type: 'string', format: 'uuid', pattern: UUID_PATTERN });

/** The schema of one field's value (without its description). */
export function fieldTypeSchema(type: FieldType, payloadRef: () => JsonSchema): JsonSchema {
  switch (type.kind) {
    case 'string':
      return textSchema(type.maxLength);
    case 'string list':
      return listSchema(textSchema(type.maxItemLength), type.minItems, false);
    case 'actor id':
      return actorIdSchema();
    case 'actor id list':
      return listSchema(actorIdSchema(), type.minItems, true);
    case 'integer':
      return { type: 'integer', minimum: type.minimum, maximum: type.maximum };
    case 'boolean':
      return { type: 'boolean' };
    case 'date-time':
      return {
        type: 'string',
        format: 'date-time',
        pattern: DATE_TIME_PATTERN,
        ...(type.after
          ? {
              $comment: `must be strictly later than ${type.after} (checked by the API; JSON Schema cannot compare fields)`,
            }
          : {}),
        ...(type.notBefore
          ? {
              $comment: `must not be earlier than ${type.notBefore} (checked by the API; JSON Schema cannot compare fields)`,
            }
          : {}),
      };
    case 'uuid':
      return uuidSchema();
    case 'uuid list':
      return listSchema(uuidSchema(), 0, true);
    case 'stream id':
      return { type: 'string', pattern: STREAM_ID_PATTERN.source };
    case 'stream id list':
      return listSchema({ type: 'string', pattern: STREAM_ID_PATTERN.source }, type.minItems, true);
    case 'country code':
      return { type: 'string', pattern: COUNTRY_PATTERN };
    case 'enum':
      return { type: 'string', enum: [...type.values] };
    case 'object':
      return objectSchema(type.fields, payloadRef);
    case 'object list':
      return listSchema(objectSchema(type.fields, payloadRef), type.minItems, false);
    case 'payload':
      return payloadRef();
  }
}

function objectSchema(fields: readonly FieldSpec[], payloadRef: () => JsonSchema): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  for (const field of fields)
    properties[field.name] = { description: field.meaning, ...fieldTypeSchema(field.type, payloadRef) };
  const onlyWith = fields.filter((f) => f.onlyWith !== undefined);
  const notWith = fields.filter((f) => f.notWith !== undefined);
  return {
    type: 'object',
    properties,
    required: fields.filter((f) => f.required).map((f) => f.name),
    additionalProperties: false,
    ...(onlyWith.length > 0
      ? { dependentRequired: Object.fromEntries(onlyWith.map((f) => [f.name, [f.onlyWith]])) }
      : {}),
    ...(notWith.length > 0 ? { not: { anyOf: notWith.map((f) => ({ required: [f.name, f.notWith] })) } } : {}),
  };
}

/** The types a correction's `data` may hold: every type that is not itself an amendment. */
const CORRECTABLE_TYPES = EVENT_TYPE_SPECS.filter((s) => s.type !== 'EVENT_CORRECTED' && s.type !== 'EVENT_RETRACTED');

const noPayloadField = (): JsonSchema => {
  throw new Error('a payload field may only appear in EVENT_CORRECTED');
};

/** The JSON Schema (draft 2020-12) of a type's payload. */
export function payloadJsonSchema(type: EventType): JsonSchema {
  const spec = EVENT_TYPE_SPECS.find((s) => s.type === type);
  if (!spec) throw new Error(`no codebook entry for ${type}`);
  const head = {
    $schema: JSON_SCHEMA_DIALECT,
    $id: `urn:diplomacy-timeline:payload:${type}:v${CURRENT_SCHEMA_VERSION}`,
    title: type,
    description: spec.description,
  };
  if (type !== 'EVENT_CORRECTED') return { ...head, ...objectSchema(spec.fields, noPayloadField) };
  const payloadRef = (): JsonSchema => ({
    type: 'object',
    anyOf: CORRECTABLE_TYPES.map((s) => ({ $ref: `#/$defs/${s.type}` })),
    $comment: "the payload of the corrected event's type, which the API checks",
  });
  const $defs: Record<string, JsonSchema> = {};
  for (const s of CORRECTABLE_TYPES) $defs[s.type] = { title: s.type, ...objectSchema(s.fields, noPayloadField) };
  return {
    ...head,
    ...objectSchema(spec.fields, payloadRef),
    anyOf: ['data', 'occurredAt', 'occurredPrecision'].map((name) => ({ required: [name] })),
    $defs,
  };
}

// ---------------------------------------------------------------------------------------------
// The codebook

const PRECISION_BOUNDS: Record<string, string> = {
  SECOND: 'occurred_at truncated to the second, + 1 second',
  MINUTE: 'truncated to the minute, + 1 minute',
  HOUR: 'truncated to the hour, + 1 hour',
  DAY: 'the UTC day of occurred_at, 00:00 to the next 00:00',
  MONTH: "the UTC calendar month, from its first day to the next month's first day",
  YEAR: 'the UTC calendar year, from 1 January to the next 1 January',
};

/** The whole codebook. */
export function buildCodebook(): Codebook {
  return {
    version: CODEBOOK_VERSION,
    title: 'Diplomacy timeline: export codebook',
    description:
      'Every event type of the log with its payload fields, their meaning and type, a JSON Schema (draft 2020-12) of the payload and its CAMEO and PLOVER codes; the columns of the CSV and Parquet exports; the enumerations; how time precision works.',
    codeNotes: [
      "The codes of acceptances, rejections, implementation reports and fulfilments follow the subject they answer: the terms.kind of the first PROPOSAL_MADE or AGREEMENT_REACHED of their stream (for an implementation report in a stream of its own, of the first stream it implements that holds one) or the commitment.action of its PLEDGE_MADE, as its latest correction says. Without a known kind, acceptances and rejections keep the first edition's ceasefire codes (0356, 1246).",
      'Two-digit codes (02, 03, 08, 12) are CAMEO root codes: the catalogue gives no finer code for those kinds; their QuadClass is that of the root.',
      "The API's cameoCode of an event is computed when it is appended, from the subject as it then stood; the exports compute cameo_code, quad_class and plover_type for each record, from the subject as of the export (its corrections up to upToPosition, and by knownAt when given).",
    ],
    types: EVENT_TYPE_SPECS.map((spec) => ({
      type: spec.type,
      description: spec.description,
      stream: spec.stream ?? null,
      schemaVersion: CURRENT_SCHEMA_VERSION,
      cameo: CODES[spec.type].cameo,
      plover: CODES[spec.type].plover,
      fields: spec.fields,
      rules: spec.rules,
      example: EXAMPLE_PAYLOADS[spec.type],
      jsonSchema: payloadJsonSchema(spec.type),
    })),
    columns: EXPORT_COLUMN_SPECS.map((c) => ({ ...c })),
    columnNotes: [
      'CSV and Parquet have these columns in this order; NDJSON has the same keys in the same order and `sources` (every source with all its fields).',
      'CSV: RFC 4180, UTF-8, comma, CRLF, quotes doubled; lists joined with "; " in a cell; null is an empty cell; times are ISO-8601 UTC.',
      'Parquet: INT64 and INT32 integers, BOOLEAN, TIMESTAMP (UTC, microseconds), LIST<STRING> for the lists, UTF-8 strings for the rest.',
      "The main payload fields (title, text, place, country, target_category, means, scope, duration_days, round, counter_to, backers, mediators, guarantors, conditions, stage, complete, implements, quantities) are copied from `data` where the type has them (lists are empty and the others null where it has not); `data` holds the whole payload as JSON, as described by the type's fields below.",
      "A first-edition MEETING_HELD's mediator is exported in mediators as a list of one (its `data` keeps the payload as stored).",
    ],
    enums: Object.fromEntries(Object.entries(CODEBOOK_ENUMS).map(([name, values]) => [name, [...values]])) as Record<
      EnumName,
      string[]
    >,
    quadClasses: {
      '1': 'verbal cooperation (CAMEO roots 01–05)',
      '2': 'material cooperation (06–08)',
      '3': 'verbal conflict (09–13)',
      '4': 'material conflict (14–20)',
    },
    identifiers: {
      actorId: `a registered actor's id, matching ${ACTOR_ID_PATTERN.source} ("putin", "russia", "kremlin")`,
      streamId: `a stream (one subject: proposal-<slug>, pledge-<slug>, strike-<slug>...), matching ${STREAM_ID_PATTERN.source}`,
      uuid: "a stored event's id (UUID, any case)",
      dateTime:
        'ISO-8601 with a timezone designator (2025-03-18T14:00:00Z, 2025-03-18T16:00+03:00) or a plain date (2025-03-18, UTC midnight), naming a real calendar day',
      country: 'ISO 3166-1 alpha-2, two upper-case letters ("UA")',
    },
    precision: {
      explanation:
        'Every event has occurred_at and occurred_precision (SECOND, MINUTE, HOUR, DAY, MONTH or YEAR). An event at precision P whose occurred_at is t happened somewhere in [t truncated to P (UTC), that + one P): occurred_earliest is the start (inclusive), occurred_latest the end (exclusive). Compare events by these bounds, not by occurred_at alone: a DAY event is not at midnight. Durations between two events are intervals too: [max(0, later.earliest − earlier.latest), later.latest − earlier.earliest]. recorded_at is when the event was recorded (transaction time), always exact.',
      bounds: PRECISION_BOUNDS,
      example:
        'A pledge at 2025-04-19T15:00Z (MINUTE) and a strike on 2025-04-20 (DAY): the pledge lies in [15:00, 15:01) on 19 April, the strike in [2025-04-20T00:00Z, 2025-04-21T00:00Z); the time between them is at least 8 h 59 m and at most 33 h.',
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Markdown
