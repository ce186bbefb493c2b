/**
 * npm run restore: a verified backup file into a database whose log is empty.
 *
 *  1. The whole file is read and checked (backup-reader.ts) before the database is touched.
 *  2. The target must hold no events, actors, keys or drafts: otherwise it is refused, unchanged.
 *  3. The target's schema is brought to the backup's migrations (not further: a newer migration
 *     of this code must run on the restored rows, as it ran on the source's).
 *  4. Every row is written in one transaction, which holds the source-of-truth tables locked
 *     against other writers: events with their positions, ids and recorded_at as they were
 *     (INSERT is what the append-only trigger allows), actors, keys, the audit trail, the log head,
 *     the migrations' dates, the drafts with their revisions and audit (their triggers refuse
 *     UPDATE, DELETE and TRUNCATE, never INSERT: the target is empty, nothing is cleared); identity
 *     columns are written as they were (OVERRIDING SYSTEM VALUE) and their sequences (the key
 *     audit's id, the drafts' seq, the draft audit's id) continue after the last restored value.
 *     The file is checked again while it is read; any problem rolls everything back. A format
 *     version 1 file, or one of a schema before migration 011, has no draft sections: the drafts'
 *     tables stay empty.
 *  5. The migrations of this code newer than the backup run; the read models are rebuilt from the
 *     restored log (as npm run projections:rebuild).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { MIGRATIONS_DIR } from '../../config/project-paths.js';
import { dataSourceOptions } from '../data-source-options.js';
import { migrate, readMigrations } from '../migrations.js';
import { type RebuildResult, rebuild } from '../../read-models/projector/rebuild.js';
import { PROJECTIONS } from '../../read-models/read-models.js';
import {
  BACKUP_TABLES,
  type BackupHeader,
  BackupFileError,
  type BackupTable,
  type MigrationRecord,
} from './backup-format.js';
import { type VerifiedBackup, knownMigrations, readBackup, verifyBackup } from './backup-reader.js';
import { tableColumns } from './backup-writer.js';

/** The target database cannot take the backup (it is not empty, or its schema is newer than the backup's); nothing was changed. */
export class RestoreRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RestoreRefused';
  }
}

export interface RestoreResult {
  header: BackupHeader;
  /** Rows written, per table. */
  rows: Record<BackupTable, number>;
  /** Migrations applied to bring the target to the backup's schema, then those of this code newer than the backup. */
  migrations: { toBackup: string[]; newer: string[] };
  readModels: RebuildResult[];
  /** Rows written (indexes built); newer migrations and ANALYZE; read models rebuilt. */
  ms: { write: number; migrate: number; rebuild: number };
}

export interface RestoreOptions {
  /** The result of verifyBackup on this file (else it is verified here). */
  verified?: VerifiedBackup;
  /** The folder of this code's migrations (default migrations/). */
  migrationsDir?: string;
  onProgress?: (phase: 'write' | 'rebuild', what: string, done: number, total: number) => void;
}

/** The tables whose rows make a database non-empty (besides the events), as messages name them. */
const DATA_TABLES: Record<string, string> = {
  actors: 'actors',
  api_keys: 'API keys',
  api_key_audit: 'key audit entries',
  drafts: 'drafts',
  draft_revisions: 'draft revisions',
  draft_audit: 'draft audit entries',
};

async function exists(client: pg.ClientBase, table: string): Promise<boolean> {
  const { rows } = await client.query<{ present: boolean }>('SELECT to_regclass($1) IS NOT NULL AS present', [
    `public.${table}`,
  ]);
  return rows[0].present;
}

/** The tables of `tables` that the target has (those of later migrations may not be there yet). */
async function present(client: pg.ClientBase, tables: readonly string[]): Promise<string[]> {
  const { rows } = await client.query<{ t: string }>(
    `SELECT t FROM unnest($1::text[]) WITH ORDINALITY AS u(t, i) WHERE to_regclass('public.' || t) IS NOT NULL ORDER BY i`,
    [tables],
  );
  return rows.map((r) => r.t);
}

