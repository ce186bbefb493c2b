/** The reader's checks, on files built here (no database): each way a file can be wrong is named. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import {
  BACKUP_FORMAT,
  BACKUP_VERSION,
  type BackupTable,
  BackupFileError,
  type MigrationRecord,
  READ_MODELS_NOTE,
  backupTables,
  recoveryPointText,
  sha256Hex,
} from './backup-format.js';
import { type BackupItem, describeCounts, describeNotKept, readBackup, verifyBackup } from './backup-reader.js';

/** This code's migrations: the first two make a schema without drafts; the third adds them. */
const KNOWN = [
  { version: '001', name: '001_event_store.sql', checksum: 'a'.repeat(64) },
  { version: '002', name: '002_api_keys.sql', checksum: 'b'.repeat(64) },
  { version: '011', name: '011_verification.sql', checksum: 'c'.repeat(64) },
];
const BEFORE_DRAFTS = KNOWN.slice(0, 2);
const AT = '2026-03-19T10:00:00.000000Z';

type Rows = Record<BackupTable, Array<Record<string, unknown>>>;

const DRAFT_A = '0b1c2d3e-0000-4000-8000-00000000000a';
const DRAFT_B = '0b1c2d3e-0000-4000-8000-00000000000b';

/** Rows of a schema without drafts (the drafts' sections empty, and left out of the file); `drafts`: with them. */
function sampleRows(events = 5, drafts = false): Rows {
  const draft = (seq: number, id: string, status: string, appended: unknown = null) => ({
    seq,
    id,
    stream_id: 'call-x',
    status,
    submitted_by: 'ed-anna',
    appended,
  });
  return {
    schema_migrations: (drafts ? KNOWN : BEFORE_DRAFTS).map((m) => ({ ...m, applied_at: '2026-03-01T00:00:00+00:00' })),
    log_head: [{ singleton: true, last_position: events }],
    actors: [
      { id: 'russia', name: 'Russia', kind: 'STATE', represents: null, registered_at: '2026-03-01T00:00:00+00:00' },
      {
        id: 'putin',
        name: 'Vladimir Putin',
        kind: 'PERSON',
        represents: 'russia',
        registered_at: '2026-03-01T00:00:00+00:00',
      },
    ],
    api_keys: [{ id: 'abcdef012345', name: 'alice', secret_hash: '\\x00ff' }],
    api_key_audit: [{ id: 1, key_id: 'abcdef012345', action: 'CREATED' }],
    events: Array.from({ length: events }, (_, i) => ({
      position: i + 1,
      id: `e${i + 1}`,
      data: { n: 1.5, text: 'é "quoted"\nline' },
    })),
    drafts: drafts
      ? [
          draft(1, DRAFT_A, 'APPROVED', { streamId: 'call-x', lastPosition: String(events), eventIds: ['e1'] }),
          draft(2, DRAFT_B, 'PENDING'),
        ]
      : [],
    draft_revisions: drafts
      ? [
          { draft_id: DRAFT_A, revision: 1, by: 'ed-anna' },
          { draft_id: DRAFT_B, revision: 1, by: 'ed-anna' },
          { draft_id: DRAFT_B, revision: 2, by: 'ed-anna' },
        ]
      : [],
    draft_audit: drafts
      ? [
          { id: 1, draft_id: DRAFT_A, action: 'SUBMITTED' },
          { id: 2, draft_id: DRAFT_B, action: 'SUBMITTED' },
          { id: 4, draft_id: DRAFT_A, action: 'APPROVED' },
          { id: 5, draft_id: DRAFT_B, action: 'REVISED' },
        ]
      : [],
  };
}

/**
 * The lines of a backup of these rows, with correct counts and checksums: the sections of the
 * format version and the migrations (those of the schema_migrations rows unless the header says).
 */
