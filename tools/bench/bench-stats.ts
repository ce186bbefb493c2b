/** Small statistics for the bench (pure). */

/** The p-th percentile (0..100) of samples, nearest-rank; NaN for no samples. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

export interface Latencies {
  p50: number;
  p99: number;
  max: number;
  count: number;
}

export function latencies(samples: readonly number[]): Latencies {
  return {
    p50: percentile(samples, 50),
    p99: percentile(samples, 99),
    max: percentile(samples, 100),
    count: samples.length,
  };
}

/** A figure for the table: 3 significant digits, thousands grouped. */
export function figure(value: number): string {
  if (!Number.isFinite(value)) return '–';
  if (Math.abs(value) >= 1000) return Math.round(value).toLocaleString('en-US');
  return Number(value.toPrecision(3)).toString();
}

/** Runs `tasks` with at most `concurrency` at a time; resolves when all are done (rejects on the first error). */
export async function runConcurrently(concurrency: number, tasks: Array<() => Promise<void>>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) await tasks[next++]();
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, tasks.length) }, worker));
}
