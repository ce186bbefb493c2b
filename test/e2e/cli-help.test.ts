/**
 * Every command-line tool, built (dist/cli/*.cli.js, dist-tools/tools/{bench,soak}/*.cli.js), answers
 * --help and -h with its usage and options on stdout and exit code 0, and a bad flag with exit code
 * 2 and the flag named, before it connects to anything or starts anything: the database they are
 * given cannot be reached (DATABASE_URL, BENCH_DATABASE_URL on port 1), or there is none and DATA_DIR
 * (where an embedded PostgreSQL would be created) and TMPDIR (where the bench and the soak would
 * create theirs) are empty folders that must stay empty.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TOOLS_DIST_DIR } from '../../src/config/project-paths.js';
import { type NodeRun, spawnNode, stopAllProcesses } from '../support/server-process.js';

interface Tool {
  /** as `npm run` names it */
  name: string;
  /** relative to dist/, or absolute */
  script: string;
  /** what --help must list: each option (with its value) and the arguments */
  shows: string[];
}

const TOOLS: Tool[] = [
  { name: 'backup', script: 'cli/backup.cli.js', shows: ['-o, --out FILE', '--progress'] },
  { name: 'codebook', script: 'cli/codebook.cli.js', shows: ['--check'] },
  { name: 'demo', script: 'cli/demo.cli.js', shows: [] },
  {
    name: 'export',
    script: 'cli/export.cli.js',
    shows: [
      '--format ndjson|csv|parquet',
      '--types TYPES',
      '--actorIds IDS',
      '--streamId ID',
      '--occurredFrom TIME',
      '--occurredTo TIME',
      '--knownAt TIME',
      '--includeRetracted true|false',
      '--afterPosition N',
      '--upToPosition N',
      '--corrections raw|apply',
      '--header true|false',
      '-o, --out FILE',
      '--progress',
    ],
  },
  {
    name: 'import',
    script: 'cli/import.cli.js',
    shows: ['events.ndjson', '--actors FILE', '-n, --dry-run', '--progress'],
  },
  {
    name: 'keys',
    script: 'cli/keys.cli.js',
    shows: ['COMMAND', 'create', 'list', 'revoke', 'audit', '--role admin|editor|reader', '--name NAME'],
  },
  { name: 'migrate', script: 'cli/migrate.cli.js', shows: [] },
  {
    name: 'projections:rebuild',
    script: 'cli/projections-rebuild.cli.js',
    shows: ['NAME', 'ceasefires', 'pledges', '--progress'],
  },
  { name: 'restore', script: 'cli/restore.cli.js', shows: ['--in FILE', '-n, --dry-run', '--progress'] },
  {
    name: 'bench',
    script: path.join(TOOLS_DIST_DIR, 'bench/bench.cli.js'),
    shows: ['--quick', '--size 10k,100k,1m', '--only PATHS', '-o, --out FILE'],
  },
  {
    name: 'soak',
    script: path.join(TOOLS_DIST_DIR, 'soak/soak.cli.js'),
    shows: ['--minutes N', '--rate OPS_PER_SECOND', '-o, --out FILE', '--no-write'],
  },
];

/** No database to be had on port 1 of the loopback. */
const UNREACHABLE = 'postgres://nobody@127.0.0.1:1/none';
/** A tool that waited on a database or started one would take longer than this to answer. */
const BOUND_MS = 20_000;

let scratch: string;
beforeAll(() => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-help-'));
});
afterAll(async () => {
  await stopAllProcesses();
  fs.rmSync(scratch, { recursive: true, force: true });
});

/** Runs the tool in empty DATA_DIR and TMPDIR folders; its exit, its output, and what it left in them. */
async function run(
  tool: Tool,
  args: string[],
  database: 'unreachable' | 'none',
): Promise<NodeRun & { left: string[] }> {
  const home = fs.mkdtempSync(path.join(scratch, `${tool.name.replace(':', '-')}-`));
  const dataDir = path.join(home, 'data');
  const tmpDir = path.join(home, 'tmp');
  fs.mkdirSync(dataDir);
  fs.mkdirSync(tmpDir);
  const url = database === 'unreachable' ? UNREACHABLE : undefined;
  const proc = spawnNode(tool.name, tool.script, args, {
    env: {
      DATABASE_URL: url,
      BENCH_DATABASE_URL: url,
      TEST_DATABASE_URL: undefined,
      DATA_DIR: dataDir,
      TMPDIR: tmpDir,
      LOG_LEVEL: 'silent',
    },
  });
  const timer = setTimeout(() => void proc.kill('SIGKILL'), BOUND_MS);
  const { code, signal } = await proc.exited;
  clearTimeout(timer);
  if (signal)
    throw new Error(
      `npm run ${tool.name} ${args.join(' ')} did not end within ${BOUND_MS / 1000} s:\n${proc.output()}`,
    );
  const left = [
    ...fs.readdirSync(dataDir).map((f) => `DATA_DIR/${f}`),
    ...fs.readdirSync(tmpDir).map((f) => `TMPDIR/${f}`),
  ];
  return { code, stdout: proc.stdout(), stderr: proc.stderr(), left };
}

describe.each(TOOLS)('npm run $name', (tool) => {
  it('--help and -h print the usage and every option on stdout, exit 0, and neither connect nor start anything', async () => {
    const [help, short] = await Promise.all([run(tool, ['--help'], 'unreachable'), run(tool, ['-h'], 'none')]);
    for (const answer of [help, short]) {
      expect({ code: answer.code, stderr: answer.stderr, left: answer.left }).toEqual({
        code: 0,
        stderr: '',
        left: [],
      });
      expect(answer.stdout.startsWith(`usage: npm run ${tool.name}`)).toBe(true);
      expect(answer.stdout).toMatch(/\noptions:\n/);
      for (const shown of [...tool.shows, '-h, --help']) expect(answer.stdout).toContain(shown);
    }
    expect(short.stdout).toBe(help.stdout);
  });

  it('a bad flag exits 2 with the flag named and the usage line on stderr, and nothing else', async () => {
    const bad = await run(tool, ['--no-such-flag'], 'none');
    expect({ code: bad.code, stdout: bad.stdout, left: bad.left }).toEqual({ code: 2, stdout: '', left: [] });
    expect(bad.stderr).toMatch(/^error: unknown (option --no-such-flag|argument "--no-such-flag")/);
    expect(bad.stderr).toContain(`\nusage: npm run ${tool.name}`);
  });
});
