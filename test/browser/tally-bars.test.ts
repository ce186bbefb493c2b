/**
 * A truce's violation tallies on its card in Chromium, compared with what the GraphQL API answers
 * (`Ceasefire.violationClaims`), on the demo timeline plus an Easter truce appended here through
 * the API (April 2025, with the sides' figures of the time): Russia's unilateral 30-hour truce,
 * Kyiv's running totals of Russian violations (the last, 2,935, disputed by the Kremlin in a stream
 * of its own) and Moscow's 1,000 Ukrainian ones. The two-sided bar's numbers are the API's, its
 * disputed part is drawn, the "as of" slider before the reports shows no bar, a report appended
 * live redraws it, axe-core finds nothing and a phone's width holds it. Run by `npm run test:browser`.
 */
import {
  type RawEvent,
  agreementReached,
  appendEvents,
  claimDisputed,
  source,
  violationReported,
} from '../support/fixtures.js';
import type { TestApp } from '../support/test-app.js';
import { axeViolations } from './axe.js';
import { type Browsing, LAPTOP, PHONE, settlesTo, viewParams } from './browser-support.js';
import { demoInBrowser } from './demo-in-browser.js';
import { type ApiViolationClaim, apiViolationClaims } from './timeline-api.js';
import { agreementCard, overlapsIn, pageOverflow, waitForLive } from './timeline-page-readers.js';

const EASTER = 'agreement-browser-easter-truce';
const DISPUTES = 'disputes-browser-easter-truce';
const KYIV_TOTAL = '6f3c1a52-7d4e-4c1b-9a61-0e8f2b7d4a10';

const demo = demoInBrowser();
let t: TestApp;
let browsing: Browsing;

const at = (occurredAt: string, id?: string) => ({
  id,
  occurredAt,
  occurredPrecision: 'HOUR' as const,
  sources: [source({ publisher: 'Browser test wire' })],
});

async function append(streamId: string, ...events: RawEvent[]): Promise<string> {
  return (await appendEvents(t, { streamId, events })).lastPosition;
}

beforeAll(async () => {
  ({ t, browsing } = demo);
  await append(
    EASTER,
    agreementReached(
      {
        parties: ['russia'],
        title: 'Easter truce (browser test)',
        terms: { kind: 'CEASEFIRE', scope: 'COMPREHENSIVE', durationHours: 30 },
        unilateral: true,
        effectiveFrom: undefined,
        effectiveUntil: undefined,
      },
      at('2025-04-19T16:00:00Z'),
    ),
    // Kyiv's running totals: the second replaces the first.
    violationReported(
      {
        reportedBy: 'zelensky',
        violator: 'russia',
        count: 59,
        periodFrom: '2025-04-19T16:00:00Z',
        periodUntil: '2025-04-20T06:00:00Z',
        cumulative: true,
      },
      at('2025-04-20T06:00:00Z'),
    ),
    violationReported(
      { reportedBy: 'kremlin', violator: 'ukraine', count: 1000, periodFrom: '2025-04-19T16:00:00Z' },
      at('2025-04-20T19:00:00Z'),
    ),
    violationReported(
      {
        reportedBy: 'zelensky',
        violator: 'russia',
        count: 2935,
        periodFrom: '2025-04-19T16:00:00Z',
        periodUntil: '2025-04-20T20:00:00Z',
        cumulative: true,
      },
      at('2025-04-20T20:00:00Z', KYIV_TOTAL),
    ),
  );
  const last = await append(
    DISPUTES,
    claimDisputed(
      KYIV_TOTAL,
      { by: 'kremlin', text: 'The Kyiv regime’s figures are fabricated' },
      at('2025-04-20T21:00:00Z'),
    ),
  );
  // The pages opened below read the read models as they are: they must have reached these appends first.
  await apiViolationClaims(t, EASTER, null, last);
});

interface TallyReading {
  sides: Array<{
    where: string;
    accused: string | null;
    claimed: number;
    disputed: number;
    width: number;
    hatched: number;
  }>;
  claims: Array<{
    reportedBy: string | null;
    accused: string | null;
    reports: number;
    claimed: number;
    disputedReports: number;
    text: string;
  }>;
  inferred: Array<{ accused: string | null; inferred: number }>;
  labels: string[];
}

