import { type CodeContext, cameoCode, eventCodes, ploverType, quadClass } from './event-codes.js';
import type { EventDataMap, EventType, TypedData } from './event-types.js';
import { EXAMPLE_PAYLOADS } from './payload-examples.js';

function typed<K extends EventType>(type: K, data: EventDataMap[K]): TypedData {
  return { type, data } as TypedData;
}

function example<K extends EventType>(type: K, change: Partial<EventDataMap[K]> = {}): TypedData {
  return typed(type, { ...EXAMPLE_PAYLOADS[type], ...change });
}

describe('cameoCode', () => {
  it.each<[string, TypedData, string | null]>([
    ['CALL_HELD', example('CALL_HELD'), '041'],
    ['MEETING_HELD about peace talks', example('MEETING_HELD'), '046'],
    ['MEETING_HELD without topics', example('MEETING_HELD', { topics: undefined }), '044'],
    ['MEETING_HELD about trade', example('MEETING_HELD', { topics: ['trade', 'embassies'] }), '044'],
    ['STATEMENT_MADE', example('STATEMENT_MADE'), '010'],
    ['CLAIM_DISPUTED that accuses', example('CLAIM_DISPUTED'), '1123'],
    [
      'CLAIM_DISPUTED that does not accuse',
      example('CLAIM_DISPUTED', { text: 'no such order was given to our units' }),
      '010',
    ],
    ['DEMAND_MADE about aid', example('DEMAND_MADE'), '100'],
    ['DEMAND_MADE for a halt', example('DEMAND_MADE', { demand: 'halt all strikes on ports' }), '1056'],
    ['PROPOSAL_MADE', example('PROPOSAL_MADE'), '0256'],
    ['PROPOSAL_ACCEPTED', example('PROPOSAL_ACCEPTED'), '0356'],
    ['PROPOSAL_REJECTED', example('PROPOSAL_REJECTED'), '1246'],
    ['AGREEMENT_REACHED, a declared ceasefire', example('AGREEMENT_REACHED'), '0871'],
    [
      'AGREEMENT_REACHED, a ceasefire agreed by both',
      example('AGREEMENT_REACHED', { unilateral: false, parties: ['russia', 'ukraine'] }),
      '057',
    ],
    [
      'AGREEMENT_REACHED, a unilateral exchange',
      example('AGREEMENT_REACHED', { terms: { kind: 'PRISONER_EXCHANGE' } }),
      '057',
    ],
    ['PLEDGE_MADE to halt strikes', example('PLEDGE_MADE', { ceasefireId: undefined }), '0356'],
    [
      'PLEDGE_MADE tied to a ceasefire',
      example('PLEDGE_MADE', { commitment: { action: 'RELEASE', text: '175 prisoners' } }),
      '0356',
    ],
    [
      'PLEDGE_MADE, generic',
      example('PLEDGE_MADE', { ceasefireId: undefined, commitment: { action: 'PROVIDE_AID', text: 'aid' } }),
      '030',
    ],
    ['PLEDGE_WITHDRAWN', example('PLEDGE_WITHDRAWN'), '1246'],
    ['STRIKE_REPORTED by drone', example('STRIKE_REPORTED'), '195'],
    ['STRIKE_REPORTED by aircraft', example('STRIKE_REPORTED', { means: 'AIRCRAFT' }), '195'],
    ['STRIKE_REPORTED by missile', example('STRIKE_REPORTED', { means: 'MISSILE' }), '194'],
    ['STRIKE_REPORTED by artillery', example('STRIKE_REPORTED', { means: 'ARTILLERY' }), '194'],
    ['STRIKE_REPORTED by unknown means', example('STRIKE_REPORTED', { means: undefined }), '194'],
    ['VIOLATION_REPORTED', example('VIOLATION_REPORTED'), '196'],
    ['EVENT_CORRECTED', example('EVENT_CORRECTED'), null],
    ['EVENT_RETRACTED', example('EVENT_RETRACTED'), null],
  ])('%s → %s', (_what, event, code) => {
    expect(cameoCode(event)).toBe(code);
  });

  it.each([
    'negotiations on the Black Sea',
    'Ceasefire',
    'cease-fire monitoring',
    'an Easter truce',
    'peace deal',
    'talks in Istanbul',
  ])('a meeting about "%s" is a negotiation (046)', (topic) => {
    expect(cameoCode(example('MEETING_HELD', { topics: ['trade', topic] }))).toBe('046');
  });

  it.each([
    'very much at odds with reality',
    'this is a lie',
    'he is lying',
    'the claim is false',
    'untrue',
    'the Kremlin denied it',
    'we deny any such demand',
    'they accused us of stalling',
    'a fabricated readout',
  ])('a dispute saying "%s" accuses (1123)', (text) => {
    expect(cameoCode(example('CLAIM_DISPUTED', { text }))).toBe('1123');
  });

  it.each([
    'we believe the earlier figures were preliminary',
    'the relief convoy arrived on Monday',
    'the order was given later',
  ])('a dispute saying "%s" is a statement (010)', (text) => {
    expect(cameoCode(example('CLAIM_DISPUTED', { text }))).toBe('010');
  });

  it.each([
    'a full ceasefire',
    'de-escalation along the front',
    'stop the strikes',
    'a cessation of hostilities',
    'an energy truce',
  ])('a demand for "%s" is de-escalation (1056)', (demand) => {
    expect(cameoCode(example('DEMAND_MADE', { demand }))).toBe('1056');
  });

  it.each(['one-on-one calls with Washington only', 'an end to foreign military aid'])(
    'a demand for "%s" is generic (100)',
    (demand) => {
      expect(cameoCode(example('DEMAND_MADE', { demand }))).toBe('100');
    },
  );
});

