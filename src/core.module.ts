/** The services the API, the GraphQL context and the tools share: config, rate limits, keys, actors, the event store. */
import { type DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ActorEntity } from './actors/actor.entity.js';
import { ActorsService } from './actors/actors.service.js';
import { ApiKeysService } from './auth/api-keys.service.js';
import { APP_CONFIG, type AppConfig } from './config/app-config.js';
import { EventQueryService } from './events/event-query.service.js';
import { EventStoreService } from './events/event-store.service.js';
import { RateLimits } from './http/rate-limits.js';

const SERVICES = [ApiKeysService, ActorsService, EventStoreService, EventQueryService];

@Module({})
export class CoreModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: CoreModule,
      global: true,
      imports: [TypeOrmModule.forFeature([ActorEntity])],
      providers: [{ provide: APP_CONFIG, useValue: config }, { provide: RateLimits, useValue: new RateLimits(config) }, ...SERVICES],
      exports: [APP_CONFIG, RateLimits, ...SERVICES],
    };
  }
}
