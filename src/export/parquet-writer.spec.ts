import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import type { DuckDBConnection } from '@duckdb/node-api';
import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import type { FileMetaData, SchemaElement } from 'hyparquet';
import { createParquetStream, toEpochMicros, writeParquet } from './parquet-writer.js';
import type { ParquetColumn } from './parquet-writer.js';

// The reader is hyparquet (a different package and version from the writer's own copy), checked
// again with DuckDB (its native parquet reader, no extension download: autoinstall/autoload off).

const COLUMNS: ParquetColumn[] = [
  { name: 'position', type: 'INT64', nullable: false },
  { name: 'id', type: 'STRING', nullable: false },
  { name: 'stream_version', type: 'INT32', nullable: false },
  { name: 'occurred_at', type: 'TIMESTAMP', nullable: false },
  { name: 'recorded_at', type: 'TIMESTAMP', nullable: true },
  { name: 'summary', type: 'STRING', nullable: true },
  { name: 'actor_ids', type: 'STRING_LIST', nullable: false },
  { name: 'source_urls', type: 'STRING_LIST', nullable: true },
  { name: 'retracted', type: 'BOOLEAN', nullable: false },
  { name: 'corrected', type: 'BOOLEAN', nullable: true },
  { name: 'ref_position', type: 'INT64', nullable: true },
  { name: 'duration_minutes', type: 'INT32', nullable: true },
];

const BIG = 2n ** 53n + 1n; // 9007199254740993: not a safe JS number

const ROWS: Array<Record<string, unknown>> = [
  {
    position: BIG,
    id: '0b9d6a8e-1f0c-4c1e-9a57-2d7c1f0e8a11',
    stream_version: 1,
    occurred_at: new Date('2025-03-18T14:00:00.123Z'),
    recorded_at: '2025-03-18T14:05:06.789123Z',
    summary: 'Путин и Трамп говорили по телефону 📞🕊️ — «перемирие»',
    actor_ids: ['putin', 'trump'],
    source_urls: ['https://kremlin.example/readout', 'https://whitehouse.example/статья'],
    retracted: false,
    corrected: null,
    ref_position: null,
    duration_minutes: 90,
  },
  {
    position: '9223372036854775807', // INT64 max, as a decimal string
    id: 'e1',
    stream_version: 2147483647,
    occurred_at: '2025-03-19T01:02:03.004+03:00',
    recorded_at: null,
    summary: null,
    actor_ids: [],
    source_urls: null,
    retracted: true,
    corrected: true,
    ref_position: -9223372036854775808n, // INT64 min
    duration_minutes: null,
  },
  {
    position: 3n,
    id: 'e2',
    stream_version: 0,
    occurred_at: '1969-12-31T23:59:59.999999Z', // before the epoch, microseconds
    recorded_at: new Date('2025-03-11T00:00:00.000Z'),
    summary: '',
    actor_ids: ['zelensky'],
    source_urls: [],
    retracted: false,
    corrected: false,
    ref_position: '18014398509481985', // 2^54 + 1 as a string
    duration_minutes: -1,
  },
];

/** What each row must read back as (INT64 as bigint, TIMESTAMP as epoch microseconds). */
const EXPECTED = [
  {
    position: BIG,
    id: '0b9d6a8e-1f0c-4c1e-9a57-2d7c1f0e8a11',
    stream_version: 1,
    occurred_at: 1742306400123000n,
    recorded_at: 1742306706789123n,
    summary: 'Путин и Трамп говорили по телефону 📞🕊️ — «перемирие»',
    actor_ids: ['putin', 'trump'],
    source_urls: ['https://kremlin.example/readout', 'https://whitehouse.example/статья'],
    retracted: false,
    corrected: null,
    ref_position: null,
    duration_minutes: 90,
  },
  {
    position: 9223372036854775807n,
    id: 'e1',
    stream_version: 2147483647,
    occurred_at: 1742335323004000n, // 2025-03-18T22:02:03.004Z
    recorded_at: null,
    summary: null,
    actor_ids: [],
    source_urls: null,
    retracted: true,
    corrected: true,
    ref_position: -9223372036854775808n,
    duration_minutes: null,
  },
  {
    position: 3n,
    id: 'e2',
    stream_version: 0,
    occurred_at: -1n,
    recorded_at: 1741651200000000n,
    summary: '',
    actor_ids: ['zelensky'],
    source_urls: [],
    retracted: false,
    corrected: false,
    ref_position: 18014398509481985n,
    duration_minutes: -1,
  },
];

