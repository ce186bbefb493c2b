/** The services the API, the GraphQL context and the tools share: config, metrics, rate limits, operation limits, keys and their revocations, actors, the event store, where reads go (ReadDatabase), LISTEN. */
import { type DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ActorEntity } from './actors/actor.entity.js';
import { ActorsService } from './actors/actors.service.js';
import { ApiKeysService } from './auth/api-keys.service.js';
import { KeyRevocations } from './auth/key-revocations.service.js';
import { APP_CONFIG, type AppConfig } from './config/app-config.js';
import { DATABASE_URL } from './database/database-url.js';
import { PgNotifierService } from './database/pg-notifier.service.js';
import { replicaLink } from './database/data-source-options.js';
import { ReadDatabase } from './database/read-database.js';
import { EventQueryService } from './events/event-query.service.js';
import { EventStoreService } from './events/event-store.service.js';
import { EventsRepository } from './events/events.repository.js';
import { OperationLimits } from './graphql/operation-limits.plugin.js';
import { RateLimits } from './http/rate-limits.js';
import { Metrics } from './metrics/metrics.js';

const SERVICES = [
  ApiKeysService,
  ActorsService,
  EventStoreService,
  EventQueryService,
  OperationLimits,
  PgNotifierService,
  KeyRevocations,
];

@Module({})
export class CoreModule {
  static forRoot(config: AppConfig, databaseUrl: string): DynamicModule {
    return {
      module: CoreModule,
      global: true,
      imports: [TypeOrmModule.forFeature([ActorEntity])],
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: DATABASE_URL, useValue: databaseUrl },
        { provide: RateLimits, useValue: new RateLimits(config) },
        // One registry per application: apps started side by side in one process count apart.
        { provide: Metrics, useFactory: () => new Metrics() },
        {
          provide: ReadDatabase,
          inject: [DataSource, PgNotifierService],
          useFactory: (primary: DataSource, notifier: PgNotifierService) => {
            const lagWatch = config.readMaxLagMs
              ? {
                  maxLagMs: config.readMaxLagMs,
                  primaryHead: () => new EventsRepository(primary).lastPosition(),
                  headOf: (db: DataSource) => new EventsRepository(db).lastPosition(),
                }
              : null;
            const replica = config.readDatabaseUrl ? replicaLink(config.readDatabaseUrl, primary, lagWatch) : null;
            replica?.start();
            return new ReadDatabase(primary, replica, notifier);
          },
        },
        ...SERVICES,
      ],
      exports: [APP_CONFIG, DATABASE_URL, RateLimits, Metrics, ReadDatabase, ...SERVICES],
    };
  }
}
