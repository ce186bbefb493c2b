/**
 * No N+1: a page of events with actors, principals, corrections and linked events costs as many
 * queries for 3 events as for 200; a page of claims after a claim costs what the first page costs;
 * a subject read asOf does not first list every subject of the log.
 */
import { QueryLog } from '../../src/database/query-log.js';
import { appendEvents, pledgeMade, registerActors, strikeReported } from '../support/fixtures.js';
import { type TestApp, startTestApp } from '../support/test-app.js';

const PAGE = `query($first: Int) {
  events(first: $first) {
    edges { node {
      id summary retracted
      actors { id name represents { id name } principal { id } }
      correctedBy { id actors { id } }
      ... on ClaimDisputed { disputedEvent { id actors { id } } by { id } }
      ... on StatementMade { speaker { id represents { id } } }
    } }
  }
}`;

describe('query count of a page of events', () => {
  let t: TestApp;
  beforeAll(async () => {
    // No projector on this instance: its queries would run through the same counter.
    t = await startTestApp({ RUN_PROJECTIONS: 'false' });
    await t.gql(`mutation {
      a: registerActor(input: { id: "russia", name: "Russia", kind: STATE }) { id }
      b: registerActor(input: { id: "kremlin", name: "Kremlin", kind: ORGANIZATION, represents: "russia" }) { id }
      c: registerActor(input: { id: "ukraine", name: "Ukraine", kind: STATE }) { id }
      d: registerActor(input: { id: "zelensky", name: "Volodymyr Zelensky", kind: PERSON, represents: "ukraine" }) { id }
    }`);
    // 100 statements, each disputed, and every tenth corrected: 210 events.
    for (let i = 0; i < 100; i++) {
      const statementId = `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
      const events: unknown[] = [
        {
          id: statementId,
          type: 'STATEMENT_MADE',
          occurredAt: '2025-03-18T16:00:00Z',
          data: { speaker: 'kremlin', text: `claim ${i}` },
          sources: [{ publisher: 'Test' }],
        },
        {
          type: 'CLAIM_DISPUTED',
          occurredAt: '2025-03-19T10:00:00Z',
          data: { disputedEventId: statementId, by: 'zelensky', text: 'at odds with reality' },
          sources: [{ publisher: 'Test' }],
        },
      ];
      if (i % 10 === 0) {
        events.push({
          type: 'EVENT_CORRECTED',
          occurredAt: '2025-03-19T12:00:00Z',
          data: {
            correctedEventId: statementId,
            data: { speaker: 'kremlin', text: `corrected claim ${i}` },
            reason: 'typo',
          },
          sources: [{ publisher: 'Test' }],
        });
      }
      const res = await t.gql(`mutation($input: AppendEventsInput!) { appendEvents(input: $input) { lastPosition } }`, {
        input: { streamId: `statement-${i}`, events },
      });
      expect(res.errors).toBeUndefined();
    }
  });
  afterAll(() => t.close());

  async function queriesFor(first: number): Promise<{ queries: number; edges: number }> {
    const log = t.app.get(QueryLog);
    const before = log.count;
    const res = await t.gql(PAGE, { first }, null);
    expect(res.errors).toBeUndefined();
    return { queries: log.count - before, edges: res.data.events.edges.length };
  }

  it('costs the same for 3, 30 and 200 events', async () => {
    // The first three events already have every shape: a corrected statement, its dispute, the correction.
    // The first page reads its actors; the process keeps them (registrations are immutable), so the
    // pages after it do not read them again.
    const cold = await queriesFor(3);
    const one = await queriesFor(3);
    expect(cold.queries).toBeGreaterThan(one.queries);
    const twenty = await queriesFor(30);
    const many = await queriesFor(200);
    expect([one.edges, twenty.edges, many.edges]).toEqual([3, 30, 200]);
    expect(many.queries).toBe(one.queries);
    expect(twenty.queries).toBe(one.queries);
    expect(many.queries).toBeLessThanOrEqual(12);
  });

  it('a page of claims after a claim costs what the first page costs: the ledger is read once', async () => {
    // asOf: the claims folded from the log (no projector here), the same way for both pages.
    const page = async (after: string | null) => {
      const log = t.app.get(QueryLog);
      const before = log.count;
      const res = await t.gql(
        `query($after: ID) { claims(first: 5, after: $after, asOf: "2026-01-01T00:00:00Z") { event { id } status } }`,
        { after },
        null,
      );
      expect(res.errors).toBeUndefined();
      const claims = res.data.claims as Array<{ event: { id: string }; status: string }>;
      return { queries: log.count - before, ids: claims.map((c) => c.event.id) };
    };
    await page(null); // reads the principals, which the process then keeps
    const first = await page(null);
    const next = await page(first.ids[4]);
    expect(first.ids).toHaveLength(5);
    expect(next.ids).toHaveLength(5);
    expect(next.ids.filter((id) => first.ids.includes(id))).toEqual([]);
    expect(next.queries).toBe(first.queries);
  });
});

describe('query count of a read folded from the log (asOf)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ RUN_PROJECTIONS: 'false' });
    await registerActors(t);
    for (const streamId of ['pledge-energy', 'pledge-energy-2'])
      await appendEvents(t, { streamId, events: [pledgeMade({}, { occurredAt: '2025-03-18T14:00:00Z' })] });
    await appendEvents(t, {
      streamId: 'strike-sloviansk',
      events: [strikeReported({}, { occurredAt: '2025-03-20T10:00:00Z' })],
    });
  });
  afterAll(() => t.close());

  const statements = async (query: string) => {
    const log = t.app.get(QueryLog);
    const before = log.count;
    const res = await t.gql(query, {}, null);
    expect(res.errors).toBeUndefined();
    return { queries: log.count - before, data: res.data };
  };

  it('one subject costs two statements less than the list: it lists no subjects, and reads its stream with the head', async () => {
    const asOf = 'asOf: "2025-03-25T00:00:00Z"';
    await statements(`{ pledges(${asOf}) { id } }`); // reads the principals, which the process then keeps
    const list = await statements(`{ pledges(${asOf}) { id state } }`);
    const one = await statements(`{ pledge(id: "pledge-energy", ${asOf}) { id state } }`);
    expect(list.data.pledges.map((p: { id: string }) => p.id)).toEqual(['pledge-energy', 'pledge-energy-2']);
    expect(one.data.pledge).toEqual(list.data.pledges[0]);
    // The list: the log head with the actors' count, the subjects, their streams, the window's
    // strikes, the linked events. One subject: its stream with the head and the count, the strikes, the linked events.
    expect(list.queries).toBe(5);
    expect(one.queries).toBe(3);
  });
});
