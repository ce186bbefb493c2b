/**
 * One batch of the projector: a single transaction that locks the checkpoints of the projections,
 * checks that they are where this projector left them and that the lease is still its own, projects
 * each projection's range from its own checkpoint (those at the same checkpoint share the range's
 * reads), writes the rows, moves every checkpoint and announces the changes and the new positions
 * at commit. A crash applies a batch wholly or not at all; two projectors never apply the same range.
 */
import type { DataSource } from 'typeorm';
import type { PrincipalsCache } from '../principals.js';
import { leaseEpoch, lockCheckpoints, moveCheckpoints } from './checkpoints.repository.js';
import { READ_MODEL_CHANNEL, projectRanges } from './project-range.js';
import { announceChanges } from './read-model-rows.repository.js';
import type { AnyProjection } from './subject-projection.js';

/** This instance led, and another instance has fenced it since: it must apply nothing more. */
export class LostLead extends Error {}

export interface BatchOptions {
  /** The most events of the log a projection takes in the batch. */
  maxSize: number;
  principals: PrincipalsCache;
  /** The lease's epoch the batch must still find (null: not led by the loop, as tools and tests catch up). */
  leaseEpoch: string | null;
}

export interface ProjectedRange {
  projection: string;
  after: string;
  upTo: string;
  changed: number;
}

export interface BatchResult {
  /** Events projected, counted once per projection that took them. */
  projected: number;
  /** Whether every projection has reached the log's head as the batch found it. */
  caughtUp: boolean;
  ranges: ProjectedRange[];
}

export async function projectBatch(
  db: DataSource,
  projections: readonly AnyProjection[],
  options: BatchOptions,
): Promise<BatchResult> {
  return db.transaction(async (manager) => {
    const { positions, head, actors } = await lockCheckpoints(
      manager,
      projections.map((projection) => projection.name),
    );
    // Led by the loop: only while the lease is still this instance's (a leader that froze and was
    // replaced applies nothing when it wakes up).
    if (options.leaseEpoch !== null && (await leaseEpoch(manager)) !== options.leaseEpoch)
      throw new LostLead(`the projector lease moved on from epoch ${options.leaseEpoch}: another instance leads`);
    // The projections behind, grouped by checkpoint (after a rebuild, or one registered since, they differ).
    const groups = new Map<bigint, AnyProjection[]>();
    for (const projection of projections) {
      const after = positions.get(projection.name) as bigint;
      if (after < head) groups.set(after, [...(groups.get(after) ?? []), projection]);
    }
    if (groups.size === 0) return { projected: 0, caughtUp: true, ranges: [] };
    const principals = await options.principals.get(manager, actors);
    const ranges: ProjectedRange[] = [];
    const changes: Array<{ projection: string; id: string; position: string }> = [];
    let caughtUp = true;
    for (const [after, group] of [...groups].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const upTo = after + BigInt(options.maxSize) < head ? after + BigInt(options.maxSize) : head;
      if (upTo < head) caughtUp = false;
      const changed = await projectRanges(
        manager,
        group.map((projection) => ({ projection, table: projection.table })),
        after.toString(),
        upTo.toString(),
        principals,
        false,
      );
      group.forEach((projection, i) => {
        ranges.push({
          projection: projection.name,
          after: after.toString(),
          upTo: upTo.toString(),
          changed: changed[i].length,
        });
        changes.push(...changed[i].map((id) => ({ projection: projection.name, id, position: upTo.toString() })));
      });
    }
    await announceChanges(manager, READ_MODEL_CHANNEL, changes);
    await moveCheckpoints(
      manager,
      ranges.map((range) => ({ name: range.projection, position: range.upTo })),
    );
    const projected = ranges.reduce((sum, range) => sum + Number(BigInt(range.upTo) - BigInt(range.after)), 0);
    return { projected, caughtUp, ranges };
  });
}
