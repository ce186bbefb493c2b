/**
 * Limits on what one GraphQL operation may ask for, checked before any other work on it (HTTP: the
 * gate of operation-limits.plugin.ts, before Apollo validates; WebSocket: graphql-ws onSubscribe),
 * each refused with BAD_USER_INPUT, the `limit` and the figure that was too high:
 *
 * - **depth**: fields nested in fields, fragments inlined;
 * - **aliases**: aliases in the operation (each one re-runs a field: `a1: events … a99: events`);
 * - **nodes**: fields in the operation once every fragment is inlined (what validation and
 *   execution walk; a chain of fragments each spreading two others doubles it at every level);
 * - **cost**: an estimate of the work and of the values the answer can hold. Each field costs 1
 *   plus what it selects; a field with `first`/`last` multiplies that by its page size (given, or
 *   else its declared size for a list that is unpaged without them, or the default page size), a
 *   list without them by its declared size (`FieldCost.listSize`, else DEFAULT_LIST_SIZE); `edges` and `nodes` of a connection do not multiply again. A field that
 *   recomputes a read model from the log when asked about another moment (`asOf`, `knownAt`) adds
 *   its `FieldCost.timeTravel`, and one that always scans the log its `FieldCost.base`.
 *
 * Each named fragment is measured once, however often it is spread, so the walk is linear in the
 * document. Introspection fields (`__schema`, `__type`) are not counted: GraphiQL's own query is
 * deep, and introspection is switched off in production unless GRAPHQL_INTROSPECTION says otherwise.
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
  OperationTypeNode,
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

/** What a list without `first`/`last` and without a declared size is assumed to hold. */
export const DEFAULT_LIST_SIZE = 10;

/** What a field costs beyond the default rule, declared on it with `@Extensions({ cost })` (field-cost.ts). */
export interface FieldCost {
  /** The rows an unpaged list is expected to hold. */
  listSize?: number;
  /** Added whenever the field is asked for: work that does not depend on what it selects (a scan of the log). */
  base?: number;
  /** Added when the field is asked about another moment or record (`asOf` / `knownAt` given): a replay of the log. */
  timeTravel?: number;
}

/** The arguments that make a read model be recomputed from the log. */
const TIME_TRAVEL_ARGS = new Set(['asOf', 'knownAt']);

export interface OperationMeasure {
  depth: number;
  aliases: number;
  cost: number;
  nodes: number;
}

const NOTHING: OperationMeasure = { depth: 0, aliases: 0, cost: 0, nodes: 0 };

function isList(type: GraphQLType | undefined): boolean {
  return type !== undefined && isListType(getNullableType(type));
}

function fieldCost(definition: GraphQLField<unknown, unknown> | undefined): FieldCost | undefined {
  return definition?.extensions?.cost as FieldCost | undefined;
}

/** One walk over an operation: each named fragment is measured once and remembered. */
class Walk {
  private readonly measured = new Map<string, OperationMeasure>();
  private readonly measuring = new Set<string>();

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly fragments: Map<string, FragmentDefinitionNode>,
    private readonly variables: Record<string, unknown>,
  ) {}

  selectionSet(selections: SelectionSetNode, parent: GraphQLNamedType | undefined): OperationMeasure {
    const total = { ...NOTHING };
    const add = (part: OperationMeasure) => {
      total.depth = Math.max(total.depth, part.depth);
      total.aliases += part.aliases;
      total.cost += part.cost;
      total.nodes += part.nodes;
    };
    for (const selection of selections.selections) {
      if (selection.kind === Kind.FIELD) add(this.field(selection, parent));
      else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const on = selection.typeCondition
          ? (this.schema.getType(selection.typeCondition.name.value) ?? undefined)
          : parent;
        add(this.selectionSet(selection.selectionSet, on));
      } else add(this.fragment(selection.name.value));
    }
    return total;
  }

  /** A named fragment's measure, computed on first use; a fragment spread inside itself counts nothing (validation refuses the cycle). */
  private fragment(name: string): OperationMeasure {
    const known = this.measured.get(name);
    if (known) return known;
    const fragment = this.fragments.get(name);
    if (!fragment || this.measuring.has(name)) return NOTHING;
    this.measuring.add(name);
    const measure = this.selectionSet(
      fragment.selectionSet,
      this.schema.getType(fragment.typeCondition.name.value) ?? undefined,
    );
    this.measuring.delete(name);
    this.measured.set(name, measure);
    return measure;
  }

  private field(selection: FieldNode, parent: GraphQLNamedType | undefined): OperationMeasure {
    const aliases = selection.alias ? 1 : 0;
    const name = selection.name.value;
    if (name.startsWith('__')) return { ...NOTHING, aliases };
    const fields = parent && (isObjectType(parent) || isInterfaceType(parent)) ? parent.getFields() : undefined;
    const definition = fields?.[name];
    const child = selection.selectionSet
      ? this.selectionSet(selection.selectionSet, definition ? getNamedType(definition.type) : undefined)
      : NOTHING;
    const declared = fieldCost(definition);
    const page = this.pageSize(selection, definition, declared);
    const listed = isList(definition?.type) && name !== 'edges' && name !== 'nodes';
    const multiplier = page ?? (listed ? (declared?.listSize ?? DEFAULT_LIST_SIZE) : 1);
    const replay = declared?.timeTravel && this.asksAnotherMoment(selection) ? declared.timeTravel : 0;
    return {
      depth: 1 + child.depth,
      aliases: aliases + child.aliases,
      cost: multiplier * (1 + child.cost) + (declared?.base ?? 0) + replay,
      nodes: 1 + child.nodes,
    };
  }

  /** The page size `first`/`last` ask for; when neither is given, the list's declared size (unpaged lists that page on request), else the default page. */
  private pageSize(
    field: FieldNode,
    definition: GraphQLField<unknown, unknown> | undefined,
    declared: FieldCost | undefined,
  ): number | null {
    if (!definition?.args.some((arg) => arg.name === 'first' || arg.name === 'last')) return null;
    let size: number | null = null;
    for (const arg of field.arguments ?? []) {
      if (arg.name.value !== 'first' && arg.name.value !== 'last') continue;
      const value = valueFromASTUntyped(arg.value, this.variables);
      if (typeof value === 'number' && Number.isFinite(value)) size = Math.max(size ?? 0, value);
    }
    return Math.max(1, size ?? declared?.listSize ?? DEFAULT_PAGE_SIZE);
  }

  private asksAnotherMoment(field: FieldNode): boolean {
    return (field.arguments ?? []).some(
      (arg) => TIME_TRAVEL_ARGS.has(arg.name.value) && valueFromASTUntyped(arg.value, this.variables) != null,
    );
  }
}