/** Refuses a target that holds data, or whose applied migrations go beyond the backup's. */
async function refuseUnlessEmpty(client: pg.ClientBase, header: BackupHeader): Promise<void> {
  const held: string[] = [];
  if (await exists(client, 'log_head')) {
    const { rows } = await client.query<{ head: string; any: boolean }>(
      'SELECT last_position::text AS head, EXISTS (SELECT 1 FROM events) AS any FROM log_head',
    );
    if (rows[0].any || rows[0].head !== '0') held.push(`events up to position ${rows[0].head}`);
  }
  for (const table of await present(client, Object.keys(DATA_TABLES))) {
    const { rows } = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
    if (rows[0].n > 0) held.push(`${rows[0].n} ${DATA_TABLES[table]}`);
  }
  if (held.length > 0) {
    throw new RestoreRefused(
      `the target database is not empty: it holds ${held.join(', ')}. A backup is restored only into a database with an empty log and no actors, keys or drafts: ` +
        'create a new database (or use a new DATA_DIR) and restore there, before the server first starts on it. Nothing was changed.',
    );
  }
  if (await exists(client, 'schema_migrations')) {
    const { rows } = await client.query('SELECT name FROM schema_migrations ORDER BY version');
    const backup = new Set(header.migrations.map((m) => m.name));
    const newer = rows.map((r: { name: string }) => r.name).filter((name: string) => !backup.has(name));
    if (newer.length > 0) {
      throw new RestoreRefused(
        `the target database has migrations the backup predates (${newer.join(', ')}): the backup's rows must be written before those run. ` +
          'Restore into a new database (or a new DATA_DIR). Nothing was changed.',
      );
    }
  }
}

