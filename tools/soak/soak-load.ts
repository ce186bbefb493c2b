/**
 * The soak's operations, each one request (or one export read to its end) that either answers as
 * it must or throws with what was wrong: GraphQL reads (a filtered page of the log, ceasefires,
 * pledges read-your-writes, temporal reads, an actor's timeline, calls, an event by id), /health,
 * appends (the synthetic timeline going on, one event at a time into its own streams with their
 * expected versions; batches of 20 into new streams; retries of earlier appends, which must append
 * nothing), and exports in NDJSON, CSV and Parquet, incremental or whole, whose rows are counted
 * and whose positions must run without a gap up to the X-Up-To-Position they announce.
 */
import { Readable } from 'node:stream';
import { parse as parseCsv } from 'csv-parse';
import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import { graphql } from '../bench/bench-context.js';
import { BENCH_ADMIN_KEY } from '../bench/bench-processes.js';
import { CEASEFIRES_QUERY, CEASEFIRE_QUERY, EVENTS_QUERY, PLEDGE_QUERY } from '../bench/bench-queries.js';
import { freshEvents } from '../bench/paths/append.bench.js';
import { type SyntheticEvent, type SyntheticLine, shifted } from '../bench/synthetic-timeline.js';
import { PositionTrail } from './soak-checks.js';
import { dependencies } from './soak-schedule.js';

const DAY = 86_400_000;

/**
 * The mix, as weights of a smooth round-robin (soak-schedule.ts): at 50 operations a second, the 69
 * of a round take 1.4 s and append 32 events: 23 a second, 83,000 an hour, far more than a war's
 * diplomacy brings. With two batches of 20 a round (39 events a second) the projector fell behind
 * on this 2-core machine within 4 minutes: its catch-up rounds grew from 0.2 to 0.7 s (spikes of
 * 5 s) as ceasefires in force gathered thousands of violations, each refold reloading every strike
 * in their window, and reads with minPosition answered NOT_CAUGHT_UP.
 */
export const MIX = {
  'read: events page': 13,
  'read: ceasefires': 6,
  'read: pledges (minPosition)': 6,
  'read: temporal (asOf/knownAt)': 9,
  'read: actor timeline': 6,
  'read: calls': 5,
  'read: event by id': 5,
  'GET /health': 2,
  'append: 1 event': 12,
  'append: 20 events': 1,
  'append: retry': 1,
  /** NDJSON, CSV and Parquet in turn */
  export: 3,
} as const;
export type OpKind = keyof typeof MIX;

/**
 * Every how many exports one is of the whole log (the others pull what is new since the last of
 * their format): at 50 operations a second, one whole-log export every 9 s or so, the formats in turn.
 */
export const FULL_EXPORT_EVERY = 20;
const FORMATS = ['ndjson', 'csv', 'parquet'] as const;

const APPEND = `mutation SoakAppend($input: AppendEventsInput!) {
  appendEvents(input: $input) { streamId streamVersion lastPosition appended events { id position } }
}`;
const PLEDGES_QUERY = `query SoakPledges($minPosition: BigInt) {
  pledges(minPosition: $minPosition) { id state madeAt brokenAt expiresAt lifetime { text } position }
}`;
const EVENTS_BY_TYPE = `query SoakEventsByType($filter: EventFilter, $first: Int) {
  events(filter: $filter, orderBy: OCCURRED_DESC, first: $first) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { node { id position type occurredAt summary actors { id } ... on PledgeMade { by { id principal { id } } } } }
  }
}`;
/**
 * Without totalCount: the synthetic timeline's vocabulary is a few dozen words, so a word matches
 * most of the log, and counting the matches rechecks the text of each (about a second of PostgreSQL
 * at 5,000 events). A page of the newest matches is what a search box asks for.
 */
const EVENTS_BY_TEXT = `query SoakEventsByText($filter: EventFilter, $first: Int, $after: String) {
  events(filter: $filter, orderBy: POSITION_DESC, first: $first, after: $after) {
    pageInfo { hasNextPage endCursor }
    edges { node { id position type occurredAt summary } }
  }
}`;
const TIMELINE_QUERY = `query SoakTimeline($id: ID!, $asOf: DateTime) {
  actor(id: $id) { id name principal { id } timeline(first: 20, asOf: $asOf) { totalCount edges { node { position occurredAt type summary } } } }
}`;
const CALLS_QUERY = `query SoakCalls($actorId: ID, $from: DateTime, $to: DateTime) {
  calls(actorId: $actorId, from: $from, to: $to) { at precision durationMinutes channel participants { id } position }
}`;
const CALL_PAIRS_QUERY = `query SoakCallPairs($actorId: ID) { callPairs(actorId: $actorId) { actors { id } count firstAt lastAt } }`;
const EVENT_QUERY = `query SoakEvent($id: ID!) { event(id: $id) { id position streamId type retracted correctedBy { id } } }`;

