/**
 * The running schema against the public contract (test/fixtures/api-contract.graphql, a verbatim
 * copy of ../shared/design/api-contract.graphql): every scalar, enum value, type, field, argument,
 * input field and interface implementation the contract names exists with the same type
 * (nullability and list shape). Additions are allowed, but no added argument or input field may be
 * required (that would break clients written against the contract). Also: schema.gql at the repo
 * root is the running schema.
 */
import fs from 'node:fs';
import path from 'node:path';
import {
  type DefinitionNode,
  type FieldDefinitionNode,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputField,
  type GraphQLNamedType,
  type GraphQLSchema,
  type InputValueDefinitionNode,
  Kind,
  type TypeDefinitionNode,
  buildClientSchema,
  buildSchema,
  getIntrospectionQuery,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isNonNullType,
  isObjectType,
  isScalarType,
  lexicographicSortSchema,
  parse,
  print,
  printSchema,
} from 'graphql';
import { type TestApp, startTestApp } from './support/test-app.js';

const ROOT = process.cwd();

/**
 * What belongs to a later issue (the Ceasefire / Pledge read models and the Subscription type):
 * each name here may be absent; when present it must match the contract in full. Type names cover
 * the whole type; `Type.field` covers one field. The Subscription type is listed field by field
 * (eventAppended lands before the read-model subscriptions), so the type is only needed once one
 * of its fields exists.
 */
const LATER = [
  'Ceasefire',
  'Pledge',
  'PartyStance',
  'Violation',
  'Duration',
  'StateChange',
  'CeasefireState',
  'Stance',
  'PledgeState',
  'ViolationBasis',
  'Query.ceasefires',
  'Query.ceasefire',
  'Query.pledges',
  'Query.pledge',
  'Subscription.eventAppended',
  'Subscription.ceasefireChanged',
  'Subscription.pledgeChanged',
] as const;

/** The 15 concrete event types, by EventType value. */
const EVENT_OBJECT_TYPES: Record<string, string> = {
  CALL_HELD: 'CallHeld',
  MEETING_HELD: 'MeetingHeld',
  STATEMENT_MADE: 'StatementMade',
  CLAIM_DISPUTED: 'ClaimDisputed',
  DEMAND_MADE: 'DemandMade',
  PROPOSAL_MADE: 'ProposalMade',
  PROPOSAL_ACCEPTED: 'ProposalAccepted',
  PROPOSAL_REJECTED: 'ProposalRejected',
  AGREEMENT_REACHED: 'AgreementReached',
  PLEDGE_MADE: 'PledgeMade',
  PLEDGE_WITHDRAWN: 'PledgeWithdrawn',
  STRIKE_REPORTED: 'StrikeReported',
  VIOLATION_REPORTED: 'ViolationReported',
  EVENT_CORRECTED: 'EventCorrected',
  EVENT_RETRACTED: 'EventRetracted',
};

const CONTRACT = parse(fs.readFileSync(path.join(ROOT, 'test/fixtures/api-contract.graphql'), 'utf8'));
const DEFINITIONS = CONTRACT.definitions.filter(isTypeDefinition);
const laterTypes = new Set<string>(LATER.filter((name) => !name.includes('.')));
const laterFields = new Set<string>(LATER.filter((name) => name.includes('.')));

/**
 * schema.gql as it is on disk before this file's app starts (a development start regenerates it;
 * this app runs in production mode, which keeps the schema in memory). Another test file may be
 * rewriting it at this moment, so an empty read is retried.
 */
function readSchemaFile(): string {
  const file = path.join(ROOT, 'schema.gql');
  for (let attempt = 0; ; attempt++) {
    const content = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
    if (content.trim() !== '' || attempt >= 20) return content;
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100);
  }
}
const SCHEMA_FILE = readSchemaFile();

function isTypeDefinition(node: DefinitionNode): node is TypeDefinitionNode {
  return [
    Kind.SCALAR_TYPE_DEFINITION,
    Kind.OBJECT_TYPE_DEFINITION,
    Kind.INTERFACE_TYPE_DEFINITION,
    Kind.ENUM_TYPE_DEFINITION,
    Kind.INPUT_OBJECT_TYPE_DEFINITION,
    Kind.UNION_TYPE_DEFINITION,
  ].includes(node.kind);
}

