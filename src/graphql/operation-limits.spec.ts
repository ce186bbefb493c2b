import { buildSchema, parse } from 'graphql';
import { limitErrors, measureOperation } from './operation-limits.js';

const schema = buildSchema(`
  type Query { actor(id: ID!): Actor, actors: [Actor!]!, events(first: Int, last: Int): EventConnection! }
  type Actor { id: ID!, represents: Actor, timeline(first: Int): EventConnection! }
  type EventConnection { edges: [EventEdge!]!, nodes: [Event!]! }
  type EventEdge { node: Event! }
  interface Event { id: ID!, actors: [Actor!]! }
  type Strike implements Event { id: ID!, actors: [Actor!]!, place: String }
`);

const measure = (query: string, variables = {}, name?: string) => measureOperation(schema, parse(query), variables, name);

describe('measureOperation', () => {
  it('depth counts nested fields, not fragments', () => {
    expect(measure('{ actor(id: "a") { id } }')?.depth).toBe(2);
    expect(measure('{ actor(id: "a") { ...A } } fragment A on Actor { represents { ... on Actor { id } } }')?.depth).toBe(3);
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
    expect(measure('{ events(first: 2) { nodes { ... on Strike { place actors { id } } } } }')?.cost).toBe(2 * (1 + (1 + 1 + 10 * 2)));
  });

  it('counts aliases, also in fragments', () => {
    expect(measure('{ a: actor(id: "a") { id } b: actor(id: "b") { ...F } } fragment F on Actor { x: id }')?.aliases).toBe(3);
  });

  it('ignores introspection, and stops at fragment cycles instead of looping', () => {
    expect(measure('{ __schema { types { fields { type { ofType { ofType { name } } } } } } }')).toEqual({ depth: 0, cost: 0, aliases: 0 });
    expect(measure('{ actor(id: "a") { ...A } } fragment A on Actor { represents { ...A } }')?.depth).toBe(2);
  });

  it('picks the named operation, and answers null when it cannot tell which', () => {
    const doc = 'query A { actors { id } } query B { actor(id: "a") { id } }';
    expect(measure(doc, {}, 'B')?.cost).toBe(2);
    expect(measure(doc)).toBeNull();
  });
});

describe('limitErrors', () => {
  const limits = { maxDepth: 3, maxCost: 100, maxAliases: 1, maxBatch: 1 };

  it('names each limit exceeded with its figures', () => {
    const errors = limitErrors({ depth: 4, cost: 101, aliases: 2 }, limits);
    expect(errors.map((e) => e.extensions)).toEqual([
      expect.objectContaining({ code: 'BAD_USER_INPUT', limit: 'depth', value: 4, max: 3 }),
      expect.objectContaining({ code: 'BAD_USER_INPUT', limit: 'aliases', value: 2, max: 1 }),
      expect.objectContaining({ code: 'BAD_USER_INPUT', limit: 'cost', value: 101, max: 100 }),
    ]);
  });

  it('nothing at the limits', () => {
    expect(limitErrors({ depth: 3, cost: 100, aliases: 1 }, limits)).toEqual([]);
    expect(limitErrors(null, limits)).toEqual([]);
  });
});
