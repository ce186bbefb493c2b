import {
  type CliIo,
  type CliSpec,
  HelpRequested,
  UsageError,
  helpText,
  parseCli,
  parseCommandLine,
  usageLine,
} from './cli-args.js';

const EXPORT = {
  command: 'npm run export',
  options: {
    format: { type: 'string', value: 'ndjson|csv', default: 'ndjson', description: 'the file format' },
    out: { type: 'string', short: 'o', value: 'FILE', description: 'the file to write' },
    streamId: { type: 'string', description: 'one stream' },
    progress: { type: 'boolean', description: 'a progress bar' },
  },
} as const satisfies CliSpec;

const IMPORT = {
  command: 'npm run import',
  arguments: [{ name: 'events.ndjson', description: 'the events' }],
  options: {
    actors: { type: 'string', value: 'FILE', description: 'the actors' },
    'dry-run': { type: 'boolean', short: 'n', description: 'write nothing' },
  },
  notes: 'DATABASE_URL or DATA_DIR choose the database.',
} as const satisfies CliSpec;

const BACKUP = {
  command: 'npm run backup',
  options: { out: { type: 'string', value: 'FILE', required: true, description: 'the file to write' } },
} as const satisfies CliSpec;

/** The UsageError (or other error) `run` throws. */
function thrown(run: () => unknown): Error {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  throw new Error('nothing was thrown');
}

describe('parseCommandLine', () => {
  it('takes --name value, --name=value and -n value; booleans are false unless given; defaults apply', () => {
    const cli = parseCommandLine(EXPORT, ['--format', 'csv', '--out=events.csv', '--progress']);
    expect(cli.values).toEqual({ format: 'csv', out: 'events.csv', streamId: undefined, progress: true });
    expect(parseCommandLine(EXPORT, ['-o', 'x.ndjson']).values).toEqual({
      format: 'ndjson',
      out: 'x.ndjson',
      streamId: undefined,
      progress: false,
    });
    expect([...parseCommandLine(EXPORT, ['-o', 'x.ndjson']).given]).toEqual(['out']);
  });

  it('keeps every "=" of an inline value after the first (a file name or a value may hold them)', () => {
    expect(parseCommandLine(EXPORT, ['--out=a=b.csv', '--streamId==x=']).values).toMatchObject({
      out: 'a=b.csv',
      streamId: '=x=',
    });
  });

  it('takes a value that starts with one dash (a negative number, "-", a file named -x); one that starts with -- is the next option', () => {
    expect(parseCommandLine(EXPORT, ['--out', '-1', '--streamId', '-']).values).toMatchObject({
      out: '-1',
      streamId: '-',
    });
    expect(parseCommandLine(EXPORT, ['-o', '-x']).values.out).toBe('-x');
    expect(parseCommandLine(EXPORT, ['--out', '-h']).values.out).toBe('-h');
    expect(thrown(() => parseCommandLine(EXPORT, ['--out', '--progress'])).message).toMatch(/^--out needs a value\n/);
  });

  it('refuses an unknown option, naming it and the allowed ones, with the usage line', () => {
    const error = thrown(() => parseCommandLine(EXPORT, ['--colour=red']));
    expect(error).toBeInstanceOf(UsageError);
    expect(error.message).toBe(
      'unknown option --colour (allowed: --format, --out, --streamId, --progress, --help)\nusage: npm run export -- [--format ndjson|csv] [--out FILE] [--streamId VALUE] [--progress]',
    );
    expect(thrown(() => parseCommandLine(EXPORT, ['--out../x=1'])).message).toMatch(/^unknown option --out\.\.\/x/);
    expect(thrown(() => parseCommandLine(EXPORT, ['-px'])).message).toMatch(/^unknown option -p /);
  });

  it('words the unknown option as the tool says it, when it says', () => {
    const spec = { ...EXPORT, unknownOption: (arg: string) => `unknown argument "${arg}"` };
    expect(thrown(() => parseCommandLine(spec, ['--fast'])).message).toMatch(
      /^unknown argument "--fast"\nusage: npm run export/,
    );
  });

  it('refuses a missing value, a value given to a flag, and a required option absent or empty', () => {
    expect(thrown(() => parseCommandLine(EXPORT, ['--out'])).message).toMatch(/^--out needs a value\n/);
    expect(thrown(() => parseCommandLine(EXPORT, ['-o'])).message).toMatch(/^--out needs a value\n/);
    expect(thrown(() => parseCommandLine(EXPORT, ['--progress=yes'])).message).toMatch(/^--progress takes no value\n/);
    expect(thrown(() => parseCommandLine(BACKUP, [])).message).toBe(
      '--out FILE is required\nusage: npm run backup -- --out FILE',
    );
    expect(thrown(() => parseCommandLine(BACKUP, ['--out='])).message).toMatch(/^--out FILE is required\n/);
  });

  it('takes as many positional arguments as declared, anywhere among the options; refuses one more', () => {
    expect(parseCommandLine(IMPORT, ['--actors', 'a.ndjson', 'e.ndjson', '-n'])).toMatchObject({
      values: { actors: 'a.ndjson', 'dry-run': true },
      args: ['e.ndjson'],
    });
    expect(parseCommandLine(IMPORT, []).args).toEqual([]);
    expect(parseCommandLine(IMPORT, ['--', '--odd-name.ndjson']).args).toEqual(['--odd-name.ndjson']);
    expect(thrown(() => parseCommandLine(IMPORT, ['a.ndjson', 'b.ndjson'])).message).toMatch(
      /^unexpected argument "b\.ndjson"\nusage: npm run import/,
    );
    expect(thrown(() => parseCommandLine(BACKUP, ['--out', 'x', 'y'])).message).toMatch(/^unexpected argument "y"\n/);
  });

  it('answers --help and -h, wherever they are and whatever else is wrong, with HelpRequested', () => {
    for (const argv of [
      ['--help'],
      ['-h'],
      ['e.ndjson', '-nh'],
      ['--bogus', '--help'],
      ['--actors', '--help'],
      ['a', 'b', '-h'],
    ]) {
      const error = thrown(() => parseCommandLine(IMPORT, argv));
      expect(error).toBeInstanceOf(HelpRequested);
      expect((error as HelpRequested).help).toBe(helpText(IMPORT));
    }
    // After "--" it is an argument.
    expect(parseCommandLine(IMPORT, ['--', '--help']).args).toEqual(['--help']);
  });

  it('fail() throws a UsageError with the usage line', () => {
    const cli = parseCommandLine(IMPORT, []);
    expect(thrown(() => cli.fail('nothing to import')).message).toBe(
      'nothing to import\nusage: npm run import -- [--actors FILE] [--dry-run] [events.ndjson]',
    );
    expect(cli.usage).toBe(usageLine(IMPORT));
  });

  it('refuses a declared option named help: every tool has its own', () => {
    const spec = { command: 'x', options: { help: { type: 'boolean', description: 'mine' } } } as const;
    expect(thrown(() => parseCommandLine(spec, []))).not.toBeInstanceOf(UsageError);
  });
});

