/**
 * Parquet encoding of export rows: a pure module (no I/O, no Nest) on top of `hyparquet-writer`
 * (pure JavaScript, built-in Snappy, no native or WebAssembly code).
 *
 * Types written (what pyarrow, pandas and DuckDB see):
 * - INT64        INT64, no annotation (BIGINT / int64); given as bigint, decimal string or safe integer
 * - INT32        INT32 (INTEGER / int32)
 * - STRING       BYTE_ARRAY, logical STRING + converted UTF8 (VARCHAR / str)
 * - BOOLEAN      BOOLEAN
 * - TIMESTAMP    INT64, logical TIMESTAMP(isAdjustedToUTC=true, MICROS) + converted TIMESTAMP_MICROS
 *                (TIMESTAMP WITH TIME ZONE / datetime64[us, UTC]); given as Date or ISO 8601 string
 *                with an offset, whose fraction keeps up to 6 digits exactly (PostgreSQL's precision)
 * - JSON         BYTE_ARRAY, logical JSON + converted JSON (DuckDB's JSON, pyarrow's string); given as
 *                JSON text, which is checked (parsed) and written compact
 * - STRING_LIST  3-level LIST: `<opt|req> group name (LIST) { repeated group list { required binary
 *                element (STRING) } }` (VARCHAR[] / list<string>); elements are never null
 * A nullable column is OPTIONAL (null or undefined is a null); a non-nullable one is REQUIRED and
 * rejects a missing value.
 *
 * Deterministic: the bytes depend only on the columns, the rows, the metadata and the options.
 * Nothing time- or randomness-dependent is written (`created_by` is a constant); key-value metadata
 * is written sorted by key; rows are cut into row groups of exactly `rowGroupSize` rows (the last
 * one shorter) whatever the sizes of the batches given to `write`, so `writeParquet(rows)` and any
 * batching of the same rows through `createParquetStream` give the same bytes.
 *
 * Memory: the stream holds at most one row group of (converted) rows and that group's encoded
 * bytes, handed back from `write` as soon as the group is complete. What grows with the row count is
 * only the footer that Parquet keeps for the end: per row group and column, the chunk metadata
 * (offsets, sizes, min/max statistics) and its offset index (one entry per page): a few hundred
 * bytes per column per row group, independent of the size of the values.
 */
import { ByteWriter, ParquetWriter } from 'hyparquet-writer';
import type { ColumnSource, SchemaElement } from 'hyparquet-writer';

export type ParquetColumnType = 'INT64' | 'INT32' | 'STRING' | 'JSON' | 'BOOLEAN' | 'TIMESTAMP' | 'STRING_LIST';

export interface ParquetColumn {
  name: string;
  type: ParquetColumnType;
  nullable: boolean;
}

export interface ParquetWriteOptions {
  /** Rows per row group (default 10,000): bounds the memory of a stream. */
  rowGroupSize?: number;
  /** The file's `created_by` (default {@link PARQUET_CREATED_BY}). Keep it constant for reproducible bytes. */
  createdBy?: string;
}

export const DEFAULT_ROW_GROUP_SIZE = 10_000;
export const PARQUET_CREATED_BY = 'diplomacy-timeline export (hyparquet-writer)';

/** A Parquet file written in pieces: the concatenation of every returned chunk is the file. */
export interface ParquetStream {
  /**
   * Takes the next rows (in file order). Returns the bytes of the row groups they completed (the
   * file header comes with the first call): an empty array while the current group is not full.
   * Throws on a value that does not fit its column, naming the row (0-based, over the whole file)
   * and the column; the rows of that call are then not written and the stream is unusable.
   */
  write(rows: Iterable<Record<string, unknown>>): Uint8Array;
  /** Writes the last, partial row group, the page indexes and the footer; returns those bytes. */
  end(): Uint8Array;
  /** Rows taken so far. */
  readonly rowCount: number;
}

/**
 * Encodes rows (objects keyed by column name; INT64 given as bigint or decimal string, TIMESTAMP as
 * Date or ISO string, STRING_LIST as string[]) into one Parquet file, with `metadata` as key-value
 * file metadata. Deterministic.
 */
