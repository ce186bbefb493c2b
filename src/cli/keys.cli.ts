/**
 * npm run keys -- create --role admin|reader --name alice   prints a new key, once
 * npm run keys -- list                                      names, roles, dates (never the keys)
 * npm run keys -- revoke --name alice                       takes effect at once
 * npm run keys -- audit                                     who created and revoked which key, when
 */
import { ApiKeysService } from '../auth/api-keys.service.js';
import { UsageError, openCliDatabase, parseFlags, runCli } from './cli-database.js';

const USAGE = 'usage: npm run keys -- create --role admin|reader --name NAME | list | revoke --name NAME | audit';

void runCli(async () => {
  const [command, ...rest] = process.argv.slice(2);
  if (!command || !['create', 'list', 'revoke', 'audit'].includes(command)) throw new UsageError(USAGE);
  const flags = parseFlags(rest, command === 'create' ? ['role', 'name'] : command === 'revoke' ? ['name'] : []);
  const need = (name: string) => {
    const value = flags[name];
    if (typeof value !== 'string' || value === '') throw new UsageError(`--${name} is required. ${USAGE}`);
    return value;
  };
  if (command === 'create') {
    need('role');
    need('name');
  }
  if (command === 'revoke') need('name');
  const cli = await openCliDatabase();
  try {
    const keys = new ApiKeysService(cli.db);
    const by = `cli:${process.env.USER ?? 'unknown'}`;
    if (command === 'create') {
      const created = await keys.create(need('name'), need('role'), by);
      process.stdout.write(`created ${created.role} key "${created.name}" (id ${created.id}). It is shown once; store it now:\n\n${created.key}\n\n`);
      process.stdout.write('Use it as: Authorization: Bearer <key>\n');
    } else if (command === 'list') {
      const list = await keys.list();
      if (list.length === 0) process.stdout.write('no keys\n');
      for (const key of list) {
        const state = key.revokedAt ? `revoked ${key.revokedAt.toISOString()}` : 'active';
        process.stdout.write(`${key.name}\t${key.role}\t${key.id}\tcreated ${key.createdAt.toISOString()} by ${key.createdBy}\t${state}\n`);
      }
    } else if (command === 'audit') {
      const entries = await keys.audit();
      if (entries.length === 0) process.stdout.write('no entries\n');
      for (const entry of entries) process.stdout.write(`${entry.at.toISOString()}\t${entry.action}\t${entry.keyName}\t${entry.keyId}\tby ${entry.actor}\n`);
    } else {
      const revoked = await keys.revoke(need('name'), by);
      process.stdout.write(`revoked key "${revoked.name}" (id ${revoked.id}) at ${revoked.revokedAt?.toISOString()}\n`);
    }
  } finally {
    await cli.close();
  }
});
