import type { ResultRow } from './bench-context.js';
import { growthTable, report, resultTable } from './bench-report.js';

const rows: ResultRow[] = [
  {
    path: 'export NDJSON',
    measure: 'events/s',
    size: 10_000,
    value: 50_000,
    unit: 'events/s',
    baseline: 80_000,
    ratio: 0.625,
    target: '≥ 0.5',
    met: true,
  },
  {
    path: 'export NDJSON',
    measure: 'events/s',
    size: 1_000_000,
    value: 40_000,
    unit: 'events/s',
    baseline: 100_000,
    ratio: 0.4,
    target: '≥ 0.5',
    met: false,
  },
  { path: 'subscriptions', measure: 'delivery p99', size: 10_000, value: 12.5, unit: 'ms' },
];

describe('bench report', () => {
  it('writes one row per figure, with baseline, ratio, target and whether it was met', () => {
    const table = resultTable(rows).split('\n');
    expect(table[2]).toBe(
      '| export NDJSON | events/s | 10k | 50,000 events/s | 80,000 events/s | 0.625 | ≥ 0.5 | yes |',
    );
    expect(table[3]).toContain('| 1M |');
    expect(table[3]).toContain('| **no** |');
    expect(table[4]).toBe('| subscriptions | delivery p99 | 10k | 12.5 ms |  |  |  |  |');
  });

  it('compares each path across sizes', () => {
    const growth = growthTable(rows).split('\n');
    expect(growth[0]).toBe('| path | measure | 10k | 1M | largest ÷ smallest |');
    expect(growth[2]).toBe('| export NDJSON | events/s | 50,000 events/s | 40,000 events/s | 0.8 |');
    expect(growth).toHaveLength(3); // subscriptions was measured at one size only
  });

  it('names the machine and the command', () => {
    const text = report(
      { cpu: 'Test CPU', cores: 2, memoryGiB: 24, node: 'v20.20.2', postgres: '18.0', os: 'Linux' },
      'npm run bench',
      '2026-11-26',
      rows,
      ['a note'],
    );
    expect(text).toContain('`npm run bench`');
    expect(text).toContain('Test CPU, 2 cores');
    expect(text).toContain('PostgreSQL 18.0');
    expect(text).toContain('- a note');
  });
});
