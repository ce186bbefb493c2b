/** Durations with bounds: [min, max] seconds and a short human text ("52m", "0-1h", "8h 59m-1d 9h"). */

export interface Duration {
  minSeconds: number;
  maxSeconds: number;
  text: string;
}

const UNITS: Array<[string, number]> = [
  ['d', 86_400],
  ['h', 3_600],
  ['m', 60],
  ['s', 1],
];

/** "1d 2h", "52m", "0s": at most the two largest non-zero units. */
export function humanSeconds(seconds: number): string {
  if (seconds <= 0) return '0s';
  const parts: string[] = [];
  let rest = seconds;
  for (const [unit, size] of UNITS) {
    const n = Math.floor(rest / size);
    if (n > 0) {
      parts.push(`${n}${unit}`);
      rest -= n * size;
    }
    if (parts.length === 2) break;
  }
  return parts.join(' ');
}

export function duration(minMs: number, maxMs: number): Duration {
  const minSeconds = Math.max(0, Math.floor(minMs / 1000));
  const maxSeconds = Math.max(minSeconds, Math.ceil(maxMs / 1000));
  return { minSeconds, maxSeconds, text: durationText(minSeconds, maxSeconds) };
}

function durationText(min: number, max: number): string {
  if (min === max) return humanSeconds(min);
  // In the largest unit the maximum reaches, when both ends are whole in it: "0-1d", "2-3h", "0-30m";
  // else each end in its own words: "8h 59m-1d 9h".
  const [unit, size] = UNITS.find(([, s]) => max >= s) ?? UNITS[UNITS.length - 1];
  if (min % size === 0 && max % size === 0) return `${min / size}-${max / size}${unit}`;
  return `${humanSeconds(min)}-${humanSeconds(max)}`;
}
