/**
 * npm run backup and npm run restore, end to end: the built CLIs (dist/cli/backup.cli.js,
 * dist/cli/restore.cli.js) on test databases, with a real timeline (the demo and 1,500 synthetic
 * events), API keys, a revoked one, drafts in every state with their revisions and audit, and read
 * models kept by the live projector.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { DataSource } from 'typeorm';
import { ActorsService } from '../../src/actors/actors.service.js';
import { ApiKeysService, type CreatedKey } from '../../src/auth/api-keys.service.js';
import { type BackupHeader, sha256Hex } from '../../src/database/backup/backup-format.js';
import { verifyBackup } from '../../src/database/backup/backup-reader.js';
import { RestoreRefused, restoreBackup } from '../../src/database/backup/backup-restore.js';
import { backupDatabase } from '../../src/database/backup/backup-writer.js';
import { syntheticActors, syntheticTimeline } from '../../tools/bench/synthetic-timeline.js';
import { MIGRATIONS_DIR } from '../../src/config/project-paths.js';
import { dataSourceOptions } from '../../src/database/data-source-options.js';
import { migrate } from '../../src/database/migrations.js';
import { loadDemoTimeline } from '../../src/demo/demo-loader.js';
import { EventStoreService } from '../../src/events/event-store.service.js';
import { callHeld, errorOf, statementMade, uuid, withPg } from '../support/fixtures.js';
import { APPROVE, DRAFT, REJECT, REVISE, WITHDRAW, approveDraft, createKey, submitDraft } from '../support/drafts.js';
import { type NodeRun, runNode } from '../support/server-process.js';
import { type TestApp, startAppOn, startTestApp } from '../support/test-app.js';
import { type TestDatabase, createEmptyDatabase, createTestDatabase } from '../support/test-database.js';
import { until } from '../support/wait.js';

/** Runs a built CLI on the database at `url` (or, with `env.DATA_DIR` and no url, on the embedded one). */
function cli(script: string, args: string[], url: string | null, env: Record<string, string> = {}): Promise<NodeRun> {
  return runNode(`cli/${script}`, args, { env: { LOG_LEVEL: 'silent', ...env, DATABASE_URL: url ?? undefined } });
}

/** Every table that a restore must reproduce, each row as PostgreSQL prints it (all columns). */
async function contents(url: string, upTo?: string): Promise<Record<string, string[]>> {
  return withPg(url, async (client) => {
    const rows = async (sql: string, params: unknown[] = []) =>
      (await client.query(sql, params)).rows.map((r) => r.row as string);
    return {
      events: await rows('SELECT e::text AS row FROM events e WHERE position <= $1::bigint ORDER BY position', [
        upTo ?? '9223372036854775807',
      ]),
      actors: await rows('SELECT a::text AS row FROM actors a ORDER BY id'),
      api_keys: await rows('SELECT k::text AS row FROM api_keys k ORDER BY id'),
      api_key_audit: await rows('SELECT a::text AS row FROM api_key_audit a ORDER BY id'),
      log_head: await rows('SELECT h::text AS row FROM log_head h'),
      schema_migrations: await rows('SELECT m::text AS row FROM schema_migrations m ORDER BY version'),
      drafts: await rows('SELECT d::text AS row FROM drafts d ORDER BY seq'),
      draft_revisions: await rows('SELECT r::text AS row FROM draft_revisions r ORDER BY draft_id, revision'),
      draft_audit: await rows('SELECT a::text AS row FROM draft_audit a ORDER BY id'),
      rm_ceasefires: await rows(
        'SELECT (id, principals, state, position, brief)::text AS row FROM rm_ceasefires ORDER BY id',
      ),
      rm_pledges: await rows(
        'SELECT (id, principals, state, position, brief)::text AS row FROM rm_pledges ORDER BY id',
      ),
      projection_checkpoints: await rows(
        'SELECT (name, position)::text AS row FROM projection_checkpoints ORDER BY name',
      ),
    };
  });
}

const head = (url: string) =>
  withPg(url, async (c) => (await c.query('SELECT last_position::text AS p FROM log_head')).rows[0].p as string);
const publicTables = (url: string) =>
  withPg(
    url,
    async (c) =>
      (await c.query("SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public'")).rows[0].n as number,
  );

/** The first line of a backup file. */
function headerOf(file: string): BackupHeader {
  const text = zlib.gunzipSync(fs.readFileSync(file)).toString('utf8');
  return JSON.parse(text.slice(0, text.indexOf('\n')));
}

