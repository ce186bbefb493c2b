/**
 * The system under test of the integration tier: the services on a real PostgreSQL, without HTTP or
 * GraphQL. A Nest application context of the database, the core services and the read models:
 * createSut on a fresh database copied from the migrated template (test/support/test-database.ts),
 * startSutOn on one the caller owns (several suts may share it, as several instances of the app do).
 *
 * The projector runs in the background as it does in the app (RUN_PROJECTIONS defaults to true);
 * a test that wants the projections to stay where they are passes RUN_PROJECTIONS=false.
 */
import 'reflect-metadata';
import { type DynamicModule, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ActorsService } from '../../../src/actors/actors.service.js';
import { loadConfig } from '../../../src/config/app-config.js';
import { CoreModule } from '../../../src/core.module.js';
import { dataSourceOptions } from '../../../src/database/data-source-options.js';
import { EventQueryService } from '../../../src/events/event-query.service.js';
import { EventStoreService } from '../../../src/events/event-store.service.js';
import { ProjectorService } from '../../../src/read-models/projector/projector.service.js';
import { SubjectReadsService } from '../../../src/read-models/projector/subject-reads.service.js';
import { ReadModelsModule } from '../../../src/read-models/read-models.module.js';
import { type TestDatabase, createTestDatabase } from '../../support/test-database.js';

export interface Sut {
  db: DataSource;
  store: EventStoreService;
  /** Reads of the log (where reads go). */
  events: EventQueryService;
  actors: ActorsService;
  reads: SubjectReadsService;
  projector: ProjectorService;
  database: TestDatabase;
  /**
   * Stops the services (the projector with them) and, for createSut, drops the database; may be
   * called more than once.
   */
  close(): Promise<void>;
}

@Module({})
class SutModule {
  static forRoot(env: Record<string, string>, url: string): DynamicModule {
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DEMO_DATA: 'false', DATABASE_URL: url, ...env });
    return {
      module: SutModule,
      imports: [TypeOrmModule.forRoot(dataSourceOptions(url)), CoreModule.forRoot(config, url), ReadModelsModule],
    };
  }
}

/** The services on a fresh database of their own, with `env` over the test defaults. */
export async function createSut(env: Record<string, string> = {}): Promise<Sut> {
  const database = await createTestDatabase();
  let sut: Sut;
  try {
    sut = await startSutOn(database, env);
  } catch (error) {
    await database.drop();
    throw error;
  }
  let closing: Promise<void> | undefined;
  // The services first: their connections must be gone before the database is dropped.
  return { ...sut, close: () => (closing ??= sut.close().finally(() => database.drop())) };
}

/**
 * The services on `database`, which the caller owns (and drops) and which other suts may share,
 * with `env` over the test defaults; `close` stops the services only.
 */
export async function startSutOn(database: TestDatabase, env: Record<string, string> = {}): Promise<Sut> {
  const context = await NestFactory.createApplicationContext(SutModule.forRoot(env, database.url), {
    logger: false,
    abortOnError: false,
  });
  let closing: Promise<void> | undefined;
  return {
    db: context.get(DataSource),
    store: context.get(EventStoreService),
    events: context.get(EventQueryService),
    actors: context.get(ActorsService),
    reads: context.get(SubjectReadsService),
    projector: context.get(ProjectorService),
    database,
    close: () => (closing ??= context.close()),
  };
}
