/**
 * Bulk import of events from NDJSON (see import-line.ts for the line format), in two passes:
 *
 * 1. **Validate everything, write nothing.** The input is read as a stream, line by line (memory
 *    bounded: a line is at most MAX_LINE_BYTES, and the checked lines are spooled to a temporary
 *    file rather than held). Every line is checked: UTF-8, size, JSON, shape, envelope and payload
 *    exactly as the store checks them, and every actor it names must be registered. One error
 *    anywhere and nothing is written: the report lists the errors (line, path, reason).
 * 2. **Write in order, in atomic chunks.** Each 500 lines (of any streams) are one transaction
 *    (EventStoreService.appendAll: consecutive lines of one stream are one append in it), so a
 *    commit, and its flush to disk, is paid per 500 events, not per stream. What only the log can tell (referenced events and
 *    streams, expected versions, ids stored with other content) is checked by the store per
 *    chunk. The first chunk the store refuses stops the import: every line before it is written
 *    (or was already stored), it and every line after it are not, and the report says so exactly
 *    (ranges of lines written and already stored, the first line not written, the errors of the
 *    refused chunk with line numbers and paths).
 *
 * Idempotent by event id: lines whose ids are stored with the same content are reported as already
 * stored and append nothing, so running an import again (or again after fixing a refused line)
 * writes only what is missing. Lines without `event.id` get a fresh id on every run: give ids for
 * imports that can be repeated.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ActorsService } from '../actors/actors.service.js';
import { DomainError, type FieldError, ValidationFailed } from '../common/domain-error.js';
import { type AppendInput, MAX_EVENTS_PER_APPEND } from '../events/append/append-input.js';
import { EventStoreService, type PreparedAppends } from '../events/event-store.service.js';
import { type EventLine, type LineError, MAX_LINE_BYTES, linePath, parseEventLine, readLines } from './import-line.js';

/** At most this many errors are listed in a report (errorCount counts them all). */
export const MAX_REPORTED_ERRORS = 1000;
/** Imports that write at least this many events refresh the planner's statistics at the end. */
const ANALYZE_AFTER = 5_000;
/** Lines checked against the actors table at a time (and at most this many bytes of them held). */
const ACTOR_CHECK_BATCH = 1000;
const ACTOR_CHECK_BYTES = 16 * 1024 * 1024;

export interface ImportProgress {
  phase: 'validate' | 'write';
  linesRead: number;
  eventsWritten: number;
  eventsAlreadyStored: number;
}

export interface ImportOptions {
  /** Recorded in each appended event's metadata as `appendedBy`. */
  keyName: string;
  /**
   * Write nothing: pass 1, then pass 2 rehearsed in a transaction that is rolled back, so that
   * every check of a real import runs (references, streams, expected versions), as appendEvents'
   * validateOnly does.
   */
  dryRun?: boolean;
  /** Aborted (with the reason as its error) when the import must stop writing: its key was revoked. Checked before each chunk. */
  signal?: AbortSignal;
  onProgress?: (progress: ImportProgress) => void;
}

export type LineRange = [first: number, last: number];

export interface EventImportReport {
  /** True when every event line is now in the log (written by this run or already stored). */
  ok: boolean;
  dryRun: boolean;
  appendedBy: string;
  /** 'validation': refused before anything was written; 'write': a chunk was refused while writing. */
  stoppedAt: 'validation' | 'write' | null;
  /** Lines read, blank ones included. */
  lines: number;
  blankLines: number;
  eventLines: number;
  /** Events appended by this run. */
  written: number;
  /** Dry run: events a real import would append now (0 otherwise). */
  wouldWrite: number;
  /** Events that were already stored with the same id and content (nothing appended for them). */
  alreadyStored: number;
  /** Event lines neither written nor already stored. */
  notWritten: number;
  /** The lines of the events appended by this run, as ranges [first, last] of line numbers (a blank line splits a range). */
  writtenLines: LineRange[];
  alreadyStoredLines: LineRange[];
  firstLineWritten: number | null;
  lastLineWritten: number | null;
  /** When the import stopped in pass 2: this line and every later one were not written. */
  firstLineNotWritten: number | null;
  /** Positions of the events appended by this run (null when none). */
  positions: { first: string | null; last: string | null };
  logHead: { before: string; after: string };
  /** Event lines without an id: each run appends them again with fresh ids. */
  linesWithoutId: number;
  errorCount: number;
  /** The first MAX_REPORTED_ERRORS errors, in line order. */
  errors: LineError[];
  message: string;
}

