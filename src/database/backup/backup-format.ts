/**
 * The backup file (pure: no database, no files): what `npm run backup` writes and `npm run restore`
 * reads, and every check a file must pass before anything of it is written.
 *
 * A backup is one gzip file of NDJSON lines (in three gzip members, which gunzip and zcat read as
 * one stream):
 *
 *   line 1         the header: format name and version, the snapshot (its log position, when it was
 *                  taken), the recovery point in words, the migrations applied to the source, and
 *                  per section its table, columns, row count and SHA-256
 *   then per table {"section": "<table>"}, then its rows (as many as the header says), one JSON object a line
 *                  (PostgreSQL's own to_json of the row: exact timestamps, jsonb as stored, bytea as hex)
 *   last line      {"end": "<format>", "headerSha256": …, "sections": <count>}: a file without it is truncated
 *
 * A section's SHA-256 is over its row lines, each with its "\n", as the bytes in the file.
 * Only the source of truth is in a backup (BACKUP_TABLES); the read models are rebuilt from the
 * events on restore.
 *
 * Format versions: 1 has the first six sections (no drafts). 2 adds drafts, draft_revisions and
 * draft_audit after the events, when the backup's schema has them (migration 011_verification.sql
 * applied); a backup of an older schema has the six sections only. This code reads both.
 */
import crypto from 'node:crypto';

export const BACKUP_FORMAT = 'diplomacy-timeline-backup';
export const BACKUP_VERSION = 2;

/** The tables of a backup, in the order they are written and restored (a row's parents first). */
export const BACKUP_TABLES = [
  'schema_migrations',
  'log_head',
  'actors',
  'api_keys',
  'api_key_audit',
  'events',
  'drafts',
  'draft_revisions',
  'draft_audit',
] as const;
export type BackupTable = (typeof BACKUP_TABLES)[number];

/** The tables of format version 1. */
const VERSION_1_TABLES: readonly BackupTable[] = BACKUP_TABLES.slice(0, 6);

/** The migration that creates each table that not every schema has: a backup of an older schema has no section for it. */
export const TABLE_SINCE: Partial<Record<BackupTable, string>> = {
  drafts: '011_verification.sql',
  draft_revisions: '011_verification.sql',
  draft_audit: '011_verification.sql',
};

/** The sections of a file of format `version` whose schema has `migrations`, in their order. */
export function backupTables(version: number, migrations: ReadonlyArray<{ name: string }>): BackupTable[] {
  const applied = new Set(migrations.map((m) => m.name));
  return (version === 1 ? VERSION_1_TABLES : BACKUP_TABLES).filter((table) => {
    const since = TABLE_SINCE[table];
    return since === undefined || applied.has(since);
  });
}

/**
 * The tables the backup's schema had that its file does not hold: the drafts of a format version 1
 * file taken after migration 011 (that format did not keep them). Empty for a version 2 file.
 */
export function tablesNotKept(header: Pick<BackupHeader, 'version' | 'migrations' | 'sections'>): BackupTable[] {
  const held = new Set(header.sections.map((s) => s.table));
  return backupTables(BACKUP_VERSION, header.migrations).filter((table) => !held.has(table));
}

/** The read-model tables, which a backup leaves out. */
export const READ_MODELS_NOTE =
  'not included: the read models (rm_* tables, projection checkpoints) are rebuilt from the events on restore';

export interface MigrationRecord {
  version: string;
  name: string;
  checksum: string;
}

export interface SectionInfo {
  table: BackupTable;
  columns: string[];
  rows: number;
  sha256: string;
}

export interface BackupSnapshot {
  /** The log head in the snapshot: the backup holds events 1..position. */
  position: string;
  /** When the snapshot's statement started (ISO 8601, UTC): everything committed before it is in the backup. */
  takenAt: string;
  isolation: string;
  serverVersion: string;
}

export interface BackupHeader {
  format: typeof BACKUP_FORMAT;
  version: number;
  createdBy: string;
  snapshot: BackupSnapshot;
  recoveryPoint: string;
  readModels: string;
  migrations: MigrationRecord[];
  sections: SectionInfo[];
}

export interface SectionStart {
  section: BackupTable;
}

export interface BackupEnd {
  end: typeof BACKUP_FORMAT;
  headerSha256: string;
  sections: number;
}

