/** The bench's report: the machine, the command, one table of figures and ratios, and growth (pure but for the machine facts). */
import os from 'node:os';
import type { ResultRow } from './bench-context.js';
import { figure } from './bench-stats.js';

/**
 * In BENCHMARKS.md, everything after this line is kept when the bench writes the file again (a
 * hand-written analysis, and the soak's section: src/soak/soak-report.ts).
 */
export const ANALYSIS_MARK = '<!-- analysis (kept by npm run bench) -->';

export interface Machine {
  cpu: string;
  cores: number;
  memoryGiB: number;
  node: string;
  postgres: string;
  os: string;
}

export function thisMachine(postgres: string): Machine {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model ?? 'unknown',
    cores: cpus.length,
    memoryGiB: Math.round(os.totalmem() / 1024 ** 3),
    node: process.version,
    postgres,
    os: `${os.type()} ${os.release()}`,
  };
}

const sizeName = (n: number) => (n >= 1_000_000 ? `${n / 1_000_000}M` : n >= 1000 ? `${n / 1000}k` : String(n));

export function resultTable(rows: ResultRow[]): string {
  const lines = [
    '| path | measure | log size | value | baseline | ratio | target | met |',
    '|---|---|---|---|---|---|---|---|',
  ];
  for (const r of rows) {
    const met = r.met === undefined ? '' : r.met ? 'yes' : '**no**';
    lines.push(
      `| ${r.path} | ${r.measure} | ${sizeName(r.size)} | ${figure(r.value)} ${r.unit} | ${r.baseline === undefined ? '' : `${figure(r.baseline)} ${r.unit}`} | ${r.ratio === undefined ? '' : figure(r.ratio)} | ${r.target ?? ''} | ${met} |`,
    );
  }
  return lines.join('\n');
}

/** For each path and measure seen at several sizes: the figure at each size and largest ÷ smallest. */
export function growthTable(rows: ResultRow[]): string {
  const groups = new Map<string, ResultRow[]>();
  for (const r of rows) {
    if (r.path.startsWith('bulk import')) continue; // each size imports a different slice; its rate is in the table above
    const key = `${r.path} | ${r.measure}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  const sizes = [...new Set(rows.map((r) => r.size))].sort((a, b) => a - b);
  if (sizes.length < 2) return '';
  const lines = [
    `| path | measure | ${sizes.map(sizeName).join(' | ')} | largest ÷ smallest |`,
    `|---|---|${sizes.map(() => '---|').join('')}---|`,
  ];
  for (const [key, group] of groups) {
    if (group.length < 2) continue;
    const at = (size: number) => group.find((r) => r.size === size);
    const first = at(sizes[0]);
    const last = at(sizes[sizes.length - 1]);
    const change = first && last ? figure(last.value / first.value) : '';
    lines.push(
      `| ${key} | ${sizes.map((s) => (at(s) ? `${figure(at(s)!.value)} ${at(s)!.unit}` : '')).join(' | ')} | ${change} |`,
    );
  }
  return lines.join('\n');
}

export function report(machine: Machine, command: string, date: string, rows: ResultRow[], notes: string[]): string {
  const growth = growthTable(rows);
  return [
    '# Benchmarks',
    '',
    `Written by \`${command}\` on ${date}. Every ratio compares the service with a baseline measured in the same run on the same data (higher is better: throughput ÷ baseline throughput, or baseline time ÷ time).`,
    '',
    '## Machine',
    '',
    `- CPU: ${machine.cpu}, ${machine.cores} cores; memory ${machine.memoryGiB} GiB; ${machine.os}`,
    `- Node ${machine.node}; PostgreSQL ${machine.postgres}`,
    '',
    '## Results',
    '',
    resultTable(rows),
    ...(growth
      ? [
          '',
          '## Growth',
          '',
          'The same figures by log size (throughputs should not fall, nor latencies rise, beyond index depth).',
          '',
          growth,
        ]
      : []),
    ...(notes.length ? ['', '## Notes', '', ...notes.map((n) => `- ${n}`)] : []),
    '',
  ].join('\n');
}
