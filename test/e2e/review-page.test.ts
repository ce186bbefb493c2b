/**
 * The review page as HTTP serves it (test/browser/review-page.test.ts drives it in Chromium):
 * GET /review with the page's Content-Security-Policy, its script and styles under /assets; the
 * page needs no key even when reads do; every GraphQL operation it sends is valid against the
 * schema and is the one docs/review-page.md lists; and the page's own checks of a draft find a
 * broken payload at the path where the API refuses it.
 */
import { buildSchema, parse, validate } from 'graphql';
import fs from 'node:fs';
import { buildCodebook } from '../../src/export/codebook/codebook.js';
import * as generated from '../../web/generated/graphql.js';
import { checkAgainstSchema } from '../../web/review/schema-check.js';
import { BROKEN_PAYLOADS } from '../support/review-payloads.js';
import { registerActors, source } from '../support/fixtures.js';
import {
  definitionsOf,
  expectPage,
  expectServedWithoutKey,
  listedInDoc,
  pageOperations,
} from '../support/page-http.js';
import { type TestApp, startTestApp } from '../support/test-app.js';

/** The page's operations as it sends them (the generated documents of web/review/operations.graphql), by name. */
const operations = pageOperations(generated, 'Review');

let t: TestApp;
let editorKey: string;

const CREATE_KEY = `mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { key } }`;

beforeAll(async () => {
  t = await startTestApp();
  await registerActors(t);
  const created = await t.gql(CREATE_KEY, { input: { name: 'review-e2e-editor', role: 'EDITOR' } });
  expect(created.errors).toBeUndefined();
  editorKey = created.data.createApiKey.key;
});

afterAll(() => t?.close());

const get = (path: string) => fetch(`${t.url}${path}`);

describe('GET /review', () => {
  it('answers the page, with the page Content-Security-Policy and the security headers', async () => {
    await expectPage(await get('/review'), '/assets/review.js');
  });

  it('loads nothing from another origin: its script, styles and icon are under /assets and served', async () => {
    const html = await (await get('/review')).text();
    const references = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
    const assets = references.filter((ref) => ref.startsWith('/assets/')).sort();
    expect(assets).toEqual(['/assets/favicon.svg', '/assets/review.css', '/assets/review.js']);
    for (const ref of references) expect(ref).not.toMatch(/^(https?:)?\/\//);
    for (const asset of assets) {
      const response = await get(asset);
      expect({ asset, status: response.status }).toEqual({ asset, status: 200 });
    }
    const css = await (await get('/assets/review.css')).text();
    expect(css).not.toMatch(/@import|url\(\s*["']?(https?:)?\/\//);
    // The page itself is only at its path.
    expect((await get('/assets/review.html')).status).toBe(404);
  });

  it('is served without a key on a server whose reads need one', async () => {
    await expectServedWithoutKey('/review', '/assets/review.js', operations.ReviewMe);
  });
});

describe("the review page's GraphQL operations", () => {
  const documents = Object.entries(operations);

  it('are valid against the committed schema', () => {
    const schema = buildSchema(fs.readFileSync('schema.gql', 'utf8'));
    for (const [name, document] of documents)
      expect({ name, errors: validate(schema, parse(document)).map((e) => e.message) }).toEqual({ name, errors: [] });
  });

  it('are the ones docs/review-page.md lists for frontend teams, word for word (up to layout and comments)', () => {
    expect(listedInDoc('docs/review-page.md')).toEqual(definitionsOf(documents.map(([, document]) => document)));
  });

  it('tell the page whose key it is: its name and role, or nothing without one', async () => {
    const me = async (key: string | null) => (await t.gql(operations.ReviewMe, {}, key)).data.me;
    expect(await me(t.readerKey)).toEqual({ name: 'test-reader', role: 'READER' });
    expect(await me(editorKey)).toEqual({ name: 'review-e2e-editor', role: 'EDITOR' });
    expect(await me(t.adminKey)).toEqual({ name: 'test-admin', role: 'ADMIN' });
    expect(await me(null)).toBeNull();
  });
});

describe("the page's checks and the API's", () => {
  const codebook = buildCodebook();

  it.each(BROKEN_PAYLOADS)('refuse %s at the same path', async (_what, type, data, path) => {
    const schema = codebook.types.find((c) => c.type === type)!.jsonSchema;
    expect(checkAgainstSchema(data, schema, 'events[0].data').map((e) => e.path)).toContain(path);
    const res = await t.gql(
      operations.ReviewSubmitDraft,
      {
        input: {
          streamId: `review-e2e-${type.toLowerCase()}`,
          events: [{ type, occurredAt: '2025-03-19T12:00Z', data, sources: [source()] }],
        },
      },
      editorKey,
    );
    expect(res.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect((res.errors?.[0].extensions?.errors as { path: string }[]).map((e) => e.path)).toContain(path);
  });
});
