import { ConfigError, loadConfig } from './app-config.js';

const PRIMARY = 'postgres://app@primary:5432/diplomacy';

describe('READ_DATABASE_URL', () => {
  it('is optional: without it every read goes to DATABASE_URL', () => {
    expect(loadConfig({ DATABASE_URL: PRIMARY }).readDatabaseUrl).toBeUndefined();
    expect(loadConfig({ DATABASE_URL: PRIMARY, READ_DATABASE_URL: '' }).readDatabaseUrl).toBeUndefined();
  });

  it('is read as given', () => {
    const url = 'postgresql://app@replica:5432/diplomacy';
    expect(loadConfig({ DATABASE_URL: PRIMARY, READ_DATABASE_URL: url }).readDatabaseUrl).toBe(url);
  });

  it('refuses what is not a PostgreSQL URL, naming the variable', () => {
    expect(() => loadConfig({ DATABASE_URL: PRIMARY, READ_DATABASE_URL: 'mysql://replica/db' })).toThrow(
      new ConfigError('READ_DATABASE_URL: must start with postgres:// or postgresql://'),
    );
  });

  it('needs DATABASE_URL: the embedded PostgreSQL has no replica', () => {
    expect(() => loadConfig({ READ_DATABASE_URL: 'postgres://replica/db' })).toThrow(
      /^READ_DATABASE_URL: needs DATABASE_URL/,
    );
  });
});

describe('READ_MAX_LAG_MS', () => {
  const REPLICA = 'postgres://app@replica:5432/diplomacy';
  const withReplica = { DATABASE_URL: PRIMARY, READ_DATABASE_URL: REPLICA };

  it('is off (0) by default: a replica is read however far behind', () => {
    expect(loadConfig(withReplica).readMaxLagMs).toBe(0);
    expect(loadConfig({ ...withReplica, READ_MAX_LAG_MS: '0' }).readMaxLagMs).toBe(0);
  });

  it('takes milliseconds from 1000 (the lag is sampled every second) to an hour', () => {
    expect(loadConfig({ ...withReplica, READ_MAX_LAG_MS: '1000' }).readMaxLagMs).toBe(1000);
    expect(loadConfig({ ...withReplica, READ_MAX_LAG_MS: '3600000' }).readMaxLagMs).toBe(3_600_000);
    expect(() => loadConfig({ ...withReplica, READ_MAX_LAG_MS: '500' })).toThrow(
      new ConfigError('READ_MAX_LAG_MS: must be 0 (off) or 1000-3600000 (the lag is sampled every second), got "500"'),
    );
    expect(() => loadConfig({ ...withReplica, READ_MAX_LAG_MS: '3600001' })).toThrow(/^READ_MAX_LAG_MS: must be/);
    expect(() => loadConfig({ ...withReplica, READ_MAX_LAG_MS: '2s' })).toThrow(/^READ_MAX_LAG_MS: must be/);
  });

  it('needs READ_DATABASE_URL', () => {
    expect(() => loadConfig({ DATABASE_URL: PRIMARY, READ_MAX_LAG_MS: '5000' })).toThrow(
      new ConfigError('READ_MAX_LAG_MS: needs READ_DATABASE_URL'),
    );
  });
});
