/**
 * The event store against the real PostgreSQL: what an append stores and the API gives back, the
 * log's ordering under concurrent appends (no gaps, no reordering), optimistic concurrency,
 * idempotent retries, all-or-nothing batches, immutability in the database itself, and
 * corrections / retractions with knownAt.
 */
import type pg from 'pg';
import { EventStoreService } from '../src/events/event-store.service.js';
import {
  agreementReached,
  appendEvents,
  appendRaw,
  callHeld,
  captureInstant,
  claimDisputed,
  connect,
  demandMade,
  errorOf,
  eventCorrected,
  eventRetracted,
  meetingHeld,
  pledgeMade,
  pledgeWithdrawn,
  proposalAccepted,
  proposalMade,
  proposalRejected,
  registerActors,
  source,
  statementMade,
  strikeReported,
  type TestEvent,
  uuid,
  violationReported,
} from './support/fixtures.js';
import { type TestApp, startTestApp } from './support/test-app.js';

const ENVELOPE = `
  __typename id type streamId streamVersion position occurredAt occurredPrecision recordedAt
  actors { id name kind } sources { publisher url title quotedText publishedAt }
  summary cameoCode data retracted correlationId causationId schemaVersion
`;

describe('event store', () => {
  let t: TestApp;
  let db: pg.Client;

  beforeAll(async () => {
    t = await startTestApp();
    db = await connect(t.database.url);
    await registerActors(t);
  });
  afterAll(async () => {
    await db?.end();
    await t?.close();
  });

  async function headPosition(): Promise<number> {
    const { rows } = await db.query('SELECT last_position::int AS p FROM log_head');
    return rows[0].p;
  }
  async function rowCount(): Promise<number> {
    const { rows } = await db.query('SELECT count(*)::int AS n FROM events');
    return rows[0].n;
  }

  describe('append and read back', () => {
    it('stores every field of the envelope and gives it back through GraphQL', async () => {
      const statementId = uuid();
      const callId = uuid();
      const before = await headPosition();
      const statement = statementMade(
        { speaker: 'trump', text: 'very much on track', venue: 'Truth Social', about: ['putin', 'zelensky'] },
        {
          id: statementId,
          occurredAt: '2025-03-18T16:30:00+02:00', // 14:30 UTC; no precision given: MINUTE
          sources: [
            {
              publisher: 'Reuters',
              url: 'https://www.reuters.com/world/trump-putin-call',
              title: 'Trump says ceasefire talks on track',
              quotedText: 'We are very much on track',
              publishedAt: '2025-03-18T18:00:00+01:00',
            },
            { publisher: 'Truth Social' },
          ],
        },
      );
      const call = callHeld(
        { participants: ['trump', 'zelensky'], initiator: 'trump', durationMinutes: 60, channel: 'PHONE', topics: ['the ceasefire'] },
        { id: callId.toUpperCase(), occurredAt: '2025-03-19', occurredPrecision: 'DAY' },
      );
      const res = await appendRaw(t, { streamId: 'statement-envelope', expectedVersion: 0, events: [statement, call], causationId: 'import-42' });
      expect(res.errors).toBeUndefined();
      const result = res.data!.appendEvents;
      expect(result).toMatchObject({ streamId: 'statement-envelope', streamVersion: 2, lastPosition: String(before + 2), appended: true });
      expect(result.events.map((e) => [e.id, e.position, e.streamVersion])).toEqual([
        [statementId, String(before + 1), 1],
        [callId, String(before + 2), 2], // ids are stored in lower case
      ]);

      const read = await t.gql(
        `query($id: ID!) { event(id: $id) { ${ENVELOPE} ... on StatementMade { speaker { id name } text venue about { id } } } }`,
        { id: statementId },
        null,
      );
      expect(read.errors).toBeUndefined();
      const e = read.data.event;
      expect(e).toEqual({
        __typename: 'StatementMade',
        id: statementId,
        type: 'STATEMENT_MADE',
        streamId: 'statement-envelope',
        streamVersion: 1,
        position: String(before + 1),
        occurredAt: '2025-03-18T14:30:00.000Z',
        occurredPrecision: 'MINUTE',
        recordedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
        actors: [
          { id: 'trump', name: 'Donald Trump', kind: 'PERSON' },
          { id: 'putin', name: 'Vladimir Putin', kind: 'PERSON' },
          { id: 'zelensky', name: 'Volodymyr Zelensky', kind: 'PERSON' },
        ],
        sources: [
          {
            publisher: 'Reuters',
            url: 'https://www.reuters.com/world/trump-putin-call',
            title: 'Trump says ceasefire talks on track',
            quotedText: 'We are very much on track',
            publishedAt: '2025-03-18T17:00:00.000Z',
          },
          { publisher: 'Truth Social', url: null, title: null, quotedText: null, publishedAt: null },
        ],
        summary: 'Donald Trump said about Vladimir Putin and Volodymyr Zelensky (Truth Social): "very much on track".',
        cameoCode: '010',
        data: { speaker: 'trump', text: 'very much on track', venue: 'Truth Social', about: ['putin', 'zelensky'] },
        retracted: false,
        correlationId: expect.any(String),
        causationId: 'import-42',
        schemaVersion: 1,
        speaker: { id: 'trump', name: 'Donald Trump' },
        text: 'very much on track',
        venue: 'Truth Social',
        about: [{ id: 'putin' }, { id: 'zelensky' }],
      });

      // The recorded time is the database's clock at the append, close to now (not the occurred time).
      const recordedAt = Date.parse(e.recordedAt);
      expect(Math.abs(recordedAt - Date.now())).toBeLessThan(10 * 60_000);

      const stream = await t.gql(
        `{ stream(id: "statement-envelope") { id version events { ${ENVELOPE}
             ... on CallHeld { participants { id } initiator { id } durationMinutes channel topics } } } }`,
      );
      expect(stream.errors).toBeUndefined();
      expect(stream.data.stream.id).toBe('statement-envelope');
      expect(stream.data.stream.version).toBe(2);
      const [first, second] = stream.data.stream.events;
      expect(first.id).toBe(statementId);
      expect(second).toMatchObject({
        __typename: 'CallHeld',
        id: callId,
        type: 'CALL_HELD',
        streamVersion: 2,
        position: String(before + 2),
        occurredAt: '2025-03-19T00:00:00.000Z',
        occurredPrecision: 'DAY',
        actors: [
          { id: 'trump', name: 'Donald Trump', kind: 'PERSON' },
          { id: 'zelensky', name: 'Volodymyr Zelensky', kind: 'PERSON' },
        ],
        sources: [{ publisher: 'Test wire', url: 'https://example.org/report', title: 'Leaders talk by phone', quotedText: null, publishedAt: null }],
        summary: 'Donald Trump and Volodymyr Zelensky held a 60-minute phone call about the ceasefire.',
        cameoCode: '041',
        data: { participants: ['trump', 'zelensky'], initiator: 'trump', durationMinutes: 60, channel: 'PHONE', topics: ['the ceasefire'] },
        participants: [{ id: 'trump' }, { id: 'zelensky' }],
        initiator: { id: 'trump' },
        durationMinutes: 60,
        channel: 'PHONE',
        topics: ['the ceasefire'],
        causationId: 'import-42',
      });
      // One append: one recorded time and one correlation id for all its events.
      expect(second.recordedAt).toBe(first.recordedAt);
      expect(second.correlationId).toBe(first.correlationId);
    });

    it('gives every event type back as its concrete type, with typed fields', async () => {
      const strikeId = uuid();
      const statementId = uuid();
      const meetingId = uuid();
      await appendEvents(t, { streamId: 'strike-sloviansk', events: [strikeReported({ impact: 'power cut in parts of the city' }, { id: strikeId })] });
      await appendEvents(t, { streamId: 'statement-kremlin', events: [statementMade({ speaker: 'kremlin', text: 'an immediate halt was ordered' }, { id: statementId })] });
      await appendEvents(t, {
        streamId: 'proposal-30-day',
        events: [proposalMade(), proposalAccepted({ conditions: ['Russia also stops its attacks'] }), proposalRejected()],
      });
      await appendEvents(t, {
        streamId: 'pledge-energy',
        events: [
          pledgeMade({ validFrom: '2025-03-18T15:00Z' }),
          violationReported({ evidenceEventIds: [strikeId], text: 'strikes continued after the call' }),
          pledgeWithdrawn(),
        ],
      });
      await appendEvents(t, { streamId: 'demand-putin', events: [demandMade({ conditionFor: 'proposal-30-day' })] });
      await appendEvents(t, { streamId: 'claim-zelensky', events: [claimDisputed(statementId)] });
      await appendEvents(t, { streamId: 'agreement-easter', events: [agreementReached()] });
      await appendEvents(t, { streamId: 'call-trump-putin', events: [callHeld({ durationMinutes: 90, channel: 'VIDEO' })] });
      await appendEvents(t, {
        streamId: 'meeting-riyadh',
        events: [
          meetingHeld({ topics: ['peace talks'] }, { id: meetingId }),
          eventCorrected(meetingId, { data: { participants: ['waltz', 'ushakov'], place: 'Jeddah' }, reason: 'it was in Jeddah' }),
          eventRetracted(meetingId, { reason: 'never happened' }),
        ],
      });

      const res = await t.gql(
        `{ events(first: 100, filter: { includeRetracted: true }) { edges { node { __typename type streamId summary cameoCode
            ... on StrikeReported { attacker { id } targetCategory strikePlace: place country means impact }
            ... on ProposalMade { proposers { id } parties { id } title terms { kind scope durationDays durationHours unconditional text } }
            ... on ProposalAccepted { party { id } conditions }
            ... on ProposalRejected { party { id } rejectionReason: reason }
            ... on PledgeMade { by { id } to { id } commitment { action targetCategory text } validFrom durationDays validUntil ceasefireId }
            ... on ViolationReported { violator { id } reportedBy { id } evidenceEventIds evidence { id } text }
            ... on PledgeWithdrawn { by { id } withdrawalReason: reason }
            ... on DemandMade { by { id } addressee { id } demand conditionFor }
            ... on ClaimDisputed { by { id } claimText: text disputedEventId disputedEvent { id } }
            ... on AgreementReached { parties { id } title terms { kind durationHours } effectiveFrom effectiveUntil unilateral }
            ... on MeetingHeld { participants { id } place mediator { id } topics }
            ... on CallHeld { participants { id } initiator { id } durationMinutes channel topics }
            ... on StatementMade { speaker { id } }
            ... on EventCorrected { correctedEventId correctedEvent { id } correctedData correctedOccurredAt correctedOccurredPrecision correctionReason: reason }
            ... on EventRetracted { retractedEventId retractedEvent { id } retractionReason: reason }
          } } } }`,
      );
      expect(res.errors).toBeUndefined();
      const streams = ['strike-sloviansk', 'statement-kremlin', 'proposal-30-day', 'pledge-energy', 'demand-putin', 'claim-zelensky', 'agreement-easter', 'call-trump-putin', 'meeting-riyadh'];
      const nodes = res.data.events.edges.map((edge: any) => edge.node).filter((node: any) => streams.includes(node.streamId));
      expect(nodes).toHaveLength(15);
      const byType = new Map<string, any>(nodes.map((node: any) => [node.type, node]));
      expect(byType.get('STRIKE_REPORTED')).toMatchObject({
        __typename: 'StrikeReported',
        attacker: { id: 'russia' },
        targetCategory: 'ENERGY_INFRASTRUCTURE',
        strikePlace: 'Sloviansk',
        country: 'UA',
        means: 'DRONE',
        impact: 'power cut in parts of the city',
        summary: 'Russia struck energy infrastructure in Sloviansk (drone).',
        cameoCode: '195',
      });
      expect(byType.get('PROPOSAL_MADE')).toMatchObject({
        __typename: 'ProposalMade',
        proposers: [{ id: 'us' }],
        parties: [{ id: 'ukraine' }, { id: 'russia' }],
        title: '30-day ceasefire',
        terms: { kind: 'CEASEFIRE', scope: 'COMPREHENSIVE', durationDays: 30, durationHours: null, unconditional: true, text: null },
        summary: 'United States proposed "30-day ceasefire" (comprehensive ceasefire, 30 days, unconditional) to Ukraine and Russia.',
        cameoCode: '0256',
      });
      expect(byType.get('PROPOSAL_ACCEPTED')).toMatchObject({ __typename: 'ProposalAccepted', party: { id: 'ukraine' }, conditions: ['Russia also stops its attacks'], cameoCode: '0356' });
      expect(byType.get('PROPOSAL_REJECTED')).toMatchObject({ __typename: 'ProposalRejected', party: { id: 'russia' }, rejectionReason: 'no halt to foreign military aid', cameoCode: '1246' });
      expect(byType.get('PLEDGE_MADE')).toMatchObject({
        __typename: 'PledgeMade',
        by: { id: 'putin' },
        to: { id: 'trump' },
        commitment: { action: 'HALT_STRIKES', targetCategory: 'ENERGY_INFRASTRUCTURE', text: 'halt strikes on energy infrastructure for 30 days' },
        validFrom: '2025-03-18T15:00:00.000Z',
        durationDays: 30,
        validUntil: null,
        ceasefireId: null,
        summary: 'Vladimir Putin pledged to Donald Trump to halt strikes on energy infrastructure for 30 days.',
        cameoCode: '0356',
      });
      expect(byType.get('VIOLATION_REPORTED')).toMatchObject({
        __typename: 'ViolationReported',
        violator: { id: 'russia' },
        reportedBy: { id: 'zelensky' },
        evidenceEventIds: [strikeId],
        evidence: [{ id: strikeId }],
        text: 'strikes continued after the call',
        cameoCode: '196',
      });
      expect(byType.get('PLEDGE_WITHDRAWN')).toMatchObject({ __typename: 'PledgeWithdrawn', by: { id: 'putin' }, withdrawalReason: 'the 30 days are over' });
      expect(byType.get('DEMAND_MADE')).toMatchObject({
        __typename: 'DemandMade',
        by: { id: 'putin' },
        addressee: { id: 'us' },
        demand: 'one-on-one calls with Washington only',
        conditionFor: 'proposal-30-day',
        cameoCode: '100',
      });
      expect(byType.get('CLAIM_DISPUTED')).toMatchObject({
        __typename: 'ClaimDisputed',
        by: { id: 'zelensky' },
        claimText: 'very much at odds with reality',
        disputedEventId: statementId,
        disputedEvent: { id: statementId },
        cameoCode: '1123',
      });
      expect(byType.get('AGREEMENT_REACHED')).toMatchObject({
        __typename: 'AgreementReached',
        parties: [{ id: 'russia' }],
        title: 'Easter truce',
        terms: { kind: 'CEASEFIRE', durationHours: 30 },
        effectiveFrom: '2025-04-19T15:00:00.000Z',
        effectiveUntil: '2025-04-20T21:00:00.000Z',
        unilateral: true,
        cameoCode: '0871',
      });
      expect(byType.get('CALL_HELD')).toMatchObject({
        __typename: 'CallHeld',
        participants: [{ id: 'trump' }, { id: 'putin' }],
        initiator: { id: 'trump' },
        durationMinutes: 90,
        channel: 'VIDEO',
        topics: [],
        summary: 'Donald Trump and Vladimir Putin held a 90-minute video call.',
        cameoCode: '041',
      });
      expect(byType.get('STATEMENT_MADE')).toMatchObject({ __typename: 'StatementMade', speaker: { id: 'kremlin' }, cameoCode: '010' });
      expect(byType.get('MEETING_HELD')).toMatchObject({
        __typename: 'MeetingHeld',
        participants: [{ id: 'waltz' }, { id: 'ushakov' }],
        place: 'Riyadh',
        mediator: null,
        topics: ['peace talks'],
        cameoCode: '046',
      });
      expect(byType.get('EVENT_CORRECTED')).toMatchObject({
        __typename: 'EventCorrected',
        streamId: 'meeting-riyadh',
        correctedEventId: meetingId,
        correctedEvent: { id: meetingId },
        correctedData: { participants: ['waltz', 'ushakov'], place: 'Jeddah' },
        correctedOccurredPrecision: 'DAY',
        correctionReason: 'it was in Jeddah',
        cameoCode: null,
      });
      expect(byType.get('EVENT_RETRACTED')).toMatchObject({
        __typename: 'EventRetracted',
        retractedEventId: meetingId,
        retractedEvent: { id: meetingId },
        retractionReason: 'never happened',
        cameoCode: null,
      });
      expect(byType.size).toBe(15);
    });
  });

  describe('concurrency', () => {
    it('8 concurrent appenders of 200 events each: a concurrent reader sees positions 1..N once each, in order, never a gap', async () => {
      const store = t.app.get(EventStoreService);
      const start = await headPosition();
      const APPENDERS = 8;
      const PER_APPENDER = 200;
      const total = APPENDERS * PER_APPENDER;
      // Even appenders: one event per append; odd appenders: batches of varied sizes.
      const batchSizes = (appender: number): number[] => {
        if (appender % 2 === 0) return Array(PER_APPENDER).fill(1);
        const cycle = [1, 3, 7, 13, 25, 50, 2, 11];
        const sizes: number[] = [];
        for (let left = PER_APPENDER, i = appender; left > 0; i++) {
          const size = Math.min(cycle[i % cycle.length], left);
          sizes.push(size);
          left -= size;
        }
        return sizes;
      };
      const batchErrors: string[] = [];
      let finished = false;
      const appenders = Array.from({ length: APPENDERS }, async (_, a) => {
        const streamId = `concurrent-${a}`;
        let n = 0;
        for (const size of batchSizes(a)) {
          const events = Array.from({ length: size }, () =>
            statementMade({ speaker: 'putin', text: `appender ${a} event ${++n}` }, { occurredAt: new Date(Date.UTC(2025, 2, 1, 0, n)).toISOString() }),
          );
          const outcome = await store.append({ streamId, events }, { keyName: `appender-${a}` });
          // The positions of one append are contiguous.
          const positions = outcome.events.map((e) => Number(e.position));
          if (positions.some((p, i) => p !== positions[0] + i) || outcome.lastPosition !== String(positions[positions.length - 1])) {
            batchErrors.push(`${streamId}: batch positions ${positions.join(',')}`);
          }
        }
      });
      const appending = Promise.all(appenders).finally(() => {
        finished = true;
      });

      const reader = await connect(t.database.url);
      const seen: number[] = [];
      const gaps: string[] = [];
      let checkpoint = start;
      try {
        for (;;) {
          const wasFinished = finished;
          const { rows } = await reader.query('SELECT position::int AS p FROM events WHERE position > $1 ORDER BY position', [checkpoint]);
          for (const { p } of rows) {
            if (p !== checkpoint + 1) gaps.push(`after position ${checkpoint} the reader saw ${p}`);
            seen.push(p);
            checkpoint = p; // like a real subscriber: whatever was skipped is never read again
          }
          if (wasFinished && rows.length === 0) break;
        }
      } finally {
        await reader.end();
      }
      await appending; // rethrows an appender's error

      expect(batchErrors).toEqual([]);
      expect(gaps).toEqual([]);
      expect(seen).toEqual(Array.from({ length: total }, (_, i) => start + i + 1));
      expect(await headPosition()).toBe(start + total);
      const { rows } = await db.query(
        `SELECT stream_id, array_agg(stream_version ORDER BY position) AS versions FROM events
          WHERE stream_id LIKE 'concurrent-%' GROUP BY stream_id ORDER BY stream_id`,
      );
      expect(rows).toHaveLength(APPENDERS);
      for (const row of rows) expect(row.versions).toEqual(Array.from({ length: PER_APPENDER }, (_, i) => i + 1));
    });

    it('concurrent appends to one stream without expectedVersion all succeed, with versions 1..N', async () => {
      // No expectedVersion means no check: concurrency on the stream must not make an append fail.
      const store = t.app.get(EventStoreService);
      const streamId = 'statement-shared';
      const failures: string[] = [];
      await Promise.all(
        Array.from({ length: 8 }, async (_, a) => {
          for (let i = 0; i < 25; i++) {
            try {
              await store.append({ streamId, events: [statementMade({ text: `appender ${a} append ${i}` })] }, { keyName: `shared-${a}` });
            } catch (error) {
              failures.push(String((error as Error).message));
            }
          }
        }),
      );
      expect(failures.slice(0, 3)).toEqual([]);
      expect(failures).toHaveLength(0);
      const { rows } = await db.query('SELECT array_agg(stream_version ORDER BY position) AS versions FROM events WHERE stream_id = $1', [streamId]);
      expect(rows[0].versions).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    });

    it('two appenders racing on one expectedVersion: exactly one wins, the other gets WRONG_EXPECTED_VERSION', async () => {
      const streamId = 'statement-race';
      const ROUNDS = 20;
      // Round 0 races on creating the stream; the others on version N.
      for (let version = 0; version < ROUNDS; version++) {
        const send = (who: string) => appendRaw(t, { streamId, expectedVersion: version, events: [statementMade({ text: `round ${version} by ${who}` })] });
        const results = await Promise.all([send('a'), send('b')]);
        const winners = results.filter((r) => !r.errors);
        const losers = results.filter((r) => r.errors);
        expect(winners).toHaveLength(1);
        expect(losers).toHaveLength(1);
        expect(winners[0].data!.appendEvents.streamVersion).toBe(version + 1);
        expect(losers[0].errors![0].extensions).toMatchObject({
          code: 'WRONG_EXPECTED_VERSION',
          streamId,
          expectedVersion: version,
          actualVersion: version + 1,
        });
        expect(losers[0].data?.appendEvents ?? null).toBeNull();
      }
      const { rows } = await db.query('SELECT array_agg(stream_version ORDER BY position) AS versions FROM events WHERE stream_id = $1', [streamId]);
      expect(rows[0].versions).toEqual(Array.from({ length: ROUNDS }, (_, i) => i + 1));
    });

    it('expectedVersion 0 on an existing stream, or a version ahead of the stream, is refused', async () => {
      const streamId = 'statement-expected';
      await appendEvents(t, { streamId, expectedVersion: 0, events: [statementMade()] });
      const again = await appendRaw(t, { streamId, expectedVersion: 0, events: [statementMade()] });
      expect(again.errors?.[0].extensions).toMatchObject({ code: 'WRONG_EXPECTED_VERSION', expectedVersion: 0, actualVersion: 1 });
      const ahead = await appendRaw(t, { streamId, expectedVersion: 5, events: [statementMade()] });
      expect(ahead.errors?.[0].extensions).toMatchObject({ code: 'WRONG_EXPECTED_VERSION', expectedVersion: 5, actualVersion: 1 });
      const { rows } = await db.query('SELECT count(*)::int AS n FROM events WHERE stream_id = $1', [streamId]);
      expect(rows[0].n).toBe(1);
    });
  });

  describe('idempotent appends', () => {
    it('the same batch sent twice returns the same events and appends nothing', async () => {
      const batch = [statementMade({ text: 'first' }, { id: uuid() }), statementMade({ text: 'second' }, { id: uuid() }), callHeld({}, { id: uuid() })];
      const input = { streamId: 'statement-retry', expectedVersion: 0, events: batch };
      const first = await appendEvents(t, input);
      expect(first.appended).toBe(true);
      const head = await headPosition();
      const rows = await rowCount();

      const second = await appendEvents(t, input); // the same expectedVersion too: a retry after a lost answer
      expect(second.appended).toBe(false);
      expect(second.events.map((e) => [e.id, e.position, e.streamVersion, e.recordedAt])).toEqual(
        first.events.map((e) => [e.id, e.position, e.streamVersion, e.recordedAt]),
      );
      expect(second.lastPosition).toBe(first.lastPosition);
      expect(second.streamVersion).toBe(3);
      expect(await headPosition()).toBe(head);
      expect(await rowCount()).toBe(rows);
    });

    it('a retry after later appends to the stream still gives the answer of the first send', async () => {
      const input = { streamId: 'statement-retry-later', expectedVersion: 0, events: [statementMade({ text: 'a' }, { id: uuid() }), statementMade({ text: 'b' }, { id: uuid() })] };
      const first = await appendEvents(t, input);
      expect(first.streamVersion).toBe(2);
      await appendEvents(t, { streamId: 'statement-retry-later', events: [statementMade({ text: 'c' })] });
      const head = await headPosition();
      const retry = await appendEvents(t, input);
      expect(retry.appended).toBe(false);
      expect(retry.events.map((e) => [e.id, e.position, e.streamVersion])).toEqual(first.events.map((e) => [e.id, e.position, e.streamVersion]));
      expect(retry.lastPosition).toBe(first.lastPosition);
      expect(await headPosition()).toBe(head);
      // The stream version after this batch, as the first answer said; not the stream's version now (3).
      expect(retry.streamVersion).toBe(first.streamVersion);
    });

    it('the same id with other content is DUPLICATE_EVENT_ID and writes nothing', async () => {
      const id = uuid();
      await appendEvents(t, { streamId: 'statement-dup', events: [statementMade({ text: 'original words' }, { id })] });
      const head = await headPosition();
      const rows = await rowCount();

      const otherText = await appendRaw(t, { streamId: 'statement-dup', events: [statementMade({ text: 'other words' }, { id })] });
      expect(errorOf(otherText)).toMatchObject({ code: 'DUPLICATE_EVENT_ID', paths: ['events[0].id'] });
      const otherTime = await appendRaw(t, {
        streamId: 'statement-dup',
        events: [statementMade({ text: 'original words' }, { id, occurredAt: '2025-03-18T14:01:00Z' })],
      });
      expect(errorOf(otherTime)).toMatchObject({ code: 'DUPLICATE_EVENT_ID', paths: ['events[0].id'] });
      const otherStream = await appendRaw(t, { streamId: 'statement-dup-2', events: [statementMade({ text: 'original words' }, { id })] });
      expect(errorOf(otherStream)).toMatchObject({ code: 'DUPLICATE_EVENT_ID', paths: ['events[0].id'] });
      const otherSources = await appendRaw(t, {
        streamId: 'statement-dup',
        events: [statementMade({ text: 'original words' }, { id, sources: [source({ publisher: 'Someone else' })] })],
      });
      expect(errorOf(otherSources)).toMatchObject({ code: 'DUPLICATE_EVENT_ID', paths: ['events[0].id'] });
      // A stored id inside a batch of new events is no retry either.
      const mixed = await appendRaw(t, { streamId: 'statement-dup', events: [statementMade({ text: 'original words' }, { id }), statementMade({ text: 'new' }, { id: uuid() })] });
      expect(errorOf(mixed)).toMatchObject({ code: 'DUPLICATE_EVENT_ID', paths: ['events[1].id'] });

      expect(await headPosition()).toBe(head);
      expect(await rowCount()).toBe(rows);
    });

    it.each([
      ['without expectedVersion', undefined],
      ['with expectedVersion 0', 0],
    ])('two concurrent identical sends (%s): one append, both succeed with the same events', async (_what, expectedVersion) => {
      // The race is narrow: many rounds make a lost idempotent answer show.
      const ROUNDS = 50;
      const problems: string[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        const streamId = `statement-twin-${expectedVersion ?? 'x'}-${round}`;
        const input = { streamId, expectedVersion, events: [statementMade({ text: 'one' }, { id: uuid() }), statementMade({ text: 'two' }, { id: uuid() })] };
        const head = await headPosition();
        const [a, b] = await Promise.all([appendRaw(t, input), appendRaw(t, input)]);
        for (const res of [a, b]) if (res.errors) problems.push(`round ${round}: ${res.errors[0].extensions?.code}: ${res.errors[0].message}`);
        if (a.errors || b.errors) continue;
        const ra = a.data!.appendEvents;
        const rb = b.data!.appendEvents;
        expect([ra.appended, rb.appended].sort()).toEqual([false, true]);
        expect(rb.events.map((e) => [e.id, e.position])).toEqual(ra.events.map((e) => [e.id, e.position]));
        expect(await headPosition()).toBe(head + 2);
      }
      expect(problems).toEqual([]);
      const { rows } = await db.query(`SELECT count(*)::int AS n FROM events WHERE stream_id LIKE $1`, [`statement-twin-${expectedVersion ?? 'x'}-%`]);
      expect(rows[0].n).toBe(2 * ROUNDS);
    });
  });

  describe('all or nothing', () => {
    const good = (n: number): TestEvent[] => Array.from({ length: n }, (_, i) => statementMade({ text: `good ${i}` }));

    it.each([
      ['an unknown actor', () => statementMade({ speaker: 'nobody' }), 'events[2].data.speaker'],
      ['a payload without a required field', () => statementMade({ text: undefined }), 'events[2].data.text'],
      ['an acceptance in a stream without a proposal', () => proposalAccepted(), 'events[2].type'],
      ['no source', () => ({ ...statementMade(), sources: [] }), 'events[2].sources'],
      ['a reference to an unknown event', () => claimDisputed(uuid()), 'events[2].data.disputedEventId'],
    ])('a batch whose 3rd event has %s writes none of it', async (_what, bad, path) => {
      const streamId = `statement-atomic-${path.replace(/[^a-z]/g, '')}`;
      const head = await headPosition();
      const rows = await rowCount();
      const events = [...good(2), bad(), ...good(2)];
      const res = await appendRaw(t, { streamId, events });
      expect(errorOf(res).code).toBe('BAD_USER_INPUT');
      expect(errorOf(res).paths).toContain(path);
      expect(errorOf(res).message).toContain(path);
      expect(await rowCount()).toBe(rows);
      expect(await headPosition()).toBe(head);
      const stream = await t.gql('query($id: String!) { stream(id: $id) { version } }', { id: streamId });
      expect(stream.data.stream).toBeNull();
    });
  });

  describe('immutable in the database', () => {
    beforeAll(async () => {
      await appendEvents(t, { streamId: 'statement-immutable', events: [statementMade({ text: 'one' }), statementMade({ text: 'two' }), callHeld()] });
    });

    async function snapshot(): Promise<unknown> {
      const events = await db.query('SELECT position::text, id, stream_id, stream_version, summary, data::text, recorded_at::text FROM events ORDER BY position');
      const head = await db.query('SELECT last_position::text FROM log_head');
      return { events: events.rows, head: head.rows };
    }

    it.each([
      ['UPDATE events', `UPDATE events SET summary = 'rewritten'`],
      ['UPDATE of one event', `UPDATE events SET data = '{}'::jsonb WHERE position = 1`],
      ['DELETE FROM events', 'DELETE FROM events'],
      ['DELETE of one event', 'DELETE FROM events WHERE position = 1'],
      ['TRUNCATE events', 'TRUNCATE events'],
      ['TRUNCATE events CASCADE', 'TRUNCATE events CASCADE'],
      ['DELETE FROM log_head', 'DELETE FROM log_head'],
      ['moving log_head backwards', 'UPDATE log_head SET last_position = last_position - 1'],
      ['resetting log_head', 'UPDATE log_head SET last_position = 0'],
      ['TRUNCATE log_head', 'TRUNCATE log_head'],
    ])('%s is refused by the database', async (_what, sql) => {
      const count = await rowCount();
      expect(count).toBeGreaterThan(1);
      const before = await snapshot();
      await expect(db.query(sql)).rejects.toMatchObject({ code: expect.stringMatching(/^(23001|42501|0A000|P0001)$/) });
      expect(await snapshot()).toEqual(before);
    });
  });

  describe('corrections and retractions', () => {
    it('a retraction hides the event; corrections link the latest; knownAt sees the record as it was', async () => {
      const callId = uuid();
      const statementId = uuid();
      await appendEvents(t, { streamId: 'call-waltz', events: [callHeld({ participants: ['waltz', 'putin'], initiator: undefined }, { id: callId })] });
      await appendEvents(t, { streamId: 'statement-retract', events: [statementMade({ text: 'a claim later withdrawn' }, { id: statementId })] });
      const beforeAmendments = await captureInstant(db);
      const firstFix = await appendEvents(t, {
        streamId: 'call-waltz',
        events: [eventCorrected(callId, { data: { participants: ['waltz', 'ushakov'] }, reason: 'the counterpart was Yuri Ushakov' })],
      });
      const betweenFixes = await captureInstant(db);
      const secondFix = await appendEvents(t, {
        streamId: 'call-waltz',
        events: [eventCorrected(callId, { occurredPrecision: 'DAY', reason: 'the day is all that is known' })],
      });
      const retraction = await appendEvents(t, { streamId: 'statement-retract', events: [eventRetracted(statementId, { reason: 'the source withdrew it' })] });

      const amendmentsQuery = `query($filter: EventFilter) { events(filter: $filter) { totalCount edges { node { id type retracted
          correctedBy { id type ... on EventCorrected { correctedEventId reason } } } } } }`;
      const nodesOf = async (filter: Record<string, unknown>) => {
        const res = await t.gql(amendmentsQuery, { filter }, null);
        expect(res.errors).toBeUndefined();
        return res.data.events.edges.map((edge: any) => edge.node);
      };

      // Now: the call is corrected by the second correction; the statement is hidden.
      const call = (await nodesOf({ streamId: 'call-waltz' })).find((n: any) => n.id === callId);
      expect(call).toMatchObject({ retracted: false, correctedBy: { id: secondFix.events[0].id, type: 'EVENT_CORRECTED', correctedEventId: callId } });
      expect((await nodesOf({ streamId: 'statement-retract' })).map((n: any) => n.id)).toEqual([retraction.events[0].id]);
      expect(await nodesOf({ streamId: 'statement-retract', includeRetracted: true })).toEqual([
        { id: statementId, type: 'STATEMENT_MADE', retracted: true, correctedBy: null },
        { id: retraction.events[0].id, type: 'EVENT_RETRACTED', retracted: false, correctedBy: null },
      ]);
      const single = await t.gql(`query($id: ID!) { event(id: $id) { retracted } }`, { id: statementId });
      expect(single.data.event.retracted).toBe(true);
      const direct = await t.gql(`query($id: ID!) { event(id: $id) { correctedBy { id } } }`, { id: callId });
      expect(direct.data.event.correctedBy.id).toBe(secondFix.events[0].id);

      // Known at a time between the two corrections: the first is the latest.
      const between = (await nodesOf({ streamId: 'call-waltz', knownAt: betweenFixes })).find((n: any) => n.id === callId);
      expect(between.correctedBy).toMatchObject({ id: firstFix.events[0].id });

      // Known before any amendment: no correction, and the retracted statement is back.
      const earlier = await nodesOf({ streamId: 'call-waltz', knownAt: beforeAmendments });
      expect(earlier).toEqual([{ id: callId, type: 'CALL_HELD', retracted: false, correctedBy: null }]);
      expect(await nodesOf({ streamId: 'statement-retract', knownAt: beforeAmendments })).toEqual([
        { id: statementId, type: 'STATEMENT_MADE', retracted: false, correctedBy: null },
      ]);
    });

    it('a correction or retraction appended to another stream than its event is refused with a field path', async () => {
      const id = uuid();
      await appendEvents(t, { streamId: 'statement-home', events: [statementMade({}, { id })] });
      const head = await headPosition();
      const corrected = await appendRaw(t, { streamId: 'statement-elsewhere', events: [eventCorrected(id)] });
      expect(errorOf(corrected)).toMatchObject({ code: 'BAD_USER_INPUT', paths: ['events[0].data.correctedEventId'] });
      const retracted = await appendRaw(t, { streamId: 'statement-elsewhere', events: [statementMade(), eventRetracted(id)] });
      expect(errorOf(retracted)).toMatchObject({ code: 'BAD_USER_INPUT', paths: ['events[1].data.retractedEventId'] });
      expect(await headPosition()).toBe(head);
    });
  });
});
