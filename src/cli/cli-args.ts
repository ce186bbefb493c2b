/**
 * The command line of every tool (src/cli and tools/), read with node:util parseArgs. A tool
 * declares its options (type, short name, default, a one-line description) and its positional
 * arguments once; the usage line and the --help text are built from that declaration.
 *
 *   const cli = parseCli({ command: 'npm run backup', options: { out: { type: 'string', value: 'FILE', required: true, description: '…' } } });
 *   cli.values.out;           // string
 *   cli.fail('--out: …');     // throws a UsageError that ends with the usage line
 *
 * parseCli answers --help (or -h) with the help on stdout and exit code 0, and bad usage (an
 * unknown option, a missing value, an argument too many) with a message naming the flag and the
 * usage line on stderr and exit code 2, before the tool does anything else. parseCommandLine is
 * the same without the exits (it throws), for the specs.
 */
import { parseArgs } from 'node:util';

/** Bad usage: the tools print `error: <message>` and exit with code 2. */
export class UsageError extends Error {}

/** Thrown by parseCommandLine when --help or -h is given; `help` is the text to print. */
export class HelpRequested extends Error {
  constructor(readonly help: string) {
    super('help requested');
  }
}

export interface StringOption {
  type: 'string';
  /** one letter: `-o FILE` for `--out FILE` */
  short?: string;
  /** what stands for the value in the usage and the help (VALUE unless given) */
  value?: string;
  default?: string;
  /** refused when absent or empty, with "--out FILE is required" */
  required?: boolean;
  description: string;
}

export interface BooleanOption {
  type: 'boolean';
  short?: string;
  description: string;
}

export type OptionSpec = StringOption | BooleanOption;

export interface ArgumentSpec {
  /** as the usage shows it: `events.ndjson`, `COMMAND` */
  name: string;
  description: string;
}

export interface CliSpec<O extends Record<string, OptionSpec> = Record<string, OptionSpec>> {
  /** how it is run: `npm run backup` */
  command: string;
  /**
   * What follows `usage: ` when the grammar is more than the options (keys' commands). By
   * default it is built from the options and the arguments.
   */
  usage?: string;
  /** what the tool does, for --help */
  summary?: string;
  /** `help` is taken: every tool has --help and -h */
  options: O;
  /** the positional arguments, each optional, in order; none unless declared */
  arguments?: readonly ArgumentSpec[];
  /** after the options in --help: the environment it reads, its exit codes */
  notes?: string;
  /** the message for an unknown option, as given (`--fast`, `-x`); by default "unknown option --fast (allowed: …)" */
  unknownOption?: (arg: string) => string;
}

export type OptionValues<O extends Record<string, OptionSpec>> = {
  [K in keyof O]: O[K] extends BooleanOption
    ? boolean
    : O[K] extends { default: string } | { required: true }
      ? string
      : string | undefined;
};

export interface CommandLine<O extends Record<string, OptionSpec>> {
  values: OptionValues<O>;
  /** the positional arguments, at most as many as declared */
  args: string[];
  /** the options given on the command line (not those that took their default), by name */
  given: ReadonlySet<keyof O & string>;
  /** `usage: …`, one line */
  usage: string;
  /** Throws the UsageError for `message`, with the usage line after it. */
  fail: (message: string) => never;
}

const HELP: BooleanOption = { type: 'boolean', short: 'h', description: 'print this help and exit' };

function valueName(option: StringOption): string {
  return option.value ?? 'VALUE';
}

function flag(name: string, option: OptionSpec): string {
  return option.type === 'string' ? `--${name} ${valueName(option)}` : `--${name}`;
}

