/**
 * The benchmark's baseline for reads: a bare Fastify server, no Nest, no GraphQL, running the same
 * SQL as the service for `events(first: 50, filter)` and `ceasefires`, and answering the same JSON
 * (bench-queries.ts). Started by the bench as a child process: DATABASE_URL, PORT.
 */
import Fastify from 'fastify';
import pg from 'pg';
import { type CeasefireState, viewAt } from '../../src/read-models/ceasefires/ceasefire.fold.js';
import { BRIEF_STATE_SQL } from '../../src/read-models/projector/subject-projection.js';
import { EVENT_COLUMNS, type EventRow, rowToEvent } from '../../src/events/event-rows.js';
import { ceasefireJson, eventEdgeJson } from './bench-queries.js';

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 20 });
const app = Fastify({ logger: false, bodyLimit: 1024 * 1024 });

app.post('/events', async (request) => {
  const { filter } = request.body as { filter: { actorIds: string[]; types: string[] } };
  // What EventQueryService.where() runs: the actors, then the agents acting for them.
  const known = await pool.query<{ id: string; name: string; kind: string; represents: string | null }>(
    'SELECT id, name, kind, represents FROM actors WHERE id = ANY($1::text[])',
    [filter.actorIds],
  );
  const agents = await pool.query<{ id: string }>(
    `WITH RECURSIVE agents(id) AS (
       SELECT id FROM actors WHERE id = ANY($1::text[])
       UNION
       SELECT a.id FROM actors a JOIN agents g ON a.represents = g.id)
     SELECT id FROM agents`,
    [known.rows.map((r) => r.id)],
  );
  const { rows } = await pool.query<EventRow>(
    `SELECT ${EVENT_COLUMNS} FROM events e
      WHERE e.type = ANY($1::text[]) AND e.actor_ids && $2::text[]
        AND NOT EXISTS (SELECT 1 FROM events r WHERE r.ref_event_id = e.id AND r.type = 'EVENT_RETRACTED')
      ORDER BY e.position ASC LIMIT 51`,
    [filter.types, agents.rows.map((r) => r.id)],
  );
  const edges = rows.slice(0, 50).map((row) => eventEdgeJson(rowToEvent(row)));
  return {
    data: { events: { edges, pageInfo: { hasNextPage: rows.length > 50, endCursor: edges.at(-1)?.cursor ?? null } } },
  };
});

app.post('/ceasefires', async () => {
  const checkpoint = await pool.query<{ position: string }>(
    "SELECT position::text AS position FROM projection_checkpoints WHERE name = 'ceasefires'",
  );
  const { rows } = await pool.query<{ id: string; state: CeasefireState }>(
    `SELECT id, ${BRIEF_STATE_SQL} AS state FROM rm_ceasefires ORDER BY id`,
  );
  const now = Date.now();
  return {
    data: { ceasefires: rows.map((row) => ceasefireJson(viewAt(row.state, now), checkpoint.rows[0].position)) },
  };
});

await app.listen({ port: Number(process.env.PORT ?? 0), host: '127.0.0.1' });
process.stdout.write(`listening ${(app.server.address() as { port: number }).port}\n`);
