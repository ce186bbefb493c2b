/**
 * The timeline page as HTTP serves it (the browser tests in test/browser/ drive it in Chromium):
 * GET / and its assets with their types, ETags and the page's Content-Security-Policy; nothing
 * else is reachable through /assets; the page needs no key even when reads do; and every GraphQL
 * operation the page makes is valid against the schema and answers without errors on the demo.
 */
import { buildSchema, parse, validate } from 'graphql';
import fs from 'node:fs';
import http from 'node:http';
import { ActorsService } from '../../src/actors/actors.service.js';
import { loadDemoTimeline } from '../../src/demo/demo-loader.js';
import { EventStoreService } from '../../src/events/event-store.service.js';
import * as generated from '../../web/generated/graphql.js';
import {
  definitionsOf,
  expectPage,
  expectServedWithoutKey,
  listedInDoc,
  pageOperations,
} from '../support/page-http.js';
import { type TestApp, startTestApp } from '../support/test-app.js';

/** The page's operations as it sends them (the generated documents of web/timeline/operations.graphql), by name. */
const operations = pageOperations(generated, 'Timeline');

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp();
  await loadDemoTimeline(t.app.get(ActorsService), t.app.get(EventStoreService));
});

afterAll(() => t?.close());

const get = (path: string, headers: Record<string, string> = {}) => fetch(`${t.url}${path}`, { headers });

/** A request as sent, path untouched (fetch would resolve `..`), with the bytes of the body as they came. */
function raw(
  method: string,
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const request = http.request(`${t.url}${path}`, { method, headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }),
      );
    });
    request.on('error', reject);
    request.setHeader('host', new URL(t.url).host);
    request.path = path;
    request.end();
  });
}

