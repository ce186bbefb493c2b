/**
 * Text encodings of exported events. NDJSON: one JSON object a line, keys in column order, the
 * payload and the sources as JSON values. CSV: RFC 4180 (comma, CRLF, quotes doubled), UTF-8, a
 * header line unless asked not to; lists joined with "; " inside a cell, null as an empty cell.
 * Both are pure and deterministic: the same records give the same bytes.
 */
import type { Source } from '../events/event.js';
import { EXPORT_COLUMNS, type ExportRecord } from './export-record.js';

export type ExportFormat = 'ndjson' | 'csv' | 'parquet';
export const EXPORT_FORMATS: ExportFormat[] = ['ndjson', 'csv', 'parquet'];

export const CONTENT_TYPES: Record<ExportFormat, string> = {
  ndjson: 'application/x-ndjson; charset=utf-8',
  csv: 'text/csv; charset=utf-8; header=present',
  parquet: 'application/vnd.apache.parquet',
};

/**
 * One NDJSON line (with its newline). `sources` are the full source objects. `record` is
 * toExportRecord's: its keys in column order, `data` (the payload as compact JSON) last.
 */
export function ndjsonLine(record: ExportRecord, sources: Source[]): string {
  // One JSON.stringify of the whole record (V8's fast path for plain objects) rather than one per
  // column; record.data is already compact JSON: its quoted copy is cut off and it is spliced in as it is.
  const json = JSON.stringify(record);
  return `${json.slice(0, json.lastIndexOf(DATA_KEY))}${DATA_KEY}${record.data},"sources":${JSON.stringify(sources)}}\n`;
}

/** `data` is the last column: in a record's JSON, its key is the last one (inside a JSON string a quote is escaped). */
const DATA_KEY = ',"data":';
if (EXPORT_COLUMNS[EXPORT_COLUMNS.length - 1] !== 'data')
  throw new Error('export-formats: data must be the last column');

export const LIST_SEPARATOR = '; ';

/**
 * A spreadsheet reads a cell beginning with one of these as a formula (`=HYPERLINK(…)` in a
 * statement's text would run when the CSV is opened: CWE-1236). Such text gets a leading
 * apostrophe, which spreadsheets show as text and do not display; numbers are written as they are.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/** Text as a spreadsheet will show it and never run it (see FORMULA_START). */
export function neutralised(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = Array.isArray(value)
    ? neutralised(value.join(LIST_SEPARATOR))
    : typeof value === 'string'
      ? neutralised(value)
      : typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint'
        ? value.toString()
        : JSON.stringify(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvHeader(): string {
  return csvHeaderOf(EXPORT_COLUMNS);
}

export function csvLine(record: ExportRecord): string {
  return csvRow(EXPORT_COLUMNS, record);
}

/** The CSV header of any export's columns. */
export function csvHeaderOf(columns: readonly string[]): string {
  return `${columns.join(',')}\r\n`;
}

/** One CSV line of any export: the record's columns in order. */
export function csvRow<R extends object>(columns: ReadonlyArray<keyof R & string>, record: R): string {
  return `${columns.map((column) => csvCell(record[column])).join(',')}\r\n`;
}
