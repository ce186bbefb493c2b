/**
 * The stream rules of an append that need the log (append-checks.ts), on batches prepared by
 * checkAppendEnvelope and on subjects as the store's look-up returns them: who may answer a
 * proposal, where answers, reports and fulfilments go, what a counter-proposal and a report may
 * name, and the context of the codes; what an event reference may name, and a correction of a
 * violation report held to the report's period rule.
 */
import type { FieldError } from '../../common/domain-error.js';
import type { EventType } from '../catalogue/event-types.js';
import { validatePayload } from '../catalogue/payload-validation.js';
import type { StoredSubject, StreamFacts } from '../event-append.repository.js';
import {
  type CorrectionTarget,
  type EventInBatch,
  checkStreams,
  checkSubjects,
  correctedReportErrors,
  eventRefProblem,
  subjectNeeds,
} from './append-checks.js';
import { checkAppendEnvelope } from './append-envelope.validation.js';

/** putin and the kremlin act for russia, zelensky for ukraine, trump for the us. */
const PRINCIPALS = new Map([
  ['russia', 'russia'],
  ['putin', 'russia'],
  ['kremlin', 'russia'],
  ['ukraine', 'ukraine'],
  ['zelensky', 'ukraine'],
  ['us', 'us'],
  ['trump', 'us'],
  ['turkey', 'turkey'],
]);

const PROPOSAL: StoredSubject = {
  id: '00000000-0000-4000-8000-000000000001',
  streamId: 'proposal-p',
  type: 'PROPOSAL_MADE',
  position: '1',
  data: { proposers: ['us'], parties: ['ukraine', 'russia'], title: 't', terms: { kind: 'PRISONER_EXCHANGE' } },
};
const PLEDGE: StoredSubject = {
  id: '00000000-0000-4000-8000-000000000002',
  streamId: 'pledge-p',
  type: 'PLEDGE_MADE',
  position: '2',
  data: { by: 'putin', commitment: { action: 'RELEASE', text: '175 prisoners' } },
};
const TRUCE: StoredSubject = {
  id: '00000000-0000-4000-8000-000000000003',
  streamId: 'agreement-truce',
  type: 'AGREEMENT_REACHED',
  position: '3',
  data: { parties: ['russia'], title: 'Easter truce', terms: { kind: 'CEASEFIRE' }, unilateral: true },
};

type Input = [type: EventType, data: Record<string, unknown>];

/** The batch of one append of `events` into `streamId` (each valid as a payload). */
function batch(streamId: string, ...events: Input[]): EventInBatch[] {
  const check = checkAppendEnvelope({
    streamId,
    events: events.map(([type, data]) => ({ type, data, occurredAt: '2025-05-23', sources: [{ publisher: 'w' }] })),
  });
  expect(check.errors).toEqual([]);
  return check.events.map((event) => ({ streamId, prefix: '', event }));
}

function subjectErrors(all: EventInBatch[], stored: StoredSubject[] = [PROPOSAL, PLEDGE, TRUCE]): FieldError[] {
  const errors: FieldError[] = [];
  checkSubjects(all, stored, PRINCIPALS, errors);
  return errors;
}

const NON_PARTY = (actor: string, stream: string) =>
  `"${actor}" is on no party's side of ${stream}; a non-party's view is a STATEMENT_MADE`;

