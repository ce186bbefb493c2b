/**
 * How every command-line tool runs its body: errors end the process with a message and exit code 1
 * (2 for bad usage or configuration). Light on purpose (no database code, no framework), like
 * cli-args.ts: a tool reads its command line and answers --help before it loads what its work needs.
 */
import fs from 'node:fs';
import { DomainError, ValidationFailed } from '../common/domain-error.js';
import { ConfigError } from '../config/app-config.js';
import { UsageError } from './cli-args.js';

export { UsageError };

/** Runs a command's body, printing errors plainly (no stack for known errors). */
export async function runCli(body: () => Promise<void>): Promise<void> {
  try {
    await body();
    process.exit(0);
  } catch (error) {
    if (error instanceof UsageError || error instanceof ConfigError) {
      process.stderr.write(`error: ${error.message}\n`);
      process.exit(2);
    }
    if (error instanceof ValidationFailed) {
      for (const e of error.errors) process.stderr.write(`error: ${e.path}: ${e.reason}\n`);
      process.exit(1);
    }
    if (error instanceof DomainError) {
      process.stderr.write(`error (${error.code}): ${error.message}\n`);
      process.exit(1);
    }
    process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
}

/** Refuses (as bad usage) a path that is not a readable file, saying why. */
export function requireReadableFile(file: string): void {
  try {
    if (!fs.statSync(file).isFile()) throw new UsageError(`${file}: not a file`);
    fs.accessSync(file, fs.constants.R_OK);
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`${file}: cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
}
