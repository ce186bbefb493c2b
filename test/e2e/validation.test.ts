/**
 * Validation of appends over HTTP: every refusal names the exact field path (in the message and in
 * extensions.errors) and writes nothing; a good event of each of the 18 types is accepted, with a
 * one-sentence summary and the catalogue's CAMEO code; the second edition's fields and rules (who
 * may answer a proposal, where answers, reports and fulfilments go) and how its fields read back.
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
  conditionsMet,
  demandMade,
  eventCorrected,
  eventRetracted,
  implementationReported,
  meetingHeld,
  pledgeFulfilled,
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
  await appendEvents(t, {
    streamId: 'pledge-setup',
    events: [pledgeMade({ commitment: { action: 'RELEASE', text: '175 prisoners of war' }, durationDays: undefined })],
  });
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
      expectFieldErrors(res, ['events[0].type'], /goes into the stream of a PROPOSAL_MADE or AGREEMENT_REACHED/);
    });

    it('an acceptance appended to a stream that does not exist', async () => {
      const res = await refused('proposal-nowhere', [proposalRejected()]);
      expectFieldErrors(res, ['events[0].type'], /goes into the stream of a PROPOSAL_MADE or AGREEMENT_REACHED/);
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
  // no code: the act that met the conditions is an event of its own
  {
    type: 'CONDITIONS_MET',
    stream: 'proposal-v',
    event: () => conditionsMet(),
    typename: 'ConditionsMet',
    cameo: null,
    mentions: ['Ukraine', 'monitoring'],
  },
  // in a stream of its own, carrying out a ceasefire proposal: 087
  {
    type: 'IMPLEMENTATION_REPORTED',
    stream: 'report-v',
    event: () => implementationReported({ implements: ['proposal-v'] }),
    typename: 'ImplementationReported',
    cameo: '087',
    mentions: ['Ukraine', '390 prisoners received from Russia', 'stage 1'],
  },
  // the fulfilment of a RELEASE pledge: 0841
  {
    type: 'PLEDGE_FULFILLED',
    stream: 'pledge-setup',
    event: () => pledgeFulfilled(),
    typename: 'PledgeFulfilled',
    cameo: '0841',
    mentions: ['Vladimir Putin', 'fulfilled'],
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

describe('a good event of each of the 18 types', () => {
  const ids: Record<string, string> = {};

  it('covers every value of the running EventType enum once', async () => {
    const res = await t.gql(`{ __type(name: "EventType") { enumValues { name } } }`, {}, null);
    expect(res.errors).toBeUndefined();
    const values = (res.data.__type.enumValues as Array<{ name: string }>).map((v) => v.name).sort();
    expect(values).toHaveLength(18);
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

// ---------------------------------------------------------------------------------------------
// The second edition

describe('second edition: refused appends name the field and write nothing', () => {
  const exchange = (data: Record<string, unknown> = {}) =>
    proposalMade({
      title: 'Istanbul exchange',
      terms: { kind: 'PRISONER_EXCHANGE', quantities: [{ what: 'prisoners', count: 1000 }] },
      ...data,
    });

  it.each<[string, RawEvent, string, RegExp]>([
    [
      'a negative count in the terms',
      withData(exchange(), {
        terms: {
          kind: 'PRISONER_EXCHANGE',
          quantities: [
            { what: 'prisoners', count: 1000 },
            { what: 'bodies', count: -1 },
          ],
        },
      }),
      'events[0].data.terms.quantities[1].count',
      /^must be an integer ≥ 0$/,
    ],
    [
      'atLeast without count',
      withData(exchange(), {
        terms: { kind: 'PRISONER_EXCHANGE', quantities: [{ what: 'prisoners', atLeast: true }] },
      }),
      'events[0].data.terms.quantities[0].atLeast',
      /^may only be given with count$/,
    ],
    [
      'a quantity without what',
      withData(implementationReported({ implements: ['proposal-setup'] }), { quantities: [{ count: 3 }] }),
      'events[0].data.quantities[0].what',
      /^is required$/,
    ],
    [
      'an unknown field in a quantity',
      withData(exchange(), { terms: { kind: 'OTHER', quantities: [{ what: 'x', unit: 'people' }] } }),
      'events[0].data.terms.quantities[0].unit',
      /^unknown field$/,
    ],
    [
      'both mediator and mediators',
      meetingHeld({ mediator: 'saudi-arabia', mediators: ['us'] }),
      'events[0].data.mediators',
      /^may not be given with mediator/,
    ],
    ['round 0', meetingHeld({ round: 0 }), 'events[0].data.round', /^must be an integer ≥ 1$/],
    [
      'a malformed counterTo',
      withData(exchange(), { counterTo: 'Proposal Setup' }),
      'events[0].data.counterTo',
      /stream id/,
    ],
    [
      'an empty list of conditions met',
      withData(conditionsMet(), { conditions: [] }),
      'events[0].data.conditions',
      /^must list at least 1 condition$/,
    ],
    [
      'an empty condition met',
      conditionsMet({ conditions: [''] }),
      'events[0].data.conditions[0]',
      /^must not be empty$/,
    ],
    [
      'an implementation report without text',
      implementationReported({ implements: ['proposal-setup'], text: undefined }),
      'events[0].data.text',
      /^is required$/,
    ],
    [
      'an empty implements',
      implementationReported({ implements: [] }),
      'events[0].data.implements',
      /^must list at least 1 stream$/,
    ],
    [
      'complete as text',
      withData(implementationReported(), { complete: 'yes' }),
      'events[0].data.complete',
      /true or false/,
    ],
  ])('%s', async (_what, event, path, reason) => {
    expectFieldErrors(await refused('second-edition-shape', [event]), [path], reason);
  });

  it.each<[string, RawEvent, string]>([
    ['a backer', exchange({ backers: ['turkiye'] }), 'events[0].data.backers[0]'],
    ['a mediator of a proposal', exchange({ mediators: ['un'] }), 'events[0].data.mediators[0]'],
    [
      'a quantity’s receiver',
      exchange({
        terms: { kind: 'PRISONER_EXCHANGE', quantities: [{ what: 'prisoners', from: 'russia', to: 'kyiv' }] },
      }),
      'events[0].data.terms.quantities[0].to',
    ],
    [
      'a guarantor',
      agreementReached({ guarantors: ['nato'], unilateral: false, parties: ['russia', 'ukraine'] }),
      'events[0].data.guarantors[0]',
    ],
    ['a mediator of a meeting', meetingHeld({ mediators: ['us', 'vatican'] }), 'events[0].data.mediators[1]'],
    [
      'the party of an implementation report',
      implementationReported({ implements: ['proposal-setup'], party: 'wagner' }),
      'events[0].data.party',
    ],
    [
      'the reporter of an implementation report',
      implementationReported({ implements: ['proposal-setup'], reportedBy: 'ombudsman' }),
      'events[0].data.reportedBy',
    ],
    [
      'the from of a reported quantity',
      implementationReported({ implements: ['proposal-setup'], quantities: [{ what: 'prisoners', from: 'moscow' }] }),
      'events[0].data.quantities[0].from',
    ],
  ])('an unknown actor: %s', async (_what, event, path) => {
    expectFieldErrors(await refused('second-edition-actors', [event]), [path], /^unknown actor "/);
  });

  it('an unknown actor in a pledge fulfilment and in conditions met', async () => {
    expectFieldErrors(
      await refused('pledge-setup', [pledgeFulfilled({ by: 'gazprom' })]),
      ['events[0].data.by'],
      /unknown actor "gazprom"/,
    );
    expectFieldErrors(
      await refused('proposal-setup', [conditionsMet({ party: 'rada' })]),
      ['events[0].data.party'],
      /unknown actor "rada"/,
    );
  });

  it('a counterTo naming a stream that does not exist, holds no proposal, or is the proposal’s own', async () => {
    expectFieldErrors(
      await refused('proposal-counter', [exchange({ counterTo: 'proposal-nowhere' })]),
      ['events[0].data.counterTo'],
      /^no stream "proposal-nowhere"$/,
    );
    expectFieldErrors(
      await refused('proposal-counter', [exchange({ counterTo: 'strike-setup' })]),
      ['events[0].data.counterTo'],
      /^stream "strike-setup" holds no proposal or agreement to counter$/,
    );
    expectFieldErrors(
      await refused('proposal-setup', [exchange({ counterTo: 'proposal-setup' })]),
      ['events[0].data.counterTo'],
      /own stream/,
    );
  });

  it('an implementation report that names streams that do not exist or hold no agreement, or names none', async () => {
    expectFieldErrors(
      await refused('report-bad', [implementationReported({ implements: ['agreement-nowhere', 'strike-setup'] })]),
      ['events[0].data.implements[0]', 'events[0].data.implements[1]'],
      /^no stream "agreement-nowhere"$/,
    );
    expectFieldErrors(
      await refused('report-bad', [implementationReported()]),
      ['events[0].data.implements'],
      /^is required: stream "report-bad" holds no proposal or agreement/,
    );
  });

  it('conditions met in a stream without a proposal, a fulfilment in a stream without a pledge', async () => {
    expectFieldErrors(
      await refused('strike-setup', [conditionsMet()]),
      ['events[0].type'],
      /^CONDITIONS_MET goes into the stream of a PROPOSAL_MADE or AGREEMENT_REACHED; stream "strike-setup" has none$/,
    );
    expectFieldErrors(
      await refused('proposal-setup', [pledgeFulfilled()]),
      ['events[0].type'],
      /^PLEDGE_FULFILLED goes into the stream of a PLEDGE_MADE; stream "proposal-setup" has none$/,
    );
  });
});

describe('second edition: who may answer a proposal', () => {
  const nonParty = (actor: string, stream: string) =>
    new RegExp(`^"${actor}" is on no party's side of ${stream}; a non-party's view is a STATEMENT_MADE$`);

  it('refuses an acceptance by the proposer, who is no party, and writes nothing', async () => {
    const res = await refused('proposal-setup', [proposalAccepted({ party: 'trump' })]);
    const [error] = expectFieldErrors(res, ['events[0].data.party'], nonParty('trump', 'proposal-setup'));
    expect(res.errors![0].message).toContain(`events[0].data.party: ${error.reason}`);
  });

  it('refuses conditions met by a mediator and a rejection by a bystander', async () => {
    expectFieldErrors(
      await refused('proposal-setup', [conditionsMet({ party: 'saudi-arabia' })]),
      ['events[0].data.party'],
      nonParty('saudi-arabia', 'proposal-setup'),
    );
    expectFieldErrors(
      await refused('proposal-setup', [proposalRejected({ party: 'saudi-arabia' })]),
      ['events[0].data.party'],
      nonParty('saudi-arabia', 'proposal-setup'),
    );
  });

  it('refuses the whole batch when its proposal’s answer comes from no party’s side', async () => {
    const res = await refused('proposal-batch', [
      proposalMade({ proposers: ['us'], parties: ['ukraine'] }),
      proposalAccepted({ party: 'zelensky' }),
      proposalAccepted({ party: 'kremlin' }),
    ]);
    expectFieldErrors(res, ['events[2].data.party'], nonParty('kremlin', 'proposal-batch'));
  });

  it('refuses a correction that gives an acceptance a non-party', async () => {
    const stored = await appendEvents(t, {
      streamId: 'proposal-corrected',
      events: [proposalMade(), proposalAccepted({ party: 'ukraine' })],
    });
    const res = await refused('proposal-corrected', [
      eventCorrected(stored.events[1].id, { data: { party: 'waltz' }, occurredPrecision: undefined, reason: 'r' }),
    ]);
    expectFieldErrors(res, ['events[0].data.data.party'], nonParty('waltz', 'proposal-corrected'));
  });

  it('takes an answer by anyone on a party’s side, a withdrawal by the proposer’s side, and an answer to an agreement', async () => {
    const res = await appendRaw(t, {
      streamId: 'proposal-sides',
      events: [
        proposalMade(),
        proposalAccepted({ party: 'zelensky', conditions: ['monitoring'] }),
        conditionsMet({ party: 'ukraine' }),
        proposalAccepted({ party: 'ushakov' }),
        proposalRejected({ party: 'trump', reason: 'withdrawn' }),
      ],
    });
    expect(res.errors).toBeUndefined();
    expect(res.data!.appendEvents.events.map((e) => e.type)).toEqual([
      'PROPOSAL_MADE',
      'PROPOSAL_ACCEPTED',
      'CONDITIONS_MET',
      'PROPOSAL_ACCEPTED',
      'PROPOSAL_REJECTED',
    ]);
    const truce = await appendRaw(t, {
      streamId: 'agreement-renounced',
      events: [agreementReached(), proposalRejected({ party: 'putin', reason: 'the truce is over' })],
    });
    expect(truce.errors).toBeUndefined();
  });

  it('stores a fulfilment by another side than the pledger’s (the read model ignores it)', async () => {
    const res = await appendRaw(t, { streamId: 'pledge-setup', events: [pledgeFulfilled({ by: 'zelensky' })] });
    expect(res.errors).toBeUndefined();
  });
});

describe('second edition: codes follow the subject answered', () => {
  it.each<[string, TermsKindName, string, string, string, string]>([
    ['a ceasefire', 'CEASEFIRE', '0256', '0356', '1246', '087'],
    ['a prisoner exchange', 'PRISONER_EXCHANGE', '0253', '0353', '1243', '0841'],
    ['a peace deal', 'PEACE_DEAL', '02', '03', '12', '08'],
    ['other terms', 'OTHER', '02', '03', '12', '08'],
  ])('%s: proposal %s / %s … %s, acceptance %s, rejection %s, report %s', async (_what, kind, ...codes) => {
    const stream = `proposal-kind-${kind.toLowerCase().replace(/_/g, '-')}`;
    const res = await appendEvents(t, {
      streamId: stream,
      events: [
        proposalMade({ terms: { kind } }),
        proposalAccepted({ party: 'ukraine' }),
        proposalRejected({ party: 'russia' }),
        implementationReported(),
        conditionsMet(),
      ],
    });
    expect(res.events.map((e) => e.cameoCode)).toEqual([...codes, null]);
  });
});

type TermsKindName = 'CEASEFIRE' | 'PRISONER_EXCHANGE' | 'PEACE_DEAL' | 'OTHER';

describe('second edition: the new fields read back over GraphQL', () => {
  const EVENT = `query($id: ID!) { event(id: $id) {
    __typename type actors { id }
    ... on MeetingHeld { mediator { id } mediators { id } round }
    ... on ProposalMade { counterTo backers { id } mediators { id } terms { kind quantities { what count atLeast from { id name } to { id } } } }
    ... on AgreementReached { mediators { id } guarantors { id } terms { quantities { what count atLeast } } }
    ... on ConditionsMet { party { id } conditions text }
    ... on ImplementationReported { reportedBy { id } carriedOutBy: party { id } stage complete implements report: text quantities { what count from { name } to { name } } }
    ... on PledgeFulfilled { by { name } how: text }
  } }`;
  const read = async (id: string) => {
    const res = await t.gql(EVENT, { id }, null);
    expect(res.errors).toBeUndefined();
    return res.data.event;
  };

  it('a first-edition meeting reads its mediator as a list of one; a second-edition one lists them all', async () => {
    const res = await appendEvents(t, {
      streamId: 'meeting-read',
      events: [meetingHeld({ mediator: 'saudi-arabia' }), meetingHeld({ mediators: ['saudi-arabia', 'us'], round: 2 })],
    });
    expect(await read(res.events[0].id)).toMatchObject({
      mediator: { id: 'saudi-arabia' },
      mediators: [{ id: 'saudi-arabia' }],
      round: null,
    });
    expect(await read(res.events[1].id)).toMatchObject({
      mediator: { id: 'saudi-arabia' },
      mediators: [{ id: 'saudi-arabia' }, { id: 'us' }],
      round: 2,
      actors: [{ id: 'waltz' }, { id: 'ushakov' }, { id: 'saudi-arabia' }, { id: 'us' }],
    });
  });

  it('a counter-proposal with backers, mediators and quantities; an agreement with mediators and guarantors', async () => {
    const proposal = await appendEvents(t, {
      streamId: 'proposal-counter-read',
      events: [
        proposalMade({
          proposers: ['russia'],
          parties: ['ukraine'],
          counterTo: 'proposal-setup',
          backers: ['kremlin'],
          mediators: ['saudi-arabia'],
          terms: {
            kind: 'PRISONER_EXCHANGE',
            quantities: [
              { what: 'prisoners', count: 1000, atLeast: true, from: 'russia', to: 'ukraine' },
              { what: 'bodies' },
            ],
          },
        }),
      ],
    });
    expect(await read(proposal.events[0].id)).toEqual({
      __typename: 'ProposalMade',
      type: 'PROPOSAL_MADE',
      actors: [{ id: 'russia' }, { id: 'ukraine' }, { id: 'kremlin' }, { id: 'saudi-arabia' }],
      counterTo: 'proposal-setup',
      backers: [{ id: 'kremlin' }],
      mediators: [{ id: 'saudi-arabia' }],
      terms: {
        kind: 'PRISONER_EXCHANGE',
        quantities: [
          {
            what: 'prisoners',
            count: 1000,
            atLeast: true,
            from: { id: 'russia', name: 'Russia' },
            to: { id: 'ukraine' },
          },
          { what: 'bodies', count: null, atLeast: false, from: null, to: null },
        ],
      },
    });
    expect(proposal.events[0].summary).toContain('as a counter-proposal to proposal-setup');
    const agreement = await appendEvents(t, {
      streamId: 'agreement-read',
      events: [
        agreementReached({
          unilateral: false,
          parties: ['russia', 'ukraine'],
          mediators: ['us'],
          guarantors: ['saudi-arabia'],
        }),
      ],
    });
    expect(await read(agreement.events[0].id)).toMatchObject({
      mediators: [{ id: 'us' }],
      guarantors: [{ id: 'saudi-arabia' }],
      terms: { quantities: [] },
    });
  });

  it('conditions met, an implementation report and a fulfilment', async () => {
    const answers = await appendEvents(t, {
      streamId: 'proposal-read',
      events: [
        proposalMade({ terms: { kind: 'PRISONER_EXCHANGE' } }),
        proposalAccepted({ party: 'zelensky', conditions: ['monitoring'] }),
        conditionsMet({ party: 'zelensky' }),
        implementationReported({ party: 'russia', complete: true }),
      ],
    });
    expect(await read(answers.events[2].id)).toMatchObject({
      __typename: 'ConditionsMet',
      party: { id: 'zelensky' },
      conditions: ['monitoring'],
      text: 'the monitors arrived',
    });
    expect(await read(answers.events[3].id)).toMatchObject({
      __typename: 'ImplementationReported',
      reportedBy: { id: 'ukraine' },
      carriedOutBy: { id: 'russia' },
      stage: '1',
      complete: true,
      implements: [],
      report: 'the first 390 prisoners came home',
      quantities: [{ what: 'prisoners', count: 390, from: { name: 'Russia' }, to: { name: 'Ukraine' } }],
    });
    const fulfilled = await appendEvents(t, {
      streamId: 'pledge-setup',
      events: [pledgeFulfilled({ text: undefined })],
    });
    expect(await read(fulfilled.events[0].id)).toEqual({
      __typename: 'PledgeFulfilled',
      type: 'PLEDGE_FULFILLED',
      actors: [{ id: 'putin' }],
      by: { name: 'Vladimir Putin' },
      how: null,
    });
  });
});

// ---------------------------------------------------------------------------------------------
// The claims ledger's payload fields

describe('claims ledger fields: refused appends name the field and write nothing', () => {
  /** A stored call and meeting (what a readout may name). */
  let callId: string;
  let meetingId: string;
  /** A stored report made on 2025-04-20 (DAY) about the evening before until noon. */
  let reportId: string;

  beforeAll(async () => {
    callId = (await appendEvents(t, { streamId: 'call-readout', events: [callHeld()] })).events[0].id;
    meetingId = (await appendEvents(t, { streamId: 'meeting-readout', events: [meetingHeld()] })).events[0].id;
    reportId = (
      await appendEvents(t, {
        streamId: 'agreement-reports',
        events: [
          violationReported(
            { periodFrom: '2025-04-19T18:00:00Z', periodUntil: '2025-04-20T12:00:00Z' },
            { occurredAt: '2025-04-20', occurredPrecision: 'DAY' },
          ),
        ],
      })
    ).events[0].id;
  });

  /** A report made on 2025-04-20, known to the day: it may claim violations up to 2025-04-21T00:00:00Z. */
  const report = (data: Record<string, unknown>) =>
    violationReported(data, { occurredAt: '2025-04-20', occurredPrecision: 'DAY' });
  const tooLate =
    /^must not be later than 2025-04-21T00:00:00\.000Z, the end of the report's occurredAt at DAY precision/;

  it.each<[string, RawEvent, string, RegExp]>([
    ['a count of 0', report({ count: 0 }), 'events[0].data.count', /^must be an integer ≥ 1$/],
    ['a count of 1.5', report({ count: 1.5 }), 'events[0].data.count', /^must be an integer ≥ 1$/],
    ['a count of "3"', withData(report({}), { count: '3' }), 'events[0].data.count', /^must be an integer ≥ 1$/],
    ['a count over a million', report({ count: 1_000_001 }), 'events[0].data.count', /^must be at most 1000000$/],
    [
      'periodFrom after periodUntil',
      report({ periodFrom: '2025-04-20T12:00:00Z', periodUntil: '2025-04-20T11:59:59.999Z' }),
      'events[0].data.periodUntil',
      /^must not be before periodFrom$/,
    ],
    [
      'periodUntil 1 ms after the end of the report’s day',
      report({ periodUntil: '2025-04-21T00:00:00.001Z' }),
      'events[0].data.periodUntil',
      tooLate,
    ],
    [
      'periodFrom alone after the end of the report’s day',
      report({ periodFrom: '2025-04-21T09:00+03:00' }),
      'events[0].data.periodFrom',
      tooLate,
    ],
    [
      'a periodUntil that is no date-time',
      report({ periodUntil: '2025-04-31' }),
      'events[0].data.periodUntil',
      /ISO-8601/,
    ],
    ['cumulative as text', withData(report({}), { cumulative: 'yes' }), 'events[0].data.cumulative', /true or false/],
    [
      'a readoutOf that is no uuid',
      statementMade({ readoutOf: 'call-readout' }),
      'events[0].data.readoutOf',
      /^must be a uuid$/,
    ],
  ])('%s', async (_what, event, path, reason) => {
    expectFieldErrors(await refused('claims-shape', [event]), [path], reason);
  });

  it('a readoutOf naming no event, or an event that is no call or meeting', async () => {
    const missing = crypto.randomUUID();
    expectFieldErrors(
      await refused('statement-readout', [statementMade({ readoutOf: missing })]),
      ['events[0].data.readoutOf'],
      new RegExp(`^no event with id "${missing}"$`),
    );
    expectFieldErrors(
      await refused('statement-readout', [statementMade({ readoutOf: strikeId })]),
      ['events[0].data.readoutOf'],
      /^names a STRIKE_REPORTED; must name a CALL_HELD or MEETING_HELD$/,
    );
    // A statement earlier in the same batch is no call either.
    const statementId = crypto.randomUUID();
    expectFieldErrors(
      await refused('statement-readout', [
        statementMade({}, { id: statementId }),
        statementMade({ readoutOf: statementId }),
      ]),
      ['events[1].data.readoutOf'],
      /^names a STATEMENT_MADE; must name a CALL_HELD or MEETING_HELD$/,
    );
  });

  it('a correction whose new payload has a bad readoutOf, evidence that does not exist, or a period after the report', async () => {
    const statement = (await appendEvents(t, { streamId: 'statement-corrected', events: [statementMade()] })).events[0];
    const corrected = (data: Record<string, unknown>) =>
      eventCorrected(statement.id, { data: { speaker: 'trump', text: 'x', ...data }, occurredPrecision: undefined });
    expectFieldErrors(
      await refused('statement-corrected', [corrected({ readoutOf: strikeId })]),
      ['events[0].data.data.readoutOf'],
      /^names a STRIKE_REPORTED; must name a CALL_HELD or MEETING_HELD$/,
    );
    const missing = crypto.randomUUID();
    expectFieldErrors(
      await refused('statement-corrected', [corrected({ readoutOf: missing })]),
      ['events[0].data.data.readoutOf'],
      new RegExp(`^no event with id "${missing}"$`),
    );
    expectFieldErrors(
      await refused('agreement-reports', [
        eventCorrected(reportId, {
          data: { violator: 'russia', reportedBy: 'zelensky', evidenceEventIds: [strikeId, missing] },
          occurredPrecision: undefined,
        }),
      ]),
      ['events[0].data.data.evidenceEventIds[1]'],
      new RegExp(`^no event with id "${missing}"$`),
    );
    const reportCorrected = (data: Record<string, unknown>) =>
      eventCorrected(reportId, {
        data: { violator: 'russia', reportedBy: 'zelensky', ...data },
        occurredPrecision: undefined,
      });
    expectFieldErrors(
      await refused('agreement-reports', [reportCorrected({ periodUntil: '2025-04-21T00:00:00.001Z' })]),
      ['events[0].data.data.periodUntil'],
      tooLate,
    );
    expectFieldErrors(
      await refused('agreement-reports', [
        reportCorrected({ count: 0, periodFrom: '2025-04-20', periodUntil: '2025-04-19' }),
      ]),
      ['events[0].data.data.count', 'events[0].data.data.periodUntil'],
      /^must be an integer ≥ 1$/,
    );
  });

  it('a correction of the report’s time alone that its stored period no longer fits', async () => {
    expectFieldErrors(
      await refused('agreement-reports', [
        eventCorrected(reportId, { occurredAt: '2025-04-20T10:00:00Z', occurredPrecision: 'HOUR' }),
      ]),
      ['events[0].data.occurredAt'],
      /^would end the report at 2025-04-20T11:00:00\.000Z, before its periodUntil 2025-04-20T12:00:00Z: correct the period in data too$/,
    );
    expectFieldErrors(
      await refused('agreement-reports', [eventCorrected(reportId, { occurredPrecision: 'MINUTE' })]),
      ['events[0].data.occurredPrecision'],
      /^would end the report at 2025-04-20T00:01:00\.000Z/,
    );
  });

  it('takes a period ending exactly at the end of the report’s day, readouts of a call and a meeting (stored or earlier in the batch), and a correction that fits', async () => {
    const newCall = crypto.randomUUID();
    const res = await appendRaw(t, {
      streamId: 'claims-accepted',
      events: [
        report({
          count: 2935,
          periodFrom: '2025-04-19T18:00:00Z',
          periodUntil: '2025-04-21T00:00:00Z',
          cumulative: true,
        }),
        report({ periodFrom: '2025-04-21' }),
        statementMade({ readoutOf: callId }),
        statementMade({ readoutOf: meetingId.toUpperCase() }),
        callHeld({}, { id: newCall }),
        statementMade({ readoutOf: newCall }),
      ],
    });
    expect(res.errors).toBeUndefined();
    expect(res.data!.appendEvents.events.map((e) => e.summary)).toEqual([
      'Volodymyr Zelensky reported 2,935 violations by Russia from 2025-04-19 18:00 UTC until 2025-04-21 (a running total).',
      'Volodymyr Zelensky reported a violation by Russia from 2025-04-21.',
      'Donald Trump said (a readout): "very much on track".',
      'Donald Trump said (a readout): "very much on track".',
      expect.any(String),
      'Donald Trump said (a readout): "very much on track".',
    ]);
    const fits = await appendRaw(t, {
      streamId: 'agreement-reports',
      events: [eventCorrected(reportId, { occurredAt: '2025-04-20T12:00:00Z', occurredPrecision: 'HOUR' })],
    });
    expect(fits.errors).toBeUndefined();
  });
});

