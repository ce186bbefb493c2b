/**
 * Authentication and roles over HTTP: mutations need an ADMIN key, reads are open unless
 * PUBLIC_READ=false, keys are stored hashed, revocation is immediate, ADMIN_API_KEY is registered
 * once and replaced when it changes, and the key CLI (dist/cli/keys.cli.js) works end to end.
 */
import { execFile } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ApiKeysService } from '../../src/auth/api-keys.service.js';
import { createKey, submitDraft } from '../support/drafts.js';
import { type GraphqlResponse, type TestApp, startTestApp } from '../support/test-app.js';
import {
  REGISTER_ACTOR,
  appendEvents,
  appendRaw,
  registerActors,
  statementMade,
  storeState,
  withPg,
} from '../support/fixtures.js';

const ROOT = process.cwd();
const CLI = path.join(ROOT, 'dist/cli/keys.cli.js');

let t: TestApp;
let storedEventId: string;
/** Drafts for the draft mutations: the admin's own (to revise, withdraw), an editor's (to approve, reject). */
const drafts: Record<'own1' | 'own2' | 'theirs1' | 'theirs2', string> = {
  own1: '',
  own2: '',
  theirs1: '',
  theirs2: '',
};

beforeAll(async () => {
  t = await startTestApp();
  await registerActors(t);
  storedEventId = (await appendEvents(t, { streamId: 'statement-auth', events: [statementMade()] })).events[0].id;
  await t.app.get(ApiKeysService).create('to-revoke', 'READER', 'test');
  const editor = await createKey(t, 'auth-editor', 'EDITOR');
  for (const [name, key] of [
    ['own1', t.adminKey],
    ['own2', t.adminKey],
    ['theirs1', editor],
    ['theirs2', editor],
  ] as const)
    drafts[name] = (await submitDraft(t, key, { streamId: `statement-draft-${name}`, events: [statementMade()] })).id;
});

afterAll(() => t?.close());

/** POST /graphql with exactly these headers (for malformed Authorization headers). */
async function rawGql(
  query: string,
  variables: Record<string, unknown>,
  authorization?: string,
): Promise<GraphqlResponse> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (authorization !== undefined) headers.authorization = authorization;
  const response = await fetch(`${t.url}/graphql`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ query, variables }),
  });
  return { ...((await response.json()) as GraphqlResponse), status: response.status };
}

function codeOf(res: GraphqlResponse): string | undefined {
  expect(res.errors).toHaveLength(1);
  return res.errors![0].extensions?.code;
}

/** A syntactically valid key that was never issued. */
const unknownKey = () => `dtl_${crypto.randomBytes(32).toString('base64url')}`;

const APPEND_MUTATION = `mutation($input: AppendEventsInput!) { appendEvents(input: $input) { lastPosition } }`;

/** Every mutation of the schema, with variables that an ADMIN key may send (checked against the schema below). */
const MUTATIONS: Array<[string, string, () => Record<string, unknown>]> = [
  ['appendEvents', APPEND_MUTATION, () => ({ input: { streamId: 'statement-auth-new', events: [statementMade()] } })],
  [
    'registerActor',
    REGISTER_ACTOR,
    () => ({ input: { id: 'lavrov', name: 'Sergey Lavrov', kind: 'PERSON', represents: 'russia' } }),
  ],
  [
    'createApiKey',
    `mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { key apiKey { name role } } }`,
    () => ({ input: { name: 'made-over-graphql', role: 'READER' } }),
  ],
  [
    'revokeApiKey',
    `mutation($name: String!) { revokeApiKey(name: $name) { name revokedAt } }`,
    () => ({ name: 'to-revoke' }),
  ],
  [
    'submitDraft',
    `mutation($input: SubmitDraftInput!) { submitDraft(input: $input) { id } }`,
    () => ({ input: { streamId: 'statement-draft-new', events: [statementMade()] } }),
  ],
  [
    'reviseDraft',
    `mutation($id: ID!, $input: SubmitDraftInput!) { reviseDraft(id: $id, input: $input) { id } }`,
    () => ({ id: drafts.own1, input: { streamId: 'statement-draft-own1', events: [statementMade()] } }),
  ],
  ['withdrawDraft', `mutation($id: ID!) { withdrawDraft(id: $id) { id } }`, () => ({ id: drafts.own2 })],
  ['approveDraft', `mutation($id: ID!) { approveDraft(id: $id) { id } }`, () => ({ id: drafts.theirs1 })],
  [
    'rejectDraft',
    `mutation($id: ID!) { rejectDraft(id: $id, reason: "not sourced") { id } }`,
    () => ({ id: drafts.theirs2 }),
  ],
];