/** The tallies a card shows, as its DOM contract has them; null when it shows none. */
async function readTally(page: Parameters<typeof axeViolations>[0], id: string): Promise<TallyReading | null> {
  const tally = page.locator(`${agreementCard(id)} [data-tally]`);
  if (!(await tally.count())) return null;
  return tally.evaluate((root: any) => {
    const text = (node: any) => (node ? node.textContent.replace(/\s+/g, ' ').trim() : '');
    const width = (node: any) => (node ? node.getBoundingClientRect().width : 0);
    return {
      sides: [...root.querySelectorAll('[data-tally-side]')]
        .filter((half: any) => half.getAttribute('data-accused'))
        .map((half: any) => ({
          where: half.getAttribute('data-tally-side'),
          accused: half.getAttribute('data-accused'),
          claimed: Number(half.getAttribute('data-claimed')),
          disputed: Number(half.getAttribute('data-disputed')),
          width: width(half.querySelector('.tally-claimed')),
          hatched: width(half.querySelector('.tally-disputed')),
        })),
      claims: [...root.querySelectorAll('li[data-reported-by]')].map((li: any) => ({
        reportedBy: li.getAttribute('data-reported-by'),
        accused: li.getAttribute('data-accused'),
        reports: Number(li.getAttribute('data-reports')),
        claimed: Number(li.getAttribute('data-claimed')),
        disputedReports: Number(li.getAttribute('data-disputed-reports')),
        text: text(li),
      })),
      inferred: [...root.querySelectorAll('li[data-inferred-against]')].map((li: any) => ({
        accused: li.getAttribute('data-inferred-against'),
        inferred: Number(li.getAttribute('data-inferred')),
      })),
      labels: [...root.querySelectorAll('.tally-label')].map(text).filter(Boolean),
    };
  });
}

/** The numbers the card should show for the API's rows (widths aside). */
function expectedNumbers(rows: ApiViolationClaim[]) {
  const accused = [...new Set(rows.map((r) => r.accused.id))];
  const against = (id: string) => rows.filter((r) => r.accused.id === id && r.reportedBy);
  const disputed = (r: ApiViolationClaim) => Math.round((r.claimed * r.disputedReports) / r.reports);
  return {
    sides: accused.slice(0, 2).map((id, i) => ({
      where: i === 0 ? 'left' : 'right',
      accused: id,
      claimed: against(id).reduce((sum, r) => sum + r.claimed, 0),
      disputed: against(id).reduce((sum, r) => sum + disputed(r), 0),
    })),
    claims: rows
      .filter((r) => r.reportedBy)
      .map((r) => ({
        reportedBy: r.reportedBy!.id,
        accused: r.accused.id,
        reports: r.reports,
        claimed: r.claimed,
        disputedReports: r.disputedReports,
      })),
    inferred: accused
      .map((id) => ({
        accused: id,
        inferred: Math.max(0, ...rows.filter((r) => r.accused.id === id).map((r) => r.inferred)),
      }))
      .filter((s) => s.inferred > 0),
  };
}

const numbersOf = (reading: TallyReading | null) =>
  reading && {
    sides: reading.sides.map(({ where, accused, claimed, disputed }) => ({ where, accused, claimed, disputed })),
    claims: reading.claims.map(({ text: _text, ...numbers }) => numbers),
    inferred: reading.inferred,
  };

async function expectTallyAsTheApi(
  page: Parameters<typeof axeViolations>[0],
  asOf: string | null,
  minPosition: string | null = null,
): Promise<ApiViolationClaim[]> {
  const rows = await apiViolationClaims(t, EASTER, asOf, minPosition);
  await settlesTo(async () => numbersOf(await readTally(page, EASTER)), rows.length ? expectedNumbers(rows) : null);
  return rows;
}

