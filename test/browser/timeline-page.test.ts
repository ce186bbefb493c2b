/**
 * The timeline page (GET /) in a real headless Chromium, on the real app with the demo timeline,
 * compared with what the GraphQL API answers: one mark per event; a mark's sources in the details;
 * the "as of" slider (pledges and agreement cards as they stood, later events faded); events appended
 * through the API arriving live; corrected, retracted and late-recorded events marked; a view
 * restored from its URL; the actor, type and text filters; the keyboard; zoom; a phone's width;
 * full-page screenshots in .test-data/screenshots; and no console error on any page.
 *
 * `npm run test:browser` runs it (after `npm run build`, which builds the page into dist/page);
 * plain `npm test` does not, so that a machine without Chromium passes it. Chromium:
 * CHROMIUM_PATH, default /usr/bin/chromium.
 */
import fs from 'node:fs';
import path from 'node:path';
import { appendEvents, eventCorrected, eventRetracted, statementMade, uuid } from '../support/fixtures.js';
import type { TestApp } from '../support/test-app.js';
import { demoInBrowser } from './demo-in-browser.js';
import {
  type Browsing,
  LAPTOP,
  MARKS,
  PHONE,
  SCREENSHOT_DIR,
  markIds,
  pageShows,
  settlesTo,
  viewParams,
} from './browser-support.js';
import {
  activeElement,
  afterAsOfIds,
  classesOf,
  detailsOpenOn,
  detailsSources,
  expectNoErrorBanner,
  laneLabels,
  mark,
  overlapsIn,
  pageOverflow,
  pledgeRow,
  stateOf,
  waitForLive,
} from './timeline-page-readers.js';
import { type ApiEvent, apiEventIds, apiEvents, apiFirstEventOf, apiReadModels, apiSources } from './timeline-api.js';

const HOUR = 3_600_000;
const PRECISION_MS: Record<string, number> = {
  SECOND: 1_000,
  MINUTE: 60_000,
  HOUR,
  DAY: 24 * HOUR,
  MONTH: 31 * 24 * HOUR,
  YEAR: 366 * 24 * HOUR,
};

const CALL_STREAM = 'call-trump-putin-2025-03-18';
const PLEDGE = 'pledge-russia-energy-strikes';
const CEASEFIRE = 'proposal-30-day-ceasefire';

const start = (event: ApiEvent) => Date.parse(event.occurredAt);
const end = (event: ApiEvent) => start(event) + PRECISION_MS[event.occurredPrecision];

const demo = demoInBrowser();
let t: TestApp;
let browsing: Browsing;
let call: ApiEvent;

beforeAll(async () => {
  ({ t, browsing } = demo);
  call = await apiFirstEventOf(t, CALL_STREAM);
});

/** A statement by zelensky in a stream of its own, with a linked and quoted source. */
function ownStatement(text: string, occurredAt: string, occurredPrecision: 'MINUTE' | 'DAY' = 'MINUTE') {
  const id = uuid();
  const streamId = `statement-browser-test-${id.slice(0, 8)}`;
  const source = {
    publisher: 'Browser test wire',
    url: `https://example.org/browser-test/${id}?lang=en&page=1`,
    title: 'A statement for the browser test',
    quotedText: `“${text}”, he said.`,
  };
  return {
    id,
    streamId,
    input: {
      streamId,
      events: [statementMade({ speaker: 'zelensky', text }, { id, occurredAt, occurredPrecision, sources: [source] })],
    },
  };
}

// ---------------------------------------------------------------------------------------------

