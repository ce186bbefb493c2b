/** TypeORM options: hand-written migrations only (never synchronize), our entities, a bounded pool. */
import type { DataSourceOptions } from 'typeorm';
import { ActorEntity } from '../actors/actor.entity.js';
import { QueryLog } from './query-log.js';

export function dataSourceOptions(url: string, poolSize = 20, queryLog = new QueryLog()): DataSourceOptions {
  return {
    logger: queryLog,
    maxQueryExecutionTime: 1_000,
    type: 'postgres',
    url,
    entities: [ActorEntity],
    synchronize: false,
    migrationsRun: false,
    logging: false,
    extra: { max: poolSize, connectionTimeoutMillis: 10_000 },
  };
}
