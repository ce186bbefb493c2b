/**
 * What the command-line tools share: the configuration, the database the server would use
 * (DATABASE_URL, or the embedded one in DATA_DIR, reached through the running server when there is
 * one), migrations applied, and a TypeORM DataSource. Errors end the process with a message and
 * exit code 1 (2 for bad usage). The command line is read with cli-args.ts.
 */
import fs from 'node:fs';
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { DomainError, ValidationFailed } from '../common/domain-error.js';
import { ConfigError, loadConfig, type AppConfig } from '../config/app-config.js';
import { type DatabaseConnection, openDatabase } from '../database/database-connection.js';
import { dataSourceOptions } from '../database/data-source-options.js';
import { migrate } from '../database/migrations.js';
import { UsageError } from './cli-args.js';

export { UsageError };

export interface CliDatabase {
  config: AppConfig;
  connection: DatabaseConnection;
  db: DataSource;
  close(): Promise<void>;
}

export async function openCliDatabase(): Promise<CliDatabase> {
  const config = loadConfig();
  const connection = await openDatabase(config, () => undefined);
  try {
    await migrate(connection.url);
    const db = new DataSource(dataSourceOptions(connection.url, 4));
    await db.initialize();
    return {
      config,
      connection,
      db,
      close: async () => {
        await db.destroy();
        await connection.stop();
      },
    };
  } catch (error) {
    await connection.stop();
    throw error;
  }
}

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
