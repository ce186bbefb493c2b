/**
 * The service with Mercurius (graphql-jit) instead of Apollo as its GraphQL driver, for the read
 * benchmark's comparison only (npm run bench: "Mercurius vs Apollo"). Same resolvers, services and
 * SQL; no subscriptions, and errors are not shaped as the contract says (formatError is Apollo's),
 * which is why the service ships with Apollo (and why Mercurius cannot run the test suite: it does
 * not load under Jest on Node 20). Needs DATABASE_URL; PORT, HOST as the service.
 */
import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import { MercuriusDriver, type MercuriusDriverConfig } from '@nestjs/mercurius';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { ActorsService } from '../../src/actors/actors.service.js';
import { applicationParts } from '../../src/app.module.js';
import { ApiKeysService } from '../../src/auth/api-keys.service.js';
import { loadConfig } from '../../src/config/app-config.js';
import { CoreModule } from '../../src/core.module.js';
import { migrate } from '../../src/database/migrations.js';
import { EventQueryService } from '../../src/events/event-query.service.js';
import { EVENT_TYPE_MODELS } from '../../src/events/models/event-types.model.js';
import { createGraphqlContext } from '../../src/graphql/graphql-context.factory.js';
import { BigIntScalar, DateTimeScalar, JsonScalar } from '../../src/graphql/scalars.js';
import { MAX_BODY_BYTES } from '../../src/main-options.js';

const config = loadConfig();
if (!config.databaseUrl) throw new Error('DATABASE_URL is required');
await migrate(config.databaseUrl);
const mercurius = GraphQLModule.forRootAsync<MercuriusDriverConfig>({
  driver: MercuriusDriver,
  imports: [CoreModule],
  inject: [ApiKeysService, ActorsService, EventQueryService],
  useFactory: (keys: ApiKeysService, actors: ActorsService, events: EventQueryService) => ({
    path: '/graphql',
    autoSchemaFile: true,
    sortSchema: true,
    buildSchemaOptions: {
      orphanedTypes: EVENT_TYPE_MODELS,
      scalarsMap: [{ type: () => Date, scalar: DateTimeScalar }],
    },
    resolvers: { DateTime: DateTimeScalar, JSON: JsonScalar, BigInt: BigIntScalar },
    graphiql: false,
    // Compile a query after its first use (graphql-jit): Mercurius's main speed-up.
    jit: 1,
    context: (request: unknown) => createGraphqlContext(request, keys, actors, events),
  }),
});
/** The application with Mercurius in the place of Apollo. */
@Module({})
class MercuriusAppModule {}
const parts = applicationParts({ ...config, runProjections: false }, config.databaseUrl);
const app = await NestFactory.create<NestFastifyApplication>(
  { module: MercuriusAppModule, ...parts, imports: [...parts.imports, mercurius] },
  new FastifyAdapter({ bodyLimit: MAX_BODY_BYTES }),
  { logger: ['error', 'warn'] },
);
await app.listen(config.port, config.host);
// As the service tells the bench the port it bound (main.ts): the bench starts it with PORT=0.
const address = app.getHttpServer().address();
process.send?.({ listening: address && typeof address === 'object' ? address.port : config.port });
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