describe('mutations', () => {
  it('the table below covers every mutation of the schema', async () => {
    const res = await t.gql(`{ __type(name: "Mutation") { fields { name } } }`, {}, null);
    expect(res.errors).toBeUndefined();
    expect(res.data.__type.fields.map((f: { name: string }) => f.name).sort()).toEqual(
      MUTATIONS.map(([name]) => name).sort(),
    );
  });

  const credentials: Array<[string, () => string | undefined, string]> = [
    ['no Authorization header', () => undefined, 'UNAUTHENTICATED'],
    ['a READER key', () => `Bearer ${t.readerKey}`, 'FORBIDDEN'],
    ['an unknown key', () => `Bearer ${unknownKey()}`, 'UNAUTHENTICATED'],
    [
      'the admin key with one character changed',
      () => `Bearer ${t.adminKey.slice(0, -1)}${t.adminKey.endsWith('A') ? 'B' : 'A'}`,
      'UNAUTHENTICATED',
    ],
    ['a short key', () => 'Bearer short', 'UNAUTHENTICATED'],
    ['Basic credentials', () => `Basic ${Buffer.from('admin:admin').toString('base64')}`, 'UNAUTHENTICATED'],
    ['"Bearer" without a key', () => 'Bearer', 'UNAUTHENTICATED'],
    ['"Bearer" with two words', () => `Bearer ${t.adminKey} extra`, 'UNAUTHENTICATED'],
    ['the admin key without "Bearer"', () => t.adminKey, 'UNAUTHENTICATED'],
  ];

  for (const [mutation, query, variables] of MUTATIONS) {
    it.each(credentials.map(([name, header, code]) => ({ name, header, code })))(
      `${mutation} with $name → $code, and nothing changes`,
      async ({ header: authorization, code }) => {
        const before = await storeState(t.database.url);
        const res = await rawGql(query, variables(), authorization());
        expect(codeOf(res)).toBe(code);
        expect(res.data?.[mutation] ?? null).toBeNull();
        expect(await storeState(t.database.url)).toEqual(before);
      },
    );
  }

  it('the same mutations with the ADMIN key succeed (the control)', async () => {
    for (const [mutation, query, variables] of MUTATIONS) {
      const res = await rawGql(query, variables(), `Bearer ${t.adminKey}`);
      expect(res.errors).toBeUndefined();
      expect(res.data[mutation]).toBeTruthy();
    }
  });
});

const READS: Array<[string, string]> = [
  ['actors', `{ actors { id } }`],
  ['actor', `{ actor(id: "putin") { id timeline { totalCount } } }`],
  ['events', `{ events { totalCount } }`],
  ['event', `query($id: ID!) { event(id: $id) { id } }`],
  ['stream', `{ stream(id: "statement-auth") { version } }`],
];

describe('key administration reads need ADMIN, even with open reads', () => {
  it('apiKeys: no key → UNAUTHENTICATED, READER → FORBIDDEN, ADMIN → the keys without secrets', async () => {
    const query = `{ apiKeys { name role } }`;
    expect(codeOf(await t.gql(query, {}, null))).toBe('UNAUTHENTICATED');
    expect(codeOf(await t.gql(query, {}, t.readerKey))).toBe('FORBIDDEN');
    const res = await t.gql(query, {}, t.adminKey);
    expect(res.errors).toBeUndefined();
    expect(res.data.apiKeys).toEqual(
      expect.arrayContaining([
        { name: 'test-admin', role: 'ADMIN' },
        { name: 'test-reader', role: 'READER' },
      ]),
    );
  });
});

describe('reads (PUBLIC_READ default: true)', () => {
  it.each(READS)('%s is open without a key and with a READER key', async (_name, query) => {
    for (const key of [null, t.readerKey, t.adminKey]) {
      const res = await t.gql(query, { id: storedEventId }, key);
      expect(res.errors).toBeUndefined();
      expect(Object.values(res.data)[0]).not.toBeNull();
    }
  });

  it('a presented key must still be valid: an unknown key or a malformed header is UNAUTHENTICATED on a read', async () => {
    expect(codeOf(await rawGql(`{ actors { id } }`, {}, `Bearer ${unknownKey()}`))).toBe('UNAUTHENTICATED');
    expect(codeOf(await rawGql(`{ actors { id } }`, {}, 'Bearer'))).toBe('UNAUTHENTICATED');
  });
});

