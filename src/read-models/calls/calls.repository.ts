/** The reads of the `events` table the call log makes: calls, of some actors or all, with their corrections and retractions. */
import type { DataSource, EntityManager } from 'typeorm';
import { FOLD_COLUMNS, type FoldEventRow } from '../../events/event-rows.js';
import { type FoldEvent, toFoldEvent } from '../fold-event.js';
import type { RecordBound } from '../projector/fold-events.repository.js';

/**
 * The CALL_HELD events involving `agents` (null: every call), and every amendment naming them, as
 * the record stood at `bound`; a call is included when a correction names one of them as a
 * participant it did not have.
 */
export async function callsWithAmendments(
  db: DataSource | EntityManager,
  agents: string[] | null,
  bound: RecordBound,
): Promise<FoldEvent[]> {
  const rows: FoldEventRow[] = await db.query(
    `WITH calls AS (
       SELECT e.* FROM events e
        WHERE e.type = 'CALL_HELD' AND e.position <= $1::bigint AND ($2::timestamptz IS NULL OR e.recorded_at <= $2)
          AND ($3::text[] IS NULL OR e.actor_ids && $3::text[] OR e.id IN (
                SELECT c.ref_event_id FROM events c
                 WHERE c.type = 'EVENT_CORRECTED' AND c.actor_ids && $3::text[]
                   AND c.position <= $1::bigint AND ($2::timestamptz IS NULL OR c.recorded_at <= $2))))
     SELECT ${FOLD_COLUMNS} FROM calls e
     UNION ALL
     SELECT ${FOLD_COLUMNS} FROM events e
      WHERE e.ref_event_id IN (SELECT id FROM calls) AND e.position <= $1::bigint AND ($2::timestamptz IS NULL OR e.recorded_at <= $2)`,
    [bound.upTo, bound.knownAt, agents],
  );
  return rows.map(toFoldEvent);
}
