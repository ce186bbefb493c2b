/** TypeORM options: hand-written migrations only (never synchronize), our entities, a bounded pool. */
import type { DataSourceOptions } from 'typeorm';
import { ActorEntity } from '../actors/actor.entity.js';
import { ApiKeyAuditEntity } from '../auth/api-key-audit.entity.js';
import { ApiKeyEntity } from '../auth/api-key.entity.js';
import { ProjectionCheckpoint } from '../read-models/projector/projection-checkpoint.entity.js';
import { PROJECTIONS } from '../read-models/read-models.js';
import { connectionOptions } from './connection-identity.js';
import { QueryLog } from './query-log.js';

/** The entities of the tables that hold rows (the log itself is read and written in SQL: events.repository.ts). */
export const ENTITIES = [
  ActorEntity,
  ApiKeyEntity,
  ApiKeyAuditEntity,
  ProjectionCheckpoint,
  ...PROJECTIONS.map((projection) => projection.rows),
];

export function dataSourceOptions(url: string, poolSize = 20, queryLog = new QueryLog()): DataSourceOptions {
  return {
    logger: queryLog,
    maxQueryExecutionTime: 1_000,
    type: 'postgres',
    url,
    entities: ENTITIES,
    synchronize: false,
    migrationsRun: false,
    logging: false,
    extra: { max: poolSize, connectionTimeoutMillis: 10_000, ...connectionOptions(url) },
  };
}