describe('reads with PUBLIC_READ=false', () => {
  let closed: TestApp;
  let id: string;

  beforeAll(async () => {
    closed = await startTestApp({ PUBLIC_READ: 'false' });
    await registerActors(closed);
    id = (await appendEvents(closed, { streamId: 'statement-auth', events: [statementMade()] })).events[0].id;
  });

  afterAll(() => closed?.close());

  it.each(READS)('%s without a key → UNAUTHENTICATED; with a READER or ADMIN key → fine', async (_name, query) => {
    const anonymous = await closed.gql(query, { id }, null);
    expect(codeOf(anonymous)).toBe('UNAUTHENTICATED');
    // Nothing of the answer leaks: the field is null (or data is absent).
    expect(Object.values(anonymous.data ?? {}).filter((value) => value !== null)).toEqual([]);
    for (const key of [closed.readerKey, closed.adminKey]) {
      const res = await closed.gql(query, { id }, key);
      expect(res.errors).toBeUndefined();
      expect(Object.values(res.data)[0]).not.toBeNull();
    }
  });

  it('mutations still need ADMIN', async () => {
    const res = await appendRaw(closed, { streamId: 'statement-closed', events: [statementMade()] }, closed.readerKey);
    expect(codeOf(res)).toBe('FORBIDDEN');
  });
});

describe('keys', () => {
  it('are stored hashed: no row of api_keys or api_key_audit holds a key', async () => {
    const keys = t.app.get(ApiKeysService);
    const extra = await keys.create('hash-check', 'READER', 'test');
    const secrets = [t.adminKey, t.readerKey, extra.key];
    await withPg(t.database.url, async (client) => {
      for (const table of ['api_keys', 'api_key_audit']) {
        const rows = (await client.query(`SELECT * FROM ${table}`)).rows as Array<Record<string, unknown>>;
        const text = (await client.query(`SELECT string_agg(k::text, '\n') AS s FROM ${table} k`)).rows[0].s as string;
        expect(rows.length).toBeGreaterThanOrEqual(3);
        for (const secret of secrets) {
          const body = secret.replace(/^dtl_/, '');
          for (const needle of [
            secret,
            body,
            Buffer.from(body, 'base64url').toString('hex'),
            Buffer.from(secret).toString('hex'),
          ]) {
            expect(text.includes(needle)).toBe(false);
          }
          for (const row of rows) {
            for (const value of Object.values(row)) {
              const bytes = Buffer.isBuffer(value) ? value : Buffer.from(String(value));
              expect(bytes.includes(Buffer.from(secret))).toBe(false);
              expect(bytes.includes(Buffer.from(body))).toBe(false);
              expect(bytes.includes(Buffer.from(body, 'base64url'))).toBe(false);
            }
          }
        }
      }
    });
  });

  it('revocation through ApiKeysService takes effect on the very next request', async () => {
    const keys = t.app.get(ApiKeysService);
    const created = await keys.create('soon-revoked', 'ADMIN', 'test');
    const ok = await t.gql(
      REGISTER_ACTOR,
      { input: { id: 'peskov', name: 'Dmitry Peskov', kind: 'PERSON', represents: 'kremlin' } },
      created.key,
    );
    expect(ok.errors).toBeUndefined();

    const info = await keys.revoke('soon-revoked', 'test');
    const before = await storeState(t.database.url);
    const refused = await t.gql(
      REGISTER_ACTOR,
      { input: { id: 'lavrov', name: 'Sergey Lavrov', kind: 'PERSON', represents: 'kremlin' } },
      created.key,
    );
    expect(codeOf(refused)).toBe('UNAUTHENTICATED');
    expect(codeOf(await t.gql(`{ actors { id } }`, {}, created.key))).toBe('UNAUTHENTICATED');
    expect(await storeState(t.database.url)).toEqual(before);
    await expect(keys.revoke('soon-revoked', 'test')).rejects.toMatchObject({ code: 'CONFLICT' });
    // revoke() answers the revoked key's info (the CLI prints it).
    expect(info).toMatchObject({
      id: created.id,
      name: 'soon-revoked',
      role: 'ADMIN',
      createdBy: 'test',
      revokedAt: expect.any(Date),
    });
  });

  it('a revoked READER key no longer reads, even with open reads', async () => {
    const keys = t.app.get(ApiKeysService);
    const created = await keys.create('reader-revoked', 'reader', 'test');
    expect((await t.gql(`{ actors { id } }`, {}, created.key)).errors).toBeUndefined();
    await keys.revoke(created.id, 'test');
    expect(codeOf(await t.gql(`{ actors { id } }`, {}, created.key))).toBe('UNAUTHENTICATED');
  });
});