interface Spooled {
  l: number;
  f: EventLine['format'];
  s: string;
  v: number | null;
  i: string | null;
  e: EventLine['event'];
}

@Injectable()
export class EventImporter {
  constructor(
    @Inject(EventStoreService) private readonly store: EventStoreService,
    @Inject(ActorsService) private readonly actors: ActorsService,
  ) {}

  async import(input: AsyncIterable<Uint8Array | string>, options: ImportOptions): Promise<EventImportReport> {
    const report: EventImportReport = {
      ok: false,
      dryRun: options.dryRun ?? false,
      appendedBy: options.keyName,
      stoppedAt: null,
      lines: 0,
      blankLines: 0,
      eventLines: 0,
      written: 0,
      wouldWrite: 0,
      alreadyStored: 0,
      notWritten: 0,
      writtenLines: [],
      alreadyStoredLines: [],
      firstLineWritten: null,
      lastLineWritten: null,
      firstLineNotWritten: null,
      positions: { first: null, last: null },
      logHead: { before: await this.store.lastPosition(), after: '' },
      linesWithoutId: 0,
      errorCount: 0,
      errors: [],
      message: '',
    };
    const progress = (phase: ImportProgress['phase']) =>
      options.onProgress?.({
        phase,
        linesRead: report.lines,
        eventsWritten: report.written,
        eventsAlreadyStored: report.alreadyStored,
      });
    const spool = await Spool.open();
    try {
      await this.validate(input, spool, report, progress);
      if (report.errorCount > 0) {
        report.stoppedAt = 'validation';
        report.notWritten = report.eventLines;
      } else if (report.dryRun) {
        await this.store.rehearse((tx) => this.write(spool, report, options, progress, tx));
        rehearsed(report);
      } else {
        await this.write(spool, report, options, progress);
        // A bulk load changes the log's shape faster than autovacuum notices: plan the next reads on fresh statistics.
        if (report.written >= ANALYZE_AFTER) await this.store.analyze();
      }
    } finally {
      await spool.close();
    }
    report.errors.sort((a, b) => a.line - b.line);
    report.logHead.after = await this.store.lastPosition();
    report.ok =
      report.errorCount === 0 && (report.dryRun || report.written + report.alreadyStored === report.eventLines);
    report.message = describe(report);
    return report;
  }

  /** Pass 1: every line checked; the good ones spooled (only while no error has been seen). */
  private async validate(
    input: AsyncIterable<Uint8Array | string>,
    spool: Spool,
    report: EventImportReport,
    progress: (phase: 'validate') => void,
  ): Promise<void> {
    let pending: EventLine[] = [];
    let pendingBytes = 0;
    const flush = async () => {
      const batch = pending;
      pending = [];
      pendingBytes = 0;
      await this.checkActors(batch, report);
      if (report.errorCount > 0) return;
      const records = batch.map((line): Spooled => ({
        l: line.line,
        f: line.format,
        s: line.streamId,
        v: line.expectedVersion,
        i: line.id,
        e: line.event,
      }));
      await spool.append(records.map((record) => `${JSON.stringify(record)}\n`).join(''));
    };
    let lastProgress = 0;
    for await (const raw of readLines(input, MAX_LINE_BYTES)) {
      report.lines = raw.line;
      const parsed = parseEventLine(raw);
      if (parsed.kind === 'blank') {
        report.blankLines++;
        continue;
      }
      report.eventLines++;
      if (parsed.kind === 'error') {
        addErrors(report, parsed.errors);
        continue;
      }
      if (parsed.value.id === null) report.linesWithoutId++;
      pending.push(parsed.value);
      pendingBytes += 'bytes' in raw ? raw.bytes.length : 0;
      if (pending.length >= ACTOR_CHECK_BATCH || pendingBytes >= ACTOR_CHECK_BYTES) await flush();
      if (report.lines - lastProgress >= 1000) {
        lastProgress = report.lines;
        progress('validate');
      }
    }
    await flush();
    progress('validate');
  }