describe('the timeline page', () => {
  it('draws one mark per event the API lists (retracted ones included), in lanes that count them', async () => {
    const page = await browsing.open('/');
    const events = await apiEvents(t);
    expect(events).toHaveLength(28);
    expect(await markIds(page)).toEqual(events.map((e) => e.id).sort());

    const marks = await page.locator(MARKS).evaluateAll((all) =>
      all.map((m) => ({
        id: m.getAttribute('data-event-id'),
        type: m.getAttribute('data-type'),
        label: m.getAttribute('aria-label') ?? '',
      })),
    );
    const typeOf = new Map(events.map((e) => [e.id, e.type]));
    for (const m of marks) {
      expect(m.type).toBe(typeOf.get(m.id));
      expect(m.label.length).toBeGreaterThan(10);
    }
    // Each lane says how many marks it holds; together they hold every mark once.
    const lanes = await page.locator('#timeline .lane[role=group]:not(.pledge-row)').evaluateAll((all) =>
      all.map((lane) => ({
        label: lane.getAttribute('aria-label') ?? '',
        marks: lane.querySelectorAll('button.mark').length,
      })),
    );
    for (const lane of lanes) expect(lane.label).toMatch(new RegExp(`: ${lane.marks} events?$`));
    expect(lanes.reduce((sum, lane) => sum + lane.marks, 0)).toBe(events.length);
    expect(lanes.map((lane) => lane.label)).toEqual(expect.arrayContaining(['Russia: 10 events']));

    // The pledge and the ceasefire as the API has them now.
    const now = await apiReadModels(t);
    for (const pledge of now.pledges) expect(await stateOf(page, pledgeRow(pledge.id))).toBe(pledge.state);
    expect(await stateOf(page, pledgeRow(PLEDGE))).toBe('BROKEN');
    for (const ceasefire of now.ceasefires) {
      const card = `#agreements article.card[data-ceasefire-id="${ceasefire.id}"]`;
      expect(await stateOf(page, card)).toBe(ceasefire.state);
      const stances = await page
        .locator(`${card} li[data-actor-id]`)
        .evaluateAll((items) => items.map((li) => [li.getAttribute('data-actor-id'), li.getAttribute('data-stance')]));
      expect(stances.sort()).toEqual(ceasefire.parties.map((p) => [p.actor.id, p.stance]).sort());
    }
    await expectNoErrorBanner(page);
  });

  it("clicking the Trump–Putin call's mark opens its details with every source the API has for it", async () => {
    const page = await browsing.open('/');
    const sources = await apiSources(t, call.id);
    expect(sources.length).toBeGreaterThan(0);
    expect(await page.locator('#details').isHidden()).toBe(true);

    await page.click(mark(call.id));
    await detailsOpenOn(page, call.id);
    expect(await page.locator('#details').isVisible()).toBe(true);
    expect(await detailsSources(page)).toEqual(
      sources.map((s) => ({ publisher: s.publisher, href: s.url, quote: s.quotedText })),
    );
    await settlesTo(async () => (await activeElement(page)).id, 'details-title');
    await settlesTo(() => viewParams(page).get('event'), call.id);
    await settlesTo(() => page.locator(mark(call.id)).evaluate((m) => m.classList.contains('is-selected')), true);

    await page.click('#details-close');
    expect(await page.locator('#details').isHidden()).toBe(true);
    await settlesTo(() => viewParams(page).has('event'), false);
  });

  it('the "as of" slider before the call shows the pledge not yet made and fades later events; at its end (now) the pledge is broken again', async () => {
    const page = await browsing.open('/');
    const events = await apiEvents(t);
    const slider = page.locator('#as-of');
    const firstStart = Math.min(...events.map(start));
    const after = (asOf: number) =>
      events
        .filter((e) => start(e) > asOf)
        .map((e) => e.id)
        .sort();

    // Home: the first event's start.
    await slider.focus();
    await page.keyboard.press('Home');
    await settlesTo(() => viewParams(page).get('asOf'), new Date(firstStart).toISOString());
    expect(firstStart).toBeLessThan(start(call));
    await settlesTo(() => stateOf(page, pledgeRow(PLEDGE)), 'NOT_YET_MADE');
    expect(await afterAsOfIds(page)).toEqual(after(firstStart));
    const atHome = await apiReadModels(t, new Date(firstStart).toISOString());
    for (const c of atHome.ceasefires)
      await settlesTo(() => stateOf(page, `#agreements article.card[data-ceasefire-id="${c.id}"]`), c.state);

    // End: now, the pledge broken, nothing faded.
    await page.keyboard.press('End');
    await settlesTo(() => viewParams(page).has('asOf'), false);
    await settlesTo(() => stateOf(page, pledgeRow(PLEDGE)), 'BROKEN');
    expect(await afterAsOfIds(page)).toEqual([]);
    expect(await page.textContent('#as-of-value')).toMatch(/^Now/);

    // From the end, back an hour at a time to one hour before the call.
    const oneHourBefore = start(call) - HOUR;
    const steps = Number(await slider.getAttribute('max'));
    const presses = steps - (oneHourBefore - Math.floor(firstStart / HOUR) * HOUR) / HOUR;
    for (let i = 0; i < presses; i++) await page.keyboard.press('ArrowLeft');
    await settlesTo(() => viewParams(page).get('asOf'), new Date(oneHourBefore).toISOString());
    expect(await page.textContent('#as-of-value')).toBe('18 Mar 2025, 13:00 UTC');
    await settlesTo(() => stateOf(page, pledgeRow(PLEDGE)), 'NOT_YET_MADE');
    expect(await afterAsOfIds(page)).toEqual(after(oneHourBefore));
    expect(await afterAsOfIds(page)).toContain(call.id);
    const thenModels = await apiReadModels(t, new Date(oneHourBefore).toISOString());
    for (const c of thenModels.ceasefires)
      await settlesTo(() => stateOf(page, `#agreements article.card[data-ceasefire-id="${c.id}"]`), c.state);

    // The "Now" button returns to now.
    await page.click('#as-of-now');
    await settlesTo(() => stateOf(page, pledgeRow(PLEDGE)), 'BROKEN');
    await settlesTo(() => viewParams(page).has('asOf'), false);
    expect(await afterAsOfIds(page)).toEqual([]);
  });

  it('an event appended through the API appears within two seconds, without a reload, and a late one is marked late', async () => {
    const page = await browsing.open('/');
    await waitForLive(page);
    await page.evaluate(() => ((globalThis as any).__sameDocument = true));

    const statement = ownStatement('A statement appended while the page is open', '2025-03-25T12:00:00Z');
    await appendEvents(t, statement.input);
    const answeredAt = Date.now();
    await page.waitForSelector(mark(statement.id), { state: 'attached', timeout: 2_000 });
    expect(Date.now() - answeredAt).toBeLessThanOrEqual(2_000);
    expect(await page.evaluate(() => (globalThis as any).__sameDocument)).toBe(true);
    expect((await classesOf(page))[statement.id]).toContain('is-new');
    expect(await markIds(page)).toEqual(await apiEventIds(t));

    // Its details: the source's link is the URL given.
    await page.click(mark(statement.id));
    await detailsOpenOn(page, statement.id);
    const [source] = await apiSources(t, statement.id);
    expect(await detailsSources(page)).toEqual([
      { publisher: source.publisher, href: source.url, quote: source.quotedText },
    ]);
    await page.click('#details-close');

    // Something that happened days before what the log already holds: recorded late.
    const late = ownStatement('A statement about 15 March, recorded late', '2025-03-15T00:00:00Z', 'DAY');
    await appendEvents(t, late.input);
    await page.waitForSelector(mark(late.id), { state: 'attached', timeout: 2_000 });
    expect((await classesOf(page))[late.id]).toContain('is-late');
    expect(await page.locator(mark(late.id)).getAttribute('aria-label')).toMatch(/recorded late/);
    expect((await classesOf(page))[statement.id]).not.toContain('is-late');

    // "New" wears off after about six seconds.
    await settlesTo(async () => (await classesOf(page))[statement.id]?.includes('is-new'), false, 9_000);
    await expectNoErrorBanner(page);
  });

  it('corrected and retracted events are marked, live and after a reload', async () => {
    const page = await browsing.open('/');
    await waitForLive(page);
    const corrected = ownStatement('A statement that will be corrected', '2025-03-19T13:00:00Z');
    const retracted = ownStatement('A statement that will be retracted', '2025-03-19T14:00:00Z');
    await appendEvents(t, corrected.input);
    await appendEvents(t, retracted.input);
    await page.waitForSelector(mark(retracted.id), { state: 'attached' });

    const correction = eventCorrected(
      corrected.id,
      {
        occurredPrecision: undefined,
        data: { speaker: 'zelensky', text: 'A statement, as corrected' },
        reason: 'the wording was wrong',
      },
      { occurredAt: '2025-03-19T15:00:00Z', sources: [{ publisher: 'Browser test wire' }] },
    );
    const retraction = eventRetracted(
      retracted.id,
      { reason: 'reported in error' },
      { occurredAt: '2025-03-19T15:00:00Z', sources: [{ publisher: 'Browser test wire' }] },
    );
    await appendEvents(t, { streamId: corrected.streamId, events: [correction] });
    await appendEvents(t, { streamId: retracted.streamId, events: [retraction] });

    const marked = async () => {
      const classes = await classesOf(page);
      return {
        corrected: classes[corrected.id]?.includes('is-corrected'),
        retracted: classes[retracted.id]?.includes('is-retracted'),
      };
    };
    await settlesTo(marked, { corrected: true, retracted: true });
    const apiIds = await apiEventIds(t);
    await settlesTo(() => markIds(page), apiIds);
    expect(apiIds).toContain(retracted.id);

    await page.reload();
    await page.waitForSelector('body[data-ready="true"]');
    expect(await marked()).toEqual({ corrected: true, retracted: true });
    expect(await markIds(page)).toEqual(apiIds);
    expect(await page.locator(mark(corrected.id)).getAttribute('aria-label')).toMatch(/corrected/);
    expect(await page.locator(mark(retracted.id)).getAttribute('aria-label')).toMatch(/retracted/);
    const classes = await classesOf(page);
    expect(classes[corrected.id]).not.toContain('is-retracted');
    expect(classes[retracted.id]).not.toContain('is-corrected');
  });

  it("the pledge's breaker and a ceasefire's history open the events they name", async () => {
    const page = await browsing.open('/');
    const { pledges, ceasefires } = await apiReadModels(t);
    const pledge = pledges.find((p) => p.id === PLEDGE)!;
    const earliest = [...pledge.violations].sort((a, b) => Date.parse(a.at) - Date.parse(b.at))[0];
    const breaker = page.locator(`${pledgeRow(PLEDGE)} button.breaker`);
    expect(await breaker.getAttribute('data-violation-event-id')).toBe(earliest.event.id);
    await breaker.click();
    await detailsOpenOn(page, earliest.event.id);
    await page.click('#details-close');

    const ceasefire = ceasefires.find((c) => c.id === CEASEFIRE)!;
    const card = `#agreements article.card[data-ceasefire-id="${CEASEFIRE}"]`;
    const buttons = await page
      .locator(`${card} [data-open-event]`)
      .evaluateAll((all) => all.map((b) => b.getAttribute('data-open-event')));
    const historyIds = ceasefire.history.flatMap((change) => (change.event ? [change.event.id] : []));
    expect(buttons.length).toBeGreaterThan(0);
    expect(historyIds).toEqual(expect.arrayContaining(buttons));
    const last = buttons[buttons.length - 1]!;
    await page.click(`${card} [data-open-event="${last}"]`);
    await detailsOpenOn(page, last);
  });
});

