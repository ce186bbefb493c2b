/**
 * The export record of the second edition's events and fields: the new columns, the actor
 * columns of the new types, a first-edition meeting's mediator read as a list of one, and the
 * codes computed with the context of the subject (codeContextOf, contextStreams).
 */
import type { StreamSubject } from '../events/catalogue/event-codes.js';
import type { EventDataMap, EventType } from '../events/catalogue/event-types.js';
import { EXAMPLE_PAYLOADS } from '../events/catalogue/payload-examples.js';
import type { StoredEvent } from '../events/event.js';
import {
  EXPORT_COLUMNS,
  EXPORT_COLUMN_SPECS,
  type ExportRecord,
  codeContextOf,
  contextStreams,
  mainActors,
  quantityCell,
  toExportRecord,
} from './export-record.js';

let position = 0;

function stored<K extends EventType>(type: K, data: EventDataMap[K], streamId = 'stream-x'): StoredEvent {
  position += 1;
  return {
    position: String(position),
    id: `00000000-0000-4000-8000-${String(position).padStart(12, '0')}`,
    streamId,
    streamVersion: 1,
    schemaVersion: 1,
    metadata: {
      sources: [{ publisher: 'Wire', url: 'https://example.org/a' }],
      appendedBy: 'test',
      correlationId: 'c',
    },
    occurredAt: new Date('2025-05-23T10:00:00Z'),
    occurredPrecision: 'DAY',
    recordedAt: new Date('2025-05-24T10:00:00Z'),
    actorIds: [],
    refEventId: null,
    summary: 's',
    cameoCode: null,
    type,
    data,
  } as StoredEvent;
}

const NOT_AMENDED = { retracted: false, correction: null };

describe('provenance columns', () => {
  it('name who appended and who approved an event; an event older than review answers its appender for both', () => {
    const reviewed = stored('CALL_HELD', { participants: ['trump', 'putin'] });
    reviewed.metadata = { ...reviewed.metadata, appendedBy: 'ed-anna', approvedBy: 'rev-clara' };
    expect(toExportRecord(reviewed, NOT_AMENDED)).toMatchObject({
      appended_by: 'ed-anna',
      approved_by: 'rev-clara',
      imported_by: null,
    });
    const older = stored('CALL_HELD', { participants: ['trump', 'putin'] });
    expect(toExportRecord(older, NOT_AMENDED)).toMatchObject({ appended_by: 'test', approved_by: 'test' });
    const imported = stored('CALL_HELD', { participants: ['trump', 'putin'] });
    imported.metadata = { ...imported.metadata, approvedBy: 'rev-clara', importedBy: 'import:dump.ndjson' };
    expect(toExportRecord(imported, NOT_AMENDED)).toMatchObject({
      appended_by: 'test',
      approved_by: 'rev-clara',
      imported_by: 'import:dump.ndjson',
    });
  });
});
const record = (event: StoredEvent, subjects = new Map<string, StreamSubject>()): ExportRecord =>
  toExportRecord(event, NOT_AMENDED, codeContextOf(event, subjects));

