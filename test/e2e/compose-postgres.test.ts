/**
 * docker-compose.yml's database side on a real PostgreSQL (in CI also Debian's PostgreSQL 15):
 * deploy/postgres-init/01-app-role.sh run as the postgres image runs it (psql, as the superuser,
 * with the compose file's variables), then the API's command with the api service's environment
 * (.env.example's settings, DATABASE_URL naming that role): it migrates, is ready, and appends
 * as a role that is not a superuser; a second start with the same ADMIN_API_KEY keeps the key.
 */
import { execFile } from 'node:child_process';
import crypto from 'node:crypto';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { PROJECT_ROOT } from '../../src/config/project-paths.js';
import { serverPort } from '../support/server-port.js';
import { readMigrations } from '../../src/database/migrations.js';
import { composeFile, readEnvFile, serviceEnvironment } from '../support/compose.js';
import { CAST, statementMade } from '../support/fixtures.js';
import { gql, startServer, stopAllProcesses } from '../support/server-process.js';
import { type TestDatabase, createEmptyDatabase } from '../support/test-database.js';

const run = promisify(execFile);
const compose = composeFile();
const INIT_SCRIPT = path.join(PROJECT_ROOT, 'deploy/postgres-init/01-app-role.sh');

const adminUrl = () => new URL(process.env.TEST_ADMIN_URL as string);
const role = `dt_app_${crypto.randomBytes(4).toString('hex')}`;
const password = crypto.randomBytes(24).toString('hex');
const adminKey = crypto.randomBytes(32).toString('hex');
let database: TestDatabase;

async function query<T extends pg.QueryResultRow = any>(
  url: string,
  sql: string,
  params: unknown[] = [],
): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

/** The api service's DATABASE_URL, pointed at this run's server and database, as the role made here. */
function appUrl(composeUrl: string): string {
  const url = new URL(composeUrl);
  const admin = adminUrl();
  url.hostname = admin.hostname;
  url.port = admin.port;
  url.pathname = `/${database.name}`;
  url.username = role;
  return url.toString();
}

/** The script as the image runs it: psql as the superuser, with the postgres service's variables. */
function runInitScript(env: Record<string, string>) {
  const admin = adminUrl();
  return run('sh', [INIT_SCRIPT], {
    env: {
      PATH: process.env.PATH ?? '',
      PGHOST: admin.hostname,
      PGPORT: admin.port,
      PGPASSWORD: decodeURIComponent(admin.password),
      POSTGRES_USER: decodeURIComponent(admin.username),
      POSTGRES_DB: database.name,
      ...env,
    },
  });
}

beforeAll(async () => {
  database = await createEmptyDatabase();
});

afterAll(async () => {
  await stopAllProcesses();
  await database?.drop();
  await query(adminUrl().toString(), `DROP ROLE IF EXISTS "${role}"`);
});

describe('the compose deployment on PostgreSQL, as a role that is not a superuser', () => {
  it('refuses to run the init script without the role password (.env not filled in)', async () => {
    const failed = await runInitScript({ APP_DB_USER: role, APP_DB_PASSWORD: '' }).catch((error) => error);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/set APP_DB_USER and APP_DB_PASSWORD/);
    expect(await query(adminUrl().toString(), 'SELECT 1 FROM pg_roles WHERE rolname = $1', [role])).toEqual([]);
  });

  it('creates the role owning the database; the API migrates, is ready, appends, and keeps its key across starts', async () => {
    const postgresEnv = compose.services.postgres.environment;
    expect(postgresEnv.APP_DB_USER).toBe('diplomacy');
    await runInitScript({ APP_DB_USER: role, APP_DB_PASSWORD: password });

    const [created] = await query(
      adminUrl().toString(),
      `SELECT r.rolsuper, r.rolcreaterole, r.rolcreatedb, pg_get_userbyid(d.datdba) AS owner
         FROM pg_roles r, pg_database d WHERE r.rolname = $1 AND d.datname = $2`,
      [role, database.name],
    );
    expect(created).toEqual({ rolsuper: false, rolcreaterole: false, rolcreatedb: false, owner: role });

    // The api service's environment with .env made from .env.example, its secrets filled in.
    const dotEnv = { ...readEnvFile('.env.example'), APP_DB_PASSWORD: password, ADMIN_API_KEY: adminKey };
    const env = serviceEnvironment(compose, 'api', dotEnv);
    const url = appUrl(env.DATABASE_URL);
    expect(new URL(env.DATABASE_URL).username).toBe(postgresEnv.APP_DB_USER);
    const start = async (name: string) => {
      const port = await serverPort();
      return startServer(name, {
        databaseUrl: url,
        adminKey,
        port,
        env: { ...env, DATABASE_URL: url, HOST: '127.0.0.1', PORT: String(port), LOG_LEVEL: 'warn' },
      });
    };

    const first = await start('compose-1');
    const [me] = await query(url, 'SELECT current_user AS user, usesuper FROM pg_user WHERE usename = current_user');
    expect(me).toEqual({ user: role, usesuper: false });
    const applied = await query(url, 'SELECT name FROM schema_migrations ORDER BY version');
    expect(applied.map((row) => row.name)).toEqual(readMigrations().map((m) => m.name));
    const notOwned = await query(
      url,
      `SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'S') AND pg_get_userbyid(c.relowner) <> $1`,
      [role],
    );
    expect(notOwned).toEqual([]);
    const ready = await fetch(`${first.url}/health/ready`);
    expect(ready.status).toBe(200);

    for (const id of ['us', 'trump']) {
      const registered = await gql(
        first,
        'mutation($input: RegisterActorInput!) { registerActor(input: $input) { id } }',
        { input: CAST.find((a) => a.id === id) },
      );
      expect(registered).toEqual({ data: { registerActor: { id } } });
    }
    const appended = await gql(
      first,
      'mutation($input: AppendEventsInput!) { appendEvents(input: $input) { lastPosition events { type } } }',
      { input: { streamId: 'compose-check', events: [statementMade()] } },
    );
    expect(appended).toEqual({ data: { appendEvents: { lastPosition: '1', events: [{ type: 'STATEMENT_MADE' }] } } });
    await first.kill('SIGTERM');

    // `docker compose up` again with the same .env: the same key, registered once, still valid.
    const second = await start('compose-2');
    const keys = await query(url, "SELECT name, revoked_at FROM api_keys WHERE created_by = 'ADMIN_API_KEY'");
    expect(keys).toEqual([{ name: 'admin-env', revoked_at: null }]);
    const again = await gql(
      second,
      'mutation($input: AppendEventsInput!) { appendEvents(input: $input) { lastPosition } }',
      { input: { streamId: 'compose-check', expectedVersion: 1, events: [statementMade({ text: 'again' })] } },
    );
    expect(again).toEqual({ data: { appendEvents: { lastPosition: '2' } } });
  }, 90_000);
});
