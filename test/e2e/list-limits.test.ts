/**
 * List arguments have maxima (EventFilter.actorIds and .types, the read models' states, the export's
 * actorIds and types): a longer list is refused at once with its path, before any query runs, over
 * GraphQL, WebSocket and the export alike; a list within the maximum is matched with one array
 * parameter, however long.
 */
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { ActorsService } from '../../src/actors/actors.service.js';
import { CAST, appendEvents, registerActors, statementMade } from '../support/fixtures.js';
import { type TestApp, startTestApp } from '../support/test-app.js';

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp();
  await registerActors(t, CAST);
  await appendEvents(t, { streamId: 'lists', events: [statementMade()] });
});
afterAll(() => t.close());

const EVENTS = `query($filter: EventFilter) { events(filter: $filter, first: 5) { edges { node { id } } } }`;
const ids = (n: number, known = 'putin') => Array.from({ length: n }, (_, i) => (i === 0 ? known : `actor-${i}`));

describe('EventFilter.actorIds', () => {
  it('100,000 ids are refused at once with the path and the maximum, answering a short error', async () => {
    const res = await t.gql(EVENTS, { filter: { actorIds: ids(100_000) } });
    expect(res.errors).toEqual([
      expect.objectContaining({
        message: 'filter.actorIds: holds 100000 items; at most 100',
        extensions: {
          code: 'BAD_USER_INPUT',
          errors: [{ path: 'filter.actorIds', reason: 'holds 100000 items; at most 100' }],
        },
      }),
    ]);
    // Refused on the list's length alone, before any id is looked at (speed is the benchmark's to measure, not a test's).
  });

  it('70,000 ids: a clean BAD_USER_INPUT, never an internal error', async () => {
    const res = await t.gql(EVENTS, { filter: { actorIds: ids(70_000) } });
    expect(res.status).toBe(200);
    expect(res.errors![0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      errors: [{ path: 'filter.actorIds', reason: 'holds 70000 items; at most 100' }],
    });
    expect(JSON.stringify(res)).not.toMatch(/INTERNAL|bind message|stack/);
  });

  it('100 ids run (one unknown each named at its index); repeated ids are fine', async () => {
    const res = await t.gql(EVENTS, {
      filter: { actorIds: ['putin', ...Array.from({ length: 98 }, () => 'zelensky'), 'nobody'] },
    });
    expect(res.errors![0].extensions!.errors).toEqual([
      { path: 'filter.actorIds[99]', reason: 'unknown actor "nobody"' },
    ]);
    const ok = await t.gql(EVENTS, {
      filter: { actorIds: Array.from({ length: 100 }, (_, i) => (i % 2 ? 'zelensky' : 'trump')) },
    });
    expect(ok.errors).toBeUndefined();
    expect(ok.data.events.edges).toHaveLength(1);
  });

  it('actors are looked up with one array parameter, however many ids (70,000 were past the 65,535 parameters PostgreSQL binds)', async () => {
    const found = await t.app.get(ActorsService).byIds([...ids(70_000), 'zelensky']);
    expect([...found.keys()].sort()).toEqual(['putin', 'zelensky']);
  });
});

describe('EventFilter.types and read-model states', () => {
  it('51 types are refused with the path; 50 (repeats included) run', async () => {
    const refused = await t.gql(EVENTS, { filter: { types: Array.from({ length: 51 }, () => 'STATEMENT_MADE') } });
    expect(refused.errors![0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      errors: [{ path: 'filter.types', reason: 'holds 51 items; at most 50' }],
    });
    const ok = await t.gql(EVENTS, { filter: { types: Array.from({ length: 50 }, () => 'STATEMENT_MADE') } });
    expect(ok.errors).toBeUndefined();
  });

  it('ceasefires(states:) and pledges(states:) take at most 20 states', async () => {
    for (const [field, state] of [
      ['ceasefires', 'AGREED'],
      ['pledges', 'HOLDING'],
    ]) {
      const refused = await t.gql(
        `query($s: [${field === 'ceasefires' ? 'CeasefireState' : 'PledgeState'}!]) { ${field}(states: $s) { id } }`,
        { s: Array.from({ length: 21 }, () => state) },
      );
      expect(refused.errors![0].extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        errors: [{ path: 'states', reason: 'holds 21 items; at most 20' }],
      });
      const ok = await t.gql(`{ ${field}(states: [${state}]) { id } }`);
      expect(ok.errors).toBeUndefined();
    }
  });

  it('eventAppended over WebSocket refuses the subscription with the same error', async () => {
    const client = createClient({
      url: `${t.url.replace('http', 'ws')}/graphql`,
      webSocketImpl: WebSocket,
      retryAttempts: 0,
      lazy: true,
    });
    try {
      const result = await new Promise<any>((resolve) => {
        client.subscribe(
          {
            query: 'subscription($f: EventFilter) { eventAppended(filter: $f) { id } }',
            variables: { f: { actorIds: ids(1_000) } },
          },
          { next: resolve, error: resolve, complete: () => resolve('complete') },
        );
      });
      expect(result.errors[0].extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        errors: [{ path: 'filter.actorIds', reason: 'holds 1000 items; at most 100' }],
      });
    } finally {
      await client.dispose();
    }
  });
});

describe('the export', () => {
  it('refuses more than 100 actorIds and 50 types with the parameter named, before any byte', async () => {
    const many = await fetch(`${t.url}/export/events?actorIds=${ids(500).join(',')}`);
    expect(many.status).toBe(400);
    expect(await many.json()).toMatchObject({
      error: { code: 'BAD_USER_INPUT', errors: [{ path: 'actorIds', reason: 'holds 500 items; at most 100' }] },
    });
    const types = await fetch(
      `${t.url}/export/events?types=${Array.from({ length: 60 }, () => 'STATEMENT_MADE').join(',')}`,
    );
    expect(types.status).toBe(400);
    expect(await types.json()).toMatchObject({
      error: { errors: [{ path: 'types', reason: 'holds 60 items; at most 50' }] },
    });
  });
});
