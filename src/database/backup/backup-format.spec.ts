import {
  BACKUP_FORMAT,
  BACKUP_TABLES,
  BACKUP_VERSION,
  type BackupHeader,
  BackupFileError,
  SectionChecker,
  backupTables,
  checkMigrations,
  formatBytes,
  parentIds,
  parseEnd,
  parseHeader,
  parseSectionStart,
  recoveryPointText,
  sha256Hex,
  tablesNotKept,
} from './backup-format.js';

const MIGRATIONS = [
  { version: '001', name: '001_event_store.sql', checksum: 'a'.repeat(64) },
  { version: '002', name: '002_api_keys.sql', checksum: 'b'.repeat(64) },
];
/** A schema with the drafts' tables. */
const WITH_DRAFTS = [...MIGRATIONS, { version: '011', name: '011_verification.sql', checksum: 'c'.repeat(64) }];
const V1_TABLES = BACKUP_TABLES.slice(0, 6);

const COLUMNS: Record<string, string[]> = {
  schema_migrations: ['version', 'name', 'checksum', 'applied_at'],
  log_head: ['singleton', 'last_position'],
  actors: ['id', 'name', 'kind', 'represents', 'registered_at'],
  api_keys: ['id', 'name'],
  api_key_audit: ['id', 'key_id'],
  events: ['position', 'id'],
  drafts: ['seq', 'id', 'status', 'appended'],
  draft_revisions: ['draft_id', 'revision'],
  draft_audit: ['id', 'draft_id', 'action'],
};

function header(overrides: Record<string, unknown> = {}, rows: Record<string, number> = {}): Record<string, any> {
  const migrations = (overrides.migrations as typeof MIGRATIONS | undefined) ?? MIGRATIONS;
  const counts: Record<string, number> = {
    schema_migrations: migrations.length,
    log_head: 1,
    actors: 2,
    api_keys: 1,
    api_key_audit: 1,
    events: 3,
    drafts: 2,
    draft_revisions: 3,
    draft_audit: 3,
    ...rows,
  };
  const version = (overrides.version as number | undefined) ?? BACKUP_VERSION;
  return {
    format: BACKUP_FORMAT,
    version,
    createdBy: 'test',
    snapshot: {
      position: '3',
      takenAt: '2026-01-01T00:00:00.000000Z',
      isolation: 'REPEATABLE READ READ ONLY',
      serverVersion: '18.4',
    },
    recoveryPoint: recoveryPointText('3', '2026-01-01T00:00:00.000000Z'),
    readModels: 'not included',
    migrations,
    sections: (Number.isInteger(version) ? backupTables(version, migrations) : V1_TABLES).map((table) => ({
      table,
      columns: COLUMNS[table],
      rows: counts[table],
      sha256: '0'.repeat(64),
    })),
    ...overrides,
  };
}

const parse = (value: unknown) => parseHeader(JSON.stringify(value));

