/**
 * Test data for the end-to-end tests: a cast of actors, one builder per event type returning a
 * valid NewEventInput (with a source), thin helpers that register actors and append events through
 * the GraphQL API, and SQL looks at a test database (to prove that a refused request wrote nothing).
 *
 * Every builder takes payload overrides and envelope overrides:
 *   statementMade({ speaker: 'putin', text: 'x' }, { id, occurredAt: '2025-03-18T10:00:00Z' })
 * The default payloads only name actors of CAST; register them first (registerActors).
 *
 * For input the API must refuse (an unknown type, a payload of the wrong shape, a bad envelope),
 * rawEvent and withData build events the payload types do not check.
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

/** States and those who act for them (a deeper chain: ushakov → putin → russia), principals first. */
export const CAST: ActorInput[] = [
  { id: 'russia', name: 'Russia', kind: 'STATE' },
  { id: 'ukraine', name: 'Ukraine', kind: 'STATE' },
  { id: 'us', name: 'United States', kind: 'STATE' },
  { id: 'saudi-arabia', name: 'Saudi Arabia', kind: 'STATE' },
  { id: 'putin', name: 'Vladimir Putin', kind: 'PERSON', represents: 'russia' },
  { id: 'kremlin', name: 'The Kremlin', kind: 'ORGANIZATION', represents: 'russia' },
  { id: 'ushakov', name: 'Yuri Ushakov', kind: 'PERSON', represents: 'putin' },
  { id: 'zelensky', name: 'Volodymyr Zelensky', kind: 'PERSON', represents: 'ukraine' },
  { id: 'trump', name: 'Donald Trump', kind: 'PERSON', represents: 'us' },
  { id: 'waltz', name: 'Mike Waltz', kind: 'PERSON', represents: 'us' },
];

/** Display name of each actor of CAST, by id. */
export const ACTOR_NAMES: Record<string, string> = Object.fromEntries(CAST.map((a) => [a.id, a.name]));

export const DEFAULT_OCCURRED_AT = '2025-03-18T14:00:00Z';