describe('checkSubjects: who may answer', () => {
  it.each<[string, Input]>([
    ['a party', ['PROPOSAL_ACCEPTED', { party: 'ukraine' }]],
    ['an actor on a party side', ['PROPOSAL_ACCEPTED', { party: 'zelensky', conditions: ['monitoring'] }]],
    ['an actor on a party side, through another', ['PROPOSAL_REJECTED', { party: 'kremlin' }]],
    ['a party meeting its conditions', ['CONDITIONS_MET', { party: 'putin' }]],
    ["a proposer's side rejecting (it withdraws the proposal)", ['PROPOSAL_REJECTED', { party: 'trump' }]],
  ])('takes %s', (_what, input) => {
    expect(subjectErrors(batch('proposal-p', input))).toEqual([]);
  });

  it.each<[string, Input, string]>([
    ['an acceptance by a proposer that is no party', ['PROPOSAL_ACCEPTED', { party: 'trump' }], 'trump'],
    ['conditions met by a proposer that is no party', ['CONDITIONS_MET', { party: 'us' }], 'us'],
    ['a rejection by a bystander', ['PROPOSAL_REJECTED', { party: 'turkey' }], 'turkey'],
  ])('refuses %s at data.party', (_what, input, actor) => {
    expect(subjectErrors(batch('proposal-p', input))).toEqual([
      { path: 'events[0].data.party', reason: NON_PARTY(actor, 'proposal-p') },
    ]);
  });

  it('answers an agreement too (a rejection of a unilateral truce by its declarer renounces it)', () => {
    expect(subjectErrors(batch('agreement-truce', ['PROPOSAL_REJECTED', { party: 'putin' }]))).toEqual([]);
    expect(subjectErrors(batch('agreement-truce', ['PROPOSAL_ACCEPTED', { party: 'ukraine' }]))).toEqual([
      { path: 'events[0].data.party', reason: NON_PARTY('ukraine', 'agreement-truce') },
    ]);
  });

  it('refuses an answer in a stream that holds no proposal or agreement, at the stream', () => {
    for (const stream of ['pledge-p', 'strike-x', 'nowhere'])
      expect(subjectErrors(batch(stream, ['CONDITIONS_MET', { party: 'ukraine' }]))).toEqual([
        {
          path: 'events[0].type',
          reason: `CONDITIONS_MET goes into the stream of a PROPOSAL_MADE or AGREEMENT_REACHED; stream "${stream}" has none`,
        },
      ]);
  });

  it('sees the proposal earlier in the same batch, and the parties a correction gives a stored proposal', () => {
    const proposal: Input = [
      'PROPOSAL_MADE',
      { proposers: ['turkey'], parties: ['ukraine'], title: 't', terms: { kind: 'OTHER' } },
    ];
    expect(subjectErrors(batch('proposal-new', proposal, ['PROPOSAL_ACCEPTED', { party: 'zelensky' }]), [])).toEqual(
      [],
    );
    expect(subjectErrors(batch('proposal-new', proposal, ['PROPOSAL_ACCEPTED', { party: 'putin' }]), [])).toEqual([
      { path: 'events[1].data.party', reason: NON_PARTY('putin', 'proposal-new') },
    ]);
    // The stored proposal as its latest correction has it: russia is no longer a party.
    const amended = { ...PROPOSAL, data: { ...(PROPOSAL.data as object), parties: ['ukraine'] } };
    expect(subjectErrors(batch('proposal-p', ['PROPOSAL_ACCEPTED', { party: 'russia' }]), [amended])).toEqual([
      { path: 'events[0].data.party', reason: NON_PARTY('russia', 'proposal-p') },
    ]);
  });

  it('applies a correction earlier in the batch to the proposal it corrects', () => {
    const [correction] = batch('proposal-p', [
      'EVENT_CORRECTED',
      {
        correctedEventId: PROPOSAL.id,
        data: { ...(PROPOSAL.data as object), parties: ['ukraine', 'turkey'] },
        reason: 'r',
      },
    ]);
    const data = (correction.event.data.data ?? {}) as Record<string, unknown>;
    correction.correction = {
      eventId: PROPOSAL.id,
      type: 'PROPOSAL_MADE',
      data,
      check: validatePayload('PROPOSAL_MADE', data, 'events[0].data.data'),
      path: 'events[0].data.data',
    };
    const answer = batch('proposal-p', ['PROPOSAL_ACCEPTED', { party: 'turkey' }])[0];
    answer.event.path = 'events[1]';
    expect(subjectErrors([correction, answer])).toEqual([]);
  });

  it("holds a correction's new payload to the rule of the corrected type", () => {
    const [correction] = batch('proposal-p', [
      'EVENT_CORRECTED',
      { correctedEventId: '00000000-0000-4000-8000-0000000000aa', data: { party: 'turkey' }, reason: 'r' },
    ]);
    correction.correction = {
      eventId: '00000000-0000-4000-8000-0000000000aa',
      type: 'PROPOSAL_ACCEPTED',
      data: { party: 'turkey' },
      check: validatePayload('PROPOSAL_ACCEPTED', { party: 'turkey' }, 'events[0].data.data'),
      path: 'events[0].data.data',
    };
    expect(subjectErrors([correction])).toEqual([
      { path: 'events[0].data.data.party', reason: NON_PARTY('turkey', 'proposal-p') },
    ]);
  });

  it('leaves an unknown actor to the actor check', () => {
    expect(subjectErrors(batch('proposal-p', ['PROPOSAL_ACCEPTED', { party: 'nobody' }]))).toEqual([]);
  });
});

