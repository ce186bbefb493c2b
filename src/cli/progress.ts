/**
 * How the tools report progress, on stderr (stdout is for results: an export's bytes, a report).
 * Three ways, chosen once per run:
 *
 * - `tty`: one status line rewritten in place (`\r`, erase line), at most every 200 ms; cleared, or
 *   replaced by a last line, at the end. The default when stderr is a terminal.
 * - `lines`: one line per update, `import: 120,000 lines read, 40,000 written`, at most one every
 *   few seconds (a log or CI keeps them all). When progress is asked for (--progress) and stderr is
 *   not a terminal, and for the bench and the soak, whose lines are their journal.
 * - `off`: nothing. The default when stderr is not a terminal, so that a script or a test that
 *   reads stderr sees errors only.
 *
 *   const progress = new Progress({ label: 'import', mode: progressMode(process.stderr, flags.progress) });
 *   progress.update(() => `${thousands(read)} lines read`);   // shown only when due
 *   progress.done();                                      // clears the status line
 */

export type ProgressMode = 'tty' | 'lines' | 'off';

/** Where progress goes: a stream such as process.stderr. */
export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
}

/** `tty` on a terminal; else `lines` when progress was asked for, `off` when not. */
export function progressMode(stream: ProgressStream, requested = false): ProgressMode {
  if (stream.isTTY === true) return 'tty';
  return requested ? 'lines' : 'off';
}

export interface ProgressOptions {
  /** what reports: `import`, `bench` */
  label: string;
  /** progressMode(stream) unless given */
  mode?: ProgressMode;
  /** process.stderr unless given */
  stream?: ProgressStream;
  /** the least time between two updates shown: 200 ms as a status line, 5 s as lines, unless given */
  everyMs?: number;
  /** each line begins `[bench 14:02:07]` (the time of day, UTC) rather than `bench: ` */
  clock?: boolean;
  /** milliseconds, for the specs (performance.now unless given) */
  now?: () => number;
}

const ERASE_LINE = '\r\x1b[2K';

/** 120000 → "120,000" */
export function thousands(n: number | bigint): string {
  return n.toLocaleString('en-US');
}

/** `[#########.....................] 1,000/3,000` */
export function progressBar(done: number, total: number, width = 30): string {
  const filled = total > 0 ? Math.max(0, Math.min(width, Math.round((done / total) * width))) : width;
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${thousands(done)}/${thousands(total)}`;
}

export class Progress {
  readonly mode: ProgressMode;
  private readonly stream: ProgressStream;
  private readonly everyMs: number;
  private readonly now: () => number;
  private last: number;
  /** a status line is on the terminal (tty) */
  private showing = false;

  constructor(private readonly options: ProgressOptions) {
    this.stream = options.stream ?? process.stderr;
    this.mode = options.mode ?? progressMode(this.stream);
    this.everyMs = options.everyMs ?? (this.mode === 'tty' ? 200 : 5_000);
    this.now = options.now ?? (() => performance.now());
    this.last = this.now();
  }

  /** Shows where the work is, when an update is due (the text is computed only then). */
  update(text: string | (() => string)): void {
    if (this.mode === 'off') return;
    const now = this.now();
    if (now - this.last < this.everyMs) return;
    this.last = now;
    const line = this.prefix() + (typeof text === 'function' ? text() : text);
    if (this.mode === 'tty') {
      this.stream.write(ERASE_LINE + line);
      this.showing = true;
    } else this.stream.write(`${line}\n`);
  }

  /** A line that stays (a step begun, a figure), whenever it comes; under the status line's place on a terminal. */
  line(text: string): void {
    if (this.mode === 'off') return;
    this.stream.write(`${this.mode === 'tty' && this.showing ? ERASE_LINE : ''}${this.prefix()}${text}\n`);
    this.showing = false;
  }

  /** The end: the status line cleared; `text`, when given, left as the last line. */
  done(text?: string): void {
    if (text !== undefined) this.line(text);
    else if (this.showing) this.stream.write(ERASE_LINE);
    this.showing = false;
  }

  private prefix(): string {
    return this.options.clock
      ? `[${this.options.label} ${new Date().toISOString().slice(11, 19)}] `
      : `${this.options.label}: `;
  }
}
