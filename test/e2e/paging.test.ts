/**
 * Relay paging of Query.events end to end: 1,000 events whose valid-time order differs from the
 * log order (with ties on occurredAt), paged forward and backward in each of the four orderings;
 * page-size limits and cursor errors.
 */
import { appendEvents, errorOf, registerActors, statementMade, type TestEvent } from '../support/fixtures.js';
import { type TestApp, startTestApp } from '../support/test-app.js';

type Order = 'POSITION_ASC' | 'POSITION_DESC' | 'OCCURRED_ASC' | 'OCCURRED_DESC';
const ORDERS: Order[] = ['POSITION_ASC', 'POSITION_DESC', 'OCCURRED_ASC', 'OCCURRED_DESC'];

const PAGE = `query($filter: EventFilter, $orderBy: EventOrder, $first: Int, $after: String, $last: Int, $before: String) {
  events(filter: $filter, orderBy: $orderBy, first: $first, after: $after, last: $last, before: $before) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node { id position occurredAt } }
  }
}`;

interface Page {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  edges: Array<{ cursor: string; node: { id: string; position: string; occurredAt: string } }>;
}

interface Stored {
  id: string;
  position: number;
  occurredAt: number;
  streamId: string;
}

const TOTAL = 1000;
const SIZE = 37;
const BASE = Date.UTC(2025, 0, 1);

