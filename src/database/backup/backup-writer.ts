/**
 * npm run backup's writer: one consistent snapshot of the source of truth (the tables of
 * BACKUP_TABLES that the database's schema has: the drafts' only from migration 011 on), read in a
 * single REPEATABLE READ READ ONLY transaction with cursors, written as a backup file
 * (backup-format.ts).
 *
 * The file appears under its name only when it is complete: the rows are compressed into a
 * temporary body file while the section checksums are computed; then the header (which holds
 * them), the body and the end line are written to a second temporary file, synced and renamed.
 * A backup that is interrupted removes them; one that is killed leaves at most
 * `<out>.<pid>.<random>[.body].partial` files, never a file that looks whole (and restore refuses a
 * partial file anyway: it has no end line).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { once } from 'node:events';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import pg from 'pg';
import { PROJECT_ROOT } from '../../config/project-paths.js';
import {
  BACKUP_FORMAT,
  BACKUP_TABLES,
  BACKUP_VERSION,
  type BackupHeader,
  type BackupSnapshot,
  type BackupTable,
  type MigrationRecord,
  READ_MODELS_NOTE,
  type SectionInfo,
  TABLE_SINCE,
  backupTables,
  recoveryPointText,
  sha256Hex,
} from './backup-format.js';

export interface SectionSource {
  table: BackupTable;
  columns: string[];
  /** The rows' JSON texts, in batches. */
  batches: AsyncIterable<string[]>;
}

export interface BackupFileContent {
  createdBy: string;
  snapshot: BackupSnapshot;
  migrations: MigrationRecord[];
  sections: SectionSource[];
  /** Checks the sections as read, before the file takes its name (a throw leaves no file). */
  check?: (sections: SectionInfo[]) => void;
}

export interface WrittenBackup {
  file: string;
  header: BackupHeader;
  bytes: number;
}

/** Temporary files of backups in progress: the CLI removes them when it is interrupted. */
export const partialFiles = new Set<string>();

export function removePartialFiles(): void {
  for (const file of partialFiles) fs.rmSync(file, { force: true });
  partialFiles.clear();
}

/**
 * gzip level 6: 8:1 on the synthetic log of the bench (230 MB of rows at 100k events → 29.5 MB), at
 * about 55 MB/s of rows on one core, on zlib's thread beside the reads (level 1: 6:1 at 140 MB/s).
 */
const GZIP_LEVEL = 6;

/** What wrote a backup: `diplomacy-timeline 0.1.0 npm run backup`. */
export function toolName(): string {
  let version = '';
  try {
    version =
      (JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version?: string }).version ??
      '';
  } catch {
    // The version is informative only.
  }
  return ['diplomacy-timeline', version, 'npm run backup'].filter(Boolean).join(' ');
}

/**
 * Writes a backup file from the sections' rows (the tables of backupTables for the migrations, in
 * that order); the file appears only when complete.
 */
export async function writeBackupFile(
  out: string,
  content: BackupFileContent,
  level = GZIP_LEVEL,
): Promise<WrittenBackup> {
  const file = path.resolve(out);
  if (!fs.existsSync(path.dirname(file))) throw new Error(`${out}: the folder ${path.dirname(file)} does not exist`);
  if (fs.existsSync(file) && !fs.statSync(file).isFile()) throw new Error(`${out}: exists and is not a file`);
  const stamp = `${process.pid}.${crypto.randomBytes(3).toString('hex')}`;
  const bodyFile = `${file}.${stamp}.body.partial`;
  const wholeFile = `${file}.${stamp}.partial`;
  partialFiles.add(bodyFile);
  partialFiles.add(wholeFile);
  try {
    const sections = await writeBody(
      bodyFile,
      content.sections,
      backupTables(BACKUP_VERSION, content.migrations),
      level,
    );
    content.check?.(sections);
    const header: BackupHeader = {
      format: BACKUP_FORMAT,
      version: BACKUP_VERSION,
      createdBy: content.createdBy,
      snapshot: content.snapshot,
      recoveryPoint: recoveryPointText(
        content.snapshot.position,
        content.snapshot.takenAt,
        sections.some((s) => s.table === 'drafts'),
      ),
      readModels: READ_MODELS_NOTE,
      migrations: content.migrations,
      sections,
    };
    const headerLine = JSON.stringify(header);
    const endLine = JSON.stringify({
      end: BACKUP_FORMAT,
      headerSha256: sha256Hex(headerLine),
      sections: sections.length,
    });
    const handle = await fs.promises.open(wholeFile, 'wx', 0o600);
    try {
      await handle.write(zlib.gzipSync(`${headerLine}\n`, { level }));
      for await (const chunk of fs.createReadStream(bodyFile, { highWaterMark: 1 << 20 }))
        await handle.write(chunk as Buffer);
      await handle.write(zlib.gzipSync(`${endLine}\n`, { level }));
      await handle.sync();
    } finally {
      await handle.close();
    }
    fs.rmSync(bodyFile, { force: true });
    fs.renameSync(wholeFile, file);
    await syncFolder(path.dirname(file));
    return { file, header, bytes: fs.statSync(file).size };
  } finally {
    for (const partial of [bodyFile, wholeFile]) {
      fs.rmSync(partial, { force: true });
      partialFiles.delete(partial);
    }
  }
}

