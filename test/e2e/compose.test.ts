/** docker-compose.yml and the Dockerfile, checked by parsing them (there is no Docker engine here). */
import fs from 'node:fs';
import { load } from 'js-yaml';

const compose = load(fs.readFileSync('docker-compose.yml', 'utf8')) as any;

describe('docker-compose.yml', () => {
  it('has postgres and the api, wired by DATABASE_URL', () => {
    const { postgres, api } = compose.services;
    const url = new URL(api.environment.DATABASE_URL);
    expect(url.hostname).toBe('postgres');
    expect(url.port).toBe('5432');
    expect(url.username).toBe(postgres.environment.POSTGRES_USER);
    expect(decodeURIComponent(url.password)).toBe(postgres.environment.POSTGRES_PASSWORD);
    expect(url.pathname).toBe(`/${postgres.environment.POSTGRES_DB}`);
  });

  it('starts the api once postgres is healthy, and checks both', () => {
    const { postgres, api } = compose.services;
    expect(api.depends_on.postgres.condition).toBe('service_healthy');
    expect(postgres.healthcheck.test.join(' ')).toMatch(/pg_isready/);
    expect(api.healthcheck.test.join(' ')).toMatch(/\/health/);
  });

  it('uses a PostgreSQL major we support and keeps its data in a volume', () => {
    const major = Number(/postgres:(\d+)/.exec(compose.services.postgres.image)?.[1]);
    expect(major).toBeGreaterThanOrEqual(15);
    expect(compose.services.postgres.volumes[0]).toMatch(/^pgdata:/);
    expect(compose.volumes).toHaveProperty('pgdata');
  });

  it('can scale the api: no fixed container name, a port range, the admin key from the environment', () => {
    const { api } = compose.services;
    expect(api.container_name).toBeUndefined();
    expect(api.ports[0]).toMatch(/^"?\d+-\d+:3000"?$/);
    expect(api.environment.ADMIN_API_KEY).toMatch(/^\$\{ADMIN_API_KEY/);
    expect(api.build).toBe('.');
  });
});

describe('Dockerfile', () => {
  const dockerfile = fs.readFileSync('Dockerfile', 'utf8');
  it('builds with the project build (the API and the timeline page) and runs dist/main.js with the migrations and demo data', () => {
    expect(dockerfile).toMatch(/npm ci/);
    expect(dockerfile).toMatch(/RUN npm run build/);
    expect(JSON.parse(fs.readFileSync('package.json', 'utf8')).scripts.build).toMatch(
      /nest build && npm run build:page/,
    );
    expect(dockerfile).toMatch(/COPY src \.\/src/);
    expect(dockerfile).toMatch(/COPY migrations/);
    expect(dockerfile).toMatch(/demo-timeline\.json/);
    expect(dockerfile).toMatch(
      /CMD \["sh", "-c", "exec node --max-old-space-size=\$\{NODE_HEAP_MB\} dist\/main\.js"\]/,
    );
    for (const file of ['package-lock.json', 'tsconfig.build.json', 'nest-cli.json', 'data/demo-timeline.json'])
      expect(fs.existsSync(file)).toBe(true);
  });
});
