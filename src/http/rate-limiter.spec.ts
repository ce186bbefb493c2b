import { RateLimiter } from './rate-limiter.js';

describe('RateLimiter', () => {
  it('allows a minute of requests at once, then refuses with the seconds until the next token', () => {
    const limiter = new RateLimiter(60);
    for (let i = 0; i < 60; i++) expect(limiter.take('a', 0).allowed).toBe(true);
    expect(limiter.take('a', 0)).toEqual({ allowed: false, remaining: 0, retryAfterSeconds: 1 });
    // One token per second comes back.
    expect(limiter.take('a', 999).allowed).toBe(false);
    expect(limiter.take('a', 1000)).toEqual({ allowed: true, remaining: 0, retryAfterSeconds: 0 });
  });

  it('keeps clients apart', () => {
    const limiter = new RateLimiter(2);
    expect(limiter.take('a', 0).allowed).toBe(true);
    expect(limiter.take('a', 0).allowed).toBe(true);
    expect(limiter.take('a', 0).allowed).toBe(false);
    expect(limiter.take('b', 0).allowed).toBe(true);
  });

  it('a refused request costs nothing, and Retry-After counts the tokens a request of that cost needs', () => {
    const limiter = new RateLimiter(6); // one token each 10 s
    expect(limiter.take('a', 0, 6).allowed).toBe(true);
    expect(limiter.take('a', 0, 3)).toEqual({ allowed: false, remaining: 0, retryAfterSeconds: 30 });
    expect(limiter.take('a', 30_000, 3).allowed).toBe(true);
  });

  it('a cost above the allowance waits for a full bucket, never forever', () => {
    const limiter = new RateLimiter(6);
    const verdict = limiter.take('a', 0, 100);
    expect(verdict.allowed).toBe(false);
    expect(verdict.retryAfterSeconds).toBeGreaterThanOrEqual(1);
  });

  it('refills no further than a minute of tokens', () => {
    const limiter = new RateLimiter(2);
    limiter.take('a', 0);
    expect(limiter.take('a', 10 * 60_000).remaining).toBe(1);
  });

  it('sweep drops only the buckets that are full again', () => {
    const limiter = new RateLimiter(60);
    limiter.take('old', 0);
    limiter.take('new', 59_500);
    limiter.sweep(60_000);
    expect(limiter.size).toBe(1);
  });
});
