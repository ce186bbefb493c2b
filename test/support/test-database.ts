/**
 * Each test file gets a database of its own, copied from a migrated template of this run
 * (CREATE DATABASE ... TEMPLATE is fast). The first file to need the template builds it under
 * an advisory lock; the others wait for it.
 */
import crypto from 'node:crypto';
import pg from 'pg';
import { withDatabase } from '../../src/database/database-url.js';
import { migrate } from '../../src/database/migrations.js';

function adminUrl(): string {
  const url = process.env.TEST_ADMIN_URL;
  if (!url) throw new Error('TEST_ADMIN_URL is not set: run the tests through jest (globalSetup starts PostgreSQL)');
  return url;
}

async function withAdmin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl() });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

const runPrefix = () => `dt_${process.env.TEST_RUN_ID ?? 'local'}`;

async function ensureTemplate(): Promise<string> {
  const template = `${runPrefix()}_template`;
  await withAdmin(async (client) => {
    await client.query('SELECT pg_advisory_lock(727002)');
    try {
      const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [template]);
      if (exists.rowCount === 0) {
        await client.query(`CREATE DATABASE "${template}"`);
        await migrate(withDatabase(adminUrl(), template));
      }
    } finally {
      await client.query('SELECT pg_advisory_unlock(727002)');
    }
  });
  return template;
}

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

/** A fresh, migrated database for one test file. */
export async function createTestDatabase(): Promise<TestDatabase> {
  return createDatabase(await ensureTemplate());
}

/** A database with no migrations applied, for tests of the migration runner itself. */
export async function createEmptyDatabase(): Promise<TestDatabase> {
  return createDatabase(undefined);
}

async function createDatabase(template: string | undefined): Promise<TestDatabase> {
  const name = `${runPrefix()}_${crypto.randomBytes(4).toString('hex')}`;
  await withAdmin((client) => client.query(`CREATE DATABASE "${name}"${template ? ` TEMPLATE "${template}"` : ''}`));
  return {
    url: withDatabase(adminUrl(), name),
    name,
    drop: () =>
      withAdmin((client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => undefined),
  };
}
