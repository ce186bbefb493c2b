/**
 * An AsyncIterator over read-model changes announced on `read_model_changed`: each change of the
 * projection (and id, when given) is mapped to a value; return() ends it at once.
 */
import { isDatabaseUnavailable } from '../common/graphql-errors.js';
import type { PgNotifierService } from '../database/pg-notifier.service.js';

const RETRY_MS = 1_000;

export function listen<T>(
  notifier: PgNotifierService,
  projection: string,
  id: string | null | undefined,
  map: (changedId: string) => Promise<T | null>,
): AsyncIterableIterator<T> {
  const pending: string[] = [];
  let wake: (() => void) | null = null;
  let done = false;
  const stop = notifier.on('read_model_changed', (payload) => {
    if (!payload) return; // a reconnect, not a change
    try {
      const message = JSON.parse(payload) as { projection: string; id: string };
      if (message.projection === projection && (id == null || message.id === id)) {
        pending.push(message.id);
        wake?.();
      }
    } catch {
      // not ours
    }
  });
  const finish = async (): Promise<IteratorResult<T>> => {
    done = true;
    stop();
    wake?.();
    return { done: true, value: undefined };
  };
  const iterator: AsyncIterableIterator<T> = {
    async next(): Promise<IteratorResult<T>> {
      while (!done) {
        const changedId = pending.shift();
        if (changedId === undefined) {
          await new Promise<void>((resolve) => (wake = resolve));
          wake = null;
          continue;
        }
        let value: T | null;
        try {
          value = await map(changedId);
        } catch (error) {
          // The database went away: read the change again once it answers.
          if (!isDatabaseUnavailable(error)) throw error;
          pending.unshift(changedId);
          await new Promise<void>((resolve) => setTimeout(resolve, RETRY_MS).unref());
          continue;
        }
        if (value !== null) return { done: false, value };
      }
      return { done: true, value: undefined };
    },
    return: finish,
    throw: finish,
    [Symbol.asyncIterator]: () => iterator,
  };
  return iterator;
}
