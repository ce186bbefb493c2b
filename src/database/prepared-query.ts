/**
 * A statement run as a named prepared statement: PostgreSQL parses it once per connection and,
 * once its generic plan is found as good as a custom one, stops planning it on every call. For the
 * statements run on every append, where parsing and planning cost more than running them. Through
 * TypeORM's connection and logger (counted, slow ones logged), and failing as TypeORM's queries do.
 * The name must stand for one text only. When the server does not know the name (a pooler in
 * transaction mode) or its plan went stale, the statement runs once unnamed (outside a transaction).
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
      const { rows } = await client.query({ name, text, values }).catch((error: { code?: string }) => {
        // A pooler in transaction mode may hand this statement to a server that never prepared it
        // (26000), and a schema change may stale its plan (0A000): run it once unnamed instead.
        // Outside a transaction only: inside one, the error has aborted it.
        if (!inTransaction && (error.code === '26000' || error.code === '0A000'))
          return client.query({ text, values } as never);
        throw error;
      });
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
