/**
 * preparedQuery (src/database/prepared-query.ts) on a real PostgreSQL: a statement the server no
 * longer knows by its name (a pooler in transaction mode handing the call to another server, or
 * DEALLOCATE) is prepared again instead of failing; inside a transaction it fails as it must, and
 * the next call outside prepares it again. A plan gone stale (a schema change) inside a transaction
 * fails that transaction, and the next call, in a transaction too, deallocates and prepares it again.
 */
import { DataSource } from 'typeorm';
import { preparedQuery } from '../../src/database/prepared-query.js';
import { type TestDatabase, createEmptyDatabase } from '../support/test-database.js';

let db: TestDatabase;
let source: DataSource;

beforeAll(async () => {
  db = await createEmptyDatabase();
  // One connection: the statement is prepared on it, then forgotten on it.
  source = new DataSource({ type: 'postgres', url: db.url, extra: { max: 1 } });
  await source.initialize();
});

afterAll(async () => {
  await source?.destroy();
  await db?.drop();
});

const TEXT = 'SELECT $1::int + 1 AS n';

const prepared = async (): Promise<string[]> =>
  (await source.query('SELECT name FROM pg_prepared_statements ORDER BY name')).map((r: { name: string }) => r.name);

it('answers again after the server forgot the prepared statement, and prepares it again', async () => {
  expect(await preparedQuery(source, 'test-plus-one', TEXT, [1])).toEqual([{ n: 2 }]);
  await source.query('DEALLOCATE ALL');
  expect(await prepared()).toEqual([]);
  expect(await preparedQuery(source, 'test-plus-one', TEXT, [2])).toEqual([{ n: 3 }]);
  expect(await prepared()).toEqual(['test-plus-one']);
  expect(await preparedQuery(source, 'test-plus-one', TEXT, [3])).toEqual([{ n: 4 }]);
});

it('inside a transaction, the forgotten statement fails the transaction (nothing is retried in an aborted one)', async () => {
  expect(await preparedQuery(source, 'test-plus-one-tx', TEXT, [1])).toEqual([{ n: 2 }]);
  await source.query('DEALLOCATE ALL');
  await expect(source.transaction((manager) => preparedQuery(manager, 'test-plus-one-tx', TEXT, [2]))).rejects.toThrow(
    /prepared statement .* does not exist/,
  );
});

it('a plan gone stale inside a transaction fails that transaction only: the next one prepares the statement again', async () => {
  await source.query('CREATE TABLE stale_plan (a int)');
  await source.query('INSERT INTO stale_plan VALUES (1)');
  const read = () =>
    source.transaction((manager) => preparedQuery(manager, 'test-stale-plan', 'SELECT * FROM stale_plan', []));
  expect(await read()).toEqual([{ a: 1 }]);
  await source.query('ALTER TABLE stale_plan ADD COLUMN b int');
  await expect(read()).rejects.toThrow(/cached plan must not change result type/);
  expect(await read()).toEqual([{ a: 1, b: null }]);
  expect(await read()).toEqual([{ a: 1, b: null }]);
});

describe('generic: planned once, as a generic plan, from the first run', () => {
  const plans = async (name: string) =>
    (
      await source.query('SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE name = $1', [name])
    )[0] as { generic_plans: string; custom_plans: string } | undefined;
  const mode = async () => (await source.query('SHOW plan_cache_mode'))[0].plan_cache_mode as string;

  it('runs on a generic plan from the first call, where PostgreSQL would plan the first five for their values', async () => {
    for (const n of [1, 2, 3])
      expect(await preparedQuery(source, 'test-generic', TEXT, [n], { generic: true })).toEqual([{ n: n + 1 }]);
    expect(await plans('test-generic')).toEqual({ generic_plans: '3', custom_plans: '0' });
    for (const n of [1, 2, 3]) await preparedQuery(source, 'test-custom', TEXT, [n]);
    expect(await plans('test-custom')).toEqual({ generic_plans: '0', custom_plans: '3' });
  });

  /** Two reads of now() in one transaction are equal: a transaction left open on the connection would show. */
  const inTransaction = async () => {
    const [{ t: first }] = await source.query('SELECT now()::text AS t');
    await new Promise((resolve) => setTimeout(resolve, 5));
    const [{ t: second }] = await source.query('SELECT now()::text AS t');
    return first === second;
  };

  it('leaves the session as it found it (no setting, no open transaction), after an answer and after an error', async () => {
    await preparedQuery(source, 'test-generic', TEXT, [1], { generic: true });
    expect(await mode()).toBe('auto');
    expect(await inTransaction()).toBe(false);
    await expect(
      preparedQuery(source, 'test-generic-fails', 'SELECT 1 / $1::int AS n', [0], { generic: true }),
    ).rejects.toThrow(/division by zero/);
    expect(await mode()).toBe('auto');
    expect(await inTransaction()).toBe(false);
  });

  it('answers after the server forgot the statement or its plan went stale: the failed transaction is rolled back and run again', async () => {
    expect(await preparedQuery(source, 'test-generic-forgotten', TEXT, [1], { generic: true })).toEqual([{ n: 2 }]);
    await source.query('DEALLOCATE ALL');
    expect(await preparedQuery(source, 'test-generic-forgotten', TEXT, [2], { generic: true })).toEqual([{ n: 3 }]);
    await source.query('CREATE TABLE stale_generic (a int)');
    await source.query('INSERT INTO stale_generic VALUES (1)');
    const read = () =>
      preparedQuery(source, 'test-generic-stale', 'SELECT * FROM stale_generic', [], { generic: true });
    expect(await read()).toEqual([{ a: 1 }]);
    await source.query('ALTER TABLE stale_generic ADD COLUMN b int');
    expect(await read()).toEqual([{ a: 1, b: null }]);
    expect(await mode()).toBe('auto');
    expect(await inTransaction()).toBe(false);
  });

  it('is for reads: a statement that writes fails in its read-only transaction, and writes nothing', async () => {
    await source.query('CREATE TABLE generic_writes (a int)');
    await expect(
      preparedQuery(source, 'test-generic-write', 'INSERT INTO generic_writes VALUES ($1::int) RETURNING a', [1], {
        generic: true,
      }),
    ).rejects.toThrow(/read-only transaction/);
    expect(await source.query('SELECT count(*)::int AS n FROM generic_writes')).toEqual([{ n: 0 }]);
    expect(await mode()).toBe('auto');
    expect(await inTransaction()).toBe(false);
  });

  it('inside a transaction, is planned as PostgreSQL chooses (nothing is set there)', async () => {
    await source.transaction(async (manager) => {
      await preparedQuery(manager, 'test-generic-tx', TEXT, [1], { generic: true });
      expect((await manager.query('SHOW plan_cache_mode'))[0].plan_cache_mode).toBe('auto');
    });
    expect(await plans('test-generic-tx')).toEqual({ generic_plans: '0', custom_plans: '1' });
  });
});
