/**
 * The soak's load shape (pure): which operation comes next, and when. Operations are sent at a
 * fixed rate whatever the answers take (open loop, not a client that waits for each answer), so a
 * slow service shows as latency and as operations in flight, never as a quietly lower rate.
 */

/**
 * Smooth weighted round-robin (as nginx balances upstreams): over every run of sum(weights) picks,
 * each kind comes exactly `weight` times, spread out rather than in blocks. Deterministic.
 */
export class WeightedRoundRobin<K extends string> {
  private readonly kinds: K[];
  private readonly weights: number[];
  private readonly current: number[];
  private readonly total: number;

  constructor(weights: Readonly<Record<K, number>>) {
    this.kinds = (Object.keys(weights) as K[]).filter((k) => weights[k] > 0);
    this.weights = this.kinds.map((k) => weights[k]);
    if (this.kinds.length === 0 || this.weights.some((w) => !Number.isInteger(w)))
      throw new Error('weights must be whole numbers, at least one above 0');
    this.current = this.kinds.map(() => 0);
    this.total = this.weights.reduce((a, b) => a + b, 0);
  }

  next(): K {
    let best = 0;
    for (let i = 0; i < this.kinds.length; i++) {
      this.current[i] += this.weights[i];
      if (this.current[i] > this.current[best]) best = i;
    }
    this.current[best] -= this.total;
    return this.kinds[best];
  }
}

/** Operation i of a fixed-rate run is due `i / rate` seconds after the start. */
export class FixedRate {
  /** How many operations the run sends: one every 1/rate s for the duration. */
  readonly count: number;

  constructor(
    readonly rate: number,
    readonly durationMs: number,
  ) {
    this.count = Math.max(1, Math.floor((durationMs / 1000) * rate));
  }

  /** Milliseconds after the start at which operation i is due. */
  dueAt(i: number): number {
    return (i * 1000) / this.rate;
  }
}

/** A dispatch later than this (the load generator's own event loop was busy) counts as late. */
export const LATE_MS = 50;

export type Dispatch = 'on time' | 'late' | 'skipped';

/**
 * What becomes of an operation at its turn: sent on time, sent late (its turn passed more than
 * LATE_MS ago), or skipped because `maxInFlight` operations still wait for their answers (the
 * service has fallen behind: a fixed-rate run does not pile up requests without bound).
 */
export function dispatch(lagMs: number, inFlight: number, maxInFlight: number): Dispatch {
  if (inFlight >= maxInFlight) return 'skipped';
  return lagMs > LATE_MS ? 'late' : 'on time';
}

/**
 * Which appends still running an append must wait for (the timeline's appends run concurrently, as
 * several admins' would): the one before it to the same stream (its expected version follows), and
 * those of an event or a stream that its payload names (an acceptance names its proposal's stream, a
 * correction the event it corrects).
 */
export function dependencies(
  streamId: string,
  payloadJson: string,
  pendingStreams: Iterable<string>,
  pendingIds: Iterable<string>,
): { streams: string[]; ids: string[] } {
  const streams = [...pendingStreams].filter((s) => s === streamId || payloadJson.includes(`"${s}"`));
  const ids = [...pendingIds].filter((id) => payloadJson.includes(id));
  return { streams, ids };
}