describe('the view in the URL', () => {
  it('?lanes=type&types=CALL_HELD draws only the calls, in one "Call" lane, with the controls set to match', async () => {
    const page = await browsing.open('/?lanes=type&types=CALL_HELD');
    const calls = await apiEventIds(t, { types: ['CALL_HELD'] });
    expect(calls).toHaveLength(3);
    expect(await markIds(page)).toEqual(calls);
    expect(await laneLabels(page)).toEqual(['Call: 3 events']);
    expect(await page.locator('input[name="lanes"][value="type"]').isChecked()).toBe(true);
    expect(await page.locator('#type-filter input[value="CALL_HELD"]').isChecked()).toBe(true);
    expect(await page.locator('#type-filter input:checked').count()).toBe(1);
  });

  it('malformed or unknown values are ignored: the rest of the view applies, and nothing fails', async () => {
    const page = await browsing.open(
      '/?lanes=sideways&types=NOT_A_TYPE,CALL_HELD&actors=Bad%20Id!&q=&asOf=yesterday&from=2025-03-20T00:00:00Z&to=2025-03-01T00:00:00Z&event=42',
    );
    expect(await markIds(page)).toEqual(await apiEventIds(t, { types: ['CALL_HELD'] }));
    expect(await page.locator('input[name="lanes"][value="actor"]').isChecked()).toBe(true);
    expect(await afterAsOfIds(page)).toEqual([]);
    expect(await page.textContent('#as-of-value')).toMatch(/^Now/);
    expect(await page.locator('#details').isHidden()).toBe(true);
    await expectNoErrorBanner(page);
  });

  it("?event=<id> opens that event's details", async () => {
    const page = await browsing.open(`/?event=${call.id}`);
    await detailsOpenOn(page, call.id);
    expect(await page.locator('#details .source').count()).toBe((await apiSources(t, call.id)).length);
    expect((await classesOf(page))[call.id]).toContain('is-selected');
  });

  it('?actors=russia&q=energy draws what the API finds for that filter', async () => {
    const page = await browsing.open('/?actors=russia&q=energy');
    const expected = await apiEventIds(t, { actorIds: ['russia'], text: 'energy' });
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan((await apiEventIds(t)).length);
    expect(await markIds(page)).toEqual(expected);
    expect(await page.inputValue('#search')).toBe('energy');
    expect(await page.locator('#actor-filter input[value="russia"]').isChecked()).toBe(true);
  });

  it('?asOf=<moment> shows the pledge and ceasefire as the API has them at that moment', async () => {
    for (const asOf of ['2025-03-18T15:00:00.000Z', '2025-03-19T12:00:00.000Z']) {
      const page = await browsing.open(`/?asOf=${asOf}`);
      const then = await apiReadModels(t, asOf);
      const pledge = then.pledges.find((p) => p.id === PLEDGE);
      await settlesTo(() => stateOf(page, pledgeRow(PLEDGE)), pledge?.state ?? 'NOT_YET_MADE');
      for (const c of then.ceasefires)
        expect(await stateOf(page, `#agreements article.card[data-ceasefire-id="${c.id}"]`)).toBe(c.state);
      expect(await page.textContent('#as-of-value')).not.toMatch(/^Now/);
      expect(await afterAsOfIds(page)).toEqual(
        (await apiEvents(t))
          .filter((e) => start(e) > Date.parse(asOf))
          .map((e) => e.id)
          .sort(),
      );
    }
  });
});