export const DEFAULT_SOURCE: SourceInput = {
  publisher: 'Test wire',
  url: 'https://example.org/report',
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

/**
 * An event as appendEvents takes it, unchecked: any type, any payload, any envelope. Every
 * TestEvent is one; the tests of refused input build the others (rawEvent, withData, or a spread
 * such as `{ ...statementMade(), occurredPrecision: 'WEEK' }`).
 */
export interface RawEvent {
  id?: string | null;
  type: string;
  occurredAt: string;
  occurredPrecision?: string | null;
  data: unknown;
  sources: unknown[];
}

/** A valid NewEventInput of type K whose fields are all plain JSON (usable as GraphQL variables and as service input). */
export interface TestEvent<K extends EventType = EventType> extends NewEventInput {
  type: K;
  occurredAt: string;
  data: EventDataMap[K];
  sources: SourceInput[];
}

/** An event of `type` with exactly `data` (no defaults, not checked against the payload types). */
export function rawEvent(
  type: string,
  data: unknown,
  envelope: Partial<Omit<RawEvent, 'type' | 'data'>> = {},
): RawEvent {
  const event: RawEvent = {
    type,
    occurredAt: envelope.occurredAt ?? DEFAULT_OCCURRED_AT,
    data,
    sources: envelope.sources ?? [source()],
  };
  if (envelope.id !== undefined) event.id = envelope.id;
  if (envelope.occurredPrecision !== undefined) event.occurredPrecision = envelope.occurredPrecision;
  return event;
}

function build<K extends EventType>(type: K, data: EventDataMap[K], envelope: Envelope): TestEvent<K> {
  return rawEvent(type, data, envelope) as TestEvent<K>;
}

/** `base` with `overrides` merged in; an override set to undefined removes the field. */
function merged(base: object, overrides: object): Record<string, unknown> {
  const result: Record<string, unknown> = { ...base, ...overrides };
  for (const [key, value] of Object.entries(overrides)) if (value === undefined) delete result[key];
  return result;
}

type Overrides<K extends EventType> = Partial<EventDataMap[K]>;

/** Payload defaults merged with overrides; an override set to undefined removes the field. */
function merge<K extends EventType>(defaults: EventDataMap[K], overrides: Overrides<K>): EventDataMap[K] {
  return merged(defaults, overrides) as unknown as EventDataMap[K];
}

/**
 * `event` with its payload changed by `patch`, unchecked (for payloads the API must refuse); a
 * field set to undefined is removed.
 *   withData(callHeld(), { channel: 'FAX' })
 */
export function withData(event: RawEvent, patch: Record<string, unknown>): RawEvent {
  return { ...event, data: merged(event.data as object, patch) };
}

export const callHeld = (data: Overrides<'CALL_HELD'> = {}, envelope: Envelope = {}) =>
  build(
    'CALL_HELD',
    merge<'CALL_HELD'>({ participants: ['trump', 'putin'], initiator: 'trump', channel: 'PHONE' }, data),
    envelope,
  );

export const meetingHeld = (data: Overrides<'MEETING_HELD'> = {}, envelope: Envelope = {}) =>
  build('MEETING_HELD', merge<'MEETING_HELD'>({ participants: ['waltz', 'ushakov'], place: 'Riyadh' }, data), envelope);

/** A readout (`readoutOf`) must name a stored CALL_HELD or MEETING_HELD, or one earlier in the batch. */
export const statementMade = (data: Overrides<'STATEMENT_MADE'> = {}, envelope: Envelope = {}) =>
  build('STATEMENT_MADE', merge<'STATEMENT_MADE'>({ speaker: 'trump', text: 'very much on track' }, data), envelope);

/** `disputedEventId` must name a stored event. */
export const claimDisputed = (
  disputedEventId: string,
  data: Overrides<'CLAIM_DISPUTED'> = {},
  envelope: Envelope = {},
) =>
  build(
    'CLAIM_DISPUTED',
    merge<'CLAIM_DISPUTED'>({ disputedEventId, by: 'zelensky', text: 'very much at odds with reality' }, data),
    envelope,
  );

export const demandMade = (data: Overrides<'DEMAND_MADE'> = {}, envelope: Envelope = {}) =>
  build(
    'DEMAND_MADE',
    merge<'DEMAND_MADE'>({ by: 'putin', addressee: 'us', demand: 'one-on-one calls with Washington only' }, data),
    envelope,
  );

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
  build(
    'PROPOSAL_REJECTED',
    merge<'PROPOSAL_REJECTED'>({ party: 'russia', reason: 'no halt to foreign military aid' }, data),
    envelope,
  );

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
        commitment: {
          action: 'HALT_STRIKES',
          targetCategory: 'ENERGY_INFRASTRUCTURE',
          text: 'halt strikes on energy infrastructure for 30 days',
        },
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
    merge<'STRIKE_REPORTED'>(
      {
        attacker: 'russia',
        targetCategory: 'ENERGY_INFRASTRUCTURE',
        place: 'Sloviansk',
        country: 'UA',
        means: 'DRONE',
      },
      data,
    ),
    envelope,
  );

/**
 * `evidenceEventIds`, when given, must name stored events. `periodUntil` (and `periodFrom` alone)
 * may not be later than the end of occurredAt's precision interval: with the default envelope
 * (2025-03-18T14:00:00Z, MINUTE), 2025-03-18T14:01:00Z.
 */
export const violationReported = (data: Overrides<'VIOLATION_REPORTED'> = {}, envelope: Envelope = {}) =>
  build(
    'VIOLATION_REPORTED',
    merge<'VIOLATION_REPORTED'>({ violator: 'russia', reportedBy: 'zelensky' }, data),
    envelope,
  );

/** Goes into a stream that holds a PROPOSAL_MADE or AGREEMENT_REACHED naming ukraine as a party. */
export const conditionsMet = (data: Overrides<'CONDITIONS_MET'> = {}, envelope: Envelope = {}) =>
  build(
    'CONDITIONS_MET',
    merge<'CONDITIONS_MET'>({ party: 'ukraine', conditions: ['monitoring'], text: 'the monitors arrived' }, data),
    envelope,
  );

