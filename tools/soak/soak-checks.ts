/**
 * What the soak checks at the end (pure): that a sequence of positions is exactly 1..N in order
 * (count, first, last, sum, duplicates, gaps, and MD5 checksums of the ordered positions and of the
 * ordered `position:id` lines, which the log's own checksum, computed by PostgreSQL, must equal),
 * and whether memory stayed flat after the warm-up.
 */
import { createHash, type Hash } from 'node:crypto';

/** The log's figures, as PostgreSQL computes them (soak-database.ts) or as expected. */
export interface LogFigures {
  count: number;
  min: number | null;
  max: number | null;
  sum: number;
  /** MD5 of `${position}\n` for every position in order */
  positionsMd5: string;
  /** MD5 of `${position}:${id}\n` for every event in order */
  linesMd5: string | null;
}

/** The figures of a log holding exactly positions 1..n (the ids are not known here). */
export function expectedLog(n: number): LogFigures {
  const hash = createHash('md5');
  for (let p = 1; p <= n; p++) hash.update(`${p}\n`);
  return {
    count: n,
    min: n > 0 ? 1 : null,
    max: n > 0 ? n : null,
    sum: (n * (n + 1)) / 2,
    positionsMd5: hash.digest('hex'),
    linesMd5: null,
  };
}

/** The same figures, for a sequence of (position, id) received one at a time (a subscriber, an export). */
export class PositionTrail {
  count = 0;
  min: number | null = null;
  max: number | null = null;
  sum = 0;
  last = 0;
  /** a position received again, or smaller than one received before */
  duplicatesOrReordered = 0;
  /** positions skipped over (a gap of 3 counts 3) */
  missing = 0;
  private readonly positions: Hash = createHash('md5');
  private readonly lines: Hash = createHash('md5');
  /** every position, in order received, when asked to keep them (filtered subscribers are checked against a set) */
  readonly kept: number[] | null;

  constructor(
    /** the position just before the first one expected */
    readonly after = 0,
    keep = false,
  ) {
    this.last = after;
    this.kept = keep ? [] : null;
  }

  add(position: number, id: string | null = null): void {
    this.count++;
    this.sum += position;
    this.min = this.min === null ? position : Math.min(this.min, position);
    this.max = this.max === null ? position : Math.max(this.max, position);
    if (position <= this.last) this.duplicatesOrReordered++;
    else {
      this.missing += position - this.last - 1;
      this.last = position;
    }
    this.positions.update(`${position}\n`);
    if (id !== null) this.lines.update(`${position}:${id}\n`);
    this.kept?.push(position);
  }

  figures(): LogFigures {
    return {
      count: this.count,
      min: this.min,
      max: this.max,
      sum: this.sum,
      positionsMd5: this.positions.copy().digest('hex'),
      linesMd5: this.lines.copy().digest('hex'),
    };
  }
}

/** Why a trail is not exactly the log (empty: it is). Compares whatever `expected` knows (linesMd5 when not null). */
export function differences(actual: LogFigures, expected: LogFigures): string[] {
  const out: string[] = [];
  for (const key of ['count', 'min', 'max', 'sum', 'positionsMd5', 'linesMd5'] as const) {
    if (expected[key] === null && key === 'linesMd5') continue;
    if (actual[key] !== expected[key]) out.push(`${key} ${actual[key]} ≠ ${expected[key]}`);
  }
  return out;
}

/**
 * A subscriber with the default filter (retracted events left out) must have received, in order and
 * once each, every position not retracted by the end, and nothing beyond the log: an event retracted
 * only after it was delivered was rightly delivered.
 */
export function filteredDifferences(
  received: readonly number[],
  head: number,
  retracted: ReadonlySet<number>,
): string[] {
  const out: string[] = [];
  let last = 0;
  let reordered = 0;
  for (const p of received) {
    if (p <= last) reordered++;
    last = Math.max(last, p);
  }
  if (reordered) out.push(`${reordered} duplicated or out of order`);
  const got = new Set(received);
  let missing = 0;
  let firstMissing: number | null = null;
  for (let p = 1; p <= head; p++) {
    if (!retracted.has(p) && !got.has(p)) {
      missing++;
      firstMissing ??= p;
    }
  }
  if (missing) out.push(`${missing} live events missing (first at position ${firstMissing})`);
  const beyond = received.filter((p) => p < 1 || p > head).length;
  if (beyond) out.push(`${beyond} positions outside 1..${head}`);
  return out;
}

