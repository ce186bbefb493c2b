import { ReplicaLag } from './replica-lag.js';

describe('ReplicaLag', () => {
  it('is 0 while the replica is at the primary’s head, however long since anything was appended', () => {
    const lag = new ReplicaLag();
    expect(lag.observe(10n, 10n, 0)).toBe(0);
    expect(lag.observe(10n, 10n, 3_600_000)).toBe(0);
  });

  it('counts from the first sample that found the primary ahead, while the replica stays short of it', () => {
    const lag = new ReplicaLag();
    expect(lag.observe(11n, 10n, 1_000)).toBe(0);
    expect(lag.observe(12n, 10n, 2_000)).toBe(1_000);
    expect(lag.observe(15n, 10n, 7_000)).toBe(6_000);
  });

  it('starts again when the replica has replayed what was pending but the primary has moved on', () => {
    const lag = new ReplicaLag();
    lag.observe(11n, 10n, 1_000);
    expect(lag.observe(20n, 11n, 5_000)).toBe(0); // position 11 reached: the wait for 20 starts now
    expect(lag.observe(21n, 15n, 6_000)).toBe(1_000);
    expect(lag.observe(21n, 21n, 7_000)).toBe(0);
    expect(lag.observe(22n, 21n, 8_000)).toBe(0);
  });

  it('forgets what was pending on reset', () => {
    const lag = new ReplicaLag();
    lag.observe(11n, 10n, 1_000);
    lag.reset();
    expect(lag.observe(12n, 10n, 9_000)).toBe(0);
  });
});