  private async checkActors(batch: EventLine[], report: EventImportReport): Promise<void> {
    const ids = [...new Set(batch.flatMap((line) => line.actorRefs.map((ref) => ref.id)))];
    if (ids.length === 0) return;
    const known = await this.actors.byIds(ids, { primary: true });
    for (const line of batch) {
      const errors = line.actorRefs
        .filter((ref) => !known.has(ref.id))
        .map((ref) => ({ line: line.line, path: ref.path, reason: `unknown actor "${ref.id}"` }));
      if (errors.length > 0) addErrors(report, errors);
    }
  }

  /**
   * Pass 2: chunks of up to 500 lines, each one atomic write; stops at the first refused chunk.
   * The next chunk is read from the spool and checked (prepareAppends: what needs no database)
   * while this one's statements run, so the import's CPU and the database's work overlap.
   */
  private async write(
    spool: Spool,
    report: EventImportReport,
    { keyName, signal }: ImportOptions,
    progress: (phase: 'write') => void,
    tx?: EntityManager,
  ): Promise<void> {
    const chunks = chunksOf(spool);
    const ahead = async (): Promise<Ahead | null> => {
      const next = await chunks.next();
      if (next.done) return null;
      const chunk = next.value;
      // Checked as if no line were stored yet (a first import); writeChunk checks again otherwise.
      const prepared = await this.store.prepareAppends(appendInputs(runsOf(chunk))).catch(() => null);
      return { chunk, prepared };
    };
    let next = ahead();
    try {
      for (;;) {
        const current = await next;
        if (current === null) break;
        const { chunk } = current;
        if (signal?.aborted) {
          // The key was revoked: this chunk and every later one are not written.
          report.firstLineNotWritten = chunk[0].l;
          const reason = signal.reason instanceof Error ? signal.reason.message : 'the import was stopped';
          addErrors(report, [
            {
              line: chunk[0].l,
              path: 'authorization',
              reason: `${reason}: this line and every later one were not written`,
            },
          ]);
          report.stoppedAt = 'write';
          break;
        }
        next = ahead();
        // Not awaited if the write below fails: `finally` waits for it then.
        next.catch(() => undefined);
        const written = await this.writeChunk(current, report, keyName, tx);
        progress('write');
        if (!written) {
          report.stoppedAt = 'write';
          break;
        }
      }
    } finally {
      // A look-ahead still checking when the import stopped early (a refused chunk, a revoked key, an
      // error) ends before the import answers, and its failure is not an unhandled rejection.
      await next.catch(() => null);
    }
    report.notWritten = report.eventLines - report.written - report.alreadyStored;
  }

  /**
   * One chunk: the lines already stored are counted as such; the new ones, as appends of runs of
   * consecutive lines of one stream, go into one transaction (appendAll). False when the store refused it.
   */
  private async writeChunk(
    { chunk, prepared }: Ahead,
    report: EventImportReport,
    keyName: string,
    tx?: EntityManager,
  ): Promise<boolean> {
    const ids = chunk.map((line) => line.i).filter((id): id is string => id !== null);
    const stored = new Set((await this.store.findByIds(ids, tx)).map((event) => event.id));
    const isStored = (line: Spooled) => line.i !== null && stored.has(line.i);
    const fresh = chunk.filter((line) => !isStored(line));
    const runs = runsOf(fresh);
    const countStored = (before: number) => {
      for (const line of chunk) {
        if (line.l >= before) break;
        if (isStored(line)) {
          report.alreadyStored++;
          addRange(report.alreadyStoredLines, line.l, line.l);
        }
      }
    };
    if (runs.length === 0) {
      countStored(Number.POSITIVE_INFINITY);
      return true;
    }
    try {
      // The look-ahead's checks hold when no line of the chunk was stored (the same runs); else check again.
      const inputs = prepared && fresh.length === chunk.length ? prepared : appendInputs(runs);
      const outcomes = tx
        ? await this.store.appendAllInTransaction(tx, inputs, { keyName }, { returnEvents: false })
        : await this.store.appendAll(inputs, { keyName }, { returnEvents: false });
      countStored(Number.POSITIVE_INFINITY);
      report.written += fresh.length;
      for (const line of fresh) addRange(report.writtenLines, line.l, line.l);
      report.firstLineWritten ??= fresh[0].l;
      report.lastLineWritten = fresh[fresh.length - 1].l;
      report.positions.first ??= outcomes[0].firstPosition;
      report.positions.last = outcomes.reduce(
        (max, o) => (BigInt(o.lastPosition) > BigInt(max) ? o.lastPosition : max),
        '0',
      );
      return true;
    } catch (error) {
      report.firstLineNotWritten = fresh[0].l;
      countStored(fresh[0].l);
      addErrors(report, chunkErrors(error, runs));
      return false;
    }
  }
}

