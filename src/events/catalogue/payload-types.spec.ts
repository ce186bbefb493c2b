/**
 * Each event type: its example payload passes, and bad payloads fail with the exact path and
 * reason. `change` replaces top-level fields of the example (undefined removes the field).
 */

import type { EventType } from './event-types.js';
import { EXAMPLE_EVENT_IDS, EXAMPLE_PAYLOADS } from './payload-examples.js';
import { validatePayload, type FieldError } from './payload-validation.js';

const B = 'events[2].data';
const ACTOR = 'must be an actor id (a lower-case slug such as "putin")';
const UUID = 'must be a uuid';
const STREAM = 'must be a stream id (a lower-case slug such as "proposal-30-day-ceasefire")';
const DATE = 'must be an ISO-8601 date-time';
const COUNTRY = 'must be an ISO 3166-1 alpha-2 country code (two upper-case letters)';
const REQUIRED = 'is required';
const UNKNOWN = 'unknown field';
const INT1 = 'must be an integer ≥ 1';
const TARGETS = 'must be one of ENERGY_INFRASTRUCTURE, MILITARY, CIVILIAN, TRANSPORT, PORT, OTHER';
const SCOPES = 'must be one of COMPREHENSIVE, ENERGY_INFRASTRUCTURE, MARITIME, AIR, LOCAL, HUMANITARIAN, OTHER';
const KINDS = 'must be one of CEASEFIRE, PEACE_DEAL, PRISONER_EXCHANGE, OTHER';
const LONG_TEXT = 'x'.repeat(10_001);
const LONG_NAME = 'x'.repeat(301);
const OTHER_ID = '9b2f4c1e-5a6d-4e7f-8091-a2b3c4d5e6f7';

type Case = [what: string, change: Record<string, unknown>, expected: Array<[path: string, reason: string]>];

function errorsOf(type: EventType, change: Record<string, unknown>): FieldError[] {
  const data: Record<string, unknown> = { ...EXAMPLE_PAYLOADS[type] };
  for (const [key, value] of Object.entries(change)) {
    if (value === undefined) delete data[key];
    else data[key] = value;
  }
  return validatePayload(type, data, B).errors;
}

function expectCases(type: EventType, cases: Case[]): void {
  it('accepts the example payload', () => {
    expect(errorsOf(type, {})).toEqual([]);
  });
  it.each(cases)('%s', (_what, change, expected) => {
    expect(errorsOf(type, change)).toEqual(expected.map(([path, reason]) => ({ path: B + path, reason })));
  });
}

describe('CALL_HELD', () => {
  it('accepts the minimal payload', () => {
    expect(validatePayload('CALL_HELD', { participants: ['trump', 'putin'] }, B).errors).toEqual([]);
  });
  expectCases('CALL_HELD', [
    ['missing participants', { participants: undefined }, [['.participants', REQUIRED]]],
    ['one participant', { participants: ['trump'] }, [['.participants', 'must list at least 2 distinct participants']]],
    [
      'the same participant twice',
      { participants: ['trump', 'trump'] },
      [['.participants', 'must list at least 2 distinct participants']],
    ],
    [
      'a repeated third participant',
      { participants: ['trump', 'putin', 'trump'] },
      [['.participants[2]', 'is listed twice']],
    ],
    ['a malformed participant', { participants: ['trump', 'Putin'] }, [['.participants[1]', ACTOR]]],
    [
      'two malformed participants',
      { participants: [7, 'trump', 'Putin'] },
      [
        ['.participants[0]', ACTOR],
        ['.participants[2]', ACTOR],
      ],
    ],
    ['participants as a string', { participants: 'trump,putin' }, [['.participants', 'must be a list']]],
    [
      '101 participants',
      { participants: Array.from({ length: 101 }, (_, i) => `p${i}`) },
      [['.participants', 'must have at most 100 items']],
    ],
    ['a numeric initiator', { initiator: 42 }, [['.initiator', ACTOR]]],
    ['a null initiator', { initiator: null }, [['.initiator', 'must not be null']]],
    ['zero minutes', { durationMinutes: 0 }, [['.durationMinutes', INT1]]],
    ['fractional minutes', { durationMinutes: 1.5 }, [['.durationMinutes', INT1]]],
    ['minutes as a string', { durationMinutes: '60' }, [['.durationMinutes', INT1]]],
    [
      'more than 100 years of minutes',
      { durationMinutes: 52_596_001 },
      [['.durationMinutes', 'must be at most 52596000']],
    ],
    ['an unknown channel', { channel: 'FAX' }, [['.channel', 'must be one of PHONE, VIDEO']]],
    ['a lower-case channel', { channel: 'phone' }, [['.channel', 'must be one of PHONE, VIDEO']]],
    ['an empty topic', { topics: ['', 'energy'] }, [['.topics[0]', 'must not be empty']]],
    ['an overlong topic', { topics: ['energy', LONG_NAME] }, [['.topics[1]', 'must be at most 300 characters']]],
    ['topics as a string', { topics: 'energy' }, [['.topics', 'must be a list']]],
    ['an unknown field', { duration: 60 }, [['.duration', UNKNOWN]]],
  ]);
});

