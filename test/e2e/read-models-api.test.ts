/**
 * What only the GraphQL API and HTTP do for the ceasefire and pledge read models, against the real
 * app: the selection decides whether the violations are read (also through a fragment), the BigInt
 * scalar refuses a minPosition that is not a position (as a variable and as a literal), the
 * resolvers refuse a malformed id, a violation's claim and the violation tallies resolve their
 * actors, and /health reports the projections. The read models' own rules
 * are tested on the services in test/integration/read-models.test.ts.
 */
import { type TestApp, startTestApp } from '../support/test-app.js';
import {
  type RawEvent,
  appendEvents,
  errorOf,
  pledgeMade,
  registerActors,
  strikeReported,
  violationReported,
} from '../support/fixtures.js';

describe('the ceasefire and pledge read models over GraphQL and HTTP', () => {
  let t: TestApp;
  /** The last position appended: reads pass it as minPosition to see their own writes. */
  let head = '0';
  const broken = 'pledge-broken-2024';

  async function append(streamId: string, event: RawEvent): Promise<void> {
    head = (await appendEvents(t, { streamId, events: [event] })).lastPosition;
  }

  async function query(text: string, variables: Record<string, unknown> = {}): Promise<any> {
    const res = await t.gql(text, variables);
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    return res.data;
  }

  beforeAll(async () => {
    t = await startTestApp();
    await registerActors(t);
    // A pledge broken by a strike of ushakov (ushakov → putin → russia), with a reported violation after it.
    await append(broken, pledgeMade({}, { occurredAt: '2024-04-01T10:00:00Z' }));
    await append(
      'strike-ushakov-energy-2024',
      strikeReported({ attacker: 'ushakov' }, { occurredAt: '2024-04-03T10:52:00Z' }),
    );
    await append(
      broken,
      violationReported(
        { violator: 'russia', reportedBy: 'zelensky' },
        { occurredAt: '2024-04-04T00:00:00Z', occurredPrecision: 'DAY' },
      ),
    );
    // The tests below ask without minPosition: wait here until both projections hold every append.
    await query(`query($p: BigInt) { ceasefires(minPosition: $p) { id } pledges(minPosition: $p) { id } }`, {
      p: head,
    });
  });

  afterAll(() => t?.close());

  it('a query that does not ask for violations gets the same state, brokenAt and lifetime (the database sends only the earliest)', async () => {
    const fields = 'id state brokenAt lifetime { minSeconds maxSeconds text }';
    const without = await query(`query($id: String!) { pledge(id: $id) { ${fields} } pledges { ${fields} } }`, {
      id: broken,
    });
    const withList = await query(
      `query($id: String!) { pledge(id: $id) { ${fields} violations { at } } pledges { ${fields} violations { at } } }`,
      { id: broken },
    );
    expect(withList.pledge.violations).toHaveLength(2);
    const { violations: _list, ...rest } = withList.pledge;
    expect(without.pledge).toEqual(rest);
    expect(without.pledges).toEqual(withList.pledges.map(({ violations: _v, ...p }: { violations: unknown }) => p));
    // Through a fragment, the list is asked for, and given whole.
    const fragment = await query(
      `query($id: String!) { pledge(id: $id) { ...P } } fragment P on Pledge { id violations { at } }`,
      { id: broken },
    );
    expect(fragment.pledge.violations).toHaveLength(2);
  });

  it('a violation names its report’s claim, and the tallies name the sides, with or without the list and at asOf', async () => {
    await append(
      broken,
      violationReported(
        { violator: 'ukraine', reportedBy: 'kremlin' },
        { occurredAt: '2024-04-05T00:00:00Z', occurredPrecision: 'DAY' },
      ),
    );
    const tallies = 'violationClaims { reportedBy { id } accused { id } reports claimed disputedReports inferred }';
    const list = await query(
      `query($id: String!, $p: BigInt) { pledge(id: $id, minPosition: $p) {
         violations { basis count periodFrom periodUntil reportedBy { id } by { id } } ${tallies} } }`,
      { id: broken, p: head },
    );
    // the report against ukraine is no violation of russia's pledge, but it is a claim
    expect(list.pledge.violations).toEqual([
      { basis: 'INFERRED', count: 1, periodFrom: null, periodUntil: null, reportedBy: null, by: { id: 'ushakov' } },
      {
        basis: 'REPORTED',
        count: 1,
        periodFrom: '2024-04-04T00:00:00.000Z',
        periodUntil: '2024-04-05T00:00:00.000Z',
        reportedBy: { id: 'zelensky' },
        by: { id: 'russia' },
      },
    ]);
    const rows = [
      {
        reportedBy: { id: 'ukraine' },
        accused: { id: 'russia' },
        reports: 1,
        claimed: 1,
        disputedReports: 0,
        inferred: 1,
      },
      {
        reportedBy: { id: 'russia' },
        accused: { id: 'ukraine' },
        reports: 1,
        claimed: 1,
        disputedReports: 0,
        inferred: 0,
      },
    ];
    expect(list.pledge.violationClaims).toEqual(rows);
    // from the brief state, which holds only the earliest violation
    const brief = await query(`query($id: String!) { pledge(id: $id) { violationCount ${tallies} } }`, { id: broken });
    expect(brief.pledge).toEqual({ violationCount: 2, violationClaims: rows });
    // before the second report was made
    const before = await query(`query($id: String!) { pledge(id: $id, asOf: "2024-04-04T12:00:00Z") { ${tallies} } }`, {
      id: broken,
    });
    expect(before.pledge.violationClaims).toEqual([rows[0]]);
  });

  it('minPosition that is not a position answers BAD_USER_INPUT', async () => {
    const res = await t.gql(`query($p: BigInt) { pledge(id: "${broken}", minPosition: $p) { id } }`, { p: 'abc' });
    expect(res.data?.pledge ?? null).toBeNull();
    expect(errorOf(res).code).toBe('BAD_USER_INPUT');
    const negative = await t.gql(`query($p: BigInt) { ceasefires(minPosition: $p) { id } }`, { p: '-1' });
    expect(errorOf(negative).code).toBe('BAD_USER_INPUT');
    const literal = await t.gql(`{ pledges(minPosition: "abc") { id } }`);
    expect(['BAD_USER_INPUT', 'GRAPHQL_VALIDATION_FAILED']).toContain(errorOf(literal).code);
  });

  it('a malformed id answers BAD_USER_INPUT naming id', async () => {
    for (const q of [
      `{ pledge(id: "Bad Id!") { id } }`,
      `{ pledge(id: "Bad Id!", asOf: "2025-01-01T00:00:00Z") { id } }`,
      `{ ceasefire(id: "Bad Id!") { id } }`,
      `{ ceasefire(id: "Bad Id!", knownAt: "2025-01-01T00:00:00Z") { id } }`,
    ]) {
      const res = await t.gql(q, {}, null);
      expect(res.data?.pledge ?? res.data?.ceasefire ?? null).toBeNull();
      expect(errorOf(res)).toMatchObject({ code: 'BAD_USER_INPUT', paths: ['id'] });
    }
  });

  it('/health reports each projection position and lag', async () => {
    const response = await fetch(`${t.url}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      status: 'ok',
      lastPosition: head,
      projections: { ceasefires: { position: head, lag: 0 }, pledges: { position: head, lag: 0 } },
    });
  });
});
