/**
 * The codebook against the code it describes: every type; every field of every payload class
 * (class-validator metadata, recursively into nested classes) with its rule and whether it is
 * required; each JSON Schema (checked with ajv, draft 2020-12) against the payload examples and
 * against validatePayload itself on generated payloads and mutations; the CAMEO and PLOVER codes
 * against event-codes.ts; docs/codebook.md against codebookMarkdown().
 */
import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import { getMetadataStorage } from 'class-validator';
import { PROJECT_ROOT } from '../../config/project-paths.js';
import { type CodeContext, cameoCode, ploverType, quadClass } from '../../events/catalogue/event-codes.js';
import { EVENT_TYPES, type EventType, type TypedData } from '../../events/catalogue/event-types.js';
import { EXAMPLE_PAYLOADS } from '../../events/catalogue/payload-examples.js';
import { payloadClassOf, validatePayload } from '../../events/catalogue/payload-validation.js';
import { FreeText, Optional, isIssueContext } from '../../events/catalogue/payloads/field.decorators.js';
import { ProposalRejectedPayload } from '../../events/catalogue/payloads/proposal-rejected.payload.js';
import { isIsoDateTime, isUuid } from '../../events/catalogue/value-checks.js';
import { EXPORT_COLUMN_SPECS } from '../export-record.js';
import { codebookMarkdown } from './codebook-markdown.js';
import { DATE_TIME_PATTERN, buildCodebook, payloadJsonSchema } from './codebook.js';
import {
  CODEBOOK_ENUMS,
  EVENT_TYPE_SPECS,
  eventTypeSpec,
  type FieldKind,
  type FieldSpec,
  type FieldType,
} from './event-fields.js';

const book = buildCodebook();

function newAjv() {
  // strictRequired is an ajv lint, not JSON Schema: it objects to EVENT_CORRECTED's anyOf of `required` alone.
  const ajv = new Ajv2020.default({ strict: true, strictRequired: false, allErrors: true });
  // The API's own definitions (src/common/instant.ts, value-checks.ts); DATE_TIME_PATTERN asserts the same shapes.
  ajv.addFormat('date-time', { type: 'string', validate: (s: string) => isIsoDateTime(s) });
  ajv.addFormat('uuid', { type: 'string', validate: (s: string) => isUuid(s) });
  return ajv;
}
const ajv = newAjv();
const validators = Object.fromEntries(book.types.map((t) => [t.type, ajv.compile(t.jsonSchema)])) as Record<
  EventType,
  ReturnType<typeof ajv.compile>
>;
const schemaAccepts = (type: EventType, data: unknown) => validators[type](data) === true;
const CORRECTABLE_TYPES = EVENT_TYPES.filter((t) => t !== 'EVENT_CORRECTED' && t !== 'EVENT_RETRACTED');
/**
 * What the API accepts: validatePayload, and for a correction's `data` what the store checks next,
 * validatePayload with the corrected event's type (here: any type a correction may name).
 */
const classAccepts = (type: EventType, data: unknown): boolean => {
  if (validatePayload(type, data, 'data').errors.length > 0) return false;
  const inner = type === 'EVENT_CORRECTED' ? (data as { data?: unknown }).data : undefined;
  return (
    inner === undefined || CORRECTABLE_TYPES.some((t) => validatePayload(t, inner, 'data.data').errors.length === 0)
  );
};

// ---------------------------------------------------------------------------------------------
// What the class-validator classes say about their fields

/** The codebook kind each field decorator (its class-validator rule name) stands for. */
const KIND_OF_RULE: Record<string, FieldKind> = {
  actorId: 'actor id',
  actorIds: 'actor id list',
  uuid: 'uuid',
  uuids: 'uuid list',
  streamId: 'stream id',
  streamIds: 'stream id list',
  dateTime: 'date-time',
  freeText: 'string',
  shortText: 'string',
  texts: 'string list',
  oneOf: 'enum',
  count: 'integer',
  flag: 'boolean',
  countryCode: 'country code',
};

interface ClassField {
  name: string;
  required: boolean;
  kind: FieldKind;
  after: boolean;
  notBefore?: string;
  onlyWith?: string;
  notWith?: string;
  nested?: ClassField[];
}