describe('MEETING_HELD', () => {
  expectCases('MEETING_HELD', [
    ['missing participants', { participants: undefined }, [['.participants', REQUIRED]]],
    ['an empty place', { place: '' }, [['.place', 'must not be empty']]],
    ['an overlong place', { place: LONG_NAME }, [['.place', 'must be at most 300 characters']]],
    ['a mediator by name', { mediator: 'Saudi Arabia' }, [['.mediator', ACTOR]]],
    ['a numeric topic', { topics: [5] }, [['.topics[0]', 'must be a string']]],
    ['an unknown field', { location: 'Riyadh' }, [['.location', UNKNOWN]]],
  ]);
});

describe('STATEMENT_MADE', () => {
  it('accepts text of 10 000 characters surrounded by whitespace', () => {
    expect(validatePayload('STATEMENT_MADE', { speaker: 'trump', text: ` ${'x'.repeat(10_000)}\n` }, B).errors).toEqual(
      [],
    );
  });
  expectCases('STATEMENT_MADE', [
    ['missing speaker', { speaker: undefined }, [['.speaker', REQUIRED]]],
    ['missing text', { text: undefined }, [['.text', REQUIRED]]],
    ['blank text', { text: '   ' }, [['.text', 'must not be empty']]],
    ['overlong text', { text: LONG_TEXT }, [['.text', 'must be at most 10000 characters']]],
    ['text with a NUL character', { text: 'on\u0000track' }, [['.text', 'must not contain NUL characters']]],
    ['a numeric venue', { venue: 5 }, [['.venue', 'must be a string']]],
    ['a malformed actor in about', { about: ['putin', 'Zelensky'] }, [['.about[1]', ACTOR]]],
    ['an unknown field', { quote: 'x' }, [['.quote', UNKNOWN]]],
  ]);
  it('accepts an empty about list', () => {
    expect(validatePayload('STATEMENT_MADE', { speaker: 'trump', text: 'x', about: [] }, B).errors).toEqual([]);
  });
});

describe('CLAIM_DISPUTED', () => {
  expectCases('CLAIM_DISPUTED', [
    ['a malformed event id', { disputedEventId: 'kremlin-readout' }, [['.disputedEventId', UUID]]],
    ['a uuid without dashes', { disputedEventId: '0d3c2a588c474b7e9a532f6c1e0b9a11' }, [['.disputedEventId', UUID]]],
    ['missing event id', { disputedEventId: undefined }, [['.disputedEventId', REQUIRED]]],
    ['missing by', { by: undefined }, [['.by', REQUIRED]]],
    ['text as a list', { text: ['lies'] }, [['.text', 'must be a string']]],
    ['an unknown field', { claim: 'x' }, [['.claim', UNKNOWN]]],
  ]);
});

describe('DEMAND_MADE', () => {
  expectCases('DEMAND_MADE', [
    ['a malformed conditionFor', { conditionFor: 'Proposal 30 days' }, [['.conditionFor', STREAM]]],
    ['missing addressee', { addressee: undefined }, [['.addressee', REQUIRED]]],
    ['a numeric demand', { demand: 12 }, [['.demand', 'must be a string']]],
    ['an unknown field', { deadline: '2025-04-01' }, [['.deadline', UNKNOWN]]],
  ]);
});

