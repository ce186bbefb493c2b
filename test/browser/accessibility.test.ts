/**
 * The timeline page for every reader, and against hostile data, in Chromium:
 *   - axe-core (WCAG 2.1 A and AA rules, and best practices: names, roles, labels, contrast,
 *     landmarks) finds nothing on a laptop, on a phone, with the details open, with every filter
 *     unfolded, and at an "as of" moment with lanes by type;
 *   - event text, quotes, source titles and agreement titles, terms and conditions full of markup
 *     are shown as text: nothing runs;
 *   - on a server with PUBLIC_READ=false the page asks for a key, and with a READER key it draws
 *     everything and goes live (the key travels over HTTP and the WebSocket).
 * Run by `npm run test:browser` (not `npm test`: it needs Chromium).
 */
import type { Browser } from 'playwright-core';
import { appendEvents, proposalAccepted, proposalMade, statementMade, uuid } from '../support/fixtures.js';
import { ActorsService } from '../../src/actors/actors.service.js';
import { loadDemoTimeline } from '../../src/demo/demo-loader.js';
import { EventStoreService } from '../../src/events/event-store.service.js';
import { type TestApp, startTestApp } from '../support/test-app.js';
import { axeViolations } from './axe.js';
import { demoInBrowser } from './demo-in-browser.js';
import { type Browsing, LAPTOP, MARKS, PHONE, markIds } from './browser-support.js';
import { detailsOpenOn, mark, waitForLive } from './timeline-page-readers.js';

const demo = demoInBrowser();
let t: TestApp;
let browser: Browser;
let browsing: Browsing;

beforeAll(async () => {
  ({ t, browser, browsing } = demo);
});

describe('accessibility (axe-core, WCAG 2.1 AA)', () => {
  const views: [string, string, typeof LAPTOP][] = [
    ['the first view on a laptop', '/', LAPTOP],
    ['the first view on a phone', '/', PHONE],
    ['an "as of" moment before the call, lanes by type', '/?asOf=2025-03-18T02:00:00.000Z&lanes=type', LAPTOP],
  ];
  it.each(views)('%s has no violations', async (_name, url, options) => {
    const page = await browsing.open(url, { ...options, bypassCSP: true });
    expect(await axeViolations(page)).toEqual([]);
  });

  it('the details panel and the unfolded filters have no violations, on a laptop and a phone', async () => {
    for (const options of [LAPTOP, PHONE]) {
      const page = await browsing.open('/', { ...options, bypassCSP: true });
      // Unfold the filters first: on a phone the details then cover the page.
      for (const summary of await page.locator('.filter-group summary').all()) await summary.click();
      const first = (await markIds(page))[0];
      await page.click(mark(first));
      await detailsOpenOn(page, first);
      await page.locator('#details .payload summary').click();
      expect(await axeViolations(page)).toEqual([]);
    }
  });
});

describe('hostile text in the record', () => {
  const payload = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script><b>bold</b>';

  it('is shown as text: markup in a statement, a quote and a source title runs nothing and adds no element', async () => {
    const id = uuid();
    await appendEvents(t, {
      streamId: `statement-hostile-${id.slice(0, 8)}`,
      events: [
        statementMade(
          { speaker: 'zelensky', text: `He said ${payload}` },
          {
            id,
            occurredAt: '2025-03-19T12:00:00Z',
            sources: [
              {
                publisher: `Wire ${payload}`,
                title: `Title ${payload}`,
                url: 'https://example.org/hostile',
                quotedText: `Quote ${payload}`,
              },
            ],
          },
        ),
      ],
    });
    const page = await browsing.open(`/?event=${id}`);
    await detailsOpenOn(page, id);
    await page.waitForSelector('#details .source');
    expect(await page.evaluate(() => (globalThis as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.locator('#details img, #details script, #details b, #timeline img').count()).toBe(0);
    expect(await page.locator('#details-title').textContent()).toContain(payload);
    expect(await page.locator('#details blockquote').first().textContent()).toBe(`Quote ${payload}`);
    expect(await page.locator(mark(id)).getAttribute('aria-label')).toContain(payload);
  });

  it("is shown as text in an agreement card: markup in a title, the terms and a party's conditions runs nothing", async () => {
    const streamId = `proposal-hostile-${uuid().slice(0, 8)}`;
    await appendEvents(t, {
      streamId,
      events: [
        proposalMade(
          { title: `Truce ${payload}`, terms: { kind: 'PEACE_DEAL', text: `Terms ${payload}` } },
          { occurredAt: '2025-03-19T12:00:00Z' },
        ),
        proposalAccepted(
          { party: 'ukraine', conditions: [`Condition ${payload}`] },
          { occurredAt: '2025-03-19T13:00:00Z' },
        ),
      ],
    });
    const page = await browsing.open('/');
    const card = `#agreements article.card[data-agreement-id="${streamId}"]`;
    await page.waitForSelector(card);
    expect(await page.evaluate(() => (globalThis as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.locator('#agreements img, #agreements script, #agreements b').count()).toBe(0);
    expect(await page.locator(`${card} h3`).textContent()).toBe(`Truce ${payload}`);
    expect(await page.locator(`${card} .card-text`).textContent()).toBe(`Terms ${payload}`);
    expect(await page.locator(`${card} .conditions-pending li`).textContent()).toBe(`Condition ${payload}`);
  });
});

describe('a server that keeps reads closed (PUBLIC_READ=false)', () => {
  let closed: TestApp;
  beforeAll(async () => {
    closed = await startTestApp({ PUBLIC_READ: 'false' });
    await loadDemoTimeline(closed.app.get(ActorsService), closed.app.get(EventStoreService));
  });
  afterAll(() => closed?.close());

  it('asks for a key, and with a READER key draws every event and goes live', async () => {
    const context = await browser.newContext(LAPTOP);
    try {
      const page = await context.newPage();
      await page.goto(`${closed.url}/`);
      await page.waitForSelector('#error:not([hidden])');
      expect(await page.locator('#error').textContent()).toMatch(/needs an API key/);
      expect(await page.locator('#key-form').isVisible()).toBe(true);
      expect(await page.locator(MARKS).count()).toBe(0);

      await page.fill('#api-key', closed.readerKey);
      await Promise.all([page.waitForNavigation(), page.click('#key-form button[type=submit]')]);
      await page.waitForSelector('body[data-ready="true"]');
      expect(await page.locator('#error').isHidden()).toBe(true);
      expect(await page.locator('#key-form').isHidden()).toBe(true);
      const res = await closed.gql(
        '{ events(first: 500, filter: { includeRetracted: true }) { edges { node { id } } } }',
        {},
        closed.readerKey,
      );
      expect(await markIds(page)).toEqual(
        res.data.events.edges.map((edge: { node: { id: string } }) => edge.node.id).sort(),
      );
      await waitForLive(page);
      // The subscription itself needs the key: an event appended now arrives.
      const id = uuid();
      await appendEvents(closed, {
        streamId: `statement-closed-${id.slice(0, 8)}`,
        events: [
          statementMade({ speaker: 'zelensky', text: 'Said behind a key' }, { id, occurredAt: '2025-03-19T12:00:00Z' }),
        ],
      });
      await page.waitForSelector(mark(id), { timeout: 5_000 });
      expect(page.url()).not.toContain(closed.readerKey);
    } finally {
      await context.close();
    }
  });
});
