/**
 * The error codes of the contract, answered over HTTP with `extensions.code`, and what production
 * hides: no stack traces, no introspection unless GRAPHQL_INTROSPECTION=true, no hints at the schema.
 */
import crypto from 'node:crypto';
import { createClient } from 'graphql-ws';
import pg from 'pg';
import WebSocket from 'ws';
import { ApiKeysService } from '../../src/auth/api-keys.service.js';
import { DomainError } from '../../src/common/domain-error.js';
import { createFormatError } from '../../src/common/graphql-errors.js';
import { type GraphqlResponse, type TestApp, startTestApp } from '../support/test-app.js';
import {
  REGISTER_ACTOR,
  appendEvents,
  appendRaw,
  callHeld,
  registerActors,
  statementMade,
  storeState,
} from '../support/fixtures.js';

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp();
  await registerActors(t);
});

afterAll(() => t?.close());

function only(res: GraphqlResponse): NonNullable<GraphqlResponse['errors']>[number] {
  expect(res.errors).toHaveLength(1);
  return res.errors![0];
}

/** Runs `request` and checks that it changed nothing in the database. */
async function unchanged<T>(request: () => Promise<T>): Promise<T> {
  const before = await storeState(t.database.url);
  const result = await request();
  expect(await storeState(t.database.url)).toEqual(before);
  return result;
}

describe('BAD_USER_INPUT', () => {
  it('an append with a bad payload: the message names the field path', async () => {
    const res = await unchanged(() =>
      appendRaw(t, { streamId: 'call-bad', events: [callHeld({ participants: ['trump', 'putn'] })] }),
    );
    const error = only(res);
    expect(error.extensions?.code).toBe('BAD_USER_INPUT');
    expect(error.message).toContain('events[0].data.participants[1]: unknown actor "putn"');
    expect(error.extensions?.errors).toEqual([
      { path: 'events[0].data.participants[1]', reason: 'unknown actor "putn"' },
    ]);
    expect(error.path).toEqual(['appendEvents']);
  });

  it('a bad registerActor input names input.<field>', async () => {
    const res = await unchanged(() =>
      t.gql(REGISTER_ACTOR, { input: { id: 'Not A Slug', name: 'X', kind: 'PERSON' } }),
    );
    const error = only(res);
    expect(error.extensions?.code).toBe('BAD_USER_INPUT');
    expect(error.message).toContain('input.id: ');
    expect((error.extensions?.errors as Array<{ path: string }>).map((e) => e.path)).toEqual(['input.id']);
  });

  it('registerActor representing an unknown actor names input.represents', async () => {
    const res = await unchanged(() =>
      t.gql(REGISTER_ACTOR, { input: { id: 'lavrov', name: 'Sergey Lavrov', kind: 'PERSON', represents: 'rusia' } }),
    );
    const error = only(res);
    expect(error.extensions?.code).toBe('BAD_USER_INPUT');
    expect(error.message).toContain('input.represents: unknown actor "rusia"');
  });

  it('a bad query argument names it', async () => {
    const error = only(await t.gql(`{ events(first: 501) { totalCount } }`, {}, null));
    expect(error.extensions?.code).toBe('BAD_USER_INPUT');
    expect(error.message).toContain('first: ');
  });

  it('an unknown actor in a filter names filter.actorIds[i]', async () => {
    const error = only(await t.gql(`{ events(filter: { actorIds: ["russia", "rusia"] }) { totalCount } }`, {}, null));
    expect(error.extensions?.code).toBe('BAD_USER_INPUT');
    expect(error.message).toContain('filter.actorIds[1]: unknown actor "rusia"');
  });

  it('a DateTime variable that does not parse', async () => {
    const res = await t.gql(
      `query($from: DateTime) { events(filter: { occurredFrom: $from }) { totalCount } }`,
      { from: '2025-02-30' },
      null,
    );
    const error = only(res);
    expect(error.extensions?.code).toBe('BAD_USER_INPUT');
    expect(error.message).toContain('2025-02-30');
  });
});