const METADATA = {
  'diplomacy.upToPosition': '9223372036854775807',
  'diplomacy.format': 'events/1',
  'note.ru': 'экспорт ✓',
};

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function arrayBufferOf(bytes: Uint8Array): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

/** Rows as hyparquet reads them, with TIMESTAMP kept as epoch microseconds (bigint). */
async function readBack(bytes: Uint8Array): Promise<Array<Record<string, unknown>>> {
  return parquetReadObjects({
    file: arrayBufferOf(bytes),
    parsers: { timestampFromMicroseconds: (micros: bigint) => micros },
  });
}

function element(metadata: FileMetaData, name: string): SchemaElement {
  const found = metadata.schema.find((e) => e.name === name);
  if (!found) throw new Error(`no schema element ${name}`);
  return found;
}

function manyRows(count: number, from = 1n): Array<Record<string, unknown>> {
  const rows: Array<Record<string, unknown>> = [];
  for (let i = 0; i < count; i++) {
    rows.push({
      position: from + BigInt(i),
      id: `event-${i}`,
      stream_version: i % 7,
      occurred_at: new Date(Date.UTC(2025, 2, 1) + i * 1001),
      recorded_at: i % 5 === 0 ? null : new Date(Date.UTC(2025, 2, 2) + i),
      summary: i % 3 === 0 ? null : `summary ${i} Ж🙂`,
      actor_ids: i % 4 === 0 ? [] : [`actor-${i % 13}`, `actor-${i % 17}`],
      source_urls: i % 6 === 0 ? null : [`https://example.org/${i}`],
      retracted: i % 11 === 0,
      corrected: i % 2 === 0 ? null : i % 3 === 0,
      ref_position: i % 9 === 0 ? from + BigInt(i - 1) : null,
      duration_minutes: i % 10 === 0 ? null : i % 240,
    });
  }
  return rows;
}

