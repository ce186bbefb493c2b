import { buildSchema, parse } from 'graphql';
import { type FieldCost, batchLimitErrors, limitErrors, measureOperation } from './operation-limits.js';

const schema = buildSchema(`
  type Query { actor(id: ID!): Actor, actors: [Actor!]!, events(first: Int, last: Int): EventConnection!, truces(asOf: String, knownAt: String, first: Int, after: String): [Truce!]!, truce(id: ID!, asOf: String): Truce }
  type Truce { id: ID!, parties: [Actor!]! }
  type Actor { id: ID!, represents: Actor, timeline(first: Int): EventConnection! }
  type EventConnection { edges: [EventEdge!]!, nodes: [Event!]! }
  type EventEdge { node: Event! }
  interface Event { id: ID!, actors: [Actor!]! }
  type Strike implements Event { id: ID!, actors: [Actor!]!, place: String }
`);

// What resolvers declare with @Extensions({ cost }) (field-cost.ts).
const declare = (field: string, cost: FieldCost) =>
  Object.assign(schema.getQueryType()!.getFields()[field], { extensions: { cost } });
declare('truces', { listSize: 100, timeTravel: 5000 });
declare('truce', { timeTravel: 300 });

const measure = (query: string, variables = {}, name?: string) =>
  measureOperation(schema, parse(query), variables, name);

/** `query Q { ...A0 ...B0 }` where each fragment spreads the next two: 2^levels paths. */
function fragmentChain(levels: number): string {
  const fragments = Array.from(
    { length: levels },
    (_, i) =>
      `fragment A${i} on Query { ...A${i + 1} ...B${i + 1} } fragment B${i} on Query { ...A${i + 1} ...B${i + 1} }`,
  );
  return `query Q { ...A0 ...B0 } ${fragments.join(' ')} fragment A${levels} on Query { actors { id } } fragment B${levels} on Query { actor(id: "a") { id } }`;
}

describe('measureOperation', () => {
  it('depth counts nested fields, not fragments', () => {
    expect(measure('{ actor(id: "a") { id } }')?.depth).toBe(2);
    expect(
      measure('{ actor(id: "a") { ...A } } fragment A on Actor { represents { ... on Actor { id } } }')?.depth,
    ).toBe(3);
  });

  it('cost: a page multiplies what it selects, edges and nodes do not multiply again, other lists count ten', () => {
    // events: 20 × (1 + edges (1 + node (1 + id 1)))
    expect(measure('{ events(first: 20) { edges { node { id } } } }')?.cost).toBe(20 * 4);
    // the default page size (50) when first is absent; variables are read
    expect(measure('{ events { nodes { id } } }')?.cost).toBe(50 * 3);
    expect(measure('query($n: Int) { events(last: $n) { nodes { id } } }', { n: 7 })?.cost).toBe(7 * 3);
    // actors: 10 × (1 + id)
    expect(measure('{ actors { id } }')?.cost).toBe(20);
  });

  it('follows inline fragments on interface implementations', () => {
    expect(measure('{ events(first: 2) { nodes { ... on Strike { place actors { id } } } } }')?.cost).toBe(
      2 * (1 + (1 + 1 + 10 * 2)),
    );
  });

  it('counts aliases, also in fragments', () => {
    expect(
      measure('{ a: actor(id: "a") { id } b: actor(id: "b") { ...F } } fragment F on Actor { x: id }')?.aliases,
    ).toBe(3);
  });

  it('ignores introspection, and stops at fragment cycles instead of looping', () => {
    expect(measure('{ __schema { types { fields { type { ofType { ofType { name } } } } } } }')).toEqual({
      depth: 0,
      cost: 0,
      aliases: 0,
      nodes: 0,
    });
    expect(measure('{ actor(id: "a") { ...A } } fragment A on Actor { represents { ...A } }')?.depth).toBe(2);
  });

  it('nodes: the fields once fragments are inlined, each spread counting its fragment again', () => {
    expect(measure('{ actor(id: "a") { id represents { id } } }')?.nodes).toBe(4);
    expect(
      measure('{ a: actor(id: "a") { ...F } b: actor(id: "b") { ...F } } fragment F on Actor { id represents { id } }')
        ?.nodes,
    ).toBe(2 + 2 * 3);
  });

  it('measures each fragment once: a chain of fragment pairs of 2^61 paths is measured at once, its figures doubling per level', () => {
    const started = process.hrtime.bigint();
    const chain = measure(fragmentChain(60))!;
    expect(Number(process.hrtime.bigint() - started) / 1e6).toBeLessThan(200);
    // Each level doubles: 2^61 leaves, half `actors { id }` (2 nodes, cost 20), half `actor { id }` (2 nodes, cost 2).
    expect(chain.nodes).toBe(2 ** 61 * 2);
    expect(chain.cost).toBe(2 ** 60 * 20 + 2 ** 60 * 2);
    expect(chain.depth).toBe(2);
    expect(measure(fragmentChain(3))).toEqual({ depth: 2, aliases: 0, nodes: 32, cost: 8 * 20 + 8 * 2 });
  });

  it('a declared list size replaces ten; asking about another moment adds the declared replay', () => {
    expect(measure('{ truces { id } }')?.cost).toBe(100 * 2);
    expect(measure('{ truces(asOf: "2025-03-18") { id } }')?.cost).toBe(100 * 2 + 5000);
    expect(measure('query($k: String) { truces(knownAt: $k) { id } }', { k: '2025-03-18' })?.cost).toBe(100 * 2 + 5000);
    // A variable left null asks about now: no replay.
    expect(measure('query($k: String) { truces(knownAt: $k) { id } }', { k: null })?.cost).toBe(100 * 2);
    expect(measure('{ truce(id: "x", asOf: "2025-03-18") { id parties { id } } }')?.cost).toBe(1 + 1 + 10 * 2 + 300);
  });

  it('a list that pages on request costs its page when given first, its declared size without', () => {
    expect(measure('{ truces(first: 7) { id } }')?.cost).toBe(7 * 2);
    expect(measure('query($n: Int) { truces(first: $n, after: "t-1") { id } }', { n: 3 })?.cost).toBe(3 * 2);
    expect(measure('query($n: Int) { truces(first: $n) { id } }', { n: null })?.cost).toBe(100 * 2);
    expect(measure('{ truces(first: 7, asOf: "2025-03-18") { id } }')?.cost).toBe(7 * 2 + 5000);
  });

  it('picks the named operation, and answers null when it cannot tell which', () => {
    const doc = 'query A { actors { id } } query B { actor(id: "a") { id } }';
    expect(measure(doc, {}, 'B')?.cost).toBe(2);
    expect(measure(doc)).toBeNull();
  });
});

