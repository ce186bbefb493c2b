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
