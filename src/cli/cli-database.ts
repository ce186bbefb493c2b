/**
 * What the command-line tools share: the configuration, the database the server would use
 * (DATABASE_URL, or the embedded one in DATA_DIR, reached through the running server when there is
 * one), migrations applied, and a TypeORM DataSource. It loads TypeORM and the database code, so a
 * tool imports it (with `await import`) only once its command line was read: --help and bad usage
 * answer at once. cli-args.ts reads the command line; cli-run.ts runs the body.
 */
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { loadConfig, type AppConfig } from '../config/app-config.js';
import { type DatabaseConnection, openDatabase } from '../database/database-connection.js';
import { dataSourceOptions } from '../database/data-source-options.js';
import { migrate } from '../database/migrations.js';

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
