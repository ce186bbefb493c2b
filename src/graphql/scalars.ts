/** The contract's custom scalars: DateTime (ISO-8601, UTC on output), JSON, BigInt (decimal string). */
import { GraphQLScalarType, Kind, type ValueNode } from 'graphql';
import { parseInstant } from '../common/instant.js';

/** A plain error: graphql-js wraps it in a message that names the variable path or the literal's type. */
function invalid(message: string): TypeError {
  return new TypeError(message);
}

function toDate(value: unknown): Date {
  const date = value instanceof Date ? value : parseInstant(value);
  if (!date || Number.isNaN(date.getTime())) {
    throw invalid(`DateTime must be an ISO-8601 date-time such as 2025-03-18T14:00:00Z, got ${JSON.stringify(value)}`);
  }
  return date;
}

export const DateTimeScalar = new GraphQLScalarType<Date, string>({
  name: 'DateTime',
  description:
    'An ISO-8601 instant; output is always UTC (2025-03-18T14:00:00.000Z). Input may be a date (UTC midnight).',
  serialize: (value) => toDate(value).toISOString(),
  parseValue: (value) => toDate(value),
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING) throw invalid('DateTime must be a string');
    return toDate(ast.value);
  },
});

export const BigIntScalar = new GraphQLScalarType<string, string>({
  name: 'BigInt',
  description: 'A 64-bit integer such as a global position, serialized as a decimal string.',
  serialize: (value) => String(value),
  parseValue: (value) => parseBigInt(value),
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING && ast.kind !== Kind.INT)
      throw invalid('BigInt must be a decimal string or an integer');
    return parseBigInt(ast.value);
  },
});

function parseBigInt(value: unknown): string {
  const text = typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : value;
  if (typeof text !== 'string' || !/^\d{1,19}$/.test(text) || BigInt(text) > 9223372036854775807n) {
    throw invalid(`BigInt must be a non-negative 64-bit integer as a decimal string, got ${JSON.stringify(value)}`);
  }
  return BigInt(text).toString();
}

function literalToJson(ast: ValueNode, variables?: Record<string, unknown> | null): unknown {
  switch (ast.kind) {
    case Kind.STRING:
    case Kind.BOOLEAN:
      return ast.value;
    case Kind.INT:
    case Kind.FLOAT:
      return Number(ast.value);
    case Kind.NULL:
      return null;
    case Kind.LIST:
      return ast.values.map((item) => literalToJson(item, variables));
    case Kind.OBJECT:
      return Object.fromEntries(ast.fields.map((field) => [field.name.value, literalToJson(field.value, variables)]));
    case Kind.VARIABLE:
      return variables?.[ast.name.value];
    default:
      throw invalid('JSON literal not supported');
  }
}

export const JsonScalar = new GraphQLScalarType<unknown, unknown>({
  name: 'JSON',
  description: 'Any JSON value (an event payload as the catalogue describes it).',
  serialize: (value) => value,
  parseValue: (value) => value,
  parseLiteral: (ast, variables) => literalToJson(ast, variables),
});
