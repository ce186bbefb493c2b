/** Strict ISO-8601 instants: what the API accepts as a date-time. */

const ISO_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2}))?$/i;

/** Parses `2025-03-18T14:00:00Z`, `2025-03-18T16:00+03:00` or `2025-03-18` (UTC midnight); null otherwise. */
export function parseInstant(value: unknown): Date | null {
  if (typeof value !== 'string') return null;
  const match = ISO_DATE_TIME.exec(value.trim());
  if (!match) return null;
  const [, y, mo, d, h, mi] = match;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  if (h !== undefined && (Number(h) > 23 || Number(mi) > 59 || Number(match[6] ?? 0) > 59)) return null;
  const millis = Date.parse(h === undefined ? `${value.trim()}T00:00:00Z` : value.trim());
  return Number.isFinite(millis) ? new Date(millis) : null;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}