describe('paging through events', () => {
  let t: TestApp;
  const stored: Stored[] = [];

  beforeAll(async () => {
    t = await startTestApp();
    await registerActors(t, [
      { id: 'russia', name: 'Russia', kind: 'STATE' },
      { id: 'putin', name: 'Vladimir Putin', kind: 'PERSON', represents: 'russia' },
    ]);
    // occurredAt of event k: one of 397 minutes, so that many events share an occurredAt and the
    // valid-time order is a shuffle of the log order.
    const occurredAt = (k: number) => new Date(BASE + ((k * 7919) % 397) * 60_000).toISOString();
    const plan: Array<[string, number]> = [
      ['page-a', 500],
      ['page-b', 300],
      ['page-c', 150],
      ['page-c', 50],
    ];
    let k = 0;
    for (const [streamId, count] of plan) {
      const events: TestEvent[] = [];
      for (let i = 0; i < count; i++, k++)
        events.push(statementMade({ speaker: 'putin', text: `statement ${k}` }, { occurredAt: occurredAt(k) }));
      const result = await appendEvents(t, { streamId, events });
      for (const e of result.events)
        stored.push({ id: e.id, position: Number(e.position), occurredAt: Date.parse(e.occurredAt), streamId });
    }
  }, 60_000);
  afterAll(() => t?.close());

  function expectedOrder(order: Order, events: Stored[] = stored): string[] {
    const sorted = [...events].sort((a, b) =>
      order.startsWith('POSITION') ? a.position - b.position : a.occurredAt - b.occurredAt || a.position - b.position,
    );
    if (order.endsWith('DESC')) sorted.reverse();
    return sorted.map((e) => e.id);
  }

  async function page(variables: Record<string, unknown>): Promise<Page> {
    const res = await t.gql(PAGE, variables, null);
    expect(res.errors).toBeUndefined();
    return res.data.events;
  }

  it('the data set has what the test needs: ties on occurredAt, and valid-time order unlike log order', () => {
    expect(stored).toHaveLength(TOTAL);
    expect(new Set(stored.map((e) => e.position)).size).toBe(TOTAL);
    expect(new Set(stored.map((e) => e.occurredAt)).size).toBeLessThan(TOTAL / 2);
    expect(expectedOrder('OCCURRED_ASC')).not.toEqual(expectedOrder('POSITION_ASC'));
  });

  describe.each(ORDERS)('%s', (order) => {
    it(`forward with first: ${SIZE} and after: every event once, in order, with the right page flags`, async () => {
      const ids: string[] = [];
      let after: string | null = null;
      for (let index = 0; ; index++) {
        expect(index).toBeLessThan(50); // no endless paging
        const p: Page = await page({ orderBy: order, first: SIZE, after });
        expect(p.totalCount).toBe(TOTAL);
        const remaining = TOTAL - ids.length;
        expect(p.edges).toHaveLength(Math.min(SIZE, remaining));
        expect(p.pageInfo.hasNextPage).toBe(remaining > SIZE);
        expect(p.pageInfo.hasPreviousPage).toBe(index > 0);
        expect(p.pageInfo.startCursor).toBe(p.edges[0].cursor);
        expect(p.pageInfo.endCursor).toBe(p.edges[p.edges.length - 1].cursor);
        ids.push(...p.edges.map((edge) => edge.node.id));
        if (!p.pageInfo.hasNextPage) break;
        after = p.pageInfo.endCursor;
      }
      expect(ids).toEqual(expectedOrder(order));
    });

    it(`backward with last: ${SIZE} and before: every event once, in order, with the right page flags`, async () => {
      let ids: string[] = [];
      let before: string | null = null;
      for (let index = 0; ; index++) {
        expect(index).toBeLessThan(50);
        const p: Page = await page({ orderBy: order, last: SIZE, before });
        expect(p.totalCount).toBe(TOTAL);
        const remaining = TOTAL - ids.length;
        expect(p.edges).toHaveLength(Math.min(SIZE, remaining));
        expect(p.pageInfo.hasPreviousPage).toBe(remaining > SIZE);
        expect(p.pageInfo.hasNextPage).toBe(index > 0);
        expect(p.pageInfo.startCursor).toBe(p.edges[0].cursor);
        expect(p.pageInfo.endCursor).toBe(p.edges[p.edges.length - 1].cursor);
        ids = [...p.edges.map((edge) => edge.node.id), ...ids];
        if (!p.pageInfo.hasPreviousPage) break;
        before = p.pageInfo.startCursor;
      }
      expect(ids).toEqual(expectedOrder(order));
    });
  });

  it('pages through a filtered set with after and before', async () => {
    const expected = expectedOrder(
      'OCCURRED_DESC',
      stored.filter((e) => e.streamId === 'page-c'),
    );
    expect(expected).toHaveLength(200);
    const ids: string[] = [];
    let after: string | null = null;
    do {
      const p: Page = await page({ filter: { streamId: 'page-c' }, orderBy: 'OCCURRED_DESC', first: SIZE, after });
      expect(p.totalCount).toBe(200);
      ids.push(...p.edges.map((edge) => edge.node.id));
      after = p.pageInfo.hasNextPage ? p.pageInfo.endCursor : null;
    } while (after);
    expect(ids).toEqual(expected);
  });

  it('first and after with before: the events strictly between the two cursors', async () => {
    const all = await page({ orderBy: 'OCCURRED_ASC', first: 100 });
    const from = all.edges[10].cursor;
    const to = all.edges[40].cursor;
    const between = await page({ orderBy: 'OCCURRED_ASC', first: 100, after: from, before: to });
    expect(between.edges.map((edge) => edge.node.id)).toEqual(all.edges.slice(11, 40).map((edge) => edge.node.id));
    expect(between.pageInfo.hasNextPage).toBe(false);
    const lastFew = await page({ orderBy: 'OCCURRED_ASC', last: 5, after: from, before: to });
    expect(lastFew.edges.map((edge) => edge.node.id)).toEqual(all.edges.slice(35, 40).map((edge) => edge.node.id));
    expect(lastFew.pageInfo.hasPreviousPage).toBe(true);
  });

  it('first: 500 is allowed; a page that ends exactly at the end has no next page', async () => {
    const one = await page({ orderBy: 'POSITION_ASC', first: 500 });
    expect(one.edges).toHaveLength(500);
    expect(one.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    const two = await page({ orderBy: 'POSITION_ASC', first: 500, after: one.pageInfo.endCursor });
    expect(two.edges).toHaveLength(500);
    expect(two.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
    expect([...one.edges, ...two.edges].map((edge) => edge.node.id)).toEqual(expectedOrder('POSITION_ASC'));
    const back = await page({ orderBy: 'POSITION_ASC', last: 500 });
    expect(back.edges.map((edge) => edge.node.id)).toEqual(expectedOrder('POSITION_ASC').slice(500));
    expect(back.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
  });

  it('the default page size is 50, in the default order (POSITION_ASC)', async () => {
    const res = await t.gql(
      '{ events { totalCount pageInfo { hasNextPage hasPreviousPage } edges { node { id } } } }',
      {},
      null,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.events.edges.map((edge: any) => edge.node.id)).toEqual(expectedOrder('POSITION_ASC').slice(0, 50));
    expect(res.data.events.pageInfo).toEqual({ hasNextPage: true, hasPreviousPage: false });
    expect(res.data.events.totalCount).toBe(TOTAL);
    const occurred = await page({ orderBy: 'OCCURRED_DESC' });
    expect(occurred.edges.map((edge) => edge.node.id)).toEqual(expectedOrder('OCCURRED_DESC').slice(0, 50));
  });

  it('first: 0 returns no edges', async () => {
    const p = await page({ first: 0 });
    expect(p.edges).toEqual([]);
    expect(p.totalCount).toBe(TOTAL);
    expect(p.pageInfo.startCursor).toBeNull();
    expect(p.pageInfo.endCursor).toBeNull();
    expect(p.pageInfo.hasNextPage).toBe(true);
  });

  describe('bad arguments', () => {
    async function badInput(
      variables: Record<string, unknown>,
    ): Promise<{ code: string | undefined; paths: string[]; message: string }> {
      const res = await t.gql(PAGE, variables, null);
      expect(res.data?.events ?? null).toBeNull();
      return errorOf(res);
    }

    it('first: 501 and last: 501 are refused, naming the argument', async () => {
      expect(await badInput({ first: 501 })).toMatchObject({
        code: 'BAD_USER_INPUT',
        paths: ['first'],
        message: expect.stringContaining('first'),
      });
      expect(await badInput({ last: 501 })).toMatchObject({
        code: 'BAD_USER_INPUT',
        paths: ['last'],
        message: expect.stringContaining('last'),
      });
    });

    it('negative first or last is refused', async () => {
      expect(await badInput({ first: -1 })).toMatchObject({ code: 'BAD_USER_INPUT', paths: ['first'] });
      expect(await badInput({ last: -5 })).toMatchObject({ code: 'BAD_USER_INPUT', paths: ['last'] });
    });

    it('first together with last is refused', async () => {
      const error = await badInput({ first: 10, last: 10 });
      expect(error.code).toBe('BAD_USER_INPUT');
      expect(error.message).toMatch(/first|last/);
    });

    it('a malformed cursor is refused', async () => {
      const json = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
      for (const cursor of [
        'not a cursor',
        'Zm9vYmFy',
        json({ k: 'P', p: '-1' }),
        json({ k: 'P' }),
        json({ k: 'O', p: '5', t: 'yesterday' }),
        json([1, 2]),
        '',
      ]) {
        expect(await badInput({ first: 5, after: cursor })).toMatchObject({ code: 'BAD_USER_INPUT', paths: ['after'] });
      }
      expect(await badInput({ last: 5, before: 'Zm9vYmFy' })).toMatchObject({
        code: 'BAD_USER_INPUT',
        paths: ['before'],
      });
    });

    it('a cursor of another ordering is refused', async () => {
      const byPosition = await page({ orderBy: 'POSITION_ASC', first: 3 });
      const byOccurred = await page({ orderBy: 'OCCURRED_ASC', first: 3 });
      expect(await badInput({ orderBy: 'OCCURRED_ASC', first: 5, after: byPosition.pageInfo.endCursor })).toMatchObject(
        { code: 'BAD_USER_INPUT', paths: ['after'] },
      );
      expect(
        await badInput({ orderBy: 'OCCURRED_DESC', last: 5, before: byPosition.pageInfo.startCursor }),
      ).toMatchObject({ code: 'BAD_USER_INPUT', paths: ['before'] });
      expect(
        await badInput({ orderBy: 'POSITION_DESC', first: 5, after: byOccurred.pageInfo.endCursor }),
      ).toMatchObject({ code: 'BAD_USER_INPUT', paths: ['after'] });
      expect(await badInput({ first: 5, after: byOccurred.pageInfo.endCursor })).toMatchObject({
        code: 'BAD_USER_INPUT',
        paths: ['after'],
      });
    });

    it('a cursor of the same key but the other direction is refused too (cursors belong to their ordering)', async () => {
      const ascending = await page({ orderBy: 'POSITION_ASC', first: 3 });
      const descending = await page({ orderBy: 'OCCURRED_DESC', first: 3 });
      expect(await badInput({ orderBy: 'POSITION_DESC', first: 5, after: ascending.pageInfo.endCursor })).toMatchObject(
        { code: 'BAD_USER_INPUT', paths: ['after'] },
      );
      expect(await badInput({ orderBy: 'OCCURRED_ASC', first: 5, after: descending.pageInfo.endCursor })).toMatchObject(
        { code: 'BAD_USER_INPUT', paths: ['after'] },
      );
    });
  });
});
