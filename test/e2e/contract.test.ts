/**
 * The running schema against the public contract (docs/api-contract.graphql, the names clients code
 * against): every scalar, enum value, type, field, argument,
 * input field and interface implementation the contract names exists with the same type
 * (nullability and list shape). Additions are allowed, but no added argument or input field may be
 * required (that would break clients written against the contract). Also: schema.gql at the repo
 * root is the running schema.
 */
import fs from 'node:fs';
import path from 'node:path';
import {
  type GraphQLArgument,
  type GraphQLEnumType,
  type GraphQLField,
  type GraphQLInputField,
  type GraphQLInterfaceType,
  type GraphQLNamedType,
  type GraphQLSchema,
  buildClientSchema,
  buildSchema,
  getIntrospectionQuery,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isNonNullType,
  isObjectType,
  isScalarType,
  isSpecifiedScalarType,
  lexicographicSortSchema,
  printSchema,
} from 'graphql';
import { type TestApp, startTestApp } from '../support/test-app.js';

const ROOT = process.cwd();

/**
 * What belongs to a later issue: each name here may be absent; when present it must match the
 * contract in full. Type names cover the whole type; `Type.field` covers one field; `Enum.VALUE`
 * one enum value. The contract's `extend` blocks are merged into their types first, so a field
 * added by an extension is checked like any other.
 */
const LATER: readonly string[] = []; // none left: the whole contract runs

/** The concrete event types, by EventType value (the later ones may be absent). */
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
  CONDITIONS_MET: 'ConditionsMet',
  IMPLEMENTATION_REPORTED: 'ImplementationReported',
  PLEDGE_FULFILLED: 'PledgeFulfilled',
};

const CONTRACT_TEXT = fs.readFileSync(path.join(ROOT, 'docs/api-contract.graphql'), 'utf8');
/** The contract as a schema: its `extend` blocks merged into the types they extend. */
const CONTRACT = buildSchema(CONTRACT_TEXT);
const DEFINITIONS = Object.values(CONTRACT.getTypeMap()).filter(
  (type) => !type.name.startsWith('__') && !isSpecifiedScalarType(type),
);
const later = new Set<string>(LATER);

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

function kindOf(type: GraphQLNamedType): string {
  if (isScalarType(type)) return 'scalar';
  if (isObjectType(type)) return 'object';
  if (isInterfaceType(type)) return 'interface';
  if (isEnumType(type)) return 'enum';
  if (isInputObjectType(type)) return 'input';
  return 'union';
}

function requiredWithoutDefault(value: GraphQLArgument | GraphQLInputField): boolean {
  return isNonNullType(value.type) && value.defaultValue === undefined;
}

function checkArguments(
  where: string,
  wanted: readonly GraphQLArgument[],
  actual: readonly GraphQLArgument[],
): string[] {
  const problems: string[] = [];
  for (const arg of wanted) {
    const found = actual.find((a) => a.name === arg.name);
    if (!found) problems.push(`${where}(${arg.name}): missing argument`);
    else if (String(found.type) !== String(arg.type))
      problems.push(`${where}(${arg.name}): is ${found.type}, contract says ${arg.type}`);
  }
  for (const extra of actual.filter((a) => !wanted.some((w) => w.name === a.name))) {
    if (requiredWithoutDefault(extra))
      problems.push(`${where}(${extra.name}): an added argument must not be required (${extra.type})`);
  }
  return problems;
}

function checkField(
  typeName: string,
  wanted: GraphQLField<unknown, unknown>,
  actual: GraphQLField<unknown, unknown> | undefined,
): string[] {
  const where = `${typeName}.${wanted.name}`;
  if (!actual) return [`${where}: missing`];
  const problems: string[] = [];
  if (String(actual.type) !== String(wanted.type))
    problems.push(`${where}: is ${actual.type}, contract says ${wanted.type}`);
  problems.push(...checkArguments(where, wanted.args, actual.args));
  return problems;
}