/** A file refused: not a backup, damaged, truncated, or one this code cannot restore. */
export class BackupFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BackupFileError';
  }
}

export function sha256Hex(bytes: Uint8Array | string): string {
  return crypto.createHash('sha256').update(bytes).digest('hex');
}

/** A size for people: `1.42 MiB (1,489,203 bytes)`. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(value < 10 ? 2 : 1)} ${units[unit]} (${bytes.toLocaleString('en-US')} bytes)`;
}

/** What a backup holds, in words: in its header and in what backup and restore print. */
export function recoveryPointText(position: string, takenAt: string, drafts = false): string {
  return (
    `everything committed before ${takenAt}: the events at positions 1..${position} (exactly those: the log head in the snapshot), ` +
    `and the actors, API keys${drafts ? ', key audit entries, drafts, their revisions and their audit' : ' and key audit entries'} of the same snapshot; ` +
    'events appended later are not in this backup'
  );
}

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;
const HEX64 = /^[0-9a-f]{64}$/;
const POSITION = /^(0|[1-9]\d{0,18})$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const DRAFT_STATUSES = new Set(['PENDING', 'APPROVED', 'REJECTED', 'WITHDRAWN']);

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new BackupFileError(`${what} is not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
}

function need(condition: unknown, message: string): asserts condition {
  if (!condition) throw new BackupFileError(message);
}

/** The first line of a file, checked in full: a foreign or newer file is named as such. */
export function parseHeader(text: string): BackupHeader {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new BackupFileError(
      `not a backup written by npm run backup: its first line is not a ${BACKUP_FORMAT} header`,
    );
  }
  need(
    isObject(value) && value.format === BACKUP_FORMAT,
    `not a backup written by npm run backup: its first line is not a ${BACKUP_FORMAT} header`,
  );
  const h = value;
  need(Number.isInteger(h.version) && (h.version as number) >= 1, 'header: version must be a positive integer');
  if ((h.version as number) > BACKUP_VERSION) {
    throw new BackupFileError(
      `written in format version ${h.version as number} by a newer version of the service; this one reads version ${BACKUP_VERSION}`,
    );
  }
  need(typeof h.createdBy === 'string', 'header: createdBy is missing');
  need(
    typeof h.recoveryPoint === 'string' && typeof h.readModels === 'string',
    'header: recoveryPoint or readModels is missing',
  );
  const s = h.snapshot;
  need(isObject(s), 'header: snapshot is missing');
  need(
    typeof s.position === 'string' && POSITION.test(s.position),
    'header: snapshot.position must be a log position (a decimal string)',
  );
  need(
    typeof s.takenAt === 'string' && !Number.isNaN(Date.parse(s.takenAt)),
    'header: snapshot.takenAt must be a date-time',
  );
  need(
    typeof s.isolation === 'string' && typeof s.serverVersion === 'string',
    'header: snapshot.isolation or snapshot.serverVersion is missing',
  );
  need(Array.isArray(h.migrations), 'header: migrations must be a list');
  (h.migrations as unknown[]).forEach((m, i) => {
    need(
      isObject(m) && typeof m.version === 'string' && typeof m.name === 'string' && typeof m.checksum === 'string',
      `header: migrations[${i}] must have version, name and checksum`,
    );
  });
  need(Array.isArray(h.sections), 'header: sections must be a list');
  const sections = h.sections as unknown[];
  const tables = backupTables(h.version as number, h.migrations as MigrationRecord[]);
  need(
    sections.length === tables.length && sections.every((x, i) => isObject(x) && x.table === tables[i]),
    `header: sections must be ${tables.join(', ')}, in this order, in format version ${h.version as number}${
      (h.version as number) > 1 && !tables.includes('drafts') ? ` of a schema before ${TABLE_SINCE.drafts}` : ''
    } (found ${sections.map((x) => (isObject(x) ? String(x.table) : '?')).join(', ')})`,
  );
  for (const section of sections as Array<Record<string, unknown>>) {
    const at = `header: section ${String(section.table)}`;
    need(
      Array.isArray(section.columns) &&
        section.columns.length > 0 &&
        section.columns.every((c) => typeof c === 'string' && IDENTIFIER.test(c)),
      `${at}: columns must be a list of column names`,
    );
    need(
      new Set(section.columns as string[]).size === (section.columns as string[]).length,
      `${at}: a column is listed twice`,
    );
    need(Number.isSafeInteger(section.rows) && (section.rows as number) >= 0, `${at}: rows must be a count`);
    need(
      typeof section.sha256 === 'string' && HEX64.test(section.sha256),
      `${at}: sha256 must be 64 hexadecimal digits`,
    );
  }
  const header = h as unknown as BackupHeader;
  const rows = (table: BackupTable) => header.sections.find((x) => x.table === table)?.rows;
  need(rows('log_head') === 1, `header: section log_head must have 1 row (it has ${rows('log_head')})`);
  need(
    String(rows('events')) === header.snapshot.position,
    `header: section events has ${rows('events')} rows but the snapshot's log position is ${header.snapshot.position}: a backup holds every event up to its position`,
  );
  need(
    rows('schema_migrations') === header.migrations.length,
    `header: section schema_migrations has ${rows('schema_migrations')} rows but ${header.migrations.length} migrations are listed`,
  );
  return header;
}

