/**
 * Issue 6, item 10, against the built server as a deployment runs it (debug logs on): a key's
 * secret is shown once, at creation, and never again (not in any answer, not in the logs, not in
 * the database); revocation takes effect at once; the audit trail records every key created or
 * revoked and the database keeps it append-only; every event carries the name of the key that
 * appended it, which the database enforces too. Constant-time comparison: api-keys.service.ts uses
 * crypto.timingSafeEqual on SHA-256 digests (not measurable here without a timing test).
 */
import { CAST, REGISTER_ACTOR, connect, statementMade, uuid } from '../support/fixtures.js';
import { type ServerProcess, gql, postImport, startServer, stopAllProcesses } from '../support/server-process.js';
import { type TestDatabase, createTestDatabase } from '../support/test-database.js';

const CREATE = `mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { key apiKey { id name role createdBy revokedAt } } }`;
const APPEND = `mutation($input: AppendEventsInput!) { appendEvents(input: $input) { lastPosition events { id } } }`;

let database: TestDatabase;
let server: ServerProcess;
const secrets: string[] = [];
const answers: string[] = [];

async function call(query: string, variables: Record<string, unknown> = {}, key: string | null = server.adminKey) {
  const res = await gql(server, query, variables, key);
  answers.push(JSON.stringify(res));
  return res;
}

beforeAll(async () => {
  database = await createTestDatabase();
  server = await startServer('keys', { databaseUrl: database.url, env: { LOG_LEVEL: 'debug' } });
  secrets.push(server.adminKey);
  for (const actor of CAST) expect((await call(REGISTER_ACTOR, { input: actor })).errors).toBeUndefined();
});

afterAll(async () => {
  await stopAllProcesses();
  await database.drop();
});

describe('a key over its life', () => {
  let alice: string;
  let aliceId: string;

  it('createApiKey returns the secret once; apiKeys and apiKeyAudit never do', async () => {
    const created = await call(CREATE, { input: { name: 'alice', role: 'ADMIN' } });
    expect(created.errors).toBeUndefined();
    alice = created.data.createApiKey.key;
    aliceId = created.data.createApiKey.apiKey.id;
    secrets.push(alice);
    expect(alice).toMatch(/^dtl_[A-Za-z0-9_-]{43}$/);
    expect(created.data.createApiKey.apiKey).toEqual({
      id: aliceId,
      name: 'alice',
      role: 'ADMIN',
      createdBy: 'key:admin-env',
      revokedAt: null,
    });
    const listed = await call('{ apiKeys { id name role } apiKeyAudit { keyName action actor } }');
    expect(listed.data.apiKeys.map((k: { name: string }) => k.name)).toEqual(['admin-env', 'alice']);
    expect(JSON.stringify(listed)).not.toContain(alice);
  });

  it('every event carries the name of the key that appended it: GraphQL, and import over HTTP', async () => {
    const appended = await call(APPEND, { input: { streamId: 'by-alice', events: [statementMade()] } }, alice);
    expect(appended.errors).toBeUndefined();
    const line = JSON.stringify({ streamId: 'imported-by-alice', event: { id: uuid(), ...statementMade() } });
    const imported = await postImport(server, 'events', `${line}\n`, alice);
    expect(imported.status).toBe(200);
    const db = await connect(database.url);
    try {
      const rows = (await db.query("SELECT stream_id, metadata->>'appendedBy' AS by FROM events ORDER BY position"))
        .rows;
      expect(rows).toEqual([
        { stream_id: 'by-alice', by: 'alice' },
        { stream_id: 'imported-by-alice', by: 'import:alice' },
      ]);
    } finally {
      await db.end();
    }
  });

  it('revocation takes effect on the very next request, and the audit trail says who did what', async () => {
    expect((await call('{ actors { id } }', {}, alice)).errors).toBeUndefined();
    const revoked = await call(`mutation { revokeApiKey(name: "alice") { name revokedAt } }`);
    expect(revoked.data.revokeApiKey.revokedAt).not.toBeNull();
    const refused = await call('{ actors { id } }', {}, alice);
    expect(refused.errors![0].extensions!.code).toBe('UNAUTHENTICATED');
    const write = await call(APPEND, { input: { streamId: 'after-revoke', events: [statementMade()] } }, alice);
    expect(write.errors![0].extensions!.code).toBe('UNAUTHENTICATED');

    const audit = await call('{ apiKeyAudit { keyId keyName action actor at } }');
    expect(audit.data.apiKeyAudit.map((e: any) => [e.keyName, e.action, e.actor])).toEqual([
      ['alice', 'REVOKED', 'key:admin-env'],
      ['alice', 'CREATED', 'key:admin-env'],
      ['admin-env', 'CREATED', 'ADMIN_API_KEY'],
    ]);
    expect(audit.data.apiKeyAudit[0].keyId).toBe(aliceId);
    expect(Date.parse(audit.data.apiKeyAudit[0].at)).toBeGreaterThanOrEqual(Date.parse(audit.data.apiKeyAudit[1].at));
  });

  it('the audit trail needs an ADMIN key, and refuses a bad argument', async () => {
    const reader = await call(CREATE, { input: { name: 'reader-1', role: 'READER' } });
    secrets.push(reader.data.createApiKey.key);
    expect((await call('{ apiKeyAudit { keyName } }', {}, null)).errors![0].extensions!.code).toBe('UNAUTHENTICATED');
    expect(
      (await call('{ apiKeyAudit { keyName } }', {}, reader.data.createApiKey.key)).errors![0].extensions!.code,
    ).toBe('FORBIDDEN');
    const bad = await call('{ apiKeyAudit(last: 0) { keyName } }');
    expect(bad.errors![0]).toMatchObject({ message: 'last: must be 1-1000', extensions: { code: 'BAD_USER_INPUT' } });
  });
});

