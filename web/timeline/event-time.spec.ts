import { comparePositions, formatOccurred, formatWhen, lateRecorded, occurredInterval } from './event-time.js';

describe('occurredInterval', () => {
  it('spans the unit of the precision', () => {
    expect(occurredInterval('2025-03-18T14:00:00Z', 'HOUR')).toEqual({
      start: Date.parse('2025-03-18T14:00:00Z'),
      end: Date.parse('2025-03-18T15:00:00Z'),
    });
    expect(occurredInterval('2025-03-19T00:00:00Z', 'DAY').end).toBe(Date.parse('2025-03-20T00:00:00Z'));
    expect(occurredInterval('2024-02-01T00:00:00Z', 'MONTH').end).toBe(Date.parse('2024-03-01T00:00:00Z'));
    expect(occurredInterval('2025-01-01T00:00:00Z', 'YEAR').end).toBe(Date.parse('2026-01-01T00:00:00Z'));
    expect(occurredInterval('2025-03-18T14:05:07Z', 'SECOND').end - Date.parse('2025-03-18T14:05:07Z')).toBe(1000);
  });
});

describe('formatOccurred', () => {
  it('writes as much as the precision knows, in UTC', () => {
    expect(formatOccurred('2025-03-18T14:00:00Z', 'HOUR')).toBe('18 Mar 2025, 14:00–15:00 UTC (hour)');
    expect(formatOccurred('2025-03-19T00:00:00Z', 'DAY')).toBe('19 Mar 2025 (day)');
    expect(formatOccurred('2025-03-18T14:05:00Z', 'MINUTE')).toBe('18 Mar 2025, 14:05 UTC (minute)');
    expect(formatOccurred('2025-03-18T14:05:09Z', 'SECOND')).toBe('18 Mar 2025, 14:05:09 UTC (second)');
    expect(formatOccurred('2025-03-01T00:00:00Z', 'MONTH')).toBe('Mar 2025 (month)');
    expect(formatOccurred('2025-01-01T00:00:00Z', 'YEAR')).toBe('2025 (year)');
  });
});

describe('formatWhen', () => {
  it('writes midnight UTC as the day alone', () => {
    expect(formatWhen(Date.parse('2025-03-11T00:00:00Z'))).toBe('11 Mar 2025');
    expect(formatWhen(Date.parse('2025-03-18T16:00:00Z'))).toBe('18 Mar 2025, 16:00 UTC');
  });
});

describe('lateRecorded', () => {
  const event = (id: string, position: string, occurredAt: string, occurredPrecision: 'HOUR' | 'DAY' = 'HOUR') => ({
    id,
    position,
    occurredAt,
    occurredPrecision,
  });

  it('flags an event recorded after one that certainly happened later', () => {
    const late = lateRecorded([
      event('a', '1', '2025-03-18T14:00:00Z'),
      event('b', '2', '2025-03-18T16:00:00Z'),
      event('c', '3', '2025-03-18T12:00:00Z'),
      event('d', '10', '2025-03-18T17:00:00Z'),
    ]);
    expect([...late]).toEqual(['c']);
  });

  it('does not flag an event whose uncertain interval reaches past what came before', () => {
    // a DAY event recorded after an HOUR event of the same day may have happened after it
    expect(
      lateRecorded([event('a', '1', '2025-03-18T14:00:00Z'), event('b', '2', '2025-03-18T00:00:00Z', 'DAY')]).size,
    ).toBe(0);
  });

  it('orders by position as numbers, not as text', () => {
    const late = lateRecorded([event('x', '10', '2025-03-18T10:00:00Z'), event('y', '9', '2025-03-18T20:00:00Z')]);
    expect([...late]).toEqual(['x']);
    expect(comparePositions('9', '10')).toBeLessThan(0);
    expect(comparePositions('10', '10')).toBe(0);
  });
});
