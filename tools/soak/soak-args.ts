/** The soak's command line (pure): `npm run soak -- [--minutes N] [--rate R] [--out FILE | --no-write]`. */

export const USAGE = 'usage: npm run soak -- [--minutes N] [--rate OPS_PER_SECOND] [--out FILE] [--no-write]';

/**
 * Operations a second, in total, when --rate is not given. On a 2-core machine the soak's mix at 50
 * a second keeps the service at about 0.6 of a core, PostgreSQL about 0.35 and the load generator
 * about 0.2 (the report says what each used): about half the machine, which leaves the service's
 * single event loop room for its bursts (whole-log exports); 100 a second would need more than both
 * cores.
 */
export const DEFAULT_RATE = 50;
export const DEFAULT_MINUTES = 5;

export class UsageError extends Error {}

export interface SoakArgs {
  minutes: number;
  /** operations a second, in total */
  rate: number;
  /** where the report's section is written; null: printed only (--no-write) */
  out: string | null;
}

function positive(flag: string, text: string, max: number): number {
  if (!/^\d+(\.\d+)?$/.test(text)) throw new UsageError(`${flag}: "${text}" is not a positive number\n${USAGE}`);
  const value = Number(text);
  if (!(value > 0) || value > max) throw new UsageError(`${flag}: ${text} must be above 0 and at most ${max}\n${USAGE}`);
  return value;
}

export function parseSoakArgs(argv: readonly string[], defaultOut: string): SoakArgs {
  let minutes = DEFAULT_MINUTES;
  let rate = DEFAULT_RATE;
  let out: string | undefined;
  let write = true;
  for (let i = 0; i < argv.length; i++) {
    const eq = argv[i].indexOf('=');
    const flag = eq === -1 ? argv[i] : argv[i].slice(0, eq);
    const inline = eq === -1 ? undefined : argv[i].slice(eq + 1);
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === '' || (inline === undefined && v.startsWith('--'))) throw new UsageError(`${flag} needs a value\n${USAGE}`);
      return v;
    };
    if (flag === '--minutes') minutes = positive('--minutes', value(), 24 * 60);
    else if (flag === '--rate') rate = positive('--rate', value(), 5_000);
    else if (flag === '--out') out = value();
    else if (flag === '--no-write' && inline === undefined) write = false;
    else throw new UsageError(`unknown argument "${argv[i]}"\n${USAGE}`);
  }
  if (!write && out !== undefined) throw new UsageError(`--out and --no-write cannot be combined\n${USAGE}`);
  return { minutes, rate, out: write ? (out ?? defaultOut) : null };
}