const KIND_OF: Record<string, (type: GraphQLNamedType) => boolean> = {
  [Kind.SCALAR_TYPE_DEFINITION]: isScalarType,
  [Kind.OBJECT_TYPE_DEFINITION]: isObjectType,
  [Kind.INTERFACE_TYPE_DEFINITION]: isInterfaceType,
  [Kind.ENUM_TYPE_DEFINITION]: isEnumType,
  [Kind.INPUT_OBJECT_TYPE_DEFINITION]: isInputObjectType,
};

function requiredWithoutDefault(value: GraphQLArgument | GraphQLInputField): boolean {
  return isNonNullType(value.type) && value.defaultValue === undefined;
}

function checkArguments(where: string, wanted: readonly InputValueDefinitionNode[], actual: readonly GraphQLArgument[]): string[] {
  const problems: string[] = [];
  for (const arg of wanted) {
    const found = actual.find((a) => a.name === arg.name.value);
    if (!found) problems.push(`${where}(${arg.name.value}): missing argument`);
    else if (String(found.type) !== print(arg.type)) problems.push(`${where}(${arg.name.value}): is ${found.type}, contract says ${print(arg.type)}`);
  }
  for (const extra of actual.filter((a) => !wanted.some((w) => w.name.value === a.name))) {
    if (requiredWithoutDefault(extra)) problems.push(`${where}(${extra.name}): an added argument must not be required (${extra.type})`);
  }
  return problems;
}

function checkField(typeName: string, wanted: FieldDefinitionNode, actual: GraphQLField<unknown, unknown> | undefined): string[] {
  const where = `${typeName}.${wanted.name.value}`;
  if (!actual) return [`${where}: missing`];
  const problems: string[] = [];
  if (String(actual.type) !== print(wanted.type)) problems.push(`${where}: is ${actual.type}, contract says ${print(wanted.type)}`);
  problems.push(...checkArguments(where, wanted.arguments ?? [], actual.args));
  return problems;
}

/** Every difference between the contract's definition and the running type; `skipLater` leaves LATER fields out. */
function problemsOf(schema: GraphQLSchema, def: TypeDefinitionNode, skipLater: boolean): string[] {
  const name = def.name.value;
  const type = schema.getType(name);
  if (!type) return [`${name}: missing`];
  if (!KIND_OF[def.kind]?.(type)) return [`${name}: is not a ${def.kind.replace('TypeDefinition', '').toLowerCase()} type`];
  const problems: string[] = [];
  if (def.kind === Kind.ENUM_TYPE_DEFINITION && isEnumType(type)) {
    for (const value of def.values ?? []) if (!type.getValue(value.name.value)) problems.push(`${name}.${value.name.value}: missing enum value`);
  }
  if ((def.kind === Kind.OBJECT_TYPE_DEFINITION || def.kind === Kind.INTERFACE_TYPE_DEFINITION) && (isObjectType(type) || isInterfaceType(type))) {
    const fields = type.getFields();
    for (const field of def.fields ?? []) {
      if (skipLater && laterFields.has(`${name}.${field.name.value}`)) continue;
      problems.push(...checkField(name, field, fields[field.name.value]));
    }
    for (const iface of def.interfaces ?? []) {
      if (!type.getInterfaces().some((i) => i.name === iface.name.value)) problems.push(`${name}: does not implement ${iface.name.value}`);
    }
  }
  if (def.kind === Kind.INPUT_OBJECT_TYPE_DEFINITION && isInputObjectType(type)) {
    const fields = type.getFields();
    for (const field of def.fields ?? []) {
      const found = fields[field.name.value];
      if (!found) problems.push(`${name}.${field.name.value}: missing input field`);
      else if (String(found.type) !== print(field.type)) problems.push(`${name}.${field.name.value}: is ${found.type}, contract says ${print(field.type)}`);
    }
    for (const extra of Object.values(fields).filter((f) => !def.fields?.some((w) => w.name.value === f.name))) {
      if (requiredWithoutDefault(extra)) problems.push(`${name}.${extra.name}: an added input field must not be required (${extra.type})`);
    }
  }
  return problems;
}

/** A contract type whose fields are all LATER need not exist yet. */
function onlyLaterFields(def: TypeDefinitionNode): boolean {
  return (
    (def.kind === Kind.OBJECT_TYPE_DEFINITION || def.kind === Kind.INTERFACE_TYPE_DEFINITION) &&
    (def.fields ?? []).length > 0 &&
    (def.fields ?? []).every((field) => laterFields.has(`${def.name.value}.${field.name.value}`))
  );
}

let t: TestApp;
let schema: GraphQLSchema;