/** Goes into the stream of a proposal or agreement, or names them in `implements`. */
export const implementationReported = (data: Overrides<'IMPLEMENTATION_REPORTED'> = {}, envelope: Envelope = {}) =>
  build(
    'IMPLEMENTATION_REPORTED',
    merge<'IMPLEMENTATION_REPORTED'>(
      {
        reportedBy: 'ukraine',
        stage: '1',
        quantities: [{ what: 'prisoners', count: 390, from: 'russia', to: 'ukraine' }],
        text: 'the first 390 prisoners came home',
      },
      data,
    ),
    envelope,
  );

/** Goes into a stream that holds a PLEDGE_MADE. */
export const pledgeFulfilled = (data: Overrides<'PLEDGE_FULFILLED'> = {}, envelope: Envelope = {}) =>
  build('PLEDGE_FULFILLED', merge<'PLEDGE_FULFILLED'>({ by: 'putin', text: 'done as promised' }, data), envelope);

/** Goes into the stream of the corrected event; corrects at least one of data, occurredAt, occurredPrecision. */
export const eventCorrected = (
  correctedEventId: string,
  data: Overrides<'EVENT_CORRECTED'> = {},
  envelope: Envelope = {},
) =>
  build(
    'EVENT_CORRECTED',
    merge<'EVENT_CORRECTED'>(
      { correctedEventId, occurredPrecision: 'DAY', reason: 'the time was only known to the day' },
      data,
    ),
    envelope,
  );

/** Goes into the stream of the retracted event. */
export const eventRetracted = (
  retractedEventId: string,
  data: Overrides<'EVENT_RETRACTED'> = {},
  envelope: Envelope = {},
) =>
  build('EVENT_RETRACTED', merge<'EVENT_RETRACTED'>({ retractedEventId, reason: 'reported in error' }, data), envelope);

// ---------------------------------------------------------------------------------------------
// Through the API

/** registerActor with what the tests look at. */
export const REGISTER_ACTOR = `mutation($input: RegisterActorInput!) { registerActor(input: $input) { id name kind represents { id } } }`;

/** Registers actors in order (an actor's `represents` must come before it), in one request; throws when any registration fails. */
export async function registerActors(t: TestApp, actors: ActorInput[] = CAST): Promise<void> {
  const fields = actors.map((_, i) => `a${i}: registerActor(input: $a${i}) { id }`).join('\n');
  const params = actors.map((_, i) => `$a${i}: RegisterActorInput!`).join(', ');
  // Mutation fields run in sequence, so each actor's principal is registered before it.
  const res = await t.gql(`mutation(${params}) { ${fields} }`, Object.fromEntries(actors.map((a, i) => [`a${i}`, a])));
  if (res.errors) throw new Error(`registerActor failed: ${JSON.stringify(res.errors)}`);
}

/** The appendEvents mutation with what the tests look at. */
export const APPEND = `mutation($input: AppendEventsInput!) {
  appendEvents(input: $input) {
    streamId streamVersion lastPosition appended
    events { __typename id type streamId streamVersion position recordedAt summary cameoCode occurredAt occurredPrecision actors { id } }
  }
}`;

export interface AppendedEvent {
  __typename: string;
  id: string;
  type: EventType;
  streamId: string;
  streamVersion: number;
  position: string;
  recordedAt: string;
  summary: string;
  cameoCode: string | null;
  occurredAt: string;
  occurredPrecision: TimePrecision;
  actors: Array<{ id: string }>;
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
  events: RawEvent[];
  correlationId?: string;
  causationId?: string;
}

/** appendEvents through GraphQL (admin key unless given; null: no key); the raw response (errors included). */
export function appendRaw(
  t: TestApp,
  input: AppendInputVars,
  key?: string | null,
): Promise<GraphqlResponse<{ appendEvents: AppendResult }>> {
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
// Straight to the database (by URL: t.database.url)

/** A pg client on a test database (for reads and for checks the API cannot make); the caller ends it. */
export async function connect(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return client;
}

/** Runs `work` with a pg client on a test database, and ends the client. */
export async function withPg<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = await connect(url);
  try {
    return await work(client);
  } finally {
    await client.end();
  }
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
    const actors = (await client.query("SELECT coalesce(string_agg(a::text, '|' ORDER BY id), '') AS s FROM actors a"))
      .rows[0].s as string;
    const keys = (await client.query("SELECT coalesce(string_agg(k::text, '|' ORDER BY id), '') AS s FROM api_keys k"))
      .rows[0].s as string;
    return { head, events, actors, keys };
  });
}