/** The sections (start lines and rows) as one gzip member; returns each section's count and SHA-256. */
async function writeBody(
  bodyFile: string,
  sources: SectionSource[],
  expected: BackupTable[],
  level: number,
): Promise<SectionInfo[]> {
  const tables = sources.map((s) => s.table);
  if (tables.join() !== expected.join())
    throw new Error(`sections must be ${expected.join(', ')} (got ${tables.join(', ')})`);
  const handle = await fs.promises.open(bodyFile, 'wx', 0o600);
  const gzip = zlib.createGzip({ level });
  const piped = pipeline(gzip, handle.createWriteStream());
  // A write error (a full disk) surfaces at the next write or at the end, not as an unhandled rejection meanwhile.
  piped.catch(() => undefined);
  const write = async (text: string) => {
    if (!gzip.write(text)) await once(gzip, 'drain');
  };
  const infos: SectionInfo[] = [];
  try {
    for (const source of sources) {
      await write(`${JSON.stringify({ section: source.table })}\n`);
      const hash = crypto.createHash('sha256');
      let rows = 0;
      for await (const batch of source.batches) {
        if (batch.length === 0) continue;
        const text = `${batch.join('\n')}\n`;
        hash.update(text);
        rows += batch.length;
        await write(text);
      }
      infos.push({ table: source.table, columns: source.columns, rows, sha256: hash.digest('hex') });
    }
    gzip.end();
    await piped;
  } catch (error) {
    // The file is closed before the caller removes it.
    gzip.destroy(error as Error);
    await piped.catch(() => undefined);
    throw error;
  }
  return infos;
}