describe('PROPOSAL_MADE', () => {
  const terms = EXAMPLE_PAYLOADS.PROPOSAL_MADE.terms;
  expectCases('PROPOSAL_MADE', [
    ['no proposer', { proposers: [] }, [['.proposers', 'must list at least 1 proposer']]],
    ['no party', { parties: [] }, [['.parties', 'must list at least 1 party']]],
    ['a repeated party', { parties: ['ukraine', 'russia', 'ukraine'] }, [['.parties[2]', 'is listed twice']]],
    ['missing title', { title: undefined }, [['.title', REQUIRED]]],
    ['missing terms', { terms: undefined }, [['.terms', REQUIRED]]],
    ['terms as a string', { terms: 'CEASEFIRE' }, [['.terms', 'must be an object']]],
    ['terms as a list', { terms: [terms] }, [['.terms', 'must be an object']]],
    ['an unknown kind', { terms: { ...terms, kind: 'TRUCE' } }, [['.terms.kind', KINDS]]],
    ['missing kind', { terms: { scope: 'AIR' } }, [['.terms.kind', REQUIRED]]],
    ['an unknown scope', { terms: { ...terms, scope: 'EVERYTHING' } }, [['.terms.scope', SCOPES]]],
    ['negative days', { terms: { ...terms, durationDays: -1 } }, [['.terms.durationDays', INT1]]],
    ['zero hours', { terms: { ...terms, durationHours: 0 } }, [['.terms.durationHours', INT1]]],
    [
      'more than 100 years of days',
      { terms: { ...terms, durationDays: 36_526 } },
      [['.terms.durationDays', 'must be at most 36525']],
    ],
    [
      'more than 100 years of hours',
      { terms: { ...terms, durationHours: Number.MAX_SAFE_INTEGER } },
      [['.terms.durationHours', 'must be at most 876600']],
    ],
    [
      'unconditional as a string',
      { terms: { ...terms, unconditional: 'yes' } },
      [['.terms.unconditional', 'must be true or false']],
    ],
    ['an unknown field in terms', { terms: { ...terms, startsAt: '2025-03-12' } }, [['.terms.startsAt', UNKNOWN]]],
    ['an unknown field at the top', { status: 'OPEN' }, [['.status', UNKNOWN]]],
  ]);
});

describe('PROPOSAL_ACCEPTED', () => {
  it('accepts an unconditional acceptance', () => {
    expect(validatePayload('PROPOSAL_ACCEPTED', { party: 'ukraine' }, B).errors).toEqual([]);
  });
  expectCases('PROPOSAL_ACCEPTED', [
    ['missing party', { party: undefined }, [['.party', REQUIRED]]],
    ['an empty list of conditions', { conditions: [] }, [['.conditions', 'must list at least 1 condition']]],
    ['an empty condition', { conditions: ['no strikes', ''] }, [['.conditions[1]', 'must not be empty']]],
    ['conditions as a string', { conditions: 'no strikes' }, [['.conditions', 'must be a list']]],
    ['an unknown field', { conditional: true }, [['.conditional', UNKNOWN]]],
  ]);
});

describe('PROPOSAL_REJECTED', () => {
  expectCases('PROPOSAL_REJECTED', [
    ['a party by name', { party: 'Russia' }, [['.party', ACTOR]]],
    ['an empty reason', { reason: '' }, [['.reason', 'must not be empty']]],
    ['an unknown field', { why: 'aid' }, [['.why', UNKNOWN]]],
  ]);
});

describe('AGREEMENT_REACHED', () => {
  const terms = EXAMPLE_PAYLOADS.AGREEMENT_REACHED.terms;
  expectCases('AGREEMENT_REACHED', [
    ['no party', { parties: [] }, [['.parties', 'must list at least 1 party']]],
    ['an impossible date', { effectiveFrom: '2025-02-30' }, [['.effectiveFrom', DATE]]],
    ['a date-time without timezone', { effectiveFrom: '2025-04-19T18:00:00' }, [['.effectiveFrom', DATE]]],
    ['a day-first date', { effectiveUntil: '21/04/2025' }, [['.effectiveUntil', DATE]]],
    [
      'an end before the start',
      { effectiveUntil: '2025-04-19T14:00:00Z' },
      [['.effectiveUntil', 'must be after effectiveFrom']],
    ],
    [
      'an end equal to the start',
      { effectiveUntil: '2025-04-19T15:00:00Z' },
      [['.effectiveUntil', 'must be after effectiveFrom']],
    ],
    ['unilateral as a number', { unilateral: 1 }, [['.unilateral', 'must be true or false']]],
    ['an unknown field in terms', { terms: { ...terms, parties: ['russia'] } }, [['.terms.parties', UNKNOWN]]],
    ['a wrong kind in terms', { terms: { ...terms, kind: 'ceasefire' } }, [['.terms.kind', KINDS]]],
    ['an unknown field at the top', { signedAt: '2025-04-19' }, [['.signedAt', UNKNOWN]]],
  ]);
  it('accepts an end without a start', () => {
    expect(errorsOf('AGREEMENT_REACHED', { effectiveFrom: undefined })).toEqual([]);
  });
});

