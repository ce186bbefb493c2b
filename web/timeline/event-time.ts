/**
 * Valid time as the page shows it: the interval a precision allows (a DAY event happened somewhere
 * in that UTC day), dates written in UTC, and which events were recorded late (after the log already
 * held something that happened later). Pure: no DOM, no clock.
 */
import type { TimePrecision } from './types.js';

export const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
const FIXED_MS: Partial<Record<TimePrecision, number>> = { SECOND: 1_000, MINUTE: 60_000, HOUR, DAY };

export interface Interval {
  start: number;
  end: number;
}

/** [start, end) in epoch ms: where an event at `at` with `precision` may have happened. */
export function occurredInterval(at: string, precision: TimePrecision): Interval {
  const start = Date.parse(at);
  const fixed = FIXED_MS[precision];
  if (fixed !== undefined) return { start, end: start + fixed };
  const d = new Date(start);
  const end =
    precision === 'MONTH'
      ? Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1)
      : Date.UTC(d.getUTCFullYear() + 1, 0, 1);
  return { start, end };
}

const pad = (n: number) => String(n).padStart(2, '0');

export function formatDay(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}

export function formatClock(ms: number, seconds = false): string {
  const d = new Date(ms);
  return `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}${seconds ? `:${pad(d.getUTCSeconds())}` : ''}`;
}

/** A moment to the minute: "18 Mar 2025, 14:00 UTC". */
export function formatMoment(ms: number): string {
  return `${formatDay(ms)}, ${formatClock(ms)} UTC`;
}

/**
 * A read model's date (which carries no precision): midnight UTC is written as the day alone,
 * since that is how day-precision events are stored; any other time to the minute.
 */
export function formatWhen(ms: number): string {
  return ms % DAY === 0 ? formatDay(ms) : formatMoment(ms);
}

/** An occurred time as precise as it is known: "19 Mar 2025 (day)", "18 Mar 2025, 14:00–15:00 UTC (hour)". */
export function formatOccurred(at: string, precision: TimePrecision): string {
  const { start, end } = occurredInterval(at, precision);
  const d = new Date(start);
  switch (precision) {
    case 'YEAR':
      return `${d.getUTCFullYear()} (year)`;
    case 'MONTH':
      return `${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} (month)`;
    case 'DAY':
      return `${formatDay(start)} (day)`;
    case 'HOUR':
      return `${formatDay(start)}, ${formatClock(start)}–${formatClock(end)} UTC (hour)`;
    case 'MINUTE':
      return `${formatDay(start)}, ${formatClock(start)} UTC (minute)`;
    case 'SECOND':
      return `${formatDay(start)}, ${formatClock(start, true)} UTC (second)`;
    default: {
      const never: never = precision;
      return String(never);
    }
  }
}

export interface Recorded {
  id: string;
  position: string;
  occurredAt: string;
  occurredPrecision: TimePrecision;
}

/**
 * The events recorded late: by the time each was recorded (in position order), the log already held
 * an event that certainly happened after it (this one's interval ends before that one's begins).
 * These are the arrivals that made the read models refold a subject.
 */
export function lateRecorded(events: readonly Recorded[]): Set<string> {
  const byPosition = [...events].sort((a, b) => comparePositions(a.position, b.position));
  const late = new Set<string>();
  let latestStart = -Infinity;
  for (const event of byPosition) {
    const { start, end } = occurredInterval(event.occurredAt, event.occurredPrecision);
    if (end <= latestStart) late.add(event.id);
    latestStart = Math.max(latestStart, start);
  }
  return late;
}

/** Positions are decimal strings (BigInt in the API): compare them without losing digits. */
export function comparePositions(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}
