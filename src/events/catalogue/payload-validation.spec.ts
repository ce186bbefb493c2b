import { EVENT_TYPES, type EventType } from './event-types.js';
import { EXAMPLE_EVENT_IDS, EXAMPLE_PAYLOADS } from './payload-examples.js';
import { payloadClassOf, validatePayload } from './payload-validation.js';

const B = 'events[2].data';

describe('validatePayload', () => {
  it.each(EVENT_TYPES.map((type) => [type]))('accepts the example %s payload', (type) => {
    expect(validatePayload(type, EXAMPLE_PAYLOADS[type], B).errors).toEqual([]);
  });

  it.each([
    ['null', null],
    ['undefined', undefined],
    ['a list', [{ participants: ['trump', 'putin'] }]],
    ['a string', '{"participants":["trump","putin"]}'],
    ['a number', 5],
    ['a Date', new Date()],
    [
      'a class instance',
      new (class Call {
        participants = ['trump', 'putin'];
      })(),
    ],
  ])('gives one error at basePath for data that is %s', (_what, data) => {
    expect(validatePayload('CALL_HELD', data, B)).toEqual({
      errors: [{ path: B, reason: 'must be an object' }],
      actorRefs: [],
      eventRefs: [],
      streamRefs: [],
    });
  });

  it('refuses a type that is not in the catalogue', () => {
    expect(validatePayload('CALL_MADE' as EventType, {}, B).errors).toEqual([
      { path: B, reason: 'has no payload class for type "CALL_MADE"' },
    ]);
  });

  it('reports every problem at once, in field order after unknown fields', () => {
    const data = { participants: ['trump'], initiator: 'Trump', channel: 'FAX', extra: true };
    expect(validatePayload('CALL_HELD', data, B).errors).toEqual([
      { path: `${B}.extra`, reason: 'unknown field' },
      { path: `${B}.participants`, reason: 'must list at least 2 distinct participants' },
      { path: `${B}.initiator`, reason: 'must be an actor id (a lower-case slug such as "putin")' },
      { path: `${B}.channel`, reason: 'must be one of PHONE, VIDEO' },
    ]);
  });

  it('reports a missing nested field and an unknown nested field together', () => {
    const data = { ...EXAMPLE_PAYLOADS.PROPOSAL_MADE, terms: { scope: 'AIR', until: 'spring' } };
    expect(validatePayload('PROPOSAL_MADE', data, B).errors).toEqual([
      { path: `${B}.terms.until`, reason: 'unknown field' },
      { path: `${B}.terms.kind`, reason: 'is required' },
    ]);
  });

  it('writes paths without a leading dot when basePath is empty', () => {
    expect(validatePayload('PROPOSAL_REJECTED', { party: 'Russia', x: 1 }, '').errors).toEqual([
      { path: 'x', reason: 'unknown field' },
      { path: 'party', reason: 'must be an actor id (a lower-case slug such as "putin")' },
    ]);
  });

  it('quotes keys that are not identifiers', () => {
    expect(validatePayload('PROPOSAL_REJECTED', { party: 'russia', 'the reason': 'x' }, B).errors).toEqual([
      { path: `${B}["the reason"]`, reason: 'unknown field' },
    ]);
  });

  describe('unknown fields that class-transformer would drop silently', () => {
    it('reports __proto__, constructor and Object.prototype names at the top', () => {
      const data: unknown = JSON.parse(
        '{"party":"russia","__proto__":{"admin":true},"constructor":null,"toString":"x"}',
      );
      expect(validatePayload('PROPOSAL_REJECTED', data, B).errors).toEqual([
        { path: `${B}.__proto__`, reason: 'unknown field' },
        { path: `${B}.constructor`, reason: 'unknown field' },
        { path: `${B}.toString`, reason: 'unknown field' },
      ]);
    });

    it('reports them inside nested objects', () => {
      const data: unknown = JSON.parse(
        '{"by":"putin","commitment":{"action":"HALT_STRIKES","text":"halt","__proto__":{},"hasOwnProperty":1}}',
      );
      expect(validatePayload('PLEDGE_MADE', data, B).errors).toEqual([
        { path: `${B}.commitment.__proto__`, reason: 'unknown field' },
        { path: `${B}.commitment.hasOwnProperty`, reason: 'unknown field' },
      ]);
    });

    it('does not pollute prototypes', () => {
      validatePayload('PROPOSAL_REJECTED', JSON.parse('{"party":"russia","__proto__":{"polluted":true}}'), B);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });
  });

  it('does not change its input', () => {
    const data = structuredClone({ ...EXAMPLE_PAYLOADS.PROPOSAL_MADE, extra: { a: [1] } });
    const copy = structuredClone(data);
    validatePayload('PROPOSAL_MADE', Object.freeze(data), B);
    expect(data).toEqual(copy);
  });

  it('does not throw on items JSON cannot hold', () => {
    expect(validatePayload('CALL_HELD', { participants: ['trump', 10n, 10n, Symbol('x')] }, B).errors).toEqual([
      { path: `${B}.participants[1]`, reason: 'must be an actor id (a lower-case slug such as "putin")' },
      { path: `${B}.participants[2]`, reason: 'must be an actor id (a lower-case slug such as "putin")' },
      { path: `${B}.participants[3]`, reason: 'must be an actor id (a lower-case slug such as "putin")' },
    ]);
  });

  it('gives the same answer twice (no state kept between calls)', () => {
    const data = { participants: ['trump'], topics: [''] };
    expect(validatePayload('CALL_HELD', data, B)).toEqual(validatePayload('CALL_HELD', data, B));
  });
});

