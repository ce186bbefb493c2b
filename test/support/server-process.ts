/**
 * The built server and CLIs as child processes, as a deployment runs them (`node dist/main.js`):
 * for the tests that kill processes, run several instances on one database, or take the database
 * away from a running server. Needs the build (dist/).
 *
 *   const server = await startServer('A', { databaseUrl: database.url });
 *   const { data } = await gql(server, '{ __typename }');
 *   await server.kill();            // SIGKILL; resolves with { code: null, signal: 'SIGKILL' }
 *   afterAll(() => stopAllProcesses());
 *
 * Every process started here is remembered; stopAllProcesses() kills those still running (each by
 * its own pid) and waits, bounded, for them to exit.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import crypto from 'node:crypto';
import path from 'node:path';
import pg from 'pg';
import { DIST_DIR, PROJECT_ROOT } from '../../src/config/project-paths.js';
import { serverPort } from './server-port.js';
import { until } from './wait.js';

/** The admin key of the servers started here unless a test gives another (ADMIN_API_KEY: at least 24 characters). */
export const ADMIN_KEY = `server-process-${crypto.randomBytes(24).toString('base64url')}`;

/**
 * What every spawned server gets unless the test overrides it: quiet logs, no demo data, rate
 * limits off (a test fires many requests from one address).
 */
export const SERVER_DEFAULTS: Readonly<Record<string, string>> = {
  HOST: '127.0.0.1',
  LOG_LEVEL: 'warn',
  DEMO_DATA: 'false',
  RATE_LIMIT_IP: '0',
  MAX_CONNECTIONS_PER_ADDRESS: '0',
  RATE_LIMIT_KEY: '0',
};

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** A node script running as a child process. */
export interface NodeProcess {
  name: string;
  child: ChildProcess;
  pid: number;
  /** stdout and stderr so far, interleaved as they came. */
  output(): string;
  stdout(): string;
  stderr(): string;
  /** Resolves when the process has exited. */
  exited: Promise<Exit>;
  running(): boolean;
  /** Sends `signal` (SIGKILL unless given) when it is still running; resolves when it has exited. */
  kill(signal?: NodeJS.Signals): Promise<Exit>;
}

export interface NodeProcessOptions {
  /** Environment on top of this process's (NODE_OPTIONS cleared, so Jest's flags do not leak); undefined removes a variable. */
  env?: Record<string, string | undefined>;
  cwd?: string;
}

const started: NodeProcess[] = [];

/** Runs `node <script> ...args` (script relative to dist/ unless absolute), capturing its output. */
export function spawnNode(
  name: string,
  script: string,
  args: string[] = [],
  options: NodeProcessOptions = {},
): NodeProcess {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries({ ...process.env, NODE_OPTIONS: '', ...options.env }))
    if (value !== undefined) env[key] = value;
  const child = spawn(process.execPath, [path.isAbsolute(script) ? script : path.join(DIST_DIR, script), ...args], {
    cwd: options.cwd ?? PROJECT_ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let all = '';
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk) => {
    all += chunk;
    out += chunk;
  });
  child.stderr.on('data', (chunk) => {
    all += chunk;
    err += chunk;
  });
  const exited = new Promise<Exit>((resolve) => {
    child.on('exit', (code, signal) => resolve({ code, signal }));
    child.on('error', () => resolve({ code: child.exitCode, signal: child.signalCode }));
  });
  const running = () => child.exitCode === null && child.signalCode === null && child.pid !== undefined;
  const proc: NodeProcess = {
    name,
    child,
    pid: child.pid ?? -1,
    output: () => all,
    stdout: () => out,
    stderr: () => err,
    exited,
    running,
    kill: (signal = 'SIGKILL') => {
      if (running()) child.kill(signal);
      return exited;
    },
  };
  started.push(proc);
  return proc;
}

export interface NodeRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `node <script> ...args` (as spawnNode) to its end: its exit code and what it printed. */
export async function runNode(script: string, args: string[] = [], options: NodeProcessOptions = {}): Promise<NodeRun> {
  const proc = spawnNode(path.basename(script), script, args, options);
  const { code } = await proc.exited;
  return { code, stdout: proc.stdout(), stderr: proc.stderr() };
}

/** A server process: `node dist/main.js` on a free port. */
export interface ServerProcess extends NodeProcess {
  port: number;
  url: string;
  wsUrl: string;
  /** The key its ADMIN_API_KEY names (the default of gql). */
  adminKey: string;
}

export interface ServerOptions {
  /** The database: DATABASE_URL of the child. Without it the child gets none (and starts an embedded PostgreSQL in DATA_DIR). */
  databaseUrl?: string;
  /**
   * Sets `application_name` in the DATABASE_URL, so that the server's connections can be told apart
   * in pg_stat_activity (see backendsOf) and in what it writes (current_setting('application_name')).
   */
  applicationName?: string;
  /** Environment overrides, over SERVER_DEFAULTS; undefined removes a variable. */
  env?: Record<string, string | undefined>;
  port?: number;
  /** ADMIN_API_KEY (ADMIN_KEY unless given). */
  adminKey?: string;
  /**
   * What startServer waits for: 'healthy' (GET /health answers 200, the default), 'listening'
   * (GET /health answers at all, also 503 when the database is away), 'none' (returns at once).
   */
  waitFor?: 'healthy' | 'listening' | 'none';
  timeoutMs?: number;
}

