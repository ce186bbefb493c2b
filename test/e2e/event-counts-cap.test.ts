/**
 * eventCounts' cap: an answer that would hold more than 10,000 buckets is refused with a clear
 * error at `period`, while a longer period over the same events answers.
 */
import { MAX_COUNT_BUCKETS } from '../../src/events/event-query.service.js';
import { appendEvents, errorOf, registerActors, statementMade } from '../support/fixtures.js';
import { type TestApp, startTestApp } from '../support/test-app.js';

const COUNTS = `query($period: Period!) { eventCounts(period: $period) { periodStart count } }`;
const DAY_MS = 86_400_000;

describe('eventCounts over more buckets than it answers', () => {
  let t: TestApp;
  const days = MAX_COUNT_BUCKETS + 1; // one statement a day: one more DAY bucket than the cap
  const start = Date.UTC(2000, 0, 1);

  beforeAll(async () => {
    t = await startTestApp({ RUN_PROJECTIONS: 'false' });
    await registerActors(t);
    for (let first = 0; first < days; first += 500) {
      const events = [];
      for (let i = first; i < Math.min(days, first + 500); i++)
        events.push(
          statementMade(
            { text: `day ${i}` },
            { occurredAt: new Date(start + i * DAY_MS).toISOString(), occurredPrecision: 'DAY' },
          ),
        );
      await appendEvents(t, { streamId: `statement-days-${first}`, events });
    }
  });
  afterAll(() => t?.close());

  it('per DAY: refused at `period`, saying what to narrow', async () => {
    const res = await t.gql(COUNTS, { period: 'DAY' }, null);
    expect(res.data ?? null).toBeNull();
    const error = errorOf(res);
    expect(error).toMatchObject({ code: 'BAD_USER_INPUT', paths: ['period'] });
    expect(error.message).toMatch(/more than 10000 buckets.*occurredFrom\/occurredTo.*longer period/);
  });

  it('per MONTH, or per DAY over a narrower range: answered, every event counted', async () => {
    const months = await t.gql(COUNTS, { period: 'MONTH' }, null);
    expect(months.errors).toBeUndefined();
    const expectedMonths = new Set(
      Array.from({ length: days }, (_, i) => new Date(start + i * DAY_MS).toISOString().slice(0, 7)),
    );
    expect(months.data.eventCounts.map((b: { periodStart: string }) => b.periodStart.slice(0, 7))).toEqual([
      ...expectedMonths,
    ]);
    expect(months.data.eventCounts.reduce((sum: number, b: { count: number }) => sum + b.count, 0)).toBe(days);
    const narrower = await t.gql(
      `query { eventCounts(period: DAY, filter: { occurredTo: "${new Date(start + MAX_COUNT_BUCKETS * DAY_MS).toISOString()}" }) { count } }`,
      {},
      null,
    );
    expect(narrower.errors).toBeUndefined();
    expect(narrower.data.eventCounts).toHaveLength(MAX_COUNT_BUCKETS);
  });
});