describe('parseHeader', () => {
  it('accepts a well-formed header', () => {
    const h = parse(header());
    expect(h.snapshot.position).toBe('3');
    expect(h.version).toBe(2);
    // A schema before migration 011 has no drafts: the six sections of version 1.
    expect(h.sections.map((s) => s.table)).toEqual(V1_TABLES);
    expect(tablesNotKept(h)).toEqual([]);
  });

  it('format version 2 of a schema with drafts: nine sections, the drafts after the events, parents first', () => {
    const h = parse(header({ migrations: WITH_DRAFTS }));
    expect(h.sections.map((s) => s.table)).toEqual([
      'schema_migrations',
      'log_head',
      'actors',
      'api_keys',
      'api_key_audit',
      'events',
      'drafts',
      'draft_revisions',
      'draft_audit',
    ]);
    expect(tablesNotKept(h)).toEqual([]);
    // Without the draft sections, or with them before migration 011, it is refused.
    const six = header({ migrations: WITH_DRAFTS, version: 1 }).sections;
    expect(() => parse(header({ migrations: WITH_DRAFTS, sections: six }))).toThrow(
      /sections must be schema_migrations, log_head, actors, api_keys, api_key_audit, events, drafts, draft_revisions, draft_audit, in this order, in format version 2 \(found schema_migrations, .*, events\)/,
    );
    const nine = header({ migrations: WITH_DRAFTS }).sections;
    expect(() => parse(header({ sections: nine }))).toThrow(
      /sections must be .*, events, in this order, in format version 2 of a schema before 011_verification.sql \(found .*, draft_audit\)/,
    );
    const swapped = [...nine];
    [swapped[7], swapped[8]] = [swapped[8], swapped[7]];
    expect(() => parse(header({ migrations: WITH_DRAFTS, sections: swapped }))).toThrow(/in this order/);
  });

  it('still reads format version 1: six sections, whatever the migrations (its drafts were not kept)', () => {
    const before = parse(header({ version: 1 }));
    expect(before.sections.map((s) => s.table)).toEqual(V1_TABLES);
    expect(tablesNotKept(before)).toEqual([]);
    const after = parse(header({ version: 1, migrations: WITH_DRAFTS }));
    expect(after.version).toBe(1);
    expect(after.sections.map((s) => s.table)).toEqual(V1_TABLES);
    expect(tablesNotKept(after)).toEqual(['drafts', 'draft_revisions', 'draft_audit']);
    // Version 1 never had draft sections.
    const nine = header({ migrations: WITH_DRAFTS }).sections;
    expect(() => parse(header({ version: 1, migrations: WITH_DRAFTS, sections: nine }))).toThrow(
      /sections must be .*, events, in this order, in format version 1 \(found/,
    );
  });

  it('names a foreign file as such', () => {
    expect(() => parseHeader('not json at all')).toThrow(/not a backup written by npm run backup/);
    expect(() => parseHeader('{"position":"1","id":"x","type":"CALL_HELD"}')).toThrow(
      /not a backup written by npm run backup/,
    );
    expect(() => parse({ ...header(), format: 'pg_dump' })).toThrow(BackupFileError);
  });

  it('refuses a file of a newer format version, saying so', () => {
    expect(() => parse(header({ version: 3 }))).toThrow(
      /format version 3 by a newer version of the service; this one reads version 2/,
    );
    expect(() => parse(header({ version: 0 }))).toThrow(/version must be a positive integer/);
  });

  it('refuses missing or malformed fields, naming them', () => {
    expect(() => parse(header({ snapshot: { ...header().snapshot, position: 3 } }))).toThrow(/snapshot.position/);
    expect(() => parse(header({ snapshot: { ...header().snapshot, takenAt: 'yesterday' } }))).toThrow(
      /snapshot.takenAt/,
    );
    expect(() => parse(header({ migrations: [{ version: '001' }] }))).toThrow(/migrations\[0\]/);
    const sections = header().sections;
    expect(() => parse(header({ sections: [...sections].reverse() }))).toThrow(
      /sections must be schema_migrations, log_head, actors, api_keys, api_key_audit, events, in this order/,
    );
    expect(() => parse(header({ sections: sections.slice(1) }))).toThrow(/sections must be/);
    sections[5] = { ...sections[5], sha256: 'xyz' };
    expect(() => parse(header({ sections }))).toThrow(/section events: sha256 must be 64 hexadecimal digits/);
    const badColumns = header().sections;
    badColumns[2] = { ...badColumns[2], columns: ['id', 'id'] };
    expect(() => parse(header({ sections: badColumns }))).toThrow(/section actors: a column is listed twice/);
    badColumns[2] = { ...badColumns[2], columns: ['id; DROP TABLE events'] };
    expect(() => parse(header({ sections: badColumns }))).toThrow(
      /section actors: columns must be a list of column names/,
    );
  });

  it('refuses counts that contradict the snapshot', () => {
    expect(() => parse(header({}, { events: 2 }))).toThrow(
      /section events has 2 rows but the snapshot's log position is 3/,
    );
    expect(() => parse(header({}, { log_head: 0 }))).toThrow(/log_head must have 1 row/);
    expect(() => parse(header({}, { schema_migrations: 1 }))).toThrow(
      /schema_migrations has 1 rows but 2 migrations are listed/,
    );
  });
});

describe('section start and end lines', () => {
  const h = parse(header());
  it('checks the section named', () => {
    expect(parseSectionStart('{"section":"actors"}', h.sections[2], 9)).toEqual({ section: 'actors' });
    expect(() => parseSectionStart('{"section":"events"}', h.sections[2], 9)).toThrow(
      /line 9: expected section actors, found section events/,
    );
    expect(() => parseSectionStart('{"section"', h.sections[2], 9)).toThrow(
      /line 9 \(the start of section actors\) is not JSON/,
    );
  });

  it('ties the end line to the header, and to its count of sections', () => {
    const digest = sha256Hex('the header');
    expect(
      parseEnd(JSON.stringify({ end: BACKUP_FORMAT, headerSha256: digest, sections: 6 }), digest, 40, 6).sections,
    ).toBe(6);
    expect(
      parseEnd(JSON.stringify({ end: BACKUP_FORMAT, headerSha256: digest, sections: 9 }), digest, 40, 9).sections,
    ).toBe(9);
    expect(() =>
      parseEnd(JSON.stringify({ end: BACKUP_FORMAT, headerSha256: digest, sections: 6 }), digest, 40, 9),
    ).toThrow(/line 40: the end line counts 6 sections, not 9/);
    expect(() =>
      parseEnd(JSON.stringify({ end: BACKUP_FORMAT, headerSha256: sha256Hex('another'), sections: 6 }), digest, 40, 6),
    ).toThrow(/headerSha256 does not match the header/);
    expect(() => parseEnd('{"position":4,"id":"x"}', digest, 40, 6)).toThrow(/expected the end line, found more rows/);
  });
});

describe('checkMigrations', () => {
  it('accepts the same migrations, or a prefix of this code’s', () => {
    expect(() => checkMigrations(MIGRATIONS, MIGRATIONS)).not.toThrow();
    expect(() => checkMigrations(MIGRATIONS.slice(0, 1), MIGRATIONS)).not.toThrow();
    expect(() => checkMigrations([], MIGRATIONS)).not.toThrow();
  });

  it('refuses a migration this code does not know: the backup comes from a newer version', () => {
    const newer = [...MIGRATIONS, { version: '003', name: '003_future.sql', checksum: 'c'.repeat(64) }];
    expect(() => checkMigrations(newer, MIGRATIONS)).toThrow(
      /migration 003_future.sql, which this version of the service does not know/,
    );
  });

  it('refuses a migration whose content differs from this code’s', () => {
    expect(() => checkMigrations([MIGRATIONS[0], { ...MIGRATIONS[1], checksum: 'd'.repeat(64) }], MIGRATIONS)).toThrow(
      /migration 002_api_keys.sql of the backup differs from this code's/,
    );
  });

  it('refuses migrations out of order', () => {
    expect(() => checkMigrations([MIGRATIONS[1]], MIGRATIONS)).toThrow(/out of order/);
  });
});

describe('SectionChecker', () => {
  const h: BackupHeader = parse(header({ migrations: WITH_DRAFTS }));
  const checker = (table: string, parents = parentIds()) =>
    new SectionChecker(
      h.sections.find((s) => s.table === table)!,
      h,
      parents,
    );
  const line = (value: unknown) => JSON.stringify(value);

  it('wants exactly the header’s columns, in order', () => {
    expect(() => checker('events').check(line({ id: 'x', position: 1 }), 30)).toThrow(
      /line 30 \(section events, row 1\): the row's columns \(id, position\) are not the header's \(position, id\)/,
    );
    expect(() => checker('events').check(line({ position: 1 }), 30)).toThrow(/are not the header's/);
    expect(() => checker('events').check('[1,"x"]', 30)).toThrow(/a row must be a JSON object/);
    expect(() => checker('events').check('{"position":1,', 30)).toThrow(
      /line 30 \(section events, row 1\) is not JSON/,
    );
  });

  it('wants positions 1..n in order', () => {
    const c = checker('events');
    c.check(line({ position: 1, id: 'a' }), 10);
    expect(() => c.check(line({ position: 3, id: 'c' }), 11)).toThrow(
      /position 3 follows 1: a backup holds positions 1..n in order/,
    );
    expect(() => checker('events').check(line({ position: '1', id: 'a' }), 10)).toThrow(/position must be an integer/);
  });

  it('wants the log head at the header’s position', () => {
    expect(() => checker('log_head').check(line({ singleton: true, last_position: 3 }), 7)).not.toThrow();
    expect(() => checker('log_head').check(line({ singleton: true, last_position: 4 }), 7)).toThrow(
      /the log head is 4, the header's position 3/,
    );
  });

  it('wants the header’s migrations', () => {
    const c = checker('schema_migrations');
    c.check(line({ ...MIGRATIONS[0], applied_at: '2026-01-01T00:00:00+00:00' }), 3);
    expect(() => c.check(line({ ...MIGRATIONS[0], applied_at: '2026-01-01T00:00:00+00:00' }), 4)).toThrow(
      /migration 001_event_store.sql is not the header's migration 2/,
    );
  });

  it('wants an actor after the actor it represents', () => {
    const c = checker('actors');
    c.check(line({ id: 'russia', name: 'Russia', kind: 'STATE', represents: null, registered_at: 'x' }), 10);
    c.check(line({ id: 'putin', name: 'Putin', kind: 'PERSON', represents: 'russia', registered_at: 'x' }), 11);
    expect(() =>
      c.check(line({ id: 'ushakov', name: 'Ushakov', kind: 'PERSON', represents: 'kremlin', registered_at: 'x' }), 12),
    ).toThrow(/actor "ushakov" represents "kremlin", which comes later or not at all/);
  });

  it('wants the audit to name keys of the backup', () => {
    const parents = parentIds();
    checker('api_keys', parents).check(line({ id: 'k1', name: 'alice' }), 20);
    expect(() => checker('api_key_audit', parents).check(line({ id: 1, key_id: 'k1' }), 22)).not.toThrow();
    expect(() => checker('api_key_audit', parents).check(line({ id: 2, key_id: 'k2' }), 23)).toThrow(
      /names key k2, which is not in the backup/,
    );
  });

  const D1 = '0b1c2d3e-0000-4000-8000-000000000001';
  const D2 = '0b1c2d3e-0000-4000-8000-000000000002';
  const appended = (lastPosition: unknown) => ({ streamId: 's', streamVersion: 1, firstPosition: '1', lastPosition });

  it('wants drafts with UUID string ids, each once, in the order of their seq, with a known status', () => {
    const c = checker('drafts');
    c.check(line({ seq: 1, id: D1, status: 'PENDING', appended: null }), 40);
    c.check(line({ seq: 3, id: D2, status: 'APPROVED', appended: appended('3') }), 41);
    expect(() => c.check(line({ seq: 4, id: D1, status: 'PENDING', appended: null }), 42)).toThrow(
      new RegExp(`line 42 \\(section drafts, row 3\\): draft ${D1} is in the backup twice`),
    );
    expect(() => checker('drafts').check(line({ seq: 1, id: 17, status: 'PENDING', appended: null }), 40)).toThrow(
      /id must be a draft id \(a UUID string\)/,
    );
    expect(() =>
      checker('drafts').check(line({ seq: 1, id: 'draft-1', status: 'PENDING', appended: null }), 40),
    ).toThrow(/id must be a draft id/);
    const order = checker('drafts');
    order.check(line({ seq: 5, id: D1, status: 'PENDING', appended: null }), 40);
    expect(() => order.check(line({ seq: 5, id: D2, status: 'PENDING', appended: null }), 41)).toThrow(
      /seq 5 follows 5: a backup holds the rows in the order of their seq, each once/,
    );
    expect(() => checker('drafts').check(line({ seq: '1', id: D1, status: 'PENDING', appended: null }), 40)).toThrow(
      /seq must be a positive integer/,
    );
    expect(() => checker('drafts').check(line({ seq: 1, id: D1, status: 'DONE', appended: null }), 40)).toThrow(
      /status must be one of PENDING, APPROVED, REJECTED, WITHDRAWN \(found DONE\)/,
    );
  });

  it('wants an approved draft appended within the backup’s events', () => {
    expect(() =>
      checker('drafts').check(line({ seq: 1, id: D1, status: 'APPROVED', appended: appended('4') }), 40),
    ).toThrow(new RegExp(`approved draft ${D1} was appended up to position 4, after the backup's position 3`));
    expect(() => checker('drafts').check(line({ seq: 1, id: D1, status: 'APPROVED', appended: null }), 40)).toThrow(
      /does not say where it was appended/,
    );
    expect(() =>
      checker('drafts').check(line({ seq: 1, id: D1, status: 'APPROVED', appended: appended(3) }), 40),
    ).toThrow(/does not say where it was appended/);
  });

  it('wants revisions and audit entries to name drafts of the backup', () => {
    const parents = parentIds();
    checker('drafts', parents).check(line({ seq: 1, id: D1, status: 'PENDING', appended: null }), 40);
    const revisions = checker('draft_revisions', parents);
    revisions.check(line({ draft_id: D1, revision: 1 }), 42);
    revisions.check(line({ draft_id: D1, revision: 2 }), 43);
    expect(() => revisions.check(line({ draft_id: D2, revision: 1 }), 44)).toThrow(
      new RegExp(`line 44 \\(section draft_revisions, row 3\\): names draft ${D2}, which is not in the backup`),
    );
    expect(() => revisions.check(line({ draft_id: D1, revision: 0 }), 45)).toThrow(
      /revision must be a positive integer/,
    );
    const audit = checker('draft_audit', parents);
    audit.check(line({ id: 1, draft_id: D1, action: 'SUBMITTED' }), 47);
    audit.check(line({ id: 4, draft_id: D1, action: 'REVISED' }), 48);
    expect(() => audit.check(line({ id: 5, draft_id: D2, action: 'APPROVED' }), 49)).toThrow(
      new RegExp(`names draft ${D2}, which is not in the backup`),
    );
    expect(() => audit.check(line({ id: 4, draft_id: D1, action: 'WITHDRAWN' }), 50)).toThrow(
      /id 4 follows 4: a backup holds the rows in the order of their id, each once/,
    );
    // A draft named by its children must come in an earlier section: drafts in another file's count for nothing.
    expect(() => checker('draft_audit').check(line({ id: 1, draft_id: D1, action: 'SUBMITTED' }), 47)).toThrow(
      /not in the backup/,
    );
  });
});

describe('words', () => {
  it('states the recovery point with its position', () => {
    const text = recoveryPointText('2021', '2026-03-19T10:00:00.000000Z');
    expect(text).toMatch(/everything committed before 2026-03-19T10:00:00.000000Z/);
    expect(text).toMatch(/positions 1..2021/);
    expect(text).toMatch(/the actors, API keys and key audit entries of the same snapshot/);
    expect(text).toMatch(/events appended later are not in this backup/);
    expect(recoveryPointText('2021', '2026-03-19T10:00:00.000000Z', true)).toMatch(
      /the actors, API keys, key audit entries, drafts, their revisions and their audit of the same snapshot/,
    );
  });

  it('sizes bytes for people', () => {
    expect(formatBytes(512)).toBe('512 bytes');
    expect(formatBytes(8324)).toBe('8.13 KiB (8,324 bytes)');
    expect(formatBytes(2_977_601)).toBe('2.84 MiB (2,977,601 bytes)');
  });
});
