/** Reading an export's query string: one value of a parameter, or a list (repeated or comma-separated). */
import type { FieldError } from '../common/domain-error.js';
import { parseInstant } from '../common/instant.js';
import { EXPORT_FORMATS, type ExportFormat } from './export-formats.js';

export type Raw = Record<string, string | string[] | undefined>;

/** The parameter's value; a repeated parameter is reported (`give it once`). */
export function one(raw: Raw, name: string, errors: FieldError[]): string | undefined {
  const value = raw[name];
  if (Array.isArray(value)) {
    errors.push({ path: name, reason: 'give it once' });
    return undefined;
  }
  return value;
}

/** The values of a list parameter, repeated or comma-separated, trimmed, empty ones left out. */
export function list(raw: Raw, name: string): string[] | undefined {
  const value = raw[name];
  if (value === undefined) return undefined;
  return (Array.isArray(value) ? value : [value])
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter(Boolean);
}

/** Parameters not in `known`, each reported with the list of those that are. */
export function unknownParameters(raw: Raw, known: readonly string[], errors: FieldError[]): void {
  for (const key of Object.keys(raw))
    if (!known.includes(key)) errors.push({ path: key, reason: `unknown parameter (known: ${known.join(', ')})` });
}

/** The `format` parameter of every export: ndjson unless given; anything else is reported. */
export function exportFormat(raw: Raw, errors: FieldError[]): ExportFormat {
  const format = (one(raw, 'format', errors) ?? 'ndjson') as ExportFormat;
  if (!EXPORT_FORMATS.includes(format))
    errors.push({ path: 'format', reason: `must be one of ${EXPORT_FORMATS.join(', ')}` });
  return format;
}

/** An instant parameter (ISO 8601); null when absent or reported. */
export function instantParam(raw: Raw, name: string, errors: FieldError[]): Date | null {
  const value = one(raw, name, errors);
  if (value === undefined) return null;
  const parsed = parseInstant(value);
  if (!parsed) errors.push({ path: name, reason: 'must be an ISO-8601 date-time such as 2025-03-18T14:00:00Z' });
  return parsed ?? null;
}

/** A true/false parameter; `fallback` when absent. */
export function flagParam(raw: Raw, name: string, fallback: boolean, errors: FieldError[]): boolean {
  const value = one(raw, name, errors);
  if (value === undefined) return fallback;
  if (value !== 'true' && value !== 'false') errors.push({ path: name, reason: 'must be true or false' });
  return value === 'true';
}
