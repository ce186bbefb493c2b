/** The query string of GET /export/read-models/{ceasefires,pledges,agreements}, checked: each problem is reported with the parameter's name. */
import type { FieldError } from '../../common/domain-error.js';
import { ValidationFailed } from '../../common/domain-error.js';
import type { ExportFormat } from '../export-formats.js';
import { type Raw, exportFormat, flagParam, instantParam, unknownParameters } from '../query-params.js';

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
  const date = (name: string): Date | null => instantParam(raw, name, errors);
  const asOf = date('asOf');
  const knownAt = date('knownAt');
  const header = flagParam(raw, 'header', true, errors);
  if (errors.length) throw new ValidationFailed(errors);
  return { format, asOf, knownAt, header };
}
