/**
 * The soak's report (pure): a Markdown section between `<!-- soak -->` and `<!-- /soak -->`, kept in
 * BENCHMARKS.md after the bench's analysis mark (npm run bench rewrites what comes before that
 * mark and keeps what follows), replaced on every run.
 */
import { ANALYSIS_MARK, type Machine } from '../bench/bench-report.js';
import { figure } from '../bench/bench-stats.js';
import type { CpuShares } from './soak-monitor.js';
import type { FlatRule, Trend, Verdict } from './soak-checks.js';

export const SOAK_START = '<!-- soak -->';
export const SOAK_END = '<!-- /soak -->';

export interface OpFigures {
  label: string;
  count: number;
  errors: number;
  /** milliseconds from the operation's turn to its answer read to the end */
  p50: number;
  p99: number;
  max: number;
}

export interface MinuteFigures {
  minute: number;
  ops: number;
  errors: number;
  p50: number;
  p99: number;
  rssMean: number;
  /** cores the service used in the minute */
  serviceCpu: number;
  /** cores the rest of the machine used (neither the service, PostgreSQL nor the soak) */
  othersCpu: number;
  /** the furthest the read models were behind the log's head (events), sampled every 2 s */
  maxLag: number;
}

export interface Check {
  name: string;
  ok: boolean;
  detail: string;
}

export interface MemorySeries {
  name: string;
  samples: number;
  /** the first sample of the run and the highest */
  first: number;
  peak: number;
  trend: Trend | null;
  rule: FlatRule;
  verdict: Verdict;
}

export interface SoakResult {
  machine: Machine;
  command: string;
  date: string;
  serviceUrl: string;
  minutes: number;
  rate: number;
  /** how long the operations were sent for, and the rate they were sent at */
  seconds: number;
  dispatched: number;
  late: number;
  skipped: number;
  maxInFlight: number;
  inFlightLimit: number;
  dispatchLagP99: number;
  /** the furthest the read models were behind the log's head, in events, sampled every 2 s from PostgreSQL */
  maxProjectionLag: number;
  ops: OpFigures[];
  byMinute: MinuteFigures[];
  errors: { total: number; shown: string[] };
  /** the seed's import, and how long the eventAppended subscribers took to replay it from position 0 (before the load) */
  seed: { events: number; seconds: number; replaySeconds: number; replaying: number };
  appended: { events: number; requests: number; retries: number };
  head: number;
  subscribers: Array<{ kind: string; count: number; messages: number }>;
  exports: { full: number; incremental: number; rows: number };
  warmupSeconds: number;
  memory: MemorySeries[];
  cpu: CpuShares | null;
  load: { before: number; after: number };
  checks: Check[];
}

export function passed(result: Pick<SoakResult, 'checks'>): boolean {
  return result.checks.every((c) => c.ok);
}

const mb = (bytes: number) => `${figure(bytes / 1024 / 1024)} MB`;
/** cores as a percentage of one core */
const percent = (x: number) => (Number.isNaN(x) ? '–' : `${figure(x * 100)} %`);
const cores = (x: number | null) => (x === null ? '–' : `${figure(x * 100)} % of a core`);

function memoryTable(result: SoakResult): string {
  const lines = [
    '| series | samples | first sample | peak | after warm-up: first → last | first quarter → last quarter (mean) | first quarter → last quarter (minimum) | slope | verdict |',
    '|---|---|---|---|---|---|---|---|---|',
  ];
  for (const m of result.memory) {
    const t = m.trend;
    const verdict = m.verdict.judged ? `${m.verdict.flat ? 'flat' : '**growing**'}: ${m.verdict.why}` : m.verdict.why;
    lines.push(
      `| ${m.name} | ${m.samples} | ${mb(m.first)} | ${mb(m.peak)} | ${t ? `${mb(t.first)} → ${mb(t.last)}` : '–'} | ${t ? `${mb(t.firstQuarterMean)} → ${mb(t.lastQuarterMean)}` : '–'} | ${t ? `${mb(t.firstQuarterMin)} → ${mb(t.lastQuarterMin)}` : '–'} | ${t ? `${mb(t.slopePerMinute)}/min` : '–'} | ${verdict} |`,
    );
  }
  return lines.join('\n');
}

