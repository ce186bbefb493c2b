/**
 * npm run soak -- [--minutes 5] [--rate 50] [--out BENCHMARKS.md | --no-write]   (exit 1: a check failed; 2: bad usage; --help: the options)
 *
 * Reads the command line, then loads and runs the soak (soak-run.ts): --help and bad usage answer
 * at once, before anything is started or loaded.
 */
import path from 'node:path';
import { parseCli } from '../../src/cli/cli-args.js';
import { PROJECT_ROOT } from '../../src/config/project-paths.js';
import { SOAK_CLI, UsageError, soakArgs } from './soak-args.js';

async function main(): Promise<number> {
  const args = soakArgs(parseCli(SOAK_CLI), path.join(PROJECT_ROOT, 'BENCHMARKS.md'));
  const command = `npm run soak --${process.argv.slice(2).length ? ` ${process.argv.slice(2).join(' ')}` : ''}`.replace(
    / --$/,
    '',
  );
  const { runSoak } = await import('./soak-run.js');
  return runSoak(args, command);
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(
      e instanceof UsageError ? `error: ${e.message}\n` : `soak failed: ${e instanceof Error ? e.stack : String(e)}\n`,
    );
    process.exit(e instanceof UsageError ? 2 : 1);
  },
);
