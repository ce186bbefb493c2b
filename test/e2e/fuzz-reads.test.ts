/**
 * Property-based fuzzing (fast-check) of what a client reads with: events(filter) with random
 * filters, orderings and page sizes; random `after` / `before` cursors (junk, base64 of junk, real
 * cursors altered); the read models and look-ups with random arguments; and random export query
 * strings. Promises tried: never a 500 nor an INTERNAL_SERVER_ERROR, every refusal has a code and a
 * message naming the argument, nothing changes (log, actors, keys, read-model rows and checkpoints
 * are compared before and after each property), and good input answers correctly (the control:
 * pages hold only what the filter asks for, a real cursor pages on, the seeded read models keep
 * their states, an export's file name and header cannot be steered).
 *
 * Seeds are fixed (FUZZ_SEED, FUZZ_RUNS_FACTOR and FUZZ_SHRINK as in fuzz.test.ts).
 */
import fc from 'fast-check';
import type pg from 'pg';
import type { TestApp } from '../support/test-app.js';
import { CAST } from '../support/fixtures.js';
import {
  type RawResponse,
  type Snapshot,
  badErrorResponse,
  fuzzParams,
  graphql,
  injection,
  junkString,
  post,
  type SeededApp,
  snapshot,
  startSeededApp,
  toJson,
} from '../support/arbitraries.js';

const ORDERS = ['POSITION_ASC', 'POSITION_DESC', 'OCCURRED_ASC', 'OCCURRED_DESC'] as const;
const TYPES = [
  'CALL_HELD',
  'STATEMENT_MADE',
  'PROPOSAL_MADE',
  'PROPOSAL_ACCEPTED',
  'PLEDGE_MADE',
  'STRIKE_REPORTED',
  'EVENT_CORRECTED',
  'EVENT_RETRACTED',
  'AGREEMENT_REACHED',
];
const ACTOR_IDS = CAST.map((a) => a.id);

let t: TestApp;
let db: pg.Client;
let initial: Snapshot;
/** A real cursor of each ordering: the end of a first page of 3. */
const cursors: Record<string, string> = {};

let app: SeededApp | undefined;

beforeAll(async () => {
  app = await startSeededApp();
  ({ t, db } = app);
  for (const order of ORDERS) {
    const res = await t.gql(
      `query($o: EventOrder) { events(orderBy: $o, first: 3) { pageInfo { endCursor } } }`,
      { o: order },
      null,
    );
    cursors[order] = res.data.events.pageInfo.endCursor;
  }
  initial = await snapshot(db);
});

afterAll(() => app?.close());

/** Reads change nothing: checked after each property against the state after seeding. */
afterEach(async () => {
  expect(await snapshot(db)).toEqual(initial);
});

/** A GraphQL answer that is either data without errors or a clean refusal; returns the data (null when refused). */
function dataOrRefusal(res: RawResponse, what: unknown): Record<string, any> | null {
  if (res.status === 200 && res.body?.data && !res.body.errors) return res.body.data;
  expect({ what, problem: badErrorResponse(res) }).toEqual({ what, problem: null });
  return null;
}

// ---------------------------------------------------------------------------------------------
// Arbitrary argument values: mostly good, often junk of the wrong type or shape

const validDate = () =>
  fc.oneof(
    fc
      .date({ min: new Date('2025-01-01T00:00:00Z'), max: new Date('2025-06-01T00:00:00Z'), noInvalidDate: true })
      .map((d) => d.toISOString()),
    fc.constantFrom(
      '2025-03-18',
      '2025-03-18T16:00+03:00',
      '0001-01-01',
      '0000-01-01',
      '9999-12-31T23:59:59-23:59',
      '2024-02-29',
    ),
  );
const badDate = () =>
  fc.oneof(
    fc.constantFrom<unknown>(
      '',
      'yesterday',
      '2025-02-30',
      '2025-03-18T25:00Z',
      '18/03/2025',
      1742306400,
      true,
      [],
      {},
      '+010000-01-01T00:00:00Z',
    ),
    injection(),
  );
