/**
 * GET requests and automatic persisted queries (issue 19), over HTTP against `node dist/main.js`:
 * - GET /graphql?query=…&variables=…&operationName=… answers queries (with Apollo's CSRF header),
 *   refuses them without it and refuses mutations (405, nothing done); a keyless answer without
 *   errors is cacheable (`public, max-age`), one to a key or with errors is not (`no-store`); the
 *   operation limits, the request id and the access log cover GET too;
 * - APQ: a text sent with its SHA-256 is registered, then its hash alone answers over POST and GET;
 *   an unknown hash gets PERSISTED_QUERY_NOT_FOUND; a text over the operation limits is refused
 *   before it is registered, so its hash stays unknown.
 */
import crypto from 'node:crypto';
import { type ServerProcess, gql, startServer, stopAllProcesses } from '../support/server-process.js';
import { type TestDatabase, createTestDatabase } from '../support/test-database.js';
import { until } from '../support/wait.js';

const MAX_DEPTH = 4;
const MAX_AGE = 7;

let db: TestDatabase;
let server: ServerProcess;

beforeAll(async () => {
  db = await createTestDatabase();
  server = await startServer('apq-get', {
    databaseUrl: db.url,
    env: { LOG_LEVEL: 'info', GRAPHQL_MAX_DEPTH: String(MAX_DEPTH), GRAPHQL_GET_MAX_AGE: String(MAX_AGE) },
  });
  const registered = await gql(
    server,
    `mutation {
      a: registerActor(input: { id: "russia", name: "Russia", kind: STATE }) { id }
      b: registerActor(input: { id: "putin", name: "Vladimir Putin", kind: PERSON, represents: "russia" }) { id }
      c: registerActor(input: { id: "ukraine", name: "Ukraine", kind: STATE }) { id }
    }`,
  );
  expect(registered.errors).toBeUndefined();
});

afterAll(async () => {
  await stopAllProcesses();
  await db.drop();
});

const sha256 = (text: string) => crypto.createHash('sha256').update(text).digest('hex');
const persisted = (hash: string) => ({ persistedQuery: { version: 1, sha256Hash: hash } });

/** GET /graphql with these parameters (objects sent as JSON text), with Apollo's CSRF header unless `csrfHeader` is false. */
function get(
  params: Record<string, unknown>,
  { key = null, csrfHeader = true }: { key?: string | null; csrfHeader?: boolean } = {},
): Promise<Response> {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params))
    search.set(name, typeof value === 'string' ? value : JSON.stringify(value));
  const headers: Record<string, string> = { accept: 'application/json' };
  if (csrfHeader) headers['apollo-require-preflight'] = 'true';
  if (key) headers.authorization = `Bearer ${key}`;
  return fetch(`${server.url}/graphql?${search}`, { headers });
}

