/**
 * TypeORM's logger for the service: counts every SQL statement (tests use the count to prove a
 * page of events costs a fixed number of queries), and logs slow or failed ones through Nest.
 */
import { Logger as NestLogger } from '@nestjs/common';
import type { Logger as TypeOrmLogger } from 'typeorm';

export class QueryLog implements TypeOrmLogger {
  private readonly logger = new NestLogger('SQL');
  /** Statements run since the start. */
  count = 0;

  logQuery(): void {
    this.count++;
  }

  logQueryError(error: string | Error, query: string): void {
    this.logger.debug({
      msg: 'query failed',
      error: error instanceof Error ? error.message : error,
      query: query.slice(0, 500),
    });
  }

  logQuerySlow(time: number, query: string): void {
    this.logger.warn({ msg: 'slow query', ms: time, query: query.slice(0, 500) });
  }

  logSchemaBuild(): void {}
  logMigration(): void {}
  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    if (level === 'warn') this.logger.warn(String(message));
  }
}