export function parseSectionStart(text: string, expected: SectionInfo, line: number): SectionStart {
  const value = parseJson(text, `line ${line} (the start of section ${expected.table})`);
  need(
    isObject(value) && typeof value.section === 'string',
    `line ${line}: expected the start of section ${expected.table}, found a line that is not a section start`,
  );
  need(
    value.section === expected.table,
    `line ${line}: expected section ${expected.table}, found section ${value.section}`,
  );
  return value as unknown as SectionStart;
}

export function parseEnd(text: string, headerSha256: string, line: number, sections: number): BackupEnd {
  const value = parseJson(text, `line ${line} (the end line)`);
  need(
    isObject(value) && value.end === BACKUP_FORMAT,
    `line ${line}: expected the end line, found more rows or another line: the counts of the header do not match the file`,
  );
  need(
    value.headerSha256 === headerSha256,
    `line ${line}: the end line's headerSha256 does not match the header: the header was changed or belongs to another file`,
  );
  need(
    value.sections === sections,
    `line ${line}: the end line counts ${String(value.sections)} sections, not ${sections}`,
  );
  return value as unknown as BackupEnd;
}

/**
 * The backup's migrations must be this code's first migrations, name for name and checksum for
 * checksum: restore brings the database to the backup's schema, writes the rows, then applies the
 * newer migrations of this code.
 */
export function checkMigrations(backup: MigrationRecord[], known: MigrationRecord[]): void {
  backup.forEach((m, i) => {
    const mine = known[i];
    if (!mine || mine.version !== m.version || mine.name !== m.name) {
      const byName = known.find((k) => k.name === m.name);
      throw new BackupFileError(
        byName
          ? `migration ${m.name} is out of order in the backup`
          : `the backup's schema has migration ${m.name}, which this version of the service does not know: it was taken by a newer version; restore it with that version (or a later one)`,
      );
    }
    if (mine.checksum !== m.checksum) {
      throw new BackupFileError(
        `migration ${m.name} of the backup differs from this code's (checksum ${m.checksum.slice(0, 12)}…, here ${mine.checksum.slice(0, 12)}…)`,
      );
    }
  });
}

/** Ids of the rows of earlier sections that rows of later ones name, gathered as a file is read. */
export interface ParentIds {
  /** The API keys, for their audit. */
  keys: Set<string>;
  /** The drafts, for their revisions and audit. */
  drafts: Set<string>;
}

export function parentIds(): ParentIds {
  return { keys: new Set(), drafts: new Set() };
}

/**
 * Checks the rows of one section as they are read: each a JSON object with exactly the header's
 * columns, and what the restore relies on (positions 1..n in order, the log head, parents before
 * their children, unique ids, the migrations of the header).
 */
export class SectionChecker {
  private count = 0;
  private previous = 0;
  private readonly seen = new Set<string>();

  constructor(
    readonly section: SectionInfo,
    private readonly header: BackupHeader,
    /** Shared by the sections of one file: filled by the parents' sections, read by their children's. */
    private readonly parents: ParentIds,
  ) {}

