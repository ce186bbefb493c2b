/**
 * The timeline's horizontal scale: a window of time [from, to) drawn across a width in pixels,
 * zoomed around a point, panned, fitted to events, with tick marks at round UTC times. Pure.
 */
import { DAY, HOUR, MONTHS, formatDay, type Interval } from './event-time.js';

export interface TimeWindow {
  from: number;
  to: number;
}

export const MIN_SPAN = HOUR;
export const MAX_SPAN = 200 * 365 * DAY;

export function toX(window: TimeWindow, width: number, t: number): number {
  return ((t - window.from) / (window.to - window.from)) * width;
}

export function toTime(window: TimeWindow, width: number, x: number): number {
  return window.from + (x / width) * (window.to - window.from);
}

/** Zoom by `factor` (below 1 zooms in) keeping `anchor` where it is; the span stays within an hour and 200 years. */
export function zoom(window: TimeWindow, factor: number, anchor = (window.from + window.to) / 2): TimeWindow {
  const span = window.to - window.from;
  const next = Math.min(MAX_SPAN, Math.max(MIN_SPAN, span * factor));
  const share = (anchor - window.from) / span;
  const from = Math.round(anchor - share * next);
  return { from, to: from + Math.round(next) };
}

/** The window between two pixels of the axis (a range dragged out with Shift), at least MIN_SPAN wide around its middle. */
export function windowBetween(window: TimeWindow, width: number, x0: number, x1: number): TimeWindow {
  const a = toTime(window, width, Math.min(x0, x1));
  const b = toTime(window, width, Math.max(x0, x1));
  if (b - a >= MIN_SPAN) return { from: Math.round(a), to: Math.round(b) };
  const middle = (a + b) / 2;
  return { from: Math.round(middle - MIN_SPAN / 2), to: Math.round(middle - MIN_SPAN / 2) + MIN_SPAN };
}

export function pan(window: TimeWindow, deltaMs: number): TimeWindow {
  const delta = Math.round(deltaMs);
  return { from: window.from + delta, to: window.to + delta };
}

/** A window that shows every interval with a margin; `now` and a month before it when there are none. */
export function fit(intervals: readonly Interval[], now: number): TimeWindow {
  if (intervals.length === 0) return { from: now - 30 * DAY, to: now + DAY };
  let from = Infinity;
  let to = -Infinity;
  for (const { start, end } of intervals) {
    from = Math.min(from, start);
    to = Math.max(to, end);
  }
  const margin = Math.max(6 * HOUR, (to - from) * 0.04);
  return { from: from - margin, to: to + margin };
}

export interface Tick {
  t: number;
  label: string;
  /** A tick that starts a larger unit (a day among hours, a year among months): drawn stronger. */
  major: boolean;
}

type Step = { kind: 'fixed'; ms: number } | { kind: 'months'; n: number } | { kind: 'years'; n: number };

type Rung = { approx: number; step: Step };

const STEPS: Rung[] = [
  ...[1, 3, 6, 12].map((h): Rung => ({ approx: h * HOUR, step: { kind: 'fixed', ms: h * HOUR } })),
  ...[1, 2].map((d): Rung => ({ approx: d * DAY, step: { kind: 'fixed', ms: d * DAY } })),
  { approx: 7 * DAY, step: { kind: 'fixed', ms: 7 * DAY } },
  ...[1, 3, 6].map((n): Rung => ({ approx: n * 30 * DAY, step: { kind: 'months', n } })),
  ...[1, 2, 5, 10, 25, 50].map((n): Rung => ({ approx: n * 365 * DAY, step: { kind: 'years', n } })),
];

/** Ticks at round UTC times, at least `minSpacing` pixels apart. */
export function ticks(window: TimeWindow, width: number, minSpacing = 80): Tick[] {
  const span = window.to - window.from;
  const wanted = (span / Math.max(1, width)) * minSpacing;
  const { step } = STEPS.find((s) => s.approx >= wanted) ?? STEPS[STEPS.length - 1];
  const out: Tick[] = [];
  if (step.kind === 'fixed') {
    // Weeks start on Mondays (1970-01-05 was one); shorter steps on multiples of themselves.
    const origin = step.ms === 7 * DAY ? 4 * DAY : 0;
    let t = Math.ceil((window.from - origin) / step.ms) * step.ms + origin;
    for (; t < window.to && out.length < 500; t += step.ms) {
      const d = new Date(t);
      const midnight = d.getUTCHours() === 0;
      const label =
        step.ms < DAY && !midnight
          ? `${String(d.getUTCHours()).padStart(2, '0')}:00`
          : formatDay(t).replace(/ \d{4}$/, '');
      out.push({
        t,
        label: midnight && d.getUTCDate() === 1 && d.getUTCMonth() === 0 ? formatDay(t) : label,
        major: step.ms < DAY ? midnight : d.getUTCDate() === 1,
      });
    }
    return out;
  }
  const start = new Date(window.from);
  let year = start.getUTCFullYear();
  let month = step.kind === 'months' ? Math.ceil(start.getUTCMonth() / step.n) * step.n : 0;
  if (month >= 12) {
    month -= 12;
    year += 1;
  }
  if (step.kind === 'years') year = Math.ceil(year / step.n) * step.n;
  for (;;) {
    const t = Date.UTC(year, month, 1);
    if (t >= window.to || out.length >= 500) break;
    if (t >= window.from) {
      out.push(
        step.kind === 'months'
          ? { t, label: month === 0 ? String(year) : `${MONTHS[month]} ${year}`, major: month === 0 }
          : { t, label: String(year), major: year % (step.n * 5) === 0 },
      );
    }
    if (step.kind === 'months') {
      month += step.n;
      if (month >= 12) {
        month -= 12;
        year += 1;
      }
    } else {
      year += step.n;
    }
  }
  return out;
}
