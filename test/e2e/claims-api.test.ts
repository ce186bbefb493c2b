/**
 * The claims ledger over GraphQL, against the real app: `claims` with its filters (status, claimant
 * and anyone acting for it, from/to, asOf) and their refusals with the argument's path, `claim` by
 * event id with its disputes resolved (actors, events), the readouts of a call (`claims(readoutOf:)`,
 * `Call.readouts` and `Call.contested`, at the calls query's asOf). The rules themselves are in the
 * fold specs and test/integration/claims.test.ts.
 */
import { type RawEvent, appendEvents, errorOf, rawEvent, registerActors, source } from '../support/fixtures.js';
import { type TestApp, startTestApp } from '../support/test-app.js';

const ev = (type: string, data: Record<string, unknown>, occurredAt: string): RawEvent =>
  rawEvent(type, data, { occurredAt, occurredPrecision: 'HOUR', sources: [source({ publisher: 'Wire' })] });

describe('the claims ledger over GraphQL', () => {
  let t: TestApp;
  let head = '0';
  const ids: Record<string, string> = {};

  async function append(streamId: string, ...events: RawEvent[]) {
    const result = await appendEvents(t, { streamId, events });
    head = result.lastPosition;
    return result;
  }

  async function claims(args: string, variables: Record<string, unknown> = {}): Promise<any[]> {
    const res = await t.gql(
      `query($p: BigInt) { claims(minPosition: $p${args ? `, ${args}` : ''}) { event { id } status claimant { id } } }`,
      { p: head, ...variables },
    );
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    return res.data.claims;
  }
  const eventIds = (list: any[]) => list.map((c) => c.event.id);

  beforeAll(async () => {
    t = await startTestApp();
    await registerActors(t);
    ids.kremlin = (
      await append(
        'statement-kremlin',
        ev('STATEMENT_MADE', { speaker: 'kremlin', text: 'Energy infrastructure only.' }, '2025-03-18T17:00:00Z'),
      )
    ).events[0].id;
    ids.whiteHouse = (
      await append(
        'statement-white-house',
        ev('STATEMENT_MADE', { speaker: 'trump', text: 'Energy and infrastructure.' }, '2025-03-18T16:00:00Z'),
      )
    ).events[0].id;
    ids.dispute = (
      await append(
        'claim-zelensky',
        ev(
          'CLAIM_DISPUTED',
          { disputedEventId: ids.kremlin, by: 'zelensky', text: 'very much at odds with reality' },
          '2025-03-19T10:00:00Z',
        ),
      )
    ).events[0].id;
    ids.ownSide = (
      await append(
        'claim-ushakov',
        ev('CLAIM_DISPUTED', { disputedEventId: ids.kremlin, by: 'ushakov', text: 'a nuance' }, '2025-03-19T11:00:00Z'),
      )
    ).events[0].id;
    ids.retracted = (
      await append(
        'statement-waltz',
        ev('STATEMENT_MADE', { speaker: 'waltz', text: 'reported in error' }, '2025-03-19T08:00:00Z'),
      )
    ).events[0].id;
    await append(
      'statement-waltz',
      ev('EVENT_RETRACTED', { retractedEventId: ids.retracted, reason: 'misquoted' }, '2025-03-20T00:00:00Z'),
    );
  });

  afterAll(() => t?.close());

  it('lists claims in valid-time order, retracted ones only when asked for', async () => {
    expect(await claims('')).toEqual([
      { event: { id: ids.whiteHouse }, status: 'UNDISPUTED', claimant: { id: 'trump' } },
      { event: { id: ids.kremlin }, status: 'DISPUTED', claimant: { id: 'kremlin' } },
    ]);
    expect(eventIds(await claims('status: [RETRACTED]'))).toEqual([ids.retracted]);
    expect(eventIds(await claims('status: [UNDISPUTED, DISPUTED, RETRACTED]'))).toEqual([
      ids.whiteHouse,
      ids.kremlin,
      ids.retracted,
    ]);
    expect(eventIds(await claims('status: [DISPUTED]'))).toEqual([ids.kremlin]);
  });

  it('filters by claimant (and anyone acting for it), by time, and at asOf', async () => {
    expect(eventIds(await claims('claimantId: "russia"'))).toEqual([ids.kremlin]);
    expect(eventIds(await claims('claimantId: "us"'))).toEqual([ids.whiteHouse]);
    expect(eventIds(await claims('claimantId: "trump"'))).toEqual([ids.whiteHouse]);
    expect(eventIds(await claims('from: "2025-03-18T16:30:00Z", to: "2025-03-18T18:00:00Z"'))).toEqual([ids.kremlin]);
    // Before Zelensky's dispute the Kremlin's readout stood undisputed.
    expect(await claims('asOf: "2025-03-19T09:00:00Z"')).toEqual([
      { event: { id: ids.whiteHouse }, status: 'UNDISPUTED', claimant: { id: 'trump' } },
      { event: { id: ids.kremlin }, status: 'UNDISPUTED', claimant: { id: 'kremlin' } },
    ]);
  });

  it('claim(eventId): the claim with every dispute, own side included; null for an event that is no claim', async () => {
    const res = await t.gql(
      `query($id: ID!) { claim(eventId: $id) { status claimant { name } readoutOf { id }
         disputes { by { id } at text event { id type } } event { type } } }`,
      { id: ids.kremlin.toUpperCase() },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.claim).toEqual({
      status: 'DISPUTED',
      claimant: { name: 'The Kremlin' },
      readoutOf: null,
      event: { type: 'STATEMENT_MADE' },
      disputes: [
        {
          by: { id: 'zelensky' },
          at: '2025-03-19T10:00:00.000Z',
          text: 'very much at odds with reality',
          event: { id: ids.dispute, type: 'CLAIM_DISPUTED' },
        },
        {
          by: { id: 'ushakov' },
          at: '2025-03-19T11:00:00.000Z',
          text: 'a nuance',
          event: { id: ids.ownSide, type: 'CLAIM_DISPUTED' },
        },
      ],
    });
    const none = await t.gql(`query($id: ID!) { claim(eventId: $id) { status } }`, { id: ids.dispute });
    expect(none.data.claim).toBeNull();
    const unknown = await t.gql(`{ claim(eventId: "00000000-0000-4000-8000-000000000000") { status } }`);
    expect(unknown.data.claim).toBeNull();
  });

  it.each([
    ['claims(claimantId: "nobody") { status }', 'claimantId', /unknown actor "nobody"/],
    ['claims(readoutOf: "not-a-uuid") { status }', 'readoutOf', /uuid/],
    // A bad filter is answered first, with or without after (even an after that names no claim).
    [
      'claims(claimantId: "nobody", first: 5, after: "00000000-0000-4000-8000-000000000000") { status }',
      'claimantId',
      /unknown actor "nobody"/,
    ],
    ['claims(from: "2025-03-19T00:00:00Z", to: "2025-03-18T00:00:00Z") { status }', 'to', /after from/],
    [`claims(status: [${Array.from({ length: 21 }, () => 'DISPUTED').join(', ')}]) { status }`, 'status', /at most 20/],
    ['claim(eventId: "x") { status }', 'eventId', /uuid/],
  ])('refuses %s naming %s', async (field, path, reason) => {
    const res = await t.gql(`{ ${field} }`);
    const error = errorOf(res);
    expect(error.code).toBe('BAD_USER_INPUT');
    expect(error.paths).toEqual([path]);
    expect(error.message).toMatch(reason);
  });
  describe('readouts', () => {
    beforeAll(async () => {
      ids.call = (
        await append(
          'call-trump-putin',
          ev('CALL_HELD', { participants: ['trump', 'putin'], channel: 'PHONE' }, '2025-03-18T14:00:00Z'),
        )
      ).events[0].id;
      ids.readoutRu = (
        await append(
          'statement-kremlin-readout',
          ev(
            'STATEMENT_MADE',
            { speaker: 'kremlin', text: 'energy infrastructure', readoutOf: ids.call },
            '2025-03-18T17:00:00Z',
          ),
        )
      ).events[0].id;
      ids.readoutUs = (
        await append(
          'statement-white-house-readout',
          ev(
            'STATEMENT_MADE',
            { speaker: 'trump', text: 'energy and infrastructure', readoutOf: ids.call },
            '2025-03-18T18:00:00Z',
          ),
        )
      ).events[0].id;
      await append(
        'claim-zelensky-readout',
        ev(
          'CLAIM_DISPUTED',
          { disputedEventId: ids.readoutRu, by: 'zelensky', text: 'at odds with reality' },
          '2025-03-19T12:00:00Z',
        ),
      );
    });

    it('claims(readoutOf) lists the readouts of a call; an unknown call has none', async () => {
      expect(await claims(`readoutOf: "${ids.call}"`)).toEqual([
        { event: { id: ids.readoutRu }, status: 'DISPUTED', claimant: { id: 'kremlin' } },
        { event: { id: ids.readoutUs }, status: 'UNDISPUTED', claimant: { id: 'trump' } },
      ]);
      expect(await claims('readoutOf: "00000000-0000-4000-8000-000000000000"')).toEqual([]);
    });

    it('claims(readoutOf) pages after a readout, or after a claim of another stream (by its place in time)', async () => {
      const page = async (after: string) =>
        eventIds(await claims(`readoutOf: "${ids.call}", first: 5, after: "${after}"`));
      expect(await page(ids.readoutRu)).toEqual([ids.readoutUs]);
      // The Kremlin's own statement (no readout) at the same time as its readout, appended before it.
      expect(await page(ids.kremlin)).toEqual([ids.readoutRu, ids.readoutUs]);
      expect(await page(ids.readoutUs)).toEqual([]);
    });

    it('Call.readouts and Call.contested, read at the calls query’s asOf', async () => {
      await claims(''); // the claims read model has reached the last append (minPosition)
      const calls = async (asOf: string | null) => {
        const res = await t.gql(
          `query($asOf: DateTime) { calls(actorId: "putin", asOf: $asOf) { contested readouts { event { id } status readoutOf { id } } } }`,
          { asOf },
        );
        if (res.errors) throw new Error(JSON.stringify(res.errors));
        return res.data.calls;
      };
      expect(await calls(null)).toEqual([
        {
          contested: true,
          readouts: [
            { event: { id: ids.readoutRu }, status: 'DISPUTED', readoutOf: { id: ids.call } },
            { event: { id: ids.readoutUs }, status: 'UNDISPUTED', readoutOf: { id: ids.call } },
          ],
        },
      ]);
      // Before Zelensky's dispute the call was not contested; before the White House spoke it had one readout.
      expect(await calls('2025-03-19T00:00:00Z')).toMatchObject([{ contested: false }]);
      expect((await calls('2025-03-18T17:30:00Z'))[0].readouts.map((r: any) => r.event.id)).toEqual([ids.readoutRu]);
    });
  });

  describe('violation tallies over HTTP', () => {
    it('a truce answers what each side claims against the other, running totals replaced and disputed reports counted', async () => {
      const truce = 'agreement-easter-truce';
      await append(
        truce,
        ev(
          'AGREEMENT_REACHED',
          {
            parties: ['russia'],
            title: 'Easter truce',
            terms: { kind: 'CEASEFIRE', durationHours: 30 },
            unilateral: true,
          },
          '2025-04-19T16:00:00Z',
        ),
      );
      const kyiv = await append(
        truce,
        ev(
          'VIOLATION_REPORTED',
          {
            violator: 'russia',
            reportedBy: 'zelensky',
            count: 59,
            cumulative: true,
            periodFrom: '2025-04-19T16:00:00Z',
          },
          '2025-04-19T22:00:00Z',
        ),
        ev(
          'VIOLATION_REPORTED',
          {
            violator: 'russia',
            reportedBy: 'zelensky',
            count: 2935,
            cumulative: true,
            periodFrom: '2025-04-19T16:00:00Z',
          },
          '2025-04-20T22:00:00Z',
        ),
        ev(
          'VIOLATION_REPORTED',
          {
            violator: 'ukraine',
            reportedBy: 'kremlin',
            count: 1000,
            periodFrom: '2025-04-20T06:00:00Z',
            periodUntil: '2025-04-20T18:00:00Z',
          },
          '2025-04-20T20:00:00Z',
        ),
      );
      await append(
        'claim-kremlin-denies',
        ev(
          'CLAIM_DISPUTED',
          { disputedEventId: kyiv.events[1].id, by: 'kremlin', text: 'a provocation' },
          '2025-04-21T08:00:00Z',
        ),
      );
      const res = await t.gql(
        `query($p: BigInt) { ceasefire(id: "${truce}", minPosition: $p) {
           violationClaims { reportedBy { id } accused { id } reports claimed disputedReports inferred }
           violations { count periodFrom periodUntil reportedBy { id } } } }`,
        { p: head },
      );
      expect(res.errors).toBeUndefined();
      expect(res.data.ceasefire.violationClaims).toEqual([
        {
          reportedBy: { id: 'ukraine' },
          accused: { id: 'russia' },
          reports: 2,
          claimed: 2935,
          disputedReports: 1,
          inferred: 0,
        },
        {
          reportedBy: { id: 'russia' },
          accused: { id: 'ukraine' },
          reports: 1,
          claimed: 1000,
          disputedReports: 0,
          inferred: 0,
        },
      ]);
      // Only reports against the declarer's side are violations of a unilateral truce; each keeps its count and period.
      expect(res.data.ceasefire.violations).toEqual([
        {
          count: 59,
          periodFrom: '2025-04-19T16:00:00.000Z',
          periodUntil: expect.any(String),
          reportedBy: { id: 'zelensky' },
        },
        {
          count: 2935,
          periodFrom: '2025-04-19T16:00:00.000Z',
          periodUntil: expect.any(String),
          reportedBy: { id: 'zelensky' },
        },
      ]);
    });
  });
});
