/** Subscription.eventAppended over graphql-ws: catch-up, then live, in order, filtered, no duplicates. */
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { type TestApp, startTestApp } from '../support/test-app.js';

const APPEND = `mutation($input: AppendEventsInput!) { appendEvents(input: $input) { lastPosition } }`;

function statement(streamId: string, text: string) {
  return {
    input: {
      streamId,
      events: [
        {
          type: 'STATEMENT_MADE',
          occurredAt: '2025-03-19T10:00:00Z',
          data: { speaker: 'zelensky', text },
          sources: [{ publisher: 'Test' }],
        },
      ],
    },
  };
}

function strike(streamId: string) {
  return {
    input: {
      streamId,
      events: [
        {
          type: 'STRIKE_REPORTED',
          occurredAt: '2025-03-19T11:00:00Z',
          data: { attacker: 'zelensky', targetCategory: 'MILITARY', place: 'X' },
          sources: [{ publisher: 'Test' }],
        },
      ],
    },
  };
}

interface Collecting {
  /** Resolves with the first `count` events received, and ends the subscription. */
  done: Promise<any[]>;
  /** Resolves once `n` events have been received: the subscription is delivering. */
  received(n: number): Promise<void>;
}

/** Collects `count` events of a subscription, then disposes it. */
function collect(client: Client, variables: Record<string, unknown>, count: number): Collecting {
  const received: any[] = [];
  const waiters: Array<{ n: number; resolve: () => void }> = [];
  const done = new Promise<any[]>((resolve, reject) => {
    const dispose = client.subscribe(
      {
        query: `subscription($filter: EventFilter, $after: BigInt) { eventAppended(filter: $filter, afterPosition: $after) { position type summary } }`,
        variables,
      },
      {
        next: (message) => {
          if (message.errors) return reject(new Error(JSON.stringify(message.errors)));
          received.push(message.data!.eventAppended);
          for (const waiter of waiters.filter((w) => received.length >= w.n)) waiter.resolve();
          if (received.length === count) {
            dispose();
            resolve(received);
          }
        },
        error: reject,
        complete: () => resolve(received),
      },
    );
  });
  return {
    done,
    received: (n) =>
      received.length >= n ? Promise.resolve() : new Promise<void>((resolve) => waiters.push({ n, resolve })),
  };
}

describe('eventAppended subscription', () => {
  let t: TestApp;
  let client: Client;

  beforeAll(async () => {
    t = await startTestApp();
    await t.gql(
      `mutation { registerActor(input: { id: "zelensky", name: "Volodymyr Zelensky", kind: PERSON }) { id } }`,
    );
    for (let i = 1; i <= 3; i++) await t.gql(APPEND, statement(`statement-before-${i}`, `before ${i}`));
    client = createClient({
      url: t.url.replace('http', 'ws') + '/graphql',
      webSocketImpl: WebSocket,
      retryAttempts: 0,
    });
  });
  afterAll(async () => {
    await client.dispose();
    await t.close();
  });

  it('catches up from afterPosition, then delivers live appends in position order', async () => {
    const sub = collect(client, { after: '1' }, 4);
    // The catch-up (positions 2 and 3) has arrived: what comes next is live.
    await sub.received(2);
    await t.gql(APPEND, statement('statement-live-1', 'live one'));
    await t.gql(APPEND, statement('statement-live-2', 'live two'));
    const events = await sub.done;
    expect(events.map((e) => e.position)).toEqual(['2', '3', '4', '5']);
  });

  it('applies the filter and keeps going across events it skips', async () => {
    const sub = collect(client, { after: '0', filter: { types: ['STRIKE_REPORTED'] } }, 2);
    await t.gql(APPEND, strike('strike-live-1'));
    await sub.received(1);
    await t.gql(APPEND, statement('statement-live-3', 'not a strike'));
    await t.gql(APPEND, strike('strike-live-2'));
    const events = await sub.done;
    expect(events.map((e) => e.type)).toEqual(['STRIKE_REPORTED', 'STRIKE_REPORTED']);
    expect(Number(events[1].position)).toBeGreaterThan(Number(events[0].position));
  });

  it('delivers every event of concurrent appends exactly once, across the seam between catch-up and live', async () => {
    const head = (await t.gql(`{ events(last: 1) { edges { node { position } } } }`)).data.events.edges[0].node
      .position;
    const sub = collect(client, { after: head }, 21);
    // A sentinel appended after the head: once it arrives the subscription is live, with nothing before it twice.
    await t.gql(APPEND, statement('statement-sentinel', 'sentinel'));
    await sub.received(1);
    await Promise.all(
      Array.from({ length: 20 }, (_, i) => t.gql(APPEND, statement(`statement-burst-${i}`, `burst ${i}`))),
    );
    const events = await sub.done;
    const positions = events.map((e) => Number(e.position));
    expect(positions).toEqual(Array.from({ length: 21 }, (_, i) => Number(head) + 1 + i));
    expect(events[0].summary).toContain('sentinel');
  });

  it('refuses a bad filter at subscribe time with BAD_USER_INPUT', async () => {
    const sub = collect(client, { filter: { actorIds: ['nobody'] } }, 1);
    await expect(sub.done).rejects.toThrow(/BAD_USER_INPUT|unknown actor/);
  });
});
