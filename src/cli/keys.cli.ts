/**
 * npm run keys -- create --role admin|editor|reader --name alice   prints a new key, once
 * npm run keys -- list                                      names, roles, dates (never the keys)
 * npm run keys -- revoke --name alice                       takes effect at once
 * npm run keys -- audit                                     who created and revoked which key, when
 * (--help: the commands and options)
 */
import { parseCli } from './cli-args.js';
import { runCli } from './cli-run.js';

const COMMANDS = ['create', 'list', 'revoke', 'audit'];
/** The options each command takes. */
const TAKES: Record<string, Array<'role' | 'name'>> = {
  create: ['role', 'name'],
  list: [],
  revoke: ['name'],
  audit: [],
};
const WHICH = 'create takes --role and --name, revoke takes --name, list and audit take none';

const cli = parseCli({
  command: 'npm run keys',
  usage: 'npm run keys -- create --role admin|editor|reader --name NAME | list | revoke --name NAME | audit',
  summary: 'Manages the API keys. A new key is printed once, when it is created; list and audit never show a key.',
  arguments: [
    {
      name: 'COMMAND',
      description:
        'create (a key; prints it once), list (names, roles, dates), revoke (takes effect at once), audit (who created and revoked which key, when)',
    },
  ],
  options: {
    role: {
      type: 'string',
      value: 'admin|editor|reader',
      description:
        'create: what the key may do (admin: everything, reviews drafts; editor: reads and submits drafts; reader: read only)',
    },
    name: { type: 'string', value: 'NAME', description: 'create, revoke: the name of the key' },
  },
  notes: 'DATABASE_URL or DATA_DIR choose the database.',
  unknownOption: (arg) => `unknown option ${arg} (${WHICH})`,
});

void runCli(async () => {
  const command = cli.args[0];
  if (!command || !COMMANDS.includes(command))
    cli.fail(command ? `unknown command "${command}"` : 'a command is needed');
  for (const name of cli.given) {
    if (!TAKES[command].includes(name)) cli.fail(`${command} takes no --${name} (${WHICH})`);
  }
  const need = (name: 'role' | 'name') => {
    const value = cli.values[name];
    if (value === undefined || value === '') return cli.fail(`--${name} is required`);
    return value;
  };
  if (command === 'create') {
    need('role');
    need('name');
  }
  if (command === 'revoke') need('name');
  const [{ ApiKeysService }, { openCliDatabase }] = await Promise.all([
    import('../auth/api-keys.service.js'),
    import('./cli-database.js'),
  ]);
  const database = await openCliDatabase();
  try {
    const keys = new ApiKeysService(database.db);
    const by = `cli:${process.env.USER ?? 'unknown'}`;
    if (command === 'create') {
      const created = await keys.create(need('name'), need('role'), by);
      process.stdout.write(
        `created ${created.role} key "${created.name}" (id ${created.id}). It is shown once; store it now:\n\n${created.key}\n\n`,
      );
      process.stdout.write('Use it as: Authorization: Bearer <key>\n');
    } else if (command === 'list') {
      const list = await keys.list();
      if (list.length === 0) process.stdout.write('no keys\n');
      for (const key of list) {
        const state = key.revokedAt ? `revoked ${key.revokedAt.toISOString()}` : 'active';
        process.stdout.write(
          `${key.name}\t${key.role}\t${key.id}\tcreated ${key.createdAt.toISOString()} by ${key.createdBy}\t${state}\n`,
        );
      }
    } else if (command === 'audit') {
      const entries = await keys.audit();
      if (entries.length === 0) process.stdout.write('no entries\n');
      for (const entry of entries)
        process.stdout.write(
          `${entry.at.toISOString()}\t${entry.action}\t${entry.keyName}\t${entry.keyId}\tby ${entry.actor}\n`,
        );
    } else {
      const revoked = await keys.revoke(need('name'), by);
      process.stdout.write(`revoked key "${revoked.name}" (id ${revoked.id}) at ${revoked.revokedAt?.toISOString()}\n`);
    }
  } finally {
    await database.close();
  }
});
