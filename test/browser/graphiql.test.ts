/**
 * GraphiQL at GET /graphql, in Chromium: the project's own build loads under its policy with no
 * request to another host and no console error (a refused script or style shows as one), talks to
 * the API (the schema is read), and keeps no request header (an API key) in the browser's storage.
 * That it is off in production and its HTML: test/graphiql.test.ts.
 */
import type { Browser, Page } from 'playwright-core';
import { type TestApp, startTestApp } from '../support/test-app.js';
import { launchChromium } from './browser-support.js';

let t: TestApp;
let browser: Browser;

beforeAll(async () => {
  [t, browser] = await Promise.all([startTestApp(), launchChromium()]);
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

async function openGraphiql(): Promise<{
  page: Page;
  problems: string[];
  requests: string[];
  introspected: Promise<unknown>;
}> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  const problems: string[] = [];
  const requests: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning')
      problems.push(`console ${message.type()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
  page.on('request', (request) => requests.push(request.url()));
  page.on('requestfailed', (request) => problems.push(`failed: ${request.url()} ${request.failure()?.errorText}`));
  // The schema is read by introspection, as soon as the page starts.
  const introspected = page.waitForResponse(
    (response) =>
      response.url() === `${t.url}/graphql` &&
      (response.request().postData() ?? '').includes('IntrospectionQuery') &&
      response.status() === 200,
  );
  await page.goto(`${t.url}/graphql`);
  await page.waitForSelector('.graphiql-container');
  return { page, problems, requests, introspected };
}

it('loads from the service alone, under its policy, with nothing refused, and reads the schema', async () => {
  const { page, problems, requests, introspected } = await openGraphiql();
  await introspected;
  expect(
    requests.filter(
      (url) => !url.startsWith(t.url) && !url.startsWith(t.url.replace('http', 'ws')) && !url.startsWith('data:'),
    ),
  ).toEqual([]);
  expect(problems).toEqual([]);
  await page.context().close();
});

it('runs a query typed into it, and keeps no header it was given in storage', async () => {
  const { page, problems, introspected } = await openGraphiql();
  await introspected;
  await page.getByRole('button', { name: /headers/i }).click();
  const headers = page.locator('.graphiql-editor-tool .CodeMirror').last();
  await headers.click();
  await page.keyboard.type(`{"authorization": "Bearer ${t.readerKey}"`);
  const query = page.locator('.graphiql-query-editor .CodeMirror').first();
  await query.click();
  await page.keyboard.press('Control+A');
  await page.keyboard.type('{ actors { id ');
  const answered = page.waitForResponse(
    (response) => response.request().method() === 'POST' && (response.request().postData() ?? '').includes('actors'),
  );
  await page.keyboard.press('Control+Enter');
  const response = await answered;
  expect(response.request().headers().authorization).toBe(`Bearer ${t.readerKey}`);
  expect(await response.json()).toEqual({ data: { actors: [] } });
  // The browser's storage, read in the page (globalThis there is its window).
  const stored = await page.evaluate(() => {
    const { localStorage, sessionStorage } = globalThis as unknown as { localStorage: object; sessionStorage: object };
    return JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage });
  });
  expect(stored).not.toContain(t.readerKey);
  expect(problems).toEqual([]);
  await page.context().close();
});