describe('filters', () => {
  it('the actor filter: russia draws the events involving Russia or those who act for it; clear brings back all', async () => {
    const page = await browsing.open('/');
    await page.click('summary:has(#actor-count)');
    await page.check('#actor-filter input[value="russia"]');
    await settlesTo(() => markIds(page), await apiEventIds(t, { actorIds: ['russia'] }));
    await settlesTo(() => viewParams(page).get('actors'), 'russia');

    await page.check('#actor-filter input[value="ukraine"]');
    await settlesTo(() => markIds(page), await apiEventIds(t, { actorIds: ['russia', 'ukraine'] }));
    await settlesTo(() => viewParams(page).get('actors')?.split(',').sort().join(','), 'russia,ukraine');

    await page.click('#clear-filters');
    await settlesTo(() => markIds(page), await apiEventIds(t));
    await settlesTo(() => viewParams(page).has('actors'), false);
    expect(await page.locator('#actor-filter input:checked').count()).toBe(0);
  });

  it('a filtered page stays live for its filter: an event of the filter arrives, another does not', async () => {
    const page = await browsing.open('/?actors=russia');
    await waitForLive(page);
    const outside = ownStatement('A statement by Zelensky, outside the filter', '2025-03-19T16:00:00Z');
    const inside = ownStatement('A statement about Russia by the Kremlin, inside the filter', '2025-03-19T17:00:00Z');
    inside.input.events[0].data.speaker = 'kremlin';
    await appendEvents(t, outside.input);
    await appendEvents(t, inside.input);
    await page.waitForSelector(mark(inside.id), { state: 'attached', timeout: 2_000 });
    expect(await markIds(page)).toEqual(await apiEventIds(t, { actorIds: ['russia'] }));
    expect(await markIds(page)).not.toContain(outside.id);
  });

  it('the type filter draws only the chosen types', async () => {
    const page = await browsing.open('/');
    await page.click('summary:has(#type-count)');
    await page.check('#type-filter input[value="STRIKE_REPORTED"]');
    await page.check('#type-filter input[value="PLEDGE_MADE"]');
    await settlesTo(() => markIds(page), await apiEventIds(t, { types: ['STRIKE_REPORTED', 'PLEDGE_MADE'] }));
    await settlesTo(() => viewParams(page).get('types')?.split(',').sort().join(','), 'PLEDGE_MADE,STRIKE_REPORTED');
    await page.check('input[name="lanes"][value="type"]');
    await settlesTo(() => laneLabels(page), ['Pledge: 1 event', 'Strike: 2 events']);
    await settlesTo(() => viewParams(page).get('lanes'), 'type');
  });

  it('text search applies after typing stops, or on Enter; nothing found says so', async () => {
    const page = await browsing.open('/');
    await page.fill('#search', 'Sloviansk');
    const sloviansk = await apiEventIds(t, { text: 'Sloviansk' });
    expect(sloviansk.length).toBeGreaterThan(0);
    await settlesTo(() => markIds(page), sloviansk);
    await settlesTo(() => viewParams(page).get('q'), 'Sloviansk');

    await page.fill('#search', 'Helsinki');
    await page.press('#search', 'Enter');
    await settlesTo(() => markIds(page), await apiEventIds(t, { text: 'Helsinki' }));
    await settlesTo(() => viewParams(page).get('q'), 'Helsinki');

    await page.fill('#search', 'xylophonequartz');
    await page.press('#search', 'Enter');
    await settlesTo(() => markIds(page), []);
    expect(await page.locator('#timeline .empty').textContent()).toMatch(/No events match/);
    await expectNoErrorBanner(page);
  });
});