describe('the second edition columns', () => {
  it('come before data, typed for Parquet, lists not nullable', () => {
    const names = EXPORT_COLUMNS.slice(EXPORT_COLUMNS.indexOf('duration_days') + 1);
    expect(names).toEqual([
      'round',
      'counter_to',
      'backers',
      'mediators',
      'guarantors',
      'conditions',
      'stage',
      'complete',
      'implements',
      'quantities',
      'readout_of',
      'violation_count',
      'period_from',
      'period_until',
      'cumulative',
      'data',
    ]);
    const spec = Object.fromEntries(EXPORT_COLUMN_SPECS.map((c) => [c.name, c]));
    expect([spec.round.type, spec.complete.type, spec.quantities.type]).toEqual(['INT32', 'BOOLEAN', 'STRING_LIST']);
    for (const list of ['backers', 'mediators', 'guarantors', 'conditions', 'implements', 'quantities'] as const)
      expect(spec[list]).toMatchObject({ type: 'STRING_LIST', nullable: false });
  });

  it('are empty lists and nulls for a type without them', () => {
    expect(record(stored('STRIKE_REPORTED', EXAMPLE_PAYLOADS.STRIKE_REPORTED))).toMatchObject({
      round: null,
      counter_to: null,
      backers: [],
      mediators: [],
      guarantors: [],
      conditions: [],
      stage: null,
      complete: null,
      implements: [],
      quantities: [],
    });
  });

  it('a meeting: mediators and round; the first edition mediator as a list of one', () => {
    expect(record(stored('MEETING_HELD', EXAMPLE_PAYLOADS.MEETING_HELD))).toMatchObject({
      mediators: ['saudi-arabia'],
      round: null,
      place: 'Riyadh',
    });
    expect(
      record(stored('MEETING_HELD', { participants: ['a', 'b'], mediators: ['turkey', 'un'], round: 3 })),
    ).toMatchObject({ mediators: ['turkey', 'un'], round: 3 });
  });

  it('a counter-proposal: counter_to, backers, mediators, quantities as compact JSON', () => {
    const event = stored('PROPOSAL_MADE', {
      proposers: ['russia'],
      parties: ['ukraine'],
      title: 'Exchange',
      terms: {
        kind: 'PRISONER_EXCHANGE',
        quantities: [
          { what: 'prisoners', count: 1000, from: 'russia', to: 'ukraine' },
          { to: 'russia', what: 'bodies', atLeast: true, count: 6000 },
          { what: 'civilians' },
        ],
      },
      counterTo: 'proposal-first',
      backers: ['uae'],
      mediators: ['turkey'],
    });
    expect(record(event)).toMatchObject({
      title: 'Exchange',
      counter_to: 'proposal-first',
      backers: ['uae'],
      mediators: ['turkey'],
      guarantors: [],
      quantities: [
        '{"what":"prisoners","count":1000,"from":"russia","to":"ukraine"}',
        '{"what":"bodies","count":6000,"atLeast":true,"to":"russia"}',
        '{"what":"civilians"}',
      ],
      cameo_code: '0253',
      quad_class: 1,
      plover_type: 'APPEAL',
    });
  });

  it('an agreement: mediators and guarantors', () => {
    const data = { ...EXAMPLE_PAYLOADS.AGREEMENT_REACHED, mediators: ['uae'], guarantors: ['us', 'turkey'] };
    expect(record(stored('AGREEMENT_REACHED', data))).toMatchObject({
      mediators: ['uae'],
      guarantors: ['us', 'turkey'],
      counter_to: null,
    });
  });

  it('conditions of an acceptance and of a CONDITIONS_MET', () => {
    expect(record(stored('PROPOSAL_ACCEPTED', EXAMPLE_PAYLOADS.PROPOSAL_ACCEPTED))).toMatchObject({
      conditions: ['Russia also stops its attacks'],
      actor1: 'ukraine',
    });
    expect(record(stored('CONDITIONS_MET', EXAMPLE_PAYLOADS.CONDITIONS_MET))).toMatchObject({
      conditions: ['Russia also stops its attacks'],
      text: 'Russian strikes on energy infrastructure stopped',
      actor1: 'ukraine',
      actor2: null,
      cameo_code: null,
      quad_class: null,
      plover_type: null,
    });
  });

  it('an implementation report: its text, stage, complete, implements, quantities; reportedBy and party as actors', () => {
    const data = { ...EXAMPLE_PAYLOADS.IMPLEMENTATION_REPORTED, party: 'russia' };
    expect(record(stored('IMPLEMENTATION_REPORTED', data, 'report-1'))).toMatchObject({
      actor1: 'ukraine',
      actor2: 'russia',
      text: data.text,
      stage: '1',
      complete: false,
      implements: ['agreement-istanbul-exchange'],
      quantities: ['{"what":"prisoners","count":390,"from":"russia","to":"ukraine"}'],
    });
    expect(record(stored('IMPLEMENTATION_REPORTED', { reportedBy: 'ukraine', text: 'x' }))).toMatchObject({
      complete: false,
      stage: null,
      implements: [],
      quantities: [],
      actor2: null,
    });
  });

  it('a fulfilment: by as actor1, its text', () => {
    expect(record(stored('PLEDGE_FULFILLED', EXAMPLE_PAYLOADS.PLEDGE_FULFILLED))).toMatchObject({
      actor1: 'putin',
      actor2: null,
      text: EXAMPLE_PAYLOADS.PLEDGE_FULFILLED.text,
    });
  });

  it('mainActors of the new types', () => {
    expect(mainActors({ type: 'CONDITIONS_MET', data: { party: 'zelensky' } })).toEqual(['zelensky', null]);
    expect(
      mainActors({ type: 'IMPLEMENTATION_REPORTED', data: { reportedBy: 'un', party: 'russia', text: 'x' } }),
    ).toEqual(['un', 'russia']);
    expect(mainActors({ type: 'PLEDGE_FULFILLED', data: { by: 'russia' } })).toEqual(['russia', null]);
  });

  it('quantityCell writes the keys in the catalogue order whatever the stored order', () => {
    expect(quantityCell({ to: 'b', from: 'a', count: 0, what: 'x', atLeast: false })).toBe(
      '{"what":"x","count":0,"atLeast":false,"from":"a","to":"b"}',
    );
  });
});