describe('quadClass', () => {
  it.each<[string | null, 1 | 2 | 3 | 4 | null]>([
    ['010', 1],
    ['041', 1],
    ['044', 1],
    ['046', 1],
    ['0256', 1],
    ['030', 1],
    ['0356', 1],
    ['057', 1],
    ['0871', 2],
    ['061', 2],
    ['0811', 2],
    ['090', 3],
    ['100', 3],
    ['1056', 3],
    ['1123', 3],
    ['1246', 3],
    ['138', 3],
    ['140', 4],
    ['194', 4],
    ['195', 4],
    ['196', 4],
    ['204', 4],
    [null, null],
    ['', null],
    ['000', null],
    ['210', null],
    ['12a', null],
    ['01', 1],
    ['02', 1],
    ['03', 1],
    ['08', 2],
    ['087', 2],
    ['0841', 2],
    ['12', 3],
    ['1243', 3],
    ['0253', 1],
    ['0353', 1],
    ['00', null],
    ['21', null],
    ['1', null],
  ])('%s → %s', (code, quad) => {
    expect(quadClass(code)).toBe(quad);
  });
});

describe('ploverType', () => {
  it.each<[string, TypedData, string | null]>([
    ['CALL_HELD', example('CALL_HELD'), 'CONSULT'],
    ['MEETING_HELD', example('MEETING_HELD'), 'CONSULT'],
    ['STATEMENT_MADE', example('STATEMENT_MADE'), null],
    ['CLAIM_DISPUTED', example('CLAIM_DISPUTED'), 'ACCUSE'],
    ['DEMAND_MADE', example('DEMAND_MADE'), 'DEMAND'],
    ['PROPOSAL_MADE', example('PROPOSAL_MADE'), 'APPEAL'],
    ['PROPOSAL_ACCEPTED', example('PROPOSAL_ACCEPTED'), 'AGREE'],
    ['PROPOSAL_REJECTED', example('PROPOSAL_REJECTED'), 'REJECT'],
    ['AGREEMENT_REACHED, unilateral', example('AGREEMENT_REACHED'), 'CONCEDE'],
    ['AGREEMENT_REACHED, agreed by both', example('AGREEMENT_REACHED', { unilateral: undefined }), 'AGREE'],
    ['PLEDGE_MADE', example('PLEDGE_MADE'), 'AGREE'],
    ['PLEDGE_WITHDRAWN', example('PLEDGE_WITHDRAWN'), 'REJECT'],
    ['STRIKE_REPORTED', example('STRIKE_REPORTED'), 'ASSAULT'],
    ['VIOLATION_REPORTED', example('VIOLATION_REPORTED'), 'ACCUSE'],
    ['EVENT_CORRECTED', example('EVENT_CORRECTED'), null],
    ['EVENT_RETRACTED', example('EVENT_RETRACTED'), null],
  ])('%s → %s', (_what, event, plover) => {
    expect(ploverType(event)).toBe(plover);
  });
});