/** A chunk of pass 2, with its database-free checks when they passed ahead of its write (null: not done, or refused). */
interface Ahead {
  chunk: Spooled[];
  prepared: PreparedAppends | null;
}

/** The spooled lines, in chunks of up to MAX_EVENTS_PER_APPEND. */
async function* chunksOf(spool: Spool): AsyncGenerator<Spooled[]> {
  let chunk: Spooled[] = [];
  for await (const raw of readLines(spool.chunks(), Number.MAX_SAFE_INTEGER)) {
    if (!('bytes' in raw) || raw.bytes.length === 0) continue;
    chunk.push(JSON.parse(raw.bytes.toString('utf8')) as Spooled);
    if (chunk.length >= MAX_EVENTS_PER_APPEND) {
      yield chunk;
      chunk = [];
    }
  }
  if (chunk.length > 0) yield chunk;
}

/** Runs of one stream whose expected versions follow on (a line without one fits any run of its stream). */
function runsOf(lines: Spooled[]): Spooled[][] {
  const runs: Spooled[][] = [];
  for (const line of lines) {
    const run = runs[runs.length - 1];
    const fits =
      run &&
      run[0].s === line.s &&
      run.length < MAX_EVENTS_PER_APPEND &&
      (line.v === null || (run[0].v !== null && line.v === run[0].v + run.length));
    if (fits) run.push(line);
    else runs.push([line]);
  }
  return runs;
}

/** The store's inputs for runs of lines: one append per run. */
function appendInputs(runs: Spooled[][]): AppendInput[] {
  return runs.map((run) => ({ streamId: run[0].s, expectedVersion: run[0].v, events: run.map((line) => line.e) }));
}

/**
 * The checked lines between the two passes, in a temporary file that is removed from its folder as
 * soon as it is open: it lives as long as the handle, so a process killed mid-import leaves nothing
 * behind. (Where an open file cannot be removed, close() removes it.)
 */
class Spool {
  private size = 0;

  private constructor(
    private readonly handle: fs.promises.FileHandle,
    private readonly dir: string,
  ) {}

  static async open(): Promise<Spool> {
    const dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'diplomacy-import-'));
    const handle = await fs.promises.open(path.join(dir, 'lines.ndjson'), 'w+');
    await fs.promises.rm(dir, { recursive: true, force: true }).catch(() => undefined);
    return new Spool(handle, dir);
  }

  async append(text: string): Promise<void> {
    const data = Buffer.from(text);
    for (let offset = 0; offset < data.length;) {
      offset += (await this.handle.write(data, offset, data.length - offset, this.size + offset)).bytesWritten;
    }
    this.size += data.length;
  }

  /** Everything appended, from the start, in chunks. */
  async *chunks(chunkSize = 256 * 1024): AsyncGenerator<Buffer> {
    for (let at = 0; at < this.size;) {
      const buffer = Buffer.allocUnsafe(Math.min(chunkSize, this.size - at));
      const { bytesRead } = await this.handle.read(buffer, 0, buffer.length, at);
      if (bytesRead === 0) return;
      at += bytesRead;
      yield buffer.subarray(0, bytesRead);
    }
  }

  async close(): Promise<void> {
    await this.handle.close().catch(() => undefined);
    await fs.promises.rm(this.dir, { recursive: true, force: true });
  }
}

