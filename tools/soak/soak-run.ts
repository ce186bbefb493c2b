/**
 * The soak itself (soak.cli.ts reads the command line and loads this): a bounded soak on loopback,
 * a fresh PostgreSQL (as the bench starts it) seeded with the synthetic
 * timeline through the import CLI, the service as `npm start` runs it (production mode, rate limits
 * off), then mixed reads, appends and exports at a fixed rate with long-lived subscriptions open
 * throughout. At the end: no error of any kind; the log exactly positions 1..N (count, sum and
 * checksums computed by PostgreSQL) with every appended id once at the position its append
 * answered; every subscriber got exactly what it must, in order; the read models caught up and equal
 * to a fresh build from the log; the service's memory flat after the warm-up. The report is printed
 * and written into BENCHMARKS.md between <!-- soak --> and <!-- /soak -->, after the bench's
 * analysis mark (soak-report.ts).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { Progress } from '../../src/cli/progress.js';
import { graphql, validTimeEnd } from '../bench/bench-context.js';
import {
  type BenchDatabase,
  type ChildServer,
  startBenchDatabase,
  startService,
  waitCaughtUp,
} from '../bench/bench-processes.js';
import { thisMachine } from '../bench/bench-report.js';
import { latencies } from '../bench/bench-stats.js';
import { importSyntheticTimeline } from '../bench/paths/import.bench.js';
import { type SyntheticLine, syntheticTimeline } from '../bench/synthetic-timeline.js';
import type { SoakArgs } from './soak-args.js';
import {
  type FlatRule,
  type Sample,
  differences,
  expectedLog,
  filteredDifferences,
  judgeFlat,
  trend,
} from './soak-checks.js';
import {
  appendedIds,
  checkpoints,
  compareWithFreshBuild,
  logFigures,
  projectionLag,
  retractedPositions,
  seededSubjects,
  serverBackgroundPid,
} from './soak-database.js';
import { MIX, type OpKind, SoakLoad } from './soak-load.js';
import {
  type CpuSnapshot,
  cpuShares,
  cpuSnapshot,
  heapFigures,
  heapReportOptions,
  postmasterOf,
  rssBytes,
} from './soak-monitor.js';
import {
  type Check,
  type MemorySeries,
  type MinuteFigures,
  type OpFigures,
  type SoakResult,
  passed,
  placeSoakSection,
  renderSoakSection,
} from './soak-report.js';
import { FixedRate, WeightedRoundRobin, dispatch } from './soak-schedule.js';
import { Subscriber, type SubscriberKind } from './soak-subscribers.js';

/** Events in the log before the load starts (through the import CLI). */
const SEED_EVENTS = 5_000;
const SUBSCRIBERS: Array<[SubscriberKind, number]> = [
  ['eventAppended', 20],
  ['eventAppended, default filter', 2],
  ['ceasefireChanged', 2],
  ['pledgeChanged', 2],
];
/** Operations waiting for their answers beyond which the next ones are skipped (the service has fallen far behind). */
const MAX_IN_FLIGHT = 200;
const RSS_EVERY_MS = 2_000;
const HEAP_EVERY_MS = 10_000;
const MB = 1024 * 1024;
/**
 * Flat, after the warm-up: RSS growing at most 4 MB a minute (a leak of 1 KB per operation at 50 a
 * second is 3 MB a minute) and its last quarter's mean at most 24 MB above its first's; the heap in use
 * at most 2 MB a minute and its floor (a quarter's lowest sample) at most 8 MB higher at the end.
 * Judged only when at least two minutes of samples follow the warm-up.
 */
const RSS_RULE: FlatRule = { maxSlopePerMinute: 4 * MB, maxGrowth: 24 * MB, minMinutes: 2, useMinima: false };
const HEAP_RULE: FlatRule = { maxSlopePerMinute: 2 * MB, maxGrowth: 8 * MB, minMinutes: 2, useMinima: true };

