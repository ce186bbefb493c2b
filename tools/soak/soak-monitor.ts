/**
 * What the soak watches from outside the service, on Linux: its resident memory (VmRSS in
 * /proc/PID/status), its V8 heap (from a Node diagnostic report the service writes when sent
 * SIGUSR2: it runs with `--report-on-signal`, nothing else in it changes), and the CPU time of the
 * service, of PostgreSQL (the postmaster and its backends) and of the whole machine (/proc/stat),
 * so the report can say how much of the machine other processes took during the run.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Clock ticks a second of /proc's CPU times (USER_HZ: 100 on Linux x86-64 and arm64). */
const HZ = 100;

export function rssBytes(pid: number): number {
  const match = /^VmRSS:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) * 1024 : 0;
}

/** Node options that make the service write a compact diagnostic report into `dir` on SIGUSR2. */
export function heapReportOptions(dir: string): string {
  return `--report-on-signal --report-signal=SIGUSR2 --report-compact --report-directory=${dir}`;
}

export interface HeapFigures {
  usedBytes: number;
  totalBytes: number;
}

/**
 * Asks the service (started with heapReportOptions(dir)) for a report and reads its heap figures;
 * the report (which also lists the environment) is deleted as soon as it is read. null when none
 * came within the timeout.
 */
export async function heapFigures(pid: number, dir: string, timeoutMs = 5_000): Promise<HeapFigures | null> {
  const before = new Set(fs.readdirSync(dir));
  process.kill(pid, 'SIGUSR2');
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
    const fresh = fs.readdirSync(dir).filter((f) => !before.has(f) && f.endsWith('.json'));
    for (const file of fresh) {
      const full = path.join(dir, file);
      try {
        const report = JSON.parse(fs.readFileSync(full, 'utf8')) as {
          javascriptHeap?: { usedMemory: number; totalMemory: number };
        };
        fs.rmSync(full, { force: true });
        if (report.javascriptHeap)
          return { usedBytes: report.javascriptHeap.usedMemory, totalBytes: report.javascriptHeap.totalMemory };
      } catch {
        // still being written: read it at the next turn
      }
    }
  }
  return null;
}

/** utime, stime, cutime, cstime of a process, in seconds (null when it is gone or not ours to see). */
function processSeconds(pid: number, withChildren: boolean): number | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces: the fields after it start after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // fields[0] is field 3 (state): utime is field 14, stime 15, cutime 16, cstime 17.
    const [utime, stime, cutime, cstime] = [11, 12, 13, 14].map((i) => Number(fields[i]));
    return (utime + stime + (withChildren ? cutime + cstime : 0)) / HZ;
  } catch {
    return null;
  }
}

function parentOf(pid: number): number | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return null;
  }
}

/**
 * CPU seconds of a PostgreSQL server running on this machine: the postmaster with the children it
 * has reaped (backends of closed connections), plus its live children.
 */
export function postgresSeconds(postmaster: number): number | null {
  const own = processSeconds(postmaster, true);
  if (own === null) return null;
  let children = 0;
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    if (parentOf(pid) === postmaster) children += processSeconds(pid, false) ?? 0;
  }
  return own + children;
}

/** The postmaster's pid, from one of its background processes' parent (null when the server is not on this machine). */
export function postmasterOf(backgroundPid: number): number | null {
  const parent = parentOf(backgroundPid);
  return parent !== null && parent > 1 ? parent : null;
}

/** Busy and total CPU seconds of the whole machine since boot (all cores), from /proc/stat. */
function machineSeconds(): { busy: number; total: number } {
  const line = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0];
  const [user, nice, system, idle, iowait, irq, softirq, steal] = line.trim().split(/\s+/).slice(1).map(Number);
  const total = user + nice + system + idle + iowait + irq + softirq + steal;
  return { busy: (total - idle - iowait) / HZ, total: total / HZ };
}

export interface CpuSnapshot {
  atMs: number;
  service: number | null;
  postgres: number | null;
  soak: number;
  machineBusy: number;
  loadAverage: number;
}

export function cpuSnapshot(servicePid: number, postmaster: number | null): CpuSnapshot {
  const usage = process.cpuUsage();
  return {
    atMs: performance.now(),
    service: processSeconds(servicePid, true),
    postgres: postmaster === null ? null : postgresSeconds(postmaster),
    soak: (usage.user + usage.system) / 1e6,
    machineBusy: machineSeconds().busy,
    loadAverage: os.loadavg()[0],
  };
}

/** Average cores each used between two snapshots; `others`: the rest of the machine's busy time. */
export interface CpuShares {
  seconds: number;
  service: number | null;
  postgres: number | null;
  soak: number;
  machine: number;
  others: number | null;
  cores: number;
}

export function cpuShares(a: CpuSnapshot, b: CpuSnapshot): CpuShares {
  const seconds = (b.atMs - a.atMs) / 1000;
  const per = (x: number | null, y: number | null) => (x === null || y === null ? null : (y - x) / seconds);
  const service = per(a.service, b.service);
  const postgres = per(a.postgres, b.postgres);
  const soak = (b.soak - a.soak) / seconds;
  const machine = (b.machineBusy - a.machineBusy) / seconds;
  const others = service === null || postgres === null ? null : Math.max(0, machine - service - postgres - soak);
  return { seconds, service, postgres, soak, machine, others, cores: os.cpus().length };
}