export interface Sample {
  /** milliseconds since the load started */
  atMs: number;
  bytes: number;
}

export interface Trend {
  /** samples after the warm-up */
  samples: number;
  /** first and last sample after the warm-up */
  first: number;
  last: number;
  /** means and minima of the first and last quarter of the samples after the warm-up */
  firstQuarterMean: number;
  lastQuarterMean: number;
  firstQuarterMin: number;
  lastQuarterMin: number;
  min: number;
  max: number;
  /** least-squares slope, bytes a minute */
  slopePerMinute: number;
  /** minutes the post-warm-up samples span */
  minutes: number;
}

/** The least-squares slope of bytes over time, in bytes a minute (0 for fewer than two distinct times). */
export function slopePerMinute(samples: readonly Sample[]): number {
  const n = samples.length;
  if (n < 2) return 0;
  const mt = samples.reduce((a, s) => a + s.atMs, 0) / n;
  const mb = samples.reduce((a, s) => a + s.bytes, 0) / n;
  let num = 0;
  let den = 0;
  for (const s of samples) {
    num += (s.atMs - mt) * (s.bytes - mb);
    den += (s.atMs - mt) ** 2;
  }
  return den === 0 ? 0 : (num / den) * 60_000;
}

/** The trend of the samples taken after `warmupMs`; null when fewer than 8 are left. */
export function trend(samples: readonly Sample[], warmupMs: number): Trend | null {
  const post = samples.filter((s) => s.atMs >= warmupMs);
  if (post.length < 8) return null;
  const quarter = Math.max(1, Math.floor(post.length / 4));
  const head = post.slice(0, quarter).map((s) => s.bytes);
  const tail = post.slice(-quarter).map((s) => s.bytes);
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const values = post.map((s) => s.bytes);
  return {
    samples: post.length,
    first: post[0].bytes,
    last: post[post.length - 1].bytes,
    firstQuarterMean: mean(head),
    lastQuarterMean: mean(tail),
    firstQuarterMin: Math.min(...head),
    lastQuarterMin: Math.min(...tail),
    min: Math.min(...values),
    max: Math.max(...values),
    slopePerMinute: slopePerMinute(post),
    minutes: (post[post.length - 1].atMs - post[0].atMs) / 60_000,
  };
}

export interface FlatRule {
  /** at most this slope, bytes a minute */
  maxSlopePerMinute: number;
  /** and at most this growth from the first quarter to the last (of the means for RSS, of the minima for the heap) */
  maxGrowth: number;
  /** judged only when the post-warm-up samples span at least this many minutes */
  minMinutes: number;
  /** compare quarter minima (the heap's floor after collections) rather than means */
  useMinima: boolean;
}

export type Verdict = { judged: false; why: string } | { judged: true; flat: boolean; growth: number; why: string };

export function judgeFlat(t: Trend | null, rule: FlatRule): Verdict {
  if (t === null || t.minutes < rule.minMinutes) {
    return {
      judged: false,
      why: `not judged: ${t === null ? 'too few samples' : `${t.minutes.toFixed(1)} min`} after the warm-up (needs ${rule.minMinutes} min)`,
    };
  }
  const growth = rule.useMinima ? t.lastQuarterMin - t.firstQuarterMin : t.lastQuarterMean - t.firstQuarterMean;
  const slopeOk = t.slopePerMinute <= rule.maxSlopePerMinute;
  const growthOk = growth <= rule.maxGrowth;
  const mb = (b: number) => `${(b / 1024 / 1024).toFixed(1)} MB`;
  const why = [
    `slope ${mb(t.slopePerMinute)}/min ${slopeOk ? '≤' : '>'} ${mb(rule.maxSlopePerMinute)}/min`,
    `${rule.useMinima ? 'quarter minima' : 'quarter means'} ${growth >= 0 ? '+' : '−'}${mb(Math.abs(growth))} ${growthOk ? '≤' : '>'} +${mb(rule.maxGrowth)}`,
  ].join('; ');
  return { judged: true, flat: slopeOk && growthOk, growth, why };
}