/** Applies this code's migrations up to the backup's last one (checked to be this code's first ones). */
async function migrateToBackup(url: string, header: BackupHeader, migrationsDir: string): Promise<string[]> {
  const wanted = new Set(header.migrations.map((m) => m.name));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'diplomacy-restore-migrations-'));
  try {
    for (const migration of readMigrations(migrationsDir))
      if (wanted.has(migration.name)) fs.writeFileSync(path.join(dir, migration.name), migration.sql);
    return await migrate(url, dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

function statementFor(table: BackupTable, columns: string[]): string {
  const source = `json_populate_recordset(NULL::${table}, $1::json) f`;
  switch (table) {
    case 'schema_migrations':
      // The target's migrations are the backup's (checked): they keep the dates they had on the source.
      return `UPDATE schema_migrations s SET applied_at = f.applied_at FROM ${source} WHERE s.version = f.version AND s.name = f.name AND s.checksum = f.checksum`;
    case 'log_head':
      return `UPDATE log_head SET last_position = f.last_position FROM ${source}`;
    default: {
      const list = columns.map(quote).join(', ');
      return `INSERT INTO ${table} (${list}) OVERRIDING SYSTEM VALUE SELECT ${columns.map((c) => `f.${quote(c)}`).join(', ')} FROM ${source}`;
    }
  }
}

async function writeRows(
  client: pg.ClientBase,
  file: string,
  header: BackupHeader,
  known: MigrationRecord[],
  onProgress: RestoreOptions['onProgress'],
): Promise<Record<BackupTable, number>> {
  const rows = Object.fromEntries(BACKUP_TABLES.map((t) => [t, 0])) as Record<BackupTable, number>;
  await client.query('BEGIN');
  try {
    // Other writers (a server already running on this database) wait until the restore commits:
    // every table of a backup that the target has (the drafts' too when the file holds none).
    const tables = await present(client, BACKUP_TABLES);
    await client.query(`LOCK TABLE ${tables.join(', ')} IN EXCLUSIVE MODE`);
    await refuseUnlessEmpty(client, header);
    for (const section of header.sections) {
      const columns = await tableColumns(client, section.table);
      if (columns.join() !== section.columns.join()) {
        throw new Error(
          `table ${section.table} has columns (${columns.join(', ')}), the backup (${section.columns.join(', ')}), though the migrations are the same`,
        );
      }
    }
    const statements = new Map(header.sections.map((s) => [s.table, statementFor(s.table, s.columns)]));
    // A bulk load, as pg_restore does it: the events' secondary indexes are built once the rows are
    // in, not row by row (about a third faster at 100k events); inside the transaction, so a failure
    // leaves them as they were. The indexes of constraints (keys, unique) stay and check every row.
    const { rows: indexes } = await client.query<{ name: string; definition: string }>(
      `SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS definition FROM pg_index i
        WHERE i.indrelid = 'public.events'::regclass AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
        ORDER BY 1`,
    );
    for (const index of indexes) await client.query(`DROP INDEX ${index.name}`);
    for await (const item of readBackup(file, { known })) {
      if (item.kind !== 'rows') continue;
      const { table } = item.section;
      const result = await client.query(statements.get(table) as string, [`[${item.lines.join(',')}]`]);
      if (result.rowCount !== item.lines.length) {
        throw new Error(
          `section ${table}: ${result.rowCount} rows written of ${item.lines.length}${table === 'schema_migrations' ? ' (the target has other migrations than the backup)' : ''}`,
        );
      }
      rows[table] += item.lines.length;
      onProgress?.('write', table, rows[table], item.section.rows);
    }
    await client.query("SET LOCAL maintenance_work_mem = '128MB'");
    for (const [i, index] of indexes.entries()) {
      onProgress?.('write', `index ${index.name}`, i, indexes.length);
      await client.query(index.definition);
    }
    // The identity columns (the key audit's id, the drafts' seq, the draft audit's id, any other
    // identity or serial column) continue after the restored rows; at their start when there are none.
    for (const table of tables) {
      const { rows: serials } = await client.query<{ attname: string; sequence: string }>(
        `SELECT attname, pg_get_serial_sequence($1, attname) AS sequence FROM pg_attribute
          WHERE attrelid = to_regclass($1) AND attnum > 0 AND NOT attisdropped AND pg_get_serial_sequence($1, attname) IS NOT NULL`,
        [`public.${table}`],
      );
      for (const { attname, sequence } of serials) {
        await client.query(
          `SELECT setval($1, coalesce(max(${quote(attname)}), 1), max(${quote(attname)}) IS NOT NULL) FROM ${table}`,
          [sequence],
        );
      }
    }
    const { rows: check } = await client.query<{ head: string; events: string }>(
      'SELECT last_position::text AS head, (SELECT count(*) FROM events)::text AS events FROM log_head',
    );
    if (check[0].head !== header.snapshot.position || check[0].events !== header.snapshot.position) {
      throw new Error(
        `after writing, the log head is ${check[0].head} with ${check[0].events} events; the backup's position is ${header.snapshot.position}`,
      );
    }
    await client.query('COMMIT');
    return rows;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    if (error instanceof BackupFileError || error instanceof RestoreRefused) throw error;
    throw new Error(
      `writing the rows failed, and was rolled back (nothing was written): ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

/** Restores a backup file into the (empty) database at `url`; see the top of this file. */
export async function restoreBackup(url: string, file: string, options: RestoreOptions = {}): Promise<RestoreResult> {
  const migrationsDir = options.migrationsDir ?? MIGRATIONS_DIR;
  const known = knownMigrations(migrationsDir);
  const { header } = options.verified ?? (await verifyBackup(file, { known }));
  const client = new pg.Client({ connectionString: url, application_name: 'diplomacy-restore' });
  await client.connect();
  let toBackup: string[];
  let rows: Record<BackupTable, number>;
  const started = performance.now();
  let wrote: number;
  try {
    await refuseUnlessEmpty(client, header);
    toBackup = await migrateToBackup(url, header, migrationsDir);
    rows = await writeRows(client, file, header, known, options.onProgress);
    wrote = performance.now();
  } finally {
    await client.end();
  }
  // The rows are in: what follows can be done again by hand if it fails.
  const then = (step: string, next: string) => (error: unknown) => {
    throw new Error(
      `the rows are restored (log position ${header.snapshot.position}), but ${step} failed: ${error instanceof Error ? error.message : String(error)}. Finish with ${next}`,
    );
  };
  const newer = await migrate(url, migrationsDir).catch(
    then('applying the newer migrations', 'npm run migrate, then npm run projections:rebuild'),
  );
  // Fresh statistics for the planner, as after a large import.
  const analyze = new pg.Client({ connectionString: url, application_name: 'diplomacy-restore' });
  await analyze.connect();
  try {
    await analyze.query(`ANALYZE ${header.sections.map((s) => s.table).join(', ')}`);
  } finally {
    await analyze.end();
  }
  const migrated = performance.now();
  const readModels: RebuildResult[] = [];
  const db = new DataSource(dataSourceOptions(url, 2));
  await db.initialize();
  try {
    for (const projection of PROJECTIONS) {
      readModels.push(
        await rebuild(db, projection, (done, total) =>
          options.onProgress?.('rebuild', projection.name, done, total),
        ).catch(then(`rebuilding the read model ${projection.name}`, 'npm run projections:rebuild')),
      );
    }
  } finally {
    await db.destroy();
  }
  return {
    header,
    rows,
    migrations: { toBackup, newer },
    readModels,
    ms: {
      write: Math.round(wrote - started),
      migrate: Math.round(migrated - wrote),
      rebuild: Math.round(performance.now() - migrated),
    },
  };
}
