/**
 * The benchmark's baseline for reads: a bare Fastify server, no Nest, no GraphQL, running the same
 * SQL as the service for `events(first: 50, filter)`, `ceasefires`, `pledges` and `agreements`, and answering the same JSON
 * (bench-queries.ts). Started by the bench as a child process: DATABASE_URL, PORT.
 */
import Fastify from 'fastify';
import pg from 'pg';
import { type AgreementState, viewAt as agreementAt } from '../../src/read-models/agreements/agreement.fold.js';
import { type CeasefireState, viewAt as ceasefireAt } from '../../src/read-models/ceasefires/ceasefire.fold.js';
import { type PledgeState, viewAt as pledgeAt } from '../../src/read-models/pledges/pledge.fold.js';
import { BRIEF_STATE_SQL } from '../../src/read-models/projector/subject-projection.js';
import { EVENT_COLUMNS, type EventRow, rowToEvent } from '../../src/events/event-rows.js';
import { agreementJson, ceasefireJson, eventEdgeJson, pledgeJson } from './bench-queries.js';

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

/** A read model's rows in id order (byte order, as the service pages them) with its checkpoint. */
async function subjects<S>(name: string): Promise<{ position: string; states: S[] }> {
  const checkpoint = await pool.query<{ position: string }>(
    'SELECT position::text AS position FROM projection_checkpoints WHERE name = $1',
    [name],
  );
  const { rows } = await pool.query<{ state: S }>(
    `SELECT ${BRIEF_STATE_SQL} AS state FROM rm_${name} ORDER BY id COLLATE "C"`,
  );
  return { position: checkpoint.rows[0].position, states: rows.map((r) => r.state) };
}

app.post('/ceasefires', async () => {
  const { position, states } = await subjects<CeasefireState>('ceasefires');
  const now = Date.now();
  return { data: { ceasefires: states.map((s) => ceasefireJson(ceasefireAt(s, now), position)) } };
});

app.post('/pledges', async () => {
  const { position, states } = await subjects<PledgeState>('pledges');
  const now = Date.now();
  return { data: { pledges: states.map((s) => pledgeJson(pledgeAt(s, now), position)) } };
});

app.post('/agreements', async () => {
  const { position, states } = await subjects<AgreementState>('agreements');
  const now = Date.now();
  return { data: { agreements: states.map((s) => agreementJson(agreementAt(s, now), position)) } };
});

await app.listen({ port: Number(process.env.PORT ?? 0), host: '127.0.0.1' });
process.stdout.write(`listening ${(app.server.address() as { port: number }).port}\n`);