function linesOf(rows: Rows, header: Record<string, unknown> = {}): string[] {
  const version = (header.version as number | undefined) ?? BACKUP_VERSION;
  const migrations =
    (header.migrations as MigrationRecord[] | undefined) ??
    rows.schema_migrations.map(({ version: v, name, checksum }) => ({ version: v, name, checksum }) as MigrationRecord);
  const tables = backupTables(version, migrations);
  const texts = Object.fromEntries(tables.map((t) => [t, rows[t].map((r) => JSON.stringify(r))])) as Record<
    BackupTable,
    string[]
  >;
  const position = String(rows.events.length);
  const headerLine = JSON.stringify({
    format: BACKUP_FORMAT,
    version,
    createdBy: 'backup-reader.spec',
    snapshot: { position, takenAt: AT, isolation: 'REPEATABLE READ READ ONLY', serverVersion: '18.4' },
    recoveryPoint: recoveryPointText(position, AT),
    readModels: READ_MODELS_NOTE,
    migrations,
    sections: tables.map((table) => ({
      table,
      columns: Object.keys(rows[table][0] ?? { id: 1 }),
      rows: texts[table].length,
      sha256: sha256Hex(texts[table].map((t) => `${t}\n`).join('')),
    })),
    ...header,
  });
  return [
    headerLine,
    ...tables.flatMap((table) => [JSON.stringify({ section: table }), ...texts[table]]),
    JSON.stringify({ end: BACKUP_FORMAT, headerSha256: sha256Hex(headerLine), sections: tables.length }),
  ];
}

let dir: string;
let n = 0;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'backup-reader-spec-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function file(content: Buffer | string): string {
  const name = path.join(dir, `f${n++}.gz`);
  fs.writeFileSync(name, content);
  return name;
}
const gz = (lines: string[]) => zlib.gzipSync(`${lines.join('\n')}\n`);

async function items(name: string): Promise<BackupItem[]> {
  const out: BackupItem[] = [];
  for await (const item of readBackup(name, { known: KNOWN, batchRows: 2 })) out.push(item);
  return out;
}
const refusal = (name: string) => verifyBackup(name, { known: KNOWN });

describe('readBackup', () => {
  it('yields the header, every row as written (in batches), and the end', async () => {
    const rows = sampleRows();
    const lines = linesOf(rows);
    const read = await items(file(gz(lines)));
    expect(read[0]).toMatchObject({ kind: 'header', header: { snapshot: { position: '5' } } });
    expect(read.at(-1)).toEqual({ kind: 'end', lines: lines.length });
    const batches = read.filter((i): i is Extract<BackupItem, { kind: 'rows' }> => i.kind === 'rows');
    expect(Math.max(...batches.map((b) => b.lines.length))).toBe(2);
    for (const table of backupTables(BACKUP_VERSION, BEFORE_DRAFTS)) {
      expect(batches.filter((b) => b.section.table === table).flatMap((b) => b.lines)).toEqual(
        rows[table].map((r) => JSON.stringify(r)),
      );
    }
  });

  it('format version 2 of a schema with drafts: the drafts, their revisions and audit after the events', async () => {
    const rows = sampleRows(5, true);
    const lines = linesOf(rows);
    expect(lines.filter((l) => l.startsWith('{"section"')).slice(-3)).toEqual([
      '{"section":"drafts"}',
      '{"section":"draft_revisions"}',
      '{"section":"draft_audit"}',
    ]);
    const read = await items(file(gz(lines)));
    const header = (read[0] as Extract<BackupItem, { kind: 'header' }>).header;
    expect(header.version).toBe(2);
    expect(describeCounts(header)).toBe(
      'schema_migrations 3, log_head 1, actors 2, api_keys 1, api_key_audit 1, events 5, drafts 2, draft_revisions 3, draft_audit 4',
    );
    expect(describeNotKept(header)).toBeNull();
    const batches = read.filter((i): i is Extract<BackupItem, { kind: 'rows' }> => i.kind === 'rows');
    for (const table of ['drafts', 'draft_revisions', 'draft_audit'] as const) {
      expect(batches.filter((b) => b.section.table === table).flatMap((b) => b.lines)).toEqual(
        rows[table].map((r) => JSON.stringify(r)),
      );
    }
  });

  it('a format version 1 file is still read: six sections, of a schema with or without drafts', async () => {
    const old = await verifyBackup(file(gz(linesOf(sampleRows(), { version: 1 }))), { known: KNOWN });
    expect(old.header.version).toBe(1);
    expect(old.header.sections).toHaveLength(6);
    expect(describeNotKept(old.header)).toBeNull();
    // Taken by the code before format 2 of a database migrated to 011: its drafts were not kept.
    const rows = sampleRows(5, true);
    const lines = linesOf(rows, { version: 1 });
    expect(JSON.parse(lines[0]).sections.map((s: { table: string }) => s.table)).toEqual([
      'schema_migrations',
      'log_head',
      'actors',
      'api_keys',
      'api_key_audit',
      'events',
    ]);
    expect(JSON.parse(lines.at(-1)!)).toMatchObject({ sections: 6 });
    const v1 = await verifyBackup(file(gz(lines)), { known: KNOWN });
    expect(v1.header.migrations.map((m) => m.name)).toContain('011_verification.sql');
    expect(describeCounts(v1.header)).toBe(
      'schema_migrations 3, log_head 1, actors 2, api_keys 1, api_key_audit 1, events 5',
    );
    expect(describeNotKept(v1.header)).toBe(
      'not in this file: drafts, draft_revisions, draft_audit (format version 1 did not keep them; the restored database has none)',
    );
  });

  it('reads a file made of several gzip members as one stream', async () => {
    const lines = linesOf(sampleRows());
    const members = Buffer.concat([gz(lines.slice(0, 1)), gz(lines.slice(1, -1)), gz(lines.slice(-1))]);
    await expect(refusal(file(members))).resolves.toMatchObject({ lines: lines.length });
  });
});