describe('ensureEnvAdminKey (ADMIN_API_KEY)', () => {
  const envRows = () =>
    withPg(t.database.url, async (client) => {
      const rows = (
        await client.query(
          "SELECT name, role, revoked_at IS NOT NULL AS revoked FROM api_keys WHERE created_by = 'ADMIN_API_KEY' ORDER BY created_at, name",
        )
      ).rows;
      const audit = (await client.query('SELECT count(*)::int AS n FROM api_key_audit')).rows[0].n as number;
      return { rows, audit };
    });
  const canWrite = async (key: string) => {
    const res = await t.gql(REGISTER_ACTOR, { input: { id: 'us', name: 'United States', kind: 'STATE' } }, key);
    return res.errors ? res.errors[0].extensions?.code : 'OK';
  };

  it('registers once, changes nothing the second time, and a new value revokes the old key', async () => {
    const keys = t.app.get(ApiKeysService);
    const first = 'x'.repeat(32);
    const second = 'y'.repeat(32);
    expect(await canWrite(first)).toBe('UNAUTHENTICATED');

    await keys.ensureEnvAdminKey(first);
    const once = await envRows();
    expect(once.rows).toEqual([{ name: 'admin-env', role: 'ADMIN', revoked: false }]);
    expect(await canWrite(first)).toBe('OK');

    const keysBefore = (await storeState(t.database.url)).keys;
    await keys.ensureEnvAdminKey(first);
    expect(await envRows()).toEqual(once);
    expect((await storeState(t.database.url)).keys).toBe(keysBefore);

    await keys.ensureEnvAdminKey(second);
    const rotated = await envRows();
    expect(rotated.rows).toHaveLength(2);
    expect(rotated.rows.filter((row: { revoked: boolean }) => !row.revoked)).toEqual([
      expect.objectContaining({ role: 'ADMIN', revoked: false }),
    ]);
    expect(rotated.rows.find((row: { name: string }) => row.name === 'admin-env')).toMatchObject({ revoked: true });
    expect(await canWrite(first)).toBe('UNAUTHENTICATED');
    expect(await canWrite(second)).toBe('OK');

    await keys.ensureEnvAdminKey(second);
    expect(await envRows()).toEqual(rotated);

    // Going back to a revoked value is refused, and changes nothing.
    await expect(keys.ensureEnvAdminKey(first)).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(await envRows()).toEqual(rotated);
    expect(await canWrite(first)).toBe('UNAUTHENTICATED');
  });

  it('instances registering the same new value at the same moment all succeed and leave one live key', async () => {
    const keys = t.app.get(ApiKeysService);
    const value = 'z'.repeat(32);
    const before = (await envRows()).rows.length;
    // Eight at once, as eight instances starting together would (the pool runs them on separate connections).
    await Promise.all(Array.from({ length: 8 }, () => keys.ensureEnvAdminKey(value)));
    const after = (await envRows()).rows.slice(before);
    expect(after).toEqual([expect.objectContaining({ role: 'ADMIN', revoked: false })]);
    expect(await canWrite(value)).toBe('OK');
  });

  it('refuses a value that is the secret of a READER key, and leaves that key a READER', async () => {
    const keys = t.app.get(ApiKeysService);
    const reader = await keys.create('env-collision', 'READER', 'test');
    await expect(keys.ensureEnvAdminKey(reader.key)).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(await canWrite(reader.key)).toBe('FORBIDDEN');
  });
});

// ---------------------------------------------------------------------------------------------

interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