describe('writeParquet', () => {
  const bytes = writeParquet(COLUMNS, ROWS, METADATA);

  it('writes a Parquet file (PAR1 at both ends)', () => {
    const magic = [0x50, 0x41, 0x52, 0x31];
    expect(Array.from(bytes.subarray(0, 4))).toEqual(magic);
    expect(Array.from(bytes.subarray(bytes.length - 4))).toEqual(magic);
  });

  it('reads back every column type field by field (hyparquet): nulls, empty lists, unicode, 64-bit, µs timestamps', async () => {
    const rows = await readBack(bytes);
    expect(rows).toHaveLength(EXPECTED.length);
    rows.forEach((row, i) => {
      expect(Object.keys(row)).toEqual(COLUMNS.map((c) => c.name));
      for (const column of COLUMNS) {
        expect({ row: i, column: column.name, value: row[column.name] }).toEqual({
          row: i,
          column: column.name,
          value: EXPECTED[i][column.name as keyof (typeof EXPECTED)[number]],
        });
      }
    });
    // with hyparquet's default parsers the timestamps come back as the same instants
    const asDates = await parquetReadObjects({ file: arrayBufferOf(bytes), columns: ['occurred_at'] });
    expect((asDates[0].occurred_at as Date).toISOString()).toBe('2025-03-18T14:00:00.123Z');
  });

  it('declares the real physical and logical types in the file schema', () => {
    const metadata = parquetMetadata(arrayBufferOf(bytes));
    const position = element(metadata, 'position');
    expect(position).toMatchObject({ type: 'INT64', repetition_type: 'REQUIRED' });
    expect(position.converted_type).toBeUndefined();
    expect(element(metadata, 'ref_position')).toMatchObject({ type: 'INT64', repetition_type: 'OPTIONAL' });
    expect(element(metadata, 'stream_version')).toMatchObject({ type: 'INT32', repetition_type: 'REQUIRED' });
    expect(element(metadata, 'id')).toMatchObject({
      type: 'BYTE_ARRAY',
      converted_type: 'UTF8',
      logical_type: { type: 'STRING' },
      repetition_type: 'REQUIRED',
    });
    expect(element(metadata, 'summary')).toMatchObject({
      type: 'BYTE_ARRAY',
      converted_type: 'UTF8',
      repetition_type: 'OPTIONAL',
    });
    expect(element(metadata, 'retracted')).toMatchObject({ type: 'BOOLEAN', repetition_type: 'REQUIRED' });
    expect(element(metadata, 'corrected')).toMatchObject({ type: 'BOOLEAN', repetition_type: 'OPTIONAL' });
    for (const name of ['occurred_at', 'recorded_at']) {
      expect(element(metadata, name)).toMatchObject({
        type: 'INT64',
        converted_type: 'TIMESTAMP_MICROS',
        logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: true, unit: 'MICROS' },
      });
    }
    // 3-level LIST: <name> (LIST) → repeated group list → required element (STRING)
    for (const [name, repetition] of [
      ['actor_ids', 'REQUIRED'],
      ['source_urls', 'OPTIONAL'],
    ]) {
      const at = metadata.schema.findIndex((e) => e.name === name);
      expect(metadata.schema[at]).toMatchObject({
        converted_type: 'LIST',
        logical_type: { type: 'LIST' },
        num_children: 1,
        repetition_type: repetition,
      });
      expect(metadata.schema[at].type).toBeUndefined();
      expect(metadata.schema[at + 1]).toMatchObject({ name: 'list', repetition_type: 'REPEATED', num_children: 1 });
      expect(metadata.schema[at + 2]).toMatchObject({
        name: 'element',
        type: 'BYTE_ARRAY',
        converted_type: 'UTF8',
        logical_type: { type: 'STRING' },
        repetition_type: 'REQUIRED',
      });
    }
    expect(metadata.num_rows).toBe(BigInt(ROWS.length));
  });

  it('carries the key-value metadata (sorted by key) and a constant created_by', () => {
    const metadata = parquetMetadata(arrayBufferOf(bytes));
    expect(metadata.key_value_metadata).toEqual([
      { key: 'diplomacy.format', value: 'events/1' },
      { key: 'diplomacy.upToPosition', value: '9223372036854775807' },
      { key: 'note.ru', value: 'экспорт ✓' },
    ]);
    expect(metadata.created_by).toBe('diplomacy-timeline export (hyparquet-writer)');
  });

  it('is deterministic: the same rows give the same bytes (sha256), whatever the metadata order', () => {
    const again = writeParquet(
      COLUMNS,
      ROWS.map((row) => ({ ...row })),
      { 'note.ru': 'экспорт ✓', 'diplomacy.format': 'events/1', 'diplomacy.upToPosition': '9223372036854775807' },
    );
    expect(sha256(again)).toBe(sha256(bytes));
    expect(Buffer.from(again).equals(Buffer.from(bytes))).toBe(true);
    // and a different value gives different bytes
    const changed = writeParquet(COLUMNS, [{ ...ROWS[0], summary: 'other' }, ...ROWS.slice(1)], METADATA);
    expect(sha256(changed)).not.toBe(sha256(bytes));
  });

  it('writes a valid file with no rows', async () => {
    const empty = writeParquet(COLUMNS, [], METADATA);
    expect(await readBack(empty)).toEqual([]);
    const metadata = parquetMetadata(arrayBufferOf(empty));
    expect(metadata.num_rows).toBe(0n);
    expect(metadata.key_value_metadata).toHaveLength(3);
    expect(sha256(writeParquet(COLUMNS, [], METADATA))).toBe(sha256(empty));
  });

  it('rejects values that do not fit their column, naming the row and the column', () => {
    const bad =
      (patch: Record<string, unknown>): (() => Uint8Array) =>
      () =>
        writeParquet(COLUMNS, [ROWS[0], { ...ROWS[2], ...patch }], {});
    expect(bad({ id: null })).toThrow('row 1, column "id": a value is required');
    expect(bad({ actor_ids: undefined })).toThrow('row 1, column "actor_ids": a value is required');
    expect(bad({ position: 1.5 })).toThrow('row 1, column "position"');
    expect(bad({ position: '12abc' })).toThrow('row 1, column "position"');
    expect(bad({ position: 2n ** 63n })).toThrow('out of the INT64 range');
    expect(bad({ stream_version: 2 ** 31 })).toThrow('out of the INT32 range');
    expect(bad({ summary: 42 })).toThrow('row 1, column "summary": expected a string');
    expect(bad({ summary: 'broken \ud83d pair' })).toThrow('lone UTF-16 surrogate');
    expect(bad({ retracted: 'yes' })).toThrow('expected a boolean');
    expect(bad({ occurred_at: '2025-03-18T14:00:00' })).toThrow('with an offset');
    expect(bad({ occurred_at: '2025-02-30T14:00:00Z' })).toThrow('not a valid date');
    expect(bad({ occurred_at: new Date(Number.NaN) })).toThrow('invalid Date');
    expect(bad({ occurred_at: '2025-03-18T14:00:00.1234567Z' })).toThrow('more than microsecond precision');
    expect(bad({ actor_ids: ['ok', null] })).toThrow('element 1: expected a string');
    expect(bad({ source_urls: 'https://x' })).toThrow('expected an array of strings');
    expect(() =>
      writeParquet(
        [
          { name: 'a', type: 'STRING', nullable: true },
          { name: 'a', type: 'INT64', nullable: true },
        ],
        [],
        {},
      ),
    ).toThrow('duplicate column');
    expect(() => writeParquet(COLUMNS, [], { key: 1 as unknown as string })).toThrow('metadata "key" must be a string');
  });

  it('writes a JSON column as the JSON logical type, the text compact and checked', async () => {
    const columns: ParquetColumn[] = [{ name: 'data', type: 'JSON', nullable: true }];
    const file = arrayBufferOf(
      writeParquet(columns, [{ data: '{"place": "Kharkiv", "n": [1, 2]}' }, { data: null }, { data: '"x"' }], {}),
    );
    const element = parquetMetadata(file).schema.find((e) => e.name === 'data');
    expect(element).toMatchObject({ type: 'BYTE_ARRAY', converted_type: 'JSON', logical_type: { type: 'JSON' } });
    // hyparquet parses a JSON column: the values come back as JSON.
    expect(await parquetReadObjects({ file })).toEqual([
      { data: { place: 'Kharkiv', n: [1, 2] } },
      { data: null },
      { data: 'x' },
    ]);
    expect(() => writeParquet(columns, [{ data: '{"open": ' }], {})).toThrow(
      'row 0, column "data": expected JSON text',
    );
    expect(() => writeParquet(columns, [{ data: { place: 'x' } }], {})).toThrow('expected a string');
  });
});