/** The store's errors for a chunk, as line errors (`inputs[k].events[i]` → the i-th line of run k). */
function chunkErrors(error: unknown, runs: Spooled[][]): LineError[] {
  const first = runs[0][0];
  const lineAt = (path: string): { line: Spooled; rest: string } => {
    const match = /^(?:inputs\[(\d+)\]\.)?(events\[(\d+)\].*)$/.exec(path);
    if (!match) return { line: first, rest: path };
    const run = runs[Number(match[1] ?? 0)] ?? runs[0];
    return { line: run[Number(match[3])] ?? run[0], rest: match[2] };
  };
  const fieldErrors: FieldError[] | undefined =
    error instanceof ValidationFailed
      ? error.errors
      : error instanceof DomainError && Array.isArray(error.details.errors)
        ? (error.details.errors as FieldError[])
        : undefined;
  if (fieldErrors && fieldErrors.length > 0) {
    return fieldErrors
      .map((e) => {
        const { line, rest } = lineAt(e.path);
        return { line: line.l, path: linePath(line.f, rest), reason: e.reason };
      })
      .sort((a, b) => a.line - b.line);
  }
  if (error instanceof DomainError) {
    const line =
      error.code === 'WRONG_EXPECTED_VERSION' ? (runs[Number(error.details.input ?? 0)] ?? runs[0])[0] : first;
    const versionPath = line.f === 'export' ? 'stream_version' : 'expectedVersion';
    const reason =
      error.code === 'WRONG_EXPECTED_VERSION'
        ? `${error.message} (the lines from here are not written)`
        : `${error.code}: ${error.message}`;
    return [{ line: line.l, path: error.code === 'WRONG_EXPECTED_VERSION' ? versionPath : '', reason }];
  }
  return [
    { line: first.l, path: '', reason: `not written: ${error instanceof Error ? error.message : String(error)}` },
  ];
}

/**
 * After a rehearsed pass 2: what it wrote was rolled back. The counts become what a real import
 * would write (`wouldWrite`); nothing was written, and the positions it took were given back.
 */
function rehearsed(report: EventImportReport): void {
  report.wouldWrite = report.written;
  report.written = 0;
  report.writtenLines = [];
  report.firstLineWritten = null;
  report.lastLineWritten = null;
  report.positions = { first: null, last: null };
  report.notWritten = report.eventLines - report.alreadyStored;
}

function addErrors(report: { errorCount: number; errors: LineError[] }, errors: LineError[]): void {
  report.errorCount += errors.length;
  for (const error of errors) if (report.errors.length < MAX_REPORTED_ERRORS) report.errors.push(error);
}

function addRange(ranges: LineRange[], first: number, last: number): void {
  const previous = ranges[ranges.length - 1];
  if (previous && previous[1] + 1 >= first) previous[1] = last;
  else ranges.push([first, last]);
}

function ranges(list: LineRange[]): string {
  return list.map(([a, b]) => (a === b ? `${a}` : `${a}-${b}`)).join(', ');
}

function describe(report: EventImportReport): string {
  const parts: string[] = [];
  if (report.stoppedAt === 'validation') {
    parts.push(`${report.errorCount} error(s) in ${report.eventLines} event line(s); nothing written`);
  } else if (report.dryRun) {
    parts.push(
      report.stoppedAt === 'write'
        ? `dry run: line ${report.firstLineNotWritten} would be refused (errors listed); nothing written`
        : `dry run: every check passed; ${report.wouldWrite} event(s) would be written, ${report.alreadyStored} already stored; nothing written`,
    );
  } else {
    parts.push(
      `${report.written} event(s) written${report.written ? ` (lines ${ranges(report.writtenLines)}; positions ${report.positions.first}-${report.positions.last})` : ''}`,
    );
    parts.push(
      `${report.alreadyStored} already stored${report.alreadyStored ? ` (lines ${ranges(report.alreadyStoredLines)})` : ''}`,
    );
    if (report.stoppedAt === 'write')
      parts.push(`${report.notWritten} not written (line ${report.firstLineNotWritten} and every later event line)`);
  }
  if (report.linesWithoutId > 0)
    parts.push(
      `${report.linesWithoutId} line(s) without event.id got fresh ids: importing them again appends them again`,
    );
  return parts.join('; ');
}