/** Depth, aliases, nodes and cost of the operation `operationName` (or the only one) of `document`. */
export function measureOperation(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown> = {},
  operationName?: string | null,
): OperationMeasure | null {
  const operations = document.definitions.filter(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  );
  const operation = operationName
    ? operations.find((o) => o.name?.value === operationName)
    : operations.length === 1
      ? operations[0]
      : undefined;
  if (!operation) return null;
  const fragments = new Map(
    document.definitions
      .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
      .map((f) => [f.name.value, f]),
  );
  const root =
    operation.operation === OperationTypeNode.QUERY
      ? schema.getQueryType()
      : operation.operation === OperationTypeNode.MUTATION
        ? schema.getMutationType()
        : schema.getSubscriptionType();
  return new Walk(schema, fragments, variables ?? {}).selectionSet(operation.selectionSet, root ?? undefined);
}

function refusal(limit: string, value: number, max: number, message: string): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code: 'BAD_USER_INPUT', limit, value, max, http: { status: 400 } },
  });
}

/** Large figures (a doubling fragment chain reaches 2^n) are said as such, not as 1e+300. */
function figure(value: number): number {
  return Number.isFinite(value) && value <= Number.MAX_SAFE_INTEGER ? value : Number.MAX_SAFE_INTEGER;
}

/** The limits `measured` exceeds, as errors with BAD_USER_INPUT (empty when within them). */
export function limitErrors(measured: OperationMeasure | null, limits: GraphqlLimits): GraphQLError[] {
  if (!measured) return [];
  const errors: GraphQLError[] = [];
  const { depth, aliases, nodes, cost } = {
    depth: figure(measured.depth),
    aliases: figure(measured.aliases),
    nodes: figure(measured.nodes),
    cost: figure(measured.cost),
  };
  if (depth > limits.maxDepth) {
    errors.push(
      refusal(
        'depth',
        depth,
        limits.maxDepth,
        `the operation nests fields ${depth} deep; at most ${limits.maxDepth}: select fewer levels`,
      ),
    );
  }
  if (aliases > limits.maxAliases) {
    errors.push(
      refusal(
        'aliases',
        aliases,
        limits.maxAliases,
        `the operation has ${aliases} aliases; at most ${limits.maxAliases}: send several requests`,
      ),
    );
  }
  if (nodes > limits.maxNodes) {
    errors.push(
      refusal(
        'nodes',
        nodes,
        limits.maxNodes,
        `the operation selects ${nodes} fields once its fragments are inlined; at most ${limits.maxNodes}: select fewer fields, or spread each fragment fewer times`,
      ),
    );
  }
  if (cost > limits.maxCost) {
    errors.push(
      refusal(
        'cost',
        cost,
        limits.maxCost,
        `the operation's estimated cost is ${cost}; at most ${limits.maxCost}: ask for smaller pages (first/last), fewer nested lists or fewer asOf/knownAt read models`,
      ),
    );
  }
  return errors;
}

/**
 * The limits a batch exceeds as a whole: its operations' costs and nodes are added up, so that ten
 * operations of the largest allowed cost do not pass where one operation ten times as large would not.
 */
export function batchLimitErrors(measures: Array<OperationMeasure | null>, limits: GraphqlLimits): GraphQLError[] {
  const cost = figure(measures.reduce((sum, m) => sum + (m?.cost ?? 0), 0));
  const nodes = figure(measures.reduce((sum, m) => sum + (m?.nodes ?? 0), 0));
  const errors: GraphQLError[] = [];
  if (nodes > limits.maxNodes) {
    errors.push(
      refusal(
        'nodes',
        nodes,
        limits.maxNodes,
        `the batch selects ${nodes} fields once fragments are inlined; at most ${limits.maxNodes}: send several requests`,
      ),
    );
  }
  if (cost > limits.maxCost) {
    errors.push(
      refusal(
        'cost',
        cost,
        limits.maxCost,
        `the batch's estimated cost is ${cost}; at most ${limits.maxCost}: send several requests, or ask for less in each`,
      ),
    );
  }
  return errors;
}
