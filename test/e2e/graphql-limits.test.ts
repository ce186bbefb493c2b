/**
 * Issue 6, item 6: GraphQL limits with clear errors (depth, cost, aliases, batched operations,
 * page size, document size), over HTTP and over WebSocket, and a refused operation runs nothing.
 * Introspection in production: errors.test.ts.
 */
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { CAST, appendEvents, appendRaw, connect, registerActors, statementMade } from '../support/fixtures.js';
import { type TestApp, startTestApp } from '../support/test-app.js';
import { until } from '../support/wait.js';

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp({
    GRAPHQL_MAX_DEPTH: '8',
    GRAPHQL_MAX_ALIASES: '12',
    GRAPHQL_MAX_COST: '5000',
    GRAPHQL_MAX_BATCH: '3',
  });
  await registerActors(t, CAST);
  // Putin represents Russia: Actor.represents can nest as deep as a query likes.
  await appendEvents(t, { streamId: 'limits', events: [statementMade()] });
});
afterAll(() => t.close());

async function post(body: unknown): Promise<{ status: number; body: any }> {
  const response = await fetch(`${t.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${t.adminKey}` },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

function nested(levels: number): string {
  return `{ actor(id: "putin") { ${'represents { '.repeat(levels - 2)}id${' }'.repeat(levels - 2)} } }`;
}

describe('depth', () => {
  it('a query at the limit runs; one level deeper is refused with 400, BAD_USER_INPUT and the figures', async () => {
    const ok = await post({ query: nested(8) });
    expect(ok.status).toBe(200);
    expect(ok.body.errors).toBeUndefined();
    const refused = await post({ query: nested(9) });
    expect(refused.status).toBe(400);
    expect(refused.body.data).toBeUndefined();
    expect(refused.body.errors).toEqual([
      expect.objectContaining({
        message: 'the operation nests fields 9 deep; at most 8: select fewer levels',
        extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', limit: 'depth', value: 9, max: 8 }),
      }),
    ]);
  });

  it('fragments count where they are spread', async () => {
    const query = `query { actor(id: "putin") { ...R } } fragment R on Actor { represents { represents { represents { represents { represents { represents { represents { id } } } } } } } }`;
    const refused = await post({ query });
    expect(refused.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', limit: 'depth', value: 9 });
  });
});

describe('aliases', () => {
  it('twelve aliases run; thirteen are refused', async () => {
    const query = (n: number) =>
      `{ ${Array.from({ length: n }, (_, i) => `a${i}: actor(id: "putin") { id }`).join(' ')} }`;
    const ok = await post({ query: query(12) });
    expect(ok.body.errors).toBeUndefined();
    expect(Object.keys(ok.body.data)).toHaveLength(12);
    const refused = await post({ query: query(13) });
    expect(refused.status).toBe(400);
    expect(refused.body.errors[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      limit: 'aliases',
      value: 13,
      max: 12,
    });
  });
});

describe('cost', () => {
  const pages = `query($outer: Int, $inner: Int) { events(first: $outer) { edges { node { actors { timeline(first: $inner) { edges { node { id } } } } } } } }`;

  it('counts pages given in variables: small pages run, large ones are refused before anything runs', async () => {
    const ok = await post({ query: pages, variables: { outer: 5, inner: 5 } });
    expect(ok.status).toBe(200);
    expect(ok.body.errors).toBeUndefined();
    const refused = await post({ query: pages, variables: { outer: 100, inner: 100 } });
    expect(refused.status).toBe(400);
    expect(refused.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', limit: 'cost', max: 5000 });
    expect(refused.body.errors[0].extensions.value).toBeGreaterThan(5000);
    expect(refused.body.errors[0].message).toMatch(/estimated cost is \d+; at most 5000: ask for smaller pages/);
  });

  it('a page without first counts the default page size; lists without paging count ten', async () => {
    // actors: 10 × (1 + timeline: 50 × (1 + edges: 1 + node: (1 + id: 1 + actors: 10 × (1 + 3)))) = 22,010
    const refused = await post({ query: `{ actors { timeline { edges { node { id actors { id name kind } } } } } }` });
    expect(refused.body.errors[0].extensions).toMatchObject({ limit: 'cost', value: 22010 });
    // Without the inner list: 10 × (1 + 50 × (1 + 1 + 1 + 1)) = 2,010.
    const ok = await post({ query: `{ actors { timeline { edges { node { id } } } } }` });
    expect(ok.body.errors).toBeUndefined();
  });

  it('a refused mutation writes nothing', async () => {
    const db = await connect(t.database.url);
    const [{ n: before }] = (await db.query('SELECT last_position::int AS n FROM log_head')).rows;
    await db.end();
    const aliases = Array.from({ length: 13 }, (_, i) => `a${i}: appendEvents(input: $input) { lastPosition }`).join(
      ' ',
    );
    const refused = await post({
      query: `mutation($input: AppendEventsInput!) { ${aliases} }`,
      variables: { input: { streamId: 'limits-many', events: [statementMade()] } },
    });
    expect(refused.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', limit: 'aliases' });
    const control = await appendRaw(t, { streamId: 'limits-control', events: [statementMade()] });
    expect(control.data!.appendEvents.lastPosition).toBe(String(before + 1));
  });
});

describe('page size', () => {
  it('first above 500 is refused with the argument named', async () => {
    const res = await t.gql(`{ events(first: 501) { edges { cursor } } }`);
    expect(res.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
    expect(res.errors![0].message).toMatch(/first: must be at most 500/);
  });
});

describe('batched operations', () => {
  it('up to three operations in one request run and answer in order', async () => {
    const res = await post([{ query: '{ actor(id: "putin") { id } }' }, { query: '{ actor(id: "trump") { id } }' }]);
    expect(res.status).toBe(200);
    expect(res.body).toEqual([{ data: { actor: { id: 'putin' } } }, { data: { actor: { id: 'trump' } } }]);
  });

  it('four are refused as a whole, and an empty batch too', async () => {
    const four = await post(Array.from({ length: 4 }, () => ({ query: '{ actors { id } }' })));
    expect(four.status).toBe(400);
    expect(four.body.errors).toEqual([
      {
        message: 'the batch has 4 operations; at most 3: send several requests',
        extensions: { code: 'BAD_USER_INPUT', limit: 'batch', value: 4, max: 3 },
      },
    ]);
    const empty = await post([]);
    expect(empty.status).toBe(400);
    expect(empty.body.errors[0].message).toMatch(/the batch is empty/);
  });

  it('each operation of a batch meets the limits on its own', async () => {
    const res = await post([{ query: '{ actor(id: "putin") { id } }' }, { query: nested(9) }]);
    expect(res.body[0]).toEqual({ data: { actor: { id: 'putin' } } });
    expect(res.body[1].errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', limit: 'depth' });
  });
});

describe('document size', () => {
  it('a document of more than 100,000 tokens is not parsed to the end', async () => {
    const query = `{ ${'actors { id } '.repeat(30_000)} }`;
    const res = await post({ query });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].message).toMatch(/Document contains more tha[nt] 100000 tokens/);
    expect(res.body.errors[0].extensions.code).toBe('GRAPHQL_PARSE_FAILED');
  });
});

describe('operations per WebSocket connection', () => {
  it('a hundred run at once; the hundred-and-first is refused, and once one completes there is room again', async () => {
    const client = createClient({
      url: `${t.url.replace('http', 'ws')}/graphql`,
      webSocketImpl: WebSocket,
      retryAttempts: 0,
    });
    const subscriptions: Array<{ dispose: () => void; received: string[]; refused: Promise<unknown> }> = [];
    // From a known position: a subscription that starts after the probe's append still delivers it.
    const head =
      (await t.gql(`{ events(last: 1) { edges { node { position } } } }`)).data.events.edges[0]?.node.position ?? '0';
    const open = () => {
      const received: string[] = [];
      let refuse!: (errors: unknown) => void;
      const refused = new Promise<unknown>((resolve) => (refuse = resolve));
      const dispose = client.subscribe(
        {
          query: 'subscription($after: BigInt) { eventAppended(afterPosition: $after) { position } }',
          variables: { after: head },
        },
        {
          next: (value) =>
            value.errors ? refuse(value.errors) : received.push((value.data as any).eventAppended.position),
          error: refuse,
          complete: () => undefined,
        },
      );
      const subscription = { dispose, received, refused };
      subscriptions.push(subscription);
      return subscription;
    };
    /** Appends an event and waits until each of `running` has received it: they are running. */
    const allReceive = async (running: typeof subscriptions, streamId: string) => {
      const { lastPosition } = (await appendRaw(t, { streamId, events: [statementMade()] })).data!.appendEvents;
      await until(
        `${running.length} subscriptions to receive ${lastPosition}`,
        () => running.every((s) => s.received.includes(lastPosition)),
        10_000,
      );
    };
    try {
      const hundred = Array.from({ length: 100 }, open);
      await allReceive(hundred, 'limits-ops-1');
      const refused: any = await open().refused;
      expect(refused[0]).toMatchObject({
        message: 'this connection already runs 100 operations; at most 100: complete some, or open another connection',
        extensions: { code: 'BAD_USER_INPUT', limit: 'operations', max: 100 },
      });
      hundred[0].dispose();
      const again = open();
      await allReceive([...hundred.slice(1), again], 'limits-ops-2');
    } finally {
      for (const { dispose } of subscriptions) dispose();
      await client.dispose();
    }
  });
});

describe('over WebSocket', () => {
  it('the same limits hold for operations sent over graphql-ws', async () => {
    const client = createClient({
      url: `${t.url.replace('http', 'ws')}/graphql`,
      webSocketImpl: WebSocket,
      retryAttempts: 0,
      lazy: true,
    });
    try {
      const run = (query: string) =>
        new Promise<any>((resolve) => {
          let result: any;
          client.subscribe(
            { query },
            {
              next: (value) => (result = value),
              error: (errors) => resolve({ errors }),
              complete: () => resolve(result),
            },
          );
        });
      expect(await run(nested(8))).toEqual({ data: expect.objectContaining({ actor: expect.any(Object) }) });
      const deep = await run(nested(9));
      expect(deep.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', limit: 'depth', value: 9 });
      const deepSubscription = await run(
        `subscription { eventAppended { ${'actors { represents { '.repeat(4)}id${' } }'.repeat(4)} } }`,
      );
      expect(deepSubscription.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', limit: 'depth' });
    } finally {
      await client.dispose();
    }
  });
});

describe('the defaults', () => {
  it('refuse the README example with its figures, and take an ordinary page', async () => {
    const defaults = await startTestApp();
    try {
      const res = await defaults.gql(
        `{ events(first: 500) { edges { node { id actors { timeline(first: 20) { edges { node { id summary } } } } } } } }`,
      );
      expect(res.status).toBe(400);
      expect(res.errors).toEqual([
        {
          message:
            "the operation's estimated cost is 507000; at most 250000: ask for smaller pages (first/last), fewer nested lists or fewer asOf/knownAt read models",
          extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', limit: 'cost', value: 507000, max: 250000 }),
        },
      ]);
      const ok = await defaults.gql(
        `{ events(first: 100) { edges { node { id summary actors { id name } sources { publisher url } } } } }`,
      );
      expect(ok.errors).toBeUndefined();
    } finally {
      await defaults.close();
    }
  });
});

/** `query Q { ...A0 ...B0 }` where each fragment spreads the next two: 2^(levels+1) paths to the last ones. */
function fragmentChain(levels: number): string {
  const fragments = Array.from(
    { length: levels },
    (_, i) =>
      `fragment A${i} on Query { ...A${i + 1} ...B${i + 1} } fragment B${i} on Query { ...A${i + 1} ...B${i + 1} }`,
  );
  return `query Q { ...A0 ...B0 } ${fragments.join(' ')} fragment A${levels} on Query { actors { id } } fragment B${levels} on Query { actor(id: "putin") { id } }`;
}

describe('fragments spread through two parents at every level (a small query of exponential size)', () => {
  let closed: TestApp;
  beforeAll(async () => {
    // Reads closed: the limits hold before the key is checked, so no key is needed to try this.
    closed = await startTestApp({ PUBLIC_READ: 'false' });
    await registerActors(closed, CAST);
  });
  afterAll(() => closed.close());

  async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
    const started = performance.now();
    const value = await work();
    return { value, ms: performance.now() - started };
  }

  it('26 levels (2^27 paths, 1.3 KB) are refused over HTTP in under 300 ms while /health answers at once', async () => {
    const query = fragmentChain(26);
    expect(query.length).toBeLessThan(3_000);
    const [refused, health] = await Promise.all([
      timed(() =>
        fetch(`${closed.url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query }),
        }),
      ),
      timed(() => fetch(`${closed.url}/health`)),
    ]);
    expect(refused.ms).toBeLessThan(300);
    expect(health.value.status).toBe(200);
    expect(health.ms).toBeLessThan(300);
    expect(refused.value.status).toBe(400);
    const body: any = await refused.value.json();
    expect(body.data).toBeUndefined();
    expect(body.errors.map((e: any) => e.extensions)).toEqual([
      expect.objectContaining({ code: 'BAD_USER_INPUT', limit: 'nodes', value: 2 ** 27 * 2, max: 5000 }),
      expect.objectContaining({ code: 'BAD_USER_INPUT', limit: 'cost', max: 250000 }),
    ]);
  });

  it('the same over GET, in a batch, and over WebSocket', async () => {
    const query = fragmentChain(26);
    const get = await timed(() =>
      fetch(`${closed.url}/graphql?query=${encodeURIComponent(query)}`, {
        headers: { 'apollo-require-preflight': 'true' },
      }),
    );
    expect(get.ms).toBeLessThan(300);
    expect(get.value.status).toBe(400);
    expect(((await get.value.json()) as any).errors[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      limit: 'nodes',
    });
    const batch = await fetch(`${closed.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([{ query: '{ actors { id } }' }, { query }]),
    });
    expect(batch.status).toBe(400);
    expect(((await batch.json()) as any).errors[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      limit: 'nodes',
    });
    const client = createClient({
      url: `${closed.url.replace('http', 'ws')}/graphql`,
      webSocketImpl: WebSocket,
      retryAttempts: 0,
      lazy: true,
    });
    try {
      const ws = await timed(
        () =>
          new Promise<any>((resolve) => {
            client.subscribe(
              { query },
              { next: () => undefined, error: (errors) => resolve(errors), complete: () => resolve('complete') },
            );
          }),
      );
      expect(ws.ms).toBeLessThan(300);
      expect(ws.value[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', limit: 'nodes' });
    } finally {
      await client.dispose();
    }
  });

  it('a fragment spread twice is counted twice, and a query within the limits still runs with a reader key', async () => {
    const res = await closed.gql(fragmentChain(3), {}, closed.readerKey);
    expect(res.errors).toBeUndefined();
    expect(res.data.actor).toEqual({ id: 'putin' });
  });
});

describe('read models recomputed for another moment cost what a replay costs', () => {
  let defaults: TestApp;
  beforeAll(async () => {
    defaults = await startTestApp();
  });
  afterAll(() => defaults.close());

  const replays = (n: number) =>
    `{ ${Array.from({ length: n }, (_, i) => `r${i}: ceasefires(asOf: "2025-03-19T00:00:00Z") { id }`).join(' ')} }`;

  it('a batch of 10 operations × 30 aliases of ceasefires(asOf:) (300 replays) is refused as a whole, before anything runs', async () => {
    const res = await fetch(`${defaults.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(Array.from({ length: 10 }, () => ({ query: replays(30) }))),
    });
    expect(res.status).toBe(400);
    const body: any = await res.json();
    expect(Array.isArray(body)).toBe(false);
    expect(body.errors).toEqual([
      expect.objectContaining({
        message: expect.stringMatching(/^the batch's estimated cost is \d+; at most 250000/),
        extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', limit: 'cost', max: 250000 }),
      }),
    ]);
    expect(body.errors[0].extensions.value).toBeGreaterThanOrEqual(300 * 50_000);
  });

  it('one replay runs; six in one operation are refused; ten operations of one replay each are refused as a batch', async () => {
    expect((await defaults.gql(replays(1))).errors).toBeUndefined();
    const six = await defaults.gql(replays(6));
    expect(six.status).toBe(400);
    expect(six.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', limit: 'cost' });
    const ten = await fetch(`${defaults.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(Array.from({ length: 10 }, () => ({ query: replays(1) }))),
    });
    expect(ten.status).toBe(400);
    expect(((await ten.json()) as any).errors[0].extensions).toMatchObject({ limit: 'cost' });
    // The read model now, from its projected rows, is no replay.
    expect(
      (await defaults.gql(`{ ${Array.from({ length: 20 }, (_, i) => `n${i}: ceasefires { id }`).join(' ')} }`)).errors,
    ).toBeUndefined();
  });

  it('the call log scans the log: thirty aliases of calls are refused, a few run', async () => {
    const calls = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `c${i}: calls { at }`).join(' ')} }`;
    expect((await defaults.gql(calls(5))).errors).toBeUndefined();
    expect((await defaults.gql(calls(30))).errors![0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      limit: 'cost',
    });
  });
});
