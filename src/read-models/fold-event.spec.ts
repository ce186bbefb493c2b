import type { TimePrecision } from '../events/catalogue/event-types.js';
import { foldEventBuilder, t } from '../../test/support/fold-events.js';
import {
  type FoldEvent,
  applyAmendments,
  byValidTime,
  foldGathering,
  principalOf,
  sameSide,
  timeBounds,
} from './fold-event.js';

const ev = foldEventBuilder('strike-sloviansk');

const strikeData = { attacker: 'russia', targetCategory: 'ENERGY_INFRASTRUCTURE', place: 'Sloviansk' };

describe('applyAmendments', () => {
  const strike = ev('STRIKE_REPORTED', strikeData, {
    at: '2025-03-18T16:00:00Z',
    precision: 'HOUR',
    position: 1,
    id: 'strike',
  });
  const call = ev(
    'CALL_HELD',
    { participants: ['trump', 'putin'] },
    { at: '2025-03-18T14:00:00Z', position: 2, id: 'call', stream: 'call-trump-putin' },
  );

  it('leaves a record without amendments as it is, in its input order', () => {
    const events = [call, strike];
    const result = applyAmendments(events);
    expect(result).toEqual([call, strike]);
    expect(result).not.toBe(events);
  });

  it('drops a retracted event and the retraction, and nothing else', () => {
    const retraction = ev(
      'EVENT_RETRACTED',
      { retractedEventId: 'strike', reason: 'misattributed' },
      { at: '2025-03-19T00:00:00Z', precision: 'DAY', position: 3, id: 'retraction' },
    );
    expect(applyAmendments([strike, call, retraction])).toEqual([call]);
    // wherever the retraction sits in the input
    expect(applyAmendments([retraction, strike, call])).toEqual([call]);
  });

  it('applies the latest correction (by position), whatever the input order and the corrections’ own times', () => {
    const first = ev(
      'EVENT_CORRECTED',
      { correctedEventId: 'strike', data: { ...strikeData, place: 'Kramatorsk' }, reason: 'wrong city' },
      { at: '2025-03-25T00:00:00Z', precision: 'DAY', position: 5, id: 'correction-1' },
    );
    const latest = ev(
      'EVENT_CORRECTED',
      {
        correctedEventId: 'strike',
        data: { ...strikeData, place: 'Sloviansk, Donetsk region' },
        reason: 'region added',
      },
      { at: '2025-03-20T00:00:00Z', precision: 'DAY', position: 9, id: 'correction-2' },
    );
    const result = applyAmendments([latest, strike, first]);
    expect(result).toEqual([{ ...strike, data: { ...strikeData, place: 'Sloviansk, Donetsk region' } }]);
  });

  it('takes a corrected occurredAt and precision, keeping id, position, stream, payload and recordedAt', () => {
    const correction = ev(
      'EVENT_CORRECTED',
      {
        correctedEventId: 'strike',
        occurredAt: '2025-03-18T16:42:00Z',
        occurredPrecision: 'MINUTE',
        reason: 'exact time known',
      },
      { at: '2025-03-20T00:00:00Z', precision: 'DAY', position: 4 },
    );
    expect(applyAmendments([strike, correction])).toEqual([
      {
        id: 'strike',
        position: 1,
        type: 'STRIKE_REPORTED',
        streamId: 'strike-sloviansk',
        data: strikeData,
        occurredAt: t('2025-03-18T16:42:00Z'),
        precision: 'MINUTE',
        recordedAt: strike.recordedAt,
      },
    ]);
  });

  it('keeps the original precision when a correction gives only a time, and the original time when it gives only a payload', () => {
    const timeOnly = ev(
      'EVENT_CORRECTED',
      { correctedEventId: 'strike', occurredAt: '2025-03-18T18:00:00Z', reason: 'later' },
      { at: '2025-03-20T00:00:00Z', position: 4 },
    );
    expect(applyAmendments([strike, timeOnly])).toEqual([
      { ...strike, occurredAt: t('2025-03-18T18:00:00Z'), precision: 'HOUR' },
    ]);
    const dataOnly = ev(
      'EVENT_CORRECTED',
      { correctedEventId: 'strike', data: { ...strikeData, targetCategory: 'MILITARY' }, reason: 'target' },
      { at: '2025-03-20T00:00:00Z', position: 4 },
    );
    expect(applyAmendments([strike, dataOnly])).toEqual([
      { ...strike, data: { ...strikeData, targetCategory: 'MILITARY' } },
    ]);
  });

  it('the latest correction replaces earlier ones entirely (fields it omits come from the original event)', () => {
    const moved = ev(
      'EVENT_CORRECTED',
      { correctedEventId: 'strike', occurredAt: '2025-03-18T18:00:00Z', occurredPrecision: 'MINUTE', reason: 'later' },
      { at: '2025-03-20T00:00:00Z', position: 4 },
    );
    const retargeted = ev(
      'EVENT_CORRECTED',
      { correctedEventId: 'strike', data: { ...strikeData, targetCategory: 'MILITARY' }, reason: 'target' },
      { at: '2025-03-21T00:00:00Z', position: 6 },
    );
    expect(applyAmendments([strike, moved, retargeted])).toEqual([
      { ...strike, data: { ...strikeData, targetCategory: 'MILITARY' } },
    ]);
  });

  it('drops a retracted event even when it was corrected too', () => {
    const correction = ev(
      'EVENT_CORRECTED',
      { correctedEventId: 'strike', occurredAt: '2025-03-18T18:00:00Z', reason: 'later' },
      { at: '2025-03-20T00:00:00Z', position: 4 },
    );
    const retraction = ev(
      'EVENT_RETRACTED',
      { retractedEventId: 'strike', reason: 'never happened' },
      { at: '2025-03-21T00:00:00Z', position: 5 },
    );
    expect(applyAmendments([strike, correction, retraction, call])).toEqual([call]);
  });

  it('drops amendments themselves, also those naming events that are not in the list', () => {
    const strayCorrection = ev(
      'EVENT_CORRECTED',
      { correctedEventId: 'elsewhere', occurredAt: '2025-01-01T00:00:00Z', reason: 'x' },
      { at: '2025-03-20T00:00:00Z', position: 7 },
    );
    const strayRetraction = ev(
      'EVENT_RETRACTED',
      { retractedEventId: 'elsewhere-too', reason: 'x' },
      { at: '2025-03-20T00:00:00Z', position: 8 },
    );
    expect(applyAmendments([strayCorrection, call, strayRetraction, strike])).toEqual([call, strike]);
    expect(applyAmendments([strayCorrection, strayRetraction])).toEqual([]);
  });

  it('does not mutate its input', () => {
    const events = [
      strike,
      ev(
        'EVENT_CORRECTED',
        { correctedEventId: 'strike', occurredAt: '2025-03-18T18:00:00Z', reason: 'later' },
        { at: '2025-03-20T00:00:00Z', position: 4 },
      ),
    ];
    const before = structuredClone(events);
    applyAmendments(events);
    expect(events).toEqual(before);
  });
});