/** A backup file with its lines changed by `edit` (and recompressed: gzip's own checks pass). */
function edited(file: string, out: string, edit: (lines: string[]) => string[]): string {
  const lines = zlib.gunzipSync(fs.readFileSync(file)).toString('utf8').trimEnd().split('\n');
  fs.writeFileSync(out, zlib.gzipSync(`${edit(lines).join('\n')}\n`));
  return out;
}

const SEED_EVENTS = 1_500;

/** The tables of a format version 2 backup of a schema with drafts, in the file's order. */
const ALL_SECTIONS = [
  'schema_migrations',
  'log_head',
  'actors',
  'api_keys',
  'api_key_audit',
  'events',
  'drafts',
  'draft_revisions',
  'draft_audit',
];

/** The highest drafts.seq and draft_audit.id, and how many of each table. */
const draftCounters = (url: string) =>
  withPg(
    url,
    async (c) =>
      (
        await c.query(
          `SELECT (SELECT max(seq) FROM drafts)::int AS seq, (SELECT max(id) FROM draft_audit)::int AS audit,
                  (SELECT count(*) FROM drafts)::int AS drafts, (SELECT count(*) FROM draft_revisions)::int AS revisions,
                  (SELECT count(*) FROM draft_audit)::int AS audits`,
        )
      ).rows[0] as { seq: number | null; audit: number | null; drafts: number; revisions: number; audits: number },
  );

