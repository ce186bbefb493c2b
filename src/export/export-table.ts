/**
 * An export of flat rows (one per claim, ceasefire, pledge or agreement) in NDJSON, CSV or
 * Parquet, from the rows and the columns that describe them. The encodings are those of the events
 * export: CSV as export-formats.ts writes it (lists joined with "; ", formula-like text
 * neutralised), Parquet in the worker thread a row group at a time. A JSON column holds JSON text:
 * NDJSON nests it as a value, CSV writes the text, Parquet annotates it with the JSON logical type.
 */
import { csvHeaderOf, csvRow, type ExportFormat } from './export-formats.js';
import type { ParquetColumnType } from './parquet-writer.js';
import { encodeParquetInWorker } from './parquet-worker.js';

/** A column of a flat export: its key in the row, its type in Parquet (CSV writes text), its meaning. */
export interface TableColumn<R> {
  name: keyof R & string;
  type: ParquetColumnType;
  nullable: boolean;
  description: string;
}

const TEXT_CHUNK = 65_536;
const PARQUET_ROW_GROUP = 10_000;
const PARQUET_BATCH = 1_000;

/** One NDJSON line: the row's columns in order, a JSON column's text nested as a value. */
export function ndjsonTableLine<R extends object>(columns: ReadonlyArray<TableColumn<R>>, row: R): string {
  const fields = columns.map(({ name, type }) => {
    const value = row[name] ?? null;
    return `${JSON.stringify(name)}:${type === 'JSON' && value !== null ? (value as string) : JSON.stringify(value)}`;
  });
  return `{${fields.join(',')}}\n`;
}

/** The bytes of `rows` in `format`, as chunks; `metadata` goes into a Parquet file's key-value metadata. */
export async function* encodeTable<R extends object>(
  columns: ReadonlyArray<TableColumn<R>>,
  rows: Iterable<R>,
  format: ExportFormat,
  options: { header: boolean; metadata: Record<string, string>; signal?: AbortSignal },
): AsyncGenerator<string | Uint8Array> {
  if (format === 'parquet') {
    yield* encodeParquetInWorker(
      batches(rows),
      {
        columns: columns.map(({ name, type, nullable }) => ({ name, type, nullable })),
        metadata: options.metadata,
        rowGroupSize: PARQUET_ROW_GROUP,
      },
      options.signal,
    );
    return;
  }
  const names = columns.map((c) => c.name);
  let buffer = format === 'csv' && options.header ? csvHeaderOf(names) : '';
  for (const row of rows) {
    buffer += format === 'csv' ? csvRow(names, row) : ndjsonTableLine(columns, row);
    if (buffer.length >= TEXT_CHUNK) {
      yield buffer;
      buffer = '';
    }
  }
  if (buffer) yield buffer;
}

async function* batches<R extends object>(rows: Iterable<R>): AsyncGenerator<Array<Record<string, unknown>>> {
  let batch: Array<Record<string, unknown>> = [];
  for (const row of rows) {
    batch.push(row as Record<string, unknown>);
    if (batch.length >= PARQUET_BATCH) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length) yield batch;
}
