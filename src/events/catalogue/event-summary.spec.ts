import type { EventDataMap, EventType, TypedData } from './event-types.js';
import { EVENT_TYPES } from './event-types.js';
import { EXAMPLE_PAYLOADS } from './payload-examples.js';
import { joinList, summarize } from './event-summary.js';

const NAMES: Record<string, string> = {
  trump: 'Donald Trump',
  putin: 'Vladimir Putin',
  zelensky: 'Volodymyr Zelensky',
  us: 'the United States',
  ukraine: 'Ukraine',
  russia: 'Russia',
  rubio: 'Marco Rubio',
  lavrov: 'Sergey Lavrov',
  'saudi-arabia': 'Saudi Arabia',
  waltz: 'Mike Waltz',
  turkey: 'Turkey',
  uae: 'the United Arab Emirates',
};
const name = (id: string): string => NAMES[id] ?? id;

function typed<K extends EventType>(type: K, data: EventDataMap[K]): TypedData {
  return { type, data } as TypedData;
}

function example<K extends EventType>(type: K, change: Partial<EventDataMap[K]> = {}): TypedData {
  return typed(type, { ...EXAMPLE_PAYLOADS[type], ...change });
}

describe('summarize', () => {
  it.each<[string, TypedData, string]>([
    [
      'CALL_HELD',
      example('CALL_HELD'),
      'Donald Trump and Volodymyr Zelensky held a 60-minute phone call about the ceasefire.',
    ],
    [
      'CALL_HELD, minimal',
      typed('CALL_HELD', { participants: ['trump', 'putin'], channel: 'PHONE' }),
      'Donald Trump and Vladimir Putin held a phone call.',
    ],
    [
      'CALL_HELD, initiator first',
      typed('CALL_HELD', { participants: ['putin', 'trump'], initiator: 'trump', channel: 'VIDEO' }),
      'Donald Trump and Vladimir Putin held a video call.',
    ],
    [
      'CALL_HELD, unknown actor',
      typed('CALL_HELD', { participants: ['waltz', 'ushakov'] }),
      'Mike Waltz and ushakov held a call.',
    ],
    [
      'CALL_HELD, three topics',
      example('CALL_HELD', { topics: ['energy', 'ports', 'prisoners'] }),
      'Donald Trump and Volodymyr Zelensky held a 60-minute phone call about energy, ports and prisoners.',
    ],
    [
      'MEETING_HELD',
      example('MEETING_HELD'),
      'Marco Rubio and Sergey Lavrov met in Riyadh about peace talks, mediated by Saudi Arabia.',
    ],
    [
      'MEETING_HELD, minimal',
      typed('MEETING_HELD', { participants: ['rubio', 'lavrov'] }),
      'Marco Rubio and Sergey Lavrov met.',
    ],
    [
      'STATEMENT_MADE',
      example('STATEMENT_MADE'),
      'Donald Trump said about Vladimir Putin and Volodymyr Zelensky (Truth Social): "very much on track".',
    ],
    [
      'STATEMENT_MADE, minimal',
      typed('STATEMENT_MADE', { speaker: 'zelensky', text: 'very much at odds with reality' }),
      'Volodymyr Zelensky said: "very much at odds with reality".',
    ],
    [
      'CLAIM_DISPUTED',
      example('CLAIM_DISPUTED'),
      'Volodymyr Zelensky disputed a claim: "very much at odds with reality".',
    ],
    [
      'DEMAND_MADE',
      example('DEMAND_MADE'),
      'Vladimir Putin demanded of the United States, as a condition for proposal-30-day-ceasefire: "an end to foreign military aid and intelligence to Ukraine".',
    ],
    [
      'DEMAND_MADE, minimal',
      typed('DEMAND_MADE', { by: 'putin', addressee: 'us', demand: 'one-on-one calls with Washington only' }),
      'Vladimir Putin demanded of the United States: "one-on-one calls with Washington only".',
    ],
    [
      'PROPOSAL_MADE',
      example('PROPOSAL_MADE'),
      'The United States proposed "30-day ceasefire" (comprehensive ceasefire, 30 days, unconditional) to Ukraine and Russia.',
    ],
    [
      'PROPOSAL_MADE, plain terms',
      example('PROPOSAL_MADE', { terms: { kind: 'OTHER' } }),
      'The United States proposed "30-day ceasefire" to Ukraine and Russia.',
    ],
    [
      'PROPOSAL_MADE, an exchange',
      example('PROPOSAL_MADE', { title: 'Exchange', terms: { kind: 'PRISONER_EXCHANGE', scope: 'LOCAL' } }),
      'The United States proposed "Exchange" (prisoner exchange) to Ukraine and Russia.',
    ],
    [
      'PROPOSAL_ACCEPTED',
      example('PROPOSAL_ACCEPTED'),
      'Ukraine accepted the proposal with conditions: Russia also stops its attacks.',
    ],
    [
      'PROPOSAL_ACCEPTED, two conditions',
      example('PROPOSAL_ACCEPTED', { conditions: ['Russia stops too.', 'monitoring by the UN.'] }),
      'Ukraine accepted the proposal with conditions: Russia stops too; monitoring by the UN.',
    ],
    [
      'PROPOSAL_ACCEPTED, no conditions',
      typed('PROPOSAL_ACCEPTED', { party: 'ukraine' }),
      'Ukraine accepted the proposal.',
    ],
    [
      'PROPOSAL_REJECTED',
      example('PROPOSAL_REJECTED'),
      'Russia rejected the proposal: no halt to foreign military aid.',
    ],
    ['PROPOSAL_REJECTED, no reason', typed('PROPOSAL_REJECTED', { party: 'russia' }), 'Russia rejected the proposal.'],
    [
      'AGREEMENT_REACHED, declared',
      example('AGREEMENT_REACHED'),
      'Russia declared "Easter truce" (comprehensive ceasefire, 30 hours).',
    ],
    [
      'AGREEMENT_REACHED, agreed',
      typed('AGREEMENT_REACHED', {
        parties: ['russia', 'ukraine'],
        title: 'Black Sea ceasefire',
        terms: { kind: 'CEASEFIRE', scope: 'MARITIME', durationDays: 1, durationHours: 12 },
      }),
      'Russia and Ukraine agreed on "Black Sea ceasefire" (maritime ceasefire, 1 day and 12 hours).',
    ],
    [
      'PLEDGE_MADE',
      example('PLEDGE_MADE'),
      'Vladimir Putin pledged to Donald Trump to halt strikes on energy infrastructure for 30 days.',
    ],
    [
      'PLEDGE_MADE, no recipient',
      example('PLEDGE_MADE', { to: undefined }),
      'Vladimir Putin pledged to halt strikes on energy infrastructure for 30 days.',
    ],
    [
      'PLEDGE_MADE, any target until a date',
      typed('PLEDGE_MADE', {
        by: 'russia',
        commitment: { action: 'HALT_STRIKES', text: 'x' },
        validUntil: '2025-04-17',
      }),
      'Russia pledged to halt strikes until 2025-04-17.',
    ],
    [
      'PLEDGE_MADE, a release',
      typed('PLEDGE_MADE', { by: 'ukraine', commitment: { action: 'RELEASE', text: '175 prisoners of war' } }),
      'Ukraine pledged to release: "175 prisoners of war".',
    ],
    [
      'PLEDGE_MADE, other',
      typed('PLEDGE_MADE', {
        by: 'russia',
        commitment: { action: 'OTHER', text: 'no offensive in Sumy' },
        durationDays: 1,
      }),
      'Russia pledged for 1 day: "no offensive in Sumy".',
    ],
    ['PLEDGE_WITHDRAWN', example('PLEDGE_WITHDRAWN'), 'Vladimir Putin withdrew the pledge: the 30 days are over.'],
    ['PLEDGE_WITHDRAWN, no reason', typed('PLEDGE_WITHDRAWN', { by: 'putin' }), 'Vladimir Putin withdrew the pledge.'],
    ['STRIKE_REPORTED', example('STRIKE_REPORTED'), 'Russia struck energy infrastructure in Sloviansk (drone).'],
    [
      'STRIKE_REPORTED, a port',
      example('STRIKE_REPORTED', { targetCategory: 'PORT', place: 'Odesa', means: 'MISSILE' }),
      'Russia struck a port in Odesa (missile).',
    ],
    [
      'STRIKE_REPORTED, unknown means',
      typed('STRIKE_REPORTED', { attacker: 'ukraine', targetCategory: 'ENERGY_INFRASTRUCTURE', place: 'Moscow' }),
      'Ukraine struck energy infrastructure in Moscow.',
    ],
    [
      'VIOLATION_REPORTED',
      example('VIOLATION_REPORTED'),
      'Volodymyr Zelensky reported a violation by Russia: "strikes on energy infrastructure continued after the call".',
    ],
    [
      'VIOLATION_REPORTED, no text',
      typed('VIOLATION_REPORTED', { violator: 'russia', reportedBy: 'ukraine' }),
      'Ukraine reported a violation by Russia.',
    ],
    [
      'VIOLATION_REPORTED, second edition: a count over a period, a running total',
      typed('VIOLATION_REPORTED', {
        violator: 'russia',
        reportedBy: 'ukraine',
        count: 2935,
        periodFrom: '2025-04-19T18:00:00Z',
        periodUntil: '2025-04-21',
        cumulative: true,
        text: 'the Easter truce was not kept',
      }),
      'Ukraine reported 2,935 violations by Russia from 2025-04-19 18:00 UTC until 2025-04-21 (a running total): "the Easter truce was not kept".',
    ],
    [
      'VIOLATION_REPORTED, second edition: a count of 1 reads as the first edition',
      typed('VIOLATION_REPORTED', { violator: 'russia', reportedBy: 'ukraine', count: 1, cumulative: false }),
      'Ukraine reported a violation by Russia.',
    ],
    [
      'VIOLATION_REPORTED, second edition: one bound of the period, to the second',
      typed('VIOLATION_REPORTED', {
        violator: 'ukraine',
        reportedBy: 'russia',
        count: 1000,
        periodFrom: '2025-04-19T21:00:15+03:00',
      }),
      'Russia reported 1,000 violations by Ukraine from 2025-04-19T18:00:15.000Z.',
    ],
    [
      'VIOLATION_REPORTED, second edition: a single violation until a day',
      typed('VIOLATION_REPORTED', { violator: 'russia', reportedBy: 'ukraine', periodUntil: '2025-04-20' }),
      'Ukraine reported a violation by Russia until 2025-04-20.',
    ],
    [
      'STATEMENT_MADE, second edition: a readout',
      example('STATEMENT_MADE', { readoutOf: '0d3c2a58-8c47-4b7e-9a53-2f6c1e0b9a11' }),
      'Donald Trump said about Vladimir Putin and Volodymyr Zelensky (a readout, Truth Social): "very much on track".',
    ],
    [
      'STATEMENT_MADE, second edition: a readout without venue',
      typed('STATEMENT_MADE', {
        speaker: 'putin',
        text: 'a thorough and frank exchange',
        readoutOf: '0d3c2a58-8c47-4b7e-9a53-2f6c1e0b9a11',
      }),
      'Vladimir Putin said (a readout): "a thorough and frank exchange".',
    ],
    [
      'MEETING_HELD, second edition: mediators and a round',
      typed('MEETING_HELD', {
        participants: ['rubio', 'lavrov'],
        place: 'Istanbul',
        mediators: ['turkey', 'saudi-arabia'],
        round: 2,
      }),
      'Marco Rubio and Sergey Lavrov met in Istanbul (round 2), mediated by Turkey and Saudi Arabia.',
    ],
    [
      'PROPOSAL_MADE, a counter-proposal with backers and mediators',
      typed('PROPOSAL_MADE', {
        proposers: ['russia'],
        parties: ['ukraine'],
        title: 'Energy truce',
        terms: { kind: 'CEASEFIRE', scope: 'ENERGY_INFRASTRUCTURE', durationDays: 30 },
        counterTo: 'proposal-30-day-ceasefire',
        backers: ['uae'],
        mediators: ['turkey'],
      }),
      'Russia proposed "Energy truce" (energy infrastructure ceasefire, 30 days) to Ukraine, as a counter-proposal to proposal-30-day-ceasefire, backed by the United Arab Emirates, mediated by Turkey.',
    ],
    [
      'PROPOSAL_MADE, an exchange with quantities',
      typed('PROPOSAL_MADE', {
        proposers: ['turkey'],
        parties: ['ukraine', 'russia'],
        title: '1,000 for 1,000',
        terms: {
          kind: 'PRISONER_EXCHANGE',
          quantities: [
            { what: 'prisoners', count: 1000, from: 'russia', to: 'ukraine' },
            { what: 'prisoners', count: 1000, from: 'ukraine', to: 'russia' },
          ],
        },
      }),
      'Turkey proposed "1,000 for 1,000" (prisoner exchange, 1,000 prisoners from Russia to Ukraine and 1,000 prisoners from Ukraine to Russia) to Ukraine and Russia.',
    ],
    [
      'AGREEMENT_REACHED, with mediators, guarantors and open-ended quantities',
      typed('AGREEMENT_REACHED', {
        parties: ['russia', 'ukraine'],
        title: 'All for all',
        terms: {
          kind: 'PRISONER_EXCHANGE',
          quantities: [{ what: 'prisoners' }, { what: 'bodies', count: 6000, atLeast: true }],
        },
        mediators: ['uae'],
        guarantors: ['turkey'],
      }),
      'Russia and Ukraine agreed on "All for all" (prisoner exchange, all prisoners and at least 6,000 bodies), mediated by the United Arab Emirates, guaranteed by Turkey.',
    ],
    ['CONDITIONS_MET', example('CONDITIONS_MET'), "Ukraine's conditions were met: Russia also stops its attacks."],
    [
      'CONDITIONS_MET, all of them, with a text',
      typed('CONDITIONS_MET', { party: 'us', text: 'the monitors are in place' }),
      'The United States\' conditions were all met: "the monitors are in place".',
    ],
    ['CONDITIONS_MET, all of them', typed('CONDITIONS_MET', { party: 'russia' }), "Russia's conditions were all met."],
    [
      'IMPLEMENTATION_REPORTED, seen from the receiving side',
      example('IMPLEMENTATION_REPORTED'),
      'Ukraine reported 390 prisoners received from Russia (stage 1): "the first 390 of the 1,000 prisoners agreed in Istanbul came home".',
    ],
    [
      'IMPLEMENTATION_REPORTED, seen from the handing side, complete',
      typed('IMPLEMENTATION_REPORTED', {
        reportedBy: 'russia',
        stage: 'third stage',
        quantities: [{ what: 'prisoners', count: 303, from: 'russia', to: 'ukraine' }],
        complete: true,
        text: 'the exchange is over',
      }),
      'Russia reported 303 prisoners handed over to Ukraine (third stage, complete): "the exchange is over".',
    ],
    [
      'IMPLEMENTATION_REPORTED by a third party, without quantities',
      typed('IMPLEMENTATION_REPORTED', {
        reportedBy: 'uae',
        party: 'russia',
        text: 'the withdrawal from the plant began',
      }),
      'The United Arab Emirates reported implementation by Russia: "the withdrawal from the plant began".',
    ],
    [
      'IMPLEMENTATION_REPORTED, a quantity between others',
      typed('IMPLEMENTATION_REPORTED', {
        reportedBy: 'uae',
        quantities: [{ what: 'prisoners', count: 84, from: 'russia', to: 'ukraine' }],
        text: 'mediated exchange',
      }),
      'The United Arab Emirates reported 84 prisoners from Russia to Ukraine: "mediated exchange".',
    ],
    [
      'PLEDGE_FULFILLED',
      example('PLEDGE_FULFILLED'),
      'Vladimir Putin fulfilled the pledge: "175 prisoners of war were exchanged, as promised in the call".',
    ],
    ['PLEDGE_FULFILLED, no text', typed('PLEDGE_FULFILLED', { by: 'russia' }), 'Russia fulfilled the pledge.'],
    ['EVENT_CORRECTED', example('EVENT_CORRECTED'), 'Event 1234abcd… was corrected: the counterpart was Yuri Ushakov.'],
    ['EVENT_RETRACTED', example('EVENT_RETRACTED'), 'Event 1234abcd… was retracted: duplicate of another call.'],
  ])('%s', (_what, event, expected) => {
    expect(summarize(event, name)).toBe(expected);
  });

  it('cuts a long quote with … and keeps the closing quote and full stop', () => {
    const text = `very much at odds with reality ${'and so on '.repeat(100)}`;
    const summary = summarize(typed('STATEMENT_MADE', { speaker: 'zelensky', text }), name);
    expect(summary.length).toBeLessThanOrEqual(300);
    expect(summary.length).toBeGreaterThan(280);
    expect(summary.startsWith('Volodymyr Zelensky said: "very much at odds with reality and so on')).toBe(true);
    expect(summary.endsWith('…".')).toBe(true);
    expect(summary).not.toMatch(/ …/);
  });

  it('puts text on one line', () => {
    expect(summarize(typed('STATEMENT_MADE', { speaker: 'trump', text: ' very much\n\n on   track ' }), name)).toBe(
      'Donald Trump said: "very much on track".',
    );
  });

  it('does not split a surrogate pair when cutting', () => {
    const summary = summarize(typed('STATEMENT_MADE', { speaker: 'trump', text: '😀'.repeat(400) }), name);
    expect(summary.length).toBeLessThanOrEqual(300);
    expect(summary).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
  });

  describe('stays one sentence of at most 300 characters for the longest payloads', () => {
    const longName = (id: string): string => `${name(id)} ${'of the very long name '.repeat(10)}`.trim();
    const text = 'x '.repeat(6000);
    const title = 't'.repeat(300);
    const many = Array.from({ length: 100 }, (_, i) => `actor-${i}`);
    const long: { [K in EventType]: EventDataMap[K] } = {
      CALL_HELD: { participants: many, durationMinutes: 1e9, channel: 'VIDEO', topics: many.map(() => title) },
      MEETING_HELD: { participants: many, place: title, mediators: many, topics: many.map(() => title), round: 1e4 },
      STATEMENT_MADE: {
        speaker: 'trump',
        text,
        venue: title,
        about: many,
        readoutOf: '0d3c2a58-8c47-4b7e-9a53-2f6c1e0b9a11',
      },
      CLAIM_DISPUTED: { disputedEventId: '0d3c2a58-8c47-4b7e-9a53-2f6c1e0b9a11', by: 'zelensky', text },
      DEMAND_MADE: { by: 'putin', addressee: 'us', demand: text, conditionFor: 'p'.repeat(128) },
      PROPOSAL_MADE: {
        proposers: many,
        parties: many,
        title,
        terms: {
          kind: 'CEASEFIRE',
          scope: 'HUMANITARIAN',
          durationDays: 1e6,
          durationHours: 1e6,
          unconditional: true,
          text,
          quantities: many.map((id) => ({ what: title, count: 1e9, from: id, to: id })),
        },
        counterTo: 'p'.repeat(128),
        backers: many,
        mediators: many,
      },
      PROPOSAL_ACCEPTED: { party: 'ukraine', conditions: many.map(() => text) },
      PROPOSAL_REJECTED: { party: 'russia', reason: text },
      CONDITIONS_MET: { party: 'ukraine', conditions: many.map(() => text), text },
      AGREEMENT_REACHED: {
        parties: many,
        title,
        terms: {
          kind: 'PEACE_DEAL',
          durationDays: 5,
          quantities: many.map((id) => ({ what: title, from: id, to: id })),
        },
        mediators: many,
        guarantors: many,
      },
      IMPLEMENTATION_REPORTED: {
        reportedBy: 'ukraine',
        party: 'russia',
        stage: title,
        quantities: many.map((id) => ({ what: title, count: 1e9, atLeast: true, from: id, to: 'ukraine' })),
        complete: true,
        implements: many,
        text,
      },
      PLEDGE_MADE: {
        by: 'putin',
        to: 'trump',
        commitment: { action: 'PROVIDE_AID', targetCategory: 'CIVILIAN', text },
        durationDays: 30,
      },
      PLEDGE_WITHDRAWN: { by: 'putin', reason: text },
      PLEDGE_FULFILLED: { by: 'putin', text },
      STRIKE_REPORTED: {
        attacker: 'russia',
        targetCategory: 'TRANSPORT',
        place: title,
        means: 'ARTILLERY',
        impact: text,
      },
      VIOLATION_REPORTED: {
        violator: 'russia',
        reportedBy: 'ukraine',
        text,
        count: 1e6,
        periodFrom: '2025-04-19T18:00:00.123Z',
        periodUntil: '2025-04-21T00:00:00.456Z',
        cumulative: true,
      },
      EVENT_CORRECTED: { correctedEventId: '1234abcd-0000-4000-8000-000000000001', data: {}, reason: text },
      EVENT_RETRACTED: { retractedEventId: '1234abcd-0000-4000-8000-000000000001', reason: text },
    };
    it.each(EVENT_TYPES.map((type) => [type]))('%s', (type) => {
      for (const names of [name, longName]) {
        const summary = summarize(typed(type, long[type]), names);
        expect(summary.length).toBeLessThanOrEqual(300);
        expect(summary.endsWith('.')).toBe(true);
        expect(summary.charAt(0)).toBe(summary.charAt(0).toUpperCase());
        expect(summary).not.toMatch(/\n/);
      }
    });
  });

  it('ends every example summary with a full stop', () => {
    for (const type of EVENT_TYPES) expect(summarize(example(type), name)).toMatch(/\.$/);
  });
});

describe('joinList', () => {
  it('joins as "A, B and C"', () => {
    expect(joinList([])).toBe('');
    expect(joinList(['A'])).toBe('A');
    expect(joinList(['A', 'B'])).toBe('A and B');
    expect(joinList(['A', 'B', 'C'])).toBe('A, B and C');
  });
});