interface AppendInput {
  streamId: string;
  expectedVersion: number;
  events: SyntheticEvent[];
}

interface AppendAnswer {
  appendEvents: {
    streamId: string;
    streamVersion: number;
    lastPosition: string;
    appended: boolean;
    events: Array<{ id: string; position: string }>;
  };
}

/** What the operations share: where the service is, what has been appended, where the timeline goes on. */
export class SoakLoad {
  /** every id the soak appended, with the position appendEvents gave it */
  readonly appended = new Map<string, number>();
  /** events appended (retries excluded), requests that appended, retries that (rightly) appended nothing */
  appendedEvents = 0;
  appendRequests = 0;
  retries = 0;
  /** the highest position an append returned (what read-your-writes reads ask for) */
  lastAppendPosition = 0;
  /** exports read whole and incrementally, and the rows they held */
  exportsFull = 0;
  exportsIncremental = 0;
  exportRows = 0;

  private readonly versions = new Map<string, number>();
  private readonly done: AppendInput[] = [];
  /** timeline appends not yet answered, by stream and by event id (what a later one may depend on) */
  private readonly pendingStreams = new Map<string, Promise<unknown>>();
  private readonly pendingIds = new Map<string, Promise<unknown>>();
  private readonly timeline: Iterator<SyntheticLine>;
  private readonly fresh: Iterator<SyntheticEvent>;
  private batches = 0;
  /** the latest valid time of the timeline's events taken so far (epoch ms) */
  private clock: number;
  private readonly turns: Partial<Record<OpKind, number>> = {};
  private exports = 0;
  /** where the next incremental export of each format starts: a client that pulled the seeded log */
  private readonly exportCursor: Record<(typeof FORMATS)[number], number>;

  constructor(
    readonly url: string,
    /** the synthetic timeline after the seeded lines (its streams' versions counted from the seed) */
    timeline: Iterator<SyntheticLine>,
    seededStreams: Map<string, number>,
    /** where valid time of the fresh batches starts (just after the seed's) */
    freshFrom: number,
    private readonly seeded: {
      events: number;
      ids: string[];
      pledges: Array<{ id: string; madeAt: number }>;
      ceasefires: Array<{ id: string; proposedAt: number }>;
      validFrom: number;
      validTo: number;
    },
  ) {
    this.timeline = timeline;
    this.versions = new Map(seededStreams);
    this.fresh = freshEvents(20_260_000 + seeded.events, freshFrom);
    this.clock = seeded.validTo;
    this.exportCursor = { ndjson: seeded.events, csv: seeded.events, parquet: seeded.events };
  }

  /** Runs one operation of `kind`; resolves with the label its latency is counted under. */
  run(kind: OpKind): Promise<string> {
    // Variants go by the kind's own count: by the turn of the whole mix, a kind whose place in the
    // round repeats every 69 turns would always get the same variant of three.
    const n = (this.turns[kind] = (this.turns[kind] ?? 0) + 1) - 1;
    switch (kind) {
      case 'read: events page':
        return this.eventsPage(n);
      case 'read: ceasefires':
        return this.read(
          kind,
          CEASEFIRES_QUERY,
          {},
          (d: { ceasefires: unknown[] }) => d.ceasefires.length > 0 || 'no ceasefires',
        );
      case 'read: pledges (minPosition)': {
        const minPosition = this.lastAppendPosition > 0 ? String(this.lastAppendPosition) : null;
        return this.read(kind, PLEDGES_QUERY, { minPosition }, (d: { pledges: Array<{ position: string }> }) =>
          d.pledges.length === 0
            ? 'no pledges'
            : minPosition && BigInt(d.pledges[0].position) < BigInt(minPosition)
              ? `answered at ${d.pledges[0].position} < minPosition ${minPosition}`
              : true,
        );
      }
      case 'read: temporal (asOf/knownAt)':
        return this.temporal(n);
      case 'read: actor timeline': {
        const id = [
          'state-001',
          'state-002',
          'person-007',
          'office-003',
          `person-${String(61 + (n % 180)).padStart(3, '0')}`,
        ][n % 5];
        const asOf =
          n % 2
            ? new Date(
                this.seeded.validFrom + ((n * 7919) % Math.max(1, this.seeded.validTo - this.seeded.validFrom)),
              ).toISOString()
            : null;
        return this.read(
          kind,
          TIMELINE_QUERY,
          { id, asOf },
          (d: { actor: { timeline: { edges: unknown[] } } | null }) => (d.actor ? true : `actor ${id} missing`),
        );
      }
      case 'read: calls': {
        const actorId = ['state-001', 'state-002', 'person-031'][n % 3];
        if (n % 2) return this.read('read: callPairs', CALL_PAIRS_QUERY, { actorId }, () => true);
        const span = this.seeded.validTo - this.seeded.validFrom;
        const from = this.seeded.validFrom + ((n * 104_729) % Math.max(1, span - 3 * DAY));
        return this.read(
          kind,
          CALLS_QUERY,
          { actorId, from: new Date(from).toISOString(), to: new Date(from + 3 * DAY).toISOString() },
          () => true,
        );
      }
      case 'read: event by id':
        return this.eventById(n);
      case 'GET /health':
        return this.health();
      case 'append: 1 event':
        return this.appendNext();
      case 'append: 20 events':
        return this.appendBatch();
      case 'append: retry':
        return this.retry(n);
      case 'export': {
        const turn = this.exports++;
        return this.export(FORMATS[turn % FORMATS.length], turn % FULL_EXPORT_EVERY === FULL_EXPORT_EVERY - 1);
      }
    }
  }

