/**
 * The claims ledger on the timeline page in Chromium, compared with what the GraphQL API answers,
 * on the demo timeline: the Trump–Putin call's details show its two Kremlin readouts side by side,
 * each with its status and disputes (Zelensky's "very much at odds with reality" under the first),
 * each dispute opening its event; the call's mark says contested and the disputed claims' marks
 * (the readout, the aid demand) say disputed, in their class and their name; the "as of" slider
 * before 19 March shows the readout undisputed and the call not contested, and brings both back
 * an hour later; a dispute appended through the API marks its claim and changes the open readouts
 * without a reload; axe-core on the details with readouts, a phone's width, and no console error.
 * Run by `npm run test:browser`.
 */
import type { Page } from 'playwright-core';
import { appendEvents, claimDisputed, source } from '../support/fixtures.js';
import type { TestApp } from '../support/test-app.js';
import { axeViolations } from './axe.js';
import { type Browsing, LAPTOP, PHONE, markIds, settlesTo, viewParams } from './browser-support.js';
import { demoInBrowser } from './demo-in-browser.js';
import { type ApiReadout, apiClaimMarks, apiFirstEventOf, apiReadouts } from './timeline-api.js';
import {
  claimMarkIds,
  detailsOpenOn,
  expectNoErrorBanner,
  mark,
  pageOverflow,
  readReadouts,
  waitForLive,
} from './timeline-page-readers.js';

const CALL_STREAM = 'call-trump-putin-2025-03-18';
const AID_READOUT_STREAM = 'statement-kremlin-readout-aid-condition';
/** Before Zelensky's dispute (19 March, day precision), after the call and its readouts (18 March, 16:00). */
const BEFORE_DISPUTE = '2025-03-18T23:00:00.000Z';
const DISPUTE_DAY = '2025-03-19T00:00:00.000Z';

const demo = demoInBrowser();
let t: TestApp;
let browsing: Browsing;
let callId: string;

beforeAll(async () => {
  ({ t, browsing } = demo);
  callId = (await apiFirstEventOf(t, CALL_STREAM)).id;
});

/** The readouts section the API's readouts call for. */
function expectedReadouts(readouts: ApiReadout[]) {
  return readouts.map((r) => ({
    eventId: r.event.id,
    status: r.status,
    claimant: r.claimant?.name ?? 'Unknown',
    badge: r.status.toLowerCase(),
    words: r.event.text ?? r.event.summary,
    disputes: r.disputes.map((d) => ({ eventId: d.event.id, by: d.by.name, words: d.text })),
  }));
}

/** The open details show the call's readouts as the API has them at `asOf` (null: now). */
async function expectReadoutsAsTheApi(page: Page, asOf: string | null, minPosition: string | null = null) {
  const expected = expectedReadouts(await apiReadouts(t, callId, asOf, minPosition));
  await settlesTo(async () => (await readReadouts(page))?.readouts, expected);
}

/** The marks say disputed and contested where the API does at `asOf`, and nowhere else. */
async function expectClaimMarksAsTheApi(page: Page, asOf: string | null, minPosition: string | null = null) {
  const expected = await apiClaimMarks(t, asOf, minPosition);
  const drawn = new Set(await markIds(page));
  await settlesTo(() => claimMarkIds(page), {
    disputed: expected.disputed.filter((id) => drawn.has(id)),
    contested: expected.contested.filter((id) => drawn.has(id)),
  });
}

async function openCall(page: Page): Promise<void> {
  await page.click(mark(callId));
  await detailsOpenOn(page, callId);
  await page.waitForSelector('#details-readouts');
}

/** Left and top of each readout column (side by side: one row; stacked: one column). */
function columns(page: Page): Promise<Array<{ left: number; top: number }>> {
  return page.locator('#details-readouts li.readout').evaluateAll((items) =>
    items.map((item) => {
      const box = item.getBoundingClientRect();
      return { left: Math.round(box.left), top: Math.round(box.top) };
    }),
  );
}

