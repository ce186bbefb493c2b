import {
  BACKUP_FORMAT,
  BACKUP_TABLES,
  type BackupHeader,
  BackupFileError,
  SectionChecker,
  checkMigrations,
  formatBytes,
  parseEnd,
  parseHeader,
  parseSectionStart,
  recoveryPointText,
  sha256Hex,
} from './backup-format.js';

const MIGRATIONS = [
  { version: '001', name: '001_event_store.sql', checksum: 'a'.repeat(64) },
  { version: '002', name: '002_api_keys.sql', checksum: 'b'.repeat(64) },
];

const COLUMNS: Record<string, string[]> = {
  schema_migrations: ['version', 'name', 'checksum', 'applied_at'],
  log_head: ['singleton', 'last_position'],
  actors: ['id', 'name', 'kind', 'represents', 'registered_at'],
  api_keys: ['id', 'name'],
  api_key_audit: ['id', 'key_id'],
  events: ['position', 'id'],
};

function header(overrides: Record<string, unknown> = {}, rows: Record<string, number> = {}): Record<string, any> {
  const counts: Record<string, number> = {
    schema_migrations: 2,
    log_head: 1,
    actors: 2,
    api_keys: 1,
    api_key_audit: 1,
    events: 3,
    ...rows,
  };
  return {
    format: BACKUP_FORMAT,
    version: 1,
    createdBy: 'test',
    snapshot: {
      position: '3',
      takenAt: '2026-01-01T00:00:00.000000Z',
      isolation: 'REPEATABLE READ READ ONLY',
      serverVersion: '18.4',
    },
    recoveryPoint: recoveryPointText('3', '2026-01-01T00:00:00.000000Z'),
    readModels: 'not included',
    migrations: MIGRATIONS,
    sections: BACKUP_TABLES.map((table) => ({
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
    expect(h.sections.map((s) => s.table)).toEqual([...BACKUP_TABLES]);
  });

  it('names a foreign file as such', () => {
    expect(() => parseHeader('not json at all')).toThrow(/not a backup written by npm run backup/);
    expect(() => parseHeader('{"position":"1","id":"x","type":"CALL_HELD"}')).toThrow(
      /not a backup written by npm run backup/,
    );
    expect(() => parse({ ...header(), format: 'pg_dump' })).toThrow(BackupFileError);
  });

  it('refuses a file of a newer format version, saying so', () => {
    expect(() => parse(header({ version: 2 }))).toThrow(
      /format version 2 by a newer version of the service; this one reads version 1/,
    );
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

  it('ties the end line to the header', () => {
    const digest = sha256Hex('the header');
    expect(
      parseEnd(JSON.stringify({ end: BACKUP_FORMAT, headerSha256: digest, sections: 6 }), digest, 40).sections,
    ).toBe(6);
    expect(() =>
      parseEnd(JSON.stringify({ end: BACKUP_FORMAT, headerSha256: sha256Hex('another'), sections: 6 }), digest, 40),
    ).toThrow(/headerSha256 does not match the header/);
    expect(() => parseEnd('{"position":4,"id":"x"}', digest, 40)).toThrow(/expected the end line, found more rows/);
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
  const h: BackupHeader = parse(header());
  const checker = (table: string, keys = new Set<string>()) =>
    new SectionChecker(
      h.sections.find((s) => s.table === table)!,
      h,
      keys,
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
    const keys = new Set<string>();
    checker('api_keys', keys).check(line({ id: 'k1', name: 'alice' }), 20);
    expect(() => checker('api_key_audit', keys).check(line({ id: 1, key_id: 'k1' }), 22)).not.toThrow();
    expect(() => checker('api_key_audit', keys).check(line({ id: 2, key_id: 'k2' }), 23)).toThrow(
      /names key k2, which is not in the backup/,
    );
  });
});

describe('words', () => {
  it('states the recovery point with its position', () => {
    const text = recoveryPointText('2021', '2026-03-19T10:00:00.000000Z');
    expect(text).toMatch(/everything committed before 2026-03-19T10:00:00.000000Z/);
    expect(text).toMatch(/positions 1..2021/);
    expect(text).toMatch(/events appended later are not in this backup/);
  });

  it('sizes bytes for people', () => {
    expect(formatBytes(512)).toBe('512 bytes');
    expect(formatBytes(8324)).toBe('8.13 KiB (8,324 bytes)');
    expect(formatBytes(2_977_601)).toBe('2.84 MiB (2,977,601 bytes)');
  });
});