describe('GET /', () => {
  it('answers the page, with its own Content-Security-Policy and the security headers', async () => {
    await expectPage(await get('/'), '/assets/app.js');
  });

  it('loads nothing from another origin: every script, style and icon is under /assets and is served', async () => {
    const html = await (await get('/')).text();
    const references = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
    const assets = references.filter((ref) => ref.startsWith('/assets/'));
    expect(assets.sort()).toEqual(['/assets/app.css', '/assets/app.js', '/assets/favicon.svg']);
    for (const ref of references) expect(ref).not.toMatch(/^(https?:)?\/\//);
    const types: Record<string, string> = {
      '/assets/app.css': 'text/css',
      '/assets/app.js': 'text/javascript',
      '/assets/favicon.svg': 'image/svg+xml',
    };
    for (const asset of assets) {
      const response = await get(asset);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toContain(types[asset]);
      expect((await response.arrayBuffer()).byteLength).toBeGreaterThan(100);
    }
    const css = await (await get('/assets/app.css')).text();
    expect(css).not.toMatch(/url\(\s*["']?(https?:)?\/\//);
    expect(css).not.toMatch(/@import/);
  });

  it('revalidates with an ETag: 304 without a body when unchanged', async () => {
    for (const path of ['/', '/assets/app.js']) {
      const first = await get(path);
      const etag = first.headers.get('etag');
      expect(etag).toMatch(/^"[\w-]+"$/);
      expect(first.headers.get('cache-control')).toBe('no-cache');
      const again = await raw('GET', path, { 'if-none-match': etag! });
      expect(again.status).toBe(304);
      expect(again.body.length).toBe(0);
      expect((await get(path, { 'if-none-match': '"other"' })).status).toBe(200);
    }
  });

  it('answers HEAD without a body', async () => {
    const response = await raw('HEAD', '/');
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toContain('text/html');
    expect(Number(response.headers['content-length'])).toBeGreaterThan(100);
    expect(response.body.length).toBe(0);
  });
});

describe('GET /assets/<name>', () => {
  it('serves only the built files: unknown names, other folders and the page itself are 404 in the house shape', async () => {
    // Sent as written: `..` is not resolved by the client, so the server sees it.
    for (const path of [
      '/assets/nope.js',
      '/assets/..%2Fpackage.json',
      '/assets/%2E%2E%2F%2E%2E%2Fpackage.json',
      '/assets/index.html',
      '/assets/',
      '/assets/app.js%00.png',
      '/assets/../package.json',
      '/assets/../../package.json',
      '/assets/./app.js/../../package.json',
    ]) {
      const response = await raw('GET', path);
      expect({ path, status: response.status }).toEqual({ path, status: 404 });
      const body = JSON.parse(response.body.toString('utf8')) as { error: { code: string } };
      expect(body.error.code).toBe('NOT_FOUND');
      expect(response.body.toString('utf8')).not.toContain('diplomacy-timeline');
    }
    // The source maps are served (they are part of the build), with their type.
    const map = await get('/assets/app.js.map');
    expect(map.status).toBe(200);
    expect(map.headers.get('content-type')).toContain('application/json');
  });

  it('answers API errors elsewhere with the API policy, not the page one', async () => {
    const response = await get('/no-such-page');
    expect(response.status).toBe(404);
    expect(response.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'");
  });
});

describe('the page with PUBLIC_READ=false', () => {
  it('is served without a key, while its reads need one', async () => {
    await expectServedWithoutKey('/', '/assets/app.js', operations.TimelineActors);
  });
});

describe("the page's GraphQL operations", () => {
  const documents = Object.entries(operations);

  it('are valid against the committed schema', () => {
    const schema = buildSchema(fs.readFileSync('schema.gql', 'utf8'));
    expect(documents.map(([name]) => name).sort()).toEqual([
      'TimelineActors',
      'TimelineAgreements',
      'TimelineCallReadouts',
      'TimelineDisputedClaims',
      'TimelineEvent',
      'TimelineEventAppended',
      'TimelineEventDetails',
      'TimelineEventLinks',
      'TimelineEvents',
      'TimelineLogHead',
      'TimelineReadModels',
    ]);
    for (const [name, document] of documents) {
      expect({ name, errors: validate(schema, parse(document)).map((e) => e.message) }).toEqual({ name, errors: [] });
    }
  });

  it('are the ones docs/timeline-page.md lists for frontend teams, word for word (up to layout and comments)', () => {
    expect(listedInDoc('docs/timeline-page.md')).toEqual(definitionsOf(documents.map(([, document]) => document)));
  });

  it('answer on the demo timeline without errors, with what the page draws', async () => {
    const actors = await t.gql(operations.TimelineActors, {}, null);
    expect(actors.errors).toBeUndefined();
    expect(actors.data.actors.length).toBeGreaterThan(5);

    const page = await t.gql(operations.TimelineEvents, { filter: { includeRetracted: true }, after: null }, null);
    expect(page.errors).toBeUndefined();
    expect(page.data.events.totalCount).toBe(28);
    const call = page.data.events.edges
      .map((e: any) => e.node)
      .find((e: any) => e.streamId === 'call-trump-putin-2025-03-18');
    expect(call).toMatchObject({ type: 'CALL_HELD', occurredPrecision: 'HOUR', retracted: false, correctedBy: null });

    const details = await t.gql(operations.TimelineEventDetails, { id: call.id }, null);
    expect(details.errors).toBeUndefined();
    expect(details.data.event.sources.length).toBeGreaterThan(0);
    const one = await t.gql(operations.TimelineEvent, { id: call.id }, null);
    expect(one.data.event).toEqual(call);
    const head = await t.gql(operations.TimelineLogHead, {}, null);
    expect(head.data.events.edges[0].node.position).toBe('28');
    // The demand's stream holds the two disputes of it (no correction, no retraction).
    const demand = page.data.events.edges
      .map((e: any) => e.node)
      .find(
        (e: any) =>
          e.type === 'DEMAND_MADE' && e.streamId === 'demand-end-foreign-military-aid-and-intelligence-to-kyiv',
      );
    const links = await t.gql(operations.TimelineEventLinks, { streamId: demand.streamId }, null);
    expect(links.errors).toBeUndefined();
    expect(links.data.events.edges.map((e: any) => [e.node.type, e.node.data.disputedEventId])).toEqual([
      ['CLAIM_DISPUTED', demand.id],
      ['CLAIM_DISPUTED', demand.id],
    ]);

    const before = await t.gql(
      operations.TimelineReadModels,
      { asOf: '2025-03-18T13:00:00Z', minPosition: null },
      null,
    );
    expect(before.errors).toBeUndefined();
    expect(before.data.pledges.map((p: any) => p.id)).not.toContain('pledge-russia-energy-strikes');
    const agreementsBefore = await t.gql(
      operations.TimelineAgreements,
      { asOf: '2025-03-18T13:00:00Z', minPosition: null },
      null,
    );
    expect(agreementsBefore.errors).toBeUndefined();
    expect(agreementsBefore.data.agreements.map((a: any) => [a.id, a.state])).toEqual([
      ['proposal-30-day-ceasefire', 'REJECTED'],
    ]);
    const now = await t.gql(operations.TimelineReadModels, { asOf: null, minPosition: '26' }, null);
    expect(now.errors).toBeUndefined();
    expect(now.data.pledges.find((p: any) => p.id === 'pledge-russia-energy-strikes')).toMatchObject({
      state: 'BROKEN',
      lifetime: { text: expect.any(String) },
      violationCount: 2,
      firstViolation: { basis: 'INFERRED' },
    });
    expect(now.data.ceasefires.find((c: any) => c.id === 'proposal-30-day-ceasefire')).toMatchObject({
      title: 'Unconditional 30-day cease-fire',
      state: 'REJECTED',
    });
    // The Black Sea ceasefire (25 March) is an agreement too: accepted by Russia only on conditions still pending.
    const agreements = await t.gql(operations.TimelineAgreements, { asOf: null, minPosition: '26' }, null);
    expect(agreements.errors).toBeUndefined();
    const blackSea = agreements.data.agreements.find((a: any) => a.id === 'proposal-black-sea');
    expect(blackSea).toMatchObject({
      kind: 'CEASEFIRE',
      state: 'CONDITIONALLY_AGREED',
      counterTo: null,
      counterProposals: [],
      implementation: { status: 'NOT_STARTED', progress: [], reports: [] },
    });
    const russia = blackSea.parties.find((p: any) => p.actor.id === 'russia');
    expect(russia).toMatchObject({ stance: 'CONDITIONALLY_ACCEPTED', conditionsMetAt: null, pendingFor: null });
    expect(russia.conditionsPending).toEqual(russia.conditions);
    expect(now.data.ceasefires.find((c: any) => c.id === 'proposal-black-sea')).toMatchObject({
      state: 'CONDITIONALLY_AGREED',
      effectiveFrom: null,
    });

    // The claims ledger: the Kremlin readout of the call disputed by Zelensky (so the call is contested) and
    // the aid demand; before 19 March neither. The call's two readouts, the first with its dispute.
    const disputed = await t.gql(operations.TimelineDisputedClaims, { asOf: null, minPosition: '28' }, null);
    expect(disputed.errors).toBeUndefined();
    expect(disputed.data.claims.map((c: any) => c.readoutOf)).toEqual([null, { id: call.id, type: 'CALL_HELD' }]);
    const disputedBefore = await t.gql(
      operations.TimelineDisputedClaims,
      { asOf: '2025-03-18T23:00:00Z', minPosition: null },
      null,
    );
    expect(disputedBefore.errors).toBeUndefined();
    expect(disputedBefore.data.claims).toEqual([]);
    const readouts = await t.gql(
      operations.TimelineCallReadouts,
      { callId: call.id, asOf: null, minPosition: '28' },
      null,
    );
    expect(readouts.errors).toBeUndefined();
    expect(
      readouts.data.claims.map((r: any) => [r.status, r.claimant.id, r.disputes.map((d: any) => d.by.id)]),
    ).toEqual([
      ['DISPUTED', 'kremlin', ['zelensky']],
      ['UNDISPUTED', 'kremlin', []],
    ]);
    expect(readouts.data.claims[0].event.text).toMatch(/immediately/);
  });
});