describe('WRONG_EXPECTED_VERSION', () => {
  it('carries the expected and the actual version, and writes nothing', async () => {
    await appendEvents(t, { streamId: 'statement-versions', expectedVersion: 0, events: [statementMade()] });
    for (const expectedVersion of [0, 2, 7]) {
      const res = await unchanged(() =>
        appendRaw(t, { streamId: 'statement-versions', expectedVersion, events: [statementMade()] }),
      );
      const error = only(res);
      expect(error.extensions?.code).toBe('WRONG_EXPECTED_VERSION');
      expect(error.extensions?.expectedVersion).toBe(expectedVersion);
      expect(error.extensions?.actualVersion).toBe(1);
      expect(error.message).toContain('statement-versions');
      expect(res.data?.appendEvents ?? null).toBeNull();
    }
    const ok = await appendEvents(t, { streamId: 'statement-versions', expectedVersion: 1, events: [statementMade()] });
    expect(ok.streamVersion).toBe(2);
  });

  it('on a stream that does not exist, the actual version is 0', async () => {
    const res = await unchanged(() =>
      appendRaw(t, { streamId: 'statement-never', expectedVersion: 3, events: [statementMade()] }),
    );
    const error = only(res);
    expect(error.extensions?.code).toBe('WRONG_EXPECTED_VERSION');
    expect(error.extensions).toMatchObject({ expectedVersion: 3, actualVersion: 0 });
  });
});

describe('DUPLICATE_EVENT_ID', () => {
  it('the same id with other content is refused; the same content is an idempotent retry', async () => {
    const event = statementMade({}, { id: crypto.randomUUID() });
    const first = await appendEvents(t, { streamId: 'statement-dup', events: [event] });
    expect(first.appended).toBe(true);

    const other = await unchanged(() =>
      appendRaw(t, {
        streamId: 'statement-dup',
        events: [{ ...event, data: { ...event.data, text: 'something else' } }],
      }),
    );
    const error = only(other);
    expect(error.extensions?.code).toBe('DUPLICATE_EVENT_ID');
    expect(error.message).toContain('events[0].id');
    expect(other.data?.appendEvents ?? null).toBeNull();

    const elsewhere = await unchanged(() => appendRaw(t, { streamId: 'statement-dup-elsewhere', events: [event] }));
    expect(only(elsewhere).extensions?.code).toBe('DUPLICATE_EVENT_ID');

    const mixed = await unchanged(() =>
      appendRaw(t, { streamId: 'statement-dup', events: [event, statementMade({}, { id: crypto.randomUUID() })] }),
    );
    expect(only(mixed).extensions?.code).toBe('DUPLICATE_EVENT_ID');

    const retry = await unchanged(() => appendRaw(t, { streamId: 'statement-dup', events: [event] }));
    expect(retry.errors).toBeUndefined();
    expect(retry.data!.appendEvents.appended).toBe(false);
    expect(retry.data!.appendEvents.events.map((e: { id: string; position: string }) => [e.id, e.position])).toEqual([
      [event.id, first.events[0].position],
    ]);
    expect(retry.data!.appendEvents.lastPosition).toBe(first.lastPosition);
  });
});

describe('UNAUTHENTICATED and FORBIDDEN', () => {
  it('a mutation without a key is UNAUTHENTICATED', async () => {
    const res = await unchanged(() => appendRaw(t, { streamId: 'statement-nokey', events: [statementMade()] }, null));
    const error = only(res);
    expect(error.extensions?.code).toBe('UNAUTHENTICATED');
    expect(error.message).toMatch(/Authorization: Bearer/);
  });

  it('a mutation with a READER key is FORBIDDEN', async () => {
    const res = await unchanged(() =>
      appendRaw(t, { streamId: 'statement-reader', events: [statementMade()] }, t.readerKey),
    );
    const error = only(res);
    expect(error.extensions?.code).toBe('FORBIDDEN');
    expect(error.message).toContain('READER');
  });
});

