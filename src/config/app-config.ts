/**
 * The service's configuration, read from the environment once and validated at boot.
 * A bad value stops the start with a message that names the variable and the reason.
 */
import path from 'node:path';

export interface AppConfig {
  nodeEnv: string;
  production: boolean;
  host: string;
  port: number;
  /** Absent: an embedded PostgreSQL is started in `dataDir`. */
  databaseUrl: string | undefined;
  /** A streaming replica of the database that pure reads go to (the primary when absent or down). */
  readDatabaseUrl: string | undefined;
  /** Reads leave a replica that has been behind the primary's log head for longer than this (ms); 0: never. */
  readMaxLagMs: number;
  dataDir: string;
  adminApiKey: string | undefined;
  demoData: boolean;
  publicRead: boolean;
  /** Whether every event must pass through a draft's review (no direct appendEvents, no POST /import/events). */
  requireReview: boolean;
  logLevel: string;
  /** `json` (one JSON object a line), `pretty` (pino-pretty, for people), or `auto`: pretty on a terminal, JSON otherwise. */
  logFormat: LogFormatSetting;
  /** Whether GET /metrics answers (Prometheus text format). */
  metricsEnabled: boolean;
  /** When set, GET /metrics needs `Authorization: Bearer <this>`. */
  metricsToken: string | undefined;
  graphqlIntrospection: boolean;
  /** How long caches may keep a keyless GET /graphql query's answer on a public-read server; 0: not at all. */
  graphqlGetMaxAgeSeconds: number;
  /** Whether GET /graphql serves GraphiQL to browsers (default: not in production). */
  graphiql: boolean;
  /** Whether this instance may run the projectors (one instance at a time does, elected by an advisory lock). */
  runProjections: boolean;
  /**
   * A projector leader that has not renewed its lease for this long is fenced and replaced by
   * another instance (it renews every fifth of it).
   */
  projectorLeaseMs: number;
  /** /health/ready answers 503 while a projection is more than this many events behind. */
  readyMaxLag: number;
  /** Origins (scheme://host[:port]) other than the service's own that browsers may call it from; `*` for any. */
  corsOrigins: string[];
  /** Requests per minute allowed to one client address (requests without a valid key); 0: no limit. */
  rateLimitIp: number;
  /** Requests per minute allowed to one API key; 0: no limit. */
  rateLimitKey: number;
  /** Whether X-Forwarded-For names the client (behind a proxy): false, true (any peer), or the proxies' addresses/CIDRs. */
  trustProxy: boolean | string;
  /** A client must send the request headers within this many milliseconds. */
  headersTimeoutMs: number;
  /** A connection on which nothing moves for this long is closed. */
  idleTimeoutMs: number;
  /** A whole request (headers and body) must arrive within this many milliseconds. */
  requestTimeoutMs: number;
  /** A request's body must arrive within this many milliseconds of its headers (bulk imports: importBodyTimeoutMs). */
  bodyTimeoutMs: number;
  /** The body of a bulk import (POST /import/...) must arrive within this many milliseconds. */
  importBodyTimeoutMs: number;
  /** Open connections (HTTP and WebSocket) one peer address may hold; 0: no limit. */
  maxConnectionsPerAddress: number;
  graphqlLimits: GraphqlLimits;
}

export interface GraphqlLimits {
  /** Deepest selection (fields nested in fields, fragments inlined). */
  maxDepth: number;
  /** Estimated number of values an operation may ask for (lists count `first`/`last`, or a default). */
  maxCost: number;
  /** Aliases in one operation. */
  maxAliases: number;
  /** Fields in one operation (or batch) once its fragments are inlined. */
  maxNodes: number;
  /** Operations in one batched HTTP request (a JSON array); 1 refuses batches. */
  maxBatch: number;
}

export class ConfigError extends Error {}

export type LogFormatSetting = 'json' | 'pretty' | 'auto';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

function int(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < min || value > max)
    throw new ConfigError(`${name}: must be an integer ${min}-${max}, got "${raw}"`);
  return value;
}

function origins(raw: string | undefined): string[] {
  if (!raw) return [];
  const list = raw
    .split(',')
    .map((origin) => origin.trim())
    .filter(Boolean);
  for (const origin of list) {
    if (origin !== '*' && !/^https?:\/\/[^/\s]+$/.test(origin)) {
      throw new ConfigError(`CORS_ORIGINS: "${origin}" is not an origin (scheme://host[:port], no path) or *`);
    }
  }
  return list.map((origin) => origin.replace(/\/$/, '').toLowerCase());
}

function trustProxy(raw: string | undefined): boolean | string {
  if (raw === undefined || raw === '' || /^(false|no|off)$/i.test(raw)) return false;
  if (/^(true|yes|on)$/i.test(raw)) return true;
  // A hop count is refused: Fastify cannot check the peer with one, so it would trust no one.
  if (/^[0-9a-fA-F.:/,\s]+$/.test(raw) && /[.:]/.test(raw)) return raw;
  throw new ConfigError(
    `TRUST_PROXY: must be true, false, or a comma list of the proxies' addresses or CIDRs, got "${raw}"`,
  );
}

