/**
 * Validation of appends over HTTP: every refusal names the exact field path (in the message and in
 * extensions.errors) and writes nothing; a good event of each of the 15 types is accepted, with a
 * one-sentence summary and the catalogue's CAMEO code.
 */
import crypto from 'node:crypto';
import { type GraphqlResponse, type TestApp, startTestApp } from '../support/test-app.js';
import {
  ACTOR_NAMES,
  DEFAULT_SOURCE,
  type RawEvent,
  type TestEvent,
  agreementReached,
  appendEvents,
  appendRaw,
  callHeld,
  claimDisputed,
  demandMade,
  eventCorrected,
  eventRetracted,
  meetingHeld,
  pledgeMade,
  pledgeWithdrawn,
  proposalAccepted,
  proposalMade,
  proposalRejected,
  rawEvent,
  registerActors,
  statementMade,
  storeState,
  strikeReported,
  violationReported,
  withData,
} from '../support/fixtures.js';

let t: TestApp;
/** A stored strike (evidence for violations) and a stored proposal stream. */
let strikeId: string;

beforeAll(async () => {
  t = await startTestApp();
  await registerActors(t);
  strikeId = (await appendEvents(t, { streamId: 'strike-setup', events: [strikeReported()] })).events[0].id;
  await appendEvents(t, { streamId: 'proposal-setup', events: [proposalMade()] });
});

afterAll(() => t?.close());

/** Runs a refused append and checks that the log, the events, the actors and the keys are unchanged. */
async function refused(streamId: string, events: RawEvent[], expectedVersion?: number): Promise<GraphqlResponse> {
  const before = await storeState(t.database.url);
  const res = await appendRaw(t, { streamId, events, expectedVersion });
  expect(res.data?.appendEvents ?? null).toBeNull();
  expect(await storeState(t.database.url)).toEqual(before);
  return res;
}

/**
 * A refusal by the service's own validation: BAD_USER_INPUT, extensions.errors listing exactly
 * `paths` (in order), and the message naming the first one as `path: reason`.
 */
function expectFieldErrors(
  res: GraphqlResponse,
  paths: string[],
  reason?: RegExp,
): Array<{ path: string; reason: string }> {
  expect(res.errors).toHaveLength(1);
  const error = res.errors![0];
  expect(error.extensions?.code).toBe('BAD_USER_INPUT');
  const errors = error.extensions?.errors as Array<{ path: string; reason: string }>;
  expect(Array.isArray(errors)).toBe(true);
  expect(errors.map((e) => e.path)).toEqual(paths);
  expect(error.message).toContain(`${paths[0]}: ${errors[0].reason}`);
  if (reason) expect(errors[0].reason).toMatch(reason);
  expect(error.extensions?.stacktrace).toBeUndefined();
  return errors;
}

/** A refusal by GraphQL's own input coercion (enum, scalar, required input field): the message names the variable path. */
function expectCoercionError(res: GraphqlResponse, path: string, mention?: string): void {
  expect(res.errors?.length).toBeGreaterThanOrEqual(1);
  const error = res.errors![0];
  expect(error.extensions?.code).toBe('BAD_USER_INPUT');
  expect(error.message).toContain(`"input.${path}"`);
  if (mention) expect(error.message).toContain(mention);
}