const date = () => fc.oneof({ weight: 3, arbitrary: validDate() }, { weight: 1, arbitrary: badDate() });
const wrongType = () => fc.constantFrom<unknown>(12, 1.5, true, {}, [], [[1]], { $ne: null });
const some = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined, freq: 3 });
/** A list around its maximum `max`: at it, just over it, or thousands over (refused with its path, never worked through). */
const longList = <T>(item: fc.Arbitrary<T>, max: number) =>
  fc
    .oneof(fc.constantFrom(max, max + 1, 70_000), fc.integer({ min: max - 2, max: 3 * max }))
    .chain((n) => fc.array(item, { minLength: n, maxLength: n })) as fc.Arbitrary<unknown>;

const filterArb = () =>
  fc
    .tuple(
      fc.record(
        {
          types: fc.oneof(
            fc.uniqueArray(fc.constantFrom(...TYPES), { maxLength: 3 }) as fc.Arbitrary<unknown>,
            fc.array(fc.oneof(fc.constantFrom(...TYPES), junkString()), { maxLength: 2 }),
            wrongType(),
            longList(fc.constantFrom(...TYPES), 50),
          ),
          actorIds: fc.oneof(
            fc.uniqueArray(fc.constantFrom(...ACTOR_IDS), { minLength: 1, maxLength: 3 }) as fc.Arbitrary<unknown>,
            fc.array(fc.oneof(fc.constantFrom(...ACTOR_IDS), junkString()), { maxLength: 3 }),
            wrongType(),
            longList(fc.constantFrom(...ACTOR_IDS), 100),
          ),
          streamId: fc.oneof(
            fc.constantFrom<unknown>('proposal-30-day-ceasefire', 'strike-sloviansk', 'no-such-stream'),
            junkString(),
            wrongType(),
          ),
          occurredFrom: date(),
          occurredTo: date(),
          knownAt: date(),
          text: fc.oneof(
            fc.constantFrom<unknown>('halt', 'ceasefire OR energy', '"halt order"', '-energy', 'strikes'),
            junkString(),
            wrongType(),
          ),
          includeRetracted: fc.oneof(fc.boolean() as fc.Arbitrary<unknown>, fc.constantFrom<unknown>('true', 1, null)),
          colour: fc.constant<unknown>('blue'),
        },
        { requiredKeys: [] },
      ),
      fc.integer({ min: 0, max: 9 }),
    )
    .map(([f, keep]) => (keep > 0 ? (({ colour: _c, ...rest }) => rest)(f) : f));

const pageArgs = () =>
  fc.record(
    {
      orderBy: fc.oneof(fc.constantFrom<unknown>(...ORDERS), fc.constantFrom<unknown>('RANDOM', 'position_asc', '', 3)),
      first: fc.oneof(
        fc.integer({ min: 0, max: 20 }) as fc.Arbitrary<unknown>,
        fc.constantFrom<unknown>(-1, 501, 2 ** 31, -(2 ** 31) - 1, 1.5, '10', null),
      ),
      last: fc.oneof(fc.integer({ min: 0, max: 20 }) as fc.Arbitrary<unknown>, fc.constantFrom<unknown>(-1, 501, '3')),
    },
    { requiredKeys: [] },
  );

const EVENTS_QUERY = `query($filter: EventFilter, $orderBy: EventOrder, $first: Int, $last: Int, $after: String, $before: String) {
  events(filter: $filter, orderBy: $orderBy, first: $first, last: $last, after: $after, before: $before) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node { id type streamId occurredAt position actors { id } } }
  }
}`;

type Node = { id: string; type: string; streamId: string; occurredAt: string; position: string };