describe('checkSubjects: implementation reports and fulfilments', () => {
  const report = (data: Record<string, unknown> = {}): Input => [
    'IMPLEMENTATION_REPORTED',
    { reportedBy: 'zelensky', text: 'x', ...data },
  ];

  it('takes a report in the stream of a proposal or agreement, or naming them', () => {
    expect(subjectErrors(batch('proposal-p', report()))).toEqual([]);
    expect(subjectErrors(batch('report-own', report({ implements: ['proposal-p'] })))).toEqual([]);
  });

  it('refuses a report in a stream of its own that names nothing, at data.implements', () => {
    expect(subjectErrors(batch('report-own', report()))).toEqual([
      {
        path: 'events[0].data.implements',
        reason:
          'is required: stream "report-own" holds no proposal or agreement; name the streams of the agreements this report carries out',
      },
    ]);
  });

  it('refuses a fulfilment in a stream without a pledge, at the stream', () => {
    expect(subjectErrors(batch('pledge-p', ['PLEDGE_FULFILLED', { by: 'putin' }]))).toEqual([]);
    // Another side's fulfilment is stored (the read model ignores it).
    expect(subjectErrors(batch('pledge-p', ['PLEDGE_FULFILLED', { by: 'zelensky' }]))).toEqual([]);
    expect(subjectErrors(batch('proposal-p', ['PLEDGE_FULFILLED', { by: 'putin' }]))).toEqual([
      {
        path: 'events[0].type',
        reason: 'PLEDGE_FULFILLED goes into the stream of a PLEDGE_MADE; stream "proposal-p" has none',
      },
    ]);
  });

  it('gives the context of the codes: the kind of the subject answered, the action of the pledge', () => {
    const contexts = (all: EventInBatch[]) => checkSubjects(all, [PROPOSAL, PLEDGE, TRUCE], PRINCIPALS, []);
    expect(contexts(batch('proposal-p', ['PROPOSAL_ACCEPTED', { party: 'ukraine' }], report()))).toEqual([
      { kind: 'PRISONER_EXCHANGE' },
      { kind: 'PRISONER_EXCHANGE' },
    ]);
    expect(
      contexts(batch('report-own', report({ implements: ['strike-x', 'agreement-truce', 'proposal-p'] }))),
    ).toEqual([{ kind: 'CEASEFIRE' }]);
    expect(contexts(batch('pledge-p', ['PLEDGE_FULFILLED', { by: 'putin' }]))).toEqual([{ pledgeAction: 'RELEASE' }]);
    expect(contexts(batch('call-x', ['CALL_HELD', { participants: ['trump', 'putin'] }]))).toEqual([{}]);
  });

  it('takes the kind of the first proposal or agreement of the stream, one earlier in the batch included', () => {
    const proposal: Input = [
      'PROPOSAL_MADE',
      { proposers: ['us'], parties: ['ukraine'], title: 't', terms: { kind: 'PEACE_DEAL' } },
    ];
    expect(
      checkSubjects(batch('proposal-new', proposal, ['PROPOSAL_REJECTED', { party: 'ukraine' }]), [], PRINCIPALS, []),
    ).toEqual([{}, { kind: 'PEACE_DEAL' }]);
  });
});