describe('NOT_FOUND', () => {
  it('revokeApiKey of an unknown key, over HTTP, changes nothing', async () => {
    const res = await unchanged(() => t.gql(`mutation { revokeApiKey(name: "nobody-such") { name } }`));
    const error = only(res);
    expect(error.extensions?.code).toBe('NOT_FOUND');
    expect(error.message).toContain('nobody-such');
    expect(res.data?.revokeApiKey ?? null).toBeNull();
  });

  it('revoking an unknown key through the service', async () => {
    const keys = t.app.get(ApiKeysService);
    await expect(keys.revoke('nobody-such', 'test')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('the one error mapping gives a NOT_FOUND domain error its extensions.code', () => {
    const format = createFormatError(true, () => undefined);
    const formatted = format(
      { message: 'x', path: ['q'] },
      new DomainError('NOT_FOUND', 'no key named "x"', { name: 'x' }),
    );
    expect(formatted).toEqual({
      message: 'no key named "x"',
      path: ['q'],
      locations: undefined,
      extensions: { code: 'NOT_FOUND', name: 'x' },
    });
  });

  it('event(id) of an unknown id answers null, not an error', async () => {
    const res = await t.gql(`query($id: ID!) { event(id: $id) { id } }`, { id: crypto.randomUUID() }, null);
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({ event: null });
  });

  it.each([
    'not-a-uuid',
    '000000000000000000000000000000000000',
    '------------------------------------',
    'f'.repeat(36),
  ])('event(id: %j), an id that cannot exist, answers null, not an error', async (id) => {
    const res = await t.gql(`query($id: ID!) { event(id: $id) { id } }`, { id }, null);
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({ event: null });
  });

  it('an id that cannot exist does not spoil the other look-ups of the same request', async () => {
    const stored = await appendEvents(t, { streamId: 'statement-lookup', events: [statementMade()] });
    const id = stored.events[0].id;
    const res = await t.gql(
      `query($id: ID!) { a: event(id: $id) { id } b: event(id: "${'0'.repeat(36)}") { id } }`,
      { id },
      null,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({ a: { id }, b: null });
  });

  it('stream(id) and actor(id) of unknown ids answer null', async () => {
    const res = await t.gql(`{ stream(id: "statement-nothing-here") { id } actor(id: "nobody") { id } }`, {}, null);
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({ stream: null, actor: null });
  });
});

describe('registerActor', () => {
  it('a conflicting registration (same id, other name, kind or principal) is an error and changes nothing', async () => {
    for (const input of [
      { id: 'putin', name: 'V. V. Putin', kind: 'PERSON', represents: 'russia' },
      { id: 'putin', name: 'Vladimir Putin', kind: 'ORGANIZATION', represents: 'russia' },
      { id: 'putin', name: 'Vladimir Putin', kind: 'PERSON', represents: 'ukraine' },
      { id: 'putin', name: 'Vladimir Putin', kind: 'PERSON' },
    ]) {
      const res = await unchanged(() => t.gql(REGISTER_ACTOR, { input }));
      const error = only(res);
      expect(error.extensions?.code).toBe('CONFLICT');
      expect(error.message).toContain('input.id');
      expect(res.data?.registerActor ?? null).toBeNull();
    }
    const read = await t.gql(`{ actor(id: "putin") { id name kind represents { id } } }`, {}, null);
    expect(read.data.actor).toEqual({
      id: 'putin',
      name: 'Vladimir Putin',
      kind: 'PERSON',
      represents: { id: 'russia' },
    });
  });

  it('an identical registration is fine and changes nothing', async () => {
    const res = await unchanged(() =>
      t.gql(REGISTER_ACTOR, { input: { id: 'putin', name: 'Vladimir Putin', kind: 'PERSON', represents: 'russia' } }),
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.registerActor).toEqual({
      id: 'putin',
      name: 'Vladimir Putin',
      kind: 'PERSON',
      represents: { id: 'russia' },
    });
  });
});

/** Requests that fail in every way a client can make them fail, with the code each must answer. */
function failingRequests(app: TestApp): Array<[string, () => Promise<GraphqlResponse>, string]> {
  const statement = () => [statementMade()];
  return [
    ['a syntax error', () => app.gql(`{ events {`, {}, null), 'GRAPHQL_PARSE_FAILED'],
    ['an unknown field', () => app.gql(`{ nope }`, {}, null), 'GRAPHQL_VALIDATION_FAILED'],
    [
      'a variable that does not coerce',
      () =>
        app.gql(
          `query($from: DateTime) { events(filter: { occurredFrom: $from }) { totalCount } }`,
          { from: 'yesterday' },
          null,
        ),
      'BAD_USER_INPUT',
    ],
    [
      'a bad payload',
      () => appendRaw(app, { streamId: 'call-prod', events: [callHeld({ participants: ['trump'] })] }),
      'BAD_USER_INPUT',
    ],
    ['an unknown key', () => app.gql(`{ actors { id } }`, {}, `dtl_${'x'.repeat(43)}`), 'UNAUTHENTICATED'],
    [
      'no key on a mutation',
      () => appendRaw(app, { streamId: 'statement-prod', events: statement() }, null),
      'UNAUTHENTICATED',
    ],
    [
      'a reader key on a mutation',
      () => appendRaw(app, { streamId: 'statement-prod', events: statement() }, app.readerKey),
      'FORBIDDEN',
    ],
    ['a bad cursor', () => app.gql(`{ events(after: "garbage") { totalCount } }`, {}, null), 'BAD_USER_INPUT'],
    ['revoking an unknown key', () => app.gql(`mutation { revokeApiKey(name: "nobody-such") { name } }`), 'NOT_FOUND'],
    [
      'a stale expected version',
      () => appendRaw(app, { streamId: 'statement-prod', expectedVersion: 4, events: statement() }),
      'WRONG_EXPECTED_VERSION',
    ],
  ];
}

describe('development', () => {
  it('shows stack traces of GraphQL errors (the control for the production check below)', async () => {
    const res = await t.gql(`{ events {`, {}, null);
    expect(res.errors?.[0].extensions?.stacktrace).toBeDefined();
  });

  it('allows introspection by default', async () => {
    const res = await t.gql(`{ __schema { queryType { name } } }`, {}, null);
    expect(res.errors).toBeUndefined();
    expect(res.data.__schema.queryType.name).toBe('Query');
  });
});

describe('production (NODE_ENV=production)', () => {
  let prod: TestApp;
  let open: TestApp;
  let closed: TestApp;

  beforeAll(async () => {
    prod = await startTestApp({ NODE_ENV: 'production' });
    await registerActors(prod);
    open = await startTestApp({ NODE_ENV: 'production', GRAPHQL_INTROSPECTION: 'true' });
    closed = await startTestApp({ NODE_ENV: 'production', PUBLIC_READ: 'false' });
  });

  afterAll(async () => {
    await prod?.close();
    await open?.close();
    await closed?.close();
  });

  it('no error response contains a stack trace', async () => {
    for (const [name, request, code] of failingRequests(prod)) {
      const res = await request();
      expect({ name, failed: (res.errors?.length ?? 0) > 0 }).toEqual({ name, failed: true });
      if (code !== 'ANY') expect({ name, code: res.errors?.[0].extensions?.code }).toEqual({ name, code });
      for (const error of res.errors ?? []) {
        expect({ name, stacktrace: error.extensions?.stacktrace }).toEqual({ name, stacktrace: undefined });
        expect(error.message).not.toMatch(/\n\s+at |node_modules|\.ts:\d+/);
        expect(typeof error.extensions?.code).toBe('string');
      }
    }
  });

  it('refuses introspection', async () => {
    for (const query of [`{ __schema { queryType { name } } }`, `{ __type(name: "Event") { name } }`]) {
      const res = await prod.gql(query, {}, null);
      expect(res.data?.__schema ?? res.data?.__type ?? null).toBeNull();
      const error = only(res);
      expect(error.message).toMatch(/introspection/i);
      expect(error.extensions?.stacktrace).toBeUndefined();
    }
  });

  it('allows introspection with GRAPHQL_INTROSPECTION=true', async () => {
    const res = await open.gql(`{ __schema { queryType { name } } __type(name: "Event") { kind } }`, {}, null);
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({ __schema: { queryType: { name: 'Query' } }, __type: { kind: 'INTERFACE' } });
  });

  it('answers an internal error with a bare message: no SQL, no stack, no table names', async () => {
    const client = new pg.Client({ connectionString: prod.database.url });
    await client.connect();
    await client.query('ALTER TABLE actors RENAME TO actors_hidden');
    try {
      const res = await prod.gql(`{ actors { id } }`, {}, null);
      const error = only(res);
      expect(error.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
      expect(error.message).toBe('internal error');
      expect(JSON.stringify({ message: error.message, extensions: error.extensions })).not.toMatch(
        /actors|relation|SELECT|stacktrace/i,
      );
    } finally {
      await client.query('ALTER TABLE actors_hidden RENAME TO actors');
      await client.end();
    }
  });

  describe('no hints at the schema ("Did you mean ...?")', () => {
    // Each would be answered with a suggestion in development (the control below).
    const typos: Array<[string, string, Record<string, unknown>]> = [
      ['a field', '{ apiKey { id } }', {}],
      ['a field of a type', '{ actors { idd } }', {}],
      ['an argument', '{ events(frist: 2) { totalCount } }', {}],
      ['an enum value', '{ events(orderBy: POSITION_AS) { totalCount } }', {}],
      [
        'an enum value in a variable',
        'query($o: EventOrder) { events(orderBy: $o) { totalCount } }',
        { o: 'POSITION_AS' },
      ],
      ['a type', 'query($f: EventFilters) { events(filter: $f) { totalCount } }', {}],
      ['an input field', 'query($f: EventFilter) { events(filter: $f) { totalCount } }', { f: { actorId: ['putin'] } }],
    ];

    it.each(typos)('%s: development suggests', async (_what, query, variables) => {
      const res = await t.gql(query, variables, null);
      expect(JSON.stringify(res.errors)).toMatch(/Did you mean/);
    });

    it.each(typos)(
      '%s: production does not, over HTTP, without a key, with reads closed',
      async (_what, query, variables) => {
        for (const app of [prod, closed]) {
          const res = await app.gql(query, variables, null);
          expect(res.errors?.length).toBeGreaterThan(0);
          expect(JSON.stringify(res)).not.toMatch(/Did you mean|apiKeys/);
        }
      },
    );

    /** The errors each typo gets over graphql-ws from `app`. */
    async function overWebSocket(app: TestApp): Promise<Array<{ message: string; extensions?: { code?: string } }>> {
      const client = createClient({
        url: `${app.url.replace('http', 'ws')}/graphql`,
        webSocketImpl: WebSocket,
        retryAttempts: 0,
        lazy: true,
      });
      try {
        const all = [];
        for (const [, query, variables] of typos) {
          const errors = await new Promise<any>((resolve) => {
            client.subscribe(
              { query, variables },
              { next: (value) => resolve(value.errors), error: resolve, complete: () => resolve('complete') },
            );
          });
          all.push(...errors);
        }
        return all;
      } finally {
        await client.dispose();
      }
    }

    it('nor over WebSocket, where they carry the codes HTTP gives them (development suggests there too)', async () => {
      const suggested = await overWebSocket(t);
      expect(suggested.filter((error) => /Did you mean/.test(error.message))).toHaveLength(typos.length);
      for (const app of [prod, closed]) {
        const errors = await overWebSocket(app);
        expect(errors).toHaveLength(typos.length);
        for (const error of errors) {
          expect(error.message).not.toMatch(/Did you mean|apiKeys|internal error/);
          expect(['GRAPHQL_VALIDATION_FAILED', 'BAD_USER_INPUT']).toContain(error.extensions?.code);
        }
      }
    });
  });

  it('still answers ordinary queries', async () => {
    const res = await prod.gql(`{ actors { id } events { totalCount } }`, {}, null);
    expect(res.errors).toBeUndefined();
    expect(res.data.actors.length).toBeGreaterThan(0);
    expect(res.data.events).toEqual({ totalCount: 0 });
  });
});