/** Rules that relate a field to another of its object, beside its one value rule. */
const RELATIONS = new Set(['after', 'notBefore', 'requires', 'notWith']);

function classFields(cls: new () => object): ClassField[] {
  const metadata = getMetadataStorage().getTargetValidationMetadatas(cls, '', true, false);
  const names = [...new Set(metadata.map((m) => m.propertyName))];
  return names.map((name) => {
    const own = metadata.filter((m) => m.propertyName === name);
    const rules = own.filter((m) => m.type === 'customValidation').map((m) => m.name ?? '?');
    const nested = own.some((m) => m.type === 'nestedValidation');
    const required = !own.some((m) => m.type === 'conditionalValidation');
    const after = rules.includes('after');
    const contextOf = (rule: string) => {
      const context: unknown = own.find((m) => m.name === rule)?.context;
      return isIssueContext(context) ? context : undefined;
    };
    const relations = {
      ...(rules.includes('requires') ? { onlyWith: contextOf('requires')?.other } : {}),
      ...(rules.includes('notWith') ? { notWith: contextOf('notWith')?.other } : {}),
      ...(rules.includes('notBefore') ? { notBefore: contextOf('notBefore')?.other } : {}),
    };
    const main = rules.filter((r) => !RELATIONS.has(r));
    expect(main).toHaveLength(1); // one value rule per field (plus After, NotBefore, Requires, NotWith)
    if (main[0] === 'object') {
      if (!nested) return { name, required, kind: 'payload', after, ...relations };
      const nestedClass: unknown = Reflect.getMetadata('design:type', cls.prototype, name);
      if (typeof nestedClass !== 'function') throw new Error(`${cls.name}.${name}: no design:type`);
      return {
        name,
        required,
        kind: 'object',
        after,
        ...relations,
        nested: classFields(nestedClass as new () => object),
      };
    }
    if (main[0] === 'objectList') {
      const itemClass = contextOf('objectList')?.itemClass;
      if (!nested || !itemClass) throw new Error(`${cls.name}.${name}: a list of objects without its item class`);
      return { name, required, kind: 'object list', after, ...relations, nested: classFields(itemClass()) };
    }
    const kind = KIND_OF_RULE[main[0]];
    if (!kind)
      throw new Error(
        `${cls.name}.${name}: rule ${main[0]} has no codebook kind (add it to KIND_OF_RULE and event-fields.ts)`,
      );
    return { name, required, kind, after, ...relations };
  });
}

function codebookFields(fields: readonly FieldSpec[]): ClassField[] {
  return fields.map((f) => ({
    name: f.name,
    required: f.required,
    kind: f.type.kind,
    after: f.type.kind === 'date-time' && f.type.after !== undefined,
    ...(f.type.kind === 'date-time' && f.type.notBefore !== undefined ? { notBefore: f.type.notBefore } : {}),
    ...(f.onlyWith !== undefined ? { onlyWith: f.onlyWith } : {}),
    ...(f.notWith !== undefined ? { notWith: f.notWith } : {}),
    ...(f.type.kind === 'object' || f.type.kind === 'object list' ? { nested: codebookFields(f.type.fields) } : {}),
  }));
}

// ---------------------------------------------------------------------------------------------
// Payloads generated from the codebook

const UUID = '6f1e9b2c-3d4a-4c5b-8e7f-9a0b1c2d3e4f';

function sampleValue(type: FieldType, full: boolean): unknown {
  switch (type.kind) {
    case 'string':
      return 'some text';
    case 'string list':
      return Array.from({ length: Math.max(type.minItems, 1) }, (_, i) => `item ${i}`);
    case 'actor id':
      return 'putin';
    case 'actor id list':
      return Array.from({ length: Math.max(type.minItems, 1) }, (_, i) => `actor-${i}`);
    case 'integer':
      return type.minimum;
    case 'boolean':
      return true;
    case 'date-time':
      return type.after || type.notBefore ? '2025-03-19T15:00:00Z' : '2025-03-18T15:00Z';
    case 'uuid':
      return UUID;
    case 'uuid list':
      return [UUID];
    case 'stream id':
      return 'proposal-30-day-ceasefire';
    case 'stream id list':
      return Array.from({ length: Math.max(type.minItems, 1) }, (_, i) => `stream-${i}`);
    case 'country code':
      return 'UA';
    case 'enum':
      return type.values[0];
    case 'object':
      return samplePayload(type.fields, full);
    case 'object list':
      return [samplePayload(type.fields, full)];
    case 'payload':
      return EXAMPLE_PAYLOADS.CALL_HELD;
  }
}

