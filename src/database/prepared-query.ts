/**
 * A statement run as a named prepared statement: PostgreSQL parses it once per connection and,
 * once its generic plan is found as good as a custom one, stops planning it on every call (or from
 * the first call: `generic`). For the statements run on every append and every fold of a subject,
 * where parsing and planning cost more than running them. Through
 * TypeORM's connection and logger (counted, slow ones logged), and failing as TypeORM's queries do.
 * The name must stand for one text only. When the server does not know the name (a pooler in
 * transaction mode) or its plan went stale, it is prepared again (runPrepared).
 */
import { type DataSource, type EntityManager, type QueryRunner, QueryFailedError } from 'typeorm';

interface PgClient {
  query(config: { name?: string; text: string; values?: unknown[] }): Promise<{ rows: unknown[] }>;
  /** node-postgres' record of the names it has prepared on this connection (it then sends no Parse). */
  connection?: { parsedStatements?: Record<string, string> };
}

/** Per connection, the names whose plan went stale inside a transaction: deallocated before their next run. */
const STALE = new WeakMap<PgClient, Set<string>>();

/** Makes the server and node-postgres forget `name` on this connection: its next run prepares it again. */
async function forget(client: PgClient, name: string): Promise<void> {
  await client.query({ text: `DEALLOCATE "${name.replaceAll('"', '""')}"` });
  if (client.connection?.parsedStatements) delete client.connection.parsedStatements[name];
}

/**
 * Runs the statement by its name. When the server no longer knows the name (26000: a pooler in
 * transaction mode handed the call to another server, or DEALLOCATE), node-postgres is made to
 * forget it; when its plan went stale (0A000, a schema change), it is deallocated, or, inside a
 * transaction (aborted by the error, where nothing more can run), marked to be deallocated before
 * its next run. Either way the next call prepares it again, and outside a transaction this call is
 * run again so.
 */
async function runPrepared(client: PgClient, name: string, text: string, values: unknown[], inTransaction: boolean) {
  if (STALE.get(client)?.delete(name)) await forget(client, name);
  try {
    return await client.query({ name, text, values });
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code !== '26000' && code !== '0A000') throw error;
    if (code === '0A000' && inTransaction) {
      STALE.set(client, (STALE.get(client) ?? new Set()).add(name));
      throw error;
    }
    if (code === '0A000') await forget(client, name);
    else if (client.connection?.parsedStatements) delete client.connection.parsedStatements[name];
    if (inTransaction) throw error;
    return client.query({ name, text, values });
  }
}

export interface PreparedOptions {
  /**
   * Plan it once, as a generic plan, from its first run, when it runs outside a transaction: it runs
   * in a read-only transaction of its own that sets plan_cache_mode (`SET LOCAL`), so the setting
   * ends with it whatever happens, and a pooler in transaction mode keeps the three on one server.
   * Two more round trips (the BEGIN with the SET, the COMMIT), of which only the first delays the
   * answer. For a read (a statement that writes fails) whose planning costs more than that round
   * trip and whose generic plan is as good as a custom one, which PostgreSQL's own choice (five
   * custom plans, then a comparison of estimated costs) does not see. Inside a caller's transaction
   * the statement is planned as PostgreSQL chooses.
   */
  generic?: boolean;
}

/**
 * Runs the statement in a transaction of its own on a generic plan. A statement the server no
 * longer knows, or whose plan went stale, fails that transaction (runPrepared, in a transaction,
 * marks it to be prepared again): it is rolled back and run once more. The answer is handed back
 * as soon as the statement has answered, with `ended`, the COMMIT sent after it: the connection
 * goes back to the pool once that is done, and the caller does not wait for it (one round trip less).
 */
async function runGeneric(client: PgClient, name: string, text: string, values: unknown[]) {
  for (let attempt = 1; ; attempt++) {
    try {
      await client.query({ text: 'BEGIN READ ONLY; SET LOCAL plan_cache_mode = force_generic_plan' });
      const result = await runPrepared(client, name, text, values, true);
      // A COMMIT ends the transaction even when it fails (a read-only one, as this is, has nothing to fail on).
      const ended = client.query({ text: 'COMMIT' }).then(
        () => undefined,
        () => undefined,
      );
      return { ...result, ended };
    } catch (error) {
      // Ends the transaction, whether the error came before, in or after the statement.
      await client.query({ text: 'ROLLBACK' }).catch(() => undefined);
      const code = (error as { code?: string }).code;
      if (attempt === 1 && (code === '26000' || code === '0A000')) continue;
      throw error;
    }
  }
}

export async function preparedQuery<T>(
  db: DataSource | EntityManager,
  name: string,
  text: string,
  values: unknown[],
  options: PreparedOptions = {},
): Promise<T[]> {
  const inTransaction = 'queryRunner' in db && db.queryRunner ? db.queryRunner : null;
  const source = 'manager' in db ? db : db.connection;
  const runner: QueryRunner = inTransaction ?? source.createQueryRunner();
  const logger = source.logger;
  // What must finish before the connection goes back to the pool (the generic run's COMMIT).
  let ended: Promise<void> | null = null;
  try {
    const client = (await runner.connect()) as PgClient;
    logger.logQuery(text, values, runner);
    const started = Date.now();
    try {
      let rows: unknown[];
      if (options.generic === true && inTransaction === null)
        ({ rows, ended } = await runGeneric(client, name, text, values));
      else ({ rows } = await runPrepared(client, name, text, values, inTransaction !== null));
      const took = Date.now() - started;
      const slow = source.options.maxQueryExecutionTime;
      if (slow && took > slow) logger.logQuerySlow(took, text, values, runner);
      return rows as T[];
    } catch (error) {
      logger.logQueryError(error as Error, text, values, runner);
      throw new QueryFailedError(text, values, error as Error);
    }
  } finally {
    if (!inTransaction) {
      if (ended) void ended.then(() => runner.release()).catch(() => undefined);
      else await runner.release();
    }
  }
}