describe('the database itself', () => {
  it('keeps the audit trail append-only', async () => {
    const db = await connect(database.url);
    try {
      for (const statement of [
        "UPDATE api_key_audit SET actor = 'nobody'",
        'DELETE FROM api_key_audit',
        'TRUNCATE api_key_audit',
      ]) {
        await expect(db.query(statement)).rejects.toThrow(/api_key_audit table is append-only/);
      }
      expect((await db.query('SELECT count(*)::int AS n FROM api_key_audit')).rows[0].n).toBe(4);
    } finally {
      await db.end();
    }
  });

  it('refuses an event that does not name the key that appended it', async () => {
    const db = await connect(database.url);
    try {
      const row = (await db.query('SELECT metadata FROM events ORDER BY position LIMIT 1')).rows[0];
      // A copy of the first event under a new id and position, with other metadata.
      const insert = (metadata: unknown) =>
        db.query(
          `INSERT INTO events (position, id, stream_id, stream_version, type, schema_version, data, metadata, occurred_at, occurred_precision, recorded_at, actor_ids, ref_event_id, summary, cameo_code, search_text)
           SELECT 1000, $1, 'no-key', 1, type, schema_version, data, $2, occurred_at, occurred_precision, now(), actor_ids, ref_event_id, summary, cameo_code, search_text
           FROM events ORDER BY position LIMIT 1`,
          [uuid(), metadata],
        );
      // The control: with appendedBy the copy is a valid row (rolled back, so the log is unchanged).
      await db.query('BEGIN');
      await insert({ ...row.metadata, appendedBy: 'control' });
      await db.query('ROLLBACK');
      await expect(insert({ sources: row.metadata.sources })).rejects.toThrow(/events_appended_by/);
      await expect(insert({ ...row.metadata, appendedBy: '' })).rejects.toThrow(/events_appended_by/);
    } finally {
      await db.end();
    }
  });

  it('holds no secret: only digests', async () => {
    const db = await connect(database.url);
    try {
      const dump =
        JSON.stringify((await db.query('SELECT * FROM api_keys')).rows) +
        JSON.stringify((await db.query('SELECT * FROM api_key_audit')).rows);
      for (const secret of secrets) expect(dump).not.toContain(secret);
    } finally {
      await db.end();
    }
  });
});

it('no secret ever appears in the server log (at debug level) or in any answer after its creation', async () => {
  expect(server.output()).toMatch(/appended/); // the control: the log is on and says what happened
  for (const secret of secrets) {
    expect(server.output()).not.toContain(secret);
    expect(server.output()).not.toContain(secret.slice(4, 24));
  }
  const afterCreation = answers.filter((answer) => !answer.includes('"createApiKey"'));
  for (const secret of secrets) for (const answer of afterCreation) expect(answer).not.toContain(secret);
});
