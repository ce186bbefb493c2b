/**
 * Where the database is: DATABASE_URL when set; else the embedded PostgreSQL in DATA_DIR, started
 * here or, when another process of ours (the server) already runs it, reached through the port
 * in its postmaster.pid. The embedded cluster holds the service's data in the database `diplomacy`.
 */
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import type { AppConfig } from '../config/app-config.js';
import { redactUrl, withDatabase } from './database-url.js';
import { type EmbeddedDatabase, startEmbeddedPostgres } from './embedded-postgres.js';

export const EMBEDDED_DATABASE_NAME = 'diplomacy';

export interface DatabaseConnection {
  url: string;
  /** Set when this process started the embedded server (and must stop it). */
  embedded: EmbeddedDatabase | null;
  /** True when this process created the embedded cluster (a first start). */
  firstStart: boolean;
  describe: string;
  stop(): Promise<void>;
}

/** The URL of an embedded server that another live process runs on `dataDir`, if any. */
function runningEmbeddedUrl(dataDir: string): string | null {
  const pidFile = path.join(dataDir, 'pg', 'postmaster.pid');
  const credentialsFile = path.join(dataDir, 'embedded-credentials.json');
  if (!fs.existsSync(pidFile) || !fs.existsSync(credentialsFile)) return null;
  const lines = fs.readFileSync(pidFile, 'utf8').split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  try {
    process.kill(pid, 0);
  } catch {
    return null; // stale pid file: PostgreSQL removes it itself at the next start
  }
  const { user, password } = JSON.parse(fs.readFileSync(credentialsFile, 'utf8')) as { user: string; password: string };
  return `postgres://${user}:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
}

export async function openDatabase(config: AppConfig, log: (message: string) => void): Promise<DatabaseConnection> {
  if (config.databaseUrl) {
    return {
      url: config.databaseUrl,
      embedded: null,
      firstStart: false,
      describe: redactUrl(config.databaseUrl),
      stop: async () => undefined,
    };
  }
  const running = runningEmbeddedUrl(config.dataDir);
  const embedded = running ? null : await startEmbeddedPostgres(config.dataDir, log);
  const adminUrl = running ?? (embedded as EmbeddedDatabase).adminUrl;
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [EMBEDDED_DATABASE_NAME]);
    if (exists.rowCount === 0) await client.query(`CREATE DATABASE ${EMBEDDED_DATABASE_NAME}`);
  } finally {
    await client.end();
  }
  const url = withDatabase(adminUrl, EMBEDDED_DATABASE_NAME);
  return {
    url,
    embedded,
    firstStart: embedded?.created ?? false,
    describe: `embedded PostgreSQL in ${config.dataDir} (${redactUrl(url)})${running ? ', run by another process' : ''}`,
    stop: async () => embedded?.stop(),
  };
}
