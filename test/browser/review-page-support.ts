/**
 * Driving the review page (/review) in the browser tests: keys of each role made through the API,
 * the page opened with a key given in its key form (as a person gives it), the draft form filled
 * field by field (the fields are found by the API path they hold), what a field says about its
 * error, and the drafts as the API answers them, to compare with what the page shows.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { BrowserContextOptions, Page } from 'playwright-core';
import { fieldId } from '../../web/review/field-paths.js';
import type { TestApp } from '../support/test-app.js';
import { type Browsing, SCREENSHOT_DIR } from './browser-support.js';

/** The browser's document, in the functions that run in the page: this project's tsconfig has no DOM types. */
declare const document: any;

const CREATE_KEY = `mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { key } }`;

export async function createKey(t: TestApp, name: string, role: 'READER' | 'EDITOR' | 'ADMIN'): Promise<string> {
  const res = await t.gql(CREATE_KEY, { input: { name, role } });
  if (res.errors) throw new Error(`createApiKey ${name}: ${JSON.stringify(res.errors)}`);
  return res.data.createApiKey.key;
}

/** The control that holds `path` (`events[0].data.speaker`), by the id the page gives it. */
export const field = (path: string) => `#${fieldId(path)}`;

/**
 * /review with `key` given in its key form (the page loads again with it); null: as it opens
 * without one. CSP bypassed so that axe can be injected.
 */
export async function openReview(
  browsing: Browsing,
  key: string | null,
  options: BrowserContextOptions = { viewport: { width: 1280, height: 900 } },
): Promise<Page> {
  const page = await browsing.open('/review', { ...options, bypassCSP: true });
  if (key === null) return page;
  await page.fill('#api-key', key);
  await Promise.all([page.waitForNavigation(), page.click('#key-form button[type=submit]')]);
  await page.waitForSelector('body[data-ready="true"]');
  return page;
}

export interface StatementFields {
  streamId: string;
  expectedVersion?: string;
  occurredAt?: string;
  speaker?: string;
  text?: string;
  readoutOf?: string;
  publisher?: string;
  url?: string;
  quotedText?: string;
}

/** Fills the form for a STATEMENT_MADE (fields not given are left as they are). */
export async function fillStatement(page: Page, fields: StatementFields): Promise<void> {
  await page.selectOption(field('events[0].type'), 'STATEMENT_MADE');
  await page.fill(field('streamId'), fields.streamId);
  if (fields.expectedVersion !== undefined) await page.fill(field('expectedVersion'), fields.expectedVersion);
  await page.fill(field('events[0].occurredAt'), fields.occurredAt ?? '2025-03-19T12:00Z');
  if (fields.speaker !== undefined) await page.selectOption(field('events[0].data.speaker'), fields.speaker);
  if (fields.text !== undefined) await page.fill(field('events[0].data.text'), fields.text);
  if (fields.readoutOf !== undefined) await page.fill(field('events[0].data.readoutOf'), fields.readoutOf);
  if (fields.publisher !== undefined) await page.fill(field('events[0].sources[0].publisher'), fields.publisher);
  if (fields.url !== undefined) await page.fill(field('events[0].sources[0].url'), fields.url);
  if (fields.quotedText !== undefined) await page.fill(field('events[0].sources[0].quotedText'), fields.quotedText);
}

export interface FieldState {
  invalid: string | null;
  /** The text of every element the control's aria-describedby names, in order. */
  description: string;
  /** The error message shown at the field. */
  message: string | null;
}

/** What the control of `path` tells a screen reader and shows about an error. */
export function fieldState(page: Page, path: string): Promise<FieldState> {
  return page.evaluate((id) => {
    const control = document.getElementById(id);
    const described = (control.getAttribute('aria-describedby') ?? '')
      .split(' ')
      .filter(Boolean)
      .map((i: string) => document.getElementById(i)?.textContent ?? '');
    return {
      invalid: control.getAttribute('aria-invalid'),
      description: described.join(' | '),
      message: control.closest('[data-path]')?.querySelector('.field-error')?.textContent ?? null,
    };
  }, fieldId(path));
}

/** The id (or, without one, the tag) of the focused element. */
export const focused = (page: Page): Promise<string> =>
  page.evaluate(() => document.activeElement?.id || document.activeElement?.tagName || '');

/** The class of the focused element. */
export const focusedClass = (page: Page): Promise<string> =>
  page.evaluate(() => document.activeElement?.className ?? '');

/** What the tab keeps in its sessionStorage (the key, and nothing else). */
export const storedValues = (page: Page): Promise<string[]> =>
  page.evaluate(() => Object.values<string>((globalThis as any).sessionStorage));

/** Presses Tab until `selector` has the focus (at most `max` times): how a keyboard gets there. */
export async function tabTo(page: Page, selector: string, max = 120): Promise<void> {
  for (let i = 0; i < max; i += 1) {
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`${max} presses of Tab did not reach ${selector}`);
}

export const DRAFT = `id status streamId expectedVersion submittedBy reviewedBy reason
  preview { id summary cameoCode actors { id name } sources { publisher quotedText } }
  revisions { at }
  appended { streamId streamVersion lastPosition events { id position streamVersion } }`;

export interface ApiDraft {
  id: string;
  status: string;
  streamId: string;
  expectedVersion: number | null;
  submittedBy: string;
  reviewedBy: string | null;
  reason: string | null;
  preview: { id: string; summary: string; cameoCode: string | null; actors: { id: string; name: string }[] }[];
  revisions: { at: string }[];
  appended: {
    streamId: string;
    streamVersion: number;
    lastPosition: string;
    events: { id: string; position: string; streamVersion: number }[];
  } | null;
}

/** Every draft `key` may see (an EDITOR's own, an ADMIN's all), oldest first. */
export async function apiDrafts(t: TestApp, key: string): Promise<ApiDraft[]> {
  const res = await t.gql(`{ drafts(first: 50) { ${DRAFT} } }`, {}, key);
  if (res.errors) throw new Error(`drafts: ${JSON.stringify(res.errors)}`);
  return res.data.drafts;
}

/** Submits a STATEMENT_MADE draft through the API as `key`. */
export async function submitStatement(
  t: TestApp,
  key: string,
  streamId: string,
  text: string,
  expectedVersion: number | null = 0,
): Promise<ApiDraft> {
  const res = await t.gql(
    `mutation($input: SubmitDraftInput!) { submitDraft(input: $input) { ${DRAFT} } }`,
    {
      input: {
        streamId,
        expectedVersion,
        note: 'From the wire',
        events: [
          {
            type: 'STATEMENT_MADE',
            occurredAt: '2025-03-20T09:00Z',
            data: { speaker: 'zelensky', text },
            sources: [
              { publisher: 'Review wire', url: 'https://example.org/review', quotedText: `“${text}”, he said.` },
            ],
          },
        ],
      },
    },
    key,
  );
  if (res.errors) throw new Error(`submitDraft: ${JSON.stringify(res.errors)}`);
  return res.data.submitDraft;
}

/** The draft's card in a list of the page (the queue, the editor's drafts, the one just submitted). */
export const card = (id: string, within = '') => `${within} article.draft[data-draft-id="${id}"]`.trim();

/** A full-page screenshot in .test-data/screenshots (review-<name>.png), to look at what a state looks like. */
export async function screenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `review-${name}.png`), fullPage: true });
}
