/**
 * The timeline page when things happen at awkward moments, in Chromium: events appended while the
 * page is still loading its pages arrive exactly once; a correction arriving while a new filter
 * loads neither drops events nor brings back the old filter; and the controls keep working from
 * the keyboard while the page redraws under them (a filter checkbox keeps the focus, the search box
 * keeps its spaces, the arrow keys keep moving the timeline after the focused mark leaves the view).
 * Run by `npm run test:browser`.
 */
import type { Browser, Page } from 'playwright-core';
import { appendEvents, callHeld, eventCorrected, statementMade, uuid } from '../support/fixtures.js';
import type { TestApp } from '../support/test-app.js';
import { demoInBrowser } from './demo-in-browser.js';
import { type Browsing, markIds, pageShows, settlesTo, viewParams } from './browser-support.js';
import { mark, waitForLive, watchLiveFrames } from './timeline-page-readers.js';
import { apiEventIds } from './timeline-api.js';

const demo = demoInBrowser();
let t: TestApp;
let browser: Browser;
let browsing: Browsing;

beforeAll(async () => {
  ({ t, browser, browsing } = demo);
});

function statement(speaker: string, text: string, occurredAt = '2025-03-19T15:00:00Z') {
  const id = uuid();
  return {
    id,
    input: {
      streamId: `statement-live-${id.slice(0, 8)}`,
      events: [statementMade({ speaker, text }, { id, occurredAt })],
    },
  };
}

/** The element with the keyboard focus (run in the page; the test is type-checked without the DOM library). */
function focused(page: Page): Promise<{ tag: string; id: string; value: string | null }> {
  return page.evaluate(() => {
    const active = (
      globalThis as unknown as { document: { activeElement: { tagName: string; id: string; value?: string } | null } }
    ).document.activeElement;
    return { tag: active?.tagName ?? '', id: active?.id ?? '', value: active?.value ?? null };
  });
}

/**
 * Holds every page of events (TimelineEvents) until `release` is called; other requests pass.
 * `answers`: the server answers at once and the answer is held (what is appended meanwhile is not
 * in it); `questions`: the question is held (the server reads later).
 */
async function holdEventPages(
  page: Page,
  what: 'answers' | 'questions',
): Promise<{ held: Promise<void>; release: () => void }> {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  let seen!: () => void;
  const held = new Promise<void>((resolve) => (seen = resolve));
  await page.route('**/graphql', async (route) => {
    const body = route.request().postDataJSON() as { query?: string } | null;
    if (!body?.query?.includes('query TimelineEvents(')) return route.continue();
    if (what === 'questions') {
      seen();
      await gate;
      return route.continue();
    }
    const response = await route.fetch();
    seen();
    await gate;
    return route.fulfill({ response });
  });
  return { held, release };
}

describe('events that arrive while the page loads', () => {
  it('an event appended after the pages were read, before they arrive, is drawn once (from the live feed)', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    try {
      const page = await context.newPage();
      const frames = watchLiveFrames(page);
      const { held, release } = await holdEventPages(page, 'answers');
      await page.goto(`${t.url}/`);
      await held;
      await waitForLive(page);
      // The head was read and the subscription is open; the events are not loaded yet.
      const late = statement('zelensky', 'Said while the page was loading');
      await appendEvents(t, late.input);
      await frames.received(late.id);
      release();
      await page.waitForSelector('body[data-ready="true"]');
      await page.waitForSelector(mark(late.id), { state: 'attached', timeout: 2_000 });
      expect(await markIds(page)).toEqual(await apiEventIds(t));
    } finally {
      await context.close();
    }
  });

  it('a correction that arrives while a new filter loads keeps the new filter live, and draws the events it should', async () => {
    let frames!: ReturnType<typeof watchLiveFrames>;
    const page = await browsing.open('/', undefined, (opened) => (frames = watchLiveFrames(opened)));
    await waitForLive(page);
    const own = statement('zelensky', 'A statement to be corrected');
    await appendEvents(t, own.input);
    await page.waitForSelector(mark(own.id), { state: 'attached' });

    const { held, release } = await holdEventPages(page, 'questions');
    await page.click('summary:has(#type-count)');
    await page.check('#type-filter input[value="STATEMENT_MADE"]');
    await held;
    const correction = (
      await appendEvents(t, {
        streamId: own.input.streamId,
        events: [
          eventCorrected(own.id, {
            reason: 'the wording',
            data: { speaker: 'zelensky', text: 'A corrected statement' },
          }),
        ],
      })
    ).events[0];
    const call = statement('zelensky', 'Another statement, while the filter loads', '2025-03-19T18:00:00Z');
    await appendEvents(t, call.input);
    // Both reached the page's live feed while the filter's pages are held.
    await Promise.all([frames.received(correction.id), frames.received(call.id)]);
    release();
    await settlesTo(() => markIds(page), await apiEventIds(t, { types: ['STATEMENT_MADE'] }));
    expect(await page.locator(mark(own.id)).getAttribute('class')).toContain('is-corrected');

    // Following the new filter, not the old one: a call (another type) is not drawn, a statement is.
    const callId = uuid();
    await appendEvents(t, {
      streamId: `call-live-${callId.slice(0, 8)}`,
      events: [callHeld({}, { id: callId, occurredAt: '2025-03-19T18:30:00Z' })],
    });
    const after = statement('zelensky', 'A statement after the filter loaded', '2025-03-19T19:00:00Z');
    await appendEvents(t, after.input);
    // The feed delivers in position order: once the later statement is drawn, the call (filtered out by the server) is behind it.
    await page.waitForSelector(mark(after.id), { state: 'attached', timeout: 2_000 });
    expect(await page.locator(mark(callId)).count()).toBe(0);
    expect(await markIds(page)).toEqual(await apiEventIds(t, { types: ['STATEMENT_MADE'] }));
  });
});

