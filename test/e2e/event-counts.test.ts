/**
 * eventCounts over HTTP against counts computed here, in JS, from what the test seeded (each
 * event's primary actor, side, target category and country written out by hand from the contract's
 * rule, not derived by the code under test); ISO weeks across a Sunday and a Monday, coarse
 * precision, retractions, corrections, knownAt and occurredFrom/To; the new EventFilter fields
 * (countries, targetCategories, means, sides) on `events`, on eventCounts and on the events export;
 * and refused input with its code and field path.
 */
import type pg from 'pg';
import {
  appendEvents,
  callHeld,
  captureInstant,
  connect,
  errorOf,
  eventCorrected,
  eventRetracted,
  meetingHeld,
  pledgeMade,
  proposalMade,
  registerActors,
  statementMade,
  strikeReported,
  type TestEvent,
  uuid,
  violationReported,
} from '../support/fixtures.js';
import { type TestApp, startTestApp } from '../support/test-app.js';

const COUNTS = `query($period: Period!, $by: [CountDimension!], $filter: EventFilter) {
  eventCounts(period: $period, by: $by, filter: $filter) { periodStart keys count coarse }
}`;
const EVENTS = `query($filter: EventFilter) { events(filter: $filter, first: 500) { totalCount edges { node { id } } } }`;

type Period = 'DAY' | 'WEEK' | 'MONTH';
type Dimension = 'TYPE' | 'SIDE' | 'ACTOR' | 'TARGET_CATEGORY' | 'COUNTRY';
type Precision = 'MINUTE' | 'DAY' | 'MONTH' | 'YEAR';

/** What the test knows of a seeded event, written by hand. */
interface Seeded {
  label: string;
  type: string;
  occurredAt: string;
  precision: Precision;
  /** The primary actor by the contract's rule, and its principal. */
  actor: string;
  side: string;
  target: string | null;
  country: string | null;
  means: string | null;
  /** Named by a retraction. */
  retracted: boolean;
  /** Appended after the captured knownAt instant. */
  late: boolean;
}

interface Bucket {
  periodStart: string;
  keys: string[];
  count: number;
  coarse: number;
}

const DAY_MS = 86_400_000;

/** The period an instant falls in (UTC), computed without SQL. */
function periodStart(at: string, period: Period): string {
  const t = new Date(at);
  const day = Date.UTC(t.getUTCFullYear(), t.getUTCMonth(), t.getUTCDate());
  if (period === 'DAY') return new Date(day).toISOString();
  if (period === 'MONTH') return new Date(Date.UTC(t.getUTCFullYear(), t.getUTCMonth(), 1)).toISOString();
  const sinceMonday = (new Date(day).getUTCDay() + 6) % 7; // getUTCDay: Sunday 0
  return new Date(day - sinceMonday * DAY_MS).toISOString();
}

const RANK: Record<Precision | Period, number> = { MINUTE: 1, DAY: 3, WEEK: 4, MONTH: 5, YEAR: 6 };

function keyOf(event: Seeded, dimension: Dimension): string {
  switch (dimension) {
    case 'TYPE':
      return event.type;
    case 'SIDE':
      return event.side;
    case 'ACTOR':
      return event.actor;
    case 'TARGET_CATEGORY':
      return event.target ?? 'NONE';
    case 'COUNTRY':
      return event.country ?? 'NONE';
  }
}

const byteOrder = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));

/** The buckets eventCounts should answer for these events. */
function expected(events: Seeded[], period: Period, by: Dimension[]): Bucket[] {
  const buckets = new Map<string, Bucket>();
  for (const event of events) {
    const bucket = { periodStart: periodStart(event.occurredAt, period), keys: by.map((d) => keyOf(event, d)) };
    const id = JSON.stringify(bucket);
    const found = buckets.get(id) ?? { ...bucket, count: 0, coarse: 0 };
    found.count += 1;
    if (RANK[event.precision] > RANK[period]) found.coarse += 1;
    buckets.set(id, found);
  }
  return [...buckets.values()].sort((a, b) => {
    if (a.periodStart !== b.periodStart) return a.periodStart < b.periodStart ? -1 : 1;
    for (let i = 0; i < a.keys.length; i++) if (a.keys[i] !== b.keys[i]) return byteOrder(a.keys[i], b.keys[i]);
    return 0;
  });
}