export function renderSoakSection(r: SoakResult): string {
  const ok = passed(r);
  const achieved = r.dispatched / r.seconds;
  const cpu = r.cpu;
  const busyNote =
    cpu && cpu.others !== null
      ? cpu.others >= 0.25
        ? `**Other processes were busy during the run**: they used ${figure(cpu.others)} of the ${cpu.cores} cores on average (load average ${figure(r.load.before)} before, ${figure(r.load.after)} after); the latencies above are those of a shared machine.`
        : `Other processes used ${figure(cpu.others)} of the ${cpu.cores} cores on average (load average ${figure(r.load.before)} before, ${figure(r.load.after)} after).`
      : `Load average ${figure(r.load.before)} before, ${figure(r.load.after)} after.`;
  const opRows = r.ops.map(
    (o) =>
      `| ${o.label} | ${o.count.toLocaleString('en-US')} | ${o.errors} | ${figure(o.p50)} ms | ${figure(o.p99)} ms | ${figure(o.max)} ms |`,
  );
  const total = r.ops.reduce((a, o) => a + o.count, 0);
  return [
    SOAK_START,
    '## Soak',
    '',
    `Written by \`${r.command}\` on ${r.date}. ${ok ? '**Passed**: every check held.' : '**Failed**: see the checks marked no.'}`,
    '',
    `The service (\`dist/main.js\` in production mode, as \`npm start\` runs it, rate limits off) on loopback only (${r.serviceUrl}), on a fresh PostgreSQL seeded with ${r.seed.events.toLocaleString('en-US')} synthetic events through the import CLI (${figure(r.seed.seconds)} s). The subscribers connected and the ${r.seed.replaying} \`eventAppended(afterPosition: "0")\` ones replayed those events (${figure(r.seed.replaySeconds)} s); then ${figure(r.minutes)} min of mixed operations sent at a fixed rate (open loop: each at its turn, whatever the answers before it take), with the subscriptions open throughout.`,
    '',
    `- Machine: ${r.machine.cpu}, ${r.machine.cores} cores, ${r.machine.memoryGiB} GiB; ${r.machine.os}; Node ${r.machine.node}; PostgreSQL ${r.machine.postgres}.`,
    `- ${busyNote}`,
    cpu
      ? `- CPU during the load: the service ${cores(cpu.service)}, PostgreSQL ${cores(cpu.postgres)}, the soak's own load generator ${cores(cpu.soak)}; the whole machine ${figure(cpu.machine)} of ${cpu.cores} cores.`
      : '',
    '',
    '### Load',
    '',
    `- Target rate ${figure(r.rate)} operations/s for ${figure(r.seconds)} s: ${r.dispatched.toLocaleString('en-US')} sent (${figure(achieved)}/s achieved), ${r.late} sent late (more than 50 ms after their turn), ${r.skipped} skipped (${r.inFlightLimit} already in flight); at most ${r.maxInFlight} in flight; dispatch lag p99 ${figure(r.dispatchLagP99)} ms. The read models were at most ${r.maxProjectionLag.toLocaleString('en-US')} events behind the log (sampled every 2 s).`,
    `- Appended: ${r.appended.events.toLocaleString('en-US')} events in ${r.appended.requests.toLocaleString('en-US')} appends (and ${r.appended.retries} retries that appended nothing, as they must); the log went from ${r.seed.events.toLocaleString('en-US')} to ${r.head.toLocaleString('en-US')} events.`,
    `- Subscribers: ${r.subscribers.map((s) => `${s.count} × ${s.kind} (${s.messages.toLocaleString('en-US')} messages)`).join(', ')}.`,
    `- Exports: ${r.exports.full} of the whole log and ${r.exports.incremental} incremental, ${r.exports.rows.toLocaleString('en-US')} rows read back and counted.`,
    `- Errors: ${r.errors.total}.${r.errors.shown.length ? ` First ${r.errors.shown.length}:` : ''}`,
    ...r.errors.shown.map((e) => `  - \`${e.replace(/`/g, "'")}\``),
    '',
    "Latency is from each operation's turn to its answer read to the end (exports: the whole body).",
    '',
    '| operation | count | errors | p50 | p99 | max |',
    '|---|---|---|---|---|---|',
    ...opRows,
    `| all | ${total.toLocaleString('en-US')} | ${r.ops.reduce((a, o) => a + o.errors, 0)} | | | |`,
    '',
    ...(r.byMinute.length > 1
      ? [
          "Minute by minute (by the operations' turns):",
          '',
          "| minute | operations | errors | p50 | p99 | service CPU | other processes' CPU | read models behind, at most | mean RSS |",
          '|---|---|---|---|---|---|---|---|---|',
          ...r.byMinute.map(
            (m) =>
              `| ${m.minute} | ${m.ops.toLocaleString('en-US')} | ${m.errors} | ${figure(m.p50)} ms | ${figure(m.p99)} ms | ${percent(m.serviceCpu)} | ${percent(m.othersCpu)} | ${m.maxLag.toLocaleString('en-US')} events | ${Number.isNaN(m.rssMean) ? '–' : mb(m.rssMean)} |`,
          ),
          '',
        ]
      : []),
    '### Checks',
    '',
    '| check | held | detail |',
    '|---|---|---|',
    ...r.checks.map(
      (c) => `| ${c.name} | ${c.ok ? 'yes' : '**no**'} | ${c.detail.replace(/\|/g, '\\|').replace(/\n/g, ' ')} |`,
    ),
    '',
    '### Memory',
    '',
    `The service's resident memory (VmRSS from /proc) every few seconds and its V8 heap in use (from a Node diagnostic report it writes on SIGUSR2) less often, from the start of the load; the first ${figure(r.warmupSeconds)} s are warm-up (connection pools, caches, V8 sizing its heap). After it, flat means: a least-squares slope at most the stated figure, and at most the stated growth from the first quarter of the samples to the last (RSS: of their means; heap: of their minima, the floor after collections).`,
    '',
    memoryTable(r),
    SOAK_END,
  ]
    .filter((line, i, all) => !(line === '' && all[i - 1] === ''))
    .join('\n');
}

/**
 * The file with the soak's section in place: replacing the one already there, else added at the end;
 * always after the bench's analysis mark (a section found before it is moved after it).
 */
export function placeSoakSection(existing: string | null, section: string): string {
  let text = existing ?? '';
  const start = text.indexOf(SOAK_START);
  const end = text.indexOf(SOAK_END);
  const mark = text.indexOf(ANALYSIS_MARK);
  if (start !== -1 && end > start && mark !== -1 && start > mark) {
    return text.slice(0, start) + section + text.slice(end + SOAK_END.length);
  }
  if (start !== -1 && end > start) text = text.slice(0, start) + text.slice(end + SOAK_END.length).replace(/^\n+/, '');
  if (!text.includes(ANALYSIS_MARK))
    text = `${text}${text && !text.endsWith('\n') ? '\n' : ''}${text ? '\n' : ''}${ANALYSIS_MARK}\n`;
  return `${text.replace(/\n*$/, '\n')}\n${section}\n`;
}
