/**
 * docker-compose.yml and its files, checked without a Docker engine: the file against the Compose
 * Specification's JSON schema (vendored in test/fixtures), then what makes it work as written:
 * secrets from .env (no `:?` that breaks `ps`/`logs`/`down`), one published port on the proxy,
 * no port on the scalable api, TRUST_PROXY naming the network the proxy comes from.
 * compose-postgres.test.ts runs the init script and the API's environment on a real PostgreSQL.
 */
import fs from 'node:fs';
import { Ajv } from 'ajv';
import { loadConfig } from '../../src/config/app-config.js';
import {
  composeFile,
  composeText,
  envFiles,
  interpolate,
  interpolatedNames,
  readEnvFile,
  serviceEnvironment,
} from '../support/compose.js';

const compose = composeFile();
const example = readEnvFile('.env.example');

function validator() {
  const schema = JSON.parse(fs.readFileSync('test/fixtures/compose-spec.json', 'utf8'));
  // The schema is draft-07 (Ajv's default) but names its meta-schema by its https address.
  const ajv = new Ajv({ allErrors: true, strict: false });
  const { $id: _id, ...draft07 } = JSON.parse(
    fs.readFileSync('node_modules/ajv/dist/refs/json-schema-draft-07.json', 'utf8'),
  ) as Record<string, unknown>;
  ajv.addMetaSchema(draft07, schema.$schema);
  return ajv.compile(schema);
}

describe('docker-compose.yml', () => {
  it('is valid against the Compose Specification schema, which does refuse a broken file', () => {
    const validate = validator();
    expect(validate(compose) ? [] : validate.errors).toEqual([]);
    const broken = structuredClone(compose);
    broken.services.api.healthcheck.intervall = '10s';
    broken.services.proxy.ports = '3000:80';
    expect(validate(broken)).toBe(false);
    expect(validate.errors?.map((e: { instancePath: string }) => e.instancePath)).toEqual(
      expect.arrayContaining(['/services/api/healthcheck', '/services/proxy/ports']),
    );
  });

  it('interpolates nothing with `:?` (which fails every command while unset) and finds every secret in .env.example', () => {
    const text = composeText();
    expect(text).not.toMatch(/\$\{[A-Za-z_][A-Za-z0-9_]*:?\?/);
    // Each variable without a default comes from .env: the template names it.
    const withoutDefault = interpolatedNames(text).filter((name) => !new RegExp(`\\$\\{${name}:?-`).test(text));
    expect(withoutDefault.sort()).toEqual(['APP_DB_PASSWORD', 'POSTGRES_PASSWORD']);
    for (const name of [...withoutDefault, 'ADMIN_API_KEY']) expect(example).toHaveProperty(name);
    expect(fs.readFileSync('.gitignore', 'utf8').split('\n')).toContain('.env');
    expect(fs.readFileSync('.dockerignore', 'utf8').split('\n')).toContain('.env');
  });

  it('gives the api its settings from .env, publishes no api port, and one port on the proxy', () => {
    const { api, proxy } = compose.services;
    expect(envFiles(api)).toEqual(['.env']);
    expect(api.ports).toBeUndefined();
    expect(api.container_name).toBeUndefined();
    expect(api.build).toBe('.');
    expect(proxy.ports).toHaveLength(1);
    expect(interpolate(proxy.ports[0], {})).toBe('3000:80');
    expect(Object.entries(compose.services).filter(([, s]: [string, any]) => s.ports)).toHaveLength(1);
  });

  it('puts Caddy in front of every api instance, by the service name on the api port', () => {
    const { proxy } = compose.services;
    expect(proxy.image).toMatch(/^caddy:2/);
    const mount = proxy.volumes.find((v: string) => v.endsWith(':/etc/caddy/Caddyfile:ro'));
    const caddyfile = fs.readFileSync(mount.split(':')[0], 'utf8');
    expect(caddyfile).toMatch(/^:80 \{/m);
    // Docker's DNS answers one address per replica: a dynamic A upstream balances over them all.
    expect(caddyfile).toMatch(/dynamic a \{\s*name api\s*port 3000\b/);
    expect(caddyfile).toMatch(/lb_policy round_robin/);
    expect(proxy.depends_on.api.condition).toBe('service_healthy');
  });

  it('trusts X-Forwarded-For from the compose network only, whose subnet it fixes', () => {
    const { api } = compose.services;
    const subnet = interpolate(compose.networks.default.ipam.config[0].subnet, {});
    expect(interpolate(api.environment.TRUST_PROXY, {})).toBe(subnet);
    expect(interpolate(api.environment.TRUST_PROXY, { COMPOSE_SUBNET: '10.9.0.0/24' })).toBe('10.9.0.0/24');
    expect(loadConfig({ TRUST_PROXY: subnet }).trustProxy).toBe(subnet);
  });

  it('connects the api as the role the init script creates, not as the superuser, once postgres is healthy', () => {
    const { postgres, api } = compose.services;
    const url = new URL(interpolate(api.environment.DATABASE_URL, { APP_DB_PASSWORD: 'secret' }));
    expect(url.hostname).toBe('postgres');
    expect(url.port).toBe('5432');
    expect(url.username).toBe(postgres.environment.APP_DB_USER);
    expect(url.username).not.toBe(postgres.environment.POSTGRES_USER);
    expect(url.password).toBe('secret');
    expect(url.pathname).toBe(`/${postgres.environment.POSTGRES_DB}`);
    expect(postgres.volumes).toContain('./deploy/postgres-init:/docker-entrypoint-initdb.d:ro');
    expect(fs.statSync('deploy/postgres-init/01-app-role.sh').mode & 0o111).not.toBe(0);
    // The superuser's password is not handed to the api with the rest of .env.
    expect(serviceEnvironment(compose, 'api', example).POSTGRES_PASSWORD).toBe('');
    expect(api.depends_on.postgres.condition).toBe('service_healthy');
    expect(postgres.healthcheck.test.join(' ')).toMatch(/pg_isready -h 127\.0\.0\.1/);
  });

  it('checks each api instance by /health/live, as the image does', () => {
    const probe = compose.services.api.healthcheck.test.join(' ');
    expect(probe).toMatch(/^CMD node -e .*fetch\('http:\/\/127\.0\.0\.1:3000\/health\/live'\)/);
  });

  it('uses a PostgreSQL major we support and keeps its data in a volume', () => {
    const major = Number(/postgres:(\d+)/.exec(compose.services.postgres.image)?.[1]);
    expect(major).toBeGreaterThanOrEqual(15);
    expect(compose.services.postgres.volumes[0]).toMatch(/^pgdata:/);
    expect(compose.volumes).toHaveProperty('pgdata');
  });

  it('gives the api a valid configuration from .env.example and the compose environment', () => {
    // The secrets are empty in .env.example (an unfilled copy must not start with known secrets).
    expect([example.POSTGRES_PASSWORD, example.APP_DB_PASSWORD, example.ADMIN_API_KEY]).toEqual(['', '', '']);
    const filled = { ...example, APP_DB_PASSWORD: 'a'.repeat(64), ADMIN_API_KEY: 'k'.repeat(64) };
    const env = serviceEnvironment(compose, 'api', filled);
    const config = loadConfig(env);
    expect(config.databaseUrl).toBe(`postgres://diplomacy:${'a'.repeat(64)}@postgres:5432/diplomacy`);
    expect(config.adminApiKey).toBe('k'.repeat(64));
    expect(config.trustProxy).toBe('172.29.53.0/24');
    expect(config.port).toBe(3000);
  });
});
