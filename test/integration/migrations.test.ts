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

/** A directory holding the project's migrations numbered below `upTo` (e.g. '006'); the caller removes it. */
function migrationsBelow(upTo: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `migrations-before-${upTo}-`));
  for (const m of readMigrations().filter((m) => m.name < upTo))
    fs.copyFileSync(path.join(MIGRATIONS_DIR, m.name), path.join(dir, m.name));
  return dir;
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
    const before = migrationsBelow('006');
    const through = migrationsBelow('007');
    try {
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
        expect(await migrate(db.url, through)).toEqual(['006_violation_counts.sql']);
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
      fs.rmSync(through, { recursive: true, force: true });
    }
  });

  it("008 lets the events table take the second edition's three types, and still refuses a type the catalogue does not have", async () => {
    const before = migrationsBelow('008');
    const client = new pg.Client({ connectionString: db.url });
    const insert = (position: number, type: string) =>
      client.query(
        `INSERT INTO events (position, id, stream_id, stream_version, type, data, metadata, occurred_at, occurred_precision,
                             recorded_at, actor_ids, summary, search_text)
         VALUES ($1::bigint, gen_random_uuid(), 's', $1::int, $2, '{}', '{"appendedBy":"test"}', now(), 'DAY', now(), '{}', 's', 's')`,
        [position, type],
      );
    try {
      await migrate(db.url, before);
      await client.connect();
      await insert(1, 'CALL_HELD');
      await expect(insert(2, 'CONDITIONS_MET')).rejects.toMatchObject({
        code: '23514',
        constraint: 'events_type_check',
      });
      expect(await migrate(db.url)).toContain('008_second_edition_types.sql');
      await insert(2, 'CONDITIONS_MET');
      await insert(3, 'IMPLEMENTATION_REPORTED');
      await insert(4, 'PLEDGE_FULFILLED');
      await expect(insert(5, 'CEASEFIRE_BROKEN')).rejects.toMatchObject({
        code: '23514',
        constraint: 'events_type_check',
      });
      const types = await client.query('SELECT type FROM events ORDER BY position');
      expect(types.rows.map((r) => r.type)).toEqual([
        'CALL_HELD',
        'CONDITIONS_MET',
        'IMPLEMENTATION_REPORTED',
        'PLEDGE_FULFILLED',
      ]);
    } finally {
      await client.end();
      fs.rmSync(before, { recursive: true, force: true });
    }
  });

  it('009 empties the ceasefire and pledge read models and sets their checkpoints back to 0 (the second edition changes their answers); the agreements get a table and a checkpoint', async () => {
    const before = migrationsBelow('009');
    const through = migrationsBelow('010');
    const client = new pg.Client({ connectionString: db.url });
    try {
      await migrate(db.url, before);
      await client.connect();
      for (const table of ['rm_ceasefires', 'rm_pledges'])
        await client.query(`INSERT INTO ${table} (id, principals, state, position) VALUES ('old', '{}', '{}', 7)`);
      await client.query(`UPDATE projection_checkpoints SET position = 7`);
      expect(await migrate(db.url, through)).toEqual(['009_agreements.sql']);
      const counts = await client.query(
        `SELECT (SELECT count(*)::int FROM rm_ceasefires) AS ceasefires, (SELECT count(*)::int FROM rm_pledges) AS pledges,
                (SELECT count(*)::int FROM rm_agreements) AS agreements`,
      );
      expect(counts.rows[0]).toEqual({ ceasefires: 0, pledges: 0, agreements: 0 });
      const checkpoints = await client.query(
        'SELECT name, position::int AS position FROM projection_checkpoints ORDER BY name',
      );
      expect(checkpoints.rows).toEqual([
        { name: 'agreements', position: 0 },
        { name: 'ceasefires', position: 0 },
        { name: 'pledges', position: 0 },
      ]);
      // The expression that finds the events naming a subject from another stream.
      const links = await client.query(
        `SELECT event_subject_links('PROPOSAL_MADE', '{"counterTo":"proposal-a"}') AS counter,
                event_subject_links('IMPLEMENTATION_REPORTED', '{"implements":["agreement-a","agreement-b"]}') AS reports,
                event_subject_links('EVENT_CORRECTED', '{"data":{"implements":["agreement-c"]}}') AS corrected,
                event_subject_links('EVENT_CORRECTED', '{"data":{"text":"x"}}') AS unlinked,
                event_subject_links('STRIKE_REPORTED', '{"counterTo":"proposal-a"}') AS other`,
      );
      expect(links.rows[0]).toEqual({
        counter: ['proposal-a'],
        reports: ['agreement-a', 'agreement-b'],
        corrected: ['agreement-c'],
        unlinked: null,
        other: null,
      });
    } finally {
      await client.end();
      fs.rmSync(before, { recursive: true, force: true });
      fs.rmSync(through, { recursive: true, force: true });
    }
  });

  it('010 gives the claims ledger a table and a checkpoint, indexes disputes and readouts, and empties the ceasefire and pledge read models (their violations are dated by period and they answer tallies)', async () => {
    const before = migrationsBelow('010');
    const client = new pg.Client({ connectionString: db.url });
    try {
      await migrate(db.url, before);
      await client.connect();
      for (const table of ['rm_ceasefires', 'rm_pledges', 'rm_agreements'])
        await client.query(`INSERT INTO ${table} (id, principals, state, position) VALUES ('old', '{}', '{}', 7)`);
      await client.query(`UPDATE projection_checkpoints SET position = 7`);
      expect(await migrate(db.url)).toContain('010_claims.sql');
      const counts = await client.query(
        `SELECT (SELECT count(*)::int FROM rm_ceasefires) AS ceasefires, (SELECT count(*)::int FROM rm_pledges) AS pledges,
                (SELECT count(*)::int FROM rm_agreements) AS agreements, (SELECT count(*)::int FROM rm_claims) AS claims`,
      );
      expect(counts.rows[0]).toEqual({ ceasefires: 0, pledges: 0, agreements: 1, claims: 0 });
      const checkpoints = await client.query(
        'SELECT name, position::int AS position FROM projection_checkpoints ORDER BY name',
      );
      expect(checkpoints.rows).toEqual([
        { name: 'agreements', position: 7 },
        { name: 'ceasefires', position: 0 },
        { name: 'claims', position: 0 },
        { name: 'pledges', position: 0 },
      ]);
      const uuids = await client.query(
        `SELECT uuid_or_null('0A0B0C0D-0000-4000-8000-000000000001')::text AS upper, uuid_or_null('not-a-uuid') AS bad,
                uuid_or_null(NULL) AS absent`,
      );
      expect(uuids.rows[0]).toEqual({ upper: '0a0b0c0d-0000-4000-8000-000000000001', bad: null, absent: null });
      const indexes = await client.query(
        `SELECT indexname FROM pg_indexes WHERE indexname IN
           ('events_disputed_event', 'events_corrected_disputed_event', 'events_readout_of', 'events_corrected_readout_of', 'rm_claims_readout_of')
         ORDER BY 1`,
      );
      expect(indexes.rows.map((r) => r.indexname)).toEqual([
        'events_corrected_disputed_event',
        'events_corrected_readout_of',
        'events_disputed_event',
        'events_readout_of',
        'rm_claims_readout_of',
      ]);
    } finally {
      await client.end();
      fs.rmSync(before, { recursive: true, force: true });
    }
  });

  it('014 gives every read-model table folded_until, null for the rows written before it (the projector folds those again from the log)', async () => {
    const before = migrationsBelow('014');
    const client = new pg.Client({ connectionString: db.url });
    const tables = ['rm_agreements', 'rm_ceasefires', 'rm_claims', 'rm_pledges'];
    try {
      await migrate(db.url, before);
      await client.connect();
      for (const table of tables)
        await client.query(`INSERT INTO ${table} (id, principals, state, position) VALUES ('old', '{}', '{}', 7)`);
      expect(await migrate(db.url)).toContain('014_folded_until.sql');
      const columns = await client.query(
        `SELECT table_name, data_type, is_nullable FROM information_schema.columns
          WHERE column_name = 'folded_until' ORDER BY table_name`,
      );
      expect(columns.rows).toEqual(
        tables.map((table_name) => ({ table_name, data_type: 'timestamp with time zone', is_nullable: 'YES' })),
      );
      for (const table of tables) {
        const rows = await client.query(`SELECT id, folded_until FROM ${table}`);
        expect({ table, rows: rows.rows }).toEqual({ table, rows: [{ id: 'old', folded_until: null }] });
      }
    } finally {
      await client.end();
      fs.rmSync(before, { recursive: true, force: true });
    }
  });

  it("015's functions are immutable (usable in an index) and give each type's primary actor, target, country and means", async () => {
    await migrate(db.url);
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      const volatility = await client.query(
        `SELECT proname, provolatile FROM pg_proc WHERE proname = ANY($1::text[]) ORDER BY proname`,
        [['event_country', 'event_means', 'event_primary_actor', 'event_target_category']],
      );
      expect(volatility.rows).toEqual(
        ['event_country', 'event_means', 'event_primary_actor', 'event_target_category'].map((proname) => ({
          proname,
          provolatile: 'i',
        })),
      );
      const actor = async (type: string, data: object): Promise<string | null> =>
        (await client.query('SELECT event_primary_actor($1, $2::jsonb) AS a', [type, JSON.stringify(data)])).rows[0].a;
      expect(await actor('CALL_HELD', { participants: ['trump', 'putin'], initiator: 'putin' })).toBe('putin');
      expect(await actor('CALL_HELD', { participants: ['trump', 'putin'] })).toBe('trump');
      expect(await actor('MEETING_HELD', { participants: ['waltz', 'ushakov'], mediators: ['saudi-arabia'] })).toBe(
        'waltz',
      );
      expect(await actor('STATEMENT_MADE', { speaker: 'kremlin', about: ['us'] })).toBe('kremlin');
      for (const type of ['CLAIM_DISPUTED', 'DEMAND_MADE', 'PLEDGE_MADE', 'PLEDGE_WITHDRAWN', 'PLEDGE_FULFILLED'])
        expect(await actor(type, { by: 'putin', to: 'trump', addressee: 'us' })).toBe('putin');
      expect(await actor('PROPOSAL_MADE', { proposers: ['us', 'ukraine'], parties: ['russia'] })).toBe('us');
      for (const type of ['PROPOSAL_ACCEPTED', 'PROPOSAL_REJECTED', 'CONDITIONS_MET'])
        expect(await actor(type, { party: 'ukraine' })).toBe('ukraine');
      expect(await actor('AGREEMENT_REACHED', { parties: ['russia', 'ukraine'] })).toBe('russia');
      expect(await actor('STRIKE_REPORTED', { attacker: 'russia' })).toBe('russia');
      expect(await actor('VIOLATION_REPORTED', { violator: 'russia', reportedBy: 'zelensky' })).toBe('zelensky');
      expect(await actor('IMPLEMENTATION_REPORTED', { reportedBy: 'ukraine', party: 'russia' })).toBe('ukraine');
      expect(await actor('EVENT_RETRACTED', { retractedEventId: 'x' })).toBeNull(); // the repository looks up the named event
      const strike = JSON.stringify({ targetCategory: 'PORT', country: 'UA', means: 'DRONE' });
      const dims = await client.query(
        `SELECT event_target_category('STRIKE_REPORTED', $1::jsonb) AS t, event_country('STRIKE_REPORTED', $1::jsonb) AS c,
                event_means('STRIKE_REPORTED', $1::jsonb) AS m, event_country('CALL_HELD', $1::jsonb) AS other,
                event_target_category('PLEDGE_MADE', '{"commitment":{"targetCategory":"CIVILIAN"}}') AS pledge`,
        [strike],
      );
      expect(dims.rows[0]).toEqual({ t: 'PORT', c: 'UA', m: 'DRONE', other: null, pledge: 'CIVILIAN' });
    } finally {
      await client.end();
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