describe('timeBounds', () => {
  const bounds = (at: string, precision: TimePrecision) => timeBounds(t(at), precision);
  const range = (earliest: string, latest: string) => ({ earliest: t(earliest), latest: t(latest) });

  it.each<[TimePrecision, string, string, string]>([
    ['SECOND', '2025-03-18T16:05:07.250Z', '2025-03-18T16:05:07Z', '2025-03-18T16:05:08Z'],
    ['MINUTE', '2025-03-18T16:05:07.250Z', '2025-03-18T16:05:00Z', '2025-03-18T16:06:00Z'],
    ['HOUR', '2025-03-18T16:05:07.250Z', '2025-03-18T16:00:00Z', '2025-03-18T17:00:00Z'],
    ['DAY', '2025-03-18T16:05:07.250Z', '2025-03-18T00:00:00Z', '2025-03-19T00:00:00Z'],
    ['MONTH', '2025-03-18T16:05:07.250Z', '2025-03-01T00:00:00Z', '2025-04-01T00:00:00Z'],
    ['YEAR', '2025-03-18T16:05:07.250Z', '2025-01-01T00:00:00Z', '2026-01-01T00:00:00Z'],
  ])('%s truncates to the start of the unit (UTC) and adds one unit', (precision, at, earliest, latest) => {
    expect(bounds(at, precision)).toEqual(range(earliest, latest));
  });

  it.each<[TimePrecision, string]>([
    ['SECOND', '2025-03-18T16:05:07Z'],
    ['MINUTE', '2025-03-18T16:05:00Z'],
    ['HOUR', '2025-03-18T16:00:00Z'],
    ['DAY', '2025-03-18T00:00:00Z'],
    ['MONTH', '2025-03-01T00:00:00Z'],
    ['YEAR', '2025-01-01T00:00:00Z'],
  ])('%s: an instant already at the start of its unit is the earliest bound', (precision, at) => {
    expect(bounds(at, precision).earliest).toBe(t(at));
  });

  it('crosses into the next day, month and year at the end of December 31', () => {
    expect(bounds('2025-12-31T23:59:59.999Z', 'SECOND')).toEqual(range('2025-12-31T23:59:59Z', '2026-01-01T00:00:00Z'));
    expect(bounds('2025-12-31T23:59:30Z', 'MINUTE')).toEqual(range('2025-12-31T23:59:00Z', '2026-01-01T00:00:00Z'));
    expect(bounds('2025-12-31T23:30:00Z', 'HOUR')).toEqual(range('2025-12-31T23:00:00Z', '2026-01-01T00:00:00Z'));
    expect(bounds('2025-12-31T12:00:00Z', 'DAY')).toEqual(range('2025-12-31T00:00:00Z', '2026-01-01T00:00:00Z'));
    expect(bounds('2025-12-15T12:00:00Z', 'MONTH')).toEqual(range('2025-12-01T00:00:00Z', '2026-01-01T00:00:00Z'));
    expect(bounds('2025-12-31T23:59:59Z', 'YEAR')).toEqual(range('2025-01-01T00:00:00Z', '2026-01-01T00:00:00Z'));
  });

  it('knows the length of February in leap and common years', () => {
    expect(bounds('2024-02-29T12:00:00Z', 'DAY')).toEqual(range('2024-02-29T00:00:00Z', '2024-03-01T00:00:00Z'));
    expect(bounds('2024-02-10T12:00:00Z', 'MONTH')).toEqual(range('2024-02-01T00:00:00Z', '2024-03-01T00:00:00Z'));
    expect(bounds('2025-02-10T12:00:00Z', 'MONTH')).toEqual(range('2025-02-01T00:00:00Z', '2025-03-01T00:00:00Z'));
    const feb2024 = bounds('2024-02-10T00:00:00Z', 'MONTH');
    const feb2025 = bounds('2025-02-10T00:00:00Z', 'MONTH');
    expect(feb2024.latest - feb2024.earliest).toBe(29 * 86_400_000);
    expect(feb2025.latest - feb2025.earliest).toBe(28 * 86_400_000);
  });

  it('gives a 31-day January/March month, and 366 days to a leap year, 365 to a common one', () => {
    const january = bounds('2025-01-31T23:00:00Z', 'MONTH');
    expect(january).toEqual(range('2025-01-01T00:00:00Z', '2025-02-01T00:00:00Z'));
    const y2024 = bounds('2024-06-01T00:00:00Z', 'YEAR');
    const y2025 = bounds('2025-06-01T00:00:00Z', 'YEAR');
    expect(y2024.latest - y2024.earliest).toBe(366 * 86_400_000);
    expect(y2025.latest - y2025.earliest).toBe(365 * 86_400_000);
  });

  it('truncates times before 1970 downwards too', () => {
    expect(bounds('1969-12-31T23:30:15.500Z', 'SECOND')).toEqual(range('1969-12-31T23:30:15Z', '1969-12-31T23:30:16Z'));
    expect(bounds('1969-12-31T23:30:15Z', 'HOUR')).toEqual(range('1969-12-31T23:00:00Z', '1970-01-01T00:00:00Z'));
    expect(bounds('1969-12-31T23:30:15Z', 'DAY')).toEqual(range('1969-12-31T00:00:00Z', '1970-01-01T00:00:00Z'));
  });
});