describe('events(filter, orderBy, first, last)', () => {
  it('answers any filter with a page that holds only what it asks for, or a refusal naming the argument', async () => {
    await fc.assert(
      fc.asyncProperty(fc.option(filterArb(), { nil: undefined, freq: 8 }), pageArgs(), async (filter, page) => {
        const variables = { filter, ...page };
        const res = await graphql(t.url, EVENTS_QUERY, variables, null);
        const data = dataOrRefusal(res, variables);
        if (!data) return;
        // The control: what came back matches the filter, the page size and the ordering.
        const { edges, totalCount } = data.events as { edges: Array<{ node: Node }>; totalCount: number };
        const size = (page.first ?? page.last ?? 50) as number;
        expect(edges.length).toBeLessThanOrEqual(size);
        expect(totalCount).toBeGreaterThanOrEqual(edges.length);
        const f = (filter ?? {}) as Record<string, unknown>;
        for (const { node } of edges) {
          if (Array.isArray(f.types) && f.types.length > 0) expect(f.types).toContain(node.type);
          if (typeof f.streamId === 'string') expect(node.streamId).toBe(f.streamId);
          if (typeof f.occurredFrom === 'string')
            expect(Date.parse(node.occurredAt)).toBeGreaterThanOrEqual(new Date(f.occurredFrom).getTime() || -Infinity);
        }
        const positions = edges.map((e) => BigInt(e.node.position));
        const order = (page.orderBy ?? 'POSITION_ASC') as string;
        if (order === 'POSITION_ASC') expect(positions).toEqual([...positions].sort((a, b) => (a < b ? -1 : 1)));
        if (order === 'POSITION_DESC') expect(positions).toEqual([...positions].sort((a, b) => (a < b ? 1 : -1)));
      }),
      fuzzParams(9101, 80),
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Cursors

const b64 = (value: string | Buffer) => Buffer.from(value).toString('base64url');

/** A real cursor changed a little: a character flipped, cut short, lengthened, re-encoded. */
const alteredCursor = () =>
  fc
    .tuple(fc.constantFrom(...ORDERS), fc.nat(), fc.constantFrom('flip', 'cut', 'grow', 'pad', 'std', 'upper'))
    .map(([order, at, how]) => {
      const c = cursors[order];
      const i = at % c.length;
      switch (how) {
        case 'flip':
          return c.slice(0, i) + (c[i] === 'A' ? 'B' : 'A') + c.slice(i + 1);
        case 'cut':
          return c.slice(0, i);
        case 'grow':
          return c + c.slice(0, i % 8);
        case 'pad':
          return `${c}==`;
        case 'std':
          return Buffer.from(c, 'base64url').toString('base64');
        default:
          return c.toUpperCase();
      }
    });

/** A cursor that decodes to JSON of the right shape for `order`, with altered content. */
const forgedCursor = (order: string) =>
  fc
    .record(
      {
        o: fc.oneof(
          { weight: 6, arbitrary: fc.constant<unknown>(order) },
          { weight: 1, arbitrary: fc.constantFrom<unknown>(...ORDERS, 'RANDOM', null, 1, [order], '__proto__') },
        ),
        p: fc.oneof(
          fc.bigInt({ min: 0n, max: 40n }).map(String) as fc.Arbitrary<unknown>,
          fc.bigInt({ min: 0n, max: 2n ** 64n }).map(String) as fc.Arbitrary<unknown>,
          fc.constantFrom<unknown>(
            '9223372036854775807',
            '9223372036854775808',
            '9999999999999999999',
            '-1',
            '1.5',
            '1e3',
            '',
            ' 1',
            '1; DROP TABLE events',
            "1' OR '1'='1",
            1,
            null,
            '0x10',
            '٣',
          ),
        ),
        t: fc.oneof(
          fc
            .date({ min: new Date('0001-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true })
            .map((d) => d.toISOString()) as fc.Arbitrary<unknown>,
          fc.string({
            unit: fc.constantFrom('0', '1', '2', '9', '-', ':', 'T', 'Z', '.', ' ', '+'),
            maxLength: 12,
          }) as fc.Arbitrary<unknown>,
          fc.constantFrom<unknown>(
            '1',
            '2025',
            'Tue, 18 Mar 2025 14:00:00 GMT',
            '2025-03-18',
            '2025-02-30T00:00:00.000Z',
            '0000-01-01T00:00:00.000Z',
            '+010000-01-01T00:00:00.000Z',
            "2025-03-18'); DROP TABLE events; --",
            12,
            null,
          ),
          injection(),
        ),
      },
      { requiredKeys: ['o', 'p'] },
    )
    .map((key) => b64(JSON.stringify(key)));

const cursorArb = (order: string) =>
  fc.oneof(
    { weight: 2, arbitrary: fc.constantFrom(...ORDERS).map((o) => cursors[o]) },
    { weight: 3, arbitrary: alteredCursor() },
    { weight: 5, arbitrary: forgedCursor(order) },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }).map((v) => b64(JSON.stringify(v))) },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 60 }).map((a) => b64(Buffer.from(a))) },
    { weight: 2, arbitrary: junkString() },
  );

describe('cursors', () => {
  it('pages on from any cursor that decodes to a position of its ordering, and refuses any other with after/before named', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc
          .tuple(fc.constantFrom(...ORDERS), fc.boolean())
          .chain(([order, timeline]) =>
            fc.tuple(
              cursorArb(timeline ? 'OCCURRED_ASC' : order),
              fc.constant(order),
              fc.constantFrom('after', 'before'),
              fc.constant(timeline),
            ),
          ),
        async ([cursor, order, side, timeline]) => {
          const res = timeline
            ? await graphql(
                t.url,
                `query($c: String) { actor(id: "russia") { timeline(first: 3, ${side}: $c) { totalCount edges { node { position occurredAt } } } } }`,
                { c: cursor },
                null,
              )
            : await graphql(
                t.url,
                EVENTS_QUERY,
                { orderBy: order, [side]: cursor, ...(side === 'before' ? { last: 3 } : { first: 3 }) },
                null,
              );
          const data = dataOrRefusal(res, { cursor, order, side, timeline });
          if (!data) {
            expect(res.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
            expect(res.body.errors[0].message).toMatch(new RegExp(`^${side}: |"\\$c"`));
            return;
          }
          // The control: the page lies strictly on the asked side of the cursor's position.
          const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { o: string; p: string };
          if (timeline || !key.o.startsWith('POSITION')) return;
          const positions = (data.events.edges as Array<{ node: Node }>).map((e) => BigInt(e.node.position));
          const ascending = order === 'POSITION_ASC';
          for (const p of positions)
            expect((side === 'after') === ascending ? p > BigInt(key.p) : p < BigInt(key.p)).toBe(true);
        },
      ),
      fuzzParams(9102, 80),
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Read models and look-ups

const id = () =>
  fc.oneof(
    fc.constantFrom<unknown>(
      'proposal-30-day-ceasefire',
      'pledge-russia-energy-strikes',
      'agreement-easter-truce',
      'no-such-subject',
    ),
    junkString(),
    wrongType(),
  );
const actorId = () => fc.oneof(fc.constantFrom<unknown>(...ACTOR_IDS), junkString(), wrongType());
const minPosition = () =>
  fc.constantFrom<unknown>('0', '1', 0, 5, 'abc', '-1', '1.5', 1.5, '99999999999999999999', true, {}, '');
const states = (values: string[]) =>
  fc.oneof(
    fc.uniqueArray(fc.constantFrom<unknown>(...values), { maxLength: 3 }),
    fc.array(junkString(), { minLength: 1, maxLength: 2 }),
    wrongType(),
    longList(fc.constantFrom(...values), 20),
  );
const temporal = () => fc.record({ asOf: date(), knownAt: date(), minPosition: minPosition() }, { requiredKeys: [] });

const READS: Array<[string, () => fc.Arbitrary<Record<string, unknown>>]> = [
  [
    `query($states: [CeasefireState!], $asOf: DateTime, $knownAt: DateTime, $minPosition: BigInt) { ceasefires(states: $states, asOf: $asOf, knownAt: $knownAt, minPosition: $minPosition) { id state title scope position proposedAt agreedAt effectiveFrom expiresAt durationDays parties { stance at actor { id } } violations { at basis by { id } } history { state at } } }`,
    () =>
      fc
        .tuple(temporal(), some(states(['PROPOSED', 'AGREED', 'IN_FORCE', 'VIOLATED', 'EXPIRED', 'REJECTED'])))
        .map(([tm, s]) => ({ ...tm, states: s })),
  ],
  [
    `query($states: [PledgeState!], $asOf: DateTime, $knownAt: DateTime, $minPosition: BigInt) { pledges(states: $states, asOf: $asOf, knownAt: $knownAt, minPosition: $minPosition) { id state madeAt validFrom expiresAt brokenAt lifetime { text minSeconds maxSeconds } violations { at basis } by { id } } }`,
    () =>
      fc
        .tuple(temporal(), some(states(['HOLDING', 'BROKEN', 'EXPIRED', 'WITHDRAWN'])))
        .map(([tm, s]) => ({ ...tm, states: s })),
  ],
  [
    `query($id: String!, $asOf: DateTime, $knownAt: DateTime) { ceasefire(id: $id, asOf: $asOf, knownAt: $knownAt) { id state violations { at } } }`,
    () => fc.record({ id: id(), asOf: date(), knownAt: date() }, { requiredKeys: ['id'] }),
  ],
  [
    `query($id: String!, $asOf: DateTime, $knownAt: DateTime) { pledge(id: $id, asOf: $asOf, knownAt: $knownAt) { id state brokenAt lifetime { text } } }`,
    () => fc.record({ id: id(), asOf: date(), knownAt: date() }, { requiredKeys: ['id'] }),
  ],
  [
    `query($actorId: ID, $from: DateTime, $to: DateTime, $asOf: DateTime, $knownAt: DateTime) { calls(actorId: $actorId, from: $from, to: $to, asOf: $asOf, knownAt: $knownAt) { at durationMinutes channel topics participants { id } } }`,
    () =>
      fc.record({ actorId: actorId(), from: date(), to: date(), asOf: date(), knownAt: date() }, { requiredKeys: [] }),
  ],
  [
    `query($actorId: ID, $from: DateTime, $to: DateTime, $asOf: DateTime, $knownAt: DateTime) { callPairs(actorId: $actorId, from: $from, to: $to, asOf: $asOf, knownAt: $knownAt) { count firstAt lastAt actors { id } } }`,
    () =>
      fc.record({ actorId: actorId(), from: date(), to: date(), asOf: date(), knownAt: date() }, { requiredKeys: [] }),
  ],
  [
    `query($id: String!) { stream(id: $id) { id version events { id type } } }`,
    () => fc.record({ id: fc.oneof(fc.constantFrom<unknown>('strike-sloviansk'), junkString(), wrongType()) }),
  ],
  [
    `query($id: ID!) { event(id: $id) { id type } }`,
    () => fc.record({ id: fc.oneof(fc.uuid() as fc.Arbitrary<unknown>, junkString(), wrongType()) }),
  ],
  [
    `query($id: ID!, $asOf: DateTime, $knownAt: DateTime, $first: Int) { actor(id: $id) { id principal { id } timeline(asOf: $asOf, knownAt: $knownAt, first: $first) { totalCount edges { node { id } } } } }`,
    () =>
      fc.record(
        { id: actorId(), asOf: date(), knownAt: date(), first: fc.constantFrom<unknown>(1, 0, -1, 600, 'x') },
        { requiredKeys: ['id'] },
      ),
  ],
];

describe('read models and look-ups', () => {
  it('answer any arguments, or refuse them naming the argument; the seeded read models keep their states', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...READS.keys()).chain((i) => READS[i][1]().map((v) => [i, v] as const)),
        async ([i, variables]) => {
          const res = await graphql(t.url, READS[i][0], variables, null);
          dataOrRefusal(res, { query: READS[i][0].slice(0, 60), variables });
          // The control, in the same run: the seeded subjects as the timeline left them.
          const control = await t.gql(
            `{ a: ceasefire(id: "proposal-30-day-ceasefire") { state } b: pledge(id: "pledge-russia-energy-strikes") { state } c: ceasefire(id: "proposal-energy-pause") { state } }`,
            {},
            null,
          );
          expect(control.errors).toBeUndefined();
          expect(control.data).toEqual({
            a: { state: 'REJECTED' },
            b: { state: 'BROKEN' },
            c: { state: expect.stringMatching(/^(IN_FORCE|VIOLATED|EXPIRED)$/) },
          });
        },
      ),
      fuzzParams(9103, 70),
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Operations shaped to make the limits' walk, validation or execution work hard

const LEAVES = [
  'actors { id }',
  'actor(id: "putin") { id name }',
  'events(first: 2) { edges { node { id } } }',
  'ceasefires { id }',
  'ceasefires(asOf: "2025-03-19T00:00:00Z") { id }',
  '__typename',
];

/** Fragments on Query in `levels` levels, each spreading `fan` of the next level (a doubling chain when fan is 2), over random leaves. */
const fragmentGraph = () =>
  fc
    .record({
      levels: fc.integer({ min: 1, max: 40 }),
      fan: fc.integer({ min: 1, max: 3 }),
      width: fc.integer({ min: 1, max: 3 }),
      leaves: fc.array(fc.constantFrom(...LEAVES), { minLength: 1, maxLength: 3 }),
      aliased: fc.boolean(),
    })
    .map(({ levels, fan, width, leaves, aliased }) => {
      const name = (level: number, i: number) => `F${level}_${i}`;
      const fragments: string[] = [];
      for (let level = 0; level < levels; level++) {
        for (let i = 0; i < width; i++) {
          const spreads = Array.from({ length: fan }, (_, k) => `...${name(level + 1, k % width)}`).join(' ');
          fragments.push(`fragment ${name(level, i)} on Query { ${spreads} }`);
        }
      }
      for (let i = 0; i < width; i++)
        fragments.push(
          `fragment ${name(levels, i)} on Query { ${leaves.map((leaf, k) => (aliased ? `a${k}: ${leaf}` : leaf)).join(' ')} }`,
        );
      return `query Q { ${Array.from({ length: width }, (_, i) => `...${name(0, i)}`).join(' ')} } ${fragments.join(' ')}`;
    });

/** The same field many times over, nested selections repeated, or aliases of one expensive field. */
const wideOperation = () =>
  fc.oneof(
    fc.integer({ min: 1, max: 6000 }).map((n) => `{ actors { ${'id '.repeat(n)}} }`),
    fc
      .integer({ min: 1, max: 60 })
      .map(
        (n) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: ceasefires(asOf: "2025-03-18") { id }`).join(' ')} }`,
      ),
    fc.integer({ min: 1, max: 2000 }).map((n) => `{ ${'actor(id: "putin") { represents { id } } '.repeat(n)}}`),
  );

describe('operations shaped to make the server work', () => {
  it('answer, or are refused with a limit, at once: nothing stalls the server', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fragmentGraph(), wideOperation()),
        fc.integer({ min: 1, max: 4 }),
        async (query, copies) => {
          const body = copies === 1 ? { query } : Array.from({ length: copies }, () => ({ query }));
          const started = performance.now();
          const res = await post(`${t.url}/graphql`, toJson(body), { 'content-type': 'application/json' });
          const ms = performance.now() - started;
          expect({ query: query.slice(0, 80), ms: ms < 2_000 }).toEqual({ query: query.slice(0, 80), ms: true });
          expect(res.status).toBeLessThan(500);
          const answers = Array.isArray(res.body)
            ? (res.body as Array<Record<string, unknown>>)
            : [res.body as Record<string, unknown>];
          for (const answer of answers) {
            if (answer.errors)
              expect({ query: query.slice(0, 80), problem: badErrorResponse({ ...res, body: answer }) }).toEqual({
                query: query.slice(0, 80),
                problem: null,
              });
          }
        },
      ),
      fuzzParams(9105, 60),
    );
  });
});

// ---------------------------------------------------------------------------------------------
// GET /export/events

const KNOWN = [
  'format',
  'types',
  'actorIds',
  'streamId',
  'occurredFrom',
  'occurredTo',
  'knownAt',
  'includeRetracted',
  'afterPosition',
  'upToPosition',
  'corrections',
  'header',
];
const goodValue: Record<string, () => fc.Arbitrary<string>> = {
  format: () => fc.constantFrom('ndjson', 'csv', 'parquet'),
  types: () => fc.uniqueArray(fc.constantFrom(...TYPES), { minLength: 1, maxLength: 3 }).map((a) => a.join(',')),
  actorIds: () => fc.uniqueArray(fc.constantFrom(...ACTOR_IDS), { minLength: 1, maxLength: 2 }).map((a) => a.join(',')),
  streamId: () => fc.constantFrom(...['strike-sloviansk', 'no-such-stream', 'proposal-30-day-ceasefire']),
  occurredFrom: () => validDate(),
  occurredTo: () => validDate(),
  knownAt: () => validDate(),
  includeRetracted: () => fc.constantFrom('true', 'false'),
  afterPosition: () => fc.integer({ min: 0, max: 8 }).map(String),
  upToPosition: () => fc.integer({ min: 0, max: 30 }).map(String),
  corrections: () => fc.constantFrom('raw', 'apply'),
  header: () => fc.constantFrom('true', 'false'),
};
/** Raw fragments as a client may send them: bad percent-encoding, encoded NUL and invalid UTF-8, separators. */
const RAW = [
  '%FF',
  '%C3%28',
  '%00',
  '%zz',
  '%',
  '%%',
  '+',
  '%2B',
  '%26',
  '%3D',
  '%22',
  '%0D%0AX-Evil:%201',
  '..%2F..%2Fetc%2Fpasswd',
  '%E2%80%AE',
  '%ED%A0%80',
];

/** Percent-encodes the UTF-8 bytes of `value` (a lone surrogate, which encodeURIComponent refuses, as U+FFFD). */
const enc = (value: string) =>
  [...Buffer.from(value, 'utf8')]
    .map((b) =>
      /[A-Za-z0-9_.~-]/.test(String.fromCharCode(b))
        ? String.fromCharCode(b)
        : `%${b.toString(16).toUpperCase().padStart(2, '0')}`,
    )
    .join('');

const exportParam = () =>
  fc.oneof(
    {
      weight: 6,
      arbitrary: fc.constantFrom(...KNOWN).chain((name) => goodValue[name]().map((v) => `${name}=${enc(v)}`)),
    },
    { weight: 3, arbitrary: fc.tuple(fc.constantFrom(...KNOWN), junkString()).map(([name, v]) => `${name}=${enc(v)}`) },
    {
      weight: 2,
      arbitrary: fc
        .tuple(fc.constantFrom(...KNOWN), fc.constantFrom(...RAW), fc.constantFrom('', 'csv', 'x'))
        .map(([name, raw, v]) => `${name}=${v}${raw}`),
    },
    {
      weight: 1,
      arbitrary: fc
        .oneof(
          fc.constantFrom('__proto__', 'constructor', 'toString', 'format[]', 'types[0]', '', 'FORMAT'),
          junkString(),
        )
        .map((name) => `${enc(name)}=1`),
    },
    { weight: 1, arbitrary: fc.constantFrom(...KNOWN) },
  );

/** The file name is made of positions and the format only: nothing of the query reaches it. */
const SAFE_DISPOSITION = /^attachment; filename="events-\d+-\d+(-corrected)?\.(ndjson|csv|parquet)"$/;

describe('GET /export/events', () => {
  it('answers any query string with 200 and a file name of its own making, or 400 naming each bad parameter', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(exportParam(), { maxLength: 5 }), async (parts) => {
        const query = parts.join('&');
        const res = await fetch(`${t.url}/export/events?${query}`);
        const bytes = Buffer.from(await res.arrayBuffer());
        expect({ query, status: res.status }).toEqual({ query, status: expect.any(Number) });
        if (res.status === 200) {
          expect({ query, disposition: res.headers.get('content-disposition') }).toEqual({
            query,
            disposition: expect.stringMatching(SAFE_DISPOSITION),
          });
          expect(res.headers.get('x-up-to-position')).toMatch(/^\d+$/);
          for (const [name, value] of res.headers)
            expect({ name, value }).toEqual({ name, value: expect.not.stringMatching(/evil|passwd/i) });
          if (res.headers.get('content-type')?.startsWith('application/x-ndjson')) {
            for (const line of bytes.toString('utf8').split('\n').filter(Boolean))
              expect(BigInt(JSON.parse(line).position)).toBeLessThanOrEqual(
                BigInt(res.headers.get('x-up-to-position')!),
              );
          }
        } else {
          // A request line over Node's header limit (16 KiB) is refused by the HTTP parser itself.
          if (query.length > 16_000 && res.status === 431) return;
          expect({ query, status: res.status }).toEqual({ query, status: 400 });
          const body = JSON.parse(bytes.toString('utf8'));
          expect(body.error.code).toMatch(/^(BAD_USER_INPUT|BAD_REQUEST)$/);
          expect(body.error.message).toMatch(/\S/);
          if (body.error.code === 'BAD_USER_INPUT') {
            for (const e of body.error.errors) {
              expect(typeof e.path).toBe('string');
              expect(e.reason).toMatch(/\S/);
            }
          }
        }
        // The control, now and then: a good export still answers.
        if (n++ % 10 === 0)
          expect((await fetch(`${t.url}/export/events?format=csv&types=STRIKE_REPORTED`)).status).toBe(200);
      }),
      fuzzParams(9104, 60),
    );
  });
});