/** `usage: npm run backup -- --out FILE [--progress]` */
export function usageLine(spec: CliSpec): string {
  if (spec.usage !== undefined) return `usage: ${spec.usage}`;
  const parts = [
    ...Object.entries(spec.options).map(([name, option]) =>
      option.type === 'string' && option.required ? flag(name, option) : `[${flag(name, option)}]`,
    ),
    ...(spec.arguments ?? []).map((a) => `[${a.name}]`),
  ];
  return `usage: ${spec.command}${parts.length ? ` -- ${parts.join(' ')}` : ''}`;
}

/** `text` in lines of at most `width` characters, broken at spaces (its own line breaks kept). */
function wrap(text: string, width = 100): string {
  return text
    .split('\n')
    .map((paragraph) => {
      const lines: string[] = [];
      let line = '';
      for (const word of paragraph.split(' ')) {
        if (line && line.length + 1 + word.length > width) {
          lines.push(line);
          line = word;
        } else line = line ? `${line} ${word}` : word;
      }
      return [...lines, line].join('\n');
    })
    .join('\n');
}

/** The text --help prints: the usage line, what the tool does, its arguments and options, and the notes. */
export function helpText(spec: CliSpec): string {
  const rows = (list: Array<[string, string]>) => {
    const width = Math.max(...list.map(([left]) => left.length));
    return list.map(([left, right]) => `  ${left.padEnd(width)}   ${right}`);
  };
  const lines = [usageLine(spec)];
  if (spec.summary) lines.push('', wrap(spec.summary));
  if (spec.arguments?.length) lines.push('', 'arguments:', ...rows(spec.arguments.map((a) => [a.name, a.description])));
  const options: Array<[string, string]> = Object.entries<OptionSpec>({ ...spec.options, help: HELP }).map(
    ([name, option]) => {
      const left = `${option.short ? `-${option.short}, ` : '    '}${flag(name, option)}`;
      const fallback = option.type === 'string' && option.default !== undefined ? ` (default: ${option.default})` : '';
      const required = option.type === 'string' && option.required ? ' (required)' : '';
      return [left, `${option.description}${required}${fallback}`];
    },
  );
  lines.push('', 'options:', ...rows(options));
  if (spec.notes) lines.push('', wrap(spec.notes));
  return `${lines.join('\n')}\n`;
}

type ParseArgsOptions = Record<string, { type: 'string' | 'boolean'; short?: string; default?: string }>;

/**
 * The house rule for values, as the tools had it before parseArgs: the argument after a string
 * option is its value unless it starts with `--`. parseArgs refuses any value that starts with a
 * dash unless it is written `--rate=-1`; such pairs are joined so (a negative number, `-` or a file
 * named `-x` stay values).
 */
function joinDashValues(argv: readonly string[], options: ParseArgsOptions): string[] {
  const byShort = new Map(Object.entries(options).flatMap(([name, o]) => (o.short ? [[o.short, name] as const] : [])));
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      out.push(...argv.slice(i));
      break;
    }
    const name = arg.startsWith('--') ? arg.slice(2) : /^-[^-]$/.test(arg) ? byShort.get(arg[1]) : undefined;
    const next = argv[i + 1];
    if (
      name !== undefined &&
      options[name]?.type === 'string' &&
      next !== undefined &&
      next.startsWith('-') &&
      !next.startsWith('--')
    ) {
      out.push(`--${name}=${next}`);
      i++;
    } else out.push(arg);
  }
  return out;
}

/**
 * Why parseArgs refused the command line, in the tools' words and naming the flag: read from the
 * tokens of a lenient parse (the first that strict mode would refuse); parseArgs's own words
 * (`fallback`) when none is. Throws HelpRequested when --help is there all the same.
 */