describe('limitErrors', () => {
  const limits = { maxDepth: 3, maxCost: 100, maxAliases: 1, maxNodes: 50, maxBatch: 1 };

  it('names each limit exceeded with its figures', () => {
    const errors = limitErrors({ depth: 4, cost: 101, aliases: 2, nodes: 51 }, limits);
    expect(errors.map((e) => e.extensions)).toEqual([
      expect.objectContaining({ code: 'BAD_USER_INPUT', limit: 'depth', value: 4, max: 3 }),
      expect.objectContaining({ code: 'BAD_USER_INPUT', limit: 'aliases', value: 2, max: 1 }),
      expect.objectContaining({ code: 'BAD_USER_INPUT', limit: 'nodes', value: 51, max: 50 }),
      expect.objectContaining({ code: 'BAD_USER_INPUT', limit: 'cost', value: 101, max: 100 }),
    ]);
  });

  it('nothing at the limits', () => {
    expect(limitErrors({ depth: 3, cost: 100, aliases: 1, nodes: 50 }, limits)).toEqual([]);
    expect(limitErrors(null, limits)).toEqual([]);
  });

  it('figures beyond 2^53 are said as the largest safe integer', () => {
    const [error] = limitErrors({ depth: 1, cost: 2 ** 80, aliases: 0, nodes: 1 }, limits);
    expect(error.extensions).toMatchObject({ limit: 'cost', value: Number.MAX_SAFE_INTEGER });
  });
});

describe('batchLimitErrors', () => {
  const limits = { maxDepth: 3, maxCost: 100, maxAliases: 1, maxNodes: 50, maxBatch: 10 };
  const op = (cost: number, nodes = 1) => ({ depth: 1, aliases: 0, cost, nodes });

  it('adds up the costs and nodes of a batch: each within the limits, the sum over them', () => {
    expect(batchLimitErrors([op(50), op(50)], limits)).toEqual([]);
    expect(batchLimitErrors([op(50), op(50), op(1, 49)], limits).map((e) => e.extensions)).toEqual([
      expect.objectContaining({ code: 'BAD_USER_INPUT', limit: 'nodes', value: 51, max: 50 }),
      expect.objectContaining({ code: 'BAD_USER_INPUT', limit: 'cost', value: 101, max: 100 }),
    ]);
    expect(batchLimitErrors([null, op(3)], limits)).toEqual([]);
  });
});
