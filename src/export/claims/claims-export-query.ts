/** The query string of GET /export/claims, checked: each problem is reported with the parameter's name. */
import type { FieldError } from '../../common/domain-error.js';
import { ValidationFailed } from '../../common/domain-error.js';
import { ClaimStatusEnum } from '../../read-models/claims/claim.model.js';
import type { ClaimQuery } from '../../read-models/claims/claims.service.js';
import type { ExportFormat } from '../export-formats.js';
import { type Raw, exportFormat, flagParam, instantParam, list, one, unknownParameters } from '../query-params.js';

export interface ClaimsExportQuery {
  format: ExportFormat;
  claims: ClaimQuery;
  /** CSV only: false leaves out the header line. */
  header: boolean;
}

const KNOWN = ['format', 'status', 'claimantId', 'readoutOf', 'from', 'to', 'asOf', 'knownAt', 'header'];
const STATUSES: readonly string[] = Object.values(ClaimStatusEnum);

export function parseClaimsExportQuery(raw: Raw): ClaimsExportQuery {
  const errors: FieldError[] = [];
  unknownParameters(raw, KNOWN, errors);
  const format = exportFormat(raw, errors);
  const status = list(raw, 'status');
  status?.forEach((value, i) => {
    if (!STATUSES.includes(value))
      errors.push({ path: `status[${i}]`, reason: `must be one of ${STATUSES.join(', ')}` });
  });
  const date = (name: string): Date | null => instantParam(raw, name, errors);
  const header = flagParam(raw, 'header', true, errors);
  const claims: ClaimQuery = {
    status,
    claimantId: one(raw, 'claimantId', errors) ?? null,
    readoutOf: one(raw, 'readoutOf', errors) ?? null,
    from: date('from'),
    to: date('to'),
    asOf: date('asOf'),
    knownAt: date('knownAt'),
  };
  if (errors.length) throw new ValidationFailed(errors);
  return { format, claims, header };
}
