/**
 * appendEvents and the event queries over GraphQL and HTTP, against the real app, as a client sees
 * them: what an append stores comes back through `event`, `stream` and `events` (every envelope
 * field, every type as its concrete GraphQL type), corrections and retractions through `correctedBy`,
 * `retracted` and `knownAt`; the mutation's answer (also to a retry); refusals as GraphQL errors with
 * extensions.code, their details and field paths, and no data. The store's own rules (ordering
 * under concurrency, versions, idempotency, all-or-nothing, immutability in the database) are
 * tested on the service in test/integration/event-store.test.ts.
 */
import type pg from 'pg';
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
  statementMade,
  strikeReported,
  uuid,
  violationReported,
} from '../support/fixtures.js';
import { type TestApp, startTestApp } from '../support/test-app.js';

const ENVELOPE = `
  __typename id type streamId streamVersion position occurredAt occurredPrecision recordedAt
  actors { id name kind } sources { publisher url title quotedText publishedAt }
  summary cameoCode data retracted correlationId causationId schemaVersion
`;

describe('event store over GraphQL', () => {
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
        {
          participants: ['trump', 'zelensky'],
          initiator: 'trump',
          durationMinutes: 60,
          channel: 'PHONE',
          topics: ['the ceasefire'],
        },
        { id: callId.toUpperCase(), occurredAt: '2025-03-19', occurredPrecision: 'DAY' },
      );
      const res = await appendRaw(t, {
        streamId: 'statement-envelope',
        expectedVersion: 0,
        events: [statement, call],
        causationId: 'import-42',
      });
      expect(res.errors).toBeUndefined();
      const result = res.data!.appendEvents;
      expect(result).toMatchObject({
        streamId: 'statement-envelope',
        streamVersion: 2,
        lastPosition: String(before + 2),
        appended: true,
      });
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
        sources: [
          {
            publisher: 'Test wire',
            url: 'https://example.org/report',
            title: 'Leaders talk by phone',
            quotedText: null,
            publishedAt: null,
          },
        ],
        summary: 'Donald Trump and Volodymyr Zelensky held a 60-minute phone call about the ceasefire.',
        cameoCode: '041',
        data: {
          participants: ['trump', 'zelensky'],
          initiator: 'trump',
          durationMinutes: 60,
          channel: 'PHONE',
          topics: ['the ceasefire'],
        },
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
      await appendEvents(t, {
        streamId: 'strike-sloviansk',
        events: [strikeReported({ impact: 'power cut in parts of the city' }, { id: strikeId })],
      });
      await appendEvents(t, {
        streamId: 'statement-kremlin',
        events: [statementMade({ speaker: 'kremlin', text: 'an immediate halt was ordered' }, { id: statementId })],
      });
      await appendEvents(t, {
        streamId: 'proposal-30-day',
        events: [
          proposalMade(),
          proposalAccepted({ conditions: ['Russia also stops its attacks'] }),
          proposalRejected(),
        ],
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
      await appendEvents(t, {
        streamId: 'call-trump-putin',
        events: [callHeld({ durationMinutes: 90, channel: 'VIDEO' })],
      });
      await appendEvents(t, {
        streamId: 'meeting-riyadh',
        events: [
          meetingHeld({ topics: ['peace talks'] }, { id: meetingId }),
          eventCorrected(meetingId, {
            data: { participants: ['waltz', 'ushakov'], place: 'Jeddah' },
            reason: 'it was in Jeddah',
          }),
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
      const streams = [
        'strike-sloviansk',
        'statement-kremlin',
        'proposal-30-day',
        'pledge-energy',
        'demand-putin',
        'claim-zelensky',
        'agreement-easter',
        'call-trump-putin',
        'meeting-riyadh',
      ];
      const nodes = res.data.events.edges
        .map((edge: any) => edge.node)
        .filter((node: any) => streams.includes(node.streamId));
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
        terms: {
          kind: 'CEASEFIRE',
          scope: 'COMPREHENSIVE',
          durationDays: 30,
          durationHours: null,
          unconditional: true,
          text: null,
        },
        summary:
          'United States proposed "30-day ceasefire" (comprehensive ceasefire, 30 days, unconditional) to Ukraine and Russia.',
        cameoCode: '0256',
      });
      expect(byType.get('PROPOSAL_ACCEPTED')).toMatchObject({
        __typename: 'ProposalAccepted',
        party: { id: 'ukraine' },
        conditions: ['Russia also stops its attacks'],
        cameoCode: '0356',
      });
      expect(byType.get('PROPOSAL_REJECTED')).toMatchObject({
        __typename: 'ProposalRejected',
        party: { id: 'russia' },
        rejectionReason: 'no halt to foreign military aid',
        cameoCode: '1246',
      });
      expect(byType.get('PLEDGE_MADE')).toMatchObject({
        __typename: 'PledgeMade',
        by: { id: 'putin' },
        to: { id: 'trump' },
        commitment: {
          action: 'HALT_STRIKES',
          targetCategory: 'ENERGY_INFRASTRUCTURE',
          text: 'halt strikes on energy infrastructure for 30 days',
        },
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
      expect(byType.get('PLEDGE_WITHDRAWN')).toMatchObject({
        __typename: 'PledgeWithdrawn',
        by: { id: 'putin' },
        withdrawalReason: 'the 30 days are over',
      });
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
      expect(byType.get('STATEMENT_MADE')).toMatchObject({
        __typename: 'StatementMade',
        speaker: { id: 'kremlin' },
        cameoCode: '010',
      });
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

  describe('corrections and retractions', () => {
    it('a retraction hides the event; corrections link the latest; knownAt sees the record as it was', async () => {
      const callId = uuid();
      const statementId = uuid();
      await appendEvents(t, {
        streamId: 'call-waltz',
        events: [callHeld({ participants: ['waltz', 'putin'], initiator: undefined }, { id: callId })],
      });
      await appendEvents(t, {
        streamId: 'statement-retract',
        events: [statementMade({ text: 'a claim later withdrawn' }, { id: statementId })],
      });
      const beforeAmendments = await captureInstant(db);
      const firstFix = await appendEvents(t, {
        streamId: 'call-waltz',
        events: [
          eventCorrected(callId, {
            data: { participants: ['waltz', 'ushakov'] },
            reason: 'the counterpart was Yuri Ushakov',
          }),
        ],
      });
      const betweenFixes = await captureInstant(db);
      const secondFix = await appendEvents(t, {
        streamId: 'call-waltz',
        events: [eventCorrected(callId, { occurredPrecision: 'DAY', reason: 'the day is all that is known' })],
      });
      const retraction = await appendEvents(t, {
        streamId: 'statement-retract',
        events: [eventRetracted(statementId, { reason: 'the source withdrew it' })],
      });

      const amendmentsQuery = `query($filter: EventFilter) { events(filter: $filter) { totalCount edges { node { id type retracted
          correctedBy { id type ... on EventCorrected { correctedEventId reason } } } } } }`;
      const nodesOf = async (filter: Record<string, unknown>) => {
        const res = await t.gql(amendmentsQuery, { filter }, null);
        expect(res.errors).toBeUndefined();
        return res.data.events.edges.map((edge: any) => edge.node);
      };

      // Now: the call is corrected by the second correction; the statement is hidden.
      const call = (await nodesOf({ streamId: 'call-waltz' })).find((n: any) => n.id === callId);
      expect(call).toMatchObject({
        retracted: false,
        correctedBy: { id: secondFix.events[0].id, type: 'EVENT_CORRECTED', correctedEventId: callId },
      });
      expect((await nodesOf({ streamId: 'statement-retract' })).map((n: any) => n.id)).toEqual([
        retraction.events[0].id,
      ]);
      expect(await nodesOf({ streamId: 'statement-retract', includeRetracted: true })).toEqual([
        { id: statementId, type: 'STATEMENT_MADE', retracted: true, correctedBy: null },
        { id: retraction.events[0].id, type: 'EVENT_RETRACTED', retracted: false, correctedBy: null },
      ]);
      const single = await t.gql(`query($id: ID!) { event(id: $id) { retracted } }`, { id: statementId });
      expect(single.data.event.retracted).toBe(true);
      const direct = await t.gql(`query($id: ID!) { event(id: $id) { correctedBy { id } } }`, { id: callId });
      expect(direct.data.event.correctedBy.id).toBe(secondFix.events[0].id);

      // Known at a time between the two corrections: the first is the latest.
      const between = (await nodesOf({ streamId: 'call-waltz', knownAt: betweenFixes })).find(
        (n: any) => n.id === callId,
      );
      expect(between.correctedBy).toMatchObject({ id: firstFix.events[0].id });

      // Known before any amendment: no correction, and the retracted statement is back.
      const earlier = await nodesOf({ streamId: 'call-waltz', knownAt: beforeAmendments });
      expect(earlier).toEqual([{ id: callId, type: 'CALL_HELD', retracted: false, correctedBy: null }]);
      expect(await nodesOf({ streamId: 'statement-retract', knownAt: beforeAmendments })).toEqual([
        { id: statementId, type: 'STATEMENT_MADE', retracted: false, correctedBy: null },
      ]);
    });
  });

  describe("the mutation's answer and its errors", () => {
    it('a retry answers appended: false with the events of the first answer, field for field', async () => {
      const input = {
        streamId: 'statement-api-retry',
        expectedVersion: 0,
        events: [statementMade({ text: 'first' }, { id: uuid() }), callHeld({}, { id: uuid() })],
      };
      const first = await appendEvents(t, input);
      expect(first).toMatchObject({ streamId: 'statement-api-retry', streamVersion: 2, appended: true });
      expect(first.events.map((e) => e.__typename)).toEqual(['StatementMade', 'CallHeld']);
      const retry = await appendEvents(t, input);
      expect(retry).toEqual({ ...first, appended: false });
    });

    it('a wrong expected version answers WRONG_EXPECTED_VERSION with the stream and both versions in extensions, and no data', async () => {
      const streamId = 'statement-api-version';
      await appendEvents(t, { streamId, expectedVersion: 0, events: [statementMade()] });
      for (const expectedVersion of [0, 5]) {
        const res = await appendRaw(t, { streamId, expectedVersion, events: [statementMade()] });
        expect(res.errors).toHaveLength(1);
        expect(res.errors![0].extensions).toMatchObject({
          code: 'WRONG_EXPECTED_VERSION',
          streamId,
          expectedVersion,
          actualVersion: 1,
        });
        expect(res.errors![0].path).toEqual(['appendEvents']);
        expect(res.data?.appendEvents ?? null).toBeNull();
      }
    });

    it('refused input answers its code with every field path in extensions.errors, and the message names them', async () => {
      const head = await headPosition();
      const id = uuid();
      await appendEvents(t, {
        streamId: 'statement-api-dup',
        events: [statementMade({ text: 'original words' }, { id })],
      });

      const badBatch = await appendRaw(t, {
        streamId: 'statement-api-bad',
        events: [statementMade(), statementMade(), statementMade({ speaker: 'nobody' }), statementMade()],
      });
      expect(errorOf(badBatch).code).toBe('BAD_USER_INPUT');
      expect(errorOf(badBatch).paths).toContain('events[2].data.speaker');
      expect(errorOf(badBatch).message).toContain('events[2].data.speaker');
      expect(badBatch.errors![0].extensions!.errors).toContainEqual({
        path: 'events[2].data.speaker',
        reason: expect.any(String),
      });
      expect(badBatch.data?.appendEvents ?? null).toBeNull();

      const duplicate = await appendRaw(t, {
        streamId: 'statement-api-dup',
        events: [statementMade({ text: 'other words' }, { id })],
      });
      expect(errorOf(duplicate)).toMatchObject({ code: 'DUPLICATE_EVENT_ID', paths: ['events[0].id'] });
      expect(errorOf(duplicate).message).toContain('events[0].id');

      const elsewhere = await appendRaw(t, { streamId: 'statement-api-elsewhere', events: [eventRetracted(id)] });
      expect(errorOf(elsewhere)).toMatchObject({ code: 'BAD_USER_INPUT', paths: ['events[0].data.retractedEventId'] });
      expect(await headPosition()).toBe(head + 1);
    });
  });
});