describe('refused appends name the field and write nothing', () => {
  describe('missing fields and wrong types', () => {
    it('a missing payload field', async () => {
      expectFieldErrors(
        await refused('statement-missing', [statementMade({ text: undefined })]),
        ['events[0].data.text'],
        /required/,
      );
    });

    it('a missing nested payload field', async () => {
      const pledge = pledgeMade();
      const { text: _text, ...commitment } = pledge.data.commitment;
      expectFieldErrors(
        await refused('pledge-missing', [withData(pledge, { commitment })]),
        ['events[0].data.commitment.text'],
        /required/,
      );
    });

    it('a field of the wrong type', async () => {
      const res = await refused('call-wrong-type', [withData(callHeld(), { durationMinutes: 'sixty' })]);
      expectFieldErrors(res, ['events[0].data.durationMinutes'], /integer/);
    });

    it('a list that is not a list', async () => {
      const res = await refused('call-not-a-list', [rawEvent('CALL_HELD', { participants: 'trump' })]);
      expectFieldErrors(res, ['events[0].data.participants'], /list/);
    });

    it('too few participants', async () => {
      const res = await refused('call-one-participant', [callHeld({ participants: ['trump'] })]);
      expectFieldErrors(res, ['events[0].data.participants'], /at least 2/);
    });

    it('null for an optional field', async () => {
      const res = await refused('statement-null', [withData(statementMade(), { venue: null })]);
      expectFieldErrors(res, ['events[0].data.venue'], /null/);
    });

    it('a payload that is not an object', async () => {
      expectFieldErrors(
        await refused('statement-array', [rawEvent('STATEMENT_MADE', ['kremlin', 'text'])]),
        ['events[0].data'],
        /object/,
      );
    });

    it('a missing envelope field (occurredAt)', async () => {
      const { occurredAt: _at, ...event } = statementMade();
      expectCoercionError(await refused('statement-no-time', [event as RawEvent]), 'events[0]', 'occurredAt');
    });
  });

  describe('unknown fields', () => {
    it('at the top of the payload', async () => {
      const res = await refused('statement-unknown', [withData(statementMade(), { mood: 'angry' })]);
      expectFieldErrors(res, ['events[0].data.mood'], /unknown field/);
    });

    it('nested in the payload (terms)', async () => {
      const proposal = proposalMade();
      const res = await refused('proposal-unknown', [
        withData(proposal, { terms: { ...proposal.data.terms, colour: 'blue' } }),
      ]);
      expectFieldErrors(res, ['events[0].data.terms.colour'], /unknown field/);
    });

    it('nested in the payload (commitment)', async () => {
      const pledge = pledgeMade();
      const res = await refused('pledge-unknown', [
        withData(pledge, { commitment: { ...pledge.data.commitment, until: 'forever' } }),
      ]);
      expectFieldErrors(res, ['events[0].data.commitment.until'], /unknown field/);
    });

    it('in a source', async () => {
      const res = await refused('statement-unknown-source', [
        { ...statementMade(), sources: [{ ...DEFAULT_SOURCE, reliability: 'high' }] },
      ]);
      expectCoercionError(res, 'events[0].sources[0]', 'reliability');
    });

    it('named like a property of every object (toString, constructor)', async () => {
      const res = await refused('statement-proto-names', [
        withData(statementMade(), { toString: 'x', constructor: 'y' }),
      ]);
      expectFieldErrors(res, ['events[0].data.toString', 'events[0].data.constructor'], /unknown field/);
    });

    it('in the append input', async () => {
      const before = await storeState(t.database.url);
      const res = await t.gql(`mutation($input: AppendEventsInput!) { appendEvents(input: $input) { lastPosition } }`, {
        input: { streamId: 'statement-unknown-input', mood: 'angry', events: [statementMade()] },
      });
      expect(await storeState(t.database.url)).toEqual(before);
      expect(res.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      expect(res.errors?.[0].message).toContain('mood');
    });

    it('in the envelope', async () => {
      const event = { ...statementMade(), mood: 'angry' };
      expectCoercionError(await refused('statement-unknown-envelope', [event]), 'events[0]', 'mood');
    });
  });

  describe('wrong enum values', () => {
    it('an unknown event type', async () => {
      expectCoercionError(
        await refused('statement-bad-type', [{ ...statementMade(), type: 'CEASEFIRE_BROKEN' }]),
        'events[0].type',
        'CEASEFIRE_BROKEN',
      );
    });

    it('an unknown time precision', async () => {
      const res = await refused('statement-bad-precision', [{ ...statementMade(), occurredPrecision: 'WEEK' }]);
      expectCoercionError(res, 'events[0].occurredPrecision', 'WEEK');
    });

    it('an unknown target category', async () => {
      const res = await refused('strike-bad-target', [withData(strikeReported(), { targetCategory: 'HOSPITAL' })]);
      expectFieldErrors(res, ['events[0].data.targetCategory'], /must be one of ENERGY_INFRASTRUCTURE/);
    });

    it('an unknown call channel', async () => {
      const res = await refused('call-bad-channel', [withData(callHeld(), { channel: 'FAX' })]);
      expectFieldErrors(res, ['events[0].data.channel'], /must be one of PHONE, VIDEO/);
    });

    it('an unknown nested enum value (terms.kind)', async () => {
      const proposal = proposalMade();
      const res = await refused('proposal-bad-kind', [
        withData(proposal, { terms: { ...proposal.data.terms, kind: 'TRUCE' } }),
      ]);
      expectFieldErrors(res, ['events[0].data.terms.kind'], /must be one of CEASEFIRE/);
    });
  });

  describe('unknown actors', () => {
    it('names the list item: events[0].data.participants[1]: unknown actor "putn"', async () => {
      const res = await refused('call-unknown-actor', [callHeld({ participants: ['trump', 'putn'] })]);
      expectFieldErrors(res, ['events[0].data.participants[1]']);
      expect(res.errors![0].message).toContain('events[0].data.participants[1]: unknown actor "putn"');
    });

    it('refuses the whole batch when its third event names an unknown actor', async () => {
      const res = await refused('call-batch', [
        callHeld({ participants: ['trump', 'putin'] }),
        callHeld({ participants: ['trump', 'zelensky'] }),
        callHeld({ participants: ['trump', 'putn'] }),
      ]);
      expectFieldErrors(res, ['events[2].data.participants[1]']);
      expect(res.errors![0].message).toContain('events[2].data.participants[1]: unknown actor "putn"');
    });

    it('in a single actor field', async () => {
      const res = await refused('statement-unknown-speaker', [statementMade({ speaker: 'lavrov' })]);
      expect(expectFieldErrors(res, ['events[0].data.speaker'])[0].reason).toBe('unknown actor "lavrov"');
    });
  });

  describe('references to events that do not exist', () => {
    it('disputedEventId', async () => {
      const missing = crypto.randomUUID();
      const res = await refused('statement-dispute', [claimDisputed(missing)]);
      expect(expectFieldErrors(res, ['events[0].data.disputedEventId'])[0].reason).toContain(missing);
    });

    it('evidenceEventIds[1] (the first one exists)', async () => {
      const missing = crypto.randomUUID();
      const res = await refused('pledge-evidence', [violationReported({ evidenceEventIds: [strikeId, missing] })]);
      expect(expectFieldErrors(res, ['events[0].data.evidenceEventIds[1]'])[0].reason).toContain(missing);
    });

    it('correctedEventId', async () => {
      const missing = crypto.randomUUID();
      const res = await refused('strike-setup', [eventCorrected(missing)]);
      expect(expectFieldErrors(res, ['events[0].data.correctedEventId'])[0].reason).toContain(missing);
    });

    it('retractedEventId', async () => {
      const missing = crypto.randomUUID();
      const res = await refused('strike-setup', [eventRetracted(missing)]);
      expect(expectFieldErrors(res, ['events[0].data.retractedEventId'])[0].reason).toContain(missing);
    });

    it('a malformed event id', async () => {
      const res = await refused('statement-dispute-malformed', [claimDisputed('not-a-uuid')]);
      expectFieldErrors(res, ['events[0].data.disputedEventId'], /uuid/);
    });
  });

  describe('dates that do not parse', () => {
    it('occurredAt "2025-02-30"', async () => {
      const res = await refused('statement-feb-30', [statementMade({}, { occurredAt: '2025-02-30' })]);
      expectCoercionError(res, 'events[0].occurredAt', '2025-02-30');
    });

    it('occurredAt "yesterday"', async () => {
      const res = await refused('statement-yesterday', [statementMade({}, { occurredAt: 'yesterday' })]);
      expectCoercionError(res, 'events[0].occurredAt', 'yesterday');
    });

    it('occurredAt with a time of day but no time zone', async () => {
      const res = await refused('statement-no-zone', [statementMade({}, { occurredAt: '2025-03-18T14:00:00' })]);
      expectCoercionError(res, 'events[0].occurredAt', '2025-03-18T14:00:00');
    });

    it('validUntil before validFrom', async () => {
      const res = await refused('pledge-backwards', [
        pledgeMade({ validFrom: '2025-03-18T15:00Z', validUntil: '2025-03-17T15:00Z' }),
      ]);
      expectFieldErrors(res, ['events[0].data.validUntil'], /after validFrom/);
    });

    it('validUntil "yesterday"', async () => {
      const res = await refused('pledge-valid-until', [pledgeMade({ validUntil: 'yesterday' })]);
      expectFieldErrors(res, ['events[0].data.validUntil'], /ISO-8601/);
    });

    it('effectiveFrom "2025-02-30"', async () => {
      const res = await refused('agreement-feb-30', [
        agreementReached({ effectiveFrom: '2025-02-30', effectiveUntil: undefined }),
      ]);
      expectFieldErrors(res, ['events[0].data.effectiveFrom'], /ISO-8601/);
    });

    it('a source publishedAt that does not parse', async () => {
      const res = await refused('statement-published', [
        statementMade({}, { sources: [{ publisher: 'Wire', publishedAt: '2025-13-01' }] }),
      ]);
      expectCoercionError(res, 'events[0].sources[0].publishedAt', '2025-13-01');
    });
  });

  describe('the envelope', () => {
    it.each(['Proposal 30 Day', '-leading-dash', 'UPPER', 'a'.repeat(129), ''])(
      'a stream id of the wrong shape: %j',
      async (streamId) => {
        const res = await refused(streamId, [statementMade()]);
        expectFieldErrors(res, ['streamId'], /\^\[a-z0-9\]/);
      },
    );

    it('an event over 64 KiB', async () => {
      const big = Array.from({ length: 8 }, (_, i) => ({ publisher: `Wire ${i}`, quotedText: 'q'.repeat(9000) }));
      const res = await refused('statement-big', [statementMade({}, { sources: big })]);
      expectFieldErrors(res, ['events[0]'], /64 KiB/);
    });

    it('an event just under 64 KiB is accepted', async () => {
      const large = Array.from({ length: 6 }, (_, i) => ({ publisher: `Wire ${i}`, quotedText: 'q'.repeat(9000) }));
      const res = await appendRaw(t, { streamId: 'statement-large', events: [statementMade({}, { sources: large })] });
      expect(res.errors).toBeUndefined();
      expect(res.data!.appendEvents.events).toHaveLength(1);
    });

    it('501 events in one append', async () => {
      const events = Array.from({ length: 501 }, () => statementMade());
      expectFieldErrors(await refused('statement-501', events), ['events'], /501.*500/);
    });

    it('an append with no events', async () => {
      expectFieldErrors(await refused('statement-none', []), ['events']);
    });

    it('an event without sources (empty list)', async () => {
      const res = await refused('statement-no-sources', [statementMade({}, { sources: [] })]);
      expectFieldErrors(res, ['events[0].sources'], /at least one source/);
    });

    it('a source without publisher', async () => {
      const res = await refused('statement-no-publisher', [
        { ...statementMade(), sources: [{ url: 'https://example.org' }] },
      ]);
      expectCoercionError(res, 'events[0].sources[0]', 'publisher');
    });

    it('a source with a blank publisher', async () => {
      const res = await refused('statement-blank-publisher', [statementMade({}, { sources: [{ publisher: '   ' }] })]);
      expectFieldErrors(res, ['events[0].sources[0].publisher']);
    });

    it('a source url that is not http(s)', async () => {
      const res = await refused('statement-bad-url', [
        statementMade({}, { sources: [{ publisher: 'Wire', url: 'javascript:alert(1)' }] }),
      ]);
      expectFieldErrors(res, ['events[0].sources[0].url']);
    });

    it('an acceptance appended to a stream with no PROPOSAL_MADE', async () => {
      const res = await refused('strike-setup', [proposalAccepted()]);
      expectFieldErrors(res, ['events[0].type'], /PROPOSAL_MADE/);
    });

    it('an acceptance appended to a stream that does not exist', async () => {
      const res = await refused('proposal-nowhere', [proposalRejected()]);
      expectFieldErrors(res, ['events[0].type'], /PROPOSAL_MADE/);
    });

    it('a pledge withdrawal appended to a stream with no PLEDGE_MADE', async () => {
      const res = await refused('proposal-setup', [pledgeWithdrawn()]);
      expectFieldErrors(res, ['events[0].type'], /PLEDGE_MADE/);
    });

    it('an expectedVersion of -1', async () => {
      const res = await refused('statement-minus-one', [statementMade()], -1);
      expectFieldErrors(res, ['expectedVersion'], /≥ 0/);
    });

    it('a malformed event id', async () => {
      const res = await refused('statement-bad-id', [statementMade({}, { id: 'event-1' })]);
      expectFieldErrors(res, ['events[0].id'], /UUID/i);
    });

    it('the same id twice in one batch', async () => {
      const id = crypto.randomUUID();
      const res = await refused('statement-twice', [statementMade({}, { id }), statementMade({}, { id })]);
      expectFieldErrors(res, ['events[1].id'], /events\[0\]/);
    });

    it('reports every problem of a batch, each with its path', async () => {
      const res = await refused('call-many-problems', [
        rawEvent('CALL_HELD', { participants: ['trump', 'putn'], channel: 'FAX' }),
        statementMade({ speaker: 'kremlin', text: undefined }, { sources: [] }),
      ]);
      const paths = (res.errors![0].extensions!.errors as Array<{ path: string }>).map((e) => e.path).sort();
      expect(paths).toEqual(['events[0].data.channel', 'events[1].data.text', 'events[1].sources'].sort());
    });
  });
});

/** The catalogue's CAMEO code of each step, with the payload rule that picks it. */
interface Step {
  type: string;
  stream: string;
  event: (ids: Record<string, string>) => TestEvent;
  typename: string;
  cameo: string | null;
  /** Words the summary must contain (actor names, not ids). */
  mentions: string[];
}

const STEPS: Step[] = [
  {
    type: 'CALL_HELD',
    stream: 'call-v',
    event: () => callHeld({ durationMinutes: 90, topics: ['a pause on energy strikes'] }),
    typename: 'CallHeld',
    cameo: '041',
    mentions: ['Donald Trump', 'Vladimir Putin'],
  },
  // a topic of peace talks: 046 (engage in negotiation), not 044
  {
    type: 'MEETING_HELD',
    stream: 'meeting-v',
    event: () => meetingHeld({ participants: ['trump', 'putin'], mediator: 'saudi-arabia', topics: ['peace talks'] }),
    typename: 'MeetingHeld',
    cameo: '046',
    mentions: ['Donald Trump', 'Riyadh'],
  },
  {
    type: 'STATEMENT_MADE',
    stream: 'statement-v',
    event: () =>
      statementMade({
        speaker: 'kremlin',
        text: 'Putin immediately ordered the military to stop strikes on energy infrastructure',
        venue: 'Kremlin readout',
        about: ['putin'],
      }),
    typename: 'StatementMade',
    cameo: '010',
    mentions: ['The Kremlin'],
  },
  // "at odds with reality" accuses: 1123
  {
    type: 'CLAIM_DISPUTED',
    stream: 'statement-v',
    event: (ids) => claimDisputed(ids.STATEMENT_MADE),
    typename: 'ClaimDisputed',
    cameo: '1123',
    mentions: ['Volodymyr Zelensky'],
  },
  {
    type: 'PROPOSAL_MADE',
    stream: 'proposal-v',
    event: () => proposalMade(),
    typename: 'ProposalMade',
    cameo: '0256',
    mentions: ['United States', 'Ukraine', 'Russia'],
  },
  {
    type: 'PROPOSAL_ACCEPTED',
    stream: 'proposal-v',
    event: () => proposalAccepted(),
    typename: 'ProposalAccepted',
    cameo: '0356',
    mentions: ['Ukraine'],
  },
  {
    type: 'PROPOSAL_REJECTED',
    stream: 'proposal-v',
    event: () => proposalRejected(),
    typename: 'ProposalRejected',
    cameo: '1246',
    mentions: ['Russia'],
  },
  // not a de-escalation demand: 100
  {
    type: 'DEMAND_MADE',
    stream: 'demand-v',
    event: () => demandMade({ demand: 'an end to foreign military aid to Ukraine', conditionFor: 'proposal-v' }),
    typename: 'DemandMade',
    cameo: '100',
    mentions: ['Vladimir Putin', 'United States'],
  },
  // a declared (unilateral) ceasefire: 0871
  {
    type: 'AGREEMENT_REACHED',
    stream: 'agreement-v',
    event: () =>
      agreementReached({ effectiveFrom: '2025-04-19T18:00:00+03:00', effectiveUntil: '2025-04-21T00:00:00+03:00' }),
    typename: 'AgreementReached',
    cameo: '0871',
    mentions: ['Russia', 'Easter truce'],
  },
  // a halt of strikes: 0356
  {
    type: 'PLEDGE_MADE',
    stream: 'pledge-v',
    event: () => pledgeMade({ ceasefireId: 'agreement-v' }),
    typename: 'PledgeMade',
    cameo: '0356',
    mentions: ['Vladimir Putin'],
  },
  // by drone: 195
  {
    type: 'STRIKE_REPORTED',
    stream: 'strike-v',
    event: () => strikeReported({ impact: 'half the city without power' }),
    typename: 'StrikeReported',
    cameo: '195',
    mentions: ['Russia', 'Sloviansk'],
  },
  {
    type: 'VIOLATION_REPORTED',
    stream: 'pledge-v',
    event: (ids) =>
      violationReported({
        evidenceEventIds: [ids.STRIKE_REPORTED],
        text: 'strikes on energy infrastructure continued',
      }),
    typename: 'ViolationReported',
    cameo: '196',
    mentions: ['Volodymyr Zelensky', 'Russia'],
  },
  {
    type: 'PLEDGE_WITHDRAWN',
    stream: 'pledge-v',
    event: () => pledgeWithdrawn(),
    typename: 'PledgeWithdrawn',
    cameo: '1246',
    mentions: ['Vladimir Putin'],
  },
  {
    type: 'EVENT_CORRECTED',
    stream: 'call-v',
    event: (ids) =>
      eventCorrected(ids.CALL_HELD, {
        data: { participants: ['trump', 'putin'], durationMinutes: 120, channel: 'PHONE' },
        occurredPrecision: undefined,
        reason: 'the call lasted two hours',
      }),
    typename: 'EventCorrected',
    cameo: null,
    mentions: ['two hours'],
  },
  {
    type: 'EVENT_RETRACTED',
    stream: 'meeting-v',
    event: (ids) => eventRetracted(ids.MEETING_HELD, { reason: 'duplicate of another report' }),
    typename: 'EventRetracted',
    cameo: null,
    mentions: ['duplicate'],
  },
];

function expectSentence(summary: string): void {
  expect(typeof summary).toBe('string');
  expect(summary).toMatch(/^[A-Z][\s\S]*\.$/);
  expect(summary.length).toBeLessThanOrEqual(300);
  expect(summary).not.toMatch(/undefined|null|\[object|NaN/);
  expect(summary).not.toMatch(/\s{2,}/);
}

describe('a good event of each of the 15 types', () => {
  const ids: Record<string, string> = {};

  it('covers every value of the running EventType enum once', async () => {
    const res = await t.gql(`{ __type(name: "EventType") { enumValues { name } } }`, {}, null);
    expect(res.errors).toBeUndefined();
    const values = (res.data.__type.enumValues as Array<{ name: string }>).map((v) => v.name).sort();
    expect(values).toHaveLength(15);
    expect(STEPS.map((s) => s.type).sort()).toEqual(values);
  });

  it.each(STEPS)('accepts $type: summary is a sentence, cameoCode $cameo', async (step) => {
    const before = await storeState(t.database.url);
    const res = await appendRaw(t, { streamId: step.stream, events: [step.event(ids)] });
    expect(res.errors).toBeUndefined();
    const [event] = res.data!.appendEvents.events;
    ids[step.type] = event.id;
    expect(event.type).toBe(step.type);
    expect(event.__typename).toBe(step.typename);
    expect(event.streamId).toBe(step.stream);
    expect(event.position).toBe(String(BigInt(before.head) + 1n));
    expect(res.data!.appendEvents.lastPosition).toBe(event.position);
    expect(event.cameoCode).toBe(step.cameo);
    expectSentence(event.summary);
    for (const words of step.mentions) expect(event.summary).toContain(words);
    // Display names, not ids, in the sentence.
    for (const actor of event.actors as Array<{ id: string }>) {
      if (ACTOR_NAMES[actor.id] && ACTOR_NAMES[actor.id].toLowerCase() !== actor.id)
        expect(event.summary).not.toMatch(new RegExp(`\\b${actor.id}\\b`));
    }
    // The stored event reads back the same.
    const read = await t.gql(
      `query($id: ID!) { event(id: $id) { __typename id type summary cameoCode } }`,
      { id: event.id },
      null,
    );
    expect(read.errors).toBeUndefined();
    expect(read.data.event).toEqual({
      __typename: step.typename,
      id: event.id,
      type: step.type,
      summary: event.summary,
      cameoCode: step.cameo,
    });
  });

  it('reads each stream back in order', async () => {
    const res = await t.gql(`{ stream(id: "pledge-v") { id version events { type streamVersion } } }`, {}, null);
    expect(res.errors).toBeUndefined();
    expect(res.data.stream).toEqual({
      id: 'pledge-v',
      version: 3,
      events: [
        { type: 'PLEDGE_MADE', streamVersion: 1 },
        { type: 'VIOLATION_REPORTED', streamVersion: 2 },
        { type: 'PLEDGE_WITHDRAWN', streamVersion: 3 },
      ],
    });
  });
});

describe('the alternate CAMEO codes of the catalogue', () => {
  const cases: Array<{ name: string; type: string; data: Record<string, unknown>; cameo: string }> = [
    {
      name: 'MEETING_HELD without negotiation',
      type: 'MEETING_HELD',
      data: { participants: ['trump', 'putin'], place: 'Helsinki', topics: ['trade'] },
      cameo: '044',
    },
    {
      name: 'CLAIM_DISPUTED that does not accuse',
      type: 'CLAIM_DISPUTED',
      data: { disputedEventId: '', by: 'zelensky', text: 'the numbers need to be checked' },
      cameo: '010',
    },
    {
      name: 'DEMAND_MADE of de-escalation',
      type: 'DEMAND_MADE',
      data: { by: 'zelensky', addressee: 'russia', demand: 'halt all strikes on cities' },
      cameo: '1056',
    },
    {
      name: 'AGREEMENT_REACHED between parties',
      type: 'AGREEMENT_REACHED',
      data: { parties: ['ukraine', 'russia'], title: 'Prisoner exchange', terms: { kind: 'PRISONER_EXCHANGE' } },
      cameo: '057',
    },
    {
      name: 'PLEDGE_MADE of aid',
      type: 'PLEDGE_MADE',
      data: { by: 'trump', to: 'zelensky', commitment: { action: 'PROVIDE_AID', text: 'more air defence' } },
      cameo: '030',
    },
    {
      name: 'STRIKE_REPORTED by missile',
      type: 'STRIKE_REPORTED',
      data: { attacker: 'russia', targetCategory: 'CIVILIAN', place: 'Kharkiv', means: 'MISSILE' },
      cameo: '194',
    },
    {
      name: 'STRIKE_REPORTED by aircraft',
      type: 'STRIKE_REPORTED',
      data: { attacker: 'russia', targetCategory: 'MILITARY', place: 'Kherson', means: 'AIRCRAFT' },
      cameo: '195',
    },
  ];

  it.each(cases)('$name → $cameo', async ({ type, data, cameo }) => {
    const payload = { ...data };
    if (type === 'CLAIM_DISPUTED') payload.disputedEventId = strikeId;
    const res = await appendRaw(t, {
      streamId: `alt-${crypto.randomUUID().slice(0, 8)}`,
      events: [rawEvent(type, payload)],
    });
    expect(res.errors).toBeUndefined();
    expect(res.data!.appendEvents.events[0].cameoCode).toBe(cameo);
    expectSentence(res.data!.appendEvents.events[0].summary);
  });
});
