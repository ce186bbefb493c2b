import { createHash } from 'node:crypto';
import {
  type FlatRule,
  PositionTrail,
  differences,
  expectedLog,
  filteredDifferences,
  judgeFlat,
  slopePerMinute,
  trend,
} from './soak-checks.js';

const md5 = (text: string) => createHash('md5').update(text).digest('hex');
const MB = 1024 * 1024;

describe('expectedLog', () => {
  it('is the figures of positions 1..n, with the MD5 that PostgreSQL computes of "p\\n" lines', () => {
    expect(expectedLog(3)).toEqual({
      count: 3,
      min: 1,
      max: 3,
      sum: 6,
      positionsMd5: md5('1\n2\n3\n'),
      linesMd5: null,
    });
    expect(expectedLog(0)).toMatchObject({ count: 0, min: null, max: null, sum: 0, positionsMd5: md5('') });
  });
});

describe('PositionTrail', () => {
  it('matches the expected log when it got exactly 1..n in order, and checksums position:id lines', () => {
    const trail = new PositionTrail();
    ['a', 'b', 'c'].forEach((id, i) => trail.add(i + 1, id));
    const figures = trail.figures();
    expect(differences(figures, expectedLog(3))).toEqual([]);
    expect(figures.linesMd5).toBe(md5('1:a\n2:b\n3:c\n'));
    expect(differences(figures, { ...expectedLog(3), linesMd5: md5('1:a\n2:x\n3:c\n') })).toEqual([
      `linesMd5 ${figures.linesMd5} ≠ ${md5('1:a\n2:x\n3:c\n')}`,
    ]);
  });

  it('counts duplicates, reordering and gaps, and each shows in the figures', () => {
    const duplicate = new PositionTrail();
    [1, 2, 2, 3].forEach((p) => duplicate.add(p));
    expect(duplicate.duplicatesOrReordered).toBe(1);
    expect(differences(duplicate.figures(), expectedLog(3))).toEqual(
      expect.arrayContaining([expect.stringMatching(/^count 4 ≠ 3/), expect.stringMatching(/^sum 8 ≠ 6/)]),
    );

    const gap = new PositionTrail();
    [1, 2, 5].forEach((p) => gap.add(p));
    expect(gap.missing).toBe(2);
    expect(differences(gap.figures(), expectedLog(5)).length).toBeGreaterThan(0);

    const swapped = new PositionTrail();
    [1, 3, 2].forEach((p) => swapped.add(p));
    expect(swapped.duplicatesOrReordered).toBe(1);
    // same count and sum as 1..3: only the ordered checksum tells
    expect(differences(swapped.figures(), expectedLog(3))).toEqual([expect.stringMatching(/^positionsMd5/)]);
  });

  it('starts after a position (incremental exports) and keeps the positions when asked', () => {
    const trail = new PositionTrail(10, true);
    [11, 12].forEach((p) => trail.add(p));
    expect(trail.missing).toBe(0);
    expect(trail.kept).toEqual([11, 12]);
    expect(new PositionTrail(10).kept).toBeNull();
  });
});

describe('filteredDifferences', () => {
  it('accepts every position not retracted, and retracted ones delivered before their retraction', () => {
    expect(filteredDifferences([1, 3, 4], 4, new Set([2]))).toEqual([]);
    expect(filteredDifferences([1, 2, 3, 4], 4, new Set([2]))).toEqual([]);
  });

  it('names missing live events, repeats and positions beyond the log', () => {
    expect(filteredDifferences([1, 4], 4, new Set([2]))).toEqual(['1 live events missing (first at position 3)']);
    expect(filteredDifferences([1, 2, 2, 3], 3, new Set())).toEqual(['1 duplicated or out of order']);
    expect(filteredDifferences([1, 2, 3, 9], 3, new Set())).toEqual(['1 positions outside 1..3']);
  });
});

describe('memory trend', () => {
  const series = (minutes: number, everyS: number, f: (atMs: number) => number) =>
    Array.from({ length: Math.floor((minutes * 60) / everyS) + 1 }, (_, i) => ({
      atMs: i * everyS * 1000,
      bytes: f(i * everyS * 1000),
    }));

  it('fits the least-squares slope in bytes a minute', () => {
    expect(slopePerMinute(series(4, 2, (t) => 100 * MB + (t / 60_000) * 3 * MB))).toBeCloseTo(3 * MB, 0);
    expect(slopePerMinute([{ atMs: 0, bytes: 5 }])).toBe(0);
  });

  it('leaves the warm-up out and compares the first and last quarters', () => {
    const samples = series(5, 2, (t) => (t < 60_000 ? 50 * MB + t * 1000 : 180 * MB));
    const t = trend(samples, 60_000)!;
    expect(t.samples).toBe(121);
    expect(t.firstQuarterMean).toBe(180 * MB);
    expect(t.lastQuarterMean).toBe(180 * MB);
    expect(t.slopePerMinute).toBe(0);
    expect(t.minutes).toBe(4);
    expect(trend(samples.slice(0, 35), 60_000)).toBeNull();
  });

  const rule: FlatRule = { maxSlopePerMinute: 4 * MB, maxGrowth: 24 * MB, minMinutes: 2, useMinima: false };

  it('judges flat a sawtooth around a level, and growing a steady climb', () => {
    const sawtooth = trend(
      series(5, 2, (t) => 180 * MB + ((t / 2000) % 10) * MB),
      60_000,
    );
    expect(judgeFlat(sawtooth, rule)).toMatchObject({ judged: true, flat: true });
    const leak = trend(
      series(5, 2, (t) => 180 * MB + (t / 60_000) * 6 * MB),
      60_000,
    );
    const verdict = judgeFlat(leak, rule);
    expect(verdict).toMatchObject({ judged: true, flat: false });
    expect(verdict.why).toContain('slope 6.0 MB/min > 4.0 MB/min');
  });

  it('with minima, looks at the floor: a higher peak late in the run is not growth', () => {
    const heap = trend(
      series(5, 10, (t) => (Math.floor(t / 10_000) % 3 === 0 ? 60 * MB : t > 240_000 ? 140 * MB : 90 * MB)),
      60_000,
    );
    expect(judgeFlat(heap, { ...rule, maxSlopePerMinute: 100 * MB, useMinima: true })).toMatchObject({
      judged: true,
      flat: true,
      growth: 0,
    });
  });

  it('does not judge a run too short after its warm-up', () => {
    expect(
      judgeFlat(
        trend(
          series(0.5, 2, () => MB),
          6_000,
        ),
        rule,
      ),
    ).toMatchObject({ judged: false });
    expect(judgeFlat(null, rule)).toEqual({
      judged: false,
      why: 'not judged: too few samples after the warm-up (needs 2 min)',
    });
  });
});