function explain(fallback: string, args: string[], options: ParseArgsOptions, spec: CliSpec): string {
  const { tokens } = parseArgs({ args, options, strict: false, allowPositionals: true, tokens: true });
  if (
    tokens.some(
      (t) =>
        t.kind === 'option' &&
        (t.name === 'help' ||
          (options[t.name]?.type === 'string' && !t.inlineValue && (t.value === '--help' || t.value === '-h'))),
    )
  ) {
    throw new HelpRequested(helpText(spec));
  }
  for (const token of tokens) {
    if (token.kind !== 'option') continue;
    const option = options[token.name];
    if (option === undefined) {
      return (
        spec.unknownOption?.(token.rawName) ??
        `unknown option ${token.rawName} (allowed: ${Object.keys(options)
          .map((n) => `--${n}`)
          .join(', ')})`
      );
    }
    if (option.type === 'string' && (token.value === undefined || (!token.inlineValue && token.value.startsWith('-'))))
      return `--${token.name} needs a value`;
    if (option.type === 'boolean' && token.value !== undefined) return `--${token.name} takes no value`;
  }
  return fallback;
}

/** Reads `argv` as `spec` declares it; throws HelpRequested for --help or -h, UsageError for bad usage. */
export function parseCommandLine<const O extends Record<string, OptionSpec>>(
  spec: CliSpec<O>,
  argv: readonly string[],
): CommandLine<O> {
  if ('help' in spec.options) throw new Error(`${spec.command}: --help is every tool's own; declare no option "help"`);
  const options: ParseArgsOptions = {};
  for (const [name, option] of Object.entries<OptionSpec>({ ...spec.options, help: HELP })) {
    options[name] = {
      type: option.type,
      ...(option.short ? { short: option.short } : {}),
      ...(option.type === 'string' && option.default !== undefined ? { default: option.default } : {}),
    };
  }
  const usage = usageLine(spec);
  const fail = (message: string): never => {
    throw new UsageError(`${message}\n${usage}`);
  };
  const args = joinDashValues(argv, options);
  const parsed = (() => {
    try {
      return parseArgs({ args, options, strict: true, allowPositionals: true, tokens: true });
    } catch (error) {
      // Checked by its code, not instanceof: parseArgs's errors may come from another realm (Jest's VM).
      if (!String((error as NodeJS.ErrnoException | null)?.code).startsWith('ERR_PARSE_ARGS')) throw error;
      return fail(explain(String((error as Error).message), args, options, spec));
    }
  })();
  if (parsed.values.help === true) throw new HelpRequested(helpText(spec));
  const allowed = spec.arguments?.length ?? 0;
  if (parsed.positionals.length > allowed) fail(`unexpected argument "${parsed.positionals[allowed]}"`);
  const given = new Set<keyof O & string>();
  for (const token of parsed.tokens) if (token.kind === 'option' && token.name !== 'help') given.add(token.name);
  const values: Record<string, string | boolean | undefined> = {};
  for (const [name, option] of Object.entries(spec.options)) {
    const value = parsed.values[name];
    if (option.type === 'boolean') values[name] = value === true;
    else {
      if (option.required && (value === undefined || value === '')) fail(`--${name} ${valueName(option)} is required`);
      values[name] = value;
    }
  }
  return { values: values as OptionValues<O>, args: parsed.positionals, given, usage, fail };
}

/** What a tool's streams and exit are to parseCli (process's, but for the specs). */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  exit: (code: number) => never;
}

const PROCESS_IO: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  exit: (code) => process.exit(code),
};

/**
 * parseCommandLine for a tool's main: --help prints the help on stdout and exits 0; bad usage
 * prints `error: <message>` and the usage line on stderr and exits 2. Call it first, before
 * anything connects or starts.
 */
export function parseCli<const O extends Record<string, OptionSpec>>(
  spec: CliSpec<O>,
  argv: readonly string[] = process.argv.slice(2),
  io: CliIo = PROCESS_IO,
): CommandLine<O> {
  try {
    return parseCommandLine(spec, argv);
  } catch (error) {
    if (error instanceof HelpRequested) {
      io.stdout(error.help);
      return io.exit(0);
    }
    if (error instanceof UsageError) {
      io.stderr(`error: ${error.message}\n`);
      return io.exit(2);
    }
    throw error;
  }
}
