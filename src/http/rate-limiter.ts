/**
 * Token buckets, one per client (an address or an API key): `perMinute` tokens, refilled evenly
 * over a minute, so a client may burst up to a minute's allowance and then goes at the steady rate.
 * In memory, per instance: behind N instances a client that is spread across them gets up to N
 * times the allowance (docs/operations.md, "Running at scale"). Time comes in as data, so the arithmetic is
 * tested without waiting.
 */

export interface Verdict {
  allowed: boolean;
  /** Tokens left after this request (rounded down). */
  remaining: number;
  /** When refused: whole seconds until `cost` tokens are there again (Retry-After). */
  retryAfterSeconds: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

/** Buckets held before idle ones (full again) are swept out. */
const SWEEP_AT = 50_000;

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly perMs: number;

  constructor(readonly perMinute: number) {
    this.perMs = perMinute / 60_000;
  }

  /** Takes `cost` tokens from `client`'s bucket at time `now` (ms), when it holds them. */
  take(client: string, now: number, cost = 1): Verdict {
    const capacity = this.perMinute;
    let bucket = this.buckets.get(client);
    if (!bucket) {
      if (this.buckets.size >= SWEEP_AT) this.sweep(now);
      bucket = { tokens: capacity, at: now };
      this.buckets.set(client, bucket);
    } else {
      bucket.tokens = Math.min(capacity, bucket.tokens + Math.max(0, now - bucket.at) * this.perMs);
      bucket.at = now;
    }
    if (bucket.tokens >= cost) {
      bucket.tokens -= cost;
      return { allowed: true, remaining: Math.floor(bucket.tokens), retryAfterSeconds: 0 };
    }
    const missing = Math.min(cost, capacity) - bucket.tokens;
    return {
      allowed: false,
      remaining: Math.floor(bucket.tokens),
      retryAfterSeconds: Math.max(1, Math.ceil(missing / this.perMs / 1000)),
    };
  }

  get size(): number {
    return this.buckets.size;
  }

  /** Drops the buckets that have refilled completely (they equal a new one). */
  sweep(now: number): void {
    for (const [client, bucket] of this.buckets) {
      if (bucket.tokens + (now - bucket.at) * this.perMs >= this.perMinute) this.buckets.delete(client);
    }
  }
}
