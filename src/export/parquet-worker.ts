/**
 * Parquet encoding off the event loop: the rows go to a worker thread (parquet-encoder.worker.ts)
 * in batches and its bytes come back in order. At most MAX_IN_FLIGHT batches are with the worker at
 * once, and a batch is only read when the consumer asks for more bytes: memory stays bounded by a
 * few batches and one row group, whatever the size of the export. Ending the stream early (a
 * client gone, a revoked key's abort signal) or a failure terminates the worker, and a worker
 * failure becomes an error of the stream. An export that ends well leaves its worker idle for the
 * next one (one idle worker at most, which does not keep the process alive): its code stays
 * compiled. The bytes are those of createParquetStream on the same rows.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { DIST_DIR } from '../config/project-paths.js';
import type { ParquetColumn } from './parquet-writer.js';

export interface ParquetFile {
  columns: ParquetColumn[];
  metadata: Record<string, string>;
  rowGroupSize: number;
}

/** The start of a file, a batch of its rows, or (neither) its end. */
export interface ParquetWorkerRequest {
  start?: ParquetFile;
  rows?: Array<Record<string, unknown>>;
}

export type ParquetWorkerReply = { bytes: Uint8Array; error?: undefined } | { error: string };

/** Batches with the worker at once: one encoded while the next is read. */
const MAX_IN_FLIGHT = 2;

const WORKER_FILE = 'parquet-encoder.worker.js';

/** The worker's compiled file: beside this module in the build; the build's copy when this runs as TypeScript (tests). */
export function parquetWorkerFile(): URL {
  const sibling = new URL(`./${WORKER_FILE}`, import.meta.url);
  if (fs.existsSync(fileURLToPath(sibling))) return sibling;
  return pathToFileURL(path.join(DIST_DIR, 'export', WORKER_FILE));
}

let idle: Worker | null = null;

function checkOut(): Worker {
  const worker = idle ?? newWorker();
  idle = null;
  worker.ref();
  return worker;
}

function checkIn(worker: Worker): void {
  if (idle) void worker.terminate();
  else {
    worker.unref();
    idle = worker;
  }
}

/** Ends the idle worker (at shutdown: a thread the service started is ended by it). */
export async function stopIdleParquetWorker(): Promise<void> {
  const worker = idle;
  idle = null;
  await worker?.terminate();
}

/** The worker's heap: one row group of rows and their encoding, whatever the export's size. */
const WORKER_HEAP_MB = 128;
/**
 * Its young generation, below V8's default: the default kept 12–24 MB more resident in a whole
 * 1M-event export for no measured speed; 8 MB cost 14 % of the export's time (BENCHMARKS.md).
 */
const WORKER_YOUNG_MB = 16;

function newWorker(): Worker {
  const worker = new Worker(parquetWorkerFile(), {
    resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB, maxYoungGenerationSizeMb: WORKER_YOUNG_MB },
  });
  // An idle worker that fails is forgotten; the export that holds one hears of it by its own listeners.
  worker.on('error', () => undefined);
  worker.once('exit', () => {
    if (idle === worker) idle = null;
  });
  return worker;
}

/** The worker's answers, matched in order with the requests sent to it. */
class WorkerReplies {
  private readonly waiting: Array<{ resolve: (bytes: Uint8Array) => void; reject: (error: Error) => void }> = [];
  private failure: Error | null = null;

  constructor(
    private readonly worker: Worker,
    signal: AbortSignal | undefined,
  ) {
    worker.on('message', this.onMessage);
    worker.on('error', this.onError);
    this.onExit = (code: number) =>
      this.fail(
        signal?.aborted
          ? signal.reason instanceof Error
            ? signal.reason
            : new Error('the export was stopped')
          : new Error(`the Parquet encoder stopped (exit code ${code})`),
      );
    worker.on('exit', this.onExit);
  }

  private readonly onExit: (code: number) => void;

  private readonly onMessage = (reply: ParquetWorkerReply) => {
    if (reply.error === undefined) this.waiting.shift()?.resolve(reply.bytes);
    else this.fail(new Error(`Parquet encoding failed: ${reply.error}`));
  };

  private readonly onError = (error: Error) => this.fail(new Error(`the Parquet encoder failed: ${error.message}`));

  get failed(): boolean {
    return this.failure !== null;
  }

  /** Sends a request; resolves with the bytes the worker answers it with. Never an unhandled rejection. */
  request(request: ParquetWorkerRequest): Promise<Uint8Array> {
    if (this.failure) return Promise.reject(this.failure);
    const answer = new Promise<Uint8Array>((resolve, reject) => this.waiting.push({ resolve, reject }));
    answer.catch(() => undefined);
    this.worker.postMessage(request);
    return answer;
  }

  /** Stops listening (the worker goes back idle): every request was answered. */
  detach(): void {
    this.worker.off('message', this.onMessage);
    this.worker.off('error', this.onError);
    this.worker.off('exit', this.onExit);
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const waiting of this.waiting.splice(0)) waiting.reject(this.failure);
  }
}

/**
 * The Parquet file of `batches` (rows in file order), encoded in a worker thread, as chunks of
 * bytes: the concatenation is the file createParquetStream would write.
 */
export async function* encodeParquetInWorker(
  batches: AsyncIterable<Array<Record<string, unknown>>>,
  file: ParquetFile,
  signal?: AbortSignal,
): AsyncGenerator<Uint8Array> {
  signal?.throwIfAborted();
  const worker = checkOut();
  const replies = new WorkerReplies(worker, signal);
  const stop = () => void worker.terminate();
  signal?.addEventListener('abort', stop, { once: true });
  let finished = false;
  try {
    const columns = file.columns.map(({ name, type, nullable }) => ({ name, type, nullable }));
    const pending: Array<Promise<Uint8Array>> = [replies.request({ start: { ...file, columns } })];
    for await (const rows of batches) {
      pending.push(replies.request({ rows }));
      while (pending.length > MAX_IN_FLIGHT) {
        const bytes = await (pending.shift() as Promise<Uint8Array>);
        if (bytes.byteLength) yield bytes;
      }
    }
    pending.push(replies.request({}));
    for (const answer of pending) {
      const bytes = await answer;
      if (bytes.byteLength) yield bytes;
    }
    finished = true;
  } finally {
    signal?.removeEventListener('abort', stop);
    if (finished && !replies.failed && !signal?.aborted) {
      replies.detach();
      checkIn(worker);
    } else await worker.terminate();
  }
}
