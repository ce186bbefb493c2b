/**
 * Turns exported events into the bytes of a format, as a stream of chunks: text lines gathered
 * into chunks of about 64 KiB; Parquet one row group at a time, encoded in a worker thread
 * (parquet-worker.ts) so that the event loop stays free (memory stays flat). The same records and
 * metadata always give the same bytes.
 */
import type { ExportedEvent } from './event-export.service.js';
import { csvHeader, csvLine, ndjsonLine } from './export-formats.js';
import type { ExportQuery } from './export-query.js';
import { EXPORT_COLUMN_SPECS } from './export-record.js';
import { encodeParquetInWorker } from './parquet-worker.js';

const TEXT_CHUNK = 65_536;
// 5,000 rows a group (about 1 MB of the file): with the worker's young generation capped, the
// service's peak RSS during a whole 1M-event Parquet export went from 309–321 MB to 286–292 MB (BENCHMARKS.md).
const PARQUET_ROW_GROUP = 5_000;
const PARQUET_BATCH = 1_000;

export async function* encodeExport(
  records: AsyncIterable<ExportedEvent>,
  q: Pick<ExportQuery, 'format' | 'header'>,
  metadata: Record<string, string>,
  signal?: AbortSignal,
): AsyncGenerator<string | Uint8Array> {
  if (q.format === 'parquet') {
    yield* encodeParquetInWorker(
      rowBatches(records),
      { columns: EXPORT_COLUMN_SPECS, metadata, rowGroupSize: PARQUET_ROW_GROUP },
      signal,
    );
    return;
  }
  let buffer = q.format === 'csv' && q.header ? csvHeader() : '';
  for await (const { record, sources } of records) {
    buffer += q.format === 'csv' ? csvLine(record) : ndjsonLine(record, sources);
    if (buffer.length >= TEXT_CHUNK) {
      yield buffer;
      buffer = '';
    }
  }
  if (buffer) yield buffer;
}

/** The records' rows in batches of PARQUET_BATCH: what goes to the Parquet worker in one message. */
async function* rowBatches(records: AsyncIterable<ExportedEvent>): AsyncGenerator<Array<Record<string, unknown>>> {
  let batch: Array<Record<string, unknown>> = [];
  for await (const { record } of records) {
    batch.push(record as unknown as Record<string, unknown>);
    if (batch.length >= PARQUET_BATCH) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length) yield batch;
}
