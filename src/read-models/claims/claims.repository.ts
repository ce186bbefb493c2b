/** The look-ups of the claims ledger in the log: the stream of a claim's event, the streams of a call's readouts. */
import type { DataSource, EntityManager } from 'typeorm';

type Db = DataSource | EntityManager;

/** The stream of the event `id` (a uuid), or null when the log holds none. */
export async function streamOfEvent(db: Db, id: string): Promise<string | null> {
  const rows: Array<{ stream_id: string }> = await db.query('SELECT stream_id FROM events WHERE id = $1::uuid', [id]);
  return rows[0]?.stream_id ?? null;
}

/**
 * The streams holding a statement that gives (or, corrected, gives) an account of any of `ids`
 * (uuids; migration 010's indexes): the subjects whose claims may be their readouts.
 */
export async function readoutStreams(db: Db, ids: readonly string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows: Array<{ stream_id: string }> = await db.query(
    `SELECT stream_id FROM events
      WHERE type = 'STATEMENT_MADE' AND data ? 'readoutOf' AND uuid_or_null(data->>'readoutOf') = ANY($1::uuid[])
     UNION
     SELECT s.stream_id FROM events c JOIN events s ON s.id = c.ref_event_id
      WHERE c.type = 'EVENT_CORRECTED' AND c.data->'data' ? 'readoutOf'
        AND uuid_or_null(c.data->'data'->>'readoutOf') = ANY($1::uuid[])
     ORDER BY 1`,
    [ids],
  );
  return rows.map((row) => row.stream_id);
}
