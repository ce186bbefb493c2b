import { FixedRate, LATE_MS, WeightedRoundRobin, dependencies, dispatch } from './soak-schedule.js';

describe('WeightedRoundRobin', () => {
  it('gives each kind exactly its weight in every run of sum(weights) picks, spread out', () => {
    const rr = new WeightedRoundRobin({ a: 5, b: 1, c: 1 });
    for (let round = 0; round < 3; round++) {
      const picks = Array.from({ length: 7 }, () => rr.next());
      expect(picks.filter((p) => p === 'a')).toHaveLength(5);
      expect(picks.filter((p) => p === 'b')).toHaveLength(1);
      expect(picks.filter((p) => p === 'c')).toHaveLength(1);
      // smooth: the heavy kind never comes more than 3 times in a row here
      expect(picks.join('')).not.toContain('aaaa');
    }
  });

  it('is deterministic and leaves out kinds of weight 0', () => {
    const picks = (w: Record<string, number>) => {
      const rr = new WeightedRoundRobin(w);
      return Array.from({ length: 20 }, () => rr.next()).join(',');
    };
    expect(picks({ x: 3, y: 2, z: 0 })).toBe(picks({ x: 3, y: 2, z: 0 }));
    expect(picks({ x: 3, y: 2, z: 0 })).not.toContain('z');
  });

  it('refuses weights that are not whole numbers or all zero', () => {
    expect(() => new WeightedRoundRobin({ a: 0 })).toThrow();
    expect(() => new WeightedRoundRobin({ a: 1.5 })).toThrow();
  });
});

describe('FixedRate', () => {
  it('spaces operations 1/rate apart for the duration', () => {
    const schedule = new FixedRate(50, 5 * 60_000);
    expect(schedule.count).toBe(15_000);
    expect(schedule.dueAt(0)).toBe(0);
    expect(schedule.dueAt(1)).toBe(20);
    expect(schedule.dueAt(14_999)).toBe(299_980);
  });

  it('sends at least one operation', () => {
    expect(new FixedRate(0.5, 1_000).count).toBe(1);
  });
});

describe('dispatch', () => {
  it('sends on time, late past LATE_MS, and skips when too many are in flight', () => {
    expect(dispatch(0, 0, 10)).toBe('on time');
    expect(dispatch(LATE_MS, 9, 10)).toBe('on time');
    expect(dispatch(LATE_MS + 1, 0, 10)).toBe('late');
    expect(dispatch(0, 10, 10)).toBe('skipped');
  });
});

describe('dependencies', () => {
  const id = '5b0e4c1e-7f3a-4d59-9a59-1d8c4f2b7a10';
  it('waits for an earlier append to the same stream', () => {
    expect(
      dependencies('statement-person-001', '{"speaker":"person-001"}', ['statement-person-001', 'call-a-b'], [id]),
    ).toEqual({ streams: ['statement-person-001'], ids: [] });
  });

  it('waits for the append of an event or a stream the payload names', () => {
    expect(
      dependencies(
        'claim-person-002',
        JSON.stringify({ disputedEventId: id, by: 'person-002' }),
        ['statement-person-001'],
        [id],
      ),
    ).toEqual({ streams: [], ids: [id] });
    expect(
      dependencies(
        'demand-person-003',
        JSON.stringify({ conditionFor: 'proposal-ceasefire-004' }),
        ['proposal-ceasefire-004', 'proposal-ceasefire-00'],
        [],
      ),
    ).toEqual({
      streams: ['proposal-ceasefire-004'],
      ids: [],
    });
  });

  it('waits for nothing that is not named', () => {
    expect(
      dependencies('strike-state-001-2022-03', '{"attacker":"state-001"}', ['strike-state-002-2022-03'], [id]),
    ).toEqual({ streams: [], ids: [] });
  });
});