describe('PLEDGE_MADE', () => {
  const commitment = EXAMPLE_PAYLOADS.PLEDGE_MADE.commitment;
  expectCases('PLEDGE_MADE', [
    ['missing by', { by: undefined }, [['.by', REQUIRED]]],
    ['a recipient by name', { to: 'Trump' }, [['.to', ACTOR]]],
    ['missing commitment', { commitment: undefined }, [['.commitment', REQUIRED]]],
    [
      'an unknown action',
      { commitment: { ...commitment, action: 'PAUSE' } },
      [['.commitment.action', 'must be one of HALT_STRIKES, WITHDRAW, RELEASE, PROVIDE_AID, OTHER']],
    ],
    [
      'an unknown target',
      { commitment: { ...commitment, targetCategory: 'ENERGY' } },
      [['.commitment.targetCategory', TARGETS]],
    ],
    ['missing commitment text', { commitment: { action: 'HALT_STRIKES' } }, [['.commitment.text', REQUIRED]]],
    [
      'an unknown field in commitment',
      { commitment: { ...commitment, scope: 'ENERGY_INFRASTRUCTURE' } },
      [['.commitment.scope', UNKNOWN]],
    ],
    ['a malformed validFrom', { validFrom: 'March 18' }, [['.validFrom', DATE]]],
    [
      'a validUntil before validFrom',
      { validUntil: '2025-03-18T14:59Z' },
      [['.validUntil', 'must be after validFrom']],
    ],
    ['zero days', { durationDays: 0 }, [['.durationDays', INT1]]],
    // Larger ones wedged the pledge projector: the end of its window was no date PostgreSQL takes.
    [
      'more than 100 years of days',
      { durationDays: Number.MAX_SAFE_INTEGER },
      [['.durationDays', 'must be at most 36525']],
    ],
    ['a malformed ceasefireId', { ceasefireId: 'Ceasefire!' }, [['.ceasefireId', STREAM]]],
    ['an unknown field at the top', { targetCategory: 'ENERGY_INFRASTRUCTURE' }, [['.targetCategory', UNKNOWN]]],
  ]);
  it('accepts validUntil without validFrom (validFrom defaults to occurredAt)', () => {
    expect(errorsOf('PLEDGE_MADE', { validFrom: undefined, validUntil: '2025-04-17' })).toEqual([]);
  });
});

describe('PLEDGE_WITHDRAWN', () => {
  expectCases('PLEDGE_WITHDRAWN', [
    ['missing by', { by: undefined }, [['.by', REQUIRED]]],
    ['a numeric reason', { reason: 7 }, [['.reason', 'must be a string']]],
    ['an unknown field', { pledgeId: 'pledge-russia-energy-strikes' }, [['.pledgeId', UNKNOWN]]],
  ]);
});

describe('STRIKE_REPORTED', () => {
  expectCases('STRIKE_REPORTED', [
    ['missing attacker', { attacker: undefined }, [['.attacker', REQUIRED]]],
    ['an unknown target', { targetCategory: 'ENERGY' }, [['.targetCategory', TARGETS]]],
    ['missing place', { place: undefined }, [['.place', REQUIRED]]],
    ['a lower-case country', { country: 'ua' }, [['.country', COUNTRY]]],
    ['an alpha-3 country', { country: 'UKR' }, [['.country', COUNTRY]]],
    [
      'an unknown means',
      { means: 'ROCKET' },
      [['.means', 'must be one of DRONE, MISSILE, ARTILLERY, AIRCRAFT, OTHER']],
    ],
    ['an overlong impact', { impact: LONG_TEXT }, [['.impact', 'must be at most 10000 characters']]],
    ['an unknown field', { casualties: 3 }, [['.casualties', UNKNOWN]]],
  ]);
});

