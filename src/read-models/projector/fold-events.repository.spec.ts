import { sqlInstant } from './fold-events.repository.js';

describe('sqlInstant (a strike window bound as a query parameter)', () => {
  it('keeps an ordinary instant as it is', () => {
    expect(sqlInstant(Date.parse('2025-03-18T14:00:00Z')).toISOString()).toBe('2025-03-18T14:00:00.000Z');
  });

  it('clamps an end beyond what a Date holds (a pledge of 9007199254740991 days) to a valid date, never an invalid one', () => {
    const end = Date.parse('2025-03-18T14:00:00Z') + Number.MAX_SAFE_INTEGER * 86_400_000;
    expect(Number.isNaN(new Date(end).getTime())).toBe(true);
    const bound = sqlInstant(end);
    expect(Number.isNaN(bound.getTime())).toBe(false);
    expect(bound.getTime()).toBe(8.64e15);
    expect(sqlInstant(-end).getTime()).toBe(-8.64e15);
  });
});