beforeAll(async () => {
  t = await startTestApp({ NODE_ENV: 'production', GRAPHQL_INTROSPECTION: 'true' });
  const res = await t.gql(getIntrospectionQuery({ descriptions: true }), {}, null);
  if (res.errors) throw new Error(`introspection failed: ${JSON.stringify(res.errors)}`);
  schema = buildClientSchema(res.data);
});

afterAll(() => t?.close());

describe('the contract file', () => {
  it('is a verbatim copy of ../shared/design/api-contract.graphql (when that folder is there)', () => {
    const shared = path.resolve(ROOT, '../shared/design/api-contract.graphql');
    const copy = fs.readFileSync(path.join(ROOT, 'test/fixtures/api-contract.graphql'), 'utf8');
    expect(copy).toContain('interface Event {');
    if (fs.existsSync(shared)) expect(copy).toBe(fs.readFileSync(shared, 'utf8'));
  });

  it('names every LATER entry (the list has no typo)', () => {
    const named = new Set<string>();
    for (const def of DEFINITIONS) {
      named.add(def.name.value);
      if ('fields' in def) for (const field of def.fields ?? []) named.add(`${def.name.value}.${field.name.value}`);
    }
    expect(LATER.filter((name) => !named.has(name))).toEqual([]);
  });
});

describe('every definition of the contract (except LATER) is in the running schema', () => {
  const now = DEFINITIONS.filter((def) => !laterTypes.has(def.name.value) && !onlyLaterFields(def));

  it.each(now.map((def) => ({ name: def.name.value, def })))('$name', ({ def }) => {
    expect(problemsOf(schema, def, true)).toEqual([]);
  });
});

describe('each LATER name is absent or matches the contract in full', () => {
  it.each(LATER.filter((name) => !name.includes('.')).map((name) => ({ name })))('type $name', ({ name }) => {
    const def = DEFINITIONS.find((d) => d.name.value === name)!;
    if (schema.getType(name) === undefined) return;
    expect(problemsOf(schema, def, false)).toEqual([]);
  });

  it.each(LATER.filter((name) => name.includes('.')).map((name) => ({ name })))('field $name', ({ name }) => {
    const [typeName, fieldName] = name.split('.');
    const def = DEFINITIONS.find((d) => d.name.value === typeName)!;
    const wanted = (def as { fields?: readonly FieldDefinitionNode[] }).fields!.find((f) => f.name.value === fieldName)!;
    const type = schema.getType(typeName);
    if (!type) return;
    expect(isObjectType(type)).toBe(true);
    const actual = isObjectType(type) ? type.getFields()[fieldName] : undefined;
    if (!actual) return;
    expect(checkField(typeName, wanted, actual)).toEqual([]);
  });
});

describe('the event types', () => {
  it('EventType has the 15 values, and Event exactly the 15 concrete types', () => {
    const eventType = schema.getType('EventType');
    expect(isEnumType(eventType)).toBe(true);
    const values = isEnumType(eventType) ? eventType.getValues().map((v) => v.name).sort() : [];
    expect(values).toEqual(Object.keys(EVENT_OBJECT_TYPES).sort());
    const event = schema.getType('Event');
    expect(isInterfaceType(event)).toBe(true);
    if (!isInterfaceType(event)) return;
    expect(schema.getPossibleTypes(event).map((type) => type.name).sort()).toEqual(Object.values(EVENT_OBJECT_TYPES).sort());
  });

  const eventDef = DEFINITIONS.find((def) => def.name.value === 'Event')!;
  const eventFields = (eventDef as { fields?: readonly FieldDefinitionNode[] }).fields!;

  it.each(Object.entries(EVENT_OBJECT_TYPES).map(([value, name]) => ({ value, name })))('$value → $name implements Event with its fields', ({ name }) => {
    const type = schema.getType(name);
    expect(isObjectType(type)).toBe(true);
    if (!isObjectType(type)) return;
    expect(type.getInterfaces().map((i) => i.name)).toContain('Event');
    const fields = type.getFields();
    expect(eventFields.flatMap((field) => checkField(name, field, fields[field.name.value]))).toEqual([]);
  });
});

describe('schema.gql', () => {
  it('is up to date with the running schema', () => {
    expect(SCHEMA_FILE.trim()).not.toBe('');
    const normalize = (s: GraphQLSchema) => printSchema(lexicographicSortSchema(s));
    expect(normalize(buildSchema(SCHEMA_FILE))).toBe(normalize(schema));
  });

});
