/** Key administration over GraphQL: ADMIN only; the secret once; revocation at once; NOT_FOUND and CONFLICT. */
import { type TestApp, startTestApp } from '../support/test-app.js';

const CREATE = `mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { key apiKey { id name role createdBy revokedAt } } }`;
const REVOKE = `mutation($name: String!) { revokeApiKey(name: $name) { name revokedAt } }`;
const LIST = `{ apiKeys { name role revokedAt } }`;

describe('API key administration', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('creates a key whose secret works at once and is never listed', async () => {
    const created = await t.gql(CREATE, { input: { name: 'dashboard', role: 'READER' } });
    expect(created.errors).toBeUndefined();
    const { key, apiKey } = created.data.createApiKey;
    expect(apiKey).toMatchObject({ name: 'dashboard', role: 'READER', createdBy: 'key:test-admin', revokedAt: null });
    const list = await t.gql(LIST);
    expect(list.data.apiKeys.map((k: { name: string }) => k.name)).toEqual(
      expect.arrayContaining(['dashboard', 'test-admin']),
    );
    expect(JSON.stringify(list)).not.toContain(key);
    const asReader = await t.gql(
      `mutation { registerActor(input: { id: "x", name: "X", kind: STATE }) { id } }`,
      {},
      key,
    );
    expect(asReader.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('revokes at once; revoking again or an unknown key is a clear error', async () => {
    const { key } = (await t.gql(CREATE, { input: { name: 'temp-admin', role: 'ADMIN' } })).data.createApiKey;
    expect((await t.gql(LIST, {}, key)).errors).toBeUndefined();
    const revoked = await t.gql(REVOKE, { name: 'temp-admin' });
    expect(revoked.errors).toBeUndefined();
    expect(revoked.data.revokeApiKey.revokedAt).toEqual(expect.any(String));
    expect((await t.gql(LIST, {}, key)).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect((await t.gql(REVOKE, { name: 'temp-admin' })).errors?.[0].extensions?.code).toBe('CONFLICT');
    const unknown = await t.gql(REVOKE, { name: 'nobody' });
    expect(unknown.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect(unknown.errors?.[0].message).toMatch(/no key named "nobody"/);
  });

  it('refuses bad names, duplicates, and callers without an ADMIN key, changing nothing', async () => {
    const before = (await t.gql(LIST)).data.apiKeys.length;
    const bad = await t.gql(CREATE, { input: { name: 'no spaces allowed', role: 'ADMIN' } });
    expect(bad.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(bad.errors?.[0].message).toMatch(/^input\.name: /);
    expect((await t.gql(CREATE, { input: { name: 'test-admin', role: 'ADMIN' } })).errors?.[0].extensions?.code).toBe(
      'CONFLICT',
    );
    expect((await t.gql(CREATE, { input: { name: 'sneaky', role: 'ADMIN' } }, null)).errors?.[0].extensions?.code).toBe(
      'UNAUTHENTICATED',
    );
    expect(
      (await t.gql(CREATE, { input: { name: 'sneaky', role: 'ADMIN' } }, t.readerKey)).errors?.[0].extensions?.code,
    ).toBe('FORBIDDEN');
    expect((await t.gql(LIST, {}, t.readerKey)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await t.gql(REVOKE, { name: 'test-admin' }, t.readerKey)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await t.gql(LIST)).data.apiKeys.length).toBe(before);
  });
});