describe('the claims ledger columns', () => {
  it('are typed for Parquet like the columns they resemble, all nullable', () => {
    const spec = Object.fromEntries(EXPORT_COLUMN_SPECS.map((c) => [c.name, c]));
    expect(
      (['readout_of', 'violation_count', 'period_from', 'period_until', 'cumulative'] as const).map((name) => [
        name,
        spec[name].type,
        spec[name].nullable,
      ]),
    ).toEqual([
      ['readout_of', 'STRING', true],
      ['violation_count', 'INT32', true],
      ['period_from', 'TIMESTAMP', true],
      ['period_until', 'TIMESTAMP', true],
      ['cumulative', 'BOOLEAN', true],
    ]);
    expect(spec.period_from.type).toBe(spec.occurred_at.type);
  });

  it('are null for the other types', () => {
    for (const type of ['STRIKE_REPORTED', 'CLAIM_DISPUTED', 'CALL_HELD'] as const)
      expect(record(stored(type, EXAMPLE_PAYLOADS[type] as never))).toMatchObject({
        readout_of: null,
        violation_count: null,
        period_from: null,
        period_until: null,
        cumulative: null,
      });
  });

  it('a readout: readout_of; a statement that is none: null', () => {
    const call = '0d3c2a58-8c47-4b7e-9a53-2f6c1e0b9a11';
    expect(record(stored('STATEMENT_MADE', { ...EXAMPLE_PAYLOADS.STATEMENT_MADE, readoutOf: call }))).toMatchObject({
      readout_of: call,
      text: 'very much on track',
      violation_count: null,
    });
    expect(record(stored('STATEMENT_MADE', EXAMPLE_PAYLOADS.STATEMENT_MADE)).readout_of).toBeNull();
  });

  it('a first-edition report: one violation, no period, not cumulative', () => {
    expect(record(stored('VIOLATION_REPORTED', EXAMPLE_PAYLOADS.VIOLATION_REPORTED))).toMatchObject({
      violation_count: 1,
      period_from: null,
      period_until: null,
      cumulative: false,
    });
  });

  it('a report with count, period and cumulative; the period in UTC to the millisecond, like occurred_at', () => {
    const report = record(
      stored('VIOLATION_REPORTED', {
        violator: 'russia',
        reportedBy: 'ukraine',
        count: 2935,
        periodFrom: '2025-04-19T21:00+03:00',
        periodUntil: '2025-04-21',
        cumulative: true,
      }),
    );
    expect(report).toMatchObject({
      violation_count: 2935,
      period_from: '2025-04-19T18:00:00.000Z',
      period_until: '2025-04-21T00:00:00.000Z',
      cumulative: true,
      readout_of: null,
    });
    expect(report.occurred_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
  });
});

describe('codes with the context of the subject', () => {
  const subjects = new Map<string, StreamSubject>([
    ['proposal-exchange', { kind: 'PRISONER_EXCHANGE', pledgeAction: null }],
    ['agreement-truce', { kind: 'CEASEFIRE', pledgeAction: null }],
    ['proposal-peace', { kind: 'PEACE_DEAL', pledgeAction: null }],
    ['pledge-release', { kind: null, pledgeAction: 'RELEASE' }],
    ['pledge-halt', { kind: null, pledgeAction: 'HALT_STRIKES' }],
  ]);
  const codes = (event: StoredEvent) => {
    const r = record(event, subjects);
    return [r.cameo_code, r.quad_class, r.plover_type];
  };

  it('acceptances and rejections by the kind of their stream, the first edition codes when unknown', () => {
    expect(codes(stored('PROPOSAL_ACCEPTED', { party: 'ukraine' }, 'proposal-exchange'))).toEqual(['0353', 1, 'AGREE']);
    expect(codes(stored('PROPOSAL_REJECTED', { party: 'russia' }, 'proposal-peace'))).toEqual(['12', 3, 'REJECT']);
    expect(codes(stored('PROPOSAL_ACCEPTED', { party: 'ukraine' }, 'proposal-unknown'))).toEqual(['0356', 1, 'AGREE']);
  });

  it('implementation reports by the kind of their stream, or of the first stream they implement that has one', () => {
    const report = (streamId: string, implements_?: string[]) =>
      stored('IMPLEMENTATION_REPORTED', { reportedBy: 'ukraine', text: 'x', implements: implements_ }, streamId);
    expect(codes(report('proposal-exchange'))).toEqual(['0841', 2, 'RELEASE']);
    expect(codes(report('report-own', ['proposal-unknown', 'agreement-truce']))).toEqual(['087', 2, 'RETREAT']);
    expect(codes(report('report-own', ['proposal-peace']))).toEqual(['08', 2, 'CONCEDE']);
    expect(codes(report('report-own'))).toEqual(['08', 2, 'CONCEDE']);
  });

  it("fulfilments by their pledge's action", () => {
    expect(codes(stored('PLEDGE_FULFILLED', { by: 'putin' }, 'pledge-release'))).toEqual(['0841', 2, 'RELEASE']);
    expect(codes(stored('PLEDGE_FULFILLED', { by: 'putin' }, 'pledge-halt'))).toEqual(['087', 2, 'RETREAT']);
    expect(codes(stored('PLEDGE_FULFILLED', { by: 'putin' }, 'pledge-other'))).toEqual(['08', 2, 'CONCEDE']);
  });

  it('contextStreams names the streams of the events that need a context, and the streams reports implement', () => {
    const events = [
      stored('STRIKE_REPORTED', EXAMPLE_PAYLOADS.STRIKE_REPORTED, 'strike-1'),
      stored('PROPOSAL_ACCEPTED', { party: 'ukraine' }, 'proposal-exchange'),
      stored('IMPLEMENTATION_REPORTED', { reportedBy: 'ukraine', text: 'x', implements: ['agreement-truce'] }, 'r-1'),
      stored('PLEDGE_FULFILLED', { by: 'putin' }, 'pledge-halt'),
      stored('PROPOSAL_REJECTED', { party: 'russia' }, 'proposal-exchange'),
    ];
    expect(contextStreams(events)).toEqual(['proposal-exchange', 'r-1', 'agreement-truce', 'pledge-halt']);
    expect(codeContextOf(events[0], subjects)).toEqual({});
  });
});

describe('the record of every type', () => {
  it('has its keys in column order, data last: the NDJSON line is written from it in one piece (export-formats.ts)', () => {
    for (const type of Object.keys(EXAMPLE_PAYLOADS) as EventType[])
      expect({ type, keys: Object.keys(record(stored(type, EXAMPLE_PAYLOADS[type] as never))) }).toEqual({
        type,
        keys: EXPORT_COLUMNS,
      });
  });
});