describe('toEpochMicros', () => {
  it.each([
    ['2025-03-18T14:00:00Z', 1742306400000000n],
    ['2025-03-18T14:00:00.5Z', 1742306400500000n],
    ['2025-03-18T14:00:00.123456Z', 1742306400123456n],
    ['2025-03-18T14:00:00.123456000Z', 1742306400123456n],
    ['2025-03-18 17:00:00.000001+03', 1742306400000001n], // PostgreSQL's text form
    ['2025-03-18T09:30:00-04:30', 1742306400000000n],
    ['2025-03-18T14:00:00+0000', 1742306400000000n],
    ['1970-01-01T00:00:00Z', 0n],
    // The end of a DAY-precision event on 9999-12-31, as Date#toISOString writes it (a 500 on Parquet exports before).
    ['+010000-01-01T00:00:00.000Z', 253402300800000000n],
    ['0001-01-01T00:00:00.000Z', -62135596800000000n],
  ])('%s → %s µs', (input, micros) => {
    expect(toEpochMicros(input)).toBe(micros);
  });

  it.each(['+010000-13-01T00:00:00Z', '10000-01-01T00:00:00Z', '+10000-01-01T00:00:00Z', '2025-02-30T00:00:00Z'])(
    'refuses %s',
    (input) => {
      expect(() => toEpochMicros(input)).toThrow(RangeError);
    },
  );

  it('takes a Date at millisecond precision', () => {
    expect(toEpochMicros(new Date('2025-03-18T14:00:00.123Z'))).toBe(1742306400123000n);
  });
});

