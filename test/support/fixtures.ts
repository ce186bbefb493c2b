/**
 * Test data: a cast of actors, one builder per event type returning a valid NewEventInput (with a
 * source), and thin helpers that register actors and append events through the GraphQL API.
 *
 * Every builder takes payload overrides and envelope overrides:
 *   statementMade({ speaker: 'putin', text: 'x' }, { id, occurredAt: '2025-03-18T10:00:00Z' })
 * The default payloads only name actors of CAST; register them first (registerCast).
 */
import crypto from 'node:crypto';
import pg from 'pg';
import type { NewEventInput, SourceInput } from '../../src/events/append/append-input.js';
import type { EventDataMap, EventType, TimePrecision } from '../../src/events/catalogue/event-types.js';
import type { GraphqlResponse, TestApp } from './test-app.js';

export interface ActorInput {
  id: string;
  name: string;
  kind: 'PERSON' | 'STATE' | 'ORGANIZATION';
  represents?: string;
}

/** States and those who act for them (a deeper chain: ushakov → putin → russia). */
export const CAST: ActorInput[] = [
  { id: 'russia', name: 'Russia', kind: 'STATE' },
  { id: 'ukraine', name: 'Ukraine', kind: 'STATE' },
  { id: 'us', name: 'United States', kind: 'STATE' },
  { id: 'putin', name: 'Vladimir Putin', kind: 'PERSON', represents: 'russia' },
  { id: 'kremlin', name: 'The Kremlin', kind: 'ORGANIZATION', represents: 'russia' },
  { id: 'ushakov', name: 'Yuri Ushakov', kind: 'PERSON', represents: 'putin' },
  { id: 'zelensky', name: 'Volodymyr Zelensky', kind: 'PERSON', represents: 'ukraine' },
  { id: 'trump', name: 'Donald Trump', kind: 'PERSON', represents: 'us' },
  { id: 'waltz', name: 'Mike Waltz', kind: 'PERSON', represents: 'us' },
];

export const DEFAULT_OCCURRED_AT = '2025-03-18T14:00:00Z';

export const DEFAULT_SOURCE: SourceInput = {
  publisher: 'Associated Press',
  url: 'https://apnews.com/article/russia-ukraine-war-ceasefire',
  title: 'Leaders talk by phone',
};

export function source(overrides: Partial<SourceInput> = {}): SourceInput {
  return { ...DEFAULT_SOURCE, ...overrides };
}

export function uuid(): string {
  return crypto.randomUUID();
}

/** What a builder lets a test set besides the payload. */
export interface Envelope {
  id?: string;
  occurredAt?: string;
  occurredPrecision?: TimePrecision;
  sources?: SourceInput[];
}

/** A NewEventInput whose fields are all plain JSON (usable as GraphQL variables and as service input). */
export interface TestEvent extends NewEventInput {
  type: EventType;
  occurredAt: string;
  data: Record<string, unknown>;
  sources: SourceInput[];
}

function build<K extends EventType>(type: K, data: EventDataMap[K], envelope: Envelope): TestEvent {
  const event: TestEvent = {
    type,
    occurredAt: envelope.occurredAt ?? DEFAULT_OCCURRED_AT,
    data: data as unknown as Record<string, unknown>,
    sources: envelope.sources ?? [source()],
  };
  if (envelope.id !== undefined) event.id = envelope.id;
  if (envelope.occurredPrecision !== undefined) event.occurredPrecision = envelope.occurredPrecision;
  return event;
}

type Overrides<K extends EventType> = Partial<EventDataMap[K]>;

/** Payload defaults merged with overrides; an override set to undefined removes the field. */
function merge<K extends EventType>(defaults: EventDataMap[K], overrides: Overrides<K>): EventDataMap[K] {
  const merged: Record<string, unknown> = { ...defaults, ...overrides };
  for (const key of Object.keys(merged)) if (merged[key] === undefined) delete merged[key];
  return merged as unknown as EventDataMap[K];
}

export const callHeld = (data: Overrides<'CALL_HELD'> = {}, envelope: Envelope = {}) =>
  build('CALL_HELD', merge<'CALL_HELD'>({ participants: ['trump', 'putin'], initiator: 'trump', channel: 'PHONE' }, data), envelope);

export const meetingHeld = (data: Overrides<'MEETING_HELD'> = {}, envelope: Envelope = {}) =>
  build('MEETING_HELD', merge<'MEETING_HELD'>({ participants: ['waltz', 'ushakov'], place: 'Riyadh' }, data), envelope);

