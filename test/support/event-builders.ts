/**
 * Builders of valid appends for the end-to-end tests, and SQL looks at the state of a test
 * database (log head, event count, actors, keys) to prove that a refused request wrote nothing.
 */
import crypto from 'node:crypto';
import pg from 'pg';
import type { GraphqlResponse, TestApp } from './test-app.js';

/** The appendEvents mutation with what the tests look at. */
export const APPEND = `mutation($input: AppendEventsInput!) {
  appendEvents(input: $input) {
    streamId streamVersion lastPosition appended
    events { __typename id type streamId streamVersion position summary cameoCode occurredAt occurredPrecision actors { id } }
  }
}`;

export const REGISTER_ACTOR = `mutation($input: RegisterActorInput!) { registerActor(input: $input) { id name kind represents { id } } }`;

export const SOURCE = { publisher: 'Test wire', url: 'https://example.org/report', quotedText: 'as reported' };

export interface ActorInput {
  id: string;
  name: string;
  kind: 'PERSON' | 'STATE' | 'ORGANIZATION';
  represents?: string;
}

/** A small cast, principals first. */
export const ACTORS: ActorInput[] = [
  { id: 'us', name: 'United States', kind: 'STATE' },
  { id: 'ukraine', name: 'Ukraine', kind: 'STATE' },
  { id: 'russia', name: 'Russia', kind: 'STATE' },
  { id: 'saudi-arabia', name: 'Saudi Arabia', kind: 'STATE' },
  { id: 'trump', name: 'Donald Trump', kind: 'PERSON', represents: 'us' },
  { id: 'zelensky', name: 'Volodymyr Zelensky', kind: 'PERSON', represents: 'ukraine' },
  { id: 'putin', name: 'Vladimir Putin', kind: 'PERSON', represents: 'russia' },
  { id: 'kremlin', name: 'The Kremlin', kind: 'ORGANIZATION', represents: 'russia' },
];

export const ACTOR_NAMES: Record<string, string> = Object.fromEntries(ACTORS.map((a) => [a.id, a.name]));

/** Registers ACTORS over HTTP with the admin key; throws when any registration fails. */
export async function registerActors(t: TestApp, actors: ActorInput[] = ACTORS): Promise<void> {
  for (const actor of actors) {
    const res = await t.gql(REGISTER_ACTOR, { input: actor });
    if (res.errors) throw new Error(`registerActor ${actor.id}: ${JSON.stringify(res.errors)}`);
  }
}

export interface NewEvent {
  id?: string;
  type: string;
  occurredAt: string;
  occurredPrecision?: string;
  data: unknown;
  sources: unknown[];
}

/** An event of `type` with `data`, occurring 2025-03-18T14:00Z, with one source; `extra` overrides. */
export function newEvent(type: string, data: unknown, extra: Partial<NewEvent> = {}): NewEvent {
  return { id: crypto.randomUUID(), type, occurredAt: '2025-03-18T14:00:00Z', occurredPrecision: 'MINUTE', data, sources: [SOURCE], ...extra };
}

export function appendInput(streamId: string, events: NewEvent[], expectedVersion?: number | null): Record<string, unknown> {
  return expectedVersion === undefined ? { streamId, events } : { streamId, expectedVersion, events };
}

/** appendEvents over HTTP (admin key unless given). */
export function append(t: TestApp, streamId: string, events: NewEvent[], options: { expectedVersion?: number | null; key?: string | null } = {}): Promise<GraphqlResponse> {
  return t.gql(APPEND, { input: appendInput(streamId, events, options.expectedVersion) }, options.key === undefined ? t.adminKey : options.key);
}

/** appendEvents that must succeed; returns the AppendResult. */
export async function appendOk(t: TestApp, streamId: string, events: NewEvent[], expectedVersion?: number): Promise<any> {
  const res = await append(t, streamId, events, { expectedVersion });
  if (res.errors) throw new Error(`append to ${streamId}: ${JSON.stringify(res.errors)}`);
  return res.data.appendEvents;
}