describe('VIOLATION_REPORTED', () => {
  expectCases('VIOLATION_REPORTED', [
    ['missing reportedBy', { reportedBy: undefined }, [['.reportedBy', REQUIRED]]],
    ['a malformed evidence id', { evidenceEventIds: [OTHER_ID, 'strike-sloviansk'] }, [['.evidenceEventIds[1]', UUID]]],
    [
      'a repeated evidence id',
      { evidenceEventIds: [OTHER_ID, OTHER_ID] },
      [['.evidenceEventIds[1]', 'is listed twice']],
    ],
    ['evidence as a string', { evidenceEventIds: OTHER_ID }, [['.evidenceEventIds', 'must be a list']]],
    ['an empty text', { text: '' }, [['.text', 'must not be empty']]],
    ['an unknown field', { evidence: [] }, [['.evidence', UNKNOWN]]],
  ]);
});

describe('EVENT_CORRECTED', () => {
  expectCases('EVENT_CORRECTED', [
    ['a malformed corrected id', { correctedEventId: 'abc' }, [['.correctedEventId', UUID]]],
    ['missing corrected id', { correctedEventId: undefined }, [['.correctedEventId', REQUIRED]]],
    ['missing reason', { reason: undefined }, [['.reason', REQUIRED]]],
    ['data as a list', { data: [] }, [['.data', 'must be an object']]],
    ['data as a string', { data: '{}' }, [['.data', 'must be an object']]],
    ['a malformed occurredAt', { occurredAt: '2025-13-01' }, [['.occurredAt', DATE]]],
    [
      'an unknown precision',
      { occurredPrecision: 'WEEK' },
      [['.occurredPrecision', 'must be one of SECOND, MINUTE, HOUR, DAY, MONTH, YEAR']],
    ],
    [
      'nothing corrected',
      { data: undefined, occurredPrecision: undefined },
      [['', 'must correct at least one of data, occurredAt, occurredPrecision']],
    ],
    ['an unknown field', { note: 'x' }, [['.note', UNKNOWN]]],
  ]);
  it('accepts a correction of the time alone', () => {
    const data = {
      correctedEventId: EXAMPLE_EVENT_IDS.wrongCall,
      occurredAt: '2025-03-19T10:00Z',
      reason: 'wrong hour',
    };
    expect(validatePayload('EVENT_CORRECTED', data, B).errors).toEqual([]);
  });
  it('leaves the corrected data to a second call with its own type', () => {
    const correction = { ...EXAMPLE_PAYLOADS.EVENT_CORRECTED, data: { participants: ['waltz'], foo: 1 } };
    expect(validatePayload('EVENT_CORRECTED', correction, B).errors).toEqual([]);
    expect(validatePayload('CALL_HELD', correction.data, `${B}.data`).errors).toEqual([
      { path: `${B}.data.foo`, reason: UNKNOWN },
      { path: `${B}.data.participants`, reason: 'must list at least 2 distinct participants' },
    ]);
  });
});

describe('EVENT_RETRACTED', () => {
  expectCases('EVENT_RETRACTED', [
    ['a malformed retracted id', { retractedEventId: 'x' }, [['.retractedEventId', UUID]]],
    ['missing reason', { reason: undefined }, [['.reason', REQUIRED]]],
    ['an unknown field', { data: {} }, [['.data', UNKNOWN]]],
  ]);
});

// ---------------------------------------------------------------------------------------------
// The second edition: new fields of the first edition's types, and three new types

const QUANTITY = { what: 'prisoners', count: 390, from: 'russia', to: 'ukraine' };