describe('byValidTime', () => {
  it('orders by occurredAt, then by position for equal times', () => {
    const late = ev('STATEMENT_MADE', {}, { at: '2025-03-19T00:00:00Z', position: 1, id: 'late' });
    const tieLow = ev('STRIKE_REPORTED', strikeData, { at: '2025-03-18T16:00:00Z', position: 3, id: 'tie-3' });
    const tieHigh = ev('PLEDGE_MADE', {}, { at: '2025-03-18T16:00:00Z', position: 7, id: 'tie-7' });
    const early = ev('CALL_HELD', {}, { at: '2025-03-18T14:00:00Z', position: 9, id: 'early' });
    expect([late, tieHigh, early, tieLow].sort(byValidTime).map((e) => e.id)).toEqual([
      'early',
      'tie-3',
      'tie-7',
      'late',
    ]);
    expect([tieLow, late, early, tieHigh].sort(byValidTime).map((e) => e.id)).toEqual([
      'early',
      'tie-3',
      'tie-7',
      'late',
    ]);
  });

  it('is negative, positive or zero as a comparator', () => {
    const a = ev('CALL_HELD', {}, { at: '2025-03-18T14:00:00Z', position: 5 });
    const b = ev('CALL_HELD', {}, { at: '2025-03-18T14:00:00Z', position: 6 });
    expect(byValidTime(a, b)).toBeLessThan(0);
    expect(byValidTime(b, a)).toBeGreaterThan(0);
    expect(byValidTime(a, a)).toBe(0);
  });
});

