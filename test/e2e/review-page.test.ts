/**
 * The review page as HTTP serves it (test/browser/review-page.test.ts drives it in Chromium):
 * GET /review with the page's Content-Security-Policy, its script and styles under /assets; the
 * page needs no key even when reads do; every GraphQL operation it sends is valid against the
 * schema and is the one docs/review-page.md lists; and the page's own checks of a draft find a
 * broken payload at the path where the API refuses it.
 */
import { buildSchema, parse, print, validate } from 'graphql';
import fs from 'node:fs';
import { buildCodebook } from '../../src/export/codebook/codebook.js';
import { PAGE_CSP } from '../../src/timeline-page/page-assets.js';
import * as operations from '../../web/review/operations.js';
import { checkAgainstSchema } from '../../web/review/schema-check.js';
import { BROKEN_PAYLOADS } from '../support/review-payloads.js';
import { registerActors, source } from '../support/fixtures.js';
import { type TestApp, startTestApp } from '../support/test-app.js';

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
    const response = await get('/review');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toBe(PAGE_CSP);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('cache-control')).toBe('no-cache');
    const html = await response.text();
    expect(html).toContain('<script type="module" src="/assets/review.js"></script>');
    expect(html).toContain('<html lang="en">');
    // Nothing inline: the policy would refuse it.
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(html).not.toMatch(/\sstyle=|<style/);
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
    const closed = await startTestApp({ PUBLIC_READ: 'false' });
    try {
      expect((await fetch(`${closed.url}/review`)).status).toBe(200);
      expect((await fetch(`${closed.url}/assets/review.js`)).status).toBe(200);
      const res = await closed.gql(operations.IS_EDITOR, {}, null);
      expect(res.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    } finally {
      await closed.close();
    }
  });
});

describe("the review page's GraphQL operations", () => {
  const documents = Object.entries(operations).filter(([name]) => !name.endsWith('_FIELDS')) as [string, string][];

  it('are valid against the committed schema', () => {
    const schema = buildSchema(fs.readFileSync('schema.gql', 'utf8'));
    for (const [name, document] of documents)
      expect({ name, errors: validate(schema, parse(document)).map((e) => e.message) }).toEqual({ name, errors: [] });
  });

  it('are the ones docs/review-page.md lists for frontend teams, word for word (up to layout and comments)', () => {
    const doc = fs.readFileSync('docs/review-page.md', 'utf8');
    const block = doc.slice(doc.indexOf('## GraphQL operations for frontend teams'));
    const start = block.indexOf('```graphql') + '```graphql'.length;
    const listed = block.slice(start, block.indexOf('```', start));
    const normalize = (source: string) =>
      parse(source)
        .definitions.map((definition) => print(definition))
        .sort();
    const ours = [...new Set(documents.flatMap(([, document]) => normalize(document)))].sort();
    expect(normalize(listed)).toEqual(ours);
  });

  it('tell the roles apart: READER, EDITOR and ADMIN keys each answer the two questions differently', async () => {
    const codes = async (key: string) =>
      Promise.all(
        [operations.IS_EDITOR, operations.IS_ADMIN].map(
          async (q) => (await t.gql(q, {}, key)).errors?.[0].extensions?.code ?? 'OK',
        ),
      );
    expect(await codes(t.readerKey)).toEqual(['FORBIDDEN', 'FORBIDDEN']);
    expect(await codes(editorKey)).toEqual(['OK', 'FORBIDDEN']);
    expect(await codes(t.adminKey)).toEqual(['OK', 'OK']);
  });
});

describe("the page's checks and the API's", () => {
  const codebook = buildCodebook();

  it.each(BROKEN_PAYLOADS)('refuse %s at the same path', async (_what, type, data, path) => {
    const schema = codebook.types.find((c) => c.type === type)!.jsonSchema;
    expect(checkAgainstSchema(data, schema, 'events[0].data').map((e) => e.path)).toContain(path);
    const res = await t.gql(
      operations.SUBMIT_DRAFT,
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
