/**
 * What the timeline page shows, read through its DOM contract (test/browser/timeline-page.test.ts
 * and agreement-cards.test.ts compare it with the API): the marks' classes, lanes, pledge states,
 * the agreement cards, the details panel and its sources, the focused control, overlapping
 * drawings, sideways overflow, the live status.
 */
import type { Page } from 'playwright-core';
import { MARKS, markIds } from './browser-support.js';

/** The browser's document, in the functions that run in the page (page.evaluate): this project's tsconfig has no DOM types. */
declare const document: any;

export const pledgeRow = (id: string) => `#timeline .pledge-row[data-pledge-id="${id}"]`;
/** The card of a proposal or agreement (a ceasefire's too: one card per subject). */
export const agreementCard = (id: string) => `#agreements article.card[data-agreement-id="${id}"]`;
export const mark = (id: string) => `${MARKS}[data-event-id="${id}"]`;

export async function classesOf(page: Page): Promise<Record<string, string[]>> {
  const entries = await page
    .locator(MARKS)
    .evaluateAll((marks) => marks.map((m) => [m.getAttribute('data-event-id'), [...m.classList].sort()]));
  return Object.fromEntries(entries);
}

export async function afterAsOfIds(page: Page): Promise<string[]> {
  return markIds(page, `${MARKS}.is-after-as-of`);
}

export async function laneLabels(page: Page): Promise<string[]> {
  return page
    .locator('#timeline .lane[role=group]:not(.pledge-row)')
    .evaluateAll((lanes) => lanes.map((lane) => lane.getAttribute('aria-label') ?? ''));
}

export const stateOf = (page: Page, selector: string) => page.locator(selector).getAttribute('data-state');

export async function detailsSources(
  page: Page,
): Promise<Array<{ publisher: string; href: string | null; quote: string | null }>> {
  return page.locator('#details .source').evaluateAll((sources) =>
    sources.map((s) => ({
      publisher: s.querySelector('.publisher')?.textContent ?? '',
      href: s.querySelector('a[href]')?.getAttribute('href') ?? null,
      quote: s.querySelector('blockquote')?.textContent ?? null,
    })),
  );
}

/**
 * The details panel shows `eventId`, loaded (its title is there once it is). The panel names the
 * event in data-details-of: only marks carry data-event-id.
 */
export async function detailsOpenOn(page: Page, eventId: string): Promise<void> {
  await page.waitForSelector(`#details[data-details-of="${eventId}"]:not([hidden]) #details-title`);
}

export const activeElement = (page: Page) =>
  page.evaluate(() => {
    const active = document.activeElement;
    return {
      id: active?.id ?? '',
      eventId: active?.dataset?.eventId ?? null,
      isMark: Boolean(active?.matches?.('#timeline button.mark')),
      opens: active?.dataset?.openEvent ?? active?.dataset?.violationEventId ?? null,
    };
  });

/** Pairs of drawn elements without children inside `selector` whose boxes overlap (words running into a bar or a button). */
export const overlapsIn = (page: Page, selector: string) =>
  page.locator(selector).evaluate((root) => {
    const leaves = [...root.querySelectorAll('*')].filter(
      (e: any) => e.children.length === 0 && e.getClientRects().length > 0,
    );
    const name = (e: any) => `${e.tagName.toLowerCase()}.${[...e.classList].join('.')} "${e.textContent}"`;
    const found: string[] = [];
    leaves.forEach((a: any, i: number) => {
      for (const b of leaves.slice(i + 1) as any[]) {
        const ra = a.getBoundingClientRect();
        const rb = b.getBoundingClientRect();
        const width = Math.min(ra.right, rb.right) - Math.max(ra.left, rb.left);
        const height = Math.min(ra.bottom, rb.bottom) - Math.max(ra.top, rb.top);
        if (width > 0.5 && height > 0.5)
          found.push(`${name(a)} overlaps ${name(b)} by ${width.toFixed(1)}×${height.toFixed(1)} px`);
      }
    });
    return found;
  });

export const pageOverflow = (page: Page) =>
  page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth,
  }));

/**
 * What the page's WebSockets receive, watched from before it loads: `received(text)` resolves once
 * a frame holding `text` (an event id) has arrived, the real signal that the live feed has it.
 */
export function watchLiveFrames(page: Page): { received(text: string): Promise<void> } {
  const frames: string[] = [];
  const waiters: Array<{ text: string; resolve: () => void }> = [];
  page.on('websocket', (socket) =>
    socket.on('framereceived', ({ payload }) => {
      const frame = String(payload);
      frames.push(frame);
      for (const waiter of waiters) if (frame.includes(waiter.text)) waiter.resolve();
    }),
  );
  return {
    received: (text) =>
      frames.some((frame) => frame.includes(text))
        ? Promise.resolve()
        : new Promise<void>((resolve) => waiters.push({ text, resolve })),
  };
}