describe('violation tallies on a truce card', () => {
  it('draw what each side claims against the other, as the API counts it, with the disputed part hatched', async () => {
    const page = await browsing.open('/');
    const rows = await expectTallyAsTheApi(page, null);
    expect(rows.map((r) => [r.reportedBy?.id, r.accused.id, r.reports, r.claimed, r.disputedReports])).toEqual([
      ['ukraine', 'russia', 2, 2935, 1],
      ['russia', 'ukraine', 1, 1000, 0],
    ]);
    const tally = (await readTally(page, EASTER))!;
    expect(tally.claims.map((c) => c.text)).toEqual([
      'Ukraine claims 2,935 violations by Russia (1 of 2 reports disputed)',
      'Russia claims 1,000 violations by Ukraine',
    ]);
    expect(tally.labels).toEqual(['Against Russia: 2,935 (about 1,468 in disputed reports)', 'Against Ukraine: 1,000']);
    // Claims against Russia to the left, against Ukraine to the right, on one scale; half of Kyiv's reports disputed.
    const [left, right] = tally.sides;
    expect(left).toMatchObject({ where: 'left', accused: 'russia', disputed: 1468 });
    expect(right).toMatchObject({ where: 'right', accused: 'ukraine', disputed: 0, hatched: 0 });
    expect(right.width / left.width).toBeCloseTo(1000 / 2935, 1);
    expect(left.hatched / left.width).toBeCloseTo(1468 / 2935, 1);
    expect(await page.locator(`${agreementCard(EASTER)} .tally-note`).textContent()).toMatch(/^ ?Hatched: /);
  });

  it('follow the "as of" slider: no bar before the first report, then the reports made by that moment', async () => {
    const beforeReports = '2025-04-20T05:00:00.000Z';
    const page = await browsing.open(`/?asOf=${beforeReports}`);
    await settlesTo(() => page.locator(agreementCard(EASTER)).getAttribute('data-state'), 'IN_FORCE');
    expect(await apiViolationClaims(t, EASTER, beforeReports)).toEqual([]);
    expect(await readTally(page, EASTER)).toBeNull();
    expect(await page.locator(`${agreementCard(EASTER)} .tally-bar`).count()).toBe(0);

    // Two hours on with the keyboard: Kyiv's first running total (59), nothing disputed yet.
    await page.focus('#as-of');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    const afterFirst = '2025-04-20T07:00:00.000Z';
    await settlesTo(() => viewParams(page).get('asOf'), afterFirst);
    const rows = await expectTallyAsTheApi(page, afterFirst);
    expect(rows.map((r) => [r.reportedBy?.id, r.claimed, r.disputedReports])).toEqual([['ukraine', 59, 0]]);
    expect(await page.locator(`${agreementCard(EASTER)} .tally-disputed`).count()).toBe(0);

    await page.keyboard.press('End');
    await settlesTo(() => viewParams(page).has('asOf'), false);
    await expectTallyAsTheApi(page, null);
    expect(await page.locator(`${agreementCard(EASTER)} .tally-left .tally-disputed`).count()).toBe(1);
  });

  it('have no axe-core violations and fit a phone, with nothing running into anything', async () => {
    for (const options of [LAPTOP, PHONE]) {
      const page = await browsing.open('/', { ...options, bypassCSP: true });
      await settlesTo(async () => (await readTally(page, EASTER)) !== null, true);
      const width = options.viewport?.width;
      expect({ width, violations: await axeViolations(page) }).toEqual({ width, violations: [] });
      const overflow = await pageOverflow(page);
      expect(overflow.scrollWidth).toBeLessThanOrEqual(overflow.clientWidth);
      expect({ width, overlaps: await overlapsIn(page, `${agreementCard(EASTER)} [data-tally]`) }).toEqual({
        width,
        overlaps: [],
      });
      const bar = await page.locator(`${agreementCard(EASTER)} .tally-bar`).boundingBox();
      const card = await page.locator(agreementCard(EASTER)).boundingBox();
      expect(bar!.x + bar!.width).toBeLessThanOrEqual(card!.x + card!.width);
    }
  });
});

// Last: this changes the truce's tallies for good.
describe('live updates', () => {
  it('a report appended through the API redraws the bar without a reload', async () => {
    const page = await browsing.open('/');
    await waitForLive(page);
    await page.evaluate(() => ((globalThis as any).__sameDocument = true));
    const position = await append(
      EASTER,
      violationReported(
        { reportedBy: 'kremlin', violator: 'ukraine', count: 4900, periodFrom: '2025-04-20T19:00:00Z' },
        at('2025-04-20T21:00:00Z'),
      ),
    );
    const rows = await expectTallyAsTheApi(page, null, position);
    expect(rows.find((r) => r.accused.id === 'ukraine')).toMatchObject({ reports: 2, claimed: 5900 });
    // Now the claims against Ukraine are the longer side: the scale follows.
    const [left, right] = (await readTally(page, EASTER))!.sides;
    expect(left.width / right.width).toBeCloseTo(2935 / 5900, 1);
    expect(await page.evaluate(() => (globalThis as any).__sameDocument)).toBe(true);
  });
});
