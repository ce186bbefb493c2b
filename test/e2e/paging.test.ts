/**
 * Relay paging of Query.events end to end: 1,000 events whose valid-time order differs from the
 * log order (with ties on occurredAt), paged forward and backward in each of the four orderings;
 * page-size limits and cursor errors. Then the read-model lists (ceasefires, pledges, agreements)
 * walked with first/after, with states and other filters, now, at asOf and at knownAt: exactly
 * their unpaged answers; bad first/after refused with their names.
 */
import {
  appendEvents,
  captureInstant,
  claimDisputed,
  errorOf,
  pledgeMade,
  pledgeWithdrawn,
  proposalMade,
  registerActors,
  statementMade,
  type TestEvent,
  withPg,
} from '../support/fixtures.js';
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

describe('paging through read-model lists (first/after)', () => {
  let t: TestApp;
  let head = '0';
  /** The pledges appended before `midway` (recorded time): what knownAt: midway answers. */
  const early: string[] = [];
  let midway = '';
  const PLEDGES = 45;
  /** Ids whose byte order differs from a natural-language collation's ('-' < '.' < digits < ':' < letters). */
  const pledgeId = (i: number) => `pl${['.', '-', ':', ''][i % 4]}${i}`;
  const byteOrder = (ids: string[]) => [...ids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

  beforeAll(async () => {
    t = await startTestApp();
    await registerActors(t);
    // A third withdrawn in April 2025, a third expired after 30 days in 2024, a third holding; every
    // fifth made in March 2025 (after the asOf the tests ask about).
    for (let i = 0; i < PLEDGES; i++) {
      const made = i % 5 === 0 ? '2025-03-01T10:00:00Z' : '2024-06-01T10:00:00Z';
      const events: TestEvent[] = [pledgeMade({ durationDays: i % 3 === 1 ? 30 : undefined }, { occurredAt: made })];
      if (i % 3 === 0) events.push(pledgeWithdrawn({}, { occurredAt: '2025-04-01T10:00:00Z' }));
      head = (await appendEvents(t, { streamId: pledgeId(i), events })).lastPosition;
      if (i < 20) early.push(pledgeId(i));
      if (i === 19) midway = await withPg(t.database.url, captureInstant);
    }
    // Seven ceasefire proposals (ceasefires and agreements), three of them by Saudi Arabia.
    for (let i = 0; i < 7; i++) {
      const proposers = i % 3 === 0 ? ['saudi-arabia'] : ['us'];
      head = (
        await appendEvents(t, {
          streamId: `cf${['-', '.', ''][i % 3]}${i}`,
          events: [proposalMade({ proposers }, { occurredAt: `2025-03-1${i}T10:00:00Z` })],
        })
      ).lastPosition;
    }
    // Claims: 16 statements in two streams, many at the same occurredAt, two of them disputed.
    for (const [stream, speaker] of [
      ['claims-a', 'putin'],
      ['claims-b', 'zelensky'],
    ]) {
      const events: TestEvent[] = [];
      for (let k = 0; k < 8; k++)
        events.push(
          statementMade(
            { speaker, text: `${stream} ${k}` },
            { occurredAt: new Date(BASE + ((k * 5) % 3) * 3_600_000).toISOString() },
          ),
        );
      const appended = await appendEvents(t, { streamId: stream, events });
      head = (
        await appendEvents(t, {
          streamId: `dispute-${stream}`,
          events: [
            claimDisputed(
              appended.events[3].id,
              { by: speaker === 'putin' ? 'zelensky' : 'kremlin' },
              { occurredAt: '2025-02-01T00:00:00Z' },
            ),
          ],
        })
      ).lastPosition;
    }
  }, 120_000);
  afterAll(() => t?.close());

  interface Claim {
    event: { id: string; occurredAt: string };
    status: string;
  }

  async function claims(args: Record<string, unknown>): Promise<Claim[]> {
    const res = await t.gql(
      `query($first: Int, $after: ID, $status: [ClaimStatus!], $claimantId: ID, $asOf: DateTime, $minPosition: BigInt) {
        claims(first: $first, after: $after, status: $status, claimantId: $claimantId, asOf: $asOf, minPosition: $minPosition) {
          event { id occurredAt } status
        }
      }`,
      args,
    );
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    return res.data.claims;
  }

  async function list(field: string, args: Record<string, unknown>): Promise<Array<{ id: string; state: string }>> {
    const params = Object.keys(args)
      .map((name) => `${name}: $${name}`)
      .join(', ');
    const types: Record<string, string> = {
      first: 'Int',
      after: 'String',
      asOf: 'DateTime',
      knownAt: 'DateTime',
      minPosition: 'BigInt',
      actorId: 'ID',
      states:
        field === 'pledges' ? '[PledgeState!]' : field === 'ceasefires' ? '[CeasefireState!]' : '[AgreementState!]',
      kinds: '[AgreementKind!]',
    };
    const declared = Object.keys(args)
      .map((name) => `$${name}: ${types[name]}`)
      .join(', ');
    const res = await t.gql(
      `query${declared ? `(${declared})` : ''} { ${field}${params ? `(${params})` : ''} { id state } }`,
      args,
    );
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    return res.data[field];
  }

  /** Every page of `field` with `args`, `first` at a time: each page full but the last, no id twice. */
  async function walk(
    field: string,
    args: Record<string, unknown>,
    first: number,
  ): Promise<Array<{ id: string; state: string }>> {
    const all: Array<{ id: string; state: string }> = [];
    let after: string | null = null;
    for (let n = 0; ; n++) {
      expect(n).toBeLessThan(100); // no endless paging
      const page: Array<{ id: string; state: string }> = await list(field, {
        ...args,
        first,
        ...(after ? { after } : {}),
      });
      expect(page.length).toBeLessThanOrEqual(first);
      all.push(...page);
      if (page.length < first) break;
      after = page[page.length - 1].id;
    }
    expect(new Set(all.map((s) => s.id)).size).toBe(all.length);
    return all;
  }

  it('the data set has what the test needs: every pledge state, and an id order unlike a natural one', async () => {
    const pledges = await list('pledges', { minPosition: head });
    expect(pledges.map((p) => p.id)).toEqual(byteOrder(Array.from({ length: PLEDGES }, (_, i) => pledgeId(i))));
    expect(new Set(pledges.map((p) => p.state))).toEqual(new Set(['HOLDING', 'EXPIRED', 'WITHDRAWN']));
    expect(pledges.slice(0, 3).map((p) => p.id)).toEqual(['pl-1', 'pl-13', 'pl-17']);
  });

  it.each([
    ['every pledge, one at a time', {}, 1],
    ['every pledge', {}, 7],
    ['HOLDING pledges', { states: ['HOLDING'] }, 4],
    ['EXPIRED and WITHDRAWN pledges', { states: ['EXPIRED', 'WITHDRAWN'] }, 10],
    ['pledges at asOf', { asOf: '2025-01-01T00:00:00Z' }, 6],
    ['HOLDING pledges at asOf', { asOf: '2025-01-01T00:00:00Z', states: ['HOLDING'] }, 5],
    ['WITHDRAWN pledges at asOf (none)', { asOf: '2025-01-01T00:00:00Z', states: ['WITHDRAWN'] }, 3],
  ])('%s: the pages are the unpaged answer, in id order', async (_name, args, first) => {
    const unpaged = await list('pledges', { ...args, minPosition: head });
    expect(unpaged.map((p) => p.id)).toEqual(byteOrder(unpaged.map((p) => p.id)));
    expect(await walk('pledges', args, first)).toEqual(unpaged);
    // One page as large as the list is the list.
    if (unpaged.length <= 100) expect(await list('pledges', { ...args, first: 100 })).toEqual(unpaged);
  });

  it('at asOf, the pledges not made yet are left out and the later withdrawals not applied', async () => {
    const asOf = await walk('pledges', { asOf: '2025-01-01T00:00:00Z' }, 8);
    const expected = Array.from({ length: PLEDGES }, (_, i) => i).filter((i) => i % 5 !== 0);
    expect(asOf.map((p) => p.id)).toEqual(byteOrder(expected.map(pledgeId)));
    expect(asOf.some((p) => p.state === 'WITHDRAWN')).toBe(false);
  });

  it('at knownAt: the pledges recorded by then, paged like the unpaged answer', async () => {
    const known = await walk('pledges', { knownAt: midway }, 6);
    expect(known.map((p) => p.id)).toEqual(byteOrder(early));
    expect(known).toEqual(await list('pledges', { knownAt: midway }));
  });

  it('after need not be an id of the list: the page starts after where it would sort', async () => {
    const all = await list('pledges', {});
    const page = await list('pledges', { first: 3, after: 'pl-2' });
    const start = all.findIndex((p) => p.id > 'pl-2');
    expect(page).toEqual(all.slice(start, start + 3));
    // after without first: the rest of the list
    expect(await list('pledges', { after: 'pl9' })).toEqual(all.filter((p) => p.id > 'pl9'));
    expect(await list('pledges', { first: 5, after: 'zz' })).toEqual([]);
  });

  it.each([
    ['ceasefires', {}, 3],
    ['ceasefires', { states: ['PROPOSED'] }, 2],
    ['ceasefires', { asOf: '2025-03-13T12:00:00Z' }, 2],
    ['agreements', {}, 2],
    ['agreements', { kinds: ['CEASEFIRE'], actorId: 'saudi-arabia' }, 1],
    ['agreements', { knownAt: '2030-01-01T00:00:00Z', actorId: 'us' }, 3],
  ])('%s %j by %d: the pages are the unpaged answer', async (field, args, first) => {
    const unpaged = await list(field, { ...args, minPosition: head });
    expect(unpaged.length).toBeGreaterThan(0);
    expect(unpaged.map((p) => p.id)).toEqual(byteOrder(unpaged.map((p) => p.id)));
    expect(await walk(field, args, first)).toEqual(unpaged);
  });

  it.each([
    ['claims', {}, 4],
    ['disputed claims', { status: ['DISPUTED'] }, 1],
    ['claims of every status', { status: ['UNDISPUTED', 'DISPUTED', 'RETRACTED'] }, 5],
    ['claims by putin at asOf', { claimantId: 'putin', asOf: new Date(BASE + 3_600_000).toISOString() }, 3],
  ])('%s: the pages are the unpaged answer, in valid-time order', async (_name, args, first) => {
    const unpaged = await claims({ ...args, minPosition: head });
    expect(unpaged.length).toBeGreaterThan(first);
    const walked: Claim[] = [];
    let after: string | null = null;
    for (let n = 0; ; n++) {
      expect(n).toBeLessThan(100);
      const page: Claim[] = await claims({ ...args, first, after });
      walked.push(...page);
      if (page.length < first) break;
      after = page[page.length - 1].event.id;
    }
    expect(walked).toEqual(unpaged);
    expect(new Set(walked.map((c) => c.event.id)).size).toBe(walked.length);
  });

  it('claims after a claim the filter leaves out: those after it in valid-time order', async () => {
    const all = await claims({});
    const undisputed = all.findIndex((c) => c.status === 'UNDISPUTED');
    const after = all[undisputed].event.id;
    const disputedAfter = all.slice(undisputed + 1).filter((c) => c.status === 'DISPUTED');
    expect(disputedAfter.length).toBeGreaterThan(0);
    expect(await claims({ status: ['DISPUTED'], after })).toEqual(disputedAfter);
  });

  describe('bad first and after', () => {
    it('claims: first outside 1-100, an after that is no claim', async () => {
      for (const [args, paths] of [
        ['first: 101', ['first']],
        ['first: 0', ['first']],
        ['first: 5, after: "nope"', ['after']],
        ['first: 5, after: "00000000-0000-4000-8000-000000000000"', ['after']],
        ['first: -2, after: "nope"', ['first', 'after']],
      ] as Array<[string, string[]]>) {
        const res = await t.gql(`{ claims(${args}) { status } }`, {}, null);
        expect(res.data ?? null).toBeNull();
        expect(errorOf(res)).toMatchObject({ code: 'BAD_USER_INPUT', paths });
      }
    });

    async function refused(query: string): Promise<{ code: string | undefined; paths: string[]; message: string }> {
      const res = await t.gql(query, {}, null);
      expect(res.data ?? null).toBeNull();
      return errorOf(res);
    }

    it.each(['ceasefires', 'pledges', 'agreements'])('%s: first outside 1-100, a malformed after', async (field) => {
      for (const first of [0, -1, 101]) {
        for (const asOf of ['', ', asOf: "2025-01-01T00:00:00Z"']) {
          expect(await refused(`{ ${field}(first: ${first}${asOf}) { id } }`)).toMatchObject({
            code: 'BAD_USER_INPUT',
            paths: ['first'],
            message: expect.stringContaining('first: must be 1-100'),
          });
        }
      }
      expect(await refused(`{ ${field}(first: 5, after: "Not An Id!") { id } }`)).toMatchObject({
        code: 'BAD_USER_INPUT',
        paths: ['after'],
        message: expect.stringContaining('after: must be the id of the last item of the previous page'),
      });
      expect(await refused(`{ ${field}(first: 500, after: "") { id } }`)).toMatchObject({
        code: 'BAD_USER_INPUT',
        paths: ['first', 'after'],
      });
    });
  });
});