export const statementMade = (data: Overrides<'STATEMENT_MADE'> = {}, envelope: Envelope = {}) =>
  build('STATEMENT_MADE', merge<'STATEMENT_MADE'>({ speaker: 'trump', text: 'very much on track' }, data), envelope);

/** `disputedEventId` must name a stored event. */
export const claimDisputed = (disputedEventId: string, data: Overrides<'CLAIM_DISPUTED'> = {}, envelope: Envelope = {}) =>
  build('CLAIM_DISPUTED', merge<'CLAIM_DISPUTED'>({ disputedEventId, by: 'zelensky', text: 'very much at odds with reality' }, data), envelope);

export const demandMade = (data: Overrides<'DEMAND_MADE'> = {}, envelope: Envelope = {}) =>
  build('DEMAND_MADE', merge<'DEMAND_MADE'>({ by: 'putin', addressee: 'us', demand: 'one-on-one calls with Washington only' }, data), envelope);

export const proposalMade = (data: Overrides<'PROPOSAL_MADE'> = {}, envelope: Envelope = {}) =>
  build(
    'PROPOSAL_MADE',
    merge<'PROPOSAL_MADE'>(
      {
        proposers: ['us'],
        parties: ['ukraine', 'russia'],
        title: '30-day ceasefire',
        terms: { kind: 'CEASEFIRE', scope: 'COMPREHENSIVE', durationDays: 30, unconditional: true },
      },
      data,
    ),
    envelope,
  );

/** Goes into a stream that holds a PROPOSAL_MADE. */
export const proposalAccepted = (data: Overrides<'PROPOSAL_ACCEPTED'> = {}, envelope: Envelope = {}) =>
  build('PROPOSAL_ACCEPTED', merge<'PROPOSAL_ACCEPTED'>({ party: 'ukraine' }, data), envelope);

/** Goes into a stream that holds a PROPOSAL_MADE. */
export const proposalRejected = (data: Overrides<'PROPOSAL_REJECTED'> = {}, envelope: Envelope = {}) =>
  build('PROPOSAL_REJECTED', merge<'PROPOSAL_REJECTED'>({ party: 'russia', reason: 'no halt to foreign military aid' }, data), envelope);

export const agreementReached = (data: Overrides<'AGREEMENT_REACHED'> = {}, envelope: Envelope = {}) =>
  build(
    'AGREEMENT_REACHED',
    merge<'AGREEMENT_REACHED'>(
      {
        parties: ['russia'],
        title: 'Easter truce',
        terms: { kind: 'CEASEFIRE', scope: 'COMPREHENSIVE', durationHours: 30 },
        effectiveFrom: '2025-04-19T15:00:00Z',
        effectiveUntil: '2025-04-20T21:00:00Z',
        unilateral: true,
      },
      data,
    ),
    envelope,
  );

export const pledgeMade = (data: Overrides<'PLEDGE_MADE'> = {}, envelope: Envelope = {}) =>
  build(
    'PLEDGE_MADE',
    merge<'PLEDGE_MADE'>(
      {
        by: 'putin',
        to: 'trump',
        commitment: { action: 'HALT_STRIKES', targetCategory: 'ENERGY_INFRASTRUCTURE', text: 'halt strikes on energy infrastructure for 30 days' },
        durationDays: 30,
      },
      data,
    ),
    envelope,
  );

/** Goes into a stream that holds a PLEDGE_MADE. */
export const pledgeWithdrawn = (data: Overrides<'PLEDGE_WITHDRAWN'> = {}, envelope: Envelope = {}) =>
  build('PLEDGE_WITHDRAWN', merge<'PLEDGE_WITHDRAWN'>({ by: 'putin', reason: 'the 30 days are over' }, data), envelope);

export const strikeReported = (data: Overrides<'STRIKE_REPORTED'> = {}, envelope: Envelope = {}) =>
  build(
    'STRIKE_REPORTED',
    merge<'STRIKE_REPORTED'>({ attacker: 'russia', targetCategory: 'ENERGY_INFRASTRUCTURE', place: 'Sloviansk', country: 'UA', means: 'DRONE' }, data),
    envelope,
  );

/** `evidenceEventIds`, when given, must name stored events. */
export const violationReported = (data: Overrides<'VIOLATION_REPORTED'> = {}, envelope: Envelope = {}) =>
  build('VIOLATION_REPORTED', merge<'VIOLATION_REPORTED'>({ violator: 'russia', reportedBy: 'zelensky' }, data), envelope);

