/**
 * A real PostgreSQL primary and a streaming replica of it, made with Debian's binaries
 * (/usr/lib/postgresql/15/bin, package postgresql-15): initdb, a primary with wal_level=replica,
 * `pg_basebackup -R` for the standby, both started with pg_ctl on free loopback ports. initdb
 * refuses root: as root, every command runs as the `postgres` user (su), in a folder it owns.
 *
 *   const pair = await createReplicatedPair();
 *   pair.primary.url, pair.replica.url       // postgres://postgres@127.0.0.1:<port>/postgres (trust)
 *   await pair.primary.stop(); await pair.primary.start();
 *   await pair.destroy();
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { serverPort } from './server-port.js';

export const PG15_BIN = process.env.PG15_BIN ?? '/usr/lib/postgresql/15/bin';

const exec = promisify(execFile);

/** Runs a shell command as the user that owns the clusters (postgres when we are root). */
async function sh(command: string): Promise<string> {
  const asRoot = process.getuid?.() === 0;
  const { stdout } = asRoot
    ? await exec('su', ['postgres', '-s', '/bin/bash', '-c', command], { timeout: 120_000 })
    : await exec('/bin/bash', ['-c', command], { timeout: 120_000 });
  return stdout;
}

export interface Cluster {
  port: number;
  url: string;
  dataDir: string;
  start(): Promise<void>;
  /** Fast shutdown: sessions are ended, the server is gone when this resolves. */
  stop(): Promise<void>;
  log(): string;
}

function cluster(dir: string, name: string, port: number): Cluster {
  const dataDir = path.join(dir, name);
  const logFile = path.join(dir, `${name}.log`);
  return {
    port,
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    dataDir,
    start: async () => {
      await sh(`${PG15_BIN}/pg_ctl -D ${dataDir} -l ${logFile} -w -t 60 -o '-p ${port} -k ${dir}' start`);
    },
    stop: async () => {
      await sh(`${PG15_BIN}/pg_ctl -D ${dataDir} -m fast -w -t 60 stop`);
    },
    log: () => (fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8') : ''),
  };
}

export interface ReplicatedPair {
  primary: Cluster;
  replica: Cluster;
  destroy(): Promise<void>;
}

export async function createReplicatedPair(): Promise<ReplicatedPair> {
  if (!fs.existsSync(path.join(PG15_BIN, 'initdb')))
    throw new Error(`no PostgreSQL binaries in ${PG15_BIN}: install postgresql-15 (Debian) or set PG15_BIN`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'replica-'));
  if (process.getuid?.() === 0) {
    const id = async (flag: string) => (await exec('id', [flag, 'postgres'])).stdout.trim();
    fs.chownSync(dir, Number(await id('-u')), Number(await id('-g')));
  }
  const primary = cluster(dir, 'primary', await serverPort());
  const replica = cluster(dir, 'replica', await serverPort());
  await sh(`${PG15_BIN}/initdb -D ${primary.dataDir} -A trust -U postgres >/dev/null`);
  fs.appendFileSync(
    path.join(primary.dataDir, 'postgresql.conf'),
    [
      "listen_addresses = '127.0.0.1'",
      'wal_level = replica',
      'max_wal_senders = 5',
      'wal_keep_size = 256MB',
      'hot_standby = on',
      'max_connections = 200',
      'fsync = off',
      '',
    ].join('\n'),
  );
  await primary.start();
  // -R writes standby.signal and primary_conninfo; -X stream copies the WAL written meanwhile.
  await sh(
    `${PG15_BIN}/pg_basebackup -h 127.0.0.1 -p ${primary.port} -U postgres -D ${replica.dataDir} -R -X stream >/dev/null`,
  );
  await replica.start();
  return {
    primary,
    replica,
    destroy: async () => {
      await replica.stop().catch(() => undefined);
      await primary.stop().catch(() => undefined);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
