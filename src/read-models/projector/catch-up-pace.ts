/**
 * When the projector leader starts its next catch-up while appends keep coming. Pure.
 *
 * At least `paceMs` after the last one started, so that a burst of appends is projected in a few
 * batches; and, when catch-ups are slow, at least twice the last one's duration after it started,
 * so that the projector works at most half the time and leaves the rest of the machine to the
 * appends it follows (a batch costs about the same however many events it holds, so waiting longer
 * costs little projecting). That second wait is bounded by `maxPaceMs`: a long catch-up (a large
 * batch after an import) does not hold back the next one by as long.
 */
export function catchUpDelay(
  last: { startedAt: number; tookMs: number },
  now: number,
  paceMs: number,
  maxPaceMs: number,
): number {
  const pace = Math.max(paceMs, Math.min(maxPaceMs, 2 * last.tookMs));
  return Math.max(0, last.startedAt + pace - now);
}
