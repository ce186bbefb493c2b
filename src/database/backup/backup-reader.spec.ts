/** The reader's checks, on files built here (no database): each way a file can be wrong is named. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import {
  BACKUP_FORMAT,
  BACKUP_TABLES,
  type BackupTable,
  BackupFileError,
  READ_MODELS_NOTE,
  recoveryPointText,
  sha256Hex,
} from './backup-format.js';
import { type BackupItem, readBackup, verifyBackup } from './backup-reader.js';

const KNOWN = [
  { version: '001', name: '001_event_store.sql', checksum: 'a'.repeat(64) },
  { version: '002', name: '002_api_keys.sql', checksum: 'b'.repeat(64) },
];
const AT = '2026-03-19T10:00:00.000000Z';

type Rows = Record<BackupTable, Array<Record<string, unknown>>>;

function sampleRows(events = 5): Rows {
  return {
    schema_migrations: KNOWN.map((m) => ({ ...m, applied_at: '2026-03-01T00:00:00+00:00' })),
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
  };
}

/** The lines of a backup of these rows, with correct counts and checksums. */
function linesOf(rows: Rows, header: Record<string, unknown> = {}): string[] {
  const texts = Object.fromEntries(BACKUP_TABLES.map((t) => [t, rows[t].map((r) => JSON.stringify(r))])) as Record<
    BackupTable,
    string[]
  >;
  const position = String(rows.events.length);
  const headerLine = JSON.stringify({
    format: BACKUP_FORMAT,
    version: 1,
    createdBy: 'backup-reader.spec',
    snapshot: { position, takenAt: AT, isolation: 'REPEATABLE READ READ ONLY', serverVersion: '18.4' },
    recoveryPoint: recoveryPointText(position, AT),
    readModels: READ_MODELS_NOTE,
    migrations: KNOWN,
    sections: BACKUP_TABLES.map((table) => ({
      table,
      columns: Object.keys(rows[table][0] ?? { id: 1 }),
      rows: texts[table].length,
      sha256: sha256Hex(texts[table].map((t) => `${t}\n`).join('')),
    })),
    ...header,
  });
  return [
    headerLine,
    ...BACKUP_TABLES.flatMap((table) => [JSON.stringify({ section: table }), ...texts[table]]),
    JSON.stringify({ end: BACKUP_FORMAT, headerSha256: sha256Hex(headerLine), sections: BACKUP_TABLES.length }),
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
    for (const table of BACKUP_TABLES) {
      expect(batches.filter((b) => b.section.table === table).flatMap((b) => b.lines)).toEqual(
        rows[table].map((r) => JSON.stringify(r)),
      );
    }
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
    // zlib's checks or the section's SHA-256, whichever sees it first.
    await expectRefused(file(flipped), /^(damaged|truncated)|the rows were changed or damaged/);
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
    await expectRefused(file(gz(linesOf(sampleRows(), { version: 2 }))), /format version 2 by a newer version/);
    const future = [...KNOWN, { version: '003', name: '003_future.sql', checksum: 'c'.repeat(64) }];
    const rows = sampleRows();
    rows.schema_migrations = future.map((m) => ({ ...m, applied_at: '2026-03-01T00:00:00+00:00' }));
    await expectRefused(
      file(gz(linesOf(rows, { migrations: future }))),
      /migration 003_future.sql, which this version of the service does not know/,
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
  });
});
