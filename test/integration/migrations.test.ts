/** The migration runner and `npm run migrate`: each file once, in order; an applied file that changed is refused. */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { MIGRATIONS_DIR } from '../../src/config/project-paths.js';
import { migrate, readMigrations } from '../../src/database/migrations.js';
import { type TestDatabase, createEmptyDatabase } from '../support/test-database.js';

const run = promisify(execFile);

async function appliedVersions(url: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query('SELECT version FROM schema_migrations ORDER BY version')).rows.map((r) => r.version);
  } finally {
    await client.end();
  }
}

describe('migrations', () => {
  let db: TestDatabase;
  beforeEach(async () => {
    db = await createEmptyDatabase();
  });
  afterEach(() => db.drop());

  it('applies every file once, in order, and nothing the second time', async () => {
    const files = readMigrations().map((m) => m.name);
    expect(files.length).toBeGreaterThanOrEqual(2);
    expect(await migrate(db.url)).toEqual(files);
    expect(await migrate(db.url)).toEqual([]);
    expect(await appliedVersions(db.url)).toEqual(files.map((f) => f.slice(0, 3)));
  });

  it('runs concurrently from several instances without applying anything twice', async () => {
    const results = await Promise.all([migrate(db.url), migrate(db.url), migrate(db.url)]);
    expect(results.flat().sort()).toEqual(
      readMigrations()
        .map((m) => m.name)
        .sort(),
    );
  });

  it('refuses to start when an applied migration was edited', async () => {
    await migrate(db.url);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dt-migrations-'));
    try {
      for (const file of fs.readdirSync(MIGRATIONS_DIR))
        fs.copyFileSync(path.join(MIGRATIONS_DIR, file), path.join(dir, file));
      fs.appendFileSync(path.join(dir, '001_event_store.sql'), '\n-- edited\n');
      await expect(migrate(db.url, dir)).rejects.toThrow(/001_event_store\.sql was changed after it was applied/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('rolls back a failing migration whole', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dt-migrations-'));
    try {
      fs.writeFileSync(path.join(dir, '001_good.sql'), 'CREATE TABLE good (id int);');
      fs.writeFileSync(path.join(dir, '002_bad.sql'), 'CREATE TABLE half (id int); SELECT no_such_function();');
      await expect(migrate(db.url, dir)).rejects.toThrow(/002_bad\.sql failed/);
      const client = new pg.Client({ connectionString: db.url });
      await client.connect();
      const tables = (
        await client.query("SELECT tablename FROM pg_tables WHERE tablename IN ('good', 'half')")
      ).rows.map((r) => r.tablename);
      await client.end();
      expect(tables).toEqual(['good']);
      expect(await appliedVersions(db.url)).toEqual(['001']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('006 gives read-model rows written before it the count of their violations and the latest time in the brief state', async () => {
    const before = fs.mkdtempSync(path.join(os.tmpdir(), 'migrations-before-006-'));
    try {
      for (const m of readMigrations().filter((m) => m.name < '006'))
        fs.copyFileSync(path.join(MIGRATIONS_DIR, m.name), path.join(before, m.name));
      await migrate(db.url, before);
      const client = new pg.Client({ connectionString: db.url });
      await client.connect();
      try {
        const v = (n: number) => ({ at: n, by: 'russia', basis: 'INFERRED', eventId: `e${n}` });
        const rows: [string, unknown[], unknown[] | null][] = [
          ['three', [v(1), v(2), v(3)], [v(1)]],
          ['one', [v(1)], [v(1)]],
          ['none', [], []],
          ['old-row', [v(1), v(2)], null],
        ];
        for (const table of ['rm_ceasefires', 'rm_pledges']) {
          for (const [id, violations, brief] of rows) {
            await client.query(
              `INSERT INTO ${table} (id, principals, state, brief, position) VALUES ($1, '{}', $2, $3, 1)`,
              [id, { violations }, brief === null ? null : { violations: brief }],
            );
          }
        }
        expect((await migrate(db.url))[0]).toBe('006_violation_counts.sql');
        for (const table of ['rm_ceasefires', 'rm_pledges']) {
          const { rows: after } = await client.query(
            `SELECT id, brief->'violationCount' AS count, brief->'lastViolationAt' AS last, jsonb_array_length(brief->'violations') AS kept FROM ${table} ORDER BY id`,
          );
          expect(after).toEqual([
            { id: 'none', count: null, last: null, kept: 0 },
            { id: 'old-row', count: null, last: null, kept: null },
            { id: 'one', count: null, last: null, kept: 1 },
            { id: 'three', count: 3, last: 3, kept: 1 },
          ]);
        }
      } finally {
        await client.end();
      }
    } finally {
      fs.rmSync(before, { recursive: true, force: true });
    }
  });

  it('npm run migrate (dist/cli/migrate.cli.js) applies, then says up to date; refuses arguments', async () => {
    const env = { ...process.env, NODE_OPTIONS: '', DATABASE_URL: db.url };
    const first = await run(process.execPath, ['dist/cli/migrate.cli.js'], { env });
    expect(first.stdout).toMatch(/^applied 001_event_store\.sql, 002_api_keys\.sql/);
    const second = await run(process.execPath, ['dist/cli/migrate.cli.js'], { env });
    expect(second.stdout).toMatch(/^up to date/);
    expect(second.stdout).not.toContain(new URL(db.url).password || 'no-password');
    await expect(run(process.execPath, ['dist/cli/migrate.cli.js', '--force'], { env })).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/usage: npm run migrate/),
    });
  });
});
