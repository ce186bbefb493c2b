/**
 * Starts the real application, listening on a free loopback port, and talks to it over HTTP like a
 * client: startTestApp on a database of its own (test-database.ts), startAppOn on one the caller
 * owns (several apps may share it).
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule } from '../../src/app.module.js';
import { ApiKeysService } from '../../src/auth/api-keys.service.js';
import { loadConfig } from '../../src/config/app-config.js';
import { configureHttp, createHttpAdapter } from '../../src/http/http-server.js';
import { type TestDatabase, createTestDatabase } from './test-database.js';

export interface GraphqlResponse<T = any> {
  status: number;
  data?: T;
  errors?: Array<{ message: string; path?: string[]; extensions?: Record<string, any> }>;
}

export interface TestApp {
  url: string;
  database: TestDatabase;
  app: NestFastifyApplication;
  adminKey: string;
  readerKey: string;
  /** POST /graphql; `key` null sends no Authorization header. Default: the admin key. */
  gql<T = any>(query: string, variables?: Record<string, unknown>, key?: string | null): Promise<GraphqlResponse<T>>;
  close(): Promise<void>;
}

export interface AppOptions {
  /**
   * Appended to the names of the app's keys (`test-admin`, `test-reader`): key names are unique
   * in a database, so each app on a shared database needs a suffix of its own.
   */
  keySuffix?: string;
}

/**
 * The app on a fresh database of its own, with `env` over the test defaults; `close` stops it and
 * drops the database.
 */
export async function startTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const database = await createTestDatabase();
  const testApp = await startAppOn(database, env);
  return {
    ...testApp,
    close: async () => {
      await testApp.close();
      await database.drop();
    },
  };
}

/**
 * The app on `database`, which the caller owns (and drops) and which other apps may share, with
 * `env` over the test defaults; `close` stops the app only, and may be called more than once.
 */
export async function startAppOn(
  database: TestDatabase,
  env: Record<string, string> = {},
  { keySuffix = '' }: AppOptions = {},
): Promise<TestApp> {
  // Rate limits are off unless a test turns them on: the suites send many requests from one address.
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DEMO_DATA: 'false',
    RATE_LIMIT_IP: '0',
    RATE_LIMIT_KEY: '0',
    MAX_CONNECTIONS_PER_ADDRESS: '0',
    DATABASE_URL: database.url,
    ...env,
  });
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(config, database.url),
    createHttpAdapter(config),
    {
      logger: false,
      abortOnError: false,
    },
  );
  configureHttp(app, config);
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const keys = app.get(ApiKeysService);
  const adminKey = (await keys.create(`test-admin${keySuffix}`, 'ADMIN', 'test')).key;
  const readerKey = (await keys.create(`test-reader${keySuffix}`, 'READER', 'test')).key;
  const gql = async <T = any>(
    query: string,
    variables: Record<string, unknown> = {},
    key: string | null = adminKey,
  ): Promise<GraphqlResponse<T>> => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (key) headers.authorization = `Bearer ${key}`;
    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as GraphqlResponse<T>;
    return { ...body, status: response.status };
  };
  let closing: Promise<void> | undefined;
  return {
    url,
    database,
    app,
    adminKey,
    readerKey,
    gql,
    close: () => (closing ??= app.close()),
  };
}