/** Starts `node dist/main.js`; by default returns once GET /health answers 200 (fails if the process exits first). */
export async function startServer(name: string, options: ServerOptions = {}): Promise<ServerProcess> {
  const port = options.port ?? (await serverPort());
  const adminKey = options.adminKey ?? ADMIN_KEY;
  const proc = spawnNode(name, 'main.js', [], {
    env: {
      ...SERVER_DEFAULTS,
      DATABASE_URL:
        options.databaseUrl && options.applicationName
          ? withApplicationName(options.databaseUrl, options.applicationName)
          : options.databaseUrl,
      PORT: String(port),
      ADMIN_API_KEY: adminKey,
      ...options.env,
    },
  });
  const url = `http://127.0.0.1:${port}`;
  const server: ServerProcess = Object.assign(proc, { port, url, wsUrl: `ws://127.0.0.1:${port}/graphql`, adminKey });
  const waitFor = options.waitFor ?? 'healthy';
  if (waitFor !== 'none') {
    await until(
      () => `server ${name} to answer GET /health${waitFor === 'healthy' ? ' with 200' : ''}:\n${proc.output()}`,
      () => {
        if (!proc.running())
          throw new Error(
            `server ${name} exited with ${proc.child.exitCode ?? proc.child.signalCode}:\n${proc.output()}`,
          );
        return fetch(`${url}/health`).then(
          (r) => (waitFor === 'healthy' ? r.ok : true),
          () => false,
        );
      },
      options.timeoutMs ?? 30_000,
      100,
    );
  }
  return server;
}

/** Kills every process started here that still runs (each by its pid) and waits up to `boundMs` for them. */
export async function stopAllProcesses(boundMs = 10_000): Promise<void> {
  const bound = new Promise<void>((resolve) => setTimeout(resolve, boundMs).unref());
  await Promise.all(started.splice(0).map((p) => Promise.race([p.kill('SIGKILL'), bound])));
}

// ---------------------------------------------------------------------------------------------
// A killed process's connections

/** `url` with `application_name` set (node-postgres reads it from the URL; PostgreSQL shows it in pg_stat_activity). */
export function withApplicationName(url: string, applicationName: string): string {
  const parsed = new URL(url);
  parsed.searchParams.set('application_name', applicationName);
  return parsed.toString();
}

/** How many server processes (backends) of the database at `url` serve connections named `applicationName`. */
export async function backendsOf(url: string, applicationName: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query(
      'SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = $1',
      [applicationName],
    );
    return rows[0].n;
  } finally {
    await client.end();
  }
}

/**
 * Waits until PostgreSQL has ended every backend of a killed process's connections (named with
 * applicationName). A backend notices its client is gone only when it next reads from it: one that
 * was running a statement finishes it first (and commits it, when the client had already sent the
 * commit), one inside a transaction then rolls it back. Until they are gone, what the killed
 * process was doing may still change the database.
 */
export async function backendsGone(url: string, applicationName: string, timeoutMs = 30_000): Promise<void> {
  await until(
    `the backends of "${applicationName}" to end`,
    async () => (await backendsOf(url, applicationName)) === 0,
    timeoutMs,
    50,
  );
}

// ---------------------------------------------------------------------------------------------
// Speaking to a server as a client

export interface GqlResult<T = any> {
  data?: T;
  errors?: Array<{ message: string; extensions?: Record<string, any> }>;
}

/** POST /graphql with the server's admin key unless given (null: no key). */
export async function gql<T = any>(
  server: ServerProcess,
  query: string,
  variables: Record<string, unknown> = {},
  key: string | null = server.adminKey,
): Promise<GqlResult<T>> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (key) headers.authorization = `Bearer ${key}`;
  const response = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as GqlResult<T>;
}

export interface Health {
  status: string;
  database?: string;
  lastPosition: string;
  projector: 'this instance' | 'another instance';
  projections: Record<string, { position: string; lag: number }>;
}

/** GET /health as it is: status code and body (503 when the database is away). */
export async function healthResponse(server: ServerProcess): Promise<{ status: number; body: any }> {
  const response = await fetch(`${server.url}/health`);
  return { status: response.status, body: await response.json().catch(() => null) };
}

/** GET /health; throws unless it answers 200. */
export async function health(server: ServerProcess): Promise<Health> {
  const { status, body } = await healthResponse(server);
  if (status !== 200) throw new Error(`/health of ${server.name}: ${status} ${JSON.stringify(body)}`);
  return body as Health;
}

/** POST an NDJSON body to /import/events (or /import/actors) with the admin key; the status and the report. */
export async function postImport(
  server: ServerProcess,
  what: 'events' | 'actors',
  body: string | Buffer | Uint8Array,
  key: string | null = server.adminKey,
): Promise<{ status: number; body: any }> {
  const headers: Record<string, string> = { 'content-type': 'application/x-ndjson' };
  if (key) headers.authorization = `Bearer ${key}`;
  const response = await fetch(`${server.url}/import/${what}`, { method: 'POST', headers, body });
  return { status: response.status, body: await response.json().catch(() => null) };
}