/** Every difference between the contract's type and the running one; `skipLater` leaves LATER fields and values out. */
function problemsOf(schema: GraphQLSchema, def: GraphQLNamedType, skipLater: boolean): string[] {
  const name = def.name;
  const type = schema.getType(name);
  if (!type) return [`${name}: missing`];
  if (kindOf(type) !== kindOf(def)) return [`${name}: is not a ${kindOf(def)} type`];
  const skip = (member: string) => skipLater && later.has(`${name}.${member}`);
  const problems: string[] = [];
  if (isEnumType(def) && isEnumType(type)) {
    for (const value of def.getValues())
      if (!skip(value.name) && !type.getValue(value.name)) problems.push(`${name}.${value.name}: missing enum value`);
  }
  if ((isObjectType(def) || isInterfaceType(def)) && (isObjectType(type) || isInterfaceType(type))) {
    const fields = type.getFields();
    for (const field of Object.values(def.getFields())) {
      if (skip(field.name)) continue;
      problems.push(...checkField(name, field, fields[field.name]));
    }
    for (const iface of def.getInterfaces()) {
      if (!type.getInterfaces().some((i) => i.name === iface.name))
        problems.push(`${name}: does not implement ${iface.name}`);
    }
  }
  if (isInputObjectType(def) && isInputObjectType(type)) {
    const fields = type.getFields();
    for (const field of Object.values(def.getFields())) {
      if (skip(field.name)) continue;
      const found = fields[field.name];
      if (!found) problems.push(`${name}.${field.name}: missing input field`);
      else if (String(found.type) !== String(field.type))
        problems.push(`${name}.${field.name}: is ${found.type}, contract says ${field.type}`);
    }
    for (const extra of Object.values(fields).filter((f) => !def.getFields()[f.name])) {
      if (requiredWithoutDefault(extra))
        problems.push(`${name}.${extra.name}: an added input field must not be required (${extra.type})`);
    }
  }
  return problems;
}

/** The names of a contract type's members: fields or enum values. */
function membersOf(def: GraphQLNamedType): string[] {
  if (isEnumType(def)) return def.getValues().map((value) => value.name);
  if (isObjectType(def) || isInterfaceType(def) || isInputObjectType(def)) return Object.keys(def.getFields());
  return [];
}

/** A contract type whose members are all LATER need not exist yet. */
function onlyLaterMembers(def: GraphQLNamedType): boolean {
  const members = membersOf(def);
  return members.length > 0 && members.every((member) => later.has(`${def.name}.${member}`));
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
  it('is the contract, with its first-edition core (the Event interface and the queries of the log)', () => {
    expect(CONTRACT_TEXT).toContain('interface Event {');
    expect(CONTRACT_TEXT).toContain('events(filter: EventFilter');
  });
});

describe('every definition of the contract (except LATER) is in the running schema', () => {
  const now = DEFINITIONS.filter((def) => !later.has(def.name) && !onlyLaterMembers(def));

  it.each(now.map((def) => ({ name: def.name, def })))('$name', ({ def }) => {
    expect(problemsOf(schema, def, true)).toEqual([]);
  });
});

describe('the event types', () => {
  it('EventType has the contract values (the later ones may be missing), and Event one concrete type for each', () => {
    const eventType = schema.getType('EventType');
    expect(isEnumType(eventType)).toBe(true);
    const values = isEnumType(eventType)
      ? eventType
          .getValues()
          .map((v) => v.name)
          .sort()
      : [];
    const contractValues = (CONTRACT.getType('EventType') as GraphQLEnumType).getValues().map((v) => v.name);
    expect(contractValues.sort()).toEqual(Object.keys(EVENT_OBJECT_TYPES).sort());
    expect(values.filter((v) => !contractValues.includes(v))).toEqual([]);
    expect(contractValues.filter((v) => !values.includes(v) && !later.has(`EventType.${v}`))).toEqual([]);
    const event = schema.getType('Event');
    expect(isInterfaceType(event)).toBe(true);
    if (!isInterfaceType(event)) return;
    expect(
      schema
        .getPossibleTypes(event)
        .map((type) => type.name)
        .sort(),
    ).toEqual(values.map((v) => EVENT_OBJECT_TYPES[v]).sort());
  });

  const eventFields = Object.values((CONTRACT.getType('Event') as GraphQLInterfaceType).getFields()).filter(
    (field) => !later.has(`Event.${field.name}`),
  );

  it.each(Object.entries(EVENT_OBJECT_TYPES).map(([value, name]) => ({ value, name })))(
    '$value → $name implements Event with its fields',
    ({ value, name }) => {
      const type = schema.getType(name);
      if (!type && later.has(`EventType.${value}`)) return;
      expect(isObjectType(type)).toBe(true);
      if (!isObjectType(type)) return;
      expect(type.getInterfaces().map((i) => i.name)).toContain('Event');
      const fields = type.getFields();
      expect(eventFields.flatMap((field) => checkField(name, field, fields[field.name]))).toEqual([]);
    },
  );
});

describe('schema.gql', () => {
  it('is up to date with the running schema', () => {
    expect(SCHEMA_FILE.trim()).not.toBe('');
    const normalize = (s: GraphQLSchema) => printSchema(lexicographicSortSchema(s));
    expect(normalize(buildSchema(SCHEMA_FILE))).toBe(normalize(schema));
  });
});