/**
 * Every field (`full`) or the required ones only. Of two fields that may not be given together,
 * `full` takes the one that says so (mediators, not the first edition's mediator).
 */
function samplePayload(fields: readonly FieldSpec[], full: boolean): Record<string, unknown> {
  const displaced = new Set(fields.flatMap((f) => (f.notWith === undefined ? [] : [f.notWith])));
  return Object.fromEntries(
    fields
      .filter((f) => f.required || (full && !displaced.has(f.name)))
      .map((f) => [f.name, sampleValue(f.type, full)]),
  );
}

/** Values the field's type refuses. */
function badValues(type: FieldType): unknown[] {
  const common = [null, 12, { a: 1 }];
  switch (type.kind) {
    case 'string':
      return [...common, '', '   ', 'x'.repeat(type.maxLength + 1), ['a']];
    case 'string list':
      return [
        ...common,
        'text',
        [''],
        ['x'.repeat(type.maxItemLength + 1)],
        Array.from({ length: 101 }, (_, i) => `t${i}`),
        ...(type.minItems > 0 ? [[]] : []),
      ];
    case 'actor id':
      return [...common, 'Putin', '', 'a b'];
    case 'actor id list':
      return [
        ...common,
        'putin',
        ['Putin'],
        ['putin', 'putin'],
        ...(type.minItems > 0 ? [Array.from({ length: type.minItems - 1 }, (_, i) => `actor-${i}`)] : []),
      ];
    case 'integer':
      return [null, '5', 1.5, type.minimum - 1, type.maximum + 1, Number.MAX_SAFE_INTEGER, true];
    case 'boolean':
      return [null, 'true', 1];
    case 'date-time':
      return [...common, 'yesterday', '2025-02-30', '2025-03-18T15:00', '18/03/2025'];
    case 'uuid':
      return [...common, 'not-a-uuid', `${UUID}0`];
    case 'uuid list':
      return [...common, UUID, ['x'], [UUID, UUID]];
    case 'stream id':
      return [...common, 'Bad Stream', '-x', ''];
    case 'stream id list':
      return [
        ...common,
        'stream-0',
        ['Bad Stream'],
        ['stream-0', 'stream-0'],
        Array.from({ length: 101 }, (_, i) => `stream-${i}`),
        ...(type.minItems > 0 ? [[]] : []),
      ];
    case 'country code':
      return [...common, 'ua', 'UKR', ''];
    case 'enum':
      return [...common, 'NOT_A_VALUE', type.values[0].toLowerCase()];
    case 'object':
      return [null, 'text', [], { ...samplePayload(type.fields, true), unknownField: 1 }];
    case 'object list':
      return [
        null,
        'text',
        { a: 1 },
        ['text'],
        [null],
        [{}],
        [{ ...samplePayload(type.fields, true), unknownField: 1 }],
        Array.from({ length: 101 }, () => samplePayload(type.fields, true)),
        ...(type.minItems > 0 ? [[]] : []),
      ];
    case 'payload':
      return [null, 'text', [], { participants: ['a', 'b'], unknownField: 1 }];
  }
}

