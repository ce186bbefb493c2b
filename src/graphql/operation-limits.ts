/**
 * Limits on what one GraphQL operation may ask for, checked before it runs (HTTP: the Apollo plugin
 * of graphql.module.ts; WebSocket: graphql-ws onSubscribe), each refused with BAD_USER_INPUT and
 * the figure that was too high:
 *
 * - **depth**: fields nested in fields, fragments inlined;
 * - **aliases**: aliases in the operation (each one re-runs a field: `a1: events … a99: events`);
 * - **cost**: an estimate of the values the answer can hold. Each field costs 1 plus what it
 *   selects; a field with `first`/`last` multiplies that by its page size (given, or the default
 *   page size), a list without them by DEFAULT_LIST_SIZE; `edges` and `nodes` of a connection do
 *   not multiply again.
 *
 * Introspection fields (`__schema`, `__type`) are not counted: GraphiQL's own query is deep, and
 * introspection is switched off in production unless GRAPHQL_INTROSPECTION says otherwise.
 */
import {
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  GraphQLError,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  type GraphQLType,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
  getNamedType,
  getNullableType,
  isInterfaceType,
  isListType,
  isObjectType,
  valueFromASTUntyped,
} from 'graphql';
import type { GraphqlLimits } from '../config/app-config.js';
import { DEFAULT_PAGE_SIZE } from '../events/event-query.service.js';

/** What a list without `first`/`last` is assumed to hold. */
export const DEFAULT_LIST_SIZE = 10;

export interface OperationMeasure {
  depth: number;
  aliases: number;
  cost: number;
}

interface Walk {
  fragments: Map<string, FragmentDefinitionNode>;
  variables: Record<string, unknown>;
  schema: GraphQLSchema;
  aliases: number;
}

function pageSize(field: FieldNode, definition: GraphQLField<unknown, unknown> | undefined, variables: Record<string, unknown>): number | null {
  const names = new Set((definition?.args ?? []).map((arg) => arg.name));
  if (!names.has('first') && !names.has('last')) return null;
  let size: number | null = null;
  for (const arg of field.arguments ?? []) {
    if (arg.name.value !== 'first' && arg.name.value !== 'last') continue;
    const value = valueFromASTUntyped(arg.value, variables);
    if (typeof value === 'number' && Number.isFinite(value)) size = Math.max(size ?? 0, value);
  }
  return Math.max(1, size ?? DEFAULT_PAGE_SIZE);
}

function isList(type: GraphQLType | undefined): boolean {
  return type !== undefined && isListType(getNullableType(type));
}

/** Depth and cost of a selection set on `parent`; fragments are followed once per path (cycles stop). */
function measure(selections: SelectionSetNode, parent: GraphQLNamedType | undefined, walk: Walk, seen: Set<string>): { depth: number; cost: number } {
  let depth = 0;
  let cost = 0;
  for (const selection of selections.selections) {
    if (selection.kind === Kind.FIELD) {
      if (selection.alias) walk.aliases++;
      if (selection.name.value.startsWith('__')) continue;
      const fields = parent && (isObjectType(parent) || isInterfaceType(parent)) ? parent.getFields() : undefined;
      const definition = fields?.[selection.name.value];
      const child = selection.selectionSet ? measure(selection.selectionSet, definition ? getNamedType(definition.type) : undefined, walk, seen) : { depth: 0, cost: 0 };
      const page = pageSize(selection, definition, walk.variables);
      const name = selection.name.value;
      const multiplier = page ?? (isList(definition?.type) && name !== 'edges' && name !== 'nodes' ? DEFAULT_LIST_SIZE : 1);
      depth = Math.max(depth, 1 + child.depth);
      cost += multiplier * (1 + child.cost);
    } else {
      let set: SelectionSetNode | undefined;
      let on: GraphQLNamedType | undefined = parent;
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        set = selection.selectionSet;
        if (selection.typeCondition) on = walk.schema.getType(selection.typeCondition.name.value) ?? undefined;
      } else {
        const name = selection.name.value;
        const fragment = walk.fragments.get(name);
        if (!fragment || seen.has(name)) continue;
        set = fragment.selectionSet;
        on = walk.schema.getType(fragment.typeCondition.name.value) ?? undefined;
        seen = new Set(seen).add(name);
      }
      const inner = measure(set, on, walk, seen);
      depth = Math.max(depth, inner.depth);
      cost += inner.cost;
    }
  }
  return { depth, cost };
}

/** Depth, aliases and cost of the operation `operationName` (or the only one) of `document`. */
export function measureOperation(schema: GraphQLSchema, document: DocumentNode, variables: Record<string, unknown> = {}, operationName?: string | null): OperationMeasure | null {
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  const operation = operationName ? operations.find((o) => o.name?.value === operationName) : operations.length === 1 ? operations[0] : undefined;
  if (!operation) return null;
  const fragments = new Map(document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((f) => [f.name.value, f]));
  const root = operation.operation === 'query' ? schema.getQueryType() : operation.operation === 'mutation' ? schema.getMutationType() : schema.getSubscriptionType();
  const walk: Walk = { fragments, variables: variables ?? {}, schema, aliases: 0 };
  const { depth, cost } = measure(operation.selectionSet, root ?? undefined, walk, new Set());
  return { depth, cost, aliases: walk.aliases };
}

/** The limits `measure` exceeds, as errors with BAD_USER_INPUT (empty when within them). */
export function limitErrors(measured: OperationMeasure | null, limits: GraphqlLimits): GraphQLError[] {
  if (!measured) return [];
  const errors: GraphQLError[] = [];
  const refuse = (limit: string, value: number, max: number, message: string) =>
    errors.push(new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', limit, value, max, http: { status: 400 } } }));
  if (measured.depth > limits.maxDepth) {
    refuse('depth', measured.depth, limits.maxDepth, `the operation nests fields ${measured.depth} deep; at most ${limits.maxDepth}: select fewer levels`);
  }
  if (measured.aliases > limits.maxAliases) {
    refuse('aliases', measured.aliases, limits.maxAliases, `the operation has ${measured.aliases} aliases; at most ${limits.maxAliases}: send several requests`);
  }
  if (measured.cost > limits.maxCost) {
    refuse('cost', measured.cost, limits.maxCost, `the operation's estimated cost is ${measured.cost}; at most ${limits.maxCost}: ask for smaller pages (first/last) or fewer nested lists`);
  }
  return errors;
}