describe('a file is refused, with what is wrong', () => {
  const expectRefused = async (name: string, message: RegExp) => {
    const error = await refusal(name).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(BackupFileError);
    expect((error as Error).message).toMatch(message);
  };

  it('not gzip, or empty', async () => {
    await expectRefused(file('{"format":"diplomacy-timeline-backup"}\n'), /not gzip-compressed/);
    await expectRefused(file(zlib.gzipSync('')), /the file holds no lines/);
  });

  it('a foreign file: an NDJSON export, gzipped', async () => {
    await expectRefused(
      file(gz(['{"position":"1","id":"x","type":"CALL_HELD"}'])),
      /not a backup written by npm run backup/,
    );
  });

  it('truncated: cut in the middle of the compressed data', async () => {
    const whole = gz(linesOf(sampleRows(200)));
    await expectRefused(file(whole.subarray(0, Math.floor(whole.length / 2))), /^truncated/);
  });

  it('truncated at a member boundary: no end line', async () => {
    const lines = linesOf(sampleRows());
    await expectRefused(
      file(Buffer.concat([gz(lines.slice(0, 1)), gz(lines.slice(1, -1))])),
      /truncated: the file ends after line \d+, where the end line was expected/,
    );
  });

  it('truncated inside a section', async () => {
    const lines = linesOf(sampleRows());
    await expectRefused(
      file(gz(lines.slice(0, -3))),
      /truncated: the file ends in section events, after 3 of its 5 rows/,
    );
  });

  it('a flipped byte in the compressed data', async () => {
    const whole = gz(linesOf(sampleRows(200)));
    const flipped = Buffer.from(whole);
    flipped[Math.floor(flipped.length / 2)] ^= 0x20;
    // zlib's checks, a row's checks or the section's SHA-256, whichever sees it first.
    await expectRefused(
      file(flipped),
      /^(damaged|truncated)|the rows were changed or damaged|^line \d+ \(section \w+, row \d+\)/,
    );
  });

  it('a changed row (recompressed): the section checksum', async () => {
    const lines = linesOf(sampleRows());
    const i = lines.findIndex((l) => l.startsWith('{"position":3,'));
    lines[i] = lines[i].replace('"n":1.5', '"n":1.6');
    await expectRefused(
      file(gz(lines)),
      /section events: the SHA-256 of its 5 rows is [0-9a-f]{64}, the header says [0-9a-f]{64}: the rows were changed or damaged/,
    );
  });

  it('a changed header: the end line', async () => {
    const lines = linesOf(sampleRows());
    lines[0] = lines[0].replace('"createdBy":"backup-reader.spec"', '"createdBy":"someone else"');
    await expectRefused(file(gz(lines)), /headerSha256 does not match the header/);
  });

  it('rows missing or added against the header', async () => {
    const lines = linesOf(sampleRows());
    const actors = lines.indexOf('{"section":"actors"}');
    await expectRefused(
      file(gz([...lines.slice(0, actors + 2), ...lines.slice(actors + 3)])),
      /section actors ends after 1 rows, but the header says 2/,
    );
    await expectRefused(
      file(gz([...lines.slice(0, actors), '{"singleton":true,"last_position":5}', ...lines.slice(actors)])),
      /expected the start of section actors: the section before it has more rows than the header says/,
    );
    await expectRefused(
      file(gz([...lines.slice(0, -1), '{"position":6,"id":"e6","data":{}}', ...lines.slice(-1)])),
      /expected the end line, found more rows/,
    );
  });

  it('data after the end line', async () => {
    await expectRefused(file(gz([...linesOf(sampleRows()), '{"position":6}'])), /data after the end line/);
  });

  it('a newer format, or migrations this code does not know', async () => {
    await expectRefused(file(gz(linesOf(sampleRows(), { version: 3 }))), /format version 3 by a newer version/);
    const future = [...KNOWN, { version: '012', name: '012_future.sql', checksum: 'd'.repeat(64) }];
    const rows = sampleRows();
    rows.schema_migrations = future.map((m) => ({ ...m, applied_at: '2026-03-01T00:00:00+00:00' }));
    await expectRefused(
      file(gz(linesOf(rows, { migrations: future }))),
      /migration 012_future.sql, which this version of the service does not know/,
    );
  });

  it('rows the restore could not write as they are (with correct checksums)', async () => {
    const gap = sampleRows();
    gap.events[3].position = 5;
    gap.log_head[0].last_position = 5;
    await expectRefused(file(gz(linesOf(gap))), /position 5 follows 3/);
    const orphan = sampleRows();
    orphan.actors.reverse();
    await expectRefused(
      file(gz(linesOf(orphan))),
      /actor "putin" represents "russia", which comes later or not at all/,
    );
    const head = sampleRows();
    head.log_head[0].last_position = 4;
    await expectRefused(file(gz(linesOf(head))), /the log head is 4, the header's position 5/);
    const orphanRevision = sampleRows(5, true);
    orphanRevision.draft_revisions[2].draft_id = '0b1c2d3e-0000-4000-8000-0000000000ff';
    await expectRefused(
      file(gz(linesOf(orphanRevision))),
      /section draft_revisions, row 3\): names draft 0b1c2d3e-0000-4000-8000-0000000000ff, which is not in the backup/,
    );
    const repeatedAudit = sampleRows(5, true);
    repeatedAudit.draft_audit[3].id = 4;
    await expectRefused(file(gz(linesOf(repeatedAudit))), /section draft_audit, row 4\): id 4 follows 4/);
    const lateApproval = sampleRows(5, true);
    (lateApproval.drafts[0].appended as Record<string, unknown>).lastPosition = '6';
    await expectRefused(
      file(gz(linesOf(lateApproval))),
      /was appended up to position 6, after the backup's position 5/,
    );
  });

  it('a file whose draft sections do not match its migrations', async () => {
    // Format 2 of a schema with drafts, without their sections (as a version 1 file would be, but saying 2).
    const rows = sampleRows(5, true);
    const lines = linesOf(rows, { version: 1 });
    lines[0] = lines[0].replace('"version":1,', '"version":2,');
    lines[lines.length - 1] = JSON.stringify({ end: BACKUP_FORMAT, headerSha256: sha256Hex(lines[0]), sections: 6 });
    await expectRefused(
      file(gz(lines)),
      /header: sections must be .*, events, drafts, draft_revisions, draft_audit, in this order, in format version 2/,
    );
    // The end line's count of sections is the header's.
    const nine = linesOf(sampleRows(5, true));
    nine[nine.length - 1] = nine[nine.length - 1].replace('"sections":9', '"sections":6');
    await expectRefused(file(gz(nine)), /the end line counts 6 sections, not 9/);
  });
});