describe('checkStreams: what a counter-proposal and a report name', () => {
  const streams = new Map<string, StreamFacts>([
    ['proposal-p', { version: 1, types: ['PROPOSAL_MADE'] }],
    ['agreement-truce', { version: 1, types: ['AGREEMENT_REACHED'] }],
    ['strike-x', { version: 1, types: [] }],
  ]);
  const errorsOf = (all: EventInBatch[]) => {
    const errors: FieldError[] = [];
    checkStreams(all, streams, errors);
    return errors;
  };
  const counter = (counterTo: string): Input => [
    'PROPOSAL_MADE',
    { proposers: ['russia'], parties: ['ukraine'], title: 't', terms: { kind: 'CEASEFIRE' }, counterTo },
  ];

  it('takes a counter-proposal to another proposal or agreement', () => {
    expect(errorsOf(batch('proposal-c', counter('proposal-p')))).toEqual([]);
    expect(errorsOf(batch('proposal-c', counter('agreement-truce')))).toEqual([]);
  });

  it('refuses a counterTo that does not exist, holds no proposal, or is its own stream', () => {
    expect(errorsOf(batch('proposal-c', counter('proposal-nowhere')))).toEqual([
      { path: 'events[0].data.counterTo', reason: 'no stream "proposal-nowhere"' },
    ]);
    expect(errorsOf(batch('proposal-c', counter('strike-x')))).toEqual([
      { path: 'events[0].data.counterTo', reason: 'stream "strike-x" holds no proposal or agreement to counter' },
    ]);
    expect(errorsOf(batch('proposal-p', counter('proposal-p')))).toEqual([
      {
        path: 'events[0].data.counterTo',
        reason: "names the proposal's own stream; a counter-proposal answers another proposal",
      },
    ]);
  });

  it('refuses implements naming a stream that does not exist or holds no proposal or agreement', () => {
    const report: Input = [
      'IMPLEMENTATION_REPORTED',
      { reportedBy: 'ukraine', implements: ['proposal-p', 'strike-x', 'agreement-none'], text: 'x' },
    ];
    expect(errorsOf(batch('report-own', report))).toEqual([
      { path: 'events[0].data.implements[2]', reason: 'no stream "agreement-none"' },
      { path: 'events[0].data.implements[1]', reason: 'stream "strike-x" holds no proposal or agreement' },
    ]);
  });
});

describe('subjectNeeds', () => {
  it('asks for nothing when no event needs a subject', () => {
    expect(
      subjectNeeds(
        batch('strike-x', ['STRIKE_REPORTED', { attacker: 'russia', targetCategory: 'PORT', place: 'Odesa' }]),
      ),
    ).toEqual({
      streams: [],
      answerStreams: [],
      actors: [],
    });
  });

  it('asks for the streams of answers, reports and fulfilments, the streams reports implement, and who answers', () => {
    const all = [
      ...batch(
        'proposal-new',
        ['PROPOSAL_MADE', { proposers: ['us'], parties: ['ukraine', 'russia'], title: 't', terms: { kind: 'OTHER' } }],
        ['PROPOSAL_ACCEPTED', { party: 'zelensky' }],
      ),
      ...batch('report-own', [
        'IMPLEMENTATION_REPORTED',
        { reportedBy: 'ukraine', implements: ['proposal-p'], text: 'x' },
      ]),
      ...batch('pledge-p', ['PLEDGE_FULFILLED', { by: 'putin' }]),
    ];
    expect(subjectNeeds(all)).toEqual({
      streams: ['proposal-new', 'report-own', 'proposal-p', 'pledge-p'],
      answerStreams: ['proposal-new'],
      actors: ['zelensky', 'us', 'ukraine', 'russia'],
    });
  });
});

describe('eventRefProblem', () => {
  const id = '00000000-0000-4000-8000-00000000000a';
  const readout = { path: 'events[0].data.readoutOf', id, types: ['CALL_HELD', 'MEETING_HELD'] as EventType[] };

  it('names an event that is neither stored nor earlier in the batch', () => {
    expect(eventRefProblem({ path: 'events[0].data.disputedEventId', id }, undefined)).toBe(`no event with id "${id}"`);
    expect(eventRefProblem(readout, undefined)).toBe(`no event with id "${id}"`);
  });

  it('takes any type for an unrestricted field, only the types listed for readoutOf', () => {
    expect(eventRefProblem({ path: 'events[0].data.evidenceEventIds[0]', id }, { type: 'STRIKE_REPORTED' })).toBeNull();
    expect(eventRefProblem(readout, { type: 'CALL_HELD' })).toBeNull();
    expect(eventRefProblem(readout, { type: 'MEETING_HELD' })).toBeNull();
    expect(eventRefProblem(readout, { type: 'STRIKE_REPORTED' })).toBe(
      'names a STRIKE_REPORTED; must name a CALL_HELD or MEETING_HELD',
    );
    expect(eventRefProblem({ ...readout, types: ['CALL_HELD'] }, { type: 'STATEMENT_MADE' })).toBe(
      'names a STATEMENT_MADE; must name a CALL_HELD',
    );
  });
});

