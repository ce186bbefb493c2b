import { catchUpDelay } from './catch-up-pace.js';

describe('catchUpDelay', () => {
  it('waits out the pace after a quick catch-up', () => {
    expect(catchUpDelay({ startedAt: 1_000, tookMs: 5 }, 1_010, 50, 1_000)).toBe(40);
  });

  it('does not wait once the pace has passed', () => {
    expect(catchUpDelay({ startedAt: 1_000, tookMs: 5 }, 1_200, 50, 1_000)).toBe(0);
  });

  it('after a slow catch-up, waits as long again as it took, so that the projector works at most half the time', () => {
    // Started at 1000, took 120 ms, ended at 1120: the next starts at 1240.
    expect(catchUpDelay({ startedAt: 1_000, tookMs: 120 }, 1_120, 50, 1_000)).toBe(120);
  });

  it('bounds the wait after a very long catch-up', () => {
    expect(catchUpDelay({ startedAt: 0, tookMs: 10_000 }, 10_000, 50, 1_000)).toBe(0);
    expect(catchUpDelay({ startedAt: 0, tookMs: 700 }, 700, 50, 1_000)).toBe(300);
  });
});
