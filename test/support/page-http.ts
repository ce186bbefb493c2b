/**
 * What the e2e tests of the pages the API serves (/ and /review) check alike: the page over HTTP
 * (200, HTML, the page Content-Security-Policy and the security headers, revalidated rather than
 * cached, its module script under /assets, nothing inline: the policy would refuse it), served
 * without a key where reads need one, and the operations its document lists for frontend teams.
 */
import { parse, print } from 'graphql';
import fs from 'node:fs';
import { PAGE_CSP } from '../../src/timeline-page/page-assets.js';
import { startTestApp } from './test-app.js';

/** Checks `response` as a served page whose script is `script` (`/assets/app.js`); answers its HTML. */
export async function expectPage(response: Response, script: string): Promise<string> {
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
  expect(response.headers.get('content-security-policy')).toBe(PAGE_CSP);
  expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  expect(response.headers.get('x-frame-options')).toBe('DENY');
  expect(response.headers.get('cache-control')).toBe('no-cache');
  const html = await response.text();
  expect(html).toContain(`<script type="module" src="${script}"></script>`);
  expect(html).toContain('<html lang="en">');
  expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
  expect(html).not.toMatch(/\sstyle=|<style/);
  return html;
}

/**
 * On a server whose reads need a key, the page and its script are still served without one, and
 * the page's first read (`operation`) is refused UNAUTHENTICATED: the page then asks for a key.
 */
export async function expectServedWithoutKey(pagePath: string, script: string, operation: string): Promise<void> {
  const closed = await startTestApp({ PUBLIC_READ: 'false' });
  try {
    expect((await fetch(`${closed.url}${pagePath}`)).status).toBe(200);
    expect((await fetch(`${closed.url}${script}`)).status).toBe(200);
    const res = await closed.gql(operation, {}, null);
    expect(res.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  } finally {
    await closed.close();
  }
}

/** Every definition (operation or fragment) of `documents`, printed alike, sorted, each once. */
export function definitionsOf(documents: readonly string[]): string[] {
  return [...new Set(documents.flatMap((d) => parse(d).definitions.map((definition) => print(definition))))].sort();
}

/** The definitions a page's document lists in its block after "## GraphQL operations for frontend teams". */
export function listedInDoc(docPath: string): string[] {
  const doc = fs.readFileSync(docPath, 'utf8');
  const block = doc.slice(doc.indexOf('## GraphQL operations for frontend teams'));
  const start = block.indexOf('```graphql') + '```graphql'.length;
  return definitionsOf([block.slice(start, block.indexOf('```', start))]);
}

/**
 * A page's operations as it sends them, by operation name (TimelineActors, …): the typed documents
 * `npm run codegen` generates (`…Document`) whose names start with `page` (fragments are in the
 * operations that use them).
 */
export function pageOperations(
  generated: Record<string, unknown>,
  page: 'Timeline' | 'Review',
): Record<string, string> {
  return Object.fromEntries(
    Object.entries(generated)
      .filter(([name]) => name.startsWith(page) && name.endsWith('Document'))
      .map(([name, document]) => [name.slice(0, -'Document'.length), String(document)]),
  );
}
