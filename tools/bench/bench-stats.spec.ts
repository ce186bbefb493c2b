import { figure, latencies, percentile, runConcurrently } from './bench-stats.js';

describe('bench statistics', () => {
  it('takes nearest-rank percentiles', () => {
    const samples = Array.from({ length: 100 }, (_, i) => 100 - i); // 100..1, unsorted
    expect(percentile(samples, 50)).toBe(50);
    expect(percentile(samples, 99)).toBe(99);
    expect(percentile(samples, 100)).toBe(100);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([], 50)).toBeNaN();
    expect(latencies([1, 2, 3, 4])).toEqual({ p50: 2, p99: 4, max: 4, count: 4 });
  });

  it('writes figures with 3 significant digits and grouped thousands', () => {
    expect(figure(0.12345)).toBe('0.123');
    expect(figure(12.345)).toBe('12.3');
    expect(figure(123456.7)).toBe('123,457');
    expect(figure(Number.NaN)).toBe('–');
  });

  it('runs tasks at most n at a time', async () => {
    let running = 0;
    let most = 0;
    const done: number[] = [];
    const tasks = Array.from({ length: 10 }, (_, i) => async () => {
      running++;
      most = Math.max(most, running);
      await new Promise((r) => setTimeout(r, 5));
      done.push(i);
      running--;
    });
    await runConcurrently(3, tasks);
    expect(most).toBe(3);
    expect(done.sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });
});
