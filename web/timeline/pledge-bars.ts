/**
 * A pledge as a bar on the time axis: from when it was made to when it was broken (or fulfilled,
 * expired, was withdrawn, or — while it holds — to the "as of" moment or now), with its lifetime and
 * uncertainty in words. Pure: the caller gives `now`.
 */
import type { Pledge } from './types.js';

export interface PledgeSpan {
  start: number;
  end: number;
  /** "broken after 0-1h", "holding for 1y 2m"… */
  label: string;
  /** The event that broke it (the earliest violation), drawn at the bar's end. */
  breaker: Pledge['firstViolation'];
}

export function pledgeSpan(pledge: Pledge, asOf: number | null, now: number): PledgeSpan {
  const start = Date.parse(pledge.madeAt);
  const lifetime = pledge.lifetime?.text ?? 'unknown';
  const breaker = pledge.firstViolation;
  switch (pledge.state) {
    case 'BROKEN':
      return {
        start,
        end: Date.parse(pledge.brokenAt ?? breaker?.at ?? pledge.madeAt),
        label: `broken after ${lifetime}`,
        breaker,
      };
    case 'EXPIRED':
      return {
        start,
        end: Date.parse(pledge.expiresAt ?? pledge.madeAt),
        label: `held ${lifetime}, then expired`,
        breaker: null,
      };
    case 'FULFILLED':
      return {
        start,
        end: Date.parse(pledge.fulfilledAt ?? pledge.madeAt),
        label: `fulfilled after ${lifetime}`,
        breaker: null,
      };
    case 'WITHDRAWN':
      return {
        start,
        end: start + (pledge.lifetime?.maxSeconds ?? 0) * 1000,
        label: `withdrawn after ${lifetime}`,
        breaker: null,
      };
    case 'HOLDING': {
      const until = asOf ?? now;
      const expires = pledge.expiresAt ? Date.parse(pledge.expiresAt) : Infinity;
      return { start, end: Math.max(start, Math.min(until, expires)), label: `holding for ${lifetime}`, breaker: null };
    }
    default: {
      const never: never = pledge.state;
      return never;
    }
  }
}