/** Valid payloads, one per type, over the ACTORS cast. Referenced ids are parameters. */
export const payloads = {
  callHeld: () => ({ participants: ['trump', 'putin'], initiator: 'trump', durationMinutes: 90, channel: 'PHONE', topics: ['a pause on energy strikes'] }),
  meetingHeld: () => ({ participants: ['trump', 'putin'], place: 'Riyadh', mediator: 'saudi-arabia', topics: ['peace talks'] }),
  statementMade: () => ({ speaker: 'kremlin', text: 'Putin immediately ordered the military to stop strikes on energy infrastructure', venue: 'Kremlin readout', about: ['putin'] }),
  claimDisputed: (disputedEventId: string) => ({ disputedEventId, by: 'zelensky', text: 'very much at odds with reality' }),
  demandMade: (conditionFor?: string) => ({ by: 'putin', addressee: 'us', demand: 'an end to foreign military aid to Ukraine', ...(conditionFor ? { conditionFor } : {}) }),
  proposalMade: () => ({
    proposers: ['us'],
    parties: ['ukraine', 'russia'],
    title: '30-day ceasefire',
    terms: { kind: 'CEASEFIRE', scope: 'COMPREHENSIVE', durationDays: 30, unconditional: true },
  }),
  proposalAccepted: () => ({ party: 'ukraine' }),
  proposalRejected: () => ({ party: 'russia', reason: 'no halt to foreign military aid' }),
  agreementReached: () => ({
    parties: ['russia'],
    title: 'Easter truce',
    terms: { kind: 'CEASEFIRE', scope: 'COMPREHENSIVE', durationHours: 30 },
    effectiveFrom: '2025-04-19T18:00:00+03:00',
    effectiveUntil: '2025-04-21T00:00:00+03:00',
    unilateral: true,
  }),
  pledgeMade: (ceasefireId?: string) => ({
    by: 'putin',
    to: 'trump',
    commitment: { action: 'HALT_STRIKES', targetCategory: 'ENERGY_INFRASTRUCTURE', text: 'halt strikes on energy infrastructure for 30 days' },
    durationDays: 30,
    ...(ceasefireId ? { ceasefireId } : {}),
  }),
  pledgeWithdrawn: () => ({ by: 'putin', reason: 'the 30 days are over' }),
  strikeReported: () => ({ attacker: 'russia', targetCategory: 'ENERGY_INFRASTRUCTURE', place: 'Sloviansk', country: 'UA', means: 'DRONE', impact: 'half the city without power' }),
  violationReported: (evidenceEventIds: string[]) => ({ violator: 'russia', reportedBy: 'zelensky', evidenceEventIds, text: 'strikes on energy infrastructure continued' }),
  eventCorrected: (correctedEventId: string) => ({
    correctedEventId,
    data: { participants: ['trump', 'putin'], durationMinutes: 120, channel: 'PHONE' },
    reason: 'the call lasted two hours',
  }),
  eventRetracted: (retractedEventId: string) => ({ retractedEventId, reason: 'duplicate of another report' }),
};

// ---------------------------------------------------------------------------------------------
// The state of a test database, read with SQL.

export async function withPg<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export interface StoreState {
  head: string;
  events: number;
  actors: string;
  keys: string;
}

/** Log head, number of events, the actors table and the api_keys table, as comparable values. */
export function storeState(url: string): Promise<StoreState> {
  return withPg(url, async (client) => {
    const head = (await client.query('SELECT last_position::text AS p FROM log_head')).rows[0].p as string;
    const events = (await client.query('SELECT count(*)::int AS n FROM events')).rows[0].n as number;
    const actors = (await client.query("SELECT coalesce(string_agg(a::text, '|' ORDER BY id), '') AS s FROM actors a")).rows[0].s as string;
    const keys = (await client.query("SELECT coalesce(string_agg(k::text, '|' ORDER BY id), '') AS s FROM api_keys k")).rows[0].s as string;
    return { head, events, actors, keys };
  });
}