  /** Checks one row line; returns the parsed row. */
  check(text: string, line: number): Record<string, unknown> {
    const { table, columns } = this.section;
    const at = `line ${line} (section ${table}, row ${this.count + 1})`;
    const row = parseJson(text, at);
    need(isObject(row), `${at}: a row must be a JSON object`);
    const keys = Object.keys(row);
    need(
      keys.length === columns.length && keys.every((k, i) => k === columns[i]),
      `${at}: the row's columns (${keys.join(', ')}) are not the header's (${columns.join(', ')})`,
    );
    this.count++;
    switch (table) {
      case 'schema_migrations': {
        const m = this.header.migrations[this.count - 1];
        need(
          m && row.version === m.version && row.name === m.name && row.checksum === m.checksum,
          `${at}: migration ${String(row.name)} is not the header's migration ${this.count}`,
        );
        break;
      }
      case 'log_head':
        need(
          String(row.last_position) === this.header.snapshot.position,
          `${at}: the log head is ${String(row.last_position)}, the header's position ${this.header.snapshot.position}`,
        );
        break;
      case 'actors':
        need(typeof row.id === 'string', `${at}: id must be a string`);
        need(
          row.represents === null || this.seen.has(row.represents as string),
          `${at}: actor "${row.id}" represents "${String(row.represents)}", which comes later or not at all`,
        );
        this.seen.add(row.id);
        break;
      case 'api_keys':
        need(typeof row.id === 'string', `${at}: id must be a string`);
        this.parents.keys.add(row.id);
        break;
      case 'api_key_audit':
        need(
          this.parents.keys.has(row.key_id as string),
          `${at}: names key ${String(row.key_id)}, which is not in the backup`,
        );
        break;
      case 'events': {
        const position = row.position;
        need(Number.isSafeInteger(position), `${at}: position must be an integer`);
        need(
          position === this.previous + 1,
          `${at}: position ${String(position)} follows ${this.previous}: a backup holds positions 1..n in order`,
        );
        this.previous = position;
        break;
      }
      case 'drafts': {
        need(typeof row.id === 'string' && UUID.test(row.id), `${at}: id must be a draft id (a UUID string)`);
        need(!this.parents.drafts.has(row.id), `${at}: draft ${row.id} is in the backup twice`);
        this.increasing(row.seq, 'seq', at);
        need(
          typeof row.status === 'string' && DRAFT_STATUSES.has(row.status),
          `${at}: status must be one of ${[...DRAFT_STATUSES].join(', ')} (found ${String(row.status)})`,
        );
        if (row.status === 'APPROVED') {
          // The approval appended the draft's events in its own transaction: they are in the snapshot.
          const last = isObject(row.appended) ? row.appended.lastPosition : undefined;
          need(
            typeof last === 'string' && POSITION.test(last),
            `${at}: approved draft ${row.id} does not say where it was appended (appended.lastPosition)`,
          );
          need(
            BigInt(last) <= BigInt(this.header.snapshot.position),
            `${at}: approved draft ${row.id} was appended up to position ${last}, after the backup's position ${this.header.snapshot.position}`,
          );
        }
        this.parents.drafts.add(row.id);
        break;
      }
      case 'draft_revisions':
        need(
          this.parents.drafts.has(row.draft_id as string),
          `${at}: names draft ${String(row.draft_id)}, which is not in the backup`,
        );
        need(
          Number.isSafeInteger(row.revision) && (row.revision as number) >= 1,
          `${at}: revision must be a positive integer`,
        );
        break;
      case 'draft_audit':
        need(
          this.parents.drafts.has(row.draft_id as string),
          `${at}: names draft ${String(row.draft_id)}, which is not in the backup`,
        );
        this.increasing(row.id, 'id', at);
        break;
      default: {
        const never: never = table;
        throw new BackupFileError(`unknown section ${String(never)}`);
      }
    }
    return row;
  }

  /** An identity column, written in its order: positive integers, each above the one before (so unique). */
  private increasing(value: unknown, column: string, at: string): void {
    need(Number.isSafeInteger(value) && (value as number) >= 1, `${at}: ${column} must be a positive integer`);
    need(
      (value as number) > this.previous,
      `${at}: ${column} ${String(value)} follows ${this.previous}: a backup holds the rows in the order of their ${column}, each once`,
    );
    this.previous = value as number;
  }

  get rows(): number {
    return this.count;
  }
}