describe('references', () => {
  it('lists every well-formed actor id with its path, duplicates included', () => {
    const data = { participants: ['trump', 'PUTIN', 5, 'putn', 'trump'], initiator: 'trump' };
    const check = validatePayload('CALL_HELD', data, B);
    expect(check.actorRefs).toEqual([
      { path: `${B}.participants[0]`, id: 'trump' },
      { path: `${B}.participants[3]`, id: 'putn' },
      { path: `${B}.participants[4]`, id: 'trump' },
      { path: `${B}.initiator`, id: 'trump' },
    ]);
    expect(check.errors.map((e) => e.path)).toEqual([
      `${B}.participants[1]`,
      `${B}.participants[2]`,
      `${B}.participants[4]`,
    ]);
  });

  it.each<[EventType, object, string[]]>([
    [
      'MEETING_HELD',
      { participants: ['rubio', 'lavrov'], mediator: 'saudi-arabia' },
      ['participants[0]', 'participants[1]', 'mediator'],
    ],
    ['STATEMENT_MADE', { speaker: 'trump', text: 'x', about: ['putin'] }, ['speaker', 'about[0]']],
    ['DEMAND_MADE', EXAMPLE_PAYLOADS.DEMAND_MADE, ['by', 'addressee']],
    ['PROPOSAL_MADE', EXAMPLE_PAYLOADS.PROPOSAL_MADE, ['proposers[0]', 'parties[0]', 'parties[1]']],
    ['PROPOSAL_ACCEPTED', EXAMPLE_PAYLOADS.PROPOSAL_ACCEPTED, ['party']],
    [
      'AGREEMENT_REACHED',
      { ...EXAMPLE_PAYLOADS.AGREEMENT_REACHED, parties: ['russia', 'ukraine'] },
      ['parties[0]', 'parties[1]'],
    ],
    ['PLEDGE_MADE', EXAMPLE_PAYLOADS.PLEDGE_MADE, ['by', 'to']],
    ['STRIKE_REPORTED', EXAMPLE_PAYLOADS.STRIKE_REPORTED, ['attacker']],
    ['VIOLATION_REPORTED', EXAMPLE_PAYLOADS.VIOLATION_REPORTED, ['violator', 'reportedBy']],
    ['EVENT_CORRECTED', EXAMPLE_PAYLOADS.EVENT_CORRECTED, []],
    [
      'MEETING_HELD',
      { participants: ['rubio', 'lavrov'], mediators: ['saudi-arabia', 'us'] },
      ['participants[0]', 'participants[1]', 'mediators[0]', 'mediators[1]'],
    ],
    [
      'PROPOSAL_MADE',
      {
        ...EXAMPLE_PAYLOADS.PROPOSAL_MADE,
        backers: ['us'],
        mediators: ['saudi-arabia'],
        terms: { kind: 'PRISONER_EXCHANGE', quantities: [{ what: 'p', from: 'russia', to: 'ukraine' }, { what: 'b' }] },
      },
      [
        'proposers[0]',
        'parties[0]',
        'parties[1]',
        'backers[0]',
        'mediators[0]',
        'terms.quantities[0].from',
        'terms.quantities[0].to',
      ],
    ],
    [
      'AGREEMENT_REACHED',
      { ...EXAMPLE_PAYLOADS.AGREEMENT_REACHED, mediators: ['us'], guarantors: ['saudi-arabia'] },
      ['parties[0]', 'mediators[0]', 'guarantors[0]'],
    ],
    ['CONDITIONS_MET', EXAMPLE_PAYLOADS.CONDITIONS_MET, ['party']],
    [
      'IMPLEMENTATION_REPORTED',
      { ...EXAMPLE_PAYLOADS.IMPLEMENTATION_REPORTED, party: 'russia' },
      ['reportedBy', 'party', 'quantities[0].from', 'quantities[0].to'],
    ],
    ['PLEDGE_FULFILLED', EXAMPLE_PAYLOADS.PLEDGE_FULFILLED, ['by']],
  ])('finds the actors of %s', (type, data, paths) => {
    expect(validatePayload(type, data, B).actorRefs.map((r) => r.path)).toEqual(paths.map((p) => `${B}.${p}`));
  });

  it('lists referenced events', () => {
    const evidence = ['not-a-uuid', EXAMPLE_EVENT_IDS.slovianskStrike];
    expect(
      validatePayload(
        'VIOLATION_REPORTED',
        { violator: 'russia', reportedBy: 'ukraine', evidenceEventIds: evidence },
        B,
      ).eventRefs,
    ).toEqual([{ path: `${B}.evidenceEventIds[1]`, id: EXAMPLE_EVENT_IDS.slovianskStrike }]);
    expect(validatePayload('CLAIM_DISPUTED', EXAMPLE_PAYLOADS.CLAIM_DISPUTED, B).eventRefs).toEqual([
      { path: `${B}.disputedEventId`, id: EXAMPLE_EVENT_IDS.kremlinReadout },
    ]);
    expect(validatePayload('EVENT_CORRECTED', EXAMPLE_PAYLOADS.EVENT_CORRECTED, B).eventRefs).toEqual([
      { path: `${B}.correctedEventId`, id: EXAMPLE_EVENT_IDS.wrongCall },
    ]);
    expect(validatePayload('EVENT_RETRACTED', EXAMPLE_PAYLOADS.EVENT_RETRACTED, B).eventRefs).toEqual([
      { path: `${B}.retractedEventId`, id: EXAMPLE_EVENT_IDS.wrongCall },
    ]);
  });

  it('lists readoutOf as a reference to an event that must be a call or a meeting; a malformed one not at all', () => {
    const readout = (readoutOf: unknown) =>
      validatePayload('STATEMENT_MADE', { ...EXAMPLE_PAYLOADS.STATEMENT_MADE, readoutOf }, B).eventRefs;
    expect(readout(EXAMPLE_EVENT_IDS.wrongCall)).toEqual([
      { path: `${B}.readoutOf`, id: EXAMPLE_EVENT_IDS.wrongCall, types: ['CALL_HELD', 'MEETING_HELD'] },
    ]);
    expect(readout('call-1')).toEqual([]);
  });

  it('lists referenced streams', () => {
    expect(validatePayload('DEMAND_MADE', EXAMPLE_PAYLOADS.DEMAND_MADE, B).streamRefs).toEqual([
      { path: `${B}.conditionFor`, id: 'proposal-30-day-ceasefire' },
    ]);
    expect(validatePayload('PLEDGE_MADE', EXAMPLE_PAYLOADS.PLEDGE_MADE, B).streamRefs).toEqual([
      { path: `${B}.ceasefireId`, id: 'ceasefire-energy-infrastructure' },
    ]);
    expect(
      validatePayload('PLEDGE_MADE', { ...EXAMPLE_PAYLOADS.PLEDGE_MADE, ceasefireId: 'Not A Stream' }, B).streamRefs,
    ).toEqual([]);
    expect(
      validatePayload('PROPOSAL_MADE', { ...EXAMPLE_PAYLOADS.PROPOSAL_MADE, counterTo: 'proposal-a' }, B).streamRefs,
    ).toEqual([{ path: `${B}.counterTo`, id: 'proposal-a' }]);
    expect(
      validatePayload(
        'IMPLEMENTATION_REPORTED',
        { ...EXAMPLE_PAYLOADS.IMPLEMENTATION_REPORTED, implements: ['agreement-a', 'Bad', 'agreement-b'] },
        B,
      ).streamRefs,
    ).toEqual([
      { path: `${B}.implements[0]`, id: 'agreement-a' },
      { path: `${B}.implements[2]`, id: 'agreement-b' },
    ]);
  });

  it('skips quantities of the wrong shape when it looks for their actors', () => {
    const terms = { kind: 'OTHER', quantities: [null, 'x', { what: 'p', from: 'russia' }, [{ from: 'us' }]] };
    expect(
      validatePayload('PROPOSAL_MADE', { ...EXAMPLE_PAYLOADS.PROPOSAL_MADE, terms }, B).actorRefs.map((r) => r.path),
    ).toEqual([`${B}.proposers[0]`, `${B}.parties[0]`, `${B}.parties[1]`, `${B}.terms.quantities[2].from`]);
    expect(
      validatePayload('PROPOSAL_MADE', { ...EXAMPLE_PAYLOADS.PROPOSAL_MADE, terms: 'x' }, B).actorRefs,
    ).toHaveLength(3);
  });

  it('skips values of the wrong shape: a list where one id is expected, an id where a list is expected', () => {
    const check = validatePayload('PLEDGE_WITHDRAWN', { by: ['putin'] }, B);
    expect(check.actorRefs).toEqual([]);
    expect(check.errors).toEqual([
      { path: `${B}.by`, reason: 'must be an actor id (a lower-case slug such as "putin")' },
    ]);
    expect(validatePayload('PROPOSAL_MADE', { proposers: 'us', parties: ['ukraine'] }, B).actorRefs).toEqual([
      { path: `${B}.parties[0]`, id: 'ukraine' },
    ]);
  });
});

describe('payloadClassOf', () => {
  it('gives a distinct class per type', () => {
    const classes = EVENT_TYPES.map((type) => payloadClassOf(type));
    expect(new Set(classes).size).toBe(EVENT_TYPES.length);
    expect(payloadClassOf('CALL_HELD').name).toBe('CallHeldPayload');
  });
});