describe('claims ledger fields: read back over GraphQL', () => {
  const EVENT = `query($id: ID!) { event(id: $id) {
    __typename
    ... on StatementMade { readoutOf { __typename id type } }
    ... on ViolationReported { count periodFrom periodUntil cumulative }
  } }`;
  const read = async (id: string) => {
    const res = await t.gql(EVENT, { id }, null);
    expect(res.errors).toBeUndefined();
    return res.data.event;
  };

  it('a readout names its call; another statement reads null', async () => {
    const call = await appendEvents(t, { streamId: 'call-read', events: [callHeld()] });
    const statements = await appendEvents(t, {
      streamId: 'statement-read',
      events: [statementMade({ readoutOf: call.events[0].id }), statementMade()],
    });
    expect(await read(statements.events[0].id)).toEqual({
      __typename: 'StatementMade',
      readoutOf: { __typename: 'CallHeld', id: call.events[0].id, type: 'CALL_HELD' },
    });
    expect(await read(statements.events[1].id)).toEqual({ __typename: 'StatementMade', readoutOf: null });
  });

  it('a report reads its count, period and cumulative; a first-edition one reads 1, no period, false', async () => {
    const reports = await appendEvents(t, {
      streamId: 'agreement-read-reports',
      events: [
        violationReported(
          { count: 1000, periodFrom: '2025-04-19T21:00+03:00', periodUntil: '2025-04-21', cumulative: true },
          { occurredAt: '2025-04-21T08:00:00Z' },
        ),
        violationReported(),
      ],
    });
    expect(await read(reports.events[0].id)).toEqual({
      __typename: 'ViolationReported',
      count: 1000,
      periodFrom: '2025-04-19T18:00:00.000Z',
      periodUntil: '2025-04-21T00:00:00.000Z',
      cumulative: true,
    });
    expect(await read(reports.events[1].id)).toEqual({
      __typename: 'ViolationReported',
      count: 1,
      periodFrom: null,
      periodUntil: null,
      cumulative: false,
    });
  });
});