  private async read<T>(
    label: string,
    query: string,
    variables: Record<string, unknown>,
    check: (data: T) => true | string,
  ): Promise<string> {
    const data = await graphql<T>(this.url, query, variables);
    const verdict = check(data);
    if (verdict !== true) throw new Error(`${label}: ${verdict}`);
    return label;
  }

  private eventsPage(n: number): Promise<string> {
    switch (n % 3) {
      case 0:
        // the bench's read: a side's strikes, its agents' included
        return this.read(
          'read: events page (actor, type)',
          EVENTS_QUERY,
          { filter: { actorIds: [n % 2 ? 'state-001' : 'state-002'], types: ['STRIKE_REPORTED'] } },
          (d: { events: { edges: unknown[] } }) =>
            d.events.edges.length === 50 || `${d.events.edges.length} edges, not 50`,
        );
      case 1:
        return this.read(
          'read: events page (types, totalCount)',
          EVENTS_BY_TYPE,
          { filter: { types: ['PLEDGE_MADE', 'PROPOSAL_MADE', 'PROPOSAL_ACCEPTED'] }, first: 25 },
          (d: { events: { edges: unknown[] } }) =>
            d.events.edges.length === 25 || `${d.events.edges.length} edges, not 25`,
        );
      default:
        return this.read(
          'read: events page (text)',
          EVENTS_BY_TEXT,
          { filter: { text: n % 2 ? 'ceasefire talks' : 'energy -drone' }, first: 20 },
          (d: { events: { edges: unknown[] } }) =>
            d.events.edges.length === 20 || `${d.events.edges.length} edges, not 20`,
        );
    }
  }

  private temporal(n: number): Promise<string> {
    if (n % 2) {
      const pledge = this.seeded.pledges[Math.floor(n / 2) % this.seeded.pledges.length];
      return this.read(
        'read: temporal (asOf/knownAt)',
        PLEDGE_QUERY,
        { id: pledge.id, asOf: new Date(pledge.madeAt + DAY).toISOString() },
        (d: { pledge: unknown }) => (d.pledge ? true : `pledge ${pledge.id} as of a day after it was made: null`),
      );
    }
    const ceasefire = this.seeded.ceasefires[Math.floor(n / 2) % this.seeded.ceasefires.length];
    return this.read(
      'read: temporal (asOf/knownAt)',
      CEASEFIRE_QUERY,
      { id: ceasefire.id, asOf: new Date(ceasefire.proposedAt + DAY).toISOString(), knownAt: new Date().toISOString() },
      (d: { ceasefire: unknown }) =>
        d.ceasefire ? true : `ceasefire ${ceasefire.id} as of a day after it was proposed: null`,
    );
  }

  private eventById(n: number): Promise<string> {
    // An event the soak appended (its position is known), else one of the seed (imported in order: position = line + 1).
    const ids = [...this.appended.keys()];
    let id: string;
    let position: number;
    if (ids.length && n % 2) {
      id = ids[(n * 7919) % ids.length];
      position = this.appended.get(id) as number;
    } else {
      const line = (n * 104_729) % this.seeded.ids.length;
      id = this.seeded.ids[line];
      position = line + 1;
    }
    return this.read('read: event by id', EVENT_QUERY, { id }, (d: { event: { position: string } | null }) =>
      !d.event
        ? `event ${id} not found`
        : Number(d.event.position) !== position
          ? `event ${id} at position ${d.event.position}, appended at ${position}`
          : true,
    );
  }

