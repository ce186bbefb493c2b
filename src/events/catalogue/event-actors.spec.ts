import { actorIdsOf } from './event-actors.js';
import { EVENT_TYPES, type EventType } from './event-types.js';
import { EXAMPLE_PAYLOADS } from './payload-examples.js';

describe('actorIdsOf', () => {
  it.each<[EventType, string[]]>([
    ['CALL_HELD', ['trump', 'zelensky']],
    ['MEETING_HELD', ['rubio', 'lavrov', 'saudi-arabia']],
    ['STATEMENT_MADE', ['trump', 'putin', 'zelensky']],
    ['CLAIM_DISPUTED', ['zelensky']],
    ['DEMAND_MADE', ['putin', 'us']],
    ['PROPOSAL_MADE', ['us', 'ukraine', 'russia']],
    ['PROPOSAL_ACCEPTED', ['ukraine']],
    ['PROPOSAL_REJECTED', ['russia']],
    ['CONDITIONS_MET', ['ukraine']],
    ['AGREEMENT_REACHED', ['russia']],
    ['IMPLEMENTATION_REPORTED', ['ukraine', 'russia']],
    ['PLEDGE_MADE', ['putin', 'trump']],
    ['PLEDGE_WITHDRAWN', ['putin']],
    ['PLEDGE_FULFILLED', ['putin']],
    ['STRIKE_REPORTED', ['russia']],
    ['VIOLATION_REPORTED', ['russia', 'zelensky']],
    ['EVENT_CORRECTED', ['waltz', 'ushakov']],
    ['EVENT_RETRACTED', []],
  ])('gives the actors of the example %s', (type, ids) => {
    expect(actorIdsOf(type, EXAMPLE_PAYLOADS[type])).toEqual(ids);
  });

  it('covers every type', () => {
    for (const type of EVENT_TYPES) expect(Array.isArray(actorIdsOf(type, EXAMPLE_PAYLOADS[type]))).toBe(true);
  });

  it('keeps the order of first appearance and drops repeats', () => {
    expect(actorIdsOf('CALL_HELD', { participants: ['putin', 'trump', 'putin'], initiator: 'trump' })).toEqual([
      'putin',
      'trump',
    ]);
    expect(actorIdsOf('CALL_HELD', { participants: ['putin', 'trump'], initiator: 'witkoff' })).toEqual([
      'putin',
      'trump',
      'witkoff',
    ]);
    expect(
      actorIdsOf('PROPOSAL_MADE', {
        proposers: ['us', 'ukraine'],
        parties: ['ukraine', 'russia'],
        title: 't',
        terms: { kind: 'OTHER' },
      }),
    ).toEqual(['us', 'ukraine', 'russia']);
    expect(actorIdsOf('VIOLATION_REPORTED', { violator: 'russia', reportedBy: 'russia' })).toEqual(['russia']);
  });

  it('includes the second edition actors: mediators, backers, guarantors, the quantities', () => {
    expect(
      actorIdsOf('PROPOSAL_MADE', {
        proposers: ['turkey'],
        parties: ['ukraine', 'russia'],
        title: 't',
        terms: { kind: 'PRISONER_EXCHANGE', quantities: [{ what: 'p', from: 'kremlin', to: 'zelensky' }] },
        backers: ['us'],
        mediators: ['turkey', 'un'],
      }),
    ).toEqual(['turkey', 'ukraine', 'russia', 'us', 'un', 'kremlin', 'zelensky']);
    expect(
      actorIdsOf('AGREEMENT_REACHED', {
        parties: ['ukraine'],
        title: 't',
        terms: { kind: 'OTHER' },
        mediators: ['us'],
        guarantors: ['un'],
      }),
    ).toEqual(['ukraine', 'us', 'un']);
    expect(actorIdsOf('MEETING_HELD', { participants: ['a', 'b'], mediators: ['c'] })).toEqual(['a', 'b', 'c']);
  });

  it('reads only the fields of the type', () => {
    expect(
      actorIdsOf('STRIKE_REPORTED', { attacker: 'russia', by: 'putin', targetCategory: 'OTHER', place: 'x' }),
    ).toEqual(['russia']);
  });

  it('skips values that are not well-formed actor ids', () => {
    expect(actorIdsOf('CALL_HELD', { participants: ['trump', 'Putin', 3, null], initiator: { id: 'trump' } })).toEqual([
      'trump',
    ]);
    expect(actorIdsOf('CALL_HELD', null)).toEqual([]);
    expect(actorIdsOf('CALL_HELD', 'trump')).toEqual([]);
  });

  it('gives the actors of the corrected data for a correction, none without data', () => {
    const base = { correctedEventId: '1234abcd-0000-4000-8000-000000000001', reason: 'r' };
    expect(
      actorIdsOf('EVENT_CORRECTED', { ...base, data: { speaker: 'kremlin', text: 'x', about: ['trump', 'putin'] } }),
    ).toEqual(['kremlin', 'trump', 'putin']);
    expect(actorIdsOf('EVENT_CORRECTED', { ...base, data: { by: 'putin', to: 'trump', commitment: {} } })).toEqual([
      'putin',
      'trump',
    ]);
    expect(actorIdsOf('EVENT_CORRECTED', { ...base, occurredAt: '2025-03-18' })).toEqual([]);
    expect(
      actorIdsOf('EVENT_CORRECTED', {
        ...base,
        data: { reportedBy: 'ukraine', quantities: [{ what: 'p', from: 'russia' }], text: 'x' },
      }),
    ).toEqual(['ukraine', 'russia']);
    expect(
      actorIdsOf('EVENT_CORRECTED', {
        ...base,
        data: {
          parties: ['ukraine'],
          title: 't',
          terms: { kind: 'OTHER', quantities: [{ what: 'p', to: 'us' }] },
          guarantors: ['un'],
        },
      }),
    ).toEqual(['ukraine', 'un', 'us']);
    expect(actorIdsOf('EVENT_CORRECTED', { ...base, data: 'trump' })).toEqual([]);
    expect(actorIdsOf('EVENT_RETRACTED', { retractedEventId: base.correctedEventId, reason: 'r' })).toEqual([]);
  });
});
