import { duration, humanSeconds } from './duration.js';

const MINUTE = 60;
const HOUR = 3_600;
const DAY = 86_400;
const ms = (seconds: number): number => seconds * 1000;

describe('humanSeconds', () => {
  it.each<[number, string]>([
    [0, '0s'],
    [-5, '0s'],
    [45, '45s'],
    [52 * MINUTE, '52m'],
    [HOUR, '1h'],
    [59 * MINUTE + 59, '59m 59s'],
    [8 * HOUR + 59 * MINUTE, '8h 59m'],
    [DAY, '1d'],
    [DAY + 2 * HOUR, '1d 2h'],
    [33 * HOUR, '1d 9h'],
    [30 * DAY, '30d'],
  ])('%i s is "%s"', (seconds, text) => {
    expect(humanSeconds(seconds)).toBe(text);
  });

  it('keeps at most the two largest non-zero units', () => {
    expect(humanSeconds(DAY + HOUR + MINUTE + 1)).toBe('1d 1h');
    expect(humanSeconds(2 * HOUR + 3 * MINUTE + 4)).toBe('2h 3m');
    expect(humanSeconds(DAY + 1)).toBe('1d 1s');
  });
});

describe('duration', () => {
  it('is exact when both bounds are equal', () => {
    expect(duration(ms(52 * MINUTE), ms(52 * MINUTE))).toEqual({ minSeconds: 3120, maxSeconds: 3120, text: '52m' });
    expect(duration(ms(DAY + 2 * HOUR), ms(DAY + 2 * HOUR))).toEqual({
      minSeconds: 93_600,
      maxSeconds: 93_600,
      text: '1d 2h',
    });
  });

  it('is zero for zero', () => {
    expect(duration(0, 0)).toEqual({ minSeconds: 0, maxSeconds: 0, text: '0s' });
  });

  it('writes a range in one unit when both ends are whole in it', () => {
    expect(duration(0, ms(HOUR))).toEqual({ minSeconds: 0, maxSeconds: 3600, text: '0-1h' });
    expect(duration(0, ms(DAY))).toEqual({ minSeconds: 0, maxSeconds: 86_400, text: '0-1d' });
    expect(duration(ms(2 * HOUR), ms(3 * HOUR))).toEqual({ minSeconds: 7200, maxSeconds: 10_800, text: '2-3h' });
    expect(duration(ms(DAY), ms(3 * DAY))).toEqual({ minSeconds: 86_400, maxSeconds: 259_200, text: '1-3d' });
    expect(duration(0, ms(59 * MINUTE))).toEqual({ minSeconds: 0, maxSeconds: 3540, text: '0-59m' });
  });

  it('writes the catalogue example (8 h 59 m to 33 h) with both ends in human units', () => {
    // event-catalogue.md: pledge 2025-04-19T15:00Z (MINUTE), strike 2025-04-20 (DAY) → 8 h 59 m .. 33 h;
    // duration.ts: "8h 59m-33h" style, i.e. humanSeconds at both ends, which writes 33 h as "1d 9h".
    expect(duration(ms(8 * HOUR + 59 * MINUTE), ms(33 * HOUR))).toEqual({
      minSeconds: 32_340,
      maxSeconds: 118_800,
      text: '8h 59m-1d 9h',
    });
  });

  it('rounds the lower bound down and the upper bound up to whole seconds', () => {
    expect(duration(1500, 2500)).toEqual({ minSeconds: 1, maxSeconds: 3, text: '1-3s' });
    expect(duration(999, 999)).toEqual({ minSeconds: 0, maxSeconds: 1, text: '0-1s' });
    expect(duration(ms(HOUR) - 1, ms(HOUR) + 1)).toMatchObject({ minSeconds: 3599, maxSeconds: 3601 });
    expect(duration(ms(52 * MINUTE) + 400, ms(52 * MINUTE) + 400)).toMatchObject({
      minSeconds: 3120,
      maxSeconds: 3121,
    });
  });

  it('clamps a negative lower bound to zero', () => {
    expect(duration(-ms(HOUR), ms(30 * MINUTE))).toEqual({ minSeconds: 0, maxSeconds: 1800, text: '0-30m' });
    expect(duration(-ms(HOUR), -ms(MINUTE))).toEqual({ minSeconds: 0, maxSeconds: 0, text: '0s' });
  });

  it('never gives an upper bound below the lower one', () => {
    expect(duration(ms(5), ms(1))).toEqual({ minSeconds: 5, maxSeconds: 5, text: '5s' });
  });
});