describe('MEETING_HELD, second edition', () => {
  const base = { participants: ['rubio', 'lavrov'] };
  it('accepts mediators and a round, and the first edition mediator alone', () => {
    expect(validatePayload('MEETING_HELD', { ...base, mediators: ['saudi-arabia', 'us'], round: 2 }, B).errors).toEqual(
      [],
    );
    expect(validatePayload('MEETING_HELD', { ...base, mediators: [] }, B).errors).toEqual([]);
    expect(validatePayload('MEETING_HELD', { ...base, mediator: 'saudi-arabia' }, B).errors).toEqual([]);
  });
  expectCases('MEETING_HELD', [
    [
      'both mediator and mediators',
      { mediators: ['saudi-arabia'] },
      [['.mediators', 'may not be given with mediator: list every mediator in mediators']],
    ],
    ['round 0', { round: 0 }, [['.round', INT1]]],
    ['a fractional round', { round: 1.5 }, [['.round', INT1]]],
    ['round as a string', { round: '2' }, [['.round', INT1]]],
    ['round beyond 10000', { round: 10_001 }, [['.round', 'must be at most 10000']]],
  ]);
  it('names the bad mediator of the list', () => {
    expect(validatePayload('MEETING_HELD', { ...base, mediators: ['us', 'Turkey', 'us'] }, B).errors).toEqual([
      { path: `${B}.mediators[1]`, reason: ACTOR },
      { path: `${B}.mediators[2]`, reason: 'is listed twice' },
    ]);
  });
});

describe('PROPOSAL_MADE, second edition', () => {
  const terms = EXAMPLE_PAYLOADS.PROPOSAL_MADE.terms;
  it('accepts counterTo, backers, mediators and quantities', () => {
    const data = {
      ...EXAMPLE_PAYLOADS.PROPOSAL_MADE,
      counterTo: 'proposal-30-day-ceasefire',
      backers: ['us'],
      mediators: ['saudi-arabia'],
      terms: { kind: 'PRISONER_EXCHANGE', quantities: [QUANTITY, { what: 'bodies' }, { what: 'x', count: 0 }] },
    };
    expect(validatePayload('PROPOSAL_MADE', data, B).errors).toEqual([]);
  });
  expectCases('PROPOSAL_MADE', [
    ['a malformed counterTo', { counterTo: 'Proposal 1' }, [['.counterTo', STREAM]]],
    ['backers as a string', { backers: 'us' }, [['.backers', 'must be a list']]],
    ['a malformed mediator', { mediators: ['Turkey'] }, [['.mediators[0]', ACTOR]]],
    [
      'a negative count',
      { terms: { ...terms, quantities: [QUANTITY, { ...QUANTITY, count: -1 }] } },
      [['.terms.quantities[1].count', 'must be an integer ≥ 0']],
    ],
    [
      'a fractional count',
      { terms: { ...terms, quantities: [{ what: 'prisoners', count: 2.5 }] } },
      [['.terms.quantities[0].count', 'must be an integer ≥ 0']],
    ],
    [
      'a count beyond a billion',
      { terms: { ...terms, quantities: [{ what: 'prisoners', count: 1_000_000_001 }] } },
      [['.terms.quantities[0].count', 'must be at most 1000000000']],
    ],
    [
      'atLeast without count',
      { terms: { ...terms, quantities: [{ what: 'prisoners', atLeast: true }] } },
      [['.terms.quantities[0].atLeast', 'may only be given with count']],
    ],
    [
      'atLeast that is not a flag',
      { terms: { ...terms, quantities: [{ what: 'prisoners', count: 5, atLeast: 'yes' }] } },
      [['.terms.quantities[0].atLeast', 'must be true or false']],
    ],
    [
      'a quantity without what',
      { terms: { ...terms, quantities: [{ count: 5 }] } },
      [['.terms.quantities[0].what', REQUIRED]],
    ],
    [
      'a quantity with a blank what',
      { terms: { ...terms, quantities: [{ what: '  ' }] } },
      [['.terms.quantities[0].what', 'must not be empty']],
    ],
    [
      'a malformed from and to',
      { terms: { ...terms, quantities: [{ what: 'prisoners', from: 'Russia', to: 7 }] } },
      [
        ['.terms.quantities[0].from', ACTOR],
        ['.terms.quantities[0].to', ACTOR],
      ],
    ],
    [
      'an unknown field in a quantity',
      { terms: { ...terms, quantities: [QUANTITY, { ...QUANTITY, unit: 'people' }] } },
      [['.terms.quantities[1].unit', UNKNOWN]],
    ],
    [
      'a quantity that is not an object',
      { terms: { ...terms, quantities: [QUANTITY, 'prisoners', null] } },
      [
        ['.terms.quantities[1]', 'must be an object'],
        ['.terms.quantities[2]', 'must be an object'],
      ],
    ],
    [
      'quantities that are not a list',
      { terms: { ...terms, quantities: QUANTITY } },
      [['.terms.quantities', 'must be a list']],
    ],
    [
      '101 quantities',
      { terms: { ...terms, quantities: Array.from({ length: 101 }, () => QUANTITY) } },
      [['.terms.quantities', 'must have at most 100 items']],
    ],
  ]);
  it('reports a key class-transformer would drop inside a quantity', () => {
    const data: unknown = JSON.parse(
      `{"proposers":["us"],"parties":["ukraine"],"title":"t","terms":{"kind":"OTHER","quantities":[{"what":"x"},{"what":"y","__proto__":{},"constructor":1}]}}`,
    );
    expect(validatePayload('PROPOSAL_MADE', data, B).errors).toEqual([
      { path: `${B}.terms.quantities[1].__proto__`, reason: UNKNOWN },
      { path: `${B}.terms.quantities[1].constructor`, reason: UNKNOWN },
    ]);
  });
});

