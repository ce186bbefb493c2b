/**
 * GraphiQL at GET /graphql: the project's own page (no script, style or font from another host, no
 * inline script) under a Content-Security-Policy of its own; off in production unless
 * GRAPHIQL=true; queries sent with GET are still GraphQL. Its behaviour in a browser:
 * test/browser/graphiql.test.ts.
 */
import { GRAPHIQL_CSP } from '../../src/graphiql/graphiql-page.js';
import { type TestApp, startTestApp } from '../support/test-app.js';

const apps: TestApp[] = [];
async function app(env: Record<string, string> = {}): Promise<TestApp> {
  const started = await startTestApp(env);
  apps.push(started);
  return started;
}
afterAll(async () => {
  for (const started of apps) await started.close();
});

const asBrowser = { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' };

describe('in development', () => {
  it('serves the bundled page under its own policy: every script and style from this service, none inline', async () => {
    const t = await app();
    const res = await fetch(`${t.url}/graphql`, { headers: asBrowser });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('content-security-policy')).toBe(GRAPHIQL_CSP);
    expect(GRAPHIQL_CSP).toMatch(/script-src 'self';/);
    expect(GRAPHIQL_CSP).not.toMatch(/unsafe|https?:/);
    const html = await res.text();
    const references = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
    expect(references.sort()).toEqual([
      '/assets/favicon.svg',
      '/assets/graphiql-page.css',
      '/assets/graphiql.css',
      '/assets/graphiql.js',
    ]);
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/); // no inline script
    expect(html).not.toMatch(/unpkg|cdn|jsdelivr|esm\.sh/i);
    for (const reference of references) {
      const asset = await fetch(`${t.url}${reference}`);
      expect({ reference, status: asset.status }).toEqual({ reference, status: 200 });
      if (reference.endsWith('.js')) expect(await asset.text()).not.toMatch(/https:\/\/unpkg\.com/);
    }
  });

  it('answers a conditional request with 304, and a GraphQL GET query as GraphQL', async () => {
    const t = await app();
    const first = await fetch(`${t.url}/graphql`, { headers: asBrowser });
    const again = await fetch(`${t.url}/graphql`, {
      headers: { ...asBrowser, 'if-none-match': first.headers.get('etag')! },
    });
    expect(again.status).toBe(304);
    const query = await fetch(`${t.url}/graphql?query=${encodeURIComponent('{ actors { id } }')}`, {
      headers: { 'apollo-require-preflight': 'true' },
    });
    expect(query.status).toBe(200);
    expect(await query.json()).toEqual({ data: { actors: [] } });
  });

  it('is not served as a file under /assets', async () => {
    const t = await app();
    expect((await fetch(`${t.url}/assets/graphiql.html`)).status).toBe(404);
  });

  it('GRAPHIQL=false turns it off', async () => {
    const t = await app({ GRAPHIQL: 'false' });
    const res = await fetch(`${t.url}/graphql`, { headers: asBrowser });
    expect(res.headers.get('content-type') ?? '').not.toMatch(/text\/html/);
  });
});

describe('in production', () => {
  it('is off: a browser gets no page', async () => {
    const t = await app({ NODE_ENV: 'production' });
    const res = await fetch(`${t.url}/graphql`, { headers: asBrowser });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type') ?? '').not.toMatch(/text\/html/);
    expect(await res.text()).not.toMatch(/graphiql/i);
  });

  it('GRAPHIQL=true turns it on, under the same policy', async () => {
    const t = await app({ NODE_ENV: 'production', GRAPHIQL: 'true' });
    const res = await fetch(`${t.url}/graphql`, { headers: asBrowser });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toBe(GRAPHIQL_CSP);
    expect(await res.text()).toContain('/assets/graphiql.js');
  });
});