describe('principals', () => {
  const principals = { putin: 'russia', kremlin: 'russia', russia: 'russia', zelensky: 'ukraine' };

  it('maps an actor to its principal, and an unknown actor to itself', () => {
    expect(principalOf(principals, 'putin')).toBe('russia');
    expect(principalOf(principals, 'russia')).toBe('russia');
    expect(principalOf(principals, 'belarus')).toBe('belarus');
  });

  it('puts actors with the same principal on the same side', () => {
    expect(sameSide(principals, 'putin', 'kremlin')).toBe(true);
    expect(sameSide(principals, 'putin', 'russia')).toBe(true);
    expect(sameSide(principals, 'putin', 'zelensky')).toBe(false);
    expect(sameSide(principals, 'ukraine', 'zelensky')).toBe(true);
  });
});

describe('foldGathering', () => {
  type S = { n: number; violations: number[] };
  const event = (position: number) => ({ position }) as unknown as FoldEvent;
  // A step that adds a violation at every third event, and decides on the earliest one only.
  const evolve = (state: S | null, e: FoldEvent): S | null => {
    const s = state ?? { n: 0, violations: [] };
    const next = { ...s, n: s.n + (s.violations[0] ?? 0) };
    return e.position % 3 === 0 ? { ...next, violations: [...s.violations, e.position] } : next;
  };

  it('gives the result of a plain reduce, with the whole list of violations', () => {
    const events = Array.from({ length: 50 }, (_, i) => event(i + 1));
    const plain = events.reduce<S | null>((s, e) => evolve(s, e), null);
    expect(foldGathering(events, evolve)).toEqual(plain);
    expect(foldGathering(events, evolve)?.violations).toHaveLength(16);
  });

  it('hands each step only the earliest violation', () => {
    const seen: number[] = [];
    foldGathering<S, number>(
      Array.from({ length: 12 }, (_, i) => event(i + 1)),
      (s, e) => {
        seen.push(s?.violations.length ?? 0);
        return evolve(s, e);
      },
    );
    expect(Math.max(...seen)).toBe(1);
  });

  it('is null until the subject starts', () => {
    expect(foldGathering([event(1)], () => null)).toBeNull();
  });

  describe('with an order of violations and further lists', () => {
    type V = { at: number; id: number };
    type T = { first: number | null; violations: V[]; claims?: number[] };
    // Every event adds a claim; every other one a violation dated back in time.
    const step = (state: T | null, e: FoldEvent): T => {
      const s = state ?? { first: null, violations: [] };
      const next: T = { ...s, first: s.violations[0]?.id ?? null, claims: [...(s.claims ?? []), e.position] };
      return e.position % 2 === 0
        ? { ...next, violations: [...s.violations, { at: 100 - e.position, id: e.position }] }
        : next;
    };
    const events = Array.from({ length: 10 }, (_, i) => event(i + 1));
    const byAt = (a: V, b: V) => a.at - b.at;

    it('hands each step the earliest violation by the order, and none of the further lists', () => {
      const seen: Array<[number, number]> = [];
      const result = foldGathering<T, V>(
        events,
        (s, e) => {
          seen.push([s?.violations.length ?? 0, s?.claims?.length ?? 0]);
          return step(s, e);
        },
        byAt,
        ['claims'],
      );
      expect(Math.max(...seen.map(([v]) => v))).toBe(1);
      expect(Math.max(...seen.map(([, c]) => c))).toBe(0);
      // the last step saw violation 8 as the earliest (dated 92, before 94 ... 98), not 2, the first added
      expect(result?.first).toBe(8);
      expect(result?.violations.map((v) => v.id)).toEqual([10, 8, 6, 4, 2]);
      expect(result?.claims).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    });

    it('gives a plain reduce’s result, its violations sorted by the order', () => {
      const plain = events.reduce<T | null>((s, e) => step(s, e), null) as T;
      const gathered = foldGathering<T, V>(events, step, byAt, ['claims']);
      expect(gathered).toEqual({ ...plain, first: 8, violations: [...plain.violations].sort(byAt) });
    });

    it('leaves a further list absent when no step adds to it', () => {
      const none = foldGathering<T, V>(events, (s) => s ?? { first: null, violations: [] }, byAt, ['claims']);
      expect(none).toEqual({ first: null, violations: [] });
      expect(none && 'claims' in none).toBe(false);
    });
  });
});
