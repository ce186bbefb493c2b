/**
 * Driving the timeline page in a real headless Chromium: Debian's (or CHROMIUM_PATH) through
 * playwright-core, which downloads no browser. A Browsing opens each page in a context of its own,
 * records every console error, uncaught exception, failed request and HTTP error of every page it
 * opened (by test), and closes a test's pages after it. Plus small readers of what a page shows:
 * the marks drawn, the view in its URL, and a poller that waits for the page to settle on a value.
 */
import fs from 'node:fs';
import path from 'node:path';
import { type Browser, type BrowserContext, type BrowserContextOptions, type Page, chromium } from 'playwright-core';
import { until } from '../support/wait.js';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOT_DIR = path.resolve('.test-data/screenshots');

export const LAPTOP: BrowserContextOptions = { viewport: { width: 1280, height: 800 } };
export const PHONE: BrowserContextOptions = {
  viewport: { width: 390, height: 844 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
};

/** A mark on the timeline: one event. */
export const MARKS = '#timeline button.mark';

export function launchChromium(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM_PATH))
    throw new Error(`no Chromium at ${CHROMIUM_PATH}: apt-get install chromium, or set CHROMIUM_PATH`);
  // CI runs as root, where Chromium's sandbox cannot start.
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: ['--no-sandbox'] });
}

export interface Problem {
  test: string;
  url: string;
  what: string;
}

/** Pages of one browser, a fresh context for each; what went wrong in any of them. */
export class Browsing {
  readonly problems: Problem[] = [];
  pagesOpened = 0;
  private contexts: BrowserContext[] = [];

  constructor(
    private readonly browser: Browser,
    private readonly baseUrl: string,
  ) {}

  /**
   * `pathAndQuery` in a new context, once the page has finished its first load (body[data-ready]);
   * `beforeLoad` sees the page before it navigates (to watch its WebSockets, say).
   */
  async open(
    pathAndQuery = '/',
    options: BrowserContextOptions = LAPTOP,
    beforeLoad: (page: Page) => void = () => undefined,
  ): Promise<Page> {
    const context = await this.browser.newContext({ reducedMotion: 'reduce', ...options });
    this.contexts.push(context);
    context.setDefaultTimeout(10_000);
    const page = await context.newPage();
    this.watch(page);
    beforeLoad(page);
    this.pagesOpened += 1;
    await page.goto(`${this.baseUrl}${pathAndQuery}`);
    await page.waitForSelector('body[data-ready="true"]');
    return page;
  }

  /** The problems recorded for the test now running. */
  problemsOfThisTest(): Problem[] {
    const test = currentTest();
    return this.problems.filter((p) => p.test === test);
  }

  /** Closes the pages of the test that ended. */
  async endTest(): Promise<void> {
    const contexts = this.contexts;
    this.contexts = [];
    await Promise.all(contexts.map((context) => context.close()));
  }

  private watch(page: Page): void {
    const test = currentTest();
    const record = (what: string) => this.problems.push({ test, url: page.url(), what });
    page.on('console', (message) => {
      if (message.type() === 'error') record(`console error: ${message.text()} (${message.location().url})`);
    });
    page.on('pageerror', (error) => record(`uncaught: ${error.message}`));
    page.on('requestfailed', (request) => {
      // A page closed by the test aborts its open requests (the WebSocket, a last query): not the page's fault.
      if (!page.isClosed() && request.failure()?.errorText !== 'net::ERR_ABORTED')
        record(`request failed: ${request.method()} ${request.url()}: ${request.failure()?.errorText}`);
    });
    page.on('response', (response) => {
      if (response.status() >= 400)
        record(`HTTP ${response.status()}: ${response.request().method()} ${response.url()}`);
    });
  }
}

function currentTest(): string {
  return expect.getState().currentTestName ?? '(outside a test)';
}

/** The event ids of the marks drawn, sorted. */
export async function markIds(page: Page, selector = MARKS): Promise<string[]> {
  const ids = await page
    .locator(selector)
    .evaluateAll((marks) => marks.map((mark) => mark.getAttribute('data-event-id') ?? '(none)'));
  return ids.sort();
}

/** The view the page keeps in its URL. */
export function viewParams(page: Page): URLSearchParams {
  return new URL(page.url()).searchParams;
}

/**
 * Waits until `read()` deep-equals `expected` (the page loads, debounces and draws in its own
 * time), then returns; when it does not within `timeoutMs`, fails with Jest's diff of the last value.
 */
export async function settlesTo<T>(read: () => Promise<T> | T, expected: T, timeoutMs = 5_000): Promise<void> {
  let last: T | undefined;
  // Jest's equality, not node:util's: values from fetch (the API's answers) come from another realm than the test's.
  const matches = (value: T) => {
    try {
      expect(value).toEqual(expected);
      return true;
    } catch {
      return false;
    }
  };
  try {
    await until('the page to settle', async () => matches((last = await read())), timeoutMs);
  } catch {
    expect(last).toEqual(expected);
  }
}

/** Waits until `read()` is truthy, and returns it; `what` names the wait in the failure. */
export function pageShows<T>(
  what: string,
  read: () => Promise<T | null | undefined | false>,
  timeoutMs = 5_000,
): Promise<T> {
  return until(what, read, timeoutMs);
}
