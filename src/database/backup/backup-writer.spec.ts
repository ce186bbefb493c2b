/** The file side of the writer (no database): complete files only, under their name only when whole. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { BACKUP_TABLES, BACKUP_VERSION, type BackupTable, backupTables, sha256Hex } from './backup-format.js';
import { readBackup, verifyBackup } from './backup-reader.js';
import { type BackupFileContent, type SectionSource, partialFiles, writeBackupFile } from './backup-writer.js';

const KNOWN = [{ version: '001', name: '001_event_store.sql', checksum: 'a'.repeat(64) }];
/** A schema with the drafts' tables (migration 011 applied). */
const WITH_DRAFTS = [...KNOWN, { version: '011', name: '011_verification.sql', checksum: 'c'.repeat(64) }];
const DRAFT = '0b1c2d3e-0000-4000-8000-000000000001';

async function* batches(lines: string[], size = 3): AsyncGenerator<string[]> {
  for (let i = 0; i < lines.length; i += size) yield lines.slice(i, i + size);
}

function rows(events: number): Record<BackupTable, string[]> {
  return {
    schema_migrations: [JSON.stringify({ ...KNOWN[0], applied_at: '2026-03-01T00:00:00+00:00' })],
    log_head: [JSON.stringify({ singleton: true, last_position: events })],
    actors: [JSON.stringify({ id: 'russia', represents: null })],
    api_keys: [],
    api_key_audit: [],
    events: Array.from({ length: events }, (_, i) =>
      JSON.stringify({ position: i + 1, data: { text: `event ${i + 1} ✓` } }),
    ),
    drafts: [JSON.stringify({ seq: 1, id: DRAFT, status: 'PENDING', appended: null })],
    draft_revisions: [JSON.stringify({ draft_id: DRAFT, revision: 1 })],
    draft_audit: [JSON.stringify({ id: 1, draft_id: DRAFT, action: 'SUBMITTED' })],
  };
}