describe('npm run backup / npm run restore', () => {
  let source: TestApp;
  let store: EventStoreService;
  let keys: ApiKeysService;
  let kept: CreatedKey;
  let revoked: CreatedKey;
  let editorKey: string;
  let reviewerKey: string;
  /** Draft ids by what became of them. */
  const drafts = { pending: '', approved: '', rejected: '', withdrawn: '', adminsOwn: '' };
  let dir: string;
  const databases: TestDatabase[] = [];
  const fresh = async (migrated = false) => {
    const db = migrated ? await createTestDatabase() : await createEmptyDatabase();
    databases.push(db);
    return db;
  };
  /** Later synthetic events, appended one at a time (the timeline is prefix-stable: they follow the seed). */
  const later = syntheticTimeline(SEED_EVENTS + 5_000);
  for (let i = 0; i < SEED_EVENTS; i++) later.next();
  const appendLater = async () => {
    const { value } = later.next();
    if (!value) throw new Error('the synthetic timeline ran out');
    await store.append({ streamId: value.streamId, events: [value.event] }, { keyName: 'later-appender' });
  };

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dt-backup-'));
    // As root, the embedded PostgreSQL runs as the user postgres, which must reach DATA_DIR inside.
    fs.chmodSync(dir, 0o755);
    source = await startTestApp();
    const actors = source.app.get(ActorsService);
    store = source.app.get(EventStoreService);
    keys = source.app.get(ApiKeysService);
    await loadDemoTimeline(actors, store);
    for (const actor of syntheticActors()) await actors.register(actor);
    const lines = [...syntheticTimeline(SEED_EVENTS)];
    for (let i = 0; i < lines.length; i += 250) {
      await store.appendAll(
        lines.slice(i, i + 250).map((line) => ({ streamId: line.streamId, events: [line.event] })),
        { keyName: 'seed' },
        { returnEvents: false },
      );
    }
    kept = await keys.create('kept-reader', 'READER', 'test');
    revoked = await keys.create('gone-admin', 'ADMIN', 'test');
    await keys.revoke('gone-admin', 'test');
    // Drafts in every state, through the API: revised, approved (its events appended), rejected,
    // withdrawn, and an ADMIN's own draft, which only another ADMIN may decide.
    editorKey = await createKey(source, 'ed-anna', 'EDITOR');
    reviewerKey = await createKey(source, 'rev-clara', 'ADMIN');
    const ok = async (query: string, variables: Record<string, unknown>, key: string) => {
      const res = await source.gql(query, variables, key);
      if (res.errors) throw new Error(JSON.stringify(res.errors));
      return res.data;
    };
    const revise = (id: string, streamId: string, text: string) =>
      ok(REVISE, { id, input: { streamId, events: [statementMade({ text })], note: `now: ${text}` } }, editorKey);
    const pendingStream = `statement-${uuid()}`;
    drafts.pending = (
      await submitDraft(source, editorKey, { streamId: pendingStream, events: [statementMade()], note: 'first' })
    ).id;
    await revise(drafts.pending, pendingStream, 'the second wording, kept pending');
    drafts.approved = (
      await submitDraft(source, editorKey, {
        streamId: `call-${uuid()}`,
        expectedVersion: 0,
        events: [callHeld(), statementMade({ text: 'Readout: both sides agreed to talk again' })],
      })
    ).id;
    await ok(APPROVE, { id: drafts.approved }, reviewerKey);
    drafts.rejected = (await submitDraft(source, editorKey, { streamId: `call-${uuid()}`, events: [callHeld()] })).id;
    await ok(REJECT, { id: drafts.rejected, reason: 'single source, not corroborated' }, reviewerKey);
    const withdrawnStream = `statement-${uuid()}`;
    drafts.withdrawn = (
      await submitDraft(source, editorKey, { streamId: withdrawnStream, events: [statementMade()] })
    ).id;
    await revise(drafts.withdrawn, withdrawnStream, 'a duplicate after all');
    await ok(WITHDRAW, { id: drafts.withdrawn, reason: 'duplicate of another draft' }, editorKey);
    drafts.adminsOwn = (
      await submitDraft(source, reviewerKey, { streamId: `call-${uuid()}`, events: [callHeld()] })
    ).id;
    // The live projector's read models, caught up with the log: what a restore must rebuild.
    const target = await head(source.database.url);
    await until(
      'the projector to catch up',
      () =>
        withPg(
          source.database.url,
          async (c) =>
            (await c.query('SELECT min(position)::text AS p FROM projection_checkpoints')).rows[0].p === target,
        ),
      60_000,
    );
  }, 120_000);

  afterAll(async () => {
    await source?.close();
    for (const db of databases) await db.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  let full: string;
  let position: string;
  let restored: TestDatabase;

  it('backs up into one complete file and says what it holds', async () => {
    position = await head(source.database.url);
    full = path.join(dir, 'full.backup.gz');
    const run = await cli('backup.cli.js', ['--out', full], source.database.url);
    expect(run).toMatchObject({ code: 0 });
    expect(run.stdout).toMatch(new RegExp(`wrote ${full}: .* \\([\\d,]+ bytes\\)`));
    expect(run.stdout).toMatch(
      new RegExp(`snapshot: log position ${position}, taken at \\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z`),
    );
    expect(run.stdout).toMatch(
      new RegExp(`recovery point: everything committed before .*: the events at positions 1..${position}`),
    );
    expect(run.stdout).toMatch(
      new RegExp(
        `rows: schema_migrations \\d+, log_head 1, actors 372, api_keys 6, api_key_audit 7, events ${position}, drafts 5, draft_revisions 7, draft_audit 10\n`,
      ),
    );
    expect(run.stdout).toMatch(/and the actors, API keys, key audit entries, drafts, their revisions and their audit/);
    expect(fs.readdirSync(dir)).toEqual(['full.backup.gz']);
    const header = headerOf(full);
    expect(header).toMatchObject({ format: 'diplomacy-timeline-backup', version: 2, snapshot: { position } });
    expect(header.sections.map((s) => s.table)).toEqual(ALL_SECTIONS);
    expect(header.readModels).toMatch(/rebuilt from the events on restore/);
    expect(header.migrations.map((m) => m.name)).toEqual(
      fs
        .readdirSync(MIGRATIONS_DIR)
        .filter((f) => f.endsWith('.sql'))
        .sort(),
    );
  });

  it('restores into a new, empty database: events byte for byte, actors, keys, audit, drafts, log head, read models', async () => {
    restored = await fresh();
    const run = await cli('restore.cli.js', ['--in', full], restored.url);
    expect(run.stderr).toBe('');
    expect(run).toMatchObject({ code: 0 });
    expect(run.stdout).toMatch(/verified .*full.backup.gz: diplomacy-timeline-backup version 2/);
    expect(run.stdout).not.toMatch(/not in this file/);
    expect(run.stdout).toMatch(/migrations: applied 001_event_store.sql, .* before the rows/);
    expect(run.stdout).toMatch(
      new RegExp(
        `read models rebuilt: ceasefires \\d+ subjects at position ${position}, pledges \\d+ subjects at position ${position}`,
      ),
    );
    expect(run.stdout).toMatch(new RegExp(`the log continues at position ${BigInt(position) + 1n}`));
    const [before, after] = await Promise.all([contents(source.database.url), contents(restored.url)]);
    expect(after.events).toHaveLength(Number(position));
    // Every state of a draft, each with its revisions and audit, came back (compared row for row below).
    const states = await withPg(
      restored.url,
      async (c) =>
        (
          await c.query(`SELECT d.id, d.status, d.revision, (SELECT count(*)::int FROM draft_revisions r WHERE r.draft_id = d.id) AS revisions,
                                array(SELECT action FROM draft_audit a WHERE a.draft_id = d.id ORDER BY a.id) AS actions
                           FROM drafts d ORDER BY seq`)
        ).rows,
    );
    expect(states).toEqual([
      { id: drafts.pending, status: 'PENDING', revision: 2, revisions: 2, actions: ['SUBMITTED', 'REVISED'] },
      { id: drafts.approved, status: 'APPROVED', revision: 1, revisions: 1, actions: ['SUBMITTED', 'APPROVED'] },
      { id: drafts.rejected, status: 'REJECTED', revision: 1, revisions: 1, actions: ['SUBMITTED', 'REJECTED'] },
      {
        id: drafts.withdrawn,
        status: 'WITHDRAWN',
        revision: 2,
        revisions: 2,
        actions: ['SUBMITTED', 'REVISED', 'WITHDRAWN'],
      },
      { id: drafts.adminsOwn, status: 'PENDING', revision: 1, revisions: 1, actions: ['SUBMITTED'] },
    ]);
    for (const table of Object.keys(before))
      expect({ table, rows: after[table] }).toEqual({ table, rows: before[table] });
    // A backup of the restored database has the same bytes in every section.
    const again = path.join(dir, 'again.backup.gz');
    expect(await cli('backup.cli.js', ['--out', again], restored.url)).toMatchObject({ code: 0 });
    expect(headerOf(again).sections).toEqual(headerOf(full).sections);
    fs.rmSync(again);
  }, 120_000);

  it('the restored database works on: keys authenticate, the log and the audit continue', async () => {
    const db = new DataSource(dataSourceOptions(restored.url, 2));
    await db.initialize();
    try {
      const restoredKeys = new ApiKeysService(db);
      expect(await restoredKeys.authenticate(kept.key)).toEqual({
        keyId: kept.id,
        keyName: 'kept-reader',
        role: 'READER',
      });
      expect(await restoredKeys.authenticate(revoked.key)).toBeNull();
      expect(await restoredKeys.authenticate(source.adminKey)).toMatchObject({ keyName: 'test-admin', role: 'ADMIN' });
      const outcome = await new EventStoreService(db).append(
        { streamId: 'statement-after-restore', events: [statementMade({ text: 'the first event after the restore' })] },
        { keyName: 'test' },
      );
      expect(outcome.firstPosition).toBe(String(BigInt(position) + 1n));
      await restoredKeys.create('after-restore', 'READER', 'test');
      const audit = await withPg(
        restored.url,
        async (c) => (await c.query('SELECT id::int AS id, key_name FROM api_key_audit ORDER BY id')).rows,
      );
      expect(audit.at(-1)).toEqual({ id: audit.length, key_name: 'after-restore' });
    } finally {
      await db.destroy();
    }
  });

  it('the restored drafts work on: their sequences continue, the restored keys review them, the two-person rule and the guards hold', async () => {
    const before = await draftCounters(restored.url);
    const app = await startAppOn(restored, {}, { keySuffix: '-restored' });
    try {
      // The editor's key (restored) sees its pending draft as it was, with both revisions.
      const pending = (await app.gql(DRAFT, { id: drafts.pending }, editorKey)).data.draft;
      expect(pending).toMatchObject({
        status: 'PENDING',
        submittedBy: 'ed-anna',
        note: 'now: the second wording, kept pending',
      });
      expect(pending.revisions.map((r: { revision: number }) => r.revision)).toEqual([1, 2]);
      // A new draft takes the next seq and the next audit id: no collision with the restored ones.
      const next = await submitDraft(app, editorKey, { streamId: `call-${uuid()}`, events: [callHeld()] });
      const ids = await withPg(
        restored.url,
        async (c) =>
          (
            await c.query(
              `SELECT d.seq::int AS seq, (SELECT max(id) FROM draft_audit a WHERE a.draft_id = d.id)::int AS audit FROM drafts d WHERE id = $1`,
              [next.id],
            )
          ).rows[0],
      );
      expect(ids).toEqual({ seq: before.seq! + 1, audit: before.audit! + 1 });
      // The pending draft is approved by the restored reviewer: appended after the restored log.
      const head = BigInt(
        await withPg(
          restored.url,
          async (c) => (await c.query('SELECT last_position::text AS p FROM log_head')).rows[0].p,
        ),
      );
      const approved = await approveDraft(app, reviewerKey, drafts.pending);
      expect(approved.errors).toBeUndefined();
      expect(approved.data.approveDraft).toMatchObject({
        status: 'APPROVED',
        reviewedBy: 'rev-clara',
        appended: { lastPosition: String(head + 1n), appended: true },
      });
      expect((await draftCounters(restored.url)).audit).toBe(before.audit! + 2);
      // Nobody reviews their own draft: the service refuses, and so does the database's CHECK.
      expect(errorOf(await approveDraft(app, reviewerKey, drafts.adminsOwn)).code).toBe('FORBIDDEN');
      await withPg(restored.url, async (c) => {
        await expect(
          c.query(
            `UPDATE drafts SET status = 'APPROVED', reviewed_by = submitted_by, reviewed_at = now(), appended = '{}'::jsonb WHERE id = $1`,
            [drafts.adminsOwn],
          ),
        ).rejects.toThrow(/check constraint/);
        // A decided draft does not change; drafts are never deleted; revisions and audit are append-only.
        for (const id of [drafts.approved, drafts.rejected, drafts.withdrawn])
          await expect(c.query(`UPDATE drafts SET note = 'rewritten' WHERE id = $1`, [id])).rejects.toThrow(
            /a decided draft does not change/,
          );
        await expect(c.query('DELETE FROM drafts WHERE id = $1', [drafts.adminsOwn])).rejects.toThrow(
          /drafts are kept/,
        );
        await expect(c.query('TRUNCATE drafts CASCADE')).rejects.toThrow(/drafts are kept|append-only/);
        await expect(c.query(`UPDATE draft_audit SET actor = 'someone-else'`)).rejects.toThrow(/append-only/);
        await expect(c.query('DELETE FROM draft_revisions')).rejects.toThrow(/append-only/);
      });
    } finally {
      await app.close();
    }
  }, 120_000);

  it('refuses a target that is not empty, with exit code 3, and changes nothing', async () => {
    const before = await contents(restored.url);
    const held = await draftCounters(restored.url);
    const run = await cli('restore.cli.js', ['--in', full], restored.url);
    expect(run.code).toBe(3);
    // The log went on (an append, an approval), keys were made (after-restore, the app's two).
    expect(run.stderr).toMatch(
      new RegExp(
        `error: the target database is not empty: it holds events up to position ${BigInt(position) + 2n}, 372 actors, 9 API keys, 10 key audit entries, ` +
          `${held.drafts} drafts, ${held.revisions} draft revisions, ${held.audits} draft audit entries.*Nothing was changed`,
      ),
    );
    expect(await contents(restored.url)).toEqual(before);

    // No events, but a key: not empty either.
    const keyed = await fresh(true);
    await withPg(keyed.url, (c) =>
      c.query(
        "INSERT INTO api_keys (id, name, role, secret_hash, created_by) VALUES ('abcdefabcdef', 'early', 'ADMIN', '\\x00', 'test')",
      ),
    );
    const second = await cli('restore.cli.js', ['--in', full], keyed.url);
    expect(second.code).toBe(3);
    expect(second.stderr).toMatch(/it holds 1 API keys\./);
    expect(await head(keyed.url)).toBe('0');
  }, 120_000);

  it('refuses a damaged, truncated or foreign file, naming the problem, and writes nothing', async () => {
    const target = await fresh();
    const bytes = fs.readFileSync(full);
    const variant = (name: string, content: Buffer | string) => {
      const file = path.join(dir, name);
      fs.writeFileSync(file, content);
      return file;
    };
    const flipped = Buffer.from(bytes);
    flipped[Math.floor(flipped.length * 0.6)] ^= 0x01;
    const cases: Array<[string, RegExp]> = [
      // zlib's checks, a row's checks or the section's SHA-256: whichever sees the damage first.
      [variant('flipped.gz', flipped), /(damaged|truncated|line \d+)/],
      [variant('truncated.gz', bytes.subarray(0, Math.floor(bytes.length * 0.7))), /truncated/],
      [
        edited(full, path.join(dir, 'no-end.gz'), (l) => l.slice(0, -1)),
        /truncated: the file ends after line \d+, where the end line was expected/,
      ],
      [variant('plain.ndjson', '{"position":"1"}\n'), /not gzip-compressed/],
      [
        variant('export.ndjson.gz', zlib.gzipSync('{"position":"1","id":"0b1c","type":"CALL_HELD"}\n')),
        /not a backup written by npm run backup/,
      ],
      [
        edited(full, path.join(dir, 'newer.gz'), (l) => [l[0].replace('"version":2,', '"version":3,'), ...l.slice(1)]),
        /format version 3 by a newer version of the service/,
      ],
      [
        edited(full, path.join(dir, 'changed.gz'), (l) =>
          l.map((line) =>
            line.startsWith('{"position":7,') ? line.replace('"stream_version":', '"stream_version":1') : line,
          ),
        ),
        /section events: the SHA-256 of its \d+ rows is [0-9a-f]+, the header says [0-9a-f]+: the rows were changed or damaged/,
      ],
    ];
    for (const [file, message] of cases) {
      const run = await cli('restore.cli.js', ['--in', file], target.url);
      expect({ file: path.basename(file), code: run.code, stderr: run.stderr }).toEqual({
        file: path.basename(file),
        code: 1,
        stderr: expect.stringMatching(message),
      });
      expect(run.stderr).toMatch(/nothing was written/);
    }
    // Not a table was created: the file is checked before the database is touched.
    expect(await publicTables(target.url)).toBe(0);

    const dry = await cli('restore.cli.js', ['--in', full, '--dry-run'], target.url);
    expect(dry).toMatchObject({
      code: 0,
      stdout: expect.stringMatching(/dry run: the file is sound; nothing was written/),
    });
    expect(await cli('restore.cli.js', ['--in', cases[0][0], '--dry-run'], target.url)).toMatchObject({ code: 1 });
    expect(await publicTables(target.url)).toBe(0);
    expect(await cli('restore.cli.js', ['--in', path.join(dir, 'missing.gz')], target.url)).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/cannot be read \(ENOENT\)/),
    });
    expect(await cli('backup.cli.js', [], target.url)).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/--out FILE is required/),
    });
  }, 120_000);

  it("still restores a format version 1 file (no draft sections): as before, with the drafts' tables empty", async () => {
    // The file the code before format 2 wrote of the same database: the six sections, no drafts.
    const v1 = edited(full, path.join(dir, 'v1.backup.gz'), (lines) => {
      const header = JSON.parse(lines[0]) as BackupHeader;
      header.version = 1;
      header.sections = header.sections.slice(0, 6);
      const headerLine = JSON.stringify(header);
      return [
        headerLine,
        ...lines.slice(1, lines.indexOf('{"section":"drafts"}')),
        JSON.stringify({ end: header.format, headerSha256: sha256Hex(headerLine), sections: 6 }),
      ];
    });
    const target = await fresh();
    const run = await cli('restore.cli.js', ['--in', v1], target.url);
    expect(run.stderr).toBe('');
    expect(run).toMatchObject({ code: 0 });
    expect(run.stdout).toMatch(/diplomacy-timeline-backup version 1/);
    expect(run.stdout).toMatch(
      /not in this file: drafts, draft_revisions, draft_audit \(format version 1 did not keep them; the restored database has none\)/,
    );
    const [before, after] = await Promise.all([contents(source.database.url, position), contents(target.url)]);
    for (const table of Object.keys(before)) {
      const expected = table.startsWith('draft') ? [] : before[table];
      expect({ table, rows: after[table] }).toEqual({ table, rows: expected });
    }
    // Empty, and their identities start at 1.
    expect(await draftCounters(target.url)).toEqual({ seq: null, audit: null, drafts: 0, revisions: 0, audits: 0 });
    const starts = await withPg(
      target.url,
      async (c) =>
        (
          await c.query(
            `SELECT sequencename AS name, last_value FROM pg_sequences WHERE sequencename IN ('drafts_seq_seq', 'draft_audit_id_seq') ORDER BY 1`,
          )
        ).rows,
    );
    expect(starts).toEqual([
      { name: 'draft_audit_id_seq', last_value: null },
      { name: 'drafts_seq_seq', last_value: null },
    ]);
  }, 120_000);

  let during: string;
  let duringPosition: string;
  let restoredDuring: TestDatabase;

  it('a backup taken while appends run holds exactly the events up to its position', async () => {
    let stop = false;
    let appended = 0;
    const appender = (async () => {
      while (!stop) {
        await appendLater();
        appended++;
      }
    })();
    await until('the appender to start', () => appended > 0);
    const before = BigInt(await head(source.database.url));
    during = path.join(dir, 'during.backup.gz');
    const run = await cli('backup.cli.js', ['--out', during], source.database.url);
    stop = true;
    await appender;
    const after = BigInt(await head(source.database.url));
    expect(run).toMatchObject({ code: 0 });
    const verified = await verifyBackup(during);
    duringPosition = verified.header.snapshot.position;
    // Appends committed while the backup started, and after its snapshot.
    expect(BigInt(duringPosition)).toBeGreaterThan(before);
    expect(BigInt(duringPosition)).toBeLessThan(after);
    // verifyBackup checked positions 1..n in order; the header's count is its position.
    expect(String(verified.header.sections.find((s) => s.table === 'events')?.rows)).toBe(duringPosition);
    restoredDuring = await fresh();
    expect(await cli('restore.cli.js', ['--in', during], restoredDuring.url)).toMatchObject({ code: 0 });
    const [src, dst] = await Promise.all([contents(source.database.url, duringPosition), contents(restoredDuring.url)]);
    expect(dst.events).toEqual(src.events);
    expect(dst.log_head).toEqual([`(t,${duringPosition})`]);
  }, 120_000);

  it('events appended after a backup come over by export and import: same ids, positions, payloads and provenance; new recorded_at', async () => {
    for (let i = 0; i < 5; i++) await appendLater();
    const upTo = await head(source.database.url);
    const laterFile = path.join(dir, 'later.ndjson');
    expect(
      await cli(
        'export.cli.js',
        ['--format', 'ndjson', '--afterPosition', duringPosition, '--out', laterFile],
        source.database.url,
      ),
    ).toMatchObject({ code: 0 });
    const imported = await cli('import.cli.js', [laterFile], restoredDuring.url);
    expect(imported).toMatchObject({ code: 0 });
    expect(await head(restoredDuring.url)).toBe(upTo);
    const columns = `position, id, stream_id, stream_version, type, schema_version, data, occurred_at, occurred_precision, actor_ids, ref_event_id, summary, cameo_code, metadata->'sources' AS sources`;
    const query = `SELECT ${columns}, search_text, recorded_at, metadata FROM events WHERE position > $1::bigint ORDER BY position`;
    const [src, dst] = await Promise.all(
      [source.database.url, restoredDuring.url].map((url) =>
        withPg(url, async (c) => (await c.query(query, [duringPosition])).rows),
      ),
    );
    expect(dst.length).toBe(Number(BigInt(upTo) - BigInt(duringPosition)));
    const kept = (rows: Array<Record<string, unknown>>) =>
      rows.map(({ search_text: _s, recorded_at: _r, metadata: _m, ...rest }) => rest);
    expect(kept(dst)).toEqual(kept(src));
    // The round trip keeps who appended and approved each event, and names the import beside them.
    // It does not keep when each event was recorded, nor its correlation id; and the derived
    // search_text holds the same parts, in the order of the exported payload's keys.
    for (const [i, row] of dst.entries()) {
      expect(src[i].metadata).toMatchObject({ appendedBy: 'later-appender', approvedBy: 'later-appender' });
      expect(row.metadata).toMatchObject({
        appendedBy: 'later-appender',
        approvedBy: 'later-appender',
        importedBy: 'import:later.ndjson',
      });
      expect(row.metadata.correlationId).not.toBe(src[i].metadata.correlationId);
      expect((row.recorded_at as Date).getTime()).toBeGreaterThan((src[i].recorded_at as Date).getTime());
      expect((row.search_text as string).split('\n').sort()).toEqual((src[i].search_text as string).split('\n').sort());
    }
  }, 120_000);

  it('the snapshot holds: what commits after it is not in the backup', async () => {
    const out = path.join(dir, 'snapshot.backup.gz');
    const before = await head(source.database.url);
    const written = await backupDatabase(source.database.url, out, {
      afterSnapshot: async () => {
        await appendLater();
        await source.app
          .get(ActorsService)
          .register({ id: 'after-snapshot', name: 'Registered after the snapshot', kind: 'STATE' });
        await keys.create('after-snapshot', 'READER', 'test');
        await submitDraft(source, editorKey, {
          streamId: `call-${uuid()}`,
          events: [callHeld()],
          note: 'after-snapshot',
        });
      },
      fetchSize: 100,
    });
    expect(written.header.snapshot.position).toBe(before);
    expect(BigInt(await head(source.database.url))).toBe(BigInt(before) + 1n);
    const text = zlib.gunzipSync(fs.readFileSync(out)).toString('utf8');
    expect(text).not.toMatch(/after-snapshot/);
    const count = (table: string) => written.header.sections.find((s) => s.table === table)?.rows;
    expect(count('actors')).toBe(372);
    expect(count('api_keys')).toBe(6);
    expect(count('drafts')).toBe(5);
    expect(count('events')).toBe(Number(before));
  });

  it('a backup of an older schema: the migrations newer than the backup run after its rows', async () => {
    // This code, plus one migration the backup predates, which records what it found.
    const migrations = path.join(dir, 'migrations');
    fs.mkdirSync(migrations);
    for (const file of fs.readdirSync(MIGRATIONS_DIR))
      fs.copyFileSync(path.join(MIGRATIONS_DIR, file), path.join(migrations, file));
    fs.writeFileSync(
      path.join(migrations, '999_restore_probe.sql'),
      'CREATE TABLE restore_probe AS SELECT (SELECT count(*) FROM events) AS events, (SELECT count(*) FROM actors) AS actors;\n',
    );
    const target = await fresh();
    const result = await restoreBackup(target.url, full, { migrationsDir: migrations });
    expect(result.migrations.newer).toEqual(['999_restore_probe.sql']);
    expect(result.migrations.toBackup).toEqual(headerOf(full).migrations.map((m) => m.name));
    const probe = await withPg(
      target.url,
      async (c) => (await c.query('SELECT events::text, actors::int FROM restore_probe')).rows[0],
    );
    expect(probe).toEqual({ events: position, actors: 372 });

    // A target already migrated beyond the backup is refused: those migrations ran on empty tables.
    const ahead = await fresh();
    await migrate(ahead.url, migrations);
    await expect(restoreBackup(ahead.url, full)).rejects.toThrow(RestoreRefused);
    await expect(restoreBackup(ahead.url, full)).rejects.toThrow(
      /has migrations the backup predates \(999_restore_probe.sql\)/,
    );
    expect(await head(ahead.url)).toBe('0');
  });

  it('a database migrated only to 010 (no drafts yet) backs up without the draft sections; the restore creates them empty', async () => {
    const upTo010 = path.join(dir, 'migrations-010');
    fs.mkdirSync(upTo010);
    for (const file of fs.readdirSync(MIGRATIONS_DIR).filter((f) => f.endsWith('.sql') && f < '011'))
      fs.copyFileSync(path.join(MIGRATIONS_DIR, file), path.join(upTo010, file));
    const old = await fresh();
    await migrate(old.url, upTo010);
    await withPg(old.url, (c) =>
      c.query(
        "INSERT INTO api_keys (id, name, role, secret_hash, created_by) VALUES ('abcdefabcdef', 'before-011', 'ADMIN', '\\x00', 'test')",
      ),
    );
    const out = path.join(dir, 'at-010.backup.gz');
    const run = await cli('backup.cli.js', ['--out', out], old.url);
    expect(run).toMatchObject({ code: 0 });
    expect(run.stdout).toMatch(
      /rows: schema_migrations 10, log_head 1, actors 0, api_keys 1, api_key_audit \d+, events 0\n/,
    );
    const header = headerOf(out);
    expect(header.version).toBe(2);
    expect(header.migrations.at(-1)?.name).toBe('010_claims.sql');
    expect(header.sections.map((s) => s.table)).toEqual(ALL_SECTIONS.slice(0, 6));
    expect(header.recoveryPoint).not.toMatch(/drafts/);

    const target = await fresh();
    const result = await restoreBackup(target.url, out);
    expect(result.migrations.toBackup).toEqual(header.migrations.map((m) => m.name));
    // Every migration from 011 on runs after the rows are written (the drafts' tables come with 011).
    expect(result.migrations.newer).toEqual(
      fs
        .readdirSync(MIGRATIONS_DIR)
        .filter((f) => f.endsWith('.sql') && f >= '011')
        .sort(),
    );
    expect(await draftCounters(target.url)).toEqual({ seq: null, audit: null, drafts: 0, revisions: 0, audits: 0 });
    expect(
      await withPg(target.url, async (c) => (await c.query('SELECT name FROM api_keys')).rows.map((r) => r.name)),
    ).toEqual(['before-011']);
    // A backup of the restored database, now at 011, has the drafts' sections (empty).
    const again = await backupDatabase(target.url, path.join(dir, 'after-011.backup.gz'));
    expect(again.header.sections.map((s) => [s.table, s.rows]).slice(-3)).toEqual([
      ['drafts', 0],
      ['draft_revisions', 0],
      ['draft_audit', 0],
    ]);
  }, 120_000);

  it('restores into, and backs up from, the embedded PostgreSQL of a new DATA_DIR (no DATABASE_URL)', async () => {
    const dataDir = path.join(dir, 'data');
    const restore = await cli('restore.cli.js', ['--in', full], null, { DATA_DIR: dataDir });
    expect(restore.stderr).toBe('');
    expect(restore).toMatchObject({ code: 0, stdout: expect.stringMatching(/restored into embedded PostgreSQL in /) });
    const again = path.join(dir, 'embedded.backup.gz');
    const backup = await cli('backup.cli.js', ['--out', again], null, { DATA_DIR: dataDir });
    expect(backup).toMatchObject({ code: 0, stdout: expect.stringMatching(/from embedded PostgreSQL in /) });
    expect(headerOf(again).sections).toEqual(headerOf(full).sections);
    expect(sha256Hex(JSON.stringify(headerOf(again).sections))).toBe(
      sha256Hex(JSON.stringify(headerOf(full).sections)),
    );
  }, 120_000);
});
