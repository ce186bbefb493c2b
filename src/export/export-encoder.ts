/**
 * Turns exported events into the bytes of a format, as a stream of chunks: text lines gathered
 * into chunks of about 64 KiB; Parquet one row group at a time (memory stays flat). The same
 * records and metadata always give the same bytes.
 */
import type { ExportedEvent } from './event-export.service.js';
import { csvHeader, csvLine, ndjsonLine } from './export-formats.js';
import type { ExportQuery } from './export-query.js';
import { EXPORT_COLUMN_SPECS } from './export-record.js';
import { createParquetStream } from './parquet-writer.js';

const TEXT_CHUNK = 65_536;
const PARQUET_ROW_GROUP = 10_000;

export async function* encodeExport(
  records: AsyncIterable<ExportedEvent>,
  q: Pick<ExportQuery, 'format' | 'header'>,
  metadata: Record<string, string>,
): AsyncGenerator<string | Uint8Array> {
  if (q.format === 'parquet') {
    const parquet = createParquetStream(EXPORT_COLUMN_SPECS, metadata, { rowGroupSize: PARQUET_ROW_GROUP });
    let batch: Array<Record<string, unknown>> = [];
    for await (const { record } of records) {
      batch.push(record as unknown as Record<string, unknown>);
      if (batch.length >= 1_000) {
        const bytes = parquet.write(batch);
        batch = [];
        if (bytes.length) yield bytes;
      }
    }
    const bytes = parquet.write(batch);
    if (bytes.length) yield bytes;
    yield parquet.end();
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
