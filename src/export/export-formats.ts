/**
 * Text encodings of exported events. NDJSON: one JSON object a line, keys in column order, the
 * payload and the sources as JSON values. CSV: RFC 4180 (comma, CRLF, quotes doubled), UTF-8, a
 * header line unless asked not to; lists joined with "; " inside a cell, null as an empty cell.
 * Both are pure and deterministic: the same records give the same bytes.
 */
import type { Source } from '../events/append/append-envelope.validation.js';
import { EXPORT_COLUMNS, type ExportRecord } from './export-record.js';

export type ExportFormat = 'ndjson' | 'csv' | 'parquet';
export const EXPORT_FORMATS: ExportFormat[] = ['ndjson', 'csv', 'parquet'];

export const CONTENT_TYPES: Record<ExportFormat, string> = {
  ndjson: 'application/x-ndjson; charset=utf-8',
  csv: 'text/csv; charset=utf-8; header=present',
  parquet: 'application/vnd.apache.parquet',
};

/** One NDJSON line (with its newline). `sources` are the full source objects. */
export function ndjsonLine(record: ExportRecord, sources: Source[]): string {
  const object: Record<string, unknown> = {};
  for (const column of EXPORT_COLUMNS) object[column] = column === 'data' ? JSON.parse(record.data) : record[column];
  object.sources = sources;
  return `${JSON.stringify(object)}\n`;
}

export const LIST_SEPARATOR = '; ';

function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = Array.isArray(value) ? value.join(LIST_SEPARATOR) : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvHeader(): string {
  return `${EXPORT_COLUMNS.join(',')}\r\n`;
}

export function csvLine(record: ExportRecord): string {
  return `${EXPORT_COLUMNS.map((column) => csvCell(record[column])).join(',')}\r\n`;
}
