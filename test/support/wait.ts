/** Waiting in tests: a bounded poller, and a plain pause. */

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export type Probe<T> = () => Promise<T | null | undefined | false> | T | null | undefined | false;

/**
 * Polls `probe` every `intervalMs` until it returns something truthy, and returns that; fails
 * after `timeoutMs` with "timed out after … waiting for <what>" (`what` may be a function, to say
 * what was seen by then). An error thrown by `probe` ends the wait with that error.
 */
export async function until<T>(
  what: string | (() => string),
  probe: Probe<T>,
  timeoutMs = 10_000,
  intervalMs = 50,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${typeof what === 'function' ? what() : what}`);
    await sleep(intervalMs);
  }
}