  private async health(): Promise<string> {
    const response = await fetch(`${this.url}/health`);
    const body = (await response.json()) as { status?: string };
    if (response.status !== 200 || body.status !== 'ok')
      throw new Error(`GET /health: ${response.status} ${JSON.stringify(body)}`);
    return 'GET /health';
  }

  private async append(input: AppendInput, label: string): Promise<AppendAnswer['appendEvents']> {
    const data = await graphql<AppendAnswer>(this.url, APPEND, { input }, BENCH_ADMIN_KEY);
    const answer = data.appendEvents;
    const positions = answer.events.map((e) => Number(e.position));
    const last = Number(answer.lastPosition);
    if (answer.events.length !== input.events.length || answer.events.some((e, i) => e.id !== input.events[i].id)) {
      throw new Error(`${label}: answered with other events than sent (${answer.events.map((e) => e.id).join(', ')})`);
    }
    if (positions.some((p, i) => p !== last - positions.length + 1 + i))
      throw new Error(`${label}: positions ${positions.join(',')} are not contiguous up to ${last}`);
    if (answer.streamVersion !== input.expectedVersion + input.events.length) {
      throw new Error(
        `${label}: stream ${input.streamId} at version ${answer.streamVersion}, not ${input.expectedVersion + input.events.length}`,
      );
    }
    return answer;
  }

  private record(input: AppendInput, answer: AppendAnswer['appendEvents']): void {
    for (const e of answer.events) {
      if (this.appended.has(e.id))
        throw new Error(`event ${e.id} appended twice (at ${this.appended.get(e.id)} and ${e.position})`);
      this.appended.set(e.id, Number(e.position));
    }
    this.appendedEvents += answer.events.length;
    this.appendRequests++;
    this.lastAppendPosition = Math.max(this.lastAppendPosition, Number(answer.lastPosition));
    this.done.push(input);
  }

  /**
   * The next event of the synthetic timeline into its stream, with the stream's expected version.
   * Appends run concurrently, as several admins' would, except that one waits for the earlier ones
   * still running that it depends on: to the same stream (its expected version follows theirs), or
   * of an event or stream its payload names (an acceptance its proposal, a correction what it
   * corrects). That wait counts in its latency.
   */
  private appendNext(): Promise<string> {
    const line = this.timeline.next().value as SyntheticLine;
    this.clock = Math.max(this.clock, Date.parse(line.event.occurredAt));
    const after = dependencies(
      line.streamId,
      JSON.stringify(line.event.data),
      this.pendingStreams.keys(),
      this.pendingIds.keys(),
    );
    const before = [
      ...after.streams.map((s) => this.pendingStreams.get(s)),
      ...after.ids.map((id) => this.pendingIds.get(id)),
    ];
    // The stream's expected version is its version after the appends to it before this one.
    const expectedVersion = this.versions.get(line.streamId) ?? 0;
    this.versions.set(line.streamId, expectedVersion + 1);
    const step = Promise.all(before.filter((p) => p !== undefined).map((p) => p.catch(() => undefined))).then(
      async () => {
        const input = { streamId: line.streamId, expectedVersion, events: [line.event] };
        const answer = await this.append(input, 'append: 1 event');
        if (!answer.appended) throw new Error(`append: 1 event: ${line.event.id} was not appended (appended: false)`);
        this.record(input, answer);
        return 'append: 1 event';
      },
    );
    this.pendingStreams.set(line.streamId, step);
    this.pendingIds.set(line.event.id, step);
    const settle = () => {
      if (this.pendingStreams.get(line.streamId) === step) this.pendingStreams.delete(line.streamId);
      this.pendingIds.delete(line.event.id);
    };
    step.then(settle, settle);
    return step;
  }

  /**
   * 20 new events (statements, calls, meetings, strikes) into a new stream, occurring where the
   * timeline's valid time has got to: reports of the same days, not of a week ahead (strikes ahead
   * of the timeline would make each of its strikes a late arrival that refolds the subjects it
   * concerns).
   */
  private async appendBatch(): Promise<string> {
    const events = Array.from({ length: 20 }, () => this.fresh.next().value as SyntheticEvent);
    const delta = this.clock - Date.parse(events[0].occurredAt);
    const input = {
      streamId: `soak-batch-${++this.batches}`,
      expectedVersion: 0,
      events: events.map((e) => shifted(e, delta)),
    };
    const answer = await this.append(input, 'append: 20 events');
    if (!answer.appended) throw new Error(`append: 20 events into ${input.streamId}: appended: false`);
    this.record(input, answer);
    return 'append: 20 events';
  }

