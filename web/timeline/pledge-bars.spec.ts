import { pledgeSpan } from './pledge-bars.js';
import type { Pledge } from './types.js';

const base: Pledge = {
  id: 'pledge-russia-energy-strikes',
  by: { id: 'putin', name: 'Vladimir Putin' },
  to: { id: 'trump', name: 'Donald Trump' },
  commitment: 'An immediate 30-day pause on attacking energy infrastructure',
  madeAt: '2025-03-18T16:00:00.000Z',
  expiresAt: '2025-04-17T16:00:00.000Z',
  state: 'HOLDING',
  brokenAt: null,
  fulfilledAt: null,
  kept: null,
  lifetime: { minSeconds: 0, maxSeconds: 3600, text: '0-1h' },
  event: { id: 'e1' },
  violationCount: 0,
  firstViolation: null,
};
const at = Date.parse;

describe('pledgeSpan', () => {
  it('ends a broken pledge at its first violation and names it', () => {
    const first = {
      at: '2025-03-18T16:30:00.000Z',
      basis: 'INFERRED' as const,
      by: { id: 'russia', name: 'Russia' },
      event: { id: 'v1', summary: 'strike' },
    };
    const span = pledgeSpan(
      { ...base, state: 'BROKEN', brokenAt: '2025-03-18T16:30:00.000Z', violationCount: 2, firstViolation: first },
      null,
      0,
    );
    expect(span).toEqual({
      start: at('2025-03-18T16:00:00Z'),
      end: at('2025-03-18T16:30:00Z'),
      label: 'broken after 0-1h',
      breaker: first,
    });
  });

  it('runs a holding pledge to the as-of moment, or to now, but not past its expiry', () => {
    expect(pledgeSpan(base, at('2025-03-18T20:00:00Z'), at('2030-01-01T00:00:00Z')).end).toBe(
      at('2025-03-18T20:00:00Z'),
    );
    expect(pledgeSpan(base, null, at('2025-03-20T00:00:00Z')).end).toBe(at('2025-03-20T00:00:00Z'));
    expect(pledgeSpan(base, null, at('2030-01-01T00:00:00Z')).end).toBe(at('2025-04-17T16:00:00Z'));
    expect(pledgeSpan(base, null, 0).label).toBe('holding for 0-1h');
  });

  it('ends an expired pledge at its expiry and a withdrawn one after its lifetime', () => {
    expect(pledgeSpan({ ...base, state: 'EXPIRED' }, null, 0).end).toBe(at('2025-04-17T16:00:00Z'));
    expect(pledgeSpan({ ...base, state: 'WITHDRAWN' }, null, 0)).toMatchObject({
      end: at('2025-03-18T17:00:00Z'),
      label: 'withdrawn after 0-1h',
    });
  });

  it('ends a fulfilled pledge when it was fulfilled', () => {
    expect(
      pledgeSpan({ ...base, state: 'FULFILLED', fulfilledAt: '2025-03-19T10:00:00.000Z', kept: true }, null, 0),
    ).toEqual({
      start: at('2025-03-18T16:00:00Z'),
      end: at('2025-03-19T10:00:00Z'),
      label: 'fulfilled after 0-1h',
      breaker: null,
    });
  });
});
