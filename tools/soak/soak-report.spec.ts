import { ANALYSIS_MARK } from '../bench/bench-report.js';
import { SOAK_END, SOAK_START, type SoakResult, passed, placeSoakSection, renderSoakSection } from './soak-report.js';

const MB = 1024 * 1024;
const section = (text: string) => `${SOAK_START}\n${text}\n${SOAK_END}`;

describe('placeSoakSection', () => {
  it('replaces the section where it is, after the analysis mark, keeping everything else', () => {
    const file = `# Benchmarks\ntable\n${ANALYSIS_MARK}\nanalysis\n\n${section('old')}\n\nafter\n`;
    expect(placeSoakSection(file, section('new'))).toBe(
      `# Benchmarks\ntable\n${ANALYSIS_MARK}\nanalysis\n\n${section('new')}\n\nafter\n`,
    );
  });

  it('adds the section at the end when the file has the mark but no section', () => {
    const file = `# Benchmarks\n${ANALYSIS_MARK}\nanalysis\n`;
    expect(placeSoakSection(file, section('new'))).toBe(`${file}\n${section('new')}\n`);
  });

  it('adds the mark first when the file has none, so npm run bench keeps the section', () => {
    expect(placeSoakSection('# Benchmarks\ntable', section('new'))).toBe(
      `# Benchmarks\ntable\n\n${ANALYSIS_MARK}\n\n${section('new')}\n`,
    );
    expect(placeSoakSection(null, section('new'))).toBe(`${ANALYSIS_MARK}\n\n${section('new')}\n`);
  });

  it('moves a section found before the mark to after it', () => {
    const file = `# Benchmarks\n${section('old')}\ntable\n${ANALYSIS_MARK}\nanalysis\n`;
    const placed = placeSoakSection(file, section('new'));
    expect(placed).toBe(`# Benchmarks\ntable\n${ANALYSIS_MARK}\nanalysis\n\n${section('new')}\n`);
    expect(placed.indexOf(SOAK_START)).toBeGreaterThan(placed.indexOf(ANALYSIS_MARK));
  });

  it('is stable: placing twice gives the same file', () => {
    const once = placeSoakSection(`# B\n${ANALYSIS_MARK}\nanalysis\n`, section('x'));
    expect(placeSoakSection(once, section('x'))).toBe(once);
  });
});

function result(over: Partial<SoakResult> = {}): SoakResult {
  return {
    machine: { cpu: 'Test CPU', cores: 2, memoryGiB: 24, node: 'v20', postgres: '18.4', os: 'Linux' },
    command: 'npm run soak -- --minutes 5',
    date: '2026-11-27 01:00 UTC',
    serviceUrl: 'http://127.0.0.1:4000',
    minutes: 5,
    rate: 50,
    seconds: 300,
    dispatched: 15_000,
    late: 2,
    skipped: 0,
    maxInFlight: 9,
    inFlightLimit: 200,
    dispatchLagP99: 3,
    maxProjectionLag: 40,
    ops: [{ label: 'read: ceasefires', count: 15_000, errors: 0, p50: 4, p99: 20, max: 50 }],
    byMinute: [1, 2, 3, 4, 5].map((minute) => ({
      minute,
      ops: 3_000,
      errors: 0,
      p50: 4,
      p99: 20,
      rssMean: 180 * MB,
      serviceCpu: 0.55,
      othersCpu: 0.1,
      maxLag: 40,
    })),
    errors: { total: 0, shown: [] },
    seed: { events: 5_000, seconds: 4, replaySeconds: 3, replaying: 22 },
    appended: { events: 10_000, requests: 3_000, retries: 200 },
    head: 15_000,
    subscribers: [{ kind: 'eventAppended', count: 20, messages: 300_000 }],
    exports: { full: 10, incremental: 200, rows: 200_000 },
    warmupSeconds: 60,
    memory: [
      {
        name: 'RSS',
        samples: 150,
        first: 150 * MB,
        peak: 220 * MB,
        trend: {
          samples: 120,
          first: 180 * MB,
          last: 181 * MB,
          firstQuarterMean: 180 * MB,
          lastQuarterMean: 181 * MB,
          firstQuarterMin: 170 * MB,
          lastQuarterMin: 171 * MB,
          min: 170 * MB,
          max: 200 * MB,
          slopePerMinute: 0.2 * MB,
          minutes: 4,
        },
        rule: { maxSlopePerMinute: 4 * MB, maxGrowth: 24 * MB, minMinutes: 2, useMinima: false },
        verdict: {
          judged: true,
          flat: true,
          growth: MB,
          why: 'slope 0.2 MB/min ≤ 4.0 MB/min; quarter means +1.0 MB ≤ +24.0 MB',
        },
      },
    ],
    cpu: { seconds: 300, service: 0.3, postgres: 0.2, soak: 0.1, machine: 0.7, others: 0.1, cores: 2 },
    load: { before: 0.5, after: 0.8 },
    checks: [{ name: 'no errors (HTTP, GraphQL, WebSocket, answers)', ok: true, detail: 'none' }],
    ...over,
  };
}

describe('renderSoakSection', () => {
  it('is one section between the markers with the machine, command, load, latencies, checks and memory', () => {
    const text = renderSoakSection(result());
    expect(text.startsWith(`${SOAK_START}\n## Soak\n`)).toBe(true);
    expect(text.endsWith(SOAK_END)).toBe(true);
    expect(text).toContain('Written by `npm run soak -- --minutes 5` on 2026-11-27 01:00 UTC. **Passed**');
    expect(text).toContain('Test CPU, 2 cores, 24 GiB');
    expect(text).toContain('PostgreSQL 18.4');
    expect(text).toContain('15,000 sent (50/s achieved)');
    expect(text).toContain('| read: ceasefires | 15,000 | 0 | 4 ms | 20 ms | 50 ms |');
    expect(text).toContain('| no errors (HTTP, GraphQL, WebSocket, answers) | yes | none |');
    expect(text).toContain('| RSS | 150 | 150 MB | 220 MB | 180 MB → 181 MB |');
    expect(text).toContain('Other processes used 0.1 of the 2 cores');
    expect(text).toContain('| 5 | 3,000 | 0 | 4 ms | 20 ms | 55 % | 10 % | 40 events | 180 MB |');
    expect(text).toContain('at most 40 events behind the log');
    expect(text).not.toMatch(/\n\n\n/);
  });

  it('says when it failed, and when other processes were busy', () => {
    const failed = result({
      checks: [{ name: 'no errors (HTTP, GraphQL, WebSocket, answers)', ok: false, detail: '1 errors | first: x' }],
      errors: { total: 1, shown: ['read: x: `boom`'] },
      cpu: { seconds: 300, service: 0.3, postgres: 0.2, soak: 0.1, machine: 1.9, others: 1.3, cores: 2 },
    });
    expect(passed(failed)).toBe(false);
    const text = renderSoakSection(failed);
    expect(text).toContain('**Failed**');
    expect(text).toContain('| no errors (HTTP, GraphQL, WebSocket, answers) | **no** | 1 errors \\| first: x |');
    expect(text).toContain("  - `read: x: 'boom'`");
    expect(text).toContain('**Other processes were busy during the run**: they used 1.3 of the 2 cores');
  });
});