describe('keyboard, zoom and a phone', () => {
  it('Tab reaches a mark, Enter opens its details, Escape closes them and gives the focus back to the mark', async () => {
    const page = await browsing.open('/');
    let focused = await activeElement(page);
    for (let presses = 0; !focused.isMark && presses < 40; presses++) {
      await page.keyboard.press('Tab');
      focused = await activeElement(page);
    }
    expect(focused.isMark).toBe(true);
    const eventId = focused.eventId!;

    await page.keyboard.press('Enter');
    await detailsOpenOn(page, eventId);
    await settlesTo(async () => (await activeElement(page)).id, 'details-title');

    await page.keyboard.press('Escape');
    expect(await page.locator('#details').isHidden()).toBe(true);
    await settlesTo(
      async () => {
        const now = await activeElement(page);
        return { isMark: now.isMark, eventId: now.eventId };
      },
      { isMark: true, eventId },
    );
    await settlesTo(() => viewParams(page).has('event'), false);
  });

  it("Enter on the pledge's breaker or a ceasefire's history link opens that event; Escape gives the focus back to it", async () => {
    const page = await browsing.open('/');
    const { ceasefires } = await apiReadModels(t);
    const rejection = ceasefires.find((c) => c.id === CEASEFIRE)!.history.at(-1)!.event!.id;
    const controls = [
      `${pledgeRow(PLEDGE)} button.breaker`,
      `#agreements article.card[data-ceasefire-id="${CEASEFIRE}"] [data-open-event="${rejection}"]`,
    ];
    for (const control of controls) {
      const opens = await page
        .locator(control)
        .evaluate((c) => c.getAttribute('data-violation-event-id') ?? c.getAttribute('data-open-event'));
      await page.focus(control);
      await page.keyboard.press('Enter');
      await detailsOpenOn(page, opens);
      await settlesTo(async () => (await activeElement(page)).id, 'details-title');
      await page.keyboard.press('Escape');
      expect(await page.locator('#details').isHidden()).toBe(true);
      await settlesTo(async () => (await activeElement(page)).opens, opens);
    }
  });

  it('zoom buttons change the window in the URL; a window in the URL is restored; fit shows everything again', async () => {
    const page = await browsing.open('/');
    const all = await apiEventIds(t);
    const windowOf = () => {
      const params = viewParams(page);
      return params.has('from') ? { from: Date.parse(params.get('from')!), to: Date.parse(params.get('to')!) } : null;
    };
    await page.click('#zoom-in');
    const zoomedIn = await pageShows('a window in the URL after zooming in', async () => windowOf());
    await page.click('#zoom-out');
    const zoomedOut = await pageShows('a wider window after zooming out', async () => {
      const w = windowOf();
      return w && w.to - w.from > zoomedIn.to - zoomedIn.from ? w : null;
    });
    expect(Math.abs(zoomedOut.to - zoomedOut.from - 2 * (zoomedIn.to - zoomedIn.from))).toBeLessThanOrEqual(2);
    expect(Math.abs(zoomedOut.from + zoomedOut.to - (zoomedIn.from + zoomedIn.to))).toBeLessThanOrEqual(2);
    await page.click('#zoom-fit');
    await settlesTo(() => viewParams(page).has('from'), false);
    expect(await markIds(page)).toEqual(all);

    // The afternoon of the call, from a shared URL: every event that overlaps it is drawn.
    const from = Date.parse('2025-03-18T12:00:00Z');
    const to = Date.parse('2025-03-18T20:00:00Z');
    const afternoon = await browsing.open(`/?from=${new Date(from).toISOString()}&to=${new Date(to).toISOString()}`);
    const overlapping = (await apiEvents(t)).filter((e) => start(e) < to && end(e) > from).map((e) => e.id);
    expect(overlapping).toContain(call.id);
    const drawn = await markIds(afternoon);
    expect(drawn).toEqual(expect.arrayContaining(overlapping));
    expect(drawn.length).toBeLessThan(all.length);
    await afternoon.click('#zoom-in');
    await settlesTo(
      () => [viewParams(afternoon).get('from'), viewParams(afternoon).get('to')],
      ['2025-03-18T14:00:00.000Z', '2025-03-18T18:00:00.000Z'],
    );
  });

  it('Shift-drag across the timeline zooms to the range drawn out; a plain drag moves the window', async () => {
    const from = Date.parse('2025-03-11T00:00:00Z');
    const span = 9 * 24 * HOUR;
    const page = await browsing.open(
      `/?from=${new Date(from).toISOString()}&to=${new Date(from + span).toISOString()}`,
    );
    const windowOf = () => ({
      from: Date.parse(viewParams(page).get('from') ?? ''),
      to: Date.parse(viewParams(page).get('to') ?? ''),
    });
    const lane = page.locator('#timeline .lane[role=group]:not(.pledge-row) .plot').first();
    await lane.scrollIntoViewIfNeeded();
    const plot = (await lane.boundingBox())!;
    const y = plot.y + plot.height / 2;
    // A pixel is about 14 minutes here: allow two.
    const near = (a: number, b: number) => Math.abs(a - b) <= (2 * span) / plot.width;

    // Shift-drag from the middle to three quarters: 15 Mar 12:00 to 17 Mar 18:00.
    await page.keyboard.down('Shift');
    await page.mouse.move(plot.x + plot.width * 0.5, y);
    await page.mouse.down();
    await page.mouse.move(plot.x + plot.width * 0.75, y, { steps: 4 });
    await page.mouse.up();
    await page.keyboard.up('Shift');
    await pageShows(
      'the window of the range',
      async () => near(windowOf().from, from + span * 0.5) && near(windowOf().to, from + span * 0.75),
    );
    const range = windowOf();
    const inRange = (await apiEvents(t))
      .filter((e) => start(e) < range.to && end(e) > range.from)
      .map((e) => e.id)
      .sort();
    // Nothing happened between 12 and 18 March but the rejection (a day-precision event of the 18th).
    await settlesTo(() => markIds(page), inRange);

    // A plain drag a fifth of the width to the right shows a fifth of the span earlier.
    const zoomed = windowOf();
    await page.mouse.move(plot.x + plot.width * 0.3, y);
    await page.mouse.down();
    await page.mouse.move(plot.x + plot.width * 0.5, y, { steps: 4 });
    await page.mouse.up();
    const shift = (zoomed.to - zoomed.from) * 0.2;
    await pageShows(
      'the window moved back',
      async () => near(windowOf().from, zoomed.from - shift) && near(windowOf().to, zoomed.to - shift),
    );
  });

  it('on a phone (390 px) nothing overflows sideways and every mark is there, with the details open too', async () => {
    const page = await browsing.open('/', PHONE);
    const overflow = await pageOverflow(page);
    expect(overflow.clientWidth).toBe(390);
    expect(overflow.scrollWidth).toBeLessThanOrEqual(overflow.clientWidth);
    expect(await markIds(page)).toEqual(await apiEventIds(t));

    await page.locator(mark(call.id)).tap();
    await detailsOpenOn(page, call.id);
    const open = await pageOverflow(page);
    expect(open.scrollWidth).toBeLessThanOrEqual(open.clientWidth);
    const panel = await page.locator('#details').boundingBox();
    expect(panel && panel.x >= 0 && panel.x + panel.width <= 390 + 0.5).toBe(true);
    await page.locator('#details-close').tap();
    expect(await page.locator('#details').isHidden()).toBe(true);
  });

  it("the pledge's lifetime in words runs into neither its bar nor its breaker, on a laptop or a phone", async () => {
    for (const options of [LAPTOP, PHONE]) {
      const page = await browsing.open('/', options);
      const width = options.viewport?.width;
      expect({ width, overlaps: await overlapsIn(page, pledgeRow(PLEDGE)) }).toEqual({ width, overlaps: [] });
    }
  });

  it('writes full-page screenshots for a laptop (1280×800) and a phone (390×844)', async () => {
    fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
    const shots = [
      { file: path.join(SCREENSHOT_DIR, 'timeline-laptop.png'), options: LAPTOP },
      { file: path.join(SCREENSHOT_DIR, 'timeline-phone.png'), options: PHONE },
    ];
    const startedAt = Date.now();
    for (const shot of shots) {
      fs.rmSync(shot.file, { force: true });
      const page = await browsing.open('/', shot.options);
      await waitForLive(page);
      await page.screenshot({ path: shot.file, fullPage: true });
    }
    for (const { file } of shots) {
      const stat = fs.statSync(file);
      expect(stat.size).toBeGreaterThan(1_000);
      expect(stat.mtimeMs).toBeGreaterThanOrEqual(startedAt - 1_000);
      expect(fs.readFileSync(file).subarray(1, 4).toString()).toBe('PNG');
    }
    console.log(`screenshots:\n${shots.map((s) => `  ${s.file}`).join('\n')}`);
  });
});

// Last: every page this file opened.
describe('all the pages opened', () => {
  it('none logged a console error, threw, or had a request fail', () => {
    expect(browsing.pagesOpened).toBeGreaterThanOrEqual(15);
    expect(browsing.problems).toEqual([]);
  });
});
