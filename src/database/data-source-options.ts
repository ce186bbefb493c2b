/** TypeORM options: hand-written migrations only (never synchronize), our entities, a bounded pool. */
import { DataSource, type DataSourceOptions, type Logger } from 'typeorm';
import { ActorEntity } from '../actors/actor.entity.js';
import { ApiKeyAuditEntity } from '../auth/api-key-audit.entity.js';
import { ApiKeyEntity } from '../auth/api-key.entity.js';
import { ProjectionCheckpoint } from '../read-models/projector/projection-checkpoint.entity.js';
import { PROJECTIONS } from '../read-models/read-models.js';
import { connectionOptions } from './connection-identity.js';
import { QueryLog } from './query-log.js';
import { type LagWatch, ReplicaLink } from './read-database.js';

/** The entities of the tables that hold rows (the log itself is read and written in SQL: events.repository.ts). */
export const ENTITIES = [
  ActorEntity,
  ApiKeyEntity,
  ApiKeyAuditEntity,
  ProjectionCheckpoint,
  ...PROJECTIONS.map((projection) => projection.rows),
];

export function dataSourceOptions(url: string, poolSize = 20, queryLog: Logger = new QueryLog()): DataSourceOptions {
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

/** The read replica of READ_DATABASE_URL, with the primary's pool size and query log (a statement is counted wherever it runs). */
export function replicaLink(url: string, primary: DataSource, lagWatch: LagWatch | null = null): ReplicaLink {
  const { extra, logger } = primary.options as { extra?: { max?: number }; logger?: unknown };
  const queryLog = typeof logger === 'object' && logger !== null ? (logger as Logger) : undefined;
  return new ReplicaLink(new DataSource(dataSourceOptions(url, extra?.max ?? 20, queryLog)), url, lagWatch);
}