describe('a load that fails', () => {
  it('says so, draws nothing of the old filter, and the same filter can be tried again, then stays live', async () => {
    // A context of its own: the refused request is the point here, not a problem of the page.
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    try {
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      await page.goto(`${t.url}/`);
      await page.waitForSelector('body[data-ready="true"]');
      let refuse = true;
      await page.route('**/graphql', async (route) => {
        const body = route.request().postDataJSON() as { query?: string } | null;
        if (refuse && body?.query?.includes('query TimelineEvents(')) {
          refuse = false;
          const answer = {
            errors: [
              {
                message: 'the database is unavailable; try again shortly',
                extensions: { code: 'SERVICE_UNAVAILABLE' },
              },
            ],
          };
          return route.fulfill({ status: 503, contentType: 'application/json', body: JSON.stringify(answer) });
        }
        return route.continue();
      });
      await page.fill('#search', 'Sloviansk');
      await page.press('#search', 'Enter');
      await page.waitForSelector('#error:not([hidden])');
      expect(await page.locator('#error').textContent()).toContain('the database is unavailable');
      expect(await markIds(page)).toEqual([]);

      await page.press('#search', 'Enter');
      const sloviansk = await apiEventIds(t, { text: 'Sloviansk' });
      await settlesTo(() => markIds(page), sloviansk);
      expect(await page.locator('#error').isHidden()).toBe(true);
      await waitForLive(page);
      const more = statement('zelensky', 'Sloviansk again, after the failure', '2025-03-19T20:00:00Z');
      await appendEvents(t, more.input);
      await page.waitForSelector(mark(more.id), { state: 'attached', timeout: 2_000 });
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

describe('corrections the filter leaves out', () => {
  it('a correction of a drawn event is shown live even when the filter excludes corrections (types, actors)', async () => {
    for (const view of ['/?types=STATEMENT_MADE', '/?actors=ukraine']) {
      const own = statement('zelensky', `A statement to correct under ${view}`);
      await appendEvents(t, own.input);
      const page = await browsing.open(view);
      await waitForLive(page);
      await page.waitForSelector(mark(own.id), { state: 'attached' });
      expect(await page.locator(mark(own.id)).getAttribute('class')).not.toContain('is-corrected');
      await appendEvents(t, {
        streamId: own.input.streamId,
        events: [eventCorrected(own.id, { reason: 'the wording', data: { speaker: 'zelensky', text: 'Corrected' } })],
      });
      await page.waitForSelector(`${mark(own.id)}.is-corrected`, { state: 'attached', timeout: 2_000 });
      // The correction itself is not drawn: the filter leaves it out.
      expect(await markIds(page)).toEqual(
        await apiEventIds(
          t,
          Object.fromEntries(
            [...new URLSearchParams(view.slice(1))].map(([k, v]) => [k === 'types' ? 'types' : 'actorIds', [v]]),
          ),
        ),
      );
    }
  });
});

describe('the keyboard while the page redraws', () => {
  it('Space on a filter checkbox applies the filter and keeps the focus on the checkbox', async () => {
    const page = await browsing.open('/');
    await page.click('summary:has(#actor-count)');
    await page.focus('#actor-filter input[value="russia"]');
    await page.keyboard.press('Space');
    await settlesTo(() => viewParams(page).get('actors'), 'russia');
    await settlesTo(() => markIds(page), await apiEventIds(t, { actorIds: ['russia'] }));
    expect(await focused(page)).toEqual({ tag: 'INPUT', id: '', value: 'russia' });
    await page.keyboard.press('Tab');
    const next = (await focused(page)).value;
    await page.keyboard.press('Space');
    // The second actor is applied (the page redrew), and the focus stayed on its checkbox.
    await pageShows('the second actor in the view', async () =>
      (viewParams(page).get('actors') ?? '').split(',').includes(String(next)),
    );
    expect(await focused(page)).toEqual({ tag: 'INPUT', id: '', value: next });
  });

  it('the search box keeps the spaces typed between pauses', async () => {
    const page = await browsing.open('/');
    await page.focus('#search');
    await page.keyboard.type('energy ');
    // The pause is long enough for the search to apply (the page shows it in its URL) before typing on.
    await settlesTo(() => viewParams(page).get('q'), 'energy');
    await page.keyboard.type('infrastructure');
    await settlesTo(() => viewParams(page).get('q'), 'energy infrastructure');
    expect(await page.inputValue('#search')).toBe('energy infrastructure');
  });

  it('the arrow keys keep moving the timeline after the focused mark has left the view', async () => {
    const page = await browsing.open('/');
    const first = (await page.locator('#timeline button.mark').first().getAttribute('data-event-id'))!;
    await page.focus(mark(first));
    const windows: string[] = [];
    for (let i = 0; i < 6; i += 1) {
      const before = viewParams(page).get('from');
      await page.keyboard.press('ArrowRight');
      // The page keeps its window in the URL once it has moved it.
      windows.push(
        await pageShows('the window to move', async () => {
          const from = viewParams(page).get('from');
          return from !== null && from !== before ? from : null;
        }),
      );
    }
    expect(new Set(windows).size).toBe(6);
    expect((await focused(page)).id).toBe('timeline');
  });
});
