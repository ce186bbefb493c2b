/**
 * `npm start`: the API on Fastify. Without DATABASE_URL an embedded PostgreSQL starts in DATA_DIR;
 * migrations run; keys are set up; an empty embedded database gets the demo timeline. SIGINT and
 * SIGTERM close the server, then the database.
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule } from './app.module.js';
import { PinoNestLogger, createPino } from './common/pino-logger.js';
import { ConfigError, loadConfig } from './config/app-config.js';
import { openDatabase } from './database/database-connection.js';
import { migrate } from './database/migrations.js';
import { configureHttp, createHttpAdapter } from './http/http-server.js';
import { prepareData } from './startup/prepare-data.js';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`configuration error: ${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  const log = createPino(config.logLevel, config.logFormat);
  const db = await openDatabase(config, (message) => log.debug({ context: 'postgres' }, message));
  log.info({ database: db.describe }, 'database ready');
  let app: NestFastifyApplication | undefined;
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    log.info({ signal }, 'shutting down');
    await app?.close().catch((error) => log.error({ err: error }, 'close failed'));
    await db.stop();
    log.info('stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  try {
    const applied = await migrate(db.url);
    if (applied.length) log.info({ migrations: applied }, 'migrations applied');
    app = await NestFactory.create<NestFastifyApplication>(
      AppModule.forRoot(config, db.url),
      createHttpAdapter(config),
      { logger: new PinoNestLogger(log), abortOnError: false },
    );
    configureHttp(app, config, log);
    await prepareData(app, config, !config.databaseUrl, (line) => process.stdout.write(`${line}\n`), log);
    await app.listen(config.port, config.host);
  } catch (error) {
    await app?.close().catch(() => undefined);
    await db.stop();
    throw error;
  }
  // The port bound, not the one asked for: PORT=0 takes any free port.
  const address = app.getHttpServer().address();
  const port = address && typeof address === 'object' ? address.port : config.port;
  log.info({ url: `http://localhost:${port}/graphql` }, 'listening');
  // A parent that started the service with an IPC channel (the bench and the soak) learns the port
  // from the process it started, so no other server can answer in its place.
  process.send?.({ listening: port });
}

main().catch((error) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`configuration error: ${error.message}\n`);
    process.exit(2);
  }
  process.stderr.write(`failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