export async function waitForLive(page: Page): Promise<void> {
  await page.waitForSelector('#status-live[data-state="live"]');
}

export async function expectNoErrorBanner(page: Page): Promise<void> {
  expect(await page.locator('#error').isHidden()).toBe(true);
}

/** What an agreement card shows, as its DOM contract has it. */
export interface CardReading {
  state: string | null;
  agreementState: string | null;
  kind: string | null;
  badge: string;
  warning: string | null;
  stances: Array<{
    actor: string;
    stance: string;
    pending: string[];
    pendingFor: string | null;
    counterTo: string | null;
  }>;
  counterTo: string | null;
  counterProposals: string[];
  implementationStatus: string | null;
  implementationText: string | null;
  progress: Array<{ text: string; value: number | null; max: number | null; label: string | null }>;
}

export function readCard(page: Page, id: string): Promise<CardReading> {
  return page.locator(agreementCard(id)).evaluate((card: any) => {
    const text = (node: any) => (node ? node.textContent.replace(/\s+/g, ' ').trim() : null);
    const progressOf = (item: any) => {
      const bar = item.querySelector('progress');
      const labelledBy = bar?.getAttribute('aria-labelledby');
      return {
        text: text(item.querySelector('.progress-text')) ?? '',
        value: bar ? Number(bar.value) : null,
        max: bar ? Number(bar.max) : null,
        label: labelledBy ? text(card.ownerDocument.getElementById(labelledBy)) : null,
      };
    };
    const status = card.querySelector('[data-implementation-status]');
    return {
      state: card.getAttribute('data-state'),
      agreementState: card.getAttribute('data-agreement-state'),
      kind: card.getAttribute('data-kind'),
      badge: text(card.querySelector('.card-header .badge')) ?? '',
      warning: text(card.querySelector('.card-warning')),
      stances: [...card.querySelectorAll('ul.stances > li[data-actor-id]')].map((li: any) => ({
        actor: li.getAttribute('data-actor-id'),
        stance: li.getAttribute('data-stance'),
        pending: [...li.querySelectorAll('.conditions-pending li')].map((c: any) => text(c)),
        pendingFor: text(li.querySelector('[data-pending-for]')),
        counterTo: li.querySelector('[data-show-agreement]')?.getAttribute('data-show-agreement') ?? null,
      })),
      counterTo:
        card.querySelector('[data-counter-to] [data-show-agreement]')?.getAttribute('data-show-agreement') ?? null,
      counterProposals: [...card.querySelectorAll('[data-counter-proposals] [data-show-agreement]')].map((b: any) =>
        b.getAttribute('data-show-agreement'),
      ),
      implementationStatus: status?.getAttribute('data-implementation-status') ?? null,
      implementationText: text(status),
      progress: [...card.querySelectorAll('.progress-item')].map(progressOf),
    };
  });
}

/** The marks the page draws as disputed claims and as contested calls (event ids, sorted). */
export async function claimMarkIds(page: Page): Promise<{ disputed: string[]; contested: string[] }> {
  return {
    disputed: await markIds(page, `${MARKS}.is-disputed`),
    contested: await markIds(page, `${MARKS}.is-contested`),
  };
}

/** What the details panel shows of a call's readouts, as its DOM contract has it. */
export interface ReadoutReading {
  eventId: string | null;
  status: string | null;
  claimant: string;
  badge: string;
  words: string;
  disputes: Array<{ eventId: string | null; by: string; words: string }>;
}

/** The readouts in the open details; null when the panel shows no readouts section. */
export async function readReadouts(page: Page): Promise<{ summary: string; readouts: ReadoutReading[] } | null> {
  const section = page.locator('#details-readouts');
  if (!(await section.count())) return null;
  return section.evaluate((root: any) => {
    const text = (node: any) => (node ? node.textContent.replace(/\s+/g, ' ').trim() : '');
    return {
      summary: text(root.querySelector('.readouts-summary')),
      readouts: [...root.querySelectorAll('li.readout')].map((li: any) => ({
        eventId: li.getAttribute('data-claim-event-id'),
        status: li.getAttribute('data-status'),
        claimant: text(li.querySelector('.readout-claimant')),
        badge: text(li.querySelector('.badge')),
        words: text(li.querySelector('.readout-words')),
        disputes: [...li.querySelectorAll('li.dispute')].map((d: any) => ({
          eventId: d.querySelector('[data-open-event]')?.getAttribute('data-open-event') ?? null,
          by: text(d.querySelector('[data-open-event]')),
          words: text(d.querySelector('.reason')),
        })),
      })),
    };
  });
}