describe('correctedReportErrors', () => {
  /** A report made on 2025-04-20 (DAY) about the evening before, as first stored. */
  const REPORT: CorrectionTarget = {
    type: 'VIOLATION_REPORTED',
    occurredAt: new Date('2025-04-20T00:00:00Z'),
    occurredPrecision: 'DAY',
    data: {
      violator: 'russia',
      reportedBy: 'ukraine',
      periodFrom: '2025-04-19T18:00:00Z',
      periodUntil: '2025-04-20T12:00:00Z',
    },
  };
  const correction = (data: Record<string, unknown>) =>
    batch('agreement-truce', [
      'EVENT_CORRECTED',
      { correctedEventId: '00000000-0000-4000-8000-00000000000b', reason: 'r', ...data },
    ])[0].event;
  const payload = (period: Record<string, unknown>) => ({ violator: 'russia', reportedBy: 'ukraine', ...period });

  it('holds a new payload to the report’s time, or to the corrected time given with it', () => {
    expect(correctedReportErrors(correction({ data: payload({ periodUntil: '2025-04-21' }) }), REPORT)).toEqual([]);
    expect(
      correctedReportErrors(correction({ data: payload({ periodUntil: '2025-04-21T00:00:00.001Z' }) }), REPORT),
    ).toEqual([
      {
        path: 'events[0].data.data.periodUntil',
        reason: expect.stringMatching(/^must not be later than 2025-04-21T00:00:00.000Z/),
      },
    ]);
    expect(
      correctedReportErrors(
        correction({
          data: payload({ periodFrom: '2025-04-20T13:30:00Z' }),
          occurredAt: '2025-04-20T12:00:00Z',
          occurredPrecision: 'HOUR',
        }),
        REPORT,
      ),
    ).toEqual([
      {
        path: 'events[0].data.data.periodFrom',
        reason: expect.stringContaining('later than 2025-04-20T13:00:00.000Z, the end'),
      },
    ]);
  });

  it('holds a new time to the stored period, naming the field the correction changed', () => {
    expect(
      correctedReportErrors(correction({ occurredAt: '2025-04-20T12:00:00Z', occurredPrecision: 'HOUR' }), REPORT),
    ).toEqual([]);
    expect(
      correctedReportErrors(correction({ occurredAt: '2025-04-20T10:00:00Z', occurredPrecision: 'HOUR' }), REPORT),
    ).toEqual([
      {
        path: 'events[0].data.occurredAt',
        reason:
          'would end the report at 2025-04-20T11:00:00.000Z, before its periodUntil 2025-04-20T12:00:00Z: correct the period in data too',
      },
    ]);
    expect(correctedReportErrors(correction({ occurredPrecision: 'SECOND' }), REPORT)).toEqual([
      {
        path: 'events[0].data.occurredPrecision',
        reason: expect.stringMatching(/^would end the report at 2025-04-20T00:00:01.000Z/),
      },
    ]);
  });

  it('a correction of the time alone is held to the stored payload, not to an earlier correction’s', () => {
    const firstEdition = { ...REPORT, data: { violator: 'russia', reportedBy: 'ukraine' } };
    expect(correctedReportErrors(correction({ occurredPrecision: 'SECOND' }), firstEdition)).toEqual([]);
  });

  it('concerns corrections of violation reports only', () => {
    expect(
      correctedReportErrors(correction({ occurredPrecision: 'SECOND' }), { ...REPORT, type: 'STATEMENT_MADE' }),
    ).toEqual([]);
    const report = batch('agreement-truce', ['VIOLATION_REPORTED', payload({})])[0].event;
    expect(correctedReportErrors(report, REPORT)).toEqual([]);
  });
});
