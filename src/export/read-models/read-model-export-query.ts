/** The query string of GET /export/read-models/{ceasefires,pledges,agreements}, checked: each problem is reported with the parameter's name. */
import type { FieldError } from '../../common/domain-error.js';
import { ValidationFailed } from '../../common/domain-error.js';
import { parseInstant } from '../../common/instant.js';
import type { ExportFormat } from '../export-formats.js';
import { type Raw, exportFormat, one, unknownParameters } from '../query-params.js';

export interface ReadModelExportQuery {
  format: ExportFormat;
  /** The world at that moment (null: now). */
  asOf: Date | null;
  /** The record as it stood then (null: as recorded now). */
  knownAt: Date | null;
  /** CSV only: false leaves out the header line. */
  header: boolean;
}

const KNOWN = ['format', 'asOf', 'knownAt', 'header'];

export function parseReadModelExportQuery(raw: Raw): ReadModelExportQuery {
  const errors: FieldError[] = [];
  unknownParameters(raw, KNOWN, errors);
  const format = exportFormat(raw, errors);
  const date = (name: string): Date | null => {
    const value = one(raw, name, errors);
    if (value === undefined) return null;
    const parsed = parseInstant(value);
    if (!parsed) errors.push({ path: name, reason: 'must be an ISO-8601 date-time such as 2025-03-18T14:00:00Z' });
    return parsed ?? null;
  };
  const asOf = date('asOf');
  const knownAt = date('knownAt');
  const header = one(raw, 'header', errors) ?? 'true';
  if (header !== 'true' && header !== 'false') errors.push({ path: 'header', reason: 'must be true or false' });
  if (errors.length) throw new ValidationFailed(errors);
  return { format, asOf, knownAt, header: header === 'true' };
}
