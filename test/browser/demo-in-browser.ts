/**
 * The set-up every browser test file shares: the real app on a database of its own with the demo
 * timeline, and one Chromium, started before the file's tests and stopped after them; after each
 * test its pages are closed, and any console error, uncaught exception or failed request of them
 * fails it. Call at the top of a test file:
 *
 *   const demo = demoInBrowser();
 *   it('…', async () => { const page = await demo.browsing.open('/'); … demo.t.gql(…) … });
 */
import type { Browser } from 'playwright-core';
import { ActorsService } from '../../src/actors/actors.service.js';
import { loadDemoTimeline } from '../../src/demo/demo-loader.js';
import { EventStoreService } from '../../src/events/event-store.service.js';
import { type TestApp, startTestApp } from '../support/test-app.js';
import { Browsing, launchChromium } from './browser-support.js';

export interface DemoInBrowser {
  t: TestApp;
  browser: Browser;
  browsing: Browsing;
}

export function demoInBrowser(): DemoInBrowser {
  const demo = {} as DemoInBrowser;
  beforeAll(async () => {
    [demo.t, demo.browser] = await Promise.all([startTestApp(), launchChromium()]);
    await loadDemoTimeline(demo.t.app.get(ActorsService), demo.t.app.get(EventStoreService));
    demo.browsing = new Browsing(demo.browser, demo.t.url);
  });
  afterEach(async () => {
    await demo.browsing?.endTest();
    expect(demo.browsing?.problemsOfThisTest() ?? []).toEqual([]);
  });
  afterAll(async () => {
    await demo.browser?.close();
    await demo.t?.close();
  });
  return demo;
}