async function syncFolder(folder: string): Promise<void> {
  try {
    const handle = await fs.promises.open(folder, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Not every platform can sync a folder; the rename is done either way.
  }
}

export interface BackupOptions {
  /** Called once the snapshot is taken, before any row is read (tests append here to prove the snapshot holds). */
  afterSnapshot?: (snapshot: BackupSnapshot) => Promise<void>;
  /** Called after each batch of rows read. */
  onProgress?: (table: BackupTable, rows: number) => void;
  /** Rows fetched from the cursor at a time. */
  fetchSize?: number;
  level?: number;
}

/**
 * How each table is read: the rows' JSON texts (to_json of the listed columns, in their order), in
 * an order that restores as is (a row's parents first) and compares stably.
 */
function selectRows(table: BackupTable, columns: string[]): string {
  const row = `CROSS JOIN LATERAL (SELECT ${columns.map((c) => `t."${c}"`).join(', ')}) r`;
  const select = (from: string, order: string) =>
    `SELECT to_json(r)::text FROM ${from} ${row}${order ? ` ORDER BY ${order}` : ''}`;
  switch (table) {
    case 'schema_migrations':
      return select('schema_migrations t', 't.version');
    case 'log_head':
      return select('log_head t', '');
    case 'actors':
      // An actor after the one it represents, whatever the order of registration.
      return `WITH RECURSIVE tree AS (
          SELECT id, 0 AS depth FROM actors WHERE represents IS NULL
          UNION ALL SELECT a.id, tree.depth + 1 FROM actors a JOIN tree ON a.represents = tree.id)
        ${select('actors t JOIN tree ON tree.id = t.id', 'tree.depth, t.id')}`;
    case 'api_keys':
      return select('api_keys t', 't.created_at, t.id');
    case 'api_key_audit':
      return select('api_key_audit t', 't.id');
    case 'events':
      return select('events t', 't.position');
    case 'drafts':
      return select('drafts t', 't.seq');
    case 'draft_revisions':
      // In the order of their drafts, each draft's revisions in theirs.
      return select('draft_revisions t JOIN drafts d ON d.id = t.draft_id', 'd.seq, t.revision');
    case 'draft_audit':
      return select('draft_audit t', 't.id');
    default: {
      const never: never = table;
      throw new Error(`unknown table ${String(never)}`);
    }
  }
}

/** A table's stored columns, in their order (generated columns are left out: they are computed again). */
export async function tableColumns(client: pg.ClientBase, table: string): Promise<string[]> {
  const { rows } = await client.query(
    `SELECT attname FROM pg_attribute WHERE attrelid = to_regclass($1) AND attnum > 0 AND NOT attisdropped AND attgenerated = '' ORDER BY attnum`,
    [`public.${table}`],
  );
  return rows.map((r: { attname: string }) => r.attname);
}

/**
 * Backs up the database at `url` into `out`: everything committed before the snapshot, which the
 * first statement of one REPEATABLE READ READ ONLY transaction takes.
 */
export async function backupDatabase(url: string, out: string, options: BackupOptions = {}): Promise<WrittenBackup> {
  const fetchSize = options.fetchSize ?? 2_000;
  const client = new pg.Client({ connectionString: url, application_name: 'diplomacy-backup' });
  await client.connect();
  try {
    // Row texts in UTC with bytea in hex, whatever the server's defaults.
    await client.query("SET TimeZone = 'UTC'");
    await client.query("SET bytea_output = 'hex'");
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    // This first statement takes the snapshot; statement_timestamp() is read before it, so whatever
    // committed before that time is in the snapshot.
    const {
      rows: [first],
    } = await client.query<{ taken_at: string; server_version: string; missing: string[] }>(
      `SELECT to_char(statement_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS taken_at,
              current_setting('server_version') AS server_version,
              array(SELECT t FROM unnest($1::text[]) AS t WHERE to_regclass('public.' || t) IS NULL) AS missing`,
      [BACKUP_TABLES],
    );
    const always = first.missing.filter((table) => TABLE_SINCE[table as BackupTable] === undefined);
    if (always.length > 0) {
      throw new Error(
        `this database is not one of this service, or not migrated: it has no table ${always.join(', ')}`,
      );
    }
    const {
      rows: [head],
    } = await client.query<{ position: string }>('SELECT last_position::text AS position FROM log_head');
    const snapshot: BackupSnapshot = {
      position: head.position,
      takenAt: first.taken_at,
      isolation: 'REPEATABLE READ READ ONLY',
      serverVersion: first.server_version,
    };
    const migrations = (
      await client.query<MigrationRecord>('SELECT version, name, checksum FROM schema_migrations ORDER BY version')
    ).rows;
    // The tables of the schema's migrations: a database not yet migrated to 011 has no drafts, and
    // its backup no sections for them (restore then creates them empty, with the newer migrations).
    const tables = backupTables(BACKUP_VERSION, migrations);
    const absent = tables.filter((table) => first.missing.includes(table));
    if (absent.length > 0) {
      throw new Error(
        `this database has migration ${TABLE_SINCE[absent[0]]} but no table ${absent.join(', ')}: its schema is not this service's`,
      );
    }
    const {
      rows: [{ actors }],
    } = await client.query<{ actors: number }>('SELECT count(*)::int AS actors FROM actors');
    await options.afterSnapshot?.(snapshot);
    const sections: SectionSource[] = [];
    for (const table of tables) {
      const columns = await tableColumns(client, table);
      sections.push({
        table,
        columns,
        batches: readRows(client, table, selectRows(table, columns), fetchSize, options.onProgress),
      });
    }
    // Guards of the snapshot's consistency: a failure is a bug, and leaves no file behind.
    const check = (infos: SectionInfo[]) => {
      const count = (table: BackupTable) => infos.find((s) => s.table === table)?.rows;
      if (count('actors') !== actors)
        throw new Error(
          `read ${count('actors')} of ${actors} actors: an actor's representation chain does not lead to a principal`,
        );
      if (String(count('events')) !== snapshot.position)
        throw new Error(`read ${count('events')} events but the log head is ${snapshot.position}`);
    };
    const written = await writeBackupFile(
      out,
      { createdBy: toolName(), snapshot, migrations, sections, check },
      options.level,
    );
    await client.query('COMMIT');
    return written;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
}

async function* readRows(
  client: pg.Client,
  table: BackupTable,
  select: string,
  fetchSize: number,
  onProgress?: (table: BackupTable, rows: number) => void,
): AsyncGenerator<string[]> {
  const cursor = `backup_${table}`;
  await client.query(`DECLARE ${cursor} NO SCROLL CURSOR FOR ${select}`);
  let total = 0;
  for (;;) {
    const result = await client.query({ text: `FETCH FORWARD ${fetchSize} FROM ${cursor}`, rowMode: 'array' });
    if (result.rows.length === 0) break;
    total += result.rows.length;
    onProgress?.(table, total);
    yield result.rows.map((row: string[]) => row[0]);
  }
  await client.query(`CLOSE ${cursor}`);
}
