import { Progress, type ProgressMode, progressBar, progressMode, thousands } from './progress.js';

/** A Progress on a stream that records what was written, on a clock the test moves. */
function recorder(mode: ProgressMode, options: { everyMs?: number; clock?: boolean } = {}) {
  let now = 0;
  const written: string[] = [];
  const progress = new Progress({
    label: 'import',
    mode,
    stream: { write: (text: string) => written.push(text) },
    now: () => now,
    ...options,
  });
  return {
    progress,
    written,
    text: () => written.join(''),
    advance: (ms: number) => {
      now += ms;
    },
  };
}

describe('progressMode', () => {
  it('is a status line on a terminal, lines when asked for elsewhere, else nothing', () => {
    expect(progressMode({ write: () => true, isTTY: true })).toBe('tty');
    expect(progressMode({ write: () => true, isTTY: true }, true)).toBe('tty');
    expect(progressMode({ write: () => true }, true)).toBe('lines');
    expect(progressMode({ write: () => true })).toBe('off');
  });
});

describe('Progress', () => {
  it('lines: one line per update, at most one per interval, the text computed only when shown', () => {
    const r = recorder('lines', { everyMs: 5_000 });
    let computed = 0;
    const update = (text: string) =>
      r.progress.update(() => {
        computed++;
        return text;
      });
    update('1,000 lines read');
    r.advance(4_999);
    update('2,000 lines read');
    expect(r.written).toEqual([]);
    r.advance(1);
    update('120,000 lines read, 40,000 written');
    r.advance(1_000);
    update('130,000 lines read');
    expect(r.written).toEqual(['import: 120,000 lines read, 40,000 written\n']);
    expect(computed).toBe(1);
    r.progress.done('done: 130,000 lines');
    expect(r.written[1]).toBe('import: done: 130,000 lines\n');
  });

  it('tty: one status line rewritten in place, cleared at the end; a line that stays goes above it', () => {
    const r = recorder('tty');
    r.advance(200);
    r.progress.update('reading events: 1,000 rows');
    r.advance(200);
    r.progress.update('reading events: 2,000 rows');
    expect(r.text()).toBe('\r\x1b[2Kimport: reading events: 1,000 rows\r\x1b[2Kimport: reading events: 2,000 rows');
    r.progress.line('a step');
    expect(r.written.at(-1)).toBe('\r\x1b[2Kimport: a step\n');
    r.advance(200);
    r.progress.update('reading actors: 3 rows');
    r.progress.done();
    expect(r.written.at(-1)).toBe('\r\x1b[2K');
    r.progress.done();
    expect(r.written).toHaveLength(5); // nothing more to clear
  });

  it('off: writes nothing, not even the last line', () => {
    const r = recorder('off');
    r.advance(60_000);
    r.progress.update('x');
    r.progress.line('y');
    r.progress.done('z');
    expect(r.written).toEqual([]);
  });

  it('clock: each line begins with the label and the time of day', () => {
    const r = recorder('lines', { clock: true });
    r.progress.line('importing events 0..1000');
    expect(r.text()).toMatch(/^\[import \d{2}:\d{2}:\d{2}\] importing events 0\.\.1000\n$/);
  });
});

describe('progressBar and thousands', () => {
  it('draw a bar of 30 with the counts', () => {
    expect(progressBar(0, 4)).toBe(`[${'.'.repeat(30)}] 0/4`);
    expect(progressBar(2, 4)).toBe(`[${'#'.repeat(15)}${'.'.repeat(15)}] 2/4`);
    expect(progressBar(4_000, 4_000)).toBe(`[${'#'.repeat(30)}] 4,000/4,000`);
    expect(progressBar(0, 0)).toBe(`[${'#'.repeat(30)}] 0/0`);
    expect(thousands(120000)).toBe('120,000');
    expect(thousands(12345678901234567890n)).toBe('12,345,678,901,234,567,890');
  });
});