describe('usageLine and helpText', () => {
  it('build the usage from the options (required ones bare) unless the tool gives it', () => {
    expect(usageLine(BACKUP)).toBe('usage: npm run backup -- --out FILE');
    expect(usageLine({ command: 'npm run migrate', options: {} })).toBe('usage: npm run migrate');
    expect(usageLine({ ...IMPORT, usage: 'npm run import -- [--actors actors.ndjson] [events.ndjson]' })).toBe(
      'usage: npm run import -- [--actors actors.ndjson] [events.ndjson]',
    );
  });

  it('list the arguments and every option with its short name, value, description, default, and --help', () => {
    expect(helpText({ ...EXPORT, summary: 'Writes the events.', notes: 'Exit code 0.' })).toBe(
      [
        'usage: npm run export -- [--format ndjson|csv] [--out FILE] [--streamId VALUE] [--progress]',
        '',
        'Writes the events.',
        '',
        'options:',
        '      --format ndjson|csv   the file format (default: ndjson)',
        '  -o, --out FILE            the file to write',
        '      --streamId VALUE      one stream',
        '      --progress            a progress bar',
        '  -h, --help                print this help and exit',
        '',
        'Exit code 0.',
        '',
      ].join('\n'),
    );
    expect(helpText(IMPORT)).toBe(
      [
        'usage: npm run import -- [--actors FILE] [--dry-run] [events.ndjson]',
        '',
        'arguments:',
        '  events.ndjson   the events',
        '',
        'options:',
        '      --actors FILE   the actors',
        '  -n, --dry-run       write nothing',
        '  -h, --help          print this help and exit',
        '',
        'DATABASE_URL or DATA_DIR choose the database.',
        '',
      ].join('\n'),
    );
    expect(helpText(BACKUP)).toContain('--out FILE   the file to write (required)');
  });
});

describe('parseCli', () => {
  class Exit extends Error {
    constructor(readonly code: number) {
      super(`exit ${code}`);
    }
  }
  function run(argv: string[]) {
    const out: string[] = [];
    const err: string[] = [];
    const io: CliIo = {
      stdout: (text) => out.push(text),
      stderr: (text) => err.push(text),
      exit: (code) => {
        throw new Exit(code);
      },
    };
    let code: number | null = null;
    let values: unknown;
    try {
      values = parseCli(EXPORT, argv, io).values;
    } catch (error) {
      if (!(error instanceof Exit)) throw error;
      code = error.code;
    }
    return { code, stdout: out.join(''), stderr: err.join(''), values };
  }

  it('prints the help on stdout and exits 0', () => {
    expect(run(['-h'])).toEqual({ code: 0, stdout: helpText(EXPORT), stderr: '', values: undefined });
  });

  it('prints "error: …" and the usage line on stderr and exits 2', () => {
    expect(run(['--colour', 'red'])).toEqual({
      code: 2,
      stdout: '',
      stderr: `error: unknown option --colour (allowed: --format, --out, --streamId, --progress, --help)\n${usageLine(EXPORT)}\n`,
      values: undefined,
    });
  });

  it('returns the command line when it is good', () => {
    expect(run(['--format', 'csv'])).toMatchObject({ code: null, stdout: '', stderr: '', values: { format: 'csv' } });
  });
});
