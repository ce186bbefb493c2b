// Jest globalTeardown: stops the embedded PostgreSQL of the run (bounded: stop() can hang when the
// server already died) and removes its folder; on an external server, drops the run's databases.
import fs from 'node:fs';
import pg from 'pg';

export default async function globalTeardown() {
  const embedded = globalThis.__EMBEDDED_PG__;
  if (embedded) {
    await Promise.race([embedded.pg.stop(), new Promise((resolve) => setTimeout(resolve, 10_000).unref())]);
    fs.rmSync(embedded.dir, { recursive: true, force: true });
    return;
  }
  const client = new pg.Client({ connectionString: process.env.TEST_ADMIN_URL });
  await client.connect();
  try {
    const { rows } = await client.query('SELECT datname FROM pg_database WHERE datname LIKE $1', [
      `dt_${process.env.TEST_RUN_ID}_%`,
    ]);
    for (const { datname } of rows) {
      await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    }
  } finally {
    await client.end();
  }
}