describe('createParquetStream', () => {
  it('gives the same bytes as writeParquet whatever the batch sizes', () => {
    const rows = manyRows(2_500);
    const whole = writeParquet(COLUMNS, rows, METADATA, { rowGroupSize: 1_000 });
    for (const batch of [1, 7, 999, 1_000, 1_001, 2_500]) {
      const stream = createParquetStream(COLUMNS, METADATA, { rowGroupSize: 1_000 });
      const chunks: Uint8Array[] = [];
      for (let at = 0; at < rows.length; at += batch) chunks.push(stream.write(rows.slice(at, at + batch)));
      chunks.push(stream.end());
      expect(stream.rowCount).toBe(rows.length);
      expect(sha256(Buffer.concat(chunks))).toBe(sha256(whole));
    }
  });

  it('hands back each row group as soon as it is complete, so memory stays one group big', () => {
    const rowGroupSize = 1_000;
    const stream = createParquetStream(COLUMNS, METADATA, { rowGroupSize });
    const sizes: number[] = [];
    let written = 0;
    for (let batch = 0; batch < 20; batch++) {
      const chunk = stream.write(manyRows(250, BigInt(1 + batch * 250)));
      written += 250;
      sizes.push(chunk.length);
      // nothing is held back once a group is full; nothing but the 4-byte header is emitted before
      if (written % rowGroupSize === 0) expect(chunk.length).toBeGreaterThan(4);
      else expect(chunk.length).toBe(batch === 0 ? 4 : 0);
    }
    const tail = stream.end();
    const groups = sizes.filter((size) => size > 4);
    expect(groups).toHaveLength(5);
    // each chunk is one group's bytes, not the file so far: their sizes do not grow
    const first = groups[0];
    for (const size of groups.slice(1)) expect(size).toBeLessThan(first * 1.1);
    expect(tail.length).toBeLessThan(first);
    expect(() => stream.write([])).toThrow('stream already ended');
  });

  it('is unusable after a rejected row', () => {
    const stream = createParquetStream(COLUMNS, {});
    expect(() => stream.write([{ ...ROWS[0], id: null }])).toThrow('row 0, column "id"');
    expect(() => stream.end()).toThrow('stream already failed');
  });
});

describe('many rows', () => {
  const COUNT = 50_000;
  const FROM = 2n ** 60n;
  const rows = manyRows(COUNT, FROM);
  const bytes = writeParquet(COLUMNS, rows, METADATA, { rowGroupSize: 8_000 });

  it('splits 50,000 rows into row groups and reads them back in order (hyparquet)', async () => {
    const metadata = parquetMetadata(arrayBufferOf(bytes));
    expect(metadata.num_rows).toBe(BigInt(COUNT));
    expect(metadata.row_groups.map((group) => Number(group.num_rows))).toEqual([
      8_000, 8_000, 8_000, 8_000, 8_000, 8_000, 2_000,
    ]);
    const back = await readBack(bytes);
    expect(back).toHaveLength(COUNT);
    back.forEach((row, i) => {
      if (row.position !== FROM + BigInt(i)) throw new Error(`row ${i} has position ${String(row.position)}`);
    });
    for (const i of [0, 1, 7_999, 8_000, 8_001, 23_456, 39_999, 49_998, 49_999]) {
      const source = rows[i];
      expect(back[i]).toEqual({
        ...source,
        occurred_at: toEpochMicros(source.occurred_at),
        recorded_at: source.recorded_at === null ? null : toEpochMicros(source.recorded_at),
      });
    }
    expect(sha256(writeParquet(COLUMNS, rows, METADATA, { rowGroupSize: 8_000 }))).toBe(sha256(bytes));
  });
});