  /** An earlier append sent again (same ids, same content): it must append nothing and answer with the stored positions. */
  private async retry(n: number): Promise<string> {
    if (this.done.length === 0) return this.appendBatch();
    const input = this.done[(n * 7919) % this.done.length];
    const answer = await this.append(input, 'append: retry');
    if (answer.appended) throw new Error(`append: retry of ${input.streamId}: appended again`);
    for (const e of answer.events) {
      if (this.appended.get(e.id) !== Number(e.position))
        throw new Error(`append: retry: ${e.id} answered at ${e.position}, appended at ${this.appended.get(e.id)}`);
    }
    this.retries++;
    return 'append: retry';
  }

  /** The whole log, or what is new since the last export of the format. */
  private async export(format: (typeof FORMATS)[number], whole: boolean): Promise<string> {
    const after = whole ? 0 : this.exportCursor[format];
    const full = after === 0;
    const label = `export: ${format === 'ndjson' ? 'NDJSON' : format === 'csv' ? 'CSV' : 'Parquet'} ${full ? 'whole log' : 'incremental'}`;
    // Everything appended before the export was asked for must be in it.
    const appendedBefore = this.lastAppendPosition;
    const response = await fetch(`${this.url}/export/events?format=${format}&afterPosition=${after}`, {
      headers: { 'accept-encoding': 'identity' }, // uncompressed, as before gzip: the figures stay comparable
    });
    if (response.status !== 200 || !response.body)
      throw new Error(`${label}: HTTP ${response.status} ${await response.text()}`);
    const header = response.headers.get('x-up-to-position');
    if (!header || !/^\d+$/.test(header)) throw new Error(`${label}: X-Up-To-Position is ${JSON.stringify(header)}`);
    const upTo = Number(header);
    const trail = new PositionTrail(after);
    if (format === 'ndjson') {
      let rest = '';
      for await (const chunk of Readable.fromWeb(response.body as never)) {
        const lines = (rest + (chunk as Buffer).toString('utf8')).split('\n');
        rest = lines.pop() as string;
        for (const line of lines) if (line) trail.add(Number((JSON.parse(line) as { position: string }).position));
      }
      if (rest) trail.add(Number((JSON.parse(rest) as { position: string }).position));
    } else if (format === 'csv') {
      const parser = Readable.fromWeb(response.body as never).pipe(parseCsv({ columns: true }));
      for await (const row of parser) trail.add(Number((row as { position: string }).position));
    } else {
      const bytes = new Uint8Array(await response.arrayBuffer());
      const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
      const metadata = parquetMetadata(file);
      const kv = Object.fromEntries((metadata.key_value_metadata ?? []).map((e) => [e.key, e.value]));
      if (kv['diplomacy.upToPosition'] !== header)
        throw new Error(`${label}: Parquet metadata upToPosition ${kv['diplomacy.upToPosition']} ≠ header ${header}`);
      if (Number(metadata.num_rows) !== upTo - after)
        throw new Error(`${label}: ${metadata.num_rows} rows in the Parquet metadata, not ${upTo - after}`);
      if (upTo > after)
        for (const row of await parquetReadObjects({ file, columns: ['position'] })) trail.add(Number(row.position));
    }
    const problems: string[] = [];
    if (upTo < appendedBefore)
      problems.push(`up to ${upTo}, but ${appendedBefore} was appended before it was asked for`);
    if (trail.count !== upTo - after) problems.push(`${trail.count} rows, not ${upTo - after}`);
    if (
      trail.duplicatesOrReordered ||
      trail.missing ||
      (trail.count > 0 && (trail.min !== after + 1 || trail.max !== upTo))
    ) {
      problems.push(
        `positions ${trail.min}..${trail.max} with ${trail.missing} missing and ${trail.duplicatesOrReordered} repeated, not ${after + 1}..${upTo}`,
      );
    }
    if (problems.length) throw new Error(`${label} after ${after}: ${problems.join('; ')}`);
    this.exportCursor[format] = Math.max(this.exportCursor[format], upTo);
    if (full) this.exportsFull++;
    else this.exportsIncremental++;
    this.exportRows += trail.count;
    return label;
  }
}