/** The soak's progress: a journal of its steps, one line each, and a line of figures every 10 to 30 s of the load. */
const journal = new Progress({ label: 'soak', mode: 'lines', clock: true });
const log = (line: string) => journal.line(line);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(what: string, timeoutMs: number, test: () => boolean | Promise<boolean>): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await test()) return true;
    await sleep(100);
  }
  log(`gave up waiting (${timeoutMs / 1000} s) for ${what}`);
  return false;
}

/** Runs the soak `args` describe (`command`: how it was asked for, for the report); 0 when every check held, else 1. */
export async function runSoak(args: SoakArgs, command: string): Promise<number> {
  const loadBefore = os.loadavg()[0];
  const errors: string[] = [];
  const error = (message: string) => {
    errors.push(message);
    if (errors.length <= 50) log(`ERROR ${message}`);
    else if (errors.length === 51) log('more errors: counted, not printed');
  };

  let database: BenchDatabase | undefined;
  let service: ChildServer | undefined;
  let pool: pg.Pool | undefined;
  const subscribers: Subscriber[] = [];
  const dirs: string[] = [];
  const cleanup = async () => {
    await Promise.all(subscribers.map((s) => s.close().catch(() => undefined)));
    await service?.stop();
    await pool?.end().catch(() => undefined);
    await database?.stop();
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  };
  const interrupted = () => {
    log('interrupted: stopping the service and PostgreSQL');
    void cleanup().finally(() => process.exit(130));
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);

  try {
    database = await startBenchDatabase(log);
    pool = new pg.Pool({ connectionString: database.url, max: 4 });
    pool.on('error', (e) => log(`database connection closed: ${e.message}`));

    // The seed: the synthetic timeline's first events, through the import CLI.
    const importDir = fs.mkdtempSync(path.join(os.tmpdir(), 'diplomacy-soak-import-'));
    dirs.push(importDir);
    log(`importing ${SEED_EVENTS} synthetic events`);
    const seedRun = await importSyntheticTimeline(database.url, importDir, 0, SEED_EVENTS);
    const seededHead = (await logFigures(pool)).head;
    if (seededHead !== SEED_EVENTS) throw new Error(`the import left ${seededHead} events, not ${SEED_EVENTS}`);
    const versions = new Map<string, number>();
    const seedIds: string[] = [];
    for (const line of syntheticTimeline(SEED_EVENTS)) {
      versions.set(line.streamId, (versions.get(line.streamId) ?? 0) + 1);
      seedIds.push(line.event.id);
    }
    // The timeline goes on where the seed stops: the appends of the soak.
    const timeline: Iterator<SyntheticLine> = syntheticTimeline(Number.MAX_SAFE_INTEGER);
    for (let i = 0; i < SEED_EVENTS; i++) timeline.next();

    const reportDir = fs.mkdtempSync(path.join(os.tmpdir(), 'diplomacy-soak-reports-'));
    dirs.push(reportDir);
    // SOAK_LOG_LEVEL=debug: the service's own log (to stderr) at that level, e.g. each projector batch.
    service = await startService(database.url, {
      RATE_LIMIT_IP: '0',
      MAX_CONNECTIONS_PER_ADDRESS: '0',
      RATE_LIMIT_KEY: '0',
      NODE_OPTIONS: heapReportOptions(reportDir),
      ...(process.env.SOAK_LOG_LEVEL ? { LOG_LEVEL: process.env.SOAK_LOG_LEVEL } : {}),
    });
    log(`service ${service.url} (pid ${service.pid})`);
    await waitCaughtUp(service, 120_000);
    const subjects = await seededSubjects(pool);
    const load = new SoakLoad(service.url, timeline, versions, await validTimeEnd(pool), {
      events: SEED_EVENTS,
      ids: seedIds,
      ...subjects,
    });

    const wsUrl = `${service.url.replace('http', 'ws')}/graphql`;
    const replayStarted = performance.now();
    for (const [kind, count] of SUBSCRIBERS) {
      for (let i = 1; i <= count; i++) subscribers.push(new Subscriber(`${kind} #${i}`, kind, wsUrl, error));
    }
    const allConnected = await Promise.race([
      Promise.all(subscribers.map((s) => s.connected)).then(() => true),
      sleep(30_000).then(() => false),
    ]);
    if (!allConnected) throw new Error('the subscribers did not all connect within 30 s');
    // The subscribers replay the seeded log from position 0 before the clock starts: the load then
    // begins on a service in its steady state, and the replay is a figure of its own.
    const replaying = subscribers.filter(
      (s) => s.kind === 'eventAppended' || s.kind === 'eventAppended, default filter',
    );
    const seededRetractions = await retractedPositions(pool);
    let lastLive = SEED_EVENTS;
    while (seededRetractions.has(lastLive)) lastLive--;
    const replayed = await until('the subscribers to replay the seeded log', 120_000, () =>
      replaying.every((s) => (s.trail?.last ?? 0) >= (s.kind === 'eventAppended' ? SEED_EVENTS : lastLive)),
    );
    if (!replayed) throw new Error(`the subscribers did not replay the ${SEED_EVENTS} seeded events within 120 s`);
    const replaySeconds = (performance.now() - replayStarted) / 1000;
    log(
      `${subscribers.length} subscribers connected; ${replaying.length} replayed the seeded log from position 0 in ${replaySeconds.toFixed(1)} s`,
    );

    // Monitors: RSS every 2 s, heap every 10 s, CPU at the start and end of the load.
    const background = await serverBackgroundPid(pool);
    const postmaster = background !== null && fs.existsSync(`/proc/${background}`) ? postmasterOf(background) : null;
    const rss: Sample[] = [];
    const heap: Sample[] = [];
    const started = performance.now();
    let gone = false;
    const serviceGone = (e: unknown) => {
      if (!gone)
        error(`the service (pid ${service!.pid}) cannot be sampled: ${e instanceof Error ? e.message : String(e)}`);
      gone = true;
    };
    /** beside RSS: CPU (the service's, PostgreSQL's, the soak's, the machine's), and the projections' lag read from PostgreSQL (not through the service) */
    const cpu: Array<{ atMs: number; snapshot: CpuSnapshot }> = [];
    const lags: Array<{ atMs: number; lag: number }> = [];
    const sampleRss = () => {
      const atMs = performance.now() - started;
      try {
        rss.push({ atMs, bytes: rssBytes(service!.pid) });
        cpu.push({ atMs, snapshot: cpuSnapshot(service!.pid, postmaster) });
      } catch (e) {
        serviceGone(e);
      }
      projectionLag(pool!).then(
        (lag) => lags.push({ atMs, lag }),
        () => undefined,
      );
    };
    sampleRss();
    const rssTimer = setInterval(sampleRss, RSS_EVERY_MS);
    let heapBusy = false;
    const sampleHeap = async () => {
      if (heapBusy || gone) return;
      heapBusy = true;
      try {
        const figures = await heapFigures(service!.pid, reportDir);
        if (figures) heap.push({ atMs: performance.now() - started, bytes: figures.usedBytes });
      } catch (e) {
        serviceGone(e);
      } finally {
        heapBusy = false;
      }
    };
    void sampleHeap();
    const heapTimer = setInterval(() => void sampleHeap(), HEAP_EVERY_MS);
    const cpuStart: CpuSnapshot = cpuSnapshot(service.pid, postmaster);

    // The load: operation i at start + i / rate, whatever the answers take.
    const schedule = new FixedRate(args.rate, args.minutes * 60_000);
    const mix = new WeightedRoundRobin<OpKind>(MIX);
    const ops = new Map<string, { samples: number[]; errors: number }>();
    /** every answered operation: its turn (ms after the start) and latency, for the figures by minute */
    const answered: Array<{ dueMs: number; ms: number; error: boolean; label: string }> = [];
    const opRow = (label: string) => {
      let row = ops.get(label);
      if (!row) ops.set(label, (row = { samples: [], errors: 0 }));
      return row;
    };
    let inFlight = 0;
    let maxInFlight = 0;
    let late = 0;
    let skipped = 0;
    let dispatched = 0;
    const dispatchLags: number[] = [];
    let idle: (() => void) | null = null;
    const progressEvery = Math.max(10_000, Math.min(30_000, schedule.durationMs / 10));
    const progress = new Progress({ label: 'soak', mode: 'lines', clock: true, everyMs: progressEvery });
    log(`load: ${args.rate} operations/s for ${args.minutes} min (${schedule.count} operations)`);
    for (let i = 0; i < schedule.count; i++) {
      const due = started + schedule.dueAt(i);
      const wait = due - performance.now();
      if (wait > 0) await sleep(wait);
      const kind = mix.next();
      const lag = performance.now() - due;
      const verdict = dispatch(lag, inFlight, MAX_IN_FLIGHT);
      if (verdict === 'skipped') {
        skipped++;
        continue;
      }
      if (verdict === 'late') late++;
      dispatchLags.push(lag);
      dispatched++;
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      load
        .run(kind)
        .then(
          (label) => {
            const ms = performance.now() - due;
            opRow(label).samples.push(ms);
            answered.push({ dueMs: due - started, ms, error: false, label });
          },
          (e: unknown) => {
            opRow(kind).errors++;
            answered.push({ dueMs: due - started, ms: performance.now() - due, error: true, label: kind });
            error(`${kind}: ${e instanceof Error ? e.message : String(e)}`.slice(0, 2_000));
          },
        )
        .finally(() => {
          if (--inFlight === 0) idle?.();
        });
      progress.update(() => {
        const elapsed = performance.now() - started;
        const recent = latencies(answered.filter((t) => t.dueMs >= elapsed - progressEvery).map((t) => t.ms));
        return (
          `${Math.round(elapsed / 1000)} s: ${dispatched} sent, ${inFlight} in flight, ${errors.length} errors, head ${load.lastAppendPosition}, ` +
          `RSS ${Math.round((rss[rss.length - 1]?.bytes ?? 0) / MB)} MB, latency p50 ${recent.p50.toFixed(0)} ms p99 ${recent.p99.toFixed(0)} ms`
        );
      });
    }
    const sendingSeconds = (performance.now() - started) / 1000;
    if (inFlight > 0) await Promise.race([new Promise<void>((r) => (idle = r)), sleep(120_000)]);
    if (inFlight > 0) error(`${inFlight} operations still unanswered 120 s after the last was sent`);
    const cpuEnd = cpuSnapshot(service.pid, postmaster);
    // SOAK_DUMP=FILE: every operation (turn in ms after the start, label, latency) and sample, as NDJSON, to look into a stall.
    if (process.env.SOAK_DUMP) {
      const lines = [
        ...answered.map((a) => ({ op: a.label, dueMs: Math.round(a.dueMs), ms: Math.round(a.ms), error: a.error })),
        ...rss.map((r) => ({ rss: r.bytes, atMs: Math.round(r.atMs) })),
        ...heap.map((h) => ({ heap: h.bytes, atMs: Math.round(h.atMs) })),
        ...cpu.map((c) => ({ cpu: c.snapshot, atMs: Math.round(c.atMs) })),
        ...lags.map((l) => ({ lag: l.lag, atMs: Math.round(l.atMs) })),
      ];
      fs.writeFileSync(process.env.SOAK_DUMP, lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
    }
    clearInterval(rssTimer);
    clearInterval(heapTimer);
    sampleRss();
    await sampleHeap();
    log(`load done: ${dispatched} sent in ${sendingSeconds.toFixed(1)} s, ${errors.length} errors`);

    // Drain: the read models and every subscriber reach the head.
    const checks: Check[] = [];
    const expectedHead = SEED_EVENTS + load.appendedEvents;
    await waitCaughtUp(service, 120_000).catch((e: Error) => error(`read models: ${e.message}`));
    const full = subscribers.filter((s) => s.kind === 'eventAppended');
    const filtered = subscribers.filter((s) => s.kind === 'eventAppended, default filter');
    await until('the subscribers to reach the head', 120_000, () =>
      full.every((s) => (s.trail?.last ?? 0) >= expectedHead),
    );
    // The filtered ones end at the last event not retracted; the change subscriptions at the projector's last change.
    await sleep(3_000);
    const figures = await logFigures(pool);
    const expected = expectedLog(expectedHead);

    const logDiff = differences(figures, expected);
    if (figures.head !== expectedHead) logDiff.push(`log_head ${figures.head} ≠ ${expectedHead}`);
    checks.push({
      name: 'the log is exactly positions 1..N',
      ok: logDiff.length === 0,
      detail: logDiff.length
        ? logDiff.join('; ')
        : `N = ${figures.count.toLocaleString('en-US')} = ${SEED_EVENTS.toLocaleString('en-US')} seeded + ${load.appendedEvents.toLocaleString('en-US')} appended; sum ${figures.sum.toLocaleString('en-US')}; MD5 of the positions ${figures.positionsMd5.slice(0, 12)}… as expected`,
    });

    const ids = await appendedIds(pool, load.appended);
    checks.push({
      name: 'every appended id is in the log once, where its append said',
      ok:
        ids.found === load.appended.size &&
        ids.rows === load.appended.size &&
        ids.misplaced.length === 0 &&
        load.appended.size === load.appendedEvents,
      detail: `${ids.found.toLocaleString('en-US')} of ${load.appended.size.toLocaleString('en-US')} ids found in ${ids.rows.toLocaleString('en-US')} rows; ${ids.misplaced.length} elsewhere${ids.misplaced.length ? `: ${ids.misplaced.slice(0, 3).join('; ')}` : ''}; ${load.retries} retries appended nothing`,
    });

    const badFull = full
      .map((s) => ({ s, diff: differences(s.trail!.figures(), figures) }))
      .filter((x) => x.diff.length > 0);
    checks.push({
      name: `each of ${full.length} eventAppended subscribers (from 0, retracted included) got 1..N in order, once each`,
      ok: full.length > 0 && badFull.length === 0,
      detail: badFull.length
        ? badFull
            .slice(0, 3)
            .map(
              (x) =>
                `${x.s.name}: ${x.diff.join(', ')} (${x.s.trail!.missing} missing, ${x.s.trail!.duplicatesOrReordered} repeated)`,
            )
            .join('; ')
        : `${full.length} × ${figures.count.toLocaleString('en-US')} events; MD5 of their position:id lines = the log's (${(figures.linesMd5 ?? '').slice(0, 12)}…)`,
    });

    const retracted = await retractedPositions(pool);
    const badFiltered = filtered
      .map((s) => ({ s, diff: filteredDifferences(s.trail!.kept ?? [], figures.head, retracted) }))
      .filter((x) => x.diff.length > 0);
    checks.push({
      name: `each of ${filtered.length} eventAppended subscribers with the default filter got every event not retracted, in order, once`,
      ok: badFiltered.length === 0,
      detail: badFiltered.length
        ? badFiltered.map((x) => `${x.s.name}: ${x.diff.join(', ')}`).join('; ')
        : `${filtered.map((s) => s.trail!.count.toLocaleString('en-US')).join(' and ')} events each; ${retracted.size} retracted events in the log`,
    });

    // Change subscriptions: the last state each delivered for a subject is the read model's final state.
    const changeProblems: string[] = [];
    let compared = 0;
    for (const s of subscribers.filter((x) => x.kind === 'ceasefireChanged' || x.kind === 'pledgeChanged')) {
      const pledge = s.kind === 'pledgeChanged';
      for (const [id, last] of s.lastById) {
        const query = pledge
          ? 'query($id: String!) { subject: pledge(id: $id) { id state madeAt brokenAt expiresAt } }'
          : 'query($id: String!) { subject: ceasefire(id: $id) { id state agreedAt effectiveFrom expiresAt } }';
        const now = await graphql<{ subject: unknown }>(service.url, query, { id });
        compared++;
        if (JSON.stringify(now.subject) !== JSON.stringify(last))
          changeProblems.push(
            `${s.name} ${id}: last delivered ${JSON.stringify(last)}, now ${JSON.stringify(now.subject)}`,
          );
      }
    }
    const changeMessages = subscribers.filter((x) => x.trail === null).reduce((a, x) => a + x.messages, 0);
    checks.push({
      name: 'ceasefireChanged / pledgeChanged: the last state delivered for each subject is its final state',
      ok: changeProblems.length === 0,
      detail: changeProblems.length
        ? changeProblems.slice(0, 3).join('; ')
        : `${changeMessages} changes delivered; ${compared} (subscriber, subject) pairs compared`,
    });

    const health = (await (await fetch(`${service.url}/health`)).json()) as {
      lastPosition: string;
      projections: Record<string, { position: string; lag: number }>;
    };
    const points = await checkpoints(pool);
    const lagging = Object.entries(health.projections ?? {}).filter(
      ([, p]) => Number(p.lag) !== 0 || Number(p.position) !== figures.head,
    );
    const checkpointOff = Object.entries(points).filter(([, p]) => p !== figures.head);
    checks.push({
      name: 'the read models caught up (lag 0 in /health, checkpoints at the head)',
      ok: lagging.length === 0 && checkpointOff.length === 0 && Number(health.lastPosition) === figures.head,
      detail: `/health: ${Object.entries(health.projections ?? {})
        .map(([n, p]) => `${n} at ${p.position}, lag ${p.lag}`)
        .join('; ')}; head ${health.lastPosition}`,
    });

    // Memory verdicts, before the service stops.
    const warmupMs = Math.min(0.2 * args.minutes * 60_000, 120_000);
    const series = (name: string, samples: Sample[], rule: FlatRule): MemorySeries => {
      const t = trend(samples, warmupMs);
      return {
        name,
        samples: samples.length,
        first: samples[0]?.bytes ?? 0,
        peak: Math.max(0, ...samples.map((s) => s.bytes)),
        trend: t,
        rule,
        verdict: judgeFlat(t, rule),
      };
    };
    const memory = [series('RSS', rss, RSS_RULE), series('V8 heap in use', heap, HEAP_RULE)];
    for (const m of memory) {
      checks.push({
        name: `memory flat after the warm-up: ${m.name}`,
        ok: !m.verdict.judged || m.verdict.flat,
        detail: m.verdict.why,
      });
    }

    const subscriberErrors = subscribers.reduce((a, s) => a + s.errors.length, 0);
    const rows: OpFigures[] = [...ops.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([label, row]) => ({
        label,
        ...latencies(row.samples),
        count: row.samples.length + row.errors,
        errors: row.errors,
      }));

    const delivered = new Map<SubscriberKind, number>();
    for (const s of subscribers) delivered.set(s.kind, (delivered.get(s.kind) ?? 0) + s.messages);
    // Stop the load's other half, then fold the read models afresh from the log and compare.
    await Promise.all(subscribers.map((s) => s.close()));
    subscribers.length = 0;
    log('comparing the read models with a fresh build from the log');
    const fresh = await compareWithFreshBuild(database.url);
    checks.push({
      name: 'the read models equal a fresh build from the log (buildFresh)',
      ok: fresh.every((f) => f.differing.length === 0 && f.rows === f.freshRows),
      detail: fresh
        .map(
          (f) =>
            `${f.projection}: ${f.rows} rows, ${f.freshRows} fresh, ${f.differing.length} differ${f.differing.length ? ` (${f.differing.slice(0, 5).join(', ')})` : ''}`,
        )
        .join('; '),
    });
    checks.unshift({
      name: 'no errors (HTTP, GraphQL, WebSocket, answers)',
      ok: errors.length === 0,
      detail: errors.length
        ? `${errors.length} errors (${subscriberErrors} from subscribers); first: ${errors[0].slice(0, 300)}`
        : 'none',
    });
    checks.splice(1, 0, {
      name: 'the fixed rate held (no operation skipped)',
      ok: skipped === 0,
      detail: `${dispatched.toLocaleString('en-US')} of ${schedule.count.toLocaleString('en-US')} sent, ${skipped} skipped, ${late} late`,
    });

    const result: SoakResult = {
      machine: thisMachine(database.serverVersion),
      command,
      date: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
      serviceUrl: service.url,
      minutes: args.minutes,
      rate: args.rate,
      seconds: sendingSeconds,
      dispatched,
      late,
      skipped,
      maxInFlight,
      inFlightLimit: MAX_IN_FLIGHT,
      dispatchLagP99: latencies(dispatchLags).p99,
      maxProjectionLag: Math.max(0, ...lags.map((l) => l.lag)),
      ops: rows,
      byMinute: byMinute(answered, rss, cpu, lags, args.minutes),
      errors: { total: errors.length, shown: errors.slice(0, 10) },
      seed: { events: SEED_EVENTS, seconds: seedRun.seconds, replaySeconds, replaying: replaying.length },
      appended: { events: load.appendedEvents, requests: load.appendRequests, retries: load.retries },
      head: figures.head,
      subscribers: SUBSCRIBERS.map(([kind, count]) => ({ kind, count, messages: delivered.get(kind) ?? 0 })),
      exports: { full: load.exportsFull, incremental: load.exportsIncremental, rows: load.exportRows },
      warmupSeconds: warmupMs / 1000,
      memory,
      cpu: cpuShares(cpuStart, cpuEnd),
      load: { before: loadBefore, after: os.loadavg()[0] },
      checks,
    };
    const section = renderSoakSection(result);
    process.stdout.write(`${section}\n`);
    if (args.out) {
      const existing = fs.existsSync(args.out) ? fs.readFileSync(args.out, 'utf8') : null;
      fs.writeFileSync(args.out, placeSoakSection(existing, section));
      log(`written to ${args.out}`);
    }
    const ok = passed(result);
    log(
      ok
        ? 'passed'
        : `FAILED: ${checks
            .filter((c) => !c.ok)
            .map((c) => c.name)
            .join('; ')}`,
    );
    return ok ? 0 : 1;
  } finally {
    process.removeListener('SIGINT', interrupted);
    process.removeListener('SIGTERM', interrupted);
    await cleanup();
  }
}

/** Operations, errors, latency and RSS minute by minute (of the load), to show a drift. */
function byMinute(
  timeline: Array<{ dueMs: number; ms: number; error: boolean; label: string }>,
  rss: Sample[],
  cpu: Array<{ atMs: number; snapshot: CpuSnapshot }>,
  lags: Array<{ atMs: number; lag: number }>,
  minutes: number,
): MinuteFigures[] {
  const out: MinuteFigures[] = [];
  const within = <T extends { atMs: number }>(xs: T[], m: number) =>
    xs.filter((x) => x.atMs >= m * 60_000 && x.atMs < (m + 1) * 60_000);
  for (let m = 0; m < Math.ceil(minutes); m++) {
    const inMinute = timeline.filter((t) => t.dueMs >= m * 60_000 && t.dueMs < (m + 1) * 60_000);
    const samples = within(rss, m);
    const cpuSamples = within(cpu, m);
    const lat = latencies(inMinute.filter((t) => !t.error).map((t) => t.ms));
    const first = cpuSamples[0];
    const last = cpuSamples[cpuSamples.length - 1];
    const shares = first && last && last.atMs > first.atMs ? cpuShares(first.snapshot, last.snapshot) : null;
    out.push({
      minute: m + 1,
      ops: inMinute.length,
      errors: inMinute.filter((t) => t.error).length,
      p50: lat.p50,
      p99: lat.p99,
      rssMean: samples.length ? samples.reduce((a, s) => a + s.bytes, 0) / samples.length : Number.NaN,
      serviceCpu: shares?.service ?? Number.NaN,
      othersCpu: shares?.others ?? Number.NaN,
      maxLag: Math.max(0, ...within(lags, m).map((l) => l.lag)),
    });
  }
  return out;
}