describe('read by DuckDB', () => {
  let dir: string;
  let instance: DuckDBInstance;
  let connection: DuckDBConnection;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'parquet-writer-spec-'));
    instance = await DuckDBInstance.create(':memory:', {
      autoinstall_known_extensions: 'false',
      autoload_known_extensions: 'false',
    });
    connection = await instance.connect();
  });

  afterAll(() => {
    connection?.closeSync();
    instance?.closeSync();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  function save(name: string, bytes: Uint8Array): string {
    const path = join(dir, name);
    writeFileSync(path, bytes);
    return path;
  }

  async function query(sql: string): Promise<Array<Record<string, unknown>>> {
    return (await connection.runAndReadAll(sql)).getRowObjectsJson();
  }

  it('sees the real column types and the same values, field by field', async () => {
    const path = save('types.parquet', writeParquet(COLUMNS, ROWS, METADATA));
    const described = await query(`DESCRIBE SELECT * FROM read_parquet('${path}')`);
    expect(Object.fromEntries(described.map((d) => [d.column_name, d.column_type]))).toEqual({
      position: 'BIGINT',
      id: 'VARCHAR',
      stream_version: 'INTEGER',
      occurred_at: 'TIMESTAMP WITH TIME ZONE',
      recorded_at: 'TIMESTAMP WITH TIME ZONE',
      summary: 'VARCHAR',
      actor_ids: 'VARCHAR[]',
      source_urls: 'VARCHAR[]',
      retracted: 'BOOLEAN',
      corrected: 'BOOLEAN',
      ref_position: 'BIGINT',
      duration_minutes: 'INTEGER',
    });
    const rows = await query(
      `SELECT position::VARCHAR AS position, id, stream_version, epoch_us(occurred_at)::VARCHAR AS occurred_at,
              epoch_us(recorded_at)::VARCHAR AS recorded_at, summary, actor_ids, source_urls, retracted, corrected,
              ref_position::VARCHAR AS ref_position, duration_minutes
         FROM read_parquet('${path}')`,
    );
    const asText = (value: unknown): unknown => (typeof value === 'bigint' ? value.toString() : value);
    expect(rows).toEqual(
      EXPECTED.map((row) => Object.fromEntries(Object.entries(row).map(([key, value]) => [key, asText(value)]))),
    );
    const timestamps = await query(
      `SELECT strftime(occurred_at AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%S.%f') AS t FROM read_parquet('${path}')`,
    );
    expect(timestamps.map((r) => r.t)).toEqual([
      '2025-03-18T14:00:00.123000',
      '2025-03-18T22:02:03.004000',
      '1969-12-31T23:59:59.999999',
    ]);
    // statistics (min/max of long unicode strings, truncated) must not make DuckDB skip a match
    const found = await query(`SELECT id FROM read_parquet('${path}') WHERE summary = '${EXPECTED[0].summary}'`);
    expect(found).toEqual([{ id: EXPECTED[0].id }]);
  });

  it('reads a JSON column as JSON, with its logical and converted types', async () => {
    const path = save(
      'json.parquet',
      writeParquet([{ name: 'data', type: 'JSON', nullable: false }], [{ data: '{"place":"Kharkiv"}' }], {}),
    );
    expect(await query(`SELECT data->>'place' AS place, typeof(data) AS t FROM read_parquet('${path}')`)).toEqual([
      { place: 'Kharkiv', t: 'JSON' },
    ]);
    expect(
      await query(
        `SELECT converted_type, logical_type::VARCHAR AS l FROM parquet_schema('${path}') WHERE name = 'data'`,
      ),
    ).toEqual([{ converted_type: 'JSON', l: 'JsonType()' }]);
  });

  it('sees the key-value metadata', async () => {
    const path = save('metadata.parquet', writeParquet(COLUMNS, ROWS, METADATA));
    const kv = await query(
      `SELECT decode(key) AS key, decode(value) AS value FROM parquet_kv_metadata('${path}') ORDER BY key`,
    );
    expect(kv).toEqual([
      { key: 'diplomacy.format', value: 'events/1' },
      { key: 'diplomacy.upToPosition', value: '9223372036854775807' },
      { key: 'note.ru', value: 'экспорт ✓' },
    ]);
  });

  it('reads 50,000 rows in several row groups in order, and an empty file', async () => {
    const COUNT = 50_000;
    const FROM = 2n ** 60n;
    const rows = manyRows(COUNT, FROM);
    const path = save('many.parquet', writeParquet(COLUMNS, rows, {}, { rowGroupSize: 8_000 }));
    const groups = await query(`SELECT count(DISTINCT row_group_id)::INTEGER AS n FROM parquet_metadata('${path}')`);
    expect(groups).toEqual([{ n: 7 }]);
    const check = await query(
      `SELECT count(*)::INTEGER AS n,
              count(*) FILTER (WHERE position <> ${FROM}::BIGINT + file_row_number)::INTEGER AS out_of_order,
              count(summary)::INTEGER AS summaries, sum(len(actor_ids))::INTEGER AS actors,
              count(*) FILTER (WHERE source_urls IS NULL)::INTEGER AS null_lists
         FROM read_parquet('${path}', file_row_number = true)`,
    );
    expect(check).toEqual([
      {
        n: COUNT,
        out_of_order: 0,
        summaries: rows.filter((r) => r.summary !== null).length,
        actors: rows.reduce((sum, r) => sum + (r.actor_ids as string[]).length, 0),
        null_lists: rows.filter((r) => r.source_urls === null).length,
      },
    ]);
    const sample = await query(
      `SELECT id, epoch_ms(occurred_at)::VARCHAR AS ms FROM read_parquet('${path}') WHERE position = ${FROM + 43_210n}`,
    );
    expect(sample).toEqual([{ id: 'event-43210', ms: String((rows[43_210].occurred_at as Date).getTime()) }]);

    const empty = save('empty.parquet', writeParquet(COLUMNS, [], {}));
    expect(await query(`SELECT count(*)::INTEGER AS n FROM read_parquet('${empty}')`)).toEqual([{ n: 0 }]);
  });
});
