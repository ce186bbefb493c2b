/** Small helpers on PostgreSQL connection URLs. */

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(database)}`;
  return parsed.toString();
}

/** The URL with its password hidden, for logs. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparseable URL)';
  }
}

/** Injection token of the service database URL (for connections outside the TypeORM pool, such as LISTEN). */
export const DATABASE_URL = Symbol('DATABASE_URL');