describe('eventCounts and the filters by country, target, means and side', () => {
  let t: TestApp;
  let db: pg.Client;
  const seeded: Seeded[] = [];
  const ids = new Map<string, string>();
  let knownAt: string;

  async function add(
    label: string,
    streamId: string,
    event: TestEvent,
    known: Omit<Seeded, 'label' | 'type' | 'occurredAt' | 'precision' | 'retracted' | 'late'>,
    late = false,
  ): Promise<void> {
    const id = uuid();
    ids.set(label, id);
    await appendEvents(t, { streamId, events: [{ ...event, id }] });
    seeded.push({
      label,
      type: event.type,
      occurredAt: event.occurredAt,
      precision: (event.occurredPrecision ?? 'MINUTE') as Precision,
      retracted: false,
      late,
      ...known,
    });
  }
  const strike = { target: 'ENERGY_INFRASTRUCTURE', country: 'UA', means: 'DRONE' };
  const none = { target: null, country: null, means: null };

  beforeAll(async () => {
    t = await startTestApp({ RUN_PROJECTIONS: 'false' });
    db = await connect(t.database.url);
    await registerActors(t);
    // Sunday 2025-03-16, a minute before midnight UTC, and Monday 2025-03-17 at midnight: two ISO weeks.
    await add('S1', 'strike-s1', strikeReported({}, { occurredAt: '2025-03-16T23:59:00Z' }), {
      actor: 'russia',
      side: 'russia',
      ...strike,
    });
    await add(
      'S2',
      'strike-s2',
      strikeReported({ attacker: 'ukraine', place: 'Tuapse', country: 'RU' }, { occurredAt: '2025-03-17T00:00:00Z' }),
      { actor: 'ukraine', side: 'ukraine', ...strike, country: 'RU' },
    );
    await add(
      'S3',
      'strike-s3',
      strikeReported(
        { attacker: 'kremlin', targetCategory: 'MILITARY', country: undefined, means: 'MISSILE' },
        { occurredAt: '2025-03-17T10:00:00Z' },
      ),
      { actor: 'kremlin', side: 'russia', target: 'MILITARY', country: null, means: 'MISSILE' },
    );
    await add(
      'C1',
      'call-c1',
      callHeld({ participants: ['zelensky', 'trump'], initiator: 'trump' }, { occurredAt: '2025-03-18T14:00:00Z' }),
      { actor: 'trump', side: 'us', ...none },
    );
    await add(
      'C2',
      'call-c2',
      callHeld({ participants: ['putin', 'trump'], initiator: undefined }, { occurredAt: '2025-03-18T16:00:00Z' }),
      { actor: 'putin', side: 'russia', ...none },
    );
    await add(
      'M1',
      'meeting-m1',
      meetingHeld(
        { participants: ['waltz', 'ushakov'] },
        { occurredAt: '2025-03-23T00:00:00Z', occurredPrecision: 'DAY' },
      ),
      { actor: 'waltz', side: 'us', ...none },
    );
    await add(
      'ST1',
      'statement-st1',
      statementMade({ speaker: 'ushakov', text: 'a constructive talk' }, { occurredAt: '2025-03-24T09:00:00Z' }),
      { actor: 'ushakov', side: 'russia', ...none },
    );
    await add(
      'P1',
      'pledge-p1',
      pledgeMade({ by: 'putin' }, { occurredAt: '2025-03-01T00:00:00Z', occurredPrecision: 'MONTH' }),
      { actor: 'putin', side: 'russia', target: 'ENERGY_INFRASTRUCTURE', country: null, means: null },
    );
    await add(
      'PR1',
      'proposal-pr1',
      proposalMade(
        { proposers: ['us', 'saudi-arabia'] },
        { occurredAt: '2025-01-01T00:00:00Z', occurredPrecision: 'YEAR' },
      ),
      { actor: 'us', side: 'us', ...none },
    );
    await add(
      'V1',
      'pledge-p1',
      violationReported(
        { violator: 'russia', reportedBy: 'zelensky' },
        { occurredAt: '2025-03-18T00:00:00Z', occurredPrecision: 'DAY' },
      ),
      { actor: 'zelensky', side: 'ukraine', ...none },
    );
    await add(
      'S4',
      'strike-s4',
      strikeReported({ targetCategory: 'CIVILIAN', means: 'ARTILLERY' }, { occurredAt: '2025-03-19T08:00:00Z' }),
      { actor: 'russia', side: 'russia', target: 'CIVILIAN', country: 'UA', means: 'ARTILLERY' },
    );
    // A retraction and corrections count under their own types, and under the other dimensions of the event they name.
    await add('R1', 'strike-s4', eventRetracted(ids.get('S4')!, {}, { occurredAt: '2025-03-20T09:00:00Z' }), {
      actor: 'russia',
      side: 'russia',
      target: 'CIVILIAN',
      country: 'UA',
      means: 'ARTILLERY',
    });
    seeded.find((e) => e.label === 'S4')!.retracted = true;
    await add('K1', 'strike-s3', eventCorrected(ids.get('S3')!, {}, { occurredAt: '2025-03-21T10:00:00Z' }), {
      actor: 'kremlin',
      side: 'russia',
      target: 'MILITARY',
      country: null,
      means: 'MISSILE',
    });
    // A correction that gives a payload: its payload's primary actor (zelensky initiated, it says).
    await add(
      'K2',
      'call-c1',
      eventCorrected(
        ids.get('C1')!,
        {
          data: { participants: ['zelensky', 'trump'], initiator: 'zelensky', channel: 'PHONE' },
          occurredPrecision: undefined,
        },
        { occurredAt: '2025-03-21T12:00:00Z' },
      ),
      // The contract: a correction is on the side of the event it names, as recorded (trump's call),
      // not on the side its new payload gives, so the call and its correction share a side.
      { actor: 'trump', side: 'us', ...none },
    );
    knownAt = await captureInstant(db);
    await add(
      'S5',
      'strike-s5',
      strikeReported(
        { attacker: 'ukraine', targetCategory: 'PORT', place: 'Novorossiysk', country: 'RU', means: 'MISSILE' },
        { occurredAt: '2025-03-31T23:00:00Z' },
      ),
      { actor: 'ukraine', side: 'ukraine', target: 'PORT', country: 'RU', means: 'MISSILE' },
      true,
    );
  });
  afterAll(async () => {
    await db?.end();
    await t?.close();
  });

  async function counts(period: Period, by: Dimension[] | null, filter?: Record<string, unknown>): Promise<Bucket[]> {
    const res = await t.gql(COUNTS, { period, by, filter }, null);
    expect(res.errors).toBeUndefined();
    return res.data.eventCounts;
  }
  const visible = () => seeded.filter((e) => !e.retracted);
  const labelsOf = (found: string[]) => found.map((id) => [...ids].find(([, v]) => v === id)?.[0] ?? id).sort();
  async function find(filter: Record<string, unknown>): Promise<string[]> {
    const res = await t.gql(EVENTS, { filter }, null);
    expect(res.errors).toBeUndefined();
    return labelsOf(res.data.events.edges.map((edge: { node: { id: string } }) => edge.node.id));
  }

  const PERIODS: Period[] = ['DAY', 'WEEK', 'MONTH'];
  const DIMENSIONS: Dimension[][] = [
    [],
    ['TYPE'],
    ['SIDE'],
    ['ACTOR'],
    ['TARGET_CATEGORY'],
    ['COUNTRY'],
    ['SIDE', 'TYPE'],
    ['COUNTRY', 'TARGET_CATEGORY', 'ACTOR'],
  ];

  it.each(PERIODS.flatMap((period) => DIMENSIONS.map((by) => [period, by] as const)))(
    'per %s by %j: as counted here',
    async (period, by) => {
      expect(await counts(period, by)).toEqual(expected(visible(), period, by));
    },
  );

  it('no `by`: one count per period, the sum of what `events` lists with the same filter', async () => {
    const buckets = await counts('MONTH', null);
    expect(buckets).toEqual(expected(visible(), 'MONTH', []));
    const res = await t.gql(EVENTS, { filter: {} }, null);
    expect(buckets.reduce((sum, b) => sum + b.count, 0)).toBe(res.data.events.totalCount);
  });

  it('ISO weeks start on Monday 00:00 UTC: a Sunday 23:59 and the Monday after fall in two weeks', async () => {
    const weeks = await counts('WEEK', ['ACTOR'], { types: ['STRIKE_REPORTED'], occurredTo: '2025-03-17T00:00:01Z' });
    expect(weeks).toEqual([
      { periodStart: '2025-03-10T00:00:00.000Z', keys: ['russia'], count: 1, coarse: 0 },
      { periodStart: '2025-03-17T00:00:00.000Z', keys: ['ukraine'], count: 1, coarse: 0 },
    ]);
  });

  it('coarse: a MONTH event in a DAY or WEEK bucket, a YEAR event in a MONTH bucket; not a DAY event in a week', async () => {
    const day = await counts('DAY', null, { types: ['PLEDGE_MADE', 'VIOLATION_REPORTED'] });
    expect(day).toEqual([
      { periodStart: '2025-03-01T00:00:00.000Z', keys: [], count: 1, coarse: 1 },
      { periodStart: '2025-03-18T00:00:00.000Z', keys: [], count: 1, coarse: 0 },
    ]);
    const month = await counts('MONTH', ['TYPE'], { types: ['PROPOSAL_MADE', 'PLEDGE_MADE'] });
    expect(month).toEqual([
      { periodStart: '2025-01-01T00:00:00.000Z', keys: ['PROPOSAL_MADE'], count: 1, coarse: 1 },
      { periodStart: '2025-03-01T00:00:00.000Z', keys: ['PLEDGE_MADE'], count: 1, coarse: 0 },
    ]);
  });

  it('retracted events are left out unless includeRetracted; the retraction counts on the side of what it names', async () => {
    expect(await counts('WEEK', ['SIDE', 'TYPE'], { includeRetracted: true })).toEqual(
      expected(seeded, 'WEEK', ['SIDE', 'TYPE']),
    );
    const civilian = await counts('MONTH', ['TYPE'], { targetCategories: ['CIVILIAN'] });
    expect(civilian).toEqual([
      { periodStart: '2025-03-01T00:00:00.000Z', keys: ['EVENT_RETRACTED'], count: 1, coarse: 0 },
    ]);
  });

  it('knownAt and occurredFrom/To bound the counts', async () => {
    const known = seeded.filter((e) => !e.retracted && !e.late);
    expect(await counts('DAY', ['COUNTRY'], { knownAt })).toEqual(expected(known, 'DAY', ['COUNTRY']));
    const from = '2025-03-17T00:00:00Z';
    const to = '2025-03-21T00:00:00Z';
    const inside = visible().filter((e) => e.occurredAt >= from && new Date(e.occurredAt) < new Date(to));
    expect(await counts('DAY', ['SIDE'], { occurredFrom: from, occurredTo: to })).toEqual(
      expected(inside, 'DAY', ['SIDE']),
    );
  });

  it('counts with the new filters match what `events` lists with them', async () => {
    const filter = { sides: ['russia'], types: ['STRIKE_REPORTED', 'EVENT_CORRECTED'] };
    const listed = await find(filter);
    const buckets = await counts('MONTH', ['ACTOR'], filter);
    expect(buckets.reduce((sum, b) => sum + b.count, 0)).toBe(listed.length);
    expect(buckets).toEqual(
      expected(
        visible().filter((e) => listed.includes(e.label)),
        'MONTH',
        ['ACTOR'],
      ),
    );
  });

  describe('the new filters on events', () => {
    const expectLabels = (pick: (e: Seeded) => boolean) =>
      visible()
        .filter(pick)
        .map((e) => e.label)
        .sort();
    it('countries: strikes in them, and corrections or retractions of those', async () => {
      expect(await find({ countries: ['RU'] })).toEqual(expectLabels((e) => e.country === 'RU'));
      expect(await find({ countries: ['UA', 'RU'] })).toEqual(expectLabels((e) => e.country !== null));
      expect(await find({ countries: ['FR'] })).toEqual([]);
    });
    it('targetCategories: strikes on them and pledges about them', async () => {
      expect(await find({ targetCategories: ['ENERGY_INFRASTRUCTURE'] })).toEqual(['P1', 'S1', 'S2']);
      expect(await find({ targetCategories: ['MILITARY', 'PORT'] })).toEqual(['K1', 'S3', 'S5']);
    });
    it('means', async () => {
      expect(await find({ means: ['MISSILE'] })).toEqual(['K1', 'S3', 'S5']);
      expect(await find({ means: ['ARTILLERY'], includeRetracted: true })).toEqual(['R1', 'S4']);
    });
    it('sides: the principal of the primary actor; an actor given stands for its principal', async () => {
      for (const side of ['russia', 'ukraine', 'us'])
        expect(await find({ sides: [side] })).toEqual(expectLabels((e) => e.side === side));
      expect(await find({ sides: ['ushakov'] })).toEqual(await find({ sides: ['russia'] }));
      expect(await find({ sides: ['saudi-arabia'] })).toEqual([]); // a second proposer is not the primary actor
      expect(await find({ sides: ['ukraine'], countries: ['RU'], knownAt })).toEqual(['S2']);
    });
    it('refused with their field paths, nothing counted', async () => {
      const bad = await t.gql(EVENTS, { filter: { countries: ['UA', 'ru'], sides: ['russia', 'nobody'] } }, null);
      expect(errorOf(bad)).toMatchObject({ code: 'BAD_USER_INPUT', paths: ['filter.countries[1]', 'filter.sides[1]'] });
      const tooMany = await t.gql(COUNTS, { period: 'DAY', filter: { countries: Array(101).fill('UA') } }, null);
      expect(tooMany.data).toBeNull();
      expect(errorOf(tooMany)).toMatchObject({ code: 'BAD_USER_INPUT', paths: ['filter.countries'] });
      const wrongTarget = await t.gql(EVENTS, { filter: { targetCategories: ['HOSPITAL'] } }, null);
      expect(wrongTarget.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      expect(wrongTarget.errors?.[0].message).toMatch(/targetCategories/);
    });
  });

  describe('refused eventCounts', () => {
    it('an unknown dimension or period', async () => {
      for (const variables of [
        { period: 'DAY', by: ['PLACE'] },
        { period: 'YEAR', by: null },
      ]) {
        const res = await t.gql(COUNTS, variables, null);
        expect(res.data ?? null).toBeNull();
        expect(res.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
        expect(res.errors?.[0].message).toMatch(variables.by ? /by/ : /period/);
      }
    });
    it('a dimension given twice, naming its index', async () => {
      const res = await t.gql(COUNTS, { period: 'DAY', by: ['SIDE', 'TYPE', 'SIDE'] }, null);
      expect(errorOf(res)).toMatchObject({ code: 'BAD_USER_INPUT', paths: ['by[2]'] });
    });
    it('too costly: five counts in one operation exceed the cost limit', async () => {
      const five = `{ ${[1, 2, 3, 4, 5].map((i) => `c${i}: eventCounts(period: DAY) { periodStart keys count coarse }`).join(' ')} }`;
      const res = await t.gql(five, {}, null);
      expect(res.data ?? null).toBeNull();
      expect(res.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      expect(res.errors?.[0].message).toMatch(/cost/i);
    });
  });

  describe('the events export takes the new filters as query parameters', () => {
    const exported = async (query: string): Promise<string[]> => {
      const res = await fetch(`${t.url}/export/events?format=ndjson&includeRetracted=false&${query}`);
      expect(res.status).toBe(200);
      const rows = (await res.text())
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as { id: string });
      return labelsOf(rows.map((row) => row.id));
    };
    it('countries, targetCategories, means, sides and text, as on `events`', async () => {
      expect(await exported('countries=RU')).toEqual(await find({ countries: ['RU'] }));
      expect(await exported('targetCategories=MILITARY,PORT')).toEqual(['K1', 'S3', 'S5']);
      expect(await exported('means=MISSILE&means=DRONE')).toEqual(await find({ means: ['MISSILE', 'DRONE'] }));
      expect(await exported('sides=ukraine')).toEqual(await find({ sides: ['ukraine'] }));
      expect(await exported('text=constructive')).toEqual(['ST1']);
    });
    it('a bad value answers 400 with its path', async () => {
      const res = await fetch(`${t.url}/export/events?countries=ukraine&means=LASER`);
      expect(res.status).toBe(400);
      const body = (await res.json()) as { error: { code: string; errors: Array<{ path: string }> } };
      expect(body.error.code).toBe('BAD_USER_INPUT');
      expect(body.error.errors.map((e) => e.path)).toEqual(['filter.countries[0]', 'filter.means[0]']);
    });
  });
});