export function writeParquet(
  columns: ParquetColumn[],
  rows: Array<Record<string, unknown>>,
  metadata: Record<string, string>,
  options: ParquetWriteOptions = {},
): Uint8Array {
  const stream = createParquetStream(columns, metadata, options);
  const head = stream.write(rows);
  return concatBytes([head, stream.end()]);
}

/**
 * The same file as {@link writeParquet}, written row group by row group: feed rows with `write`
 * (batches of any size), send each returned chunk on, and finish with `end`.
 */
export function createParquetStream(
  columns: ParquetColumn[],
  metadata: Record<string, string>,
  options: ParquetWriteOptions = {},
): ParquetStream {
  validateColumns(columns);
  const rowGroupSize = options.rowGroupSize ?? DEFAULT_ROW_GROUP_SIZE;
  if (!Number.isSafeInteger(rowGroupSize) || rowGroupSize < 1) {
    throw new RangeError(`parquet: rowGroupSize must be a positive integer, got ${rowGroupSize}`);
  }
  const kvMetadata = metadataEntries(metadata);
  const out = new ChunkWriter();
  const writer = new ParquetWriter({
    writer: out,
    schema: schemaOf(columns),
    codec: 'SNAPPY',
    statistics: true,
    kvMetadata,
    createdBy: options.createdBy ?? PARQUET_CREATED_BY,
  });
  const converters = columns.map(converterFor);

  let buffered: unknown[][] = columns.map(() => []);
  let bufferedRows = 0;
  let rowCount = 0;
  let state: 'open' | 'ended' | 'failed' = 'open';

  const flushGroup = (): void => {
    if (bufferedRows === 0) return;
    const columnData: ColumnSource[] = columns.map((column, c) => ({ name: column.name, data: buffered[c] }));
    const pending = writer.write({ columnData, rowGroupSize: bufferedRows });
    if (pending) throw new Error('parquet: unexpected asynchronous write');
    buffered = columns.map(() => []);
    bufferedRows = 0;
  };

  const guard = <T>(action: () => T): T => {
    if (state !== 'open') throw new Error(`parquet: stream already ${state}`);
    try {
      return action();
    } catch (error) {
      state = 'failed';
      throw error;
    }
  };

  return {
    write(rows) {
      return guard(() => {
        for (const row of rows) {
          if (row === null || typeof row !== 'object') {
            throw new TypeError(`parquet: row ${rowCount} is not an object`);
          }
          for (let c = 0; c < columns.length; c++) {
            buffered[c].push(converters[c](row[columns[c].name], rowCount));
          }
          bufferedRows++;
          rowCount++;
          if (bufferedRows === rowGroupSize) flushGroup();
        }
        return out.take();
      });
    },
    end() {
      return guard(() => {
        flushGroup();
        const pending = writer.finish();
        if (pending) throw new Error('parquet: unexpected asynchronous finish');
        state = 'ended';
        return out.take();
      });
    },
    get rowCount() {
      return rowCount;
    },
  };
}

/** A ByteWriter whose bytes are taken out after each row group, so its buffer stays one group big. */
class ChunkWriter extends ByteWriter {
  private chunks: Uint8Array[] = [];

  /** Called by ParquetWriter after each row group. */
  flush(): void {
    if (this.index > 0) this.chunks.push(new Uint8Array(this.buffer.slice(0, this.index)));
    this.index = 0;
  }

  finish(): void {
    this.flush();
  }

  /** Everything written since the last take (absolute `offset` keeps counting for the footer). */
  take(): Uint8Array {
    this.flush();
    const bytes = concatBytes(this.chunks);
    this.chunks = [];
    return bytes;
  }
}

function concatBytes(parts: Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0];
  let length = 0;
  for (const part of parts) length += part.length;
  const bytes = new Uint8Array(length);
  let at = 0;
  for (const part of parts) {
    bytes.set(part, at);
    at += part.length;
  }
  return bytes;
}

// ---------------------------------------------------------------------------------------------
// schema

const COLUMN_TYPES: ReadonlySet<string> = new Set([
  'INT64',
  'INT32',
  'STRING',
  'JSON',
  'BOOLEAN',
  'TIMESTAMP',
  'STRING_LIST',
]);