function bool(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (/^(true|1|yes|on)$/i.test(raw)) return true;
  if (/^(false|0|no|off)$/i.test(raw)) return false;
  throw new ConfigError(`${name}: must be true or false, got "${raw}"`);
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const nodeEnv = env.NODE_ENV || 'development';
  const portRaw = env.PORT ?? '3000';
  const port = Number(portRaw);
  if (!/^\d+$/.test(portRaw) || port > 65535)
    throw new ConfigError(`PORT: must be an integer 0-65535, got "${portRaw}"`);
  const databaseUrl = env.DATABASE_URL || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError('DATABASE_URL: must start with postgres:// or postgresql://');
  }
  const readDatabaseUrl = env.READ_DATABASE_URL || undefined;
  if (readDatabaseUrl && !/^postgres(ql)?:\/\//.test(readDatabaseUrl)) {
    throw new ConfigError('READ_DATABASE_URL: must start with postgres:// or postgresql://');
  }
  if (readDatabaseUrl && !databaseUrl) {
    throw new ConfigError(
      'READ_DATABASE_URL: needs DATABASE_URL (a replica of the embedded PostgreSQL is not supported)',
    );
  }
  const readMaxLagMs = int(env, 'READ_MAX_LAG_MS', 0, 0, 3_600_000);
  if (readMaxLagMs > 0 && readMaxLagMs < 1_000)
    throw new ConfigError(
      `READ_MAX_LAG_MS: must be 0 (off) or 1000-3600000 (the lag is sampled every second), got "${env.READ_MAX_LAG_MS}"`,
    );
  if (readMaxLagMs > 0 && !readDatabaseUrl) throw new ConfigError('READ_MAX_LAG_MS: needs READ_DATABASE_URL');
  const adminApiKey = env.ADMIN_API_KEY || undefined;
  if (adminApiKey !== undefined && adminApiKey.length < 24) {
    throw new ConfigError('ADMIN_API_KEY: must be at least 24 characters long');
  }
  const logLevel = (env.LOG_LEVEL || 'info').toLowerCase();
  if (!LOG_LEVELS.includes(logLevel)) throw new ConfigError(`LOG_LEVEL: must be one of ${LOG_LEVELS.join(', ')}`);
  const logFormat = (env.LOG_FORMAT || 'auto').toLowerCase();
  if (!['json', 'pretty', 'auto'].includes(logFormat))
    throw new ConfigError(`LOG_FORMAT: must be json, pretty or auto, got "${env.LOG_FORMAT}"`);
  const metricsToken = env.METRICS_TOKEN || undefined;
  if (metricsToken !== undefined && (metricsToken.length < 16 || !/^[\x21-\x7e]+$/.test(metricsToken)))
    throw new ConfigError('METRICS_TOKEN: must be at least 16 printable characters without spaces');
  const production = nodeEnv === 'production';
  return {
    nodeEnv,
    production,
    host: env.HOST || '0.0.0.0',
    port,
    databaseUrl,
    readDatabaseUrl,
    readMaxLagMs,
    dataDir: path.resolve(env.DATA_DIR || './.data'),
    adminApiKey,
    demoData: bool(env, 'DEMO_DATA', true),
    publicRead: bool(env, 'PUBLIC_READ', true),
    requireReview: bool(env, 'REQUIRE_REVIEW', false),
    logLevel,
    logFormat: logFormat as LogFormatSetting,
    metricsEnabled: bool(env, 'METRICS_ENABLED', true),
    metricsToken,
    graphqlIntrospection: bool(env, 'GRAPHQL_INTROSPECTION', !production),
    graphqlGetMaxAgeSeconds: int(env, 'GRAPHQL_GET_MAX_AGE', 5, 0, 86_400),
    graphiql: bool(env, 'GRAPHIQL', !production),
    runProjections: bool(env, 'RUN_PROJECTIONS', true),
    projectorLeaseMs: int(env, 'PROJECTOR_LEASE_MS', 15_000, 1_000, 600_000),
    readyMaxLag: int(env, 'READY_MAX_LAG', 10_000, 0, 1_000_000_000),
    corsOrigins: origins(env.CORS_ORIGINS),
    rateLimitIp: int(env, 'RATE_LIMIT_IP', 600, 0, 1_000_000),
    rateLimitKey: int(env, 'RATE_LIMIT_KEY', 6000, 0, 1_000_000),
    trustProxy: trustProxy(env.TRUST_PROXY),
    headersTimeoutMs: int(env, 'HEADERS_TIMEOUT_MS', 10_000, 100, 600_000),
    idleTimeoutMs: int(env, 'IDLE_TIMEOUT_MS', 60_000, 100, 3_600_000),
    requestTimeoutMs: int(env, 'REQUEST_TIMEOUT_MS', 600_000, 100, 86_400_000),
    bodyTimeoutMs: int(env, 'BODY_TIMEOUT_MS', 30_000, 100, 86_400_000),
    importBodyTimeoutMs: int(env, 'IMPORT_BODY_TIMEOUT_MS', 600_000, 100, 86_400_000),
    // Behind a proxy every connection comes from the proxy: no cap unless one is set.
    maxConnectionsPerAddress: int(
      env,
      'MAX_CONNECTIONS_PER_ADDRESS',
      trustProxy(env.TRUST_PROXY) === false ? 64 : 0,
      0,
      1_000_000,
    ),
    graphqlLimits: {
      maxDepth: int(env, 'GRAPHQL_MAX_DEPTH', 12, 1, 100),
      maxCost: int(env, 'GRAPHQL_MAX_COST', 250_000, 1, 100_000_000),
      maxAliases: int(env, 'GRAPHQL_MAX_ALIASES', 30, 0, 10_000),
      maxNodes: int(env, 'GRAPHQL_MAX_NODES', 5_000, 1, 1_000_000),
      maxBatch: int(env, 'GRAPHQL_MAX_BATCH', 10, 1, 1000),
    },
  };
}

/** Injection token of the AppConfig provider. */
export const APP_CONFIG = Symbol('APP_CONFIG');
