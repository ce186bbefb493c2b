/**
 * Rebuild without downtime: every subject is folded afresh from the log into a new table while the
 * API goes on answering from the current one; then, in one transaction that holds the
 * projection's checkpoint row (so the live projector waits), the new table catches up to the live
 * checkpoint and takes the current one's place.
 */
import type { DataSource } from 'typeorm';
import { loadPrincipals } from '../principals.js';
import { lockCheckpoint, moveCheckpoint } from './checkpoints.repository.js';
import { candidateStreams, logHead } from './fold-events.repository.js';
import { projectRange, refold } from './project-range.js';
import { countRows, createFreshTable, swapIn } from './read-model-rows.repository.js';
import type { AnyProjection } from './subject-projection.js';

/** Subjects folded a transaction at a time: ids sort by creation, so a chunk's strike windows stay close and its strike load small. */
const CHUNK = 25;

/**
 * Chunks folded at once, each in its own transaction on its own connection. A chunk mostly waits
 * for PostgreSQL (the claims ledger's rebuild at 1M: 67 % of its time), so a second one keeps the
 * server's other core busy (BENCHMARKS.md, "The claims ledger's rebuild").
 */
const CONCURRENT_CHUNKS = 2;

export interface RebuildResult {
  projection: string;
  subjects: number;
  position: string;
}

/** Folds every subject as of the log head into `${table}_next`; returns the head it reflects. */
export async function buildFresh(
  db: DataSource,
  projection: AnyProjection,
  onProgress: (done: number, total: number) => void = () => undefined,
): Promise<{ table: string; position: string; subjects: number }> {
  const table = await createFreshTable(db, projection.table);
  const head = await logHead(db);
  const ids = await candidateStreams(db, projection, { upTo: head, knownAt: null });
  const principals = await loadPrincipals(db);
  const chunks: string[][] = [];
  for (let i = 0; i < ids.length; i += CHUNK) chunks.push(ids.slice(i, i + CHUNK));
  let next = 0;
  let done = 0;
  let failed = false;
  const fold = async () => {
    // Each takes the next chunk until none is left, or until the other failed.
    while (!failed && next < chunks.length) {
      const chunk = chunks[next++];
      try {
        await db.transaction((manager) => refold(manager, projection, table, chunk, head, principals));
      } catch (error) {
        failed = true;
        throw error;
      }
      done += chunk.length;
      onProgress(done, ids.length);
    }
  };
  // Settled, not raced: a failure is thrown once the other chunk's transaction has ended.
  const outcomes = await Promise.allSettled(Array.from({ length: Math.min(CONCURRENT_CHUNKS, chunks.length) }, fold));
  const failure = outcomes.find((outcome) => outcome.status === 'rejected');
  if (failure) throw failure.reason;
  return { table, position: head, subjects: await countRows(db, table) };
}

export async function rebuild(
  db: DataSource,
  projection: AnyProjection,
  onProgress?: (done: number, total: number) => void,
): Promise<RebuildResult> {
  const fresh = await buildFresh(db, projection, onProgress);
  return db.transaction(async (manager) => {
    const live = (await lockCheckpoint(manager, projection.name)).position.toString();
    let position = fresh.position;
    if (BigInt(live) > BigInt(fresh.position)) {
      // The live projector went on meanwhile: bring the new table to the same position.
      await projectRange(manager, projection, fresh.table, fresh.position, live, await loadPrincipals(manager), false);
      position = live;
    }
    await swapIn(manager, projection.table, fresh.table);
    await moveCheckpoint(manager, projection.name, position);
    return { projection: projection.name, subjects: await countRows(manager, projection.table), position };
  });
}