function run(file: string, args: string[], env: NodeJS.ProcessEnv, timeout = 110_000): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(file, args, { cwd: ROOT, env, timeout }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

describe('the key CLI (node dist/cli/keys.cli.js)', () => {
  let env: NodeJS.ProcessEnv;
  const keysCli = (...args: string[]) => run(process.execPath, [CLI, ...args], env, 30_000);
  const keyRows = () => storeState(t.database.url).then((s) => s.keys);
  let aliceKey: string;

  beforeAll(async () => {
    // npm test and npm run test:e2e build first (pretest). Building here would delete dist/ under
    // the other test files that run the built server and tools at the same time.
    if (!fs.existsSync(CLI))
      throw new Error(`${CLI} is missing: run the tests with npm test (it builds first) or run npx nest build`);
    env = { ...process.env, DATABASE_URL: t.database.url, LOG_LEVEL: 'silent', USER: 'cli-test' };
    for (const name of ['NODE_OPTIONS', 'ADMIN_API_KEY', 'PUBLIC_READ', 'DATA_DIR', 'DEMO_DATA', 'PORT'])
      delete env[name];
  });

  it('create prints a key once, and the key works over HTTP as ADMIN', async () => {
    const created = await keysCli('create', '--role', 'admin', '--name', 'alice');
    expect(created.stderr).not.toMatch(/error/i);
    expect(created.code).toBe(0);
    const found: string[] = created.stdout.match(/dtl_[A-Za-z0-9_-]{20,}/g) ?? [];
    expect(found).toHaveLength(1);
    aliceKey = found[0];
    expect(created.stdout).toContain('alice');

    const res = await t.gql(
      REGISTER_ACTOR,
      { input: { id: 'sovsun', name: 'Inna Sovsun', kind: 'PERSON', represents: 'ukraine' } },
      aliceKey,
    );
    expect(res.errors).toBeUndefined();
    const write = await appendRaw(t, { streamId: 'statement-alice', events: [statementMade()] }, aliceKey);
    expect(write.errors).toBeUndefined();
  });

  it('create --role editor prints a key that drafts and cannot append', async () => {
    const created = await keysCli('create', '--role', 'editor', '--name', 'anna');
    expect(created.code).toBe(0);
    const key = /dtl_[A-Za-z0-9_-]+/.exec(created.stdout)?.[0] ?? '';
    expect(created.stdout).toMatch(/created EDITOR key "anna"/);
    const draft = await t.gql(
      `mutation($input: SubmitDraftInput!) { submitDraft(input: $input) { submittedBy status } }`,
      { input: { streamId: 'statement-cli-editor', events: [statementMade()] } },
      key,
    );
    expect(draft.data.submitDraft).toEqual({ submittedBy: 'anna', status: 'PENDING' });
    const append = await t.gql(
      APPEND_MUTATION,
      { input: { streamId: 'statement-cli-editor', events: [statementMade()] } },
      key,
    );
    expect(codeOf(append)).toBe('FORBIDDEN');
  });

  it('list shows names and roles, never a key', async () => {
    const listed = await keysCli('list');
    expect(listed.code).toBe(0);
    const lines = listed.stdout.split('\n');
    const line = (name: string) => lines.find((l) => l.split(/\s+/)[0] === name);
    expect(line('alice')).toMatch(/\bADMIN\b/);
    expect(line('test-admin')).toMatch(/\bADMIN\b/);
    expect(line('test-reader')).toMatch(/\bREADER\b/);
    for (const secret of [aliceKey, t.adminKey, t.readerKey]) {
      expect(listed.stdout).not.toContain(secret);
      expect(listed.stdout).not.toContain(secret.replace(/^dtl_/, ''));
    }
    expect(listed.stdout).not.toMatch(/dtl_[A-Za-z0-9_-]{20,}/);
  });

  it('revoke --name alice makes the key fail at once', async () => {
    const revoked = await keysCli('revoke', '--name', 'alice');
    expect(revoked.code).toBe(0);
    const res = await t.gql(
      REGISTER_ACTOR,
      { input: { id: 'rubio', name: 'Marco Rubio', kind: 'PERSON', represents: 'us' } },
      aliceKey,
    );
    expect(codeOf(res)).toBe('UNAUTHENTICATED');
    const listed = await keysCli('list');
    expect(listed.stdout.split('\n').find((l) => l.startsWith('alice'))).toMatch(/revoked/);
    // The confirmation names the key and when it was revoked.
    expect(revoked.stdout).toMatch(/revoked key "alice" \(id [0-9a-f]{12}\) at \d{4}-\d{2}-\d{2}T/);
  });

  it.each([
    ['an unknown role', ['create', '--role', 'superuser', '--name', 'bob'], /role/],
    ['a missing --name', ['create', '--role', 'admin'], /--name/],
    ['a missing --role', ['create', '--name', 'bob'], /--role/],
    ['an unknown command', ['frobnicate'], /usage/],
    ['no command', [], /usage/],
    ['an unknown option', ['list', '--all'], /--all/],
    ['revoke without --name', ['revoke'], /--name/],
    ['revoke of an unknown key', ['revoke', '--name', 'nobody'], /nobody/],
    ['create of a name that exists', ['create', '--role', 'reader', '--name', 'test-admin'], /test-admin/],
    ['a bad name', ['create', '--role', 'admin', '--name', 'bad name!'], /name/],
  ])('%s exits non-zero with a clear message and changes nothing', async (_name, args, message) => {
    const before = await keyRows();
    const result = await keysCli(...args);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(/\n\s+at /); // a message, not a stack trace
    expect(result.stdout).not.toMatch(/dtl_[A-Za-z0-9_-]{20,}/);
    expect(await keyRows()).toBe(before);
  });
});
