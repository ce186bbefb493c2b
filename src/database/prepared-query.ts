/**
 * A statement run as a named prepared statement: PostgreSQL parses it once per connection and,
 * once its generic plan is found as good as a custom one, stops planning it on every call. For the
 * statements run on every append, where parsing and planning cost more than running them. Through
 * TypeORM's connection and logger (counted, slow ones logged), and failing as TypeORM's queries do.
 * The name must stand for one text only.
 */
import { type DataSource, type EntityManager, type QueryRunner, QueryFailedError } from 'typeorm';

interface PgClient {
  query(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: unknown[] }>;
}

export async function preparedQuery<T>(
  db: DataSource | EntityManager,
  name: string,
  text: string,
  values: unknown[],
): Promise<T[]> {
  const inTransaction = 'queryRunner' in db && db.queryRunner ? db.queryRunner : null;
  const source = 'manager' in db ? db : db.connection;
  const runner: QueryRunner = inTransaction ?? source.createQueryRunner();
  const logger = source.logger;
  try {
    const client = (await runner.connect()) as PgClient;
    logger.logQuery(text, values, runner);
    const started = Date.now();
    try {
      const { rows } = await client.query({ name, text, values });
      const took = Date.now() - started;
      const slow = source.options.maxQueryExecutionTime;
      if (slow && took > slow) logger.logQuerySlow(took, text, values, runner);
      return rows as T[];
    } catch (error) {
      logger.logQueryError(error as Error, text, values, runner);
      throw new QueryFailedError(text, values, error as Error);
    }
  } finally {
    if (!inTransaction) await runner.release();
  }
}
