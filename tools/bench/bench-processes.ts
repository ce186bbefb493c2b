/**
 * What the bench runs its measurements on: a PostgreSQL of its own (embedded in a temporary folder,
 * or BENCH_DATABASE_URL's server), the service and the baseline server as child processes (so the
 * load generator in this process does not share their event loop), and their memory from /proc.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres } from '../../src/database/embedded-postgres.js';
import { migrate } from '../../src/database/migrations.js';
import { DIST_DIR, TOOLS_DIST_DIR } from '../../src/config/project-paths.js';

export const BENCH_ADMIN_KEY = 'bench-admin-key-0123456789abcdef';

export interface BenchDatabase {
  url: string;
  serverVersion: string;
  stop(): Promise<void>;
}

/** A fresh, migrated database (BENCH_DATABASE_NAME, default `diplomacy_bench`): on BENCH_DATABASE_URL's server, else on an embedded PostgreSQL. */
export async function startBenchDatabase(log: (line: string) => void): Promise<BenchDatabase> {
  let adminUrl = process.env.BENCH_DATABASE_URL;
  let stopServer = async () => undefined as void;
  if (!adminUrl) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'diplomacy-bench-'));
    const embedded = await startEmbeddedPostgres(dir);
    adminUrl = embedded.adminUrl;
    stopServer = async () => {
      await embedded.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    };
    log(`embedded PostgreSQL in ${dir}`);
  }
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  const name = process.env.BENCH_DATABASE_NAME ?? 'diplomacy_bench';
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name))
    throw new Error(`BENCH_DATABASE_NAME "${name}" is not a plain database name`);
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${name}`);
  const [{ server_version: serverVersion }] = (await admin.query<{ server_version: string }>('SHOW server_version'))
    .rows;
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  await migrate(url.toString());
  return { url: url.toString(), serverVersion, stop: stopServer };
}

export interface ChildServer {
  url: string;
  pid: number;
  /** Peak resident memory since the last resetPeak, in bytes (VmHWM). */
  peakRss(): number;
  resetPeak(): void;
  stop(): Promise<void>;
}

function status(pid: number, field: string): number {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) * 1024 : 0;
}

function wrap(child: ChildProcess, url: string): ChildServer {
  const pid = child.pid as number;
  return {
    url,
    pid,
    peakRss: () => status(pid, 'VmHWM'),
    // Writing 5 to clear_refs resets the peak resident set size (Linux ≥ 4.0).
    resetPeak: () => fs.writeFileSync(`/proc/${pid}/clear_refs`, '5'),
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
      }),
  };
}

/**
 * The service itself (dist/main.js), as `npm start` runs it, in production mode; `script` may name
 * another entry of dist/, or an absolute path (the tools' build of mercurius-main.js: the same application with Mercurius).
 */
export async function startService(
  databaseUrl: string,
  env: Record<string, string> = {},
  script = 'main.js',
): Promise<ChildServer> {
  // BENCH_PROFILE_DIR: the service writes a CPU profile there when it stops (open it in Chrome DevTools).
  const profile = process.env.BENCH_PROFILE_DIR
    ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`]
    : [];
  // As `npm start` runs it: with its heap cap (package.json "start").
  const heap = `--max-old-space-size=${process.env.NODE_HEAP_MB ?? 384}`;
  const child = spawn(
    process.execPath,
    [heap, ...profile, path.isAbsolute(script) ? script : path.join(DIST_DIR, script)],
    {
      env: {
        ...process.env,
        NODE_ENV: 'production',
        // Any free port, learnt from the child itself (its IPC message): a port chosen here and bound
        // there could be taken in between by another server, which would then answer in its place.
        PORT: '0',
        HOST: '127.0.0.1',
        DATABASE_URL: databaseUrl,
        ADMIN_API_KEY: BENCH_ADMIN_KEY,
        DEMO_DATA: 'false',
        LOG_LEVEL: 'warn',
        // The bench measures the service, not its rate limits (one address sends everything).
        RATE_LIMIT_IP: '0',
        MAX_CONNECTIONS_PER_ADDRESS: '0',
        RATE_LIMIT_KEY: '0',
        ...env,
      },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    },
  );
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error('the service did not start listening within 120 s'));
    }, 120_000);
    child.once('message', (message: { listening?: number }) => {
      clearTimeout(timer);
      if (typeof message.listening === 'number') resolve(message.listening);
      else reject(new Error(`unexpected message from the service: ${JSON.stringify(message)}`));
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the service exited with code ${code} while starting`));
    });
  });
  child.disconnect();
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the service exited with code ${child.exitCode} while starting`);
    try {
      if ((await fetch(`${url}/health`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error('the service did not answer /health within 60 s');
    await new Promise((r) => setTimeout(r, 200));
  }
  return wrap(child, url);
}

/** The bare Fastify baseline (baseline-server.ts). */
export async function startBaselineServer(databaseUrl: string): Promise<ChildServer> {
  const child = spawn(process.execPath, [path.join(TOOLS_DIST_DIR, 'bench', 'baseline-server.js')], {
    env: { ...process.env, DATABASE_URL: databaseUrl, PORT: '0' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /listening (\d+)/.exec(out);
      if (match) resolve(Number(match[1]));
    });
    child.once('exit', (code) => reject(new Error(`the baseline server exited with code ${code}`)));
  });
  return wrap(child, `http://127.0.0.1:${port}`);
}

/** Waits until /health reports every projection at the log's position. */
export async function waitCaughtUp(service: ChildServer, timeoutMs = 30 * 60_000): Promise<number> {
  const started = performance.now();
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const health = (await (await fetch(`${service.url}/health`)).json()) as {
      position?: string;
      projections?: Record<string, { lag: string | number }>;
    };
    const lags = Object.values(health.projections ?? {}).map((p) => Number(p.lag));
    if (lags.length > 0 && lags.every((lag) => lag === 0)) return (performance.now() - started) / 1000;
    if (Date.now() > deadline)
      throw new Error(`projections not caught up after ${timeoutMs / 1000} s: ${JSON.stringify(health)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Runs a node script of dist/ to its end; resolves with its wall time in seconds and its output. */
export async function runNode(
  script: string,
  args: string[],
  env: Record<string, string>,
): Promise<{ seconds: number; stdout: string; stderr: string }> {
  const started = performance.now();
  const child = spawn(process.execPath, [path.join(DIST_DIR, script), ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`${script} exited with ${code}: ${stderr.slice(-2000)}`);
  return { seconds: (performance.now() - started) / 1000, stdout, stderr };
}
