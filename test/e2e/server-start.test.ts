/**
 * `npm start` as a user runs it: the built server on the embedded PostgreSQL in a fresh DATA_DIR.
 * First start: demo loaded, an admin key printed once. Second start: same data, nothing printed.
 * SIGTERM: a clean exit that stops PostgreSQL too.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { serverPort } from '../support/server-port.js';
import { until } from '../support/wait.js';

const MAIN = path.resolve('dist/main.js');

interface Server {
  child: ChildProcess;
  url: string;
  output: () => string;
  exited: Promise<number | null>;
}

async function start(dataDir: string, env: Record<string, string> = {}): Promise<Server> {
  const port = await serverPort();
  const { DATABASE_URL: _ignored, ...inherited } = process.env;
  const child = spawn(process.execPath, [MAIN], {
    env: {
      ...inherited,
      NODE_OPTIONS: '',
      DATA_DIR: dataDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (chunk) => (out += chunk));
  child.stderr.on('data', (chunk) => (out += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;
  try {
    await until(
      () => `the server to become healthy:\n${out}`,
      () => {
        if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${out}`);
        return fetch(`${url}/health`).then(
          (r) => r.ok,
          () => false,
        );
      },
      30_000,
      200,
    );
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return { child, url, output: () => out, exited };
}

async function gql(url: string, query: string, key?: string) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (key) headers.authorization = `Bearer ${key}`;
  const response = await fetch(`${url}/graphql`, { method: 'POST', headers, body: JSON.stringify({ query }) });
  return (await response.json()) as any;
}

const KEY_PATTERN = /dtl_[A-Za-z0-9_-]{43}/g;

describe('npm start on the embedded PostgreSQL', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dt-start-'));
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('first start: demo timeline, one printed admin key that works; SIGTERM stops cleanly', async () => {
    const server = await start(dataDir);
    const keys = server.output().match(KEY_PATTERN) ?? [];
    expect(keys).toHaveLength(1);
    const events = await gql(server.url, '{ events { totalCount } actors { id } }');
    expect(events.data.events.totalCount).toBeGreaterThanOrEqual(20);
    expect(events.data.actors.map((a: { id: string }) => a.id)).toEqual(
      expect.arrayContaining(['putin', 'russia', 'trump', 'zelensky']),
    );
    const denied = await gql(
      server.url,
      'mutation { registerActor(input: {id: "eu", name: "European Union", kind: ORGANIZATION}) { id } }',
    );
    expect(denied.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    const allowed = await gql(
      server.url,
      'mutation { registerActor(input: {id: "eu", name: "European Union", kind: ORGANIZATION}) { id } }',
      keys[0],
    );
    expect(allowed.data.registerActor.id).toBe('eu');
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    expect(fs.existsSync(path.join(dataDir, 'pg', 'postmaster.pid'))).toBe(false);
  });

  it('second start: reuses the data, prints no key, loads nothing twice', async () => {
    const server = await start(dataDir);
    expect(server.output().match(KEY_PATTERN)).toBeNull();
    const again = await gql(server.url, '{ events { totalCount } actor(id: "eu") { name } }');
    expect(again.data.actor.name).toBe('European Union');
    const first = await gql(server.url, '{ events(last: 1) { edges { node { position } } } }');
    expect(Number(first.data.events.edges[0].node.position)).toBe(again.data.events.totalCount);
    server.child.kill('SIGINT');
    expect(await server.exited).toBe(0);
  });

  it('PORT=0: any free port is bound, the listening line names it, and a parent with an IPC channel is told it', async () => {
    const { DATABASE_URL: _ignored, ...inherited } = process.env;
    const child = spawn(process.execPath, [MAIN], {
      env: { ...inherited, NODE_OPTIONS: '', DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    let out = '';
    child.stdout?.on('data', (chunk) => (out += chunk));
    child.stderr?.on('data', (chunk) => (out += chunk));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      const port = await new Promise<number>((resolve, reject) => {
        child.once('message', (message: { listening: number }) => resolve(message.listening));
        child.once('exit', (code) => reject(new Error(`server exited with ${code}:\n${out}`)));
      });
      expect(port).toBeGreaterThan(0);
      expect((await fetch(`http://127.0.0.1:${port}/health`)).ok).toBe(true);
      expect(out).toContain(`http://localhost:${port}/graphql`);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  });

  it('DEMO_DATA=false leaves a new database empty; a bad setting stops the start with a clear message', async () => {
    const emptyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dt-empty-'));
    try {
      const server = await start(emptyDir, { DEMO_DATA: 'false' });
      expect((await gql(server.url, '{ events { totalCount } }')).data.events.totalCount).toBe(0);
      server.child.kill('SIGTERM');
      expect(await server.exited).toBe(0);
    } finally {
      fs.rmSync(emptyDir, { recursive: true, force: true });
    }
    await expect(start(dataDir, { PUBLIC_READ: 'maybe' })).rejects.toThrow(/PUBLIC_READ: must be true or false/);
  });
});