describe('a call’s readouts in its details', () => {
  it('the Trump–Putin call shows its two Kremlin readouts side by side, with their statuses and disputes as the API has them', async () => {
    const page = await browsing.open('/');
    await openCall(page);
    const readouts = await apiReadouts(t, callId);
    expect(readouts.map((r) => [r.status, r.claimant?.id, r.disputes.map((d) => d.by.id)])).toEqual([
      ['DISPUTED', 'kremlin', ['zelensky']],
      ['UNDISPUTED', 'kremlin', []],
    ]);
    await expectReadoutsAsTheApi(page, null);
    const shown = (await readReadouts(page))!;
    expect(shown.summary).toBe('Contested: 1 of its 2 readouts is disputed.');
    expect(shown.readouts[0].words).toMatch(/immediately/);
    expect(shown.readouts[0].disputes[0].words).toContain('very much at odds with reality');
    expect(shown.readouts[1].words).toMatch(/foreign military aid/);
    expect(await page.locator('#details-readouts li.readout').nth(1).textContent()).toContain('No dispute recorded.');

    // Side by side on a laptop: one row, two columns.
    const [first, second] = await columns(page);
    expect(second.top).toBe(first.top);
    expect(second.left).toBeGreaterThan(first.left);

    // A dispute opens its event, as the other links in the details do.
    const disputeId = readouts[0].disputes[0].event.id;
    await page.click(`#details-readouts [data-open-event="${disputeId}"]`);
    await detailsOpenOn(page, disputeId);
    await settlesTo(() => viewParams(page).get('event'), disputeId);
    // No readouts section for an event that is no call.
    expect(await readReadouts(page)).toBeNull();

    // The readout's words open the readout.
    await page.click(mark(callId));
    await detailsOpenOn(page, callId);
    await page.click(`#details-readouts [data-open-event="${readouts[1].event.id}"]`);
    await detailsOpenOn(page, readouts[1].event.id);
    await expectNoErrorBanner(page);
  });

  it('a call without readouts says so briefly', async () => {
    const calls = await apiClaimMarks(t);
    expect(calls.contested).toEqual([callId]);
    const other = (await apiFirstEventOf(t, 'call-trump-zelensky-2025-03-19')).id;
    expect(await apiReadouts(t, other)).toEqual([]);
    const page = await browsing.open(`/?event=${other}`);
    await detailsOpenOn(page, other);
    await settlesTo(async () => (await readReadouts(page))?.summary, 'No readout of this call is recorded.');
    expect((await readReadouts(page))?.readouts).toEqual([]);
  });
});

describe('contested and disputed marks', () => {
  it('the contested call and the disputed claims are marked as the API has them, in their class and their name', async () => {
    const page = await browsing.open('/');
    const expected = await apiClaimMarks(t);
    expect(expected.contested).toEqual([callId]);
    // The Kremlin's first readout (disputed by Zelensky) and the aid demand (by Waltz and Trump).
    expect(expected.disputed).toHaveLength(2);
    await expectClaimMarksAsTheApi(page, null);
    expect(await page.locator(mark(callId)).getAttribute('aria-label')).toMatch(/\(contested\)$/);
    for (const id of expected.disputed)
      expect(await page.locator(mark(id)).getAttribute('aria-label')).toMatch(/\((.*, )?disputed\)$/);
    // Nothing else says so.
    const labels = await page
      .locator('#timeline button.mark:not(.is-disputed):not(.is-contested)')
      .evaluateAll((marks) => marks.map((m) => m.getAttribute('aria-label') ?? ''));
    expect(labels.filter((label) => /disputed\)|contested\)/.test(label))).toEqual([]);
    // The legend explains both signs.
    expect(await page.locator('#legend').textContent()).toMatch(/disputed claim.*contested call/);
  });
});

