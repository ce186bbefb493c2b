/**
 * How long a read replica has been behind the primary, from samples of both log heads taken about
 * once a second (READ_MAX_LAG_MS). The replica is behind from the first sample that finds the
 * primary at a position the replica has not replayed; the lag is the time since the oldest such
 * position was first seen on the primary, and it ends at the first sample that finds the replica
 * at the primary's head. Positions, not WAL: an idle primary is never "ahead", so a quiet replica
 * is not stale however long ago it last replayed something. Sampled: the lag under-reads by at most
 * one interval.
 */
export class ReplicaLag {
  /** The oldest primary head the replica has not reached, and when it was first seen. */
  private pending: { position: bigint; seenAt: number } | null = null;
  /** The lag found by the last sample; null before any, and after a reset. */
  lastMs: number | null = null;

  /** The lag in milliseconds after a sample of both heads taken at `now`. */
  observe(primaryHead: bigint, replicaHead: bigint, now: number): number {
    if (replicaHead >= primaryHead) {
      this.pending = null;
      return (this.lastMs = 0);
    }
    // Caught up with what was pending but not with the primary's new head: the wait starts again.
    if (!this.pending || replicaHead >= this.pending.position) this.pending = { position: primaryHead, seenAt: now };
    return (this.lastMs = now - this.pending.seenAt);
  }

  /** Forget what was pending (the primary or the replica stopped answering). */
  reset(): void {
    this.pending = null;
    this.lastMs = null;
  }
}