function content(
  events: number,
  override: Partial<Record<BackupTable, AsyncIterable<string[]>>> = {},
  migrations = KNOWN,
): BackupFileContent {
  const lines = rows(events);
  lines.schema_migrations = migrations.map((m) => JSON.stringify({ ...m, applied_at: '2026-03-01T00:00:00+00:00' }));
  const sections: SectionSource[] = backupTables(BACKUP_VERSION, migrations).map((table) => ({
    table,
    columns: Object.keys(JSON.parse(lines[table][0] ?? '{"id":1}')),
    batches: override[table] ?? batches(lines[table]),
  }));
  return {
    createdBy: 'backup-writer.spec',
    snapshot: {
      position: String(events),
      takenAt: '2026-03-19T10:00:00.000000Z',
      isolation: 'REPEATABLE READ READ ONLY',
      serverVersion: '18.4',
    },
    migrations,
    sections,
  };
}

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'backup-writer-spec-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('writeBackupFile', () => {
  it('writes a file the reader accepts, with the counts and checksums of what was written', async () => {
    const out = path.join(dir, 'b.ndjson.gz');
    const written = await writeBackupFile(out, content(10));
    expect(written.bytes).toBe(fs.statSync(out).size);
    expect(fs.statSync(out).mode & 0o777).toBe(0o600);
    expect(fs.readdirSync(dir)).toEqual(['b.ndjson.gz']);
    const events = written.header.sections.find((s) => s.table === 'events')!;
    expect(events.rows).toBe(10);
    expect(events.sha256).toBe(
      sha256Hex(
        rows(10)
          .events.map((l) => `${l}\n`)
          .join(''),
      ),
    );
    expect(written.header.recoveryPoint).toMatch(/positions 1..10/);
    const verified = await verifyBackup(out, { known: KNOWN });
    expect(verified.header).toEqual(written.header);
    const read: string[] = [];
    for await (const item of readBackup(out, { known: KNOWN }))
      if (item.kind === 'rows' && item.section.table === 'events') read.push(...item.lines);
    expect(read).toEqual(rows(10).events);
  });

  it('is plain gzip: header first, then the sections, then the end line', async () => {
    const out = path.join(dir, 'b.gz');
    await writeBackupFile(out, content(2));
    const lines = zlib.gunzipSync(fs.readFileSync(out)).toString('utf8').trimEnd().split('\n');
    expect(JSON.parse(lines[0])).toMatchObject({
      format: 'diplomacy-timeline-backup',
      version: 2,
      snapshot: { position: '2' },
    });
    // A schema before migration 011: no drafts, the six sections of version 1.
    expect(lines.filter((l) => l.startsWith('{"section"'))).toEqual(
      BACKUP_TABLES.slice(0, 6).map((t) => JSON.stringify({ section: t })),
    );
    expect(JSON.parse(lines.at(-1)!)).toMatchObject({
      end: 'diplomacy-timeline-backup',
      headerSha256: sha256Hex(lines[0]),
      sections: 6,
    });
  });

  it('of a schema with drafts: nine sections, the drafts, their revisions and audit after the events', async () => {
    const out = path.join(dir, 'drafts.gz');
    const written = await writeBackupFile(out, content(2, {}, WITH_DRAFTS));
    const lines = zlib.gunzipSync(fs.readFileSync(out)).toString('utf8').trimEnd().split('\n');
    expect(lines.filter((l) => l.startsWith('{"section"'))).toEqual(
      BACKUP_TABLES.map((t) => JSON.stringify({ section: t })),
    );
    expect(written.header.sections.map((s) => [s.table, s.rows]).slice(-3)).toEqual([
      ['drafts', 1],
      ['draft_revisions', 1],
      ['draft_audit', 1],
    ]);
    expect(written.header.recoveryPoint).toMatch(/drafts, their revisions and their audit of the same snapshot/);
    expect(JSON.parse(lines.at(-1)!)).toMatchObject({ sections: 9 });
    const verified = await verifyBackup(out, { known: WITH_DRAFTS });
    expect(verified.header).toEqual(written.header);
    // The sections are those of the migrations: no drafts' sections without 011, none missing with it.
    const missing = content(2, {}, WITH_DRAFTS);
    missing.sections = missing.sections.slice(0, 6);
    await expect(writeBackupFile(path.join(dir, 'missing.gz'), missing)).rejects.toThrow(
      /sections must be schema_migrations, .*, events, drafts, draft_revisions, draft_audit \(got schema_migrations, .*, events\)/,
    );
    expect(fs.readdirSync(dir)).toEqual(['drafts.gz']);
  });

  it('leaves no file, and no partial file, when reading the rows fails', async () => {
    const out = path.join(dir, 'b.gz');
    async function* failing(): AsyncGenerator<string[]> {
      yield ['{"position":1,"data":{}}'];
      throw new Error('connection lost');
    }
    await expect(writeBackupFile(out, content(2, { events: failing() }))).rejects.toThrow('connection lost');
    expect(fs.readdirSync(dir)).toEqual([]);
    expect(partialFiles.size).toBe(0);
  });

  it('leaves no file when the check of the sections fails', async () => {
    const out = path.join(dir, 'b.gz');
    const c = content(2);
    c.check = () => {
      throw new Error('inconsistent');
    };
    await expect(writeBackupFile(out, c)).rejects.toThrow('inconsistent');
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('replaces an older file only when the new one is complete', async () => {
    const out = path.join(dir, 'b.gz');
    await writeBackupFile(out, content(2));
    const before = fs.readFileSync(out);
    async function* failing(): AsyncGenerator<string[]> {
      yield* [];
      throw new Error('interrupted');
    }
    await expect(writeBackupFile(out, content(3, { events: failing() }))).rejects.toThrow('interrupted');
    expect(fs.readFileSync(out).equals(before)).toBe(true);
    await writeBackupFile(out, content(3));
    expect((await verifyBackup(out, { known: KNOWN })).header.snapshot.position).toBe('3');
  });

  it('refuses a missing folder or sections out of order', async () => {
    await expect(writeBackupFile(path.join(dir, 'no/such/b.gz'), content(1))).rejects.toThrow(
      /the folder .* does not exist/,
    );
    const c = content(1);
    c.sections.reverse();
    await expect(writeBackupFile(path.join(dir, 'b.gz'), c)).rejects.toThrow(/sections must be schema_migrations/);
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});