/** Values the field's type accepts at its limits. */
function edgeValues(type: FieldType): unknown[] {
  switch (type.kind) {
    case 'string':
      return ['x'.repeat(type.maxLength), ' padded ', '🙂'.repeat(type.maxLength)];
    case 'string list':
      return [type.minItems === 0 ? [] : ['a'], Array.from({ length: 100 }, (_, i) => `t${i}`)];
    case 'actor id list':
      return [Array.from({ length: 100 }, (_, i) => `actor-${i}`), ...(type.minItems === 0 ? [[]] : [])];
    case 'integer':
      return [type.minimum, type.maximum];
    case 'date-time': // before the samples' other date-times, or after them for a field that must be later
      return type.after || type.notBefore
        ? ['2030-01-01', '2030-01-01T00:00:00.123456789+03:00', '2030-01-01T10:00Z']
        : ['2020-01-01', '2020-01-01T00:00:00.123456789+03:00', '2020-01-01T10:00Z'];
    case 'uuid':
      return [UUID.toUpperCase()];
    case 'enum':
      return [...type.values];
    case 'stream id list':
      return [Array.from({ length: 100 }, (_, i) => `stream-${i}`)];
    case 'object list':
      return [
        ...(type.minItems === 0 ? [[]] : []),
        Array.from({ length: 100 }, () => samplePayload(type.fields, false)),
      ];
    default:
      return [];
  }
}

/**
 * Every (field path, field type) of a payload, sub-fields included (those of a list's items through
 * its first item, `quantities.0.count`); `label` names it as the codebook does (`quantities[].count`).
 */
function fieldPaths(
  fields: readonly FieldSpec[],
  prefix: string[] = [],
  labelPrefix = '',
): Array<{ at: string[]; label: string; field: FieldSpec }> {
  return fields.flatMap((field) => {
    const at = [...prefix, field.name];
    const label = labelPrefix + field.name;
    const inner =
      field.type.kind === 'object'
        ? fieldPaths(field.type.fields, at, `${label}.`)
        : field.type.kind === 'object list'
          ? fieldPaths(field.type.fields, [...at, '0'], `${label}[].`)
          : [];
    return [{ at, label, field }, ...inner];
  });
}

function withValue(payload: Record<string, unknown>, at: string[], value: unknown): Record<string, unknown> {
  // JSON, not structuredClone: under Jest, structuredClone makes objects of another realm, which validatePayload refuses as not plain.
  const copy = JSON.parse(JSON.stringify(payload)) as Record<string, unknown>;
  let node: Record<string, unknown> = copy;
  for (const key of at.slice(0, -1)) node = node[key] as Record<string, unknown>;
  if (value === undefined) delete node[at[at.length - 1]];
  else node[at[at.length - 1]] = value;
  return copy;
}

// ---------------------------------------------------------------------------------------------

describe('codebook: types', () => {
  it('has the 18 event types, in the catalogue order, in the field list and the codebook', () => {
    expect(EVENT_TYPES).toHaveLength(18);
    expect(EVENT_TYPE_SPECS.map((s) => s.type)).toEqual([...EVENT_TYPES]);
    expect(book.types.map((t) => t.type)).toEqual([...EVENT_TYPES]);
    for (const t of book.types) {
      expect(t.description).toMatch(/^\S.*\.$/);
      expect(t.schemaVersion).toBe(1);
      expect(t.example).toEqual(EXAMPLE_PAYLOADS[t.type]);
      expect(t.jsonSchema).toEqual(payloadJsonSchema(t.type));
    }
  });

  it('gives every field a one-line meaning', () => {
    for (const spec of EVENT_TYPE_SPECS) {
      for (const { label, field } of fieldPaths(spec.fields)) {
        expect([spec.type, label, field.meaning]).toEqual([spec.type, label, expect.stringMatching(/^[^\n]{10,200}$/)]);
      }
    }
  });

  it('is plain JSON (what GET /export/codebook sends)', () => {
    expect(JSON.parse(JSON.stringify(book))).toEqual(book);
  });

  it('lists the export columns as EXPORT_COLUMN_SPECS has them, and every enum', () => {
    expect(book.columns).toEqual(EXPORT_COLUMN_SPECS);
    expect(Object.keys(book.enums)).toEqual([
      'TargetCategory',
      'CeasefireScope',
      'TermsKind',
      'CallChannel',
      'PledgeAction',
      'StrikeMeans',
      'TimePrecision',
    ]);
    for (const [name, values] of Object.entries(CODEBOOK_ENUMS))
      expect(book.enums[name as keyof typeof CODEBOOK_ENUMS]).toEqual([...values]);
    expect(book.precision.explanation).toMatch(/occurred_earliest/);
  });
});