function validateColumns(columns: ParquetColumn[]): void {
  if (!Array.isArray(columns) || columns.length === 0) throw new Error('parquet: at least one column is needed');
  const seen = new Set<string>();
  for (const column of columns) {
    if (typeof column.name !== 'string' || column.name === '') throw new Error('parquet: a column needs a name');
    if (seen.has(column.name)) throw new Error(`parquet: duplicate column "${column.name}"`);
    seen.add(column.name);
    if (!COLUMN_TYPES.has(column.type))
      throw new Error(`parquet: column "${column.name}" has unknown type ${String(column.type)}`);
    if (typeof column.nullable !== 'boolean')
      throw new Error(`parquet: column "${column.name}" needs nullable: boolean`);
  }
}

function schemaOf(columns: ParquetColumn[]): SchemaElement[] {
  const schema: SchemaElement[] = [{ name: 'root', num_children: columns.length }];
  for (const { name, type, nullable } of columns) {
    const repetition_type = nullable ? 'OPTIONAL' : 'REQUIRED';
    switch (type) {
      case 'INT64':
        schema.push({ name, type: 'INT64', repetition_type });
        break;
      case 'INT32':
        schema.push({ name, type: 'INT32', repetition_type });
        break;
      case 'BOOLEAN':
        schema.push({ name, type: 'BOOLEAN', repetition_type });
        break;
      case 'STRING':
        schema.push({
          name,
          type: 'BYTE_ARRAY',
          converted_type: 'UTF8',
          logical_type: { type: 'STRING' },
          repetition_type,
        });
        break;
      case 'JSON':
        schema.push({
          name,
          type: 'BYTE_ARRAY',
          converted_type: 'JSON',
          logical_type: { type: 'JSON' },
          repetition_type,
        });
        break;
      case 'TIMESTAMP':
        schema.push({
          name,
          type: 'INT64',
          converted_type: 'TIMESTAMP_MICROS',
          logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: true, unit: 'MICROS' },
          repetition_type,
        });
        break;
      case 'STRING_LIST':
        schema.push(
          { name, num_children: 1, converted_type: 'LIST', logical_type: { type: 'LIST' }, repetition_type },
          { name: 'list', num_children: 1, repetition_type: 'REPEATED' },
          {
            name: 'element',
            type: 'BYTE_ARRAY',
            converted_type: 'UTF8',
            logical_type: { type: 'STRING' },
            repetition_type: 'REQUIRED',
          },
        );
        break;
    }
  }
  return schema;
}

function metadataEntries(metadata: Record<string, string>): Array<{ key: string; value: string }> {
  if (metadata === null || typeof metadata !== 'object') throw new TypeError('parquet: metadata must be an object');
  const keys = Object.keys(metadata).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return keys.map((key) => {
    const value = metadata[key];
    if (typeof value !== 'string') throw new TypeError(`parquet: metadata "${key}" must be a string`);
    assertWellFormed(value, `metadata "${key}"`);
    assertWellFormed(key, 'a metadata key');
    return { key, value };
  });
}

// ---------------------------------------------------------------------------------------------
// values

type Converter = (value: unknown, row: number) => unknown;

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;
const LONE_SURROGATE = /\p{Surrogate}/u;

function converterFor(column: ParquetColumn): Converter {
  const convert = valueConverter(column.type);
  return (value, row) => {
    if (value === null || value === undefined) {
      if (column.nullable) return null;
      throw new TypeError(`parquet: row ${row}, column "${column.name}": a value is required`);
    }
    try {
      return convert(value);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new TypeError(`parquet: row ${row}, column "${column.name}": ${message}`);
    }
  };
}

function valueConverter(type: ParquetColumnType): (value: unknown) => unknown {
  switch (type) {
    case 'INT64':
      return toInt64;
    case 'INT32':
      return toInt32;
    case 'BOOLEAN':
      return (value) => {
        if (typeof value !== 'boolean') throw new TypeError(`expected a boolean, got ${describe(value)}`);
        return value;
      };
    case 'STRING':
      return toStringValue;
    case 'JSON':
      return toJsonValue;
    case 'TIMESTAMP':
      return toEpochMicros;
    case 'STRING_LIST':
      return (value) => {
        if (!Array.isArray(value)) throw new TypeError(`expected an array of strings, got ${describe(value)}`);
        return value.map((element, i) => {
          if (typeof element !== 'string')
            throw new TypeError(`element ${i}: expected a string, got ${describe(element)}`);
          assertWellFormed(element, `element ${i}`);
          return element;
        });
      };
  }
}