describe('the "as of" slider', () => {
  it('before 19 March the readout is undisputed and the call not contested; an hour later (Zelensky’s dispute) both are back', async () => {
    const page = await browsing.open(`/?asOf=${BEFORE_DISPUTE}&event=${callId}`);
    await detailsOpenOn(page, callId);
    await expectReadoutsAsTheApi(page, BEFORE_DISPUTE);
    const before = (await readReadouts(page))!;
    expect(before.readouts.map((r) => r.status)).toEqual(['UNDISPUTED', 'UNDISPUTED']);
    expect(before.summary).toBe('2 readouts as of 18 Mar 2025, 23:00 UTC, none disputed.');
    await expectClaimMarksAsTheApi(page, BEFORE_DISPUTE);
    expect(await claimMarkIds(page)).toEqual({ disputed: [], contested: [] });
    expect(await page.locator(mark(callId)).getAttribute('aria-label')).not.toMatch(/contested/);

    // One hour on with the keyboard: the day of the disputes.
    await page.focus('#as-of');
    await page.keyboard.press('ArrowRight');
    await settlesTo(() => viewParams(page).get('asOf'), DISPUTE_DAY);
    await expectReadoutsAsTheApi(page, DISPUTE_DAY);
    expect((await readReadouts(page))!.readouts[0].status).toBe('DISPUTED');
    await expectClaimMarksAsTheApi(page, DISPUTE_DAY);
    expect((await claimMarkIds(page)).contested).toEqual([callId]);

    // Back before the dispute, then to now.
    await page.keyboard.press('ArrowLeft');
    await settlesTo(
      async () => (await readReadouts(page))?.readouts.map((r) => r.status),
      ['UNDISPUTED', 'UNDISPUTED'],
    );
    await settlesTo(() => claimMarkIds(page), { disputed: [], contested: [] });
    await page.keyboard.press('End');
    await settlesTo(() => viewParams(page).has('asOf'), false);
    await expectReadoutsAsTheApi(page, null);
    await expectClaimMarksAsTheApi(page, null);
  });
});

describe('for every reader', () => {
  it('the details with readouts have no axe-core violations and fit a phone, where the readouts stack', async () => {
    for (const options of [LAPTOP, PHONE]) {
      const page = await browsing.open('/', { ...options, bypassCSP: true });
      await openCall(page);
      await expectReadoutsAsTheApi(page, null);
      const width = options.viewport?.width;
      expect({ width, violations: await axeViolations(page) }).toEqual({ width, violations: [] });
      const overflow = await pageOverflow(page);
      expect(overflow.scrollWidth).toBeLessThanOrEqual(overflow.clientWidth);
      // Nothing in the panel runs past its width either.
      const panel = await page
        .locator('#details')
        .evaluate((node: any) => ({ scrollWidth: node.scrollWidth, clientWidth: node.clientWidth }));
      expect(panel.scrollWidth).toBeLessThanOrEqual(panel.clientWidth);
      if (options === PHONE) {
        const [first, second] = await columns(page);
        expect(second.left).toBe(first.left);
        expect(second.top).toBeGreaterThan(first.top);
      }
    }
  });
});

// Last: this changes the claims for good.
describe('live updates', () => {
  it('a dispute appended through the API marks its claim and changes the open readouts, without a reload', async () => {
    const page = await browsing.open(`/?event=${callId}`);
    await detailsOpenOn(page, callId);
    await waitForLive(page);
    await page.evaluate(() => ((globalThis as any).__sameDocument = true));
    const [, aidReadout] = await apiReadouts(t, callId);
    expect(aidReadout.status).toBe('UNDISPUTED');
    expect((await claimMarkIds(page)).disputed).not.toContain(aidReadout.event.id);

    const { lastPosition, events } = await appendEvents(t, {
      streamId: AID_READOUT_STREAM,
      events: [
        claimDisputed(
          aidReadout.event.id,
          { by: 'zelensky', text: 'No such condition was agreed (browser test)' },
          {
            occurredAt: '2025-03-20T09:00:00Z',
            occurredPrecision: 'HOUR',
            sources: [source({ publisher: 'Browser test wire' })],
          },
        ),
      ],
    });
    const [dispute] = events;
    await settlesTo(async () => (await claimMarkIds(page)).disputed.includes(aidReadout.event.id), true);
    await expectClaimMarksAsTheApi(page, null, lastPosition);
    expect(await page.locator(mark(aidReadout.event.id)).getAttribute('aria-label')).toMatch(/disputed\)$/);
    await expectReadoutsAsTheApi(page, null, lastPosition);
    const shown = (await readReadouts(page))!;
    expect(shown.summary).toBe('Contested: 2 of its 2 readouts are disputed.');
    expect(shown.readouts[1].disputes).toEqual([
      { eventId: dispute.id, by: 'Volodymyr Zelensky', words: 'No such condition was agreed (browser test)' },
    ]);
    expect(await page.evaluate(() => (globalThis as any).__sameDocument)).toBe(true);
    await expectNoErrorBanner(page);
  });
});