describe('AGREEMENT_REACHED, second edition', () => {
  it('accepts mediators, guarantors and quantities', () => {
    const data = {
      ...EXAMPLE_PAYLOADS.AGREEMENT_REACHED,
      mediators: ['saudi-arabia'],
      guarantors: ['us'],
      terms: { kind: 'PRISONER_EXCHANGE', quantities: [{ what: 'prisoners', count: 1000, atLeast: false }] },
    };
    expect(validatePayload('AGREEMENT_REACHED', data, B).errors).toEqual([]);
  });
  expectCases('AGREEMENT_REACHED', [
    ['a repeated guarantor', { guarantors: ['us', 'us'] }, [['.guarantors[1]', 'is listed twice']]],
    ['mediators as a string', { mediators: 'saudi-arabia' }, [['.mediators', 'must be a list']]],
  ]);
});

describe('CONDITIONS_MET', () => {
  it('accepts the party alone (all its conditions)', () => {
    expect(validatePayload('CONDITIONS_MET', { party: 'ukraine' }, B).errors).toEqual([]);
  });
  expectCases('CONDITIONS_MET', [
    ['missing party', { party: undefined }, [['.party', REQUIRED]]],
    ['a party by name', { party: 'Ukraine' }, [['.party', ACTOR]]],
    ['an empty list of conditions', { conditions: [] }, [['.conditions', 'must list at least 1 condition']]],
    ['an empty condition', { conditions: ['monitoring', ' '] }, [['.conditions[1]', 'must not be empty']]],
    ['a condition that is not text', { conditions: [12] }, [['.conditions[0]', 'must be a string']]],
    ['an empty text', { text: '' }, [['.text', 'must not be empty']]],
    ['an unknown field', { met: true }, [['.met', UNKNOWN]]],
  ]);
});

describe('IMPLEMENTATION_REPORTED', () => {
  it('accepts the minimal payload', () => {
    expect(validatePayload('IMPLEMENTATION_REPORTED', { reportedBy: 'ukraine', text: 'done' }, B).errors).toEqual([]);
  });
  expectCases('IMPLEMENTATION_REPORTED', [
    ['missing text', { text: undefined }, [['.text', REQUIRED]]],
    ['missing reportedBy', { reportedBy: undefined }, [['.reportedBy', REQUIRED]]],
    ['a malformed party', { party: 'Russia' }, [['.party', ACTOR]]],
    ['an overlong stage', { stage: LONG_NAME }, [['.stage', 'must be at most 300 characters']]],
    ['complete as a string', { complete: 'yes' }, [['.complete', 'must be true or false']]],
    ['an empty implements', { implements: [] }, [['.implements', 'must list at least 1 stream']]],
    ['a malformed implements', { implements: ['agreement-x', 'Agreement Y'] }, [['.implements[1]', STREAM]]],
    ['a repeated implements', { implements: ['agreement-x', 'agreement-x'] }, [['.implements[1]', 'is listed twice']]],
    [
      'a bad quantity',
      { quantities: [{ what: 'prisoners', count: -5, atLeast: true }] },
      [['.quantities[0].count', 'must be an integer ≥ 0']],
    ],
    ['an unknown field', { stageNumber: 1 }, [['.stageNumber', UNKNOWN]]],
  ]);
});

