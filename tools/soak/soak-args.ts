/** The soak's command line (pure): `npm run soak -- [--minutes N] [--rate R] [--out FILE | --no-write]`. */
import { type CommandLine, UsageError, parseCommandLine } from '../../src/cli/cli-args.js';

export { UsageError };

/**
 * Operations a second, in total, when --rate is not given. On a 2-core machine the soak's mix at 50
 * a second keeps the service at about 0.6 of a core, PostgreSQL about 0.35 and the load generator
 * about 0.2 (the report says what each used): about half the machine, which leaves the service's
 * single event loop room for its bursts (whole-log exports); 100 a second would need more than both
 * cores.
 */
export const DEFAULT_RATE = 50;
export const DEFAULT_MINUTES = 5;

/** The soak's options, for parseCli (soak.cli.ts) and parseSoakArgs. */
export const SOAK_CLI = {
  command: 'npm run soak',
  usage: 'npm run soak -- [--minutes N] [--rate OPS_PER_SECOND] [--out FILE] [--no-write]',
  summary:
    'A bounded soak on loopback: a fresh PostgreSQL seeded with the synthetic timeline, the service as npm start runs it, ' +
    'mixed reads, appends and exports at a fixed rate with subscriptions open throughout; then every check, and the report.',
  options: {
    minutes: {
      type: 'string',
      value: 'N',
      default: String(DEFAULT_MINUTES),
      description: 'how long the load runs, in minutes: above 0, at most 1440',
    },
    rate: {
      type: 'string',
      value: 'OPS_PER_SECOND',
      default: String(DEFAULT_RATE),
      description: 'operations a second, in total: above 0, at most 5000',
    },
    out: {
      type: 'string',
      short: 'o',
      value: 'FILE',
      description: "where the report's section is written (BENCHMARKS.md unless given)",
    },
    'no-write': { type: 'boolean', description: 'print the report only; write no file' },
  },
  notes:
    'BENCH_DATABASE_URL runs it on another PostgreSQL server (BENCH_DATABASE_NAME is dropped and created there); by default it starts an embedded one. ' +
    "SOAK_DUMP=FILE also writes every operation and sample as NDJSON; SOAK_LOG_LEVEL sets the service's log level. " +
    'Exit code 0 when every check held, 1 when one failed, 2 for bad usage.',
  unknownOption: (arg: string) => `unknown argument "${arg}"`,
} as const;

export interface SoakArgs {
  minutes: number;
  /** operations a second, in total */
  rate: number;
  /** where the report's section is written; null: printed only (--no-write) */
  out: string | null;
}

function positive(cli: CommandLine<typeof SOAK_CLI.options>, flag: string, text: string, max: number): number {
  if (!/^\d+(\.\d+)?$/.test(text)) cli.fail(`${flag}: "${text}" is not a positive number`);
  const value = Number(text);
  if (!(value > 0) || value > max) cli.fail(`${flag}: ${text} must be above 0 and at most ${max}`);
  return value;
}

/** The soak's arguments from its command line, checked (a UsageError, with the usage line, when not). */
export function soakArgs(cli: CommandLine<typeof SOAK_CLI.options>, defaultOut: string): SoakArgs {
  const minutes = positive(cli, '--minutes', cli.values.minutes, 24 * 60);
  const rate = positive(cli, '--rate', cli.values.rate, 5_000);
  const { out } = cli.values;
  if (cli.values['no-write'] && out !== undefined) cli.fail('--out and --no-write cannot be combined');
  return { minutes, rate, out: cli.values['no-write'] ? null : (out ?? defaultOut) };
}

/** parseCommandLine and soakArgs: throws a UsageError for bad usage (and HelpRequested for --help). */
export function parseSoakArgs(argv: readonly string[], defaultOut: string): SoakArgs {
  return soakArgs(parseCommandLine(SOAK_CLI, argv), defaultOut);
}