describe('codebook: fields against the payload classes', () => {
  it.each([...EVENT_TYPES])(
    '%s: the same fields, in the same order, required alike, of the same kind (nested classes too)',
    (type) => {
      expect(codebookFields(eventTypeSpec(type).fields)).toEqual(classFields(payloadClassOf(type)));
    },
  );

  it('would notice a field added to a payload class and missing from the codebook', () => {
    class Widened extends ProposalRejectedPayload {
      @Optional()
      @FreeText()
      newField?: string;
    }
    expect(
      classFields(Widened)
        .map((f) => f.name)
        .sort(),
    ).toEqual(['newField', 'party', 'reason']);
    expect(codebookFields(eventTypeSpec('PROPOSAL_REJECTED').fields)).not.toEqual(classFields(Widened));
  });

  it('every example payload is valid for its class (the examples the schemas are tested with)', () => {
    for (const type of EVENT_TYPES)
      expect([type, validatePayload(type, EXAMPLE_PAYLOADS[type], 'data').errors]).toEqual([type, []]);
  });
});

describe('codebook: JSON Schemas', () => {
  it('are draft 2020-12 objects refusing unknown fields, with required, enums, formats and id patterns', () => {
    for (const t of book.types) {
      const s = t.jsonSchema as Record<string, any>;
      expect(s.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
      expect(s.type).toBe('object');
      expect(s.additionalProperties).toBe(false);
      expect(s.required).toEqual(
        eventTypeSpec(t.type)
          .fields.filter((f) => f.required)
          .map((f) => f.name),
      );
    }
    const call = payloadJsonSchema('CALL_HELD') as Record<string, any>;
    expect(call.properties.participants).toMatchObject({
      type: 'array',
      minItems: 2,
      uniqueItems: true,
      items: { pattern: '^[a-z0-9][a-z0-9_-]{0,63}$' },
    });
    expect(call.properties.channel).toMatchObject({ enum: ['PHONE', 'VIDEO'] });
    expect((payloadJsonSchema('PLEDGE_MADE') as any).properties.validFrom).toMatchObject({ format: 'date-time' });
    expect((payloadJsonSchema('PLEDGE_MADE') as any).properties.ceasefireId).toMatchObject({
      pattern: '^[a-z0-9][a-z0-9._:-]{0,127}$',
    });
    expect((payloadJsonSchema('EVENT_RETRACTED') as any).properties.retractedEventId).toMatchObject({ format: 'uuid' });
  });

  it.each([...EVENT_TYPES])('%s: accepts the example payload', (type) => {
    expect(schemaAccepts(type, EXAMPLE_PAYLOADS[type])).toBe(true);
  });

  it.each([...EVENT_TYPES])('%s: rejects an unknown field, at the top and inside objects', (type) => {
    expect(schemaAccepts(type, { ...EXAMPLE_PAYLOADS[type], unknownField: 'x' })).toBe(false);
    const example = EXAMPLE_PAYLOADS[type] as unknown as Record<string, unknown>;
    for (const { at, field } of fieldPaths(eventTypeSpec(type).fields)) {
      if (at.includes('0')) continue; // inside a list's item: its list is tried below
      if (field.type.kind === 'object') {
        const inner = withValue(example, [...at, 'unknownField'], 'x');
        expect(schemaAccepts(type, inner)).toBe(false);
        expect(classAccepts(type, inner)).toBe(false);
      }
      if (field.type.kind === 'object list') {
        const item = { ...samplePayload(field.type.fields, false), unknownField: 'x' };
        const inner = withValue(example, at, [samplePayload(field.type.fields, true), item]);
        expect(schemaAccepts(type, inner)).toBe(false);
        expect(validatePayload(type, inner, 'data').errors).toEqual([
          { path: `data.${at.join('.')}[1].unknownField`, reason: 'unknown field' },
        ]);
      }
    }
  });

  it('rejects a wrong enum value in every enum field of every type', () => {
    let enumFields = 0;
    for (const spec of EVENT_TYPE_SPECS) {
      const full = samplePayload(spec.fields, true);
      for (const { at, field } of fieldPaths(spec.fields)) {
        if (field.type.kind !== 'enum') continue;
        enumFields += 1;
        const wrong = withValue(full, at, 'NOT_A_VALUE');
        expect([spec.type, at.join('.'), schemaAccepts(spec.type, wrong)]).toEqual([spec.type, at.join('.'), false]);
        expect(validatePayload(spec.type, wrong, 'data').errors).toEqual([
          { path: `data.${at.join('.')}`, reason: expect.stringMatching(/^must be one of /) },
        ]);
      }
    }
    expect(enumFields).toBe(10);
  });

  it.each([...EVENT_TYPES])(
    '%s: agrees with validatePayload on generated payloads and on every mutation of every field',
    (type) => {
      const spec = eventTypeSpec(type);
      const full = samplePayload(spec.fields, true);
      const cases: Array<[string, unknown]> = [
        ['every field', full],
        ['required fields only', samplePayload(spec.fields, false)],
        ['not an object', ['a']],
      ];
      for (const { at, label: name, field } of fieldPaths(spec.fields)) {
        cases.push([`${name} left out`, withValue(full, at, undefined)]);
        badValues(field.type).forEach((v, i) => cases.push([`${name} bad #${i}`, withValue(full, at, v)]));
        edgeValues(field.type).forEach((v, i) => cases.push([`${name} edge #${i}`, withValue(full, at, v)]));
      }
      let accepted = 0;
      for (const [label, data] of cases) {
        const byClass = classAccepts(type, data);
        if (byClass) accepted += 1;
        expect([label, schemaAccepts(type, data)]).toEqual([label, byClass]);
      }
      expect(accepted).toBeGreaterThan(spec.fields.filter((f) => !f.required).length);
      // Sanity: the generated payloads are valid where the catalogue says they should be.
      expect(classAccepts(type, full)).toBe(true);
      expect(classAccepts(type, samplePayload(spec.fields, false))).toBe(type !== 'EVENT_CORRECTED');
    },
  );

  it('describes the date-times the API accepts (the pattern holds every valid date-time; the format rejects impossible days)', () => {
    const pattern = new RegExp(DATE_TIME_PATTERN);
    const samples = [
      '2025-03-18',
      '2025-03-18T15:00Z',
      '2025-03-18T15:00:00Z',
      '2025-03-18T15:00:00.5+02:00',
      '2025-02-30',
      '2025-03-18T15Z',
      '2025-03-18 15:00Z',
      '2025-03-18T15:00',
      '20250318',
    ];
    for (const s of samples) {
      if (isIsoDateTime(s)) expect([s, pattern.test(s)]).toEqual([s, true]);
      expect([s, schemaAccepts('EVENT_CORRECTED', { correctedEventId: UUID, occurredAt: s, reason: 'r' })]).toEqual([
        s,
        isIsoDateTime(s),
      ]);
    }
  });

  it('leaves to the API the one rule JSON Schema cannot say: a date-time after (or not before) another field (noted in $comment)', () => {
    const backwards = {
      ...EXAMPLE_PAYLOADS.AGREEMENT_REACHED,
      effectiveFrom: '2025-04-21T00:00:00Z',
      effectiveUntil: '2025-04-19T00:00:00Z',
    };
    expect(classAccepts('AGREEMENT_REACHED', backwards)).toBe(false);
    expect(schemaAccepts('AGREEMENT_REACHED', backwards)).toBe(true);
    expect((payloadJsonSchema('AGREEMENT_REACHED') as any).properties.effectiveUntil.$comment).toMatch(
      /later than effectiveFrom/,
    );
    expect((payloadJsonSchema('PLEDGE_MADE') as any).properties.validUntil.$comment).toMatch(/later than validFrom/);
    const reversed = {
      ...EXAMPLE_PAYLOADS.VIOLATION_REPORTED,
      periodFrom: '2025-04-21T00:00:00Z',
      periodUntil: '2025-04-20T23:59:59.999Z',
    };
    expect(classAccepts('VIOLATION_REPORTED', reversed)).toBe(false);
    expect(schemaAccepts('VIOLATION_REPORTED', reversed)).toBe(true);
    expect(classAccepts('VIOLATION_REPORTED', { ...reversed, periodUntil: reversed.periodFrom })).toBe(true);
    expect((payloadJsonSchema('VIOLATION_REPORTED') as any).properties.periodUntil.$comment).toMatch(
      /not be earlier than periodFrom/,
    );
  });

  it('EVENT_CORRECTED: data must be a payload of a correctable type, and one of data, occurredAt, occurredPrecision is needed', () => {
    const base = { correctedEventId: UUID, reason: 'why' };
    expect(schemaAccepts('EVENT_CORRECTED', base)).toBe(false);
    expect(schemaAccepts('EVENT_CORRECTED', { ...base, occurredPrecision: 'DAY' })).toBe(true);
    for (const type of EVENT_TYPES.filter((t) => t !== 'EVENT_CORRECTED' && t !== 'EVENT_RETRACTED')) {
      expect([type, schemaAccepts('EVENT_CORRECTED', { ...base, data: EXAMPLE_PAYLOADS[type] })]).toEqual([type, true]);
    }
    expect(schemaAccepts('EVENT_CORRECTED', { ...base, data: { participants: ['a', 'b'], channel: 'FAX' } })).toBe(
      false,
    );
    expect(schemaAccepts('EVENT_CORRECTED', { ...base, data: EXAMPLE_PAYLOADS.EVENT_RETRACTED })).toBe(false);
  });
});

describe('codebook: CAMEO and PLOVER codes', () => {
  const KINDS = [undefined, 'CEASEFIRE', 'PRISONER_EXCHANGE', 'PEACE_DEAL', 'OTHER'] as const;
  const ACTIONS = [undefined, 'HALT_STRIKES', 'WITHDRAW', 'RELEASE', 'PROVIDE_AID', 'OTHER'] as const;
  /** Payloads and contexts that take each type through every branch of event-codes.ts. */
  const variants = (type: EventType): Array<[data: unknown, context: CodeContext]> => {
    const e = EXAMPLE_PAYLOADS;
    switch (type) {
      case 'PROPOSAL_MADE':
        return KINDS.filter((kind) => kind !== undefined).map((kind) => [{ ...e.PROPOSAL_MADE, terms: { kind } }, {}]);
      case 'PROPOSAL_ACCEPTED':
      case 'PROPOSAL_REJECTED':
      case 'CONDITIONS_MET':
      case 'IMPLEMENTATION_REPORTED':
        return KINDS.map((kind) => [e[type], { kind }]);
      case 'PLEDGE_FULFILLED':
        return ACTIONS.map((pledgeAction) => [e[type], { pledgeAction }]);
      default:
        return withoutContext(type).map((data) => [data, {}]);
    }
  };
  /** Payloads that take a type whose codes depend on its payload alone through every branch. */
  const withoutContext = (type: EventType): unknown[] => {
    const e = EXAMPLE_PAYLOADS;
    switch (type) {
      case 'MEETING_HELD':
        return [
          e.MEETING_HELD,
          { ...e.MEETING_HELD, topics: ['energy'] },
          { participants: ['a', 'b'] },
          { ...e.MEETING_HELD, topics: ['a cease-fire', 'x'] },
        ];
      case 'CLAIM_DISPUTED':
        return [
          e.CLAIM_DISPUTED,
          { ...e.CLAIM_DISPUTED, text: 'we see it differently' },
          { ...e.CLAIM_DISPUTED, text: 'he lied' },
        ];
      case 'DEMAND_MADE':
        return [
          e.DEMAND_MADE,
          { ...e.DEMAND_MADE, demand: 'halt the strikes' },
          { ...e.DEMAND_MADE, demand: 'a ceasefire now' },
        ];
      case 'AGREEMENT_REACHED':
        return [
          e.AGREEMENT_REACHED,
          { ...e.AGREEMENT_REACHED, unilateral: false },
          { ...e.AGREEMENT_REACHED, unilateral: undefined },
          { ...e.AGREEMENT_REACHED, terms: { kind: 'PEACE_DEAL' } },
          { ...e.AGREEMENT_REACHED, terms: { kind: 'PEACE_DEAL' }, unilateral: false },
        ];
      case 'PLEDGE_MADE':
        return [
          e.PLEDGE_MADE,
          { ...e.PLEDGE_MADE, ceasefireId: undefined },
          { ...e.PLEDGE_MADE, ceasefireId: undefined, commitment: { action: 'PROVIDE_AID', text: 'aid' } },
          { ...e.PLEDGE_MADE, commitment: { action: 'RELEASE', text: 'prisoners' } },
        ];
      case 'STRIKE_REPORTED':
        return (['DRONE', 'MISSILE', 'ARTILLERY', 'AIRCRAFT', 'OTHER', undefined] as const).map((means) => ({
          ...e.STRIKE_REPORTED,
          means,
        }));
      default:
        return [e[type]];
    }
  };

  it.each([...EVENT_TYPES])('%s: the codebook lists exactly the codes event-codes.ts gives', (type) => {
    const t = book.types.find((x) => x.type === type)!;
    const typed = variants(type).map(([data, context]) => [{ type, data } as unknown as TypedData, context] as const);
    const cameos = new Set(typed.map(([event, context]) => cameoCode(event, context)));
    const plovers = new Set(typed.map(([event, context]) => ploverType(event, context)));
    expect([...cameos].sort()).toEqual([t.cameo.code, ...t.cameo.alternates.map((a) => a.code)].sort());
    expect([...plovers].sort()).toEqual([t.plover.type, ...t.plover.alternates.map((a) => a.type)].sort());
    // The default code is the one given when no alternate's condition holds: the example's, unless the example is an alternate.
    expect(t.cameo.quadClass).toBe(quadClass(t.cameo.code));
    for (const a of t.cameo.alternates) expect(a.quadClass).toBe(quadClass(a.code));
    expect(t.cameo.rule === null).toBe(t.cameo.alternates.length === 0);
  });

  it('names the default code the one given when no alternate applies', () => {
    const plain: Partial<Record<EventType, unknown>> = {
      MEETING_HELD: { participants: ['a', 'b'] },
      CLAIM_DISPUTED: { ...EXAMPLE_PAYLOADS.CLAIM_DISPUTED, text: 'we see it differently' },
      DEMAND_MADE: EXAMPLE_PAYLOADS.DEMAND_MADE,
      AGREEMENT_REACHED: { ...EXAMPLE_PAYLOADS.AGREEMENT_REACHED, unilateral: undefined },
      PLEDGE_MADE: {
        ...EXAMPLE_PAYLOADS.PLEDGE_MADE,
        ceasefireId: undefined,
        commitment: { action: 'OTHER', text: 'x' },
      },
      STRIKE_REPORTED: { ...EXAMPLE_PAYLOADS.STRIKE_REPORTED, means: 'MISSILE' },
    };
    for (const t of book.types) {
      const typed = { type: t.type, data: plain[t.type] ?? EXAMPLE_PAYLOADS[t.type] } as unknown as TypedData;
      expect([t.type, cameoCode(typed), ploverType(typed)]).toEqual([t.type, t.cameo.code, t.plover.type]);
    }
  });
});

describe('docs/codebook.md', () => {
  const markdown = codebookMarkdown();

  it('is what npm run codebook generates (run it after changing the codebook)', () => {
    const committed = readFileSync(path.join(PROJECT_ROOT, 'docs', 'codebook.md'), 'utf8');
    expect(committed === markdown).toBe(true);
  });

  it('has a section per type with a row per field (sub-fields as parent.child), the codes, the columns', () => {
    for (const spec of EVENT_TYPE_SPECS) {
      const start = markdown.indexOf(`\n## ${spec.type}\n`);
      expect(start).toBeGreaterThan(0);
      const section = markdown.slice(start, markdown.indexOf('\n## ', start + 1));
      for (const { label } of fieldPaths(spec.fields)) expect(section).toContain(`| \`${label}\` |`);
      const t = book.types.find((x) => x.type === spec.type)!;
      expect(section).toContain(t.cameo.code === null ? 'CAMEO: none' : `CAMEO: \`${t.cameo.code}\``);
      expect(section).toContain('"$schema": "https://json-schema.org/draft/2020-12/schema"');
    }
    for (const c of EXPORT_COLUMN_SPECS) expect(markdown).toContain(`| \`${c.name}\` | ${c.type} |`);
    expect(markdown).toContain('| `durationMinutes` | integer 1–52596000 | no | Length of the call in minutes. |');
  });
});