describe('codes that follow the kind of terms (the second edition)', () => {
  const kinds = ['CEASEFIRE', 'PRISONER_EXCHANGE', 'PEACE_DEAL', 'OTHER'] as const;

  it.each<[(typeof kinds)[number], string]>([
    ['CEASEFIRE', '0256'],
    ['PRISONER_EXCHANGE', '0253'],
    ['PEACE_DEAL', '02'],
    ['OTHER', '02'],
  ])('a PROPOSAL_MADE of %s terms is %s, whatever the context', (kind, code) => {
    const proposal = example('PROPOSAL_MADE', { terms: { kind } });
    expect(cameoCode(proposal)).toBe(code);
    expect(cameoCode(proposal, { kind: 'PRISONER_EXCHANGE' })).toBe(code);
    expect(ploverType(proposal)).toBe('APPEAL');
  });

  it.each<[CodeContext, string, string]>([
    [{ kind: 'CEASEFIRE' }, '0356', '1246'],
    [{ kind: 'PRISONER_EXCHANGE' }, '0353', '1243'],
    [{ kind: 'PEACE_DEAL' }, '03', '12'],
    [{ kind: 'OTHER' }, '03', '12'],
    // Unknown subject: the first edition's ceasefire codes.
    [{}, '0356', '1246'],
    [{ kind: null }, '0356', '1246'],
  ])('answers to a subject of %j: acceptance %s, rejection %s', (context, accepted, rejected) => {
    expect(cameoCode(example('PROPOSAL_ACCEPTED'), context)).toBe(accepted);
    expect(cameoCode(example('PROPOSAL_REJECTED'), context)).toBe(rejected);
    expect(ploverType(example('PROPOSAL_ACCEPTED'), context)).toBe('AGREE');
    expect(ploverType(example('PROPOSAL_REJECTED'), context)).toBe('REJECT');
  });

  it('CONDITIONS_MET has no code (the act that met them is an event of its own)', () => {
    for (const kind of kinds)
      expect(eventCodes(example('CONDITIONS_MET'), { kind })).toEqual({ cameo: null, quadClass: null, plover: null });
  });

  it.each<[CodeContext, string, 2, string]>([
    [{ kind: 'PRISONER_EXCHANGE' }, '0841', 2, 'RELEASE'],
    [{ kind: 'CEASEFIRE' }, '087', 2, 'RETREAT'],
    [{ kind: 'PEACE_DEAL' }, '08', 2, 'CONCEDE'],
    [{ kind: 'OTHER' }, '08', 2, 'CONCEDE'],
    [{}, '08', 2, 'CONCEDE'],
  ])('an IMPLEMENTATION_REPORTED of a subject of %j: %s (QuadClass %s), %s', (context, cameo, quad, plover) => {
    expect(eventCodes(example('IMPLEMENTATION_REPORTED'), context)).toEqual({ cameo, quadClass: quad, plover });
  });

  it.each<[CodeContext, string, string]>([
    [{ pledgeAction: 'RELEASE' }, '0841', 'RELEASE'],
    [{ pledgeAction: 'HALT_STRIKES' }, '087', 'RETREAT'],
    [{ pledgeAction: 'WITHDRAW' }, '08', 'CONCEDE'],
    [{ pledgeAction: 'PROVIDE_AID' }, '08', 'CONCEDE'],
    [{ pledgeAction: 'OTHER' }, '08', 'CONCEDE'],
    [{}, '08', 'CONCEDE'],
  ])('a PLEDGE_FULFILLED of a pledge %j: %s, %s', (context, cameo, plover) => {
    expect(eventCodes(example('PLEDGE_FULFILLED'), context)).toEqual({ cameo, quadClass: 2, plover });
  });

  it('types that do not answer a subject ignore the context', () => {
    const context: CodeContext = { kind: 'PRISONER_EXCHANGE', pledgeAction: 'RELEASE' };
    for (const type of ['CALL_HELD', 'STRIKE_REPORTED', 'PLEDGE_MADE', 'AGREEMENT_REACHED'] as const)
      expect(eventCodes(example(type), context)).toEqual(eventCodes(example(type)));
  });
});

describe('eventCodes', () => {
  it('gives the three codes together', () => {
    expect(eventCodes(example('STRIKE_REPORTED'))).toEqual({ cameo: '195', quadClass: 4, plover: 'ASSAULT' });
    expect(eventCodes(example('PROPOSAL_REJECTED'))).toEqual({ cameo: '1246', quadClass: 3, plover: 'REJECT' });
    expect(eventCodes(example('EVENT_RETRACTED'))).toEqual({ cameo: null, quadClass: null, plover: null });
  });
});
