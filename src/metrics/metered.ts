/** Streams that count what passes through them into a TransferMeter (export rows and bytes, import bytes). */
import type { TransferMeter } from './metrics.js';

/** `items` unchanged, each counted as a row. */
export async function* countedRows<T>(items: AsyncIterable<T>, meter: TransferMeter): AsyncGenerator<T> {
  for await (const item of items) {
    meter.rows(1);
    yield item;
  }
}

/**
 * `chunks` unchanged, their bytes counted; the meter is done when they end: `ok` at their end,
 * `error` when they throw, `aborted` when the reader stops early (a client that went away).
 */
export async function* meteredBody<C extends string | Uint8Array>(
  chunks: AsyncIterable<C>,
  meter: TransferMeter,
): AsyncGenerator<C> {
  let outcome: 'ok' | 'error' | 'aborted' = 'aborted';
  try {
    for await (const chunk of chunks) {
      meter.bytes(typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.byteLength);
      yield chunk;
    }
    outcome = 'ok';
  } catch (error) {
    outcome = 'error';
    throw error;
  } finally {
    meter.done(outcome);
  }
}