describe('PLEDGE_FULFILLED', () => {
  it('accepts the minimal payload', () => {
    expect(validatePayload('PLEDGE_FULFILLED', { by: 'russia' }, B).errors).toEqual([]);
  });
  expectCases('PLEDGE_FULFILLED', [
    ['missing by', { by: undefined }, [['.by', REQUIRED]]],
    ['a numeric text', { text: 3 }, [['.text', 'must be a string']]],
    ['an unknown field', { pledgeId: 'pledge-x' }, [['.pledgeId', UNKNOWN]]],
  ]);
});

describe('STATEMENT_MADE, claims ledger', () => {
  it('accepts a readout (readoutOf: the call or meeting, checked by the store)', () => {
    expect(errorsOf('STATEMENT_MADE', { readoutOf: OTHER_ID })).toEqual([]);
    expect(errorsOf('STATEMENT_MADE', { readoutOf: OTHER_ID.toUpperCase() })).toEqual([]);
  });
  expectCases('STATEMENT_MADE', [
    ['a readoutOf that is no uuid', { readoutOf: 'call-trump-putin' }, [['.readoutOf', UUID]]],
    ['a null readoutOf', { readoutOf: null }, [['.readoutOf', 'must not be null']]],
    ['a list of readouts', { readoutOf: [OTHER_ID] }, [['.readoutOf', UUID]]],
  ]);
});

describe('VIOLATION_REPORTED, claims ledger', () => {
  it('accepts a count, a period and cumulative; both bounds at the same instant; a million violations', () => {
    const period = { periodFrom: '2025-04-19T18:00:00Z', periodUntil: '2025-04-21' };
    expect(errorsOf('VIOLATION_REPORTED', { count: 2935, ...period, cumulative: true })).toEqual([]);
    expect(errorsOf('VIOLATION_REPORTED', { periodFrom: '2025-04-21T03:00+03:00', periodUntil: '2025-04-21' })).toEqual(
      [],
    );
    expect(errorsOf('VIOLATION_REPORTED', { count: 1 })).toEqual([]);
    expect(errorsOf('VIOLATION_REPORTED', { count: 1_000_000, cumulative: false })).toEqual([]);
  });
  expectCases('VIOLATION_REPORTED', [
    ['a count of 0', { count: 0 }, [['.count', INT1]]],
    ['a negative count', { count: -1 }, [['.count', INT1]]],
    ['a count of 1.5', { count: 1.5 }, [['.count', INT1]]],
    ['a count as a string', { count: '3' }, [['.count', INT1]]],
    ['a count as a boolean', { count: true }, [['.count', INT1]]],
    ['a count over a million', { count: 1_000_001 }, [['.count', 'must be at most 1000000']]],
    [
      'periodFrom after periodUntil (named at periodUntil)',
      { periodFrom: '2025-04-21T00:00:00Z', periodUntil: '2025-04-20T23:59:59.999Z' },
      [['.periodUntil', 'must not be before periodFrom']],
    ],
    [
      'bounds that are no date-times (not compared)',
      { periodFrom: '2025-02-30', periodUntil: '2025-04-20T12:00' },
      [
        ['.periodFrom', DATE],
        ['.periodUntil', DATE],
      ],
    ],
    ['a null periodUntil', { periodUntil: null }, [['.periodUntil', 'must not be null']]],
    ['cumulative as text', { cumulative: 'yes' }, [['.cumulative', 'must be true or false']]],
  ]);
});

describe('EVENT_CORRECTED of second-edition payloads', () => {
  it('leaves the corrected data to its type, which takes the new fields', () => {
    const correction = {
      ...EXAMPLE_PAYLOADS.EVENT_CORRECTED,
      data: { participants: ['rubio', 'lavrov'], mediators: ['saudi-arabia'], round: 3 },
    };
    expect(validatePayload('EVENT_CORRECTED', correction, B).errors).toEqual([]);
    expect(validatePayload('MEETING_HELD', correction.data, `${B}.data`).errors).toEqual([]);
    expect(
      validatePayload('IMPLEMENTATION_REPORTED', { reportedBy: 'ukraine', text: 'x', quantities: [{}] }, `${B}.data`)
        .errors,
    ).toEqual([{ path: `${B}.data.quantities[0].what`, reason: REQUIRED }]);
  });
});
