/**
 * Reads a backup file (backup-format.ts) as a stream, checking everything as it goes: gzip
 * integrity, the header, the migrations against this code's, each row's columns, the order the
 * restore relies on, each section's count and SHA-256, the end line, nothing after it. Any problem
 * throws a BackupFileError that says what is wrong and where.
 *
 * The restore reads a file twice: verifyBackup first (nothing is written unless the whole file
 * passes), then readBackup again to write the rows, checking the same things again (a file changed
 * between the passes rolls the restore back).
 */
import fs from 'node:fs';
import zlib from 'node:zlib';
import crypto from 'node:crypto';
import { readMigrations } from '../migrations.js';
import { readLines } from '../../import/import-line.js';
import {
  type BackupHeader,
  BackupFileError,
  type MigrationRecord,
  type SectionInfo,
  SectionChecker,
  checkMigrations,
  parseEnd,
  parseHeader,
  parseSectionStart,
  parentIds,
  sha256Hex,
  tablesNotKept,
} from './backup-format.js';

/** The longest line read: far above any row (an event holds at most 64 KiB of payload and sources). */
const MAX_LINE_BYTES = 64 * 1024 * 1024;

export type BackupItem =
  | { kind: 'header'; header: BackupHeader }
  /** Row texts of one section, as in the file, in batches. */
  | { kind: 'rows'; section: SectionInfo; lines: string[] }
  | { kind: 'end'; lines: number };

export interface ReadOptions {
  /** The migrations this code knows (default: migrations/). */
  known?: MigrationRecord[];
  batchRows?: number;
  batchBytes?: number;
}

/** The migrations of this code (migrations/, or another folder of migrations). */
export function knownMigrations(dir?: string): MigrationRecord[] {
  return readMigrations(dir).map(({ version, name, checksum }) => ({ version, name, checksum }));
}

/** The decompressed lines of a file, with zlib's errors in words. */
async function* fileLines(file: string) {
  const input = fs.createReadStream(file, { highWaterMark: 1 << 20 });
  const gunzip = zlib.createGunzip();
  input.on('error', (error) => gunzip.destroy(error));
  input.pipe(gunzip);
  let lines = 0;
  try {
    for await (const raw of readLines(gunzip, MAX_LINE_BYTES)) {
      lines = raw.line;
      yield raw;
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const message = error instanceof Error ? error.message : String(error);
    if (code === 'Z_DATA_ERROR' && lines === 0 && /header check/.test(message)) {
      throw new BackupFileError('not a backup written by npm run backup: it is not gzip-compressed');
    }
    if (code === 'Z_BUF_ERROR' || /unexpected end of file/.test(message)) {
      throw new BackupFileError(`truncated: the compressed data ends early, after line ${lines} (zlib: ${message})`);
    }
    if (code?.startsWith('Z_'))
      throw new BackupFileError(`damaged: the compressed data is corrupt after line ${lines} (zlib: ${message})`);
    throw error;
  } finally {
    input.destroy();
    gunzip.destroy();
  }
}

/** Reads and checks a backup file, yielding its header, its rows in batches, and its end. */
export async function* readBackup(file: string, options: ReadOptions = {}): AsyncGenerator<BackupItem> {
  const batchRows = options.batchRows ?? 1_000;
  const batchBytes = options.batchBytes ?? 4 * 1024 * 1024;
  const lines = fileLines(file);
  let lineNo = 0;
  const next = async (expecting: string): Promise<{ bytes: Buffer; text: string }> => {
    const step = await lines.next();
    if (step.done && lineNo === 0) throw new BackupFileError('not a backup: the file holds no lines');
    if (step.done)
      throw new BackupFileError(`truncated: the file ends after line ${lineNo}, where ${expecting} was expected`);
    lineNo = step.value.line;
    if ('tooLong' in step.value)
      throw new BackupFileError(`line ${lineNo} is ${step.value.tooLong} bytes long: not a line of a backup`);
    return { bytes: step.value.bytes, text: step.value.bytes.toString('utf8') };
  };
  try {
    const first = await next('the header');
    const header = parseHeader(first.text);
    checkMigrations(header.migrations, options.known ?? knownMigrations());
    yield { kind: 'header', header };
    const parents = parentIds();
    for (const section of header.sections) {
      const start = await next(`the start of section ${section.table}`);
      if (start.text.startsWith('{"section"')) parseSectionStart(start.text, section, lineNo);
      else
        throw new BackupFileError(
          `line ${lineNo}: expected the start of section ${section.table}: the section before it has more rows than the header says`,
        );
      const checker = new SectionChecker(section, header, parents);
      const hash = crypto.createHash('sha256');
      let batch: string[] = [];
      let size = 0;
      for (let i = 0; i < section.rows; i++) {
        const row = await next(`row ${i + 1} of the ${section.rows} rows of section ${section.table}`).catch(
          (error: unknown) => {
            if (error instanceof BackupFileError && error.message.startsWith('truncated')) {
              throw new BackupFileError(
                `truncated: the file ends in section ${section.table}, after ${i} of its ${section.rows} rows (line ${lineNo})`,
              );
            }
            throw error;
          },
        );
        if (row.text.startsWith('{"section"') || row.text.startsWith('{"end"')) {
          throw new BackupFileError(
            `line ${lineNo}: section ${section.table} ends after ${i} rows, but the header says ${section.rows}`,
          );
        }
        hash.update(row.bytes).update('\n');
        checker.check(row.text, lineNo);
        batch.push(row.text);
        size += row.bytes.length;
        if (batch.length >= batchRows || size >= batchBytes) {
          yield { kind: 'rows', section, lines: batch };
          batch = [];
          size = 0;
        }
      }
      const digest = hash.digest('hex');
      if (digest !== section.sha256) {
        throw new BackupFileError(
          `section ${section.table}: the SHA-256 of its ${section.rows} rows is ${digest}, the header says ${section.sha256}: the rows were changed or damaged`,
        );
      }
      if (batch.length > 0) yield { kind: 'rows', section, lines: batch };
    }
    const end = await next('the end line');
    parseEnd(end.text, sha256Hex(first.bytes), lineNo, header.sections.length);
    const after = await lines.next();
    if (!after.done) throw new BackupFileError(`line ${after.value.line}: data after the end line`);
    yield { kind: 'end', lines: lineNo };
  } finally {
    await lines.return(undefined);
  }
}

export interface VerifiedBackup {
  file: string;
  header: BackupHeader;
  bytes: number;
  lines: number;
}

/** Reads the whole file and checks everything; returns its header. */
export async function verifyBackup(file: string, options: ReadOptions = {}): Promise<VerifiedBackup> {
  let header: BackupHeader | undefined;
  let lines = 0;
  for await (const item of readBackup(file, { ...options, batchRows: 10_000 })) {
    if (item.kind === 'header') header = item.header;
    if (item.kind === 'end') lines = item.lines;
  }
  if (!header) throw new BackupFileError('no header');
  return { file, header, bytes: fs.statSync(file).size, lines };
}

/** Row counts of a header, for messages: `schema_migrations 11, log_head 1, actors 372, …`. */
export function describeCounts(header: BackupHeader): string {
  return header.sections.map((s) => `${s.table} ${s.rows}`).join(', ');
}

/**
 * What a file does not hold that its schema had, in words, or null: a format version 1 file of a
 * schema with drafts kept none of them, and the restored database has none.
 */
export function describeNotKept(header: BackupHeader): string | null {
  const missing = tablesNotKept(header);
  return missing.length === 0
    ? null
    : `not in this file: ${missing.join(', ')} (format version ${header.version} did not keep them; the restored database has none)`;
}