function toInt64(value: unknown): bigint {
  let result: bigint;
  if (typeof value === 'bigint') result = value;
  else if (typeof value === 'string' && /^-?\d+$/.test(value)) result = BigInt(value);
  else if (typeof value === 'number' && Number.isSafeInteger(value)) result = BigInt(value);
  else throw new TypeError(`expected a 64-bit integer (bigint or decimal string), got ${describe(value)}`);
  if (result < INT64_MIN || result > INT64_MAX) throw new RangeError(`${result} is out of the INT64 range`);
  return result;
}

function toInt32(value: unknown): number {
  let result: number;
  if (typeof value === 'number' && Number.isInteger(value)) result = value;
  else if (typeof value === 'bigint') result = Number(value);
  else if (typeof value === 'string' && /^-?\d+$/.test(value)) result = Number(value);
  else throw new TypeError(`expected a 32-bit integer, got ${describe(value)}`);
  if (!(result >= INT32_MIN && result <= INT32_MAX)) throw new RangeError(`${String(value)} is out of the INT32 range`);
  return result;
}

function toStringValue(value: unknown): string {
  if (typeof value !== 'string') throw new TypeError(`expected a string, got ${describe(value)}`);
  assertWellFormed(value, 'the string');
  return value;
}

/**
 * JSON text as the value hyparquet-writer writes for a JSON column (it serialises what it is given):
 * parsed here, so that the bytes are the text's compact form and invalid JSON is refused.
 */
function toJsonValue(value: unknown): unknown {
  const text = toStringValue(value);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new TypeError(`expected JSON text, got ${describe(value)}`);
  }
}

/** A lone surrogate would be written as U+FFFD by UTF-8 encoding: refuse rather than lose it. */
function assertWellFormed(value: string, what: string): void {
  if (LONE_SURROGATE.test(value)) throw new TypeError(`${what} holds a lone UTF-16 surrogate (not valid UTF-8)`);
}

/** The year may be ISO 8601's expanded form (`+010000`): Date#toISOString writes it past 9999. */
const ISO_TIMESTAMP =
  /^((?:[+-]\d{6}|\d{4})-\d{2}-\d{2})[T ](\d{2}:\d{2}:\d{2})(?:\.(\d+))?(Z|z|[+-]\d{2}(?::?\d{2})?)$/;

/** Microseconds since the epoch (UTC) of a Date or an ISO 8601 string with an offset. */
export function toEpochMicros(value: unknown): bigint {
  if (value instanceof Date) {
    const millis = value.getTime();
    if (Number.isNaN(millis)) throw new RangeError('invalid Date');
    return BigInt(millis) * 1000n;
  }
  if (typeof value !== 'string') throw new TypeError(`expected a Date or an ISO 8601 string, got ${describe(value)}`);
  const match = ISO_TIMESTAMP.exec(value);
  if (!match) throw new RangeError(`"${value}" is not an ISO 8601 timestamp with an offset (Z or ±hh:mm)`);
  const [, date, time, fraction = '', offset] = match;
  const millis = Date.parse(`${date}T${time}Z`);
  if (Number.isNaN(millis) || new Date(millis).toISOString().replace(/\.\d{3}Z$/, '') !== `${date}T${time}`) {
    throw new RangeError(`"${value}" is not a valid date and time`);
  }
  if (fraction.length > 6 && /[1-9]/.test(fraction.slice(6))) {
    throw new RangeError(`"${value}" has more than microsecond precision`);
  }
  const micros = BigInt(millis) * 1000n + BigInt(fraction.slice(0, 6).padEnd(6, '0'));
  return micros - offsetMinutes(offset, value) * 60_000_000n;
}

function offsetMinutes(offset: string, value: string): bigint {
  if (offset === 'Z' || offset === 'z') return 0n;
  const sign = offset[0] === '-' ? -1n : 1n;
  const digits = offset.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = digits.length > 2 ? Number(digits.slice(2, 4)) : 0;
  if (hours > 23 || minutes > 59) throw new RangeError(`"${value}" has an invalid offset`);
  return sign * BigInt(hours * 60 + minutes);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (value instanceof Date) return 'a Date';
  if (typeof value === 'string') return `"${value.length > 40 ? `${value.slice(0, 40)}…` : value}"`;
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    return `${typeof value} ${value.toString()}`;
  return typeof value;
}