/** Goes into the stream of the corrected event; corrects at least one of data, occurredAt, occurredPrecision. */
export const eventCorrected = (correctedEventId: string, data: Overrides<'EVENT_CORRECTED'> = {}, envelope: Envelope = {}) =>
  build('EVENT_CORRECTED', merge<'EVENT_CORRECTED'>({ correctedEventId, occurredPrecision: 'DAY', reason: 'the time was only known to the day' }, data), envelope);

/** Goes into the stream of the retracted event. */
export const eventRetracted = (retractedEventId: string, data: Overrides<'EVENT_RETRACTED'> = {}, envelope: Envelope = {}) =>
  build('EVENT_RETRACTED', merge<'EVENT_RETRACTED'>({ retractedEventId, reason: 'reported in error' }, data), envelope);

// ---------------------------------------------------------------------------------------------
// Through the API

/** Registers actors in order (an actor's `represents` must come before it). */
export async function registerActors(t: TestApp, actors: ActorInput[] = CAST): Promise<void> {
  const fields = actors.map((_, i) => `a${i}: registerActor(input: $a${i}) { id }`).join('\n');
  const params = actors.map((_, i) => `$a${i}: RegisterActorInput!`).join(', ');
  // Mutation fields run in sequence, so each actor's principal is registered before it.
  const res = await t.gql(`mutation(${params}) { ${fields} }`, Object.fromEntries(actors.map((a, i) => [`a${i}`, a])));
  if (res.errors) throw new Error(`registerActor failed: ${JSON.stringify(res.errors)}`);
}

export const APPEND = `mutation($input: AppendEventsInput!) {
  appendEvents(input: $input) {
    streamId streamVersion lastPosition appended
    events { id type position streamVersion recordedAt occurredAt }
  }
}`;

export interface AppendedEvent {
  id: string;
  type: EventType;
  position: string;
  streamVersion: number;
  recordedAt: string;
  occurredAt: string;
}

export interface AppendResult {
  streamId: string;
  streamVersion: number;
  lastPosition: string;
  appended: boolean;
  events: AppendedEvent[];
}

export interface AppendInputVars {
  streamId: string;
  expectedVersion?: number | null;
  events: TestEvent[];
  correlationId?: string;
  causationId?: string;
}

/** appendEvents through GraphQL; the raw response (errors included). */
export function appendRaw(t: TestApp, input: AppendInputVars, key?: string | null): Promise<GraphqlResponse<{ appendEvents: AppendResult }>> {
  return key === undefined ? t.gql(APPEND, { input }) : t.gql(APPEND, { input }, key);
}

/** appendEvents through GraphQL; throws when the API answers with errors. */
export async function appendEvents(t: TestApp, input: AppendInputVars): Promise<AppendResult> {
  const res = await appendRaw(t, input);
  if (res.errors || !res.data) throw new Error(`appendEvents(${input.streamId}) failed: ${JSON.stringify(res.errors)}`);
  return res.data.appendEvents;
}

/** The first error's code and field paths, for compact assertions. */
export function errorOf(res: GraphqlResponse): { code: string | undefined; paths: string[]; message: string } {
  const error = res.errors?.[0];
  const details = (error?.extensions?.errors ?? []) as Array<{ path: string }>;
  return { code: error?.extensions?.code, paths: details.map((d) => d.path), message: error?.message ?? '' };
}

// ---------------------------------------------------------------------------------------------
// Straight to the database

/** A pg client on the test app's database (for reads and for checks the API cannot make). */
export async function connect(t: TestApp): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: t.database.url });
  await client.connect();
  return client;
}

/**
 * An instant T, as an ISO string in milliseconds, such that every event committed before the call
 * was recorded at or before T and every event appended after it is recorded after T: T is the
 * database clock rounded up to the next millisecond, and the call returns once the clock has
 * passed T.
 */
export async function captureInstant(client: pg.Client): Promise<string> {
  const { rows } = await client.query(
    `SELECT to_char((date_trunc('milliseconds', clock_timestamp()) + interval '1 millisecond') AT TIME ZONE 'UTC',
                    'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS t`,
  );
  const instant: string = rows[0].t;
  for (;;) {
    const passed = await client.query('SELECT clock_timestamp() > $1::timestamptz AS passed', [instant]);
    if (passed.rows[0].passed) return instant;
  }
}
