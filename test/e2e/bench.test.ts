/**
 * npm run bench, run small: the synthetic log goes through the real import CLI into a real
 * PostgreSQL (the test server), the service and the baseline start, and the report has a figure,
 * a baseline and a ratio for what ran. (The figures themselves are not tested: speed is measured
 * by the bench, never in tests.)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TOOLS_DIST_DIR } from '../../src/config/project-paths.js';
import { runNode } from '../support/server-process.js';

/** The built bench on a database of this run's server. */
const run = (args: string[], env: Record<string, string> = {}) =>
  runNode(path.join(TOOLS_DIST_DIR, 'bench/bench.cli.js'), args, {
    env: {
      BENCH_DATABASE_URL: process.env.TEST_ADMIN_URL as string,
      BENCH_DATABASE_NAME: `dt_${process.env.TEST_RUN_ID ?? 'local'}_bench`,
      ...env,
    },
  });

describe('npm run bench', () => {
  it('--size 1k --only rebuild: imports the synthetic log through the CLI, rebuilds, and reports figures, baselines and ratios', async () => {
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'bench-test-')), 'BENCHMARKS.md');
    fs.writeFileSync(out, 'old table\n<!-- analysis (kept by npm run bench) -->\nA hand-written analysis.\n');
    const { code, stdout, stderr } = await run(['--size', '1k', '--only', 'rebuild', '--out', out]);
    expect({ code, stderr: code === 0 ? '' : stderr }).toEqual({ code: 0, stderr: '' });
    const number = '[\\d,.]+';
    expect(stdout).toMatch(
      new RegExp(
        `\\| bulk import \\(CLI\\) \\| events/s \\(1,000 events\\) \\| 1k \\| ${number} events/s \\| ${number} events/s \\| ${number} \\| ≥ 0\\.5 \\| (yes|\\*\\*no\\*\\*) \\|`,
      ),
    );
    expect(stdout).toMatch(
      new RegExp(
        `\\| projection rebuild \\(both\\) \\| events/s \\| 1k \\| ${number} events/s \\| ${number} events/s \\| ${number} \\|`,
      ),
    );
    expect(stdout).not.toContain('read events');
    const report = fs.readFileSync(out, 'utf8');
    expect(report).toContain('## Machine');
    expect(report).toContain('`npm run bench -- --size 1k --only rebuild --out');
    expect(report).not.toContain('old table');
    expect(report.endsWith('<!-- analysis (kept by npm run bench) -->\nA hand-written analysis.\n')).toBe(true);
  }, 180_000);

  it.each([
    [['--size', '5x'], '--size: "5x" is not a size'],
    [['--size', '100'], 'must be a whole number of events from 1k to 10m'],
    [['--only', 'reads,nothing'], '--only: unknown path "nothing"'],
    [['--fast'], 'unknown argument "--fast"'],
  ])('refuses %j with a clear message and exit code 2', async (args, message) => {
    const { code, stderr } = await run(args);
    expect(code).toBe(2);
    expect(stderr).toContain(message);
    expect(stderr).toContain('usage: npm run bench');
  });
});
