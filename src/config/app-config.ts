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
  dataDir: string;
  adminApiKey: string | undefined;
  demoData: boolean;
  publicRead: boolean;
  logLevel: string;
  graphqlIntrospection: boolean;
  /** Whether this instance may run the projectors (one instance at a time does, elected by an advisory lock). */
  runProjections: boolean;
}

export class ConfigError extends Error {}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

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
  if (!/^\d+$/.test(portRaw) || port > 65535) throw new ConfigError(`PORT: must be an integer 0-65535, got "${portRaw}"`);
  const databaseUrl = env.DATABASE_URL || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError('DATABASE_URL: must start with postgres:// or postgresql://');
  }
  const adminApiKey = env.ADMIN_API_KEY || undefined;
  if (adminApiKey !== undefined && adminApiKey.length < 24) {
    throw new ConfigError('ADMIN_API_KEY: must be at least 24 characters long');
  }
  const logLevel = (env.LOG_LEVEL || 'info').toLowerCase();
  if (!LOG_LEVELS.includes(logLevel)) throw new ConfigError(`LOG_LEVEL: must be one of ${LOG_LEVELS.join(', ')}`);
  const production = nodeEnv === 'production';
  return {
    nodeEnv,
    production,
    host: env.HOST || '0.0.0.0',
    port,
    databaseUrl,
    dataDir: path.resolve(env.DATA_DIR || './.data'),
    adminApiKey,
    demoData: bool(env, 'DEMO_DATA', true),
    publicRead: bool(env, 'PUBLIC_READ', true),
    logLevel,
    graphqlIntrospection: bool(env, 'GRAPHQL_INTROSPECTION', !production),
    runProjections: bool(env, 'RUN_PROJECTIONS', true),
  };
}

/** Injection token of the AppConfig provider. */
export const APP_CONFIG = Symbol('APP_CONFIG');