function post(body: Record<string, unknown>): Promise<Response> {
  return fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

/** A GraphQL answer's body, as the assertions read it. */
const bodyOf = async (res: Response): Promise<any> => res.json();

const ACTOR = 'query Actor($id: ID!) { actor(id: $id) { id kind principal { id } } }';

describe('GET /graphql', () => {
  it('answers a query with its variables and operation name, cacheable by anyone when sent without a key', async () => {
    const query = `${ACTOR} query Count { events { totalCount } }`;
    const res = await get({ query, variables: { id: 'putin' }, operationName: 'Actor' });
    expect(res.status).toBe(200);
    const body = await bodyOf(res);
    expect(body).toEqual({ data: { actor: { id: 'putin', kind: 'PERSON', principal: { id: 'russia' } } } });
    // The same operation over POST answers the same.
    expect(await bodyOf(await post({ query, variables: { id: 'putin' }, operationName: 'Actor' }))).toEqual(body);
    expect(res.headers.get('cache-control')).toBe(`public, max-age=${MAX_AGE}`);
    expect(res.headers.get('vary')).toMatch(/authorization/i);
    // Apollo picks the media type from Accept, and the CORS headers name the Origin.
    expect(res.headers.get('vary')).toMatch(/accept/i);
    expect(res.headers.get('vary')).toMatch(/origin/i);
  });

  it('is not cacheable when sent with a key, nor when it has errors', async () => {
    const keyed = await get({ query: ACTOR, variables: { id: 'ukraine' } }, { key: server.adminKey });
    expect(keyed.status).toBe(200);
    expect((await bodyOf(keyed)).data.actor.id).toBe('ukraine');
    expect(keyed.headers.get('cache-control')).toBe('no-store');

    const wrong = await get({ query: '{ actors { noSuchField } }' });
    expect(wrong.status).toBe(400);
    expect((await bodyOf(wrong)).errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(wrong.headers.get('cache-control')).toBe('no-store');
  });

  it("refuses a query without Apollo's CSRF header, saying which header to send", async () => {
    const res = await get({ query: ACTOR, variables: { id: 'putin' } }, { csrfHeader: false });
    expect(res.status).toBe(400);
    const body = await bodyOf(res);
    expect(body.errors[0].message).toContain('apollo-require-preflight');
    expect(body.data).toBeUndefined();
  });

  it('refuses a mutation (405, Allow: POST) and does nothing', async () => {
    const mutation = 'mutation { registerActor(input: { id: "made-over-get", name: "Made", kind: STATE }) { id } }';
    const res = await get({ query: mutation }, { key: server.adminKey });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('POST');
    expect((await bodyOf(res)).errors[0].message).toMatch(/only support query operations, not mutation/);
    const after = await gql(server, '{ actor(id: "made-over-get") { id } }');
    expect(after).toEqual({ data: { actor: null } });
  });

  it('is held to the operation limits before Apollo parses it', async () => {
    const res = await get({ query: '{ actors { principal { principal { principal { principal { id } } } } } }' });
    expect(res.status).toBe(400);
    const body = await bodyOf(res);
    expect(body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', limit: 'depth', max: MAX_DEPTH });
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('carries a request id, which its access log line names', async () => {
    const res = await get({ query: ACTOR, variables: { id: 'russia' } });
    const id = res.headers.get('x-request-id');
    expect(id).toBeTruthy();
    const line = () =>
      server
        .output()
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as Record<string, unknown>)
        .find((entry) => entry.context === 'http' && entry.requestId === id);
    await until('the access log line of the GET', () => line() !== undefined);
    expect(line()).toMatchObject({ msg: 'request', method: 'GET', path: '/graphql', status: 200 });
  });
});

describe('automatic persisted queries', () => {
  it('register a text sent with its hash; the hash alone then answers over POST and GET', async () => {
    const query = '{ actors { id name } }';
    const hash = sha256(query);
    const registered = await post({ query, extensions: persisted(hash) });
    expect(registered.status).toBe(200);
    const first = await bodyOf(registered);
    expect(first.errors).toBeUndefined();
    expect(first.data.actors.length).toBeGreaterThan(0);

    const byPost = await post({ extensions: persisted(hash) });
    expect(byPost.status).toBe(200);
    expect(await bodyOf(byPost)).toEqual(first);

    const byGet = await get({ extensions: persisted(hash) });
    expect(byGet.status).toBe(200);
    expect(await bodyOf(byGet)).toEqual(first);
    expect(byGet.headers.get('cache-control')).toBe(`public, max-age=${MAX_AGE}`);
  });

  it('answer PERSISTED_QUERY_NOT_FOUND for a hash never registered, so that the client sends the text', async () => {
    const hash = sha256('{ actors { id } } # never sent');
    for (const res of [await post({ extensions: persisted(hash) }), await get({ extensions: persisted(hash) })]) {
      const body = await bodyOf(res);
      expect(body.errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
      expect(body.data).toBeUndefined();
    }
  });

  it('refuse a text whose hash is not its SHA-256', async () => {
    const res = await post({ query: '{ actors { id } }', extensions: persisted(sha256('something else')) });
    expect(res.status).toBe(400);
    expect((await bodyOf(res)).errors[0].message).toMatch(/sha/i);
  });

  it('never register a text over the operation limits: its hash stays unknown', async () => {
    const query = '{ actors { principal { principal { principal { principal { name } } } } } }';
    const hash = sha256(query);
    const refused = await post({ query, extensions: persisted(hash) });
    expect(refused.status).toBe(400);
    expect((await bodyOf(refused)).errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', limit: 'depth' });
    const again = await bodyOf(await post({ extensions: persisted(hash) }));
    expect(again.errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
  });
});
