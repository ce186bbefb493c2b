/**
 * The Parquet encoder's thread (node:worker_threads): for each export, a `start` message with the
 * file's columns and metadata, then batches of rows from the thread that reads the log, then the
 * end; each message is answered, in order, with the bytes it completed (possibly none). Column
 * encoding, statistics and Snappy run here, so the service's event loop keeps answering other
 * requests while a large export streams. The thread is kept between exports (its code stays
 * compiled); a `start` drops whatever an earlier export left unfinished.
 */
import { parentPort } from 'node:worker_threads';
import { type ParquetStream, createParquetStream } from './parquet-writer.js';
import type { ParquetWorkerReply, ParquetWorkerRequest } from './parquet-worker.js';

const port = parentPort;
if (!port) throw new Error('parquet-encoder.worker.js runs as a worker thread');
let stream: ParquetStream | null = null;

function answer(request: ParquetWorkerRequest): Uint8Array {
  if (request.start) {
    const { columns, metadata, rowGroupSize } = request.start;
    stream = createParquetStream(columns, metadata, { rowGroupSize });
    return new Uint8Array(0);
  }
  if (!stream) throw new Error('no export started');
  return request.rows ? stream.write(request.rows) : stream.end();
}

port.on('message', (request: ParquetWorkerRequest) => {
  let bytes: Uint8Array;
  try {
    bytes = answer(request);
  } catch (error) {
    stream = null;
    port.postMessage({ error: error instanceof Error ? error.message : String(error) } satisfies ParquetWorkerReply);
    return;
  }
  // The chunk's buffer is its own (parquet-writer copies each row group out): handed over, not copied.
  port.postMessage({ bytes } satisfies ParquetWorkerReply, bytes.byteLength ? [bytes.buffer as ArrayBuffer] : []);
});
