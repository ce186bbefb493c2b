/**
 * Who a database connection belongs to, and how a dead peer is noticed.
 *
 * Every connection of this process carries one application_name — `diplomacy-timeline:<instance
 * id>`, unless DATABASE_URL sets one (then give each instance its own) — so that another instance
 * can find (in pg_stat_activity) and end the connections of a projector leader that froze
 * (leader-lock.ts). And every connection asks for TCP keepalives on both
 * sides: the client's socket probes the server, and the server (tcp_keepalives_*, per session)
 * probes the client, so that a host cut off without closing its connections loses its backends —
 * and with them its advisory locks — in about 20 seconds instead of the hours TCP would take.
 */
import crypto from 'node:crypto';
import type pg from 'pg';

/** This process, among the instances on one database. */
export const INSTANCE_ID = crypto.randomUUID().slice(0, 8);
export const APPLICATION_PREFIX = 'diplomacy-timeline:';
export const APPLICATION_NAME = `${APPLICATION_PREFIX}${INSTANCE_ID}`;

/** Server side: first probe after 10 s of silence, then every 3 s, the backend ends after 3 lost probes. */
const SERVER_KEEPALIVES = '-c tcp_keepalives_idle=10 -c tcp_keepalives_interval=3 -c tcp_keepalives_count=3';

/** The application_name of this process's connections to `url`: the URL's own, else APPLICATION_NAME. */
export function applicationNameFor(url: string): string {
  try {
    return new URL(url).searchParams.get('application_name') || APPLICATION_NAME;
  } catch {
    return APPLICATION_NAME;
  }
}

/** What every pg connection of the service to `url` is opened with, besides the URL. */
export function connectionOptions(url: string) {
  return {
    application_name: applicationNameFor(url),
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
    options: SERVER_KEEPALIVES,
  } satisfies pg.ClientConfig;
}

export function clientConfig(connectionString: string): pg.ClientConfig {
  return { connectionString, ...connectionOptions(connectionString) };
}
