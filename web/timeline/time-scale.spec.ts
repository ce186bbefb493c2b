import { MIN_SPAN, fit, pan, ticks, toTime, toX, windowBetween, zoom } from './time-scale.js';

const at = (iso: string) => Date.parse(iso);
const week = { from: at('2025-03-11T00:00:00Z'), to: at('2025-03-20T00:00:00Z') };

describe('time scale', () => {
  it('maps time to pixels and back', () => {
    expect(toX(week, 900, at('2025-03-15T12:00:00Z'))).toBe(450);
    expect(toTime(week, 900, 450)).toBe(at('2025-03-15T12:00:00Z'));
  });

  it('zooms around the anchor, which stays at the same pixel', () => {
    const anchor = at('2025-03-18T14:00:00Z');
    const before = toX(week, 1000, anchor);
    const zoomed = zoom(week, 0.5, anchor);
    expect(zoomed.to - zoomed.from).toBe((week.to - week.from) / 2);
    expect(toX(zoomed, 1000, anchor)).toBeCloseTo(before, 3);
  });

  it('does not zoom in below an hour', () => {
    let w = week;
    for (let i = 0; i < 40; i += 1) w = zoom(w, 0.5);
    expect(w.to - w.from).toBe(MIN_SPAN);
  });

  it('zooms to a range dragged out in either direction, never narrower than an hour', () => {
    expect(windowBetween(week, 900, 700, 800)).toEqual({
      from: at('2025-03-18T00:00:00Z'),
      to: at('2025-03-19T00:00:00Z'),
    });
    expect(windowBetween(week, 900, 800, 700)).toEqual(windowBetween(week, 900, 700, 800));
    // One pixel is 14.4 minutes here: the window becomes an hour around the middle of that pixel.
    const middle = at('2025-03-15T12:00:00Z') + 432_000;
    expect(windowBetween(week, 900, 450, 451)).toEqual({ from: middle - MIN_SPAN / 2, to: middle + MIN_SPAN / 2 });
  });

  it('pans by a time delta', () => {
    expect(pan(week, 3_600_000)).toEqual({ from: week.from + 3_600_000, to: week.to + 3_600_000 });
  });

  it('fits intervals with a margin, and shows the last month when there are none', () => {
    const w = fit(
      [
        { start: at('2025-03-11T00:00:00Z'), end: at('2025-03-12T00:00:00Z') },
        { start: at('2025-03-19T00:00:00Z'), end: at('2025-03-20T00:00:00Z') },
      ],
      0,
    );
    expect(w.from).toBeLessThan(at('2025-03-11T00:00:00Z'));
    expect(w.to).toBeGreaterThan(at('2025-03-20T00:00:00Z'));
    const empty = fit([], at('2026-01-31T00:00:00Z'));
    expect(empty.from).toBe(at('2026-01-01T00:00:00Z'));
  });

  it('puts ticks at round UTC times, far enough apart', () => {
    const days = ticks(week, 900, 80);
    expect(days.map((t) => t.label)).toEqual([
      '11 Mar',
      '12 Mar',
      '13 Mar',
      '14 Mar',
      '15 Mar',
      '16 Mar',
      '17 Mar',
      '18 Mar',
      '19 Mar',
    ]);
    const hours = ticks({ from: at('2025-03-18T10:30:00Z'), to: at('2025-03-18T17:00:00Z') }, 800, 80);
    expect(hours[0]).toEqual({ t: at('2025-03-18T11:00:00Z'), label: '11:00', major: false });
    const years = ticks({ from: at('2019-06-01T00:00:00Z'), to: at('2026-06-01T00:00:00Z') }, 700, 80);
    expect(years.map((t) => t.label)).toEqual(['2020', '2021', '2022', '2023', '2024', '2025', '2026']);
    const months = ticks({ from: at('2024-11-15T00:00:00Z'), to: at('2025-04-01T00:00:00Z') }, 800, 80);
    expect(months.map((t) => t.label)).toEqual(['Dec 2024', '2025', 'Feb 2025', 'Mar 2025']);
    // Quarters from mid-November start at the next January, not at a thirteenth month.
    const quarters = ticks({ from: at('2024-11-15T00:00:00Z'), to: at('2025-12-01T00:00:00Z') }, 500, 80);
    expect(quarters.map((t) => t.label)).toEqual(['2025', 'Apr 2025', 'Jul 2025', 'Oct 2025']);
    expect(quarters[0].major).toBe(true);
    const halves = ticks({ from: at('2021-08-01T00:00:00Z'), to: at('2024-08-01T00:00:00Z') }, 600, 80);
    expect(halves.map((t) => t.label)).toEqual(['2022', 'Jul 2022', '2023', 'Jul 2023', '2024', 'Jul 2024']);
  });
});
