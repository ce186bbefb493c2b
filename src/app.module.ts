/** The application: database, GraphQL (graphql/graphql.module.ts), the event store, actors, keys, read models, export, the timeline page. */
import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ActorsResolver } from './actors/actors.resolver.js';
import { ApiKeysResolver } from './auth/api-keys.resolver.js';
import { DraftsResolver } from './drafts/drafts.resolver.js';
import { DraftsService } from './drafts/drafts.service.js';
import { RolesGuard } from './auth/roles.guard.js';
import { DomainErrorFilter } from './common/domain-error.filter.js';
import type { AppConfig } from './config/app-config.js';
import { CoreModule } from './core.module.js';
import { apolloGraphqlModule } from './graphql/graphql.module.js';
import { GraphqlWsServer } from './graphql/graphql-ws.server.js';
import { dataSourceOptions } from './database/data-source-options.js';
import { QueryLog } from './database/query-log.js';
import { EventSubscriptionResolver } from './events/event-subscription.resolver.js';
import {
  ClaimDisputedResolver,
  EventCorrectedResolver,
  EventRetractedResolver,
  StatementMadeResolver,
  ViolationReportedResolver,
} from './events/event-links.resolver.js';
import { EventCountsResolver } from './events/event-counts.resolver.js';
import { EventFieldsResolver, EventsResolver } from './events/events.resolver.js';
import { QuantityResolver, TermsResolver } from './events/quantity.resolver.js';
import { EventExportService } from './export/event-export.service.js';
import { EventTailService } from './events/event-tail.service.js';
import { ClaimsExportController } from './export/claims/claims-export.controller.js';
import { ExportController } from './export/export.controller.js';
import { ReadModelExportController } from './export/read-models/read-model-export.controller.js';
import { CodebookController } from './export/codebook/codebook.controller.js';
import { HealthController } from './health/health.controller.js';
import { ImportModule } from './import/import.module.js';
import { MetricSources } from './metrics/metric-sources.js';
import { ReadModelsModule } from './read-models/read-models.module.js';
import { PageAssets } from './timeline-page/page-assets.js';
import { TimelinePageController } from './timeline-page/timeline-page.controller.js';

/**
 * Everything of the application but its GraphQL server: the database, the core services, the
 * read models, the HTTP controllers and the GraphQL resolvers. AppModule adds Apollo (graphql.module.ts).
 */
export function applicationParts(
  config: AppConfig,
  databaseUrl: string,
): Required<Pick<DynamicModule, 'imports' | 'controllers' | 'providers'>> {
  const queryLog = new QueryLog();
  return {
    imports: [
      TypeOrmModule.forRoot(dataSourceOptions(databaseUrl, 20, queryLog)),
      CoreModule.forRoot(config, databaseUrl),
      ImportModule,
      ReadModelsModule,
    ],
    controllers: [
      HealthController,
      ExportController,
      ClaimsExportController,
      ReadModelExportController,
      CodebookController,
      TimelinePageController,
    ],
    providers: [
      { provide: APP_GUARD, useClass: RolesGuard },
      { provide: APP_FILTER, useClass: DomainErrorFilter },
      EventsResolver,
      EventFieldsResolver,
      EventCountsResolver,
      StatementMadeResolver,
      ClaimDisputedResolver,
      ViolationReportedResolver,
      EventCorrectedResolver,
      EventRetractedResolver,
      QuantityResolver,
      TermsResolver,
      ActorsResolver,
      EventSubscriptionResolver,
      EventTailService,
      ApiKeysResolver,
      DraftsResolver,
      DraftsService,
      GraphqlWsServer,
      EventExportService,
      PageAssets,
      MetricSources,
      { provide: QueryLog, useValue: queryLog },
    ],
  };
}

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, databaseUrl: string): DynamicModule {
    const parts = applicationParts(config, databaseUrl);
    return { module: AppModule, ...parts, imports: [...parts.imports, apolloGraphqlModule(config)] };
  }
}
