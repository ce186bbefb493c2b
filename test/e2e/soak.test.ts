/**
 * npm run soak, run short so it cannot rot: the built soak (dist-tools/tools/soak/soak.cli.js) seeds a database
 * of the test server through the import CLI, starts the service, sends its mix at a low fixed rate
 * for 18 seconds with its subscribers open, and must pass every check (no error; the log exactly
 * 1..N; every subscriber got what it must; read models caught up and equal to a fresh build). Its
 * report goes to a temporary file, never to the real BENCHMARKS.md. Nothing here is timed: speed and
 * memory over a real run are in BENCHMARKS.md (the memory verdict needs minutes and is not judged
 * in a run this short).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ANALYSIS_MARK as MARK } from '../../tools/bench/bench-report.js';
import { TOOLS_DIST_DIR } from '../../src/config/project-paths.js';
import { runNode } from '../support/server-process.js';

/** The built soak on a database of this run's server. */
const run = (args: string[]) =>
  runNode(path.join(TOOLS_DIST_DIR, 'soak/soak.cli.js'), args, {
    env: {
      BENCH_DATABASE_URL: process.env.TEST_ADMIN_URL as string,
      BENCH_DATABASE_NAME: `dt_${process.env.TEST_RUN_ID ?? 'local'}_soak`,
    },
  });

describe('npm run soak', () => {
  it('--minutes 0.3 --rate 20: passes every check and writes its section after the analysis mark, keeping the rest', async () => {
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'soak-test-')), 'BENCHMARKS.md');
    fs.writeFileSync(out, `# Benchmarks\nthe bench's table\n${MARK}\nA hand-written analysis.\n`);
    const { code, stdout, stderr } = await run(['--minutes', '0.3', '--rate', '20', '--out', out]);
    expect({ code, stderr: code === 0 ? '' : stderr.slice(-5_000) }).toEqual({ code: 0, stderr: '' });

    const report = fs.readFileSync(out, 'utf8');
    expect(
      report.startsWith(
        `# Benchmarks\nthe bench's table\n${MARK}\nA hand-written analysis.\n\n<!-- soak -->\n## Soak\n`,
      ),
    ).toBe(true);
    expect(report.endsWith('<!-- /soak -->\n')).toBe(true);
    const section = report.slice(report.indexOf('<!-- soak -->'));
    expect(stdout).toContain(section.trim());
    expect(section).toContain('`npm run soak -- --minutes 0.3 --rate 20 --out');
    expect(section).toContain('**Passed**: every check held.');
    expect(section).toContain('- Errors: 0.');
    expect(section).toMatch(/Target rate 20 operations\/s for [\d.]+ s: 360 sent/);
    expect(section).toMatch(/\| all \| 360 \| 0 \|/);
    for (const check of [
      'no errors (HTTP, GraphQL, WebSocket, answers)',
      'the log is exactly positions 1..N',
      'every appended id is in the log once, where its append said',
      'each of 20 eventAppended subscribers (from 0, retracted included) got 1..N in order, once each',
      'ceasefireChanged / pledgeChanged: the last state delivered for each subject is its final state',
      'the read models caught up (lag 0 in /health, checkpoints at the head)',
      'the read models equal a fresh build from the log (buildFresh)',
    ]) {
      expect(section).toContain(`| ${check} | yes |`);
    }
    expect(section).not.toContain('| **no** |');
    expect(section).toContain('not judged'); // 18 s leave no minutes after the warm-up to judge memory on
    expect(section).toMatch(/\| RSS \| \d+ \|/);
    expect(section).toMatch(/PostgreSQL \d+/);
  }, 300_000);

  it.each([
    [['--minutes', 'five'], '--minutes: "five" is not a positive number'],
    [['--rate', '0'], '--rate: 0 must be above 0'],
    [['--out', 'x.md', '--no-write'], '--out and --no-write cannot be combined'],
    [['--fast'], 'unknown argument "--fast"'],
  ])('refuses %j with a clear message and exit code 2', async (args, message) => {
    const { code, stderr } = await run(args);
    expect(code).toBe(2);
    expect(stderr).toContain(message);
    expect(stderr).toContain('usage: npm run soak');
  });
});
