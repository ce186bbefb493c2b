/**
 * GET /export/events (NDJSON and CSV): reproducible bytes for a given upToPosition, ranges that
 * concatenate, filters, knownAt, corrections=apply, CSV read back by a CSV parser and compared
 * field by field with NDJSON, and clear errors that change nothing.
 */
import crypto from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import { ActorsService } from '../../src/actors/actors.service.js';
import { loadDemoTimeline } from '../../src/demo/demo-loader.js';
import { EventStoreService } from '../../src/events/event-store.service.js';
import { EXPORT_COLUMNS } from '../../src/export/export-record.js';
import {
  agreementReached,
  appendEvents,
  callHeld,
  conditionsMet,
  eventCorrected,
  eventRetracted,
  implementationReported,
  meetingHeld,
  pledgeFulfilled,
  pledgeMade,
  proposalAccepted,
  proposalMade,
  registerActors,
  statementMade,
  strikeReported,
  violationReported,
} from '../support/fixtures.js';
import { type TestApp, startTestApp } from '../support/test-app.js';

const sha = (text: string) => crypto.createHash('sha256').update(text).digest('hex');

describe('GET /export/events', () => {
  let t: TestApp;
  let head: string;
  const get = (query: string, key?: string) =>
    fetch(`${t.url}/export/events?${query}`, { headers: key ? { authorization: `Bearer ${key}` } : {} });
  const text = async (query: string) => {
    const res = await get(query);
    expect(res.status).toBe(200);
    return res.text();
  };
  const lines = (body: string) =>
    body
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line));

  beforeAll(async () => {
    t = await startTestApp({ RUN_PROJECTIONS: 'false' });
    await loadDemoTimeline(t.app.get(ActorsService), t.app.get(EventStoreService));
    const strike = await appendEvents(t, {
      streamId: 'strike-export-1',
      events: [strikeReported({ attacker: 'russia', place: 'Kharkiv' }, { occurredAt: '2025-03-20T10:00:00Z' })],
    });
    await appendEvents(t, {
      streamId: 'strike-export-1',
      events: [
        eventCorrected(strike.events[0].id, {
          data: { attacker: 'russia', targetCategory: 'CIVILIAN', place: 'Kharkiv oblast' },
          reason: 'wider area',
        }),
      ],
    });
    const wrong = await appendEvents(t, {
      streamId: 'strike-export-2',
      events: [strikeReported({ attacker: 'ukraine', place: 'Belgorod' })],
    });
    head = (
      await appendEvents(t, {
        streamId: 'strike-export-2',
        events: [eventRetracted(wrong.events[0].id, { reason: 'not confirmed' })],
      })
    ).lastPosition;
  });
  afterAll(() => t.close());

  it('streams NDJSON in position order with the upToPosition and a file name in the headers', async () => {
    const res = await get('format=ndjson');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/application\/x-ndjson/);
    expect(res.headers.get('x-up-to-position')).toBe(head);
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="events-0-${head}.ndjson"`);
    const rows = lines(await res.text());
    expect(rows.map((r) => r.position)).toEqual(Array.from({ length: Number(head) }, (_, i) => String(i + 1)));
    expect(Object.keys(rows[0])).toEqual([...EXPORT_COLUMNS, 'sources']);
    const strike = rows.find((r) => r.place === 'Kharkiv');
    expect(strike).toMatchObject({
      type: 'STRIKE_REPORTED',
      actor1: 'russia',
      cameo_code: '195',
      quad_class: 4,
      plover_type: 'ASSAULT',
      corrected: true,
      retracted: false,
    });
    expect(rows.find((r) => r.place === 'Belgorod')).toMatchObject({ retracted: true });
    const pledge = rows.find((r) => r.type === 'PLEDGE_MADE');
    expect(pledge).toMatchObject({
      occurred_precision: 'HOUR',
      occurred_earliest: '2025-03-18T16:00:00.000Z',
      occurred_latest: '2025-03-18T17:00:00.000Z',
      actor1: 'putin',
    });
    expect(pledge.sources[0].quotedText).toEqual(expect.any(String));
  });

  it('gives the same bytes for the same upToPosition, even after later appends, corrections and retractions', async () => {
    for (const format of ['ndjson', 'csv']) {
      const first = await text(`format=${format}&upToPosition=${head}`);
      const again = await text(`format=${format}&upToPosition=${head}`);
      expect(sha(again)).toBe(sha(first));
    }
    const before = await text(`format=ndjson&upToPosition=${head}`);
    const kharkiv = lines(before).find((r) => r.place === 'Kharkiv');
    const later = await appendEvents(t, {
      streamId: 'strike-export-1',
      events: [eventRetracted(kharkiv.id, { reason: 'later doubt' })],
    });
    expect(sha(await text(`format=ndjson&upToPosition=${head}`))).toBe(sha(before));
    expect(
      lines(await text(`format=ndjson&upToPosition=${later.lastPosition}`)).find((r) => r.id === kharkiv.id).retracted,
    ).toBe(true);
  });

  it('concatenates consecutive ranges into the export of their union (NDJSON; CSV with header=false after the first)', async () => {
    // The ranges split no event from its amendments (the demo's correction is its 27th event): an
    // export reflects the amendments up to its own end, so a split one would say "not corrected yet".
    const [a, b, c] = ['3', '28', head];
    expect(
      (await text(`afterPosition=${a}&upToPosition=${b}`)) + (await text(`afterPosition=${b}&upToPosition=${c}`)),
    ).toBe(await text(`afterPosition=${a}&upToPosition=${c}`));
    expect(
      (await text(`format=csv&afterPosition=${a}&upToPosition=${b}`)) +
        (await text(`format=csv&header=false&afterPosition=${b}&upToPosition=${c}`)),
    ).toBe(await text(`format=csv&afterPosition=${a}&upToPosition=${c}`));
  });

  it('writes RFC 4180 CSV that a CSV parser reads back field by field as the NDJSON says', async () => {
    const csv = await text(`format=csv&upToPosition=${head}`);
    expect(csv.startsWith(`${EXPORT_COLUMNS.join(',')}\r\n`)).toBe(true);
    const records = parse<Record<string, string>>(csv, { columns: true, bom: false, relax_quotes: false });
    const json = lines(await text(`format=ndjson&upToPosition=${head}`));
    expect(records).toHaveLength(json.length);
    json.forEach((row, i) => {
      for (const column of EXPORT_COLUMNS) {
        const value = row[column];
        const expected =
          value === null
            ? ''
            : Array.isArray(value)
              ? value.join('; ')
              : column === 'data'
                ? JSON.stringify(value)
                : String(value);
        expect({ column, position: row.position, value: records[i][column] }).toEqual({
          column,
          position: row.position,
          value: expected,
        });
      }
    });
    // Quotes, commas and newlines of the article survive.
    expect(records.some((r) => r.text.includes('“') || r.text.includes('"'))).toBe(true);
  });

  it('applies the filters of the events query', async () => {
    const strikes = lines(await text('types=STRIKE_REPORTED'));
    expect(new Set(strikes.map((r) => r.type))).toEqual(new Set(['STRIKE_REPORTED']));
    const russia = lines(await text('actorIds=russia'));
    expect(russia.some((r) => r.actor_ids.includes('putin'))).toBe(true);
    expect(
      russia.every((r) =>
        r.actor_ids.some((a: string) =>
          ['russia', 'putin', 'kremlin', 'russian-counterpart-of-waltz', 'ushakov'].includes(a),
        ),
      ),
    ).toBe(true);
    const stream = lines(await text('streamId=proposal-30-day-ceasefire'));
    expect(stream.map((r) => r.type)).toEqual(['PROPOSAL_MADE', 'PROPOSAL_ACCEPTED', 'PROPOSAL_REJECTED']);
    const window = lines(await text('occurredFrom=2025-03-18T00:00:00Z&occurredTo=2025-03-19T00:00:00Z'));
    expect(window.length).toBeGreaterThan(0);
    expect(window.every((r) => r.occurred_at >= '2025-03-18' && r.occurred_at < '2025-03-19')).toBe(true);
    const withoutRetracted = lines(await text(`includeRetracted=false&upToPosition=${head}`));
    expect(withoutRetracted.some((r) => r.place === 'Belgorod')).toBe(false);
  });

  it('knownAt leaves out what was recorded later, and the corrections and retractions recorded later', async () => {
    const all = lines(await text(`upToPosition=${head}`));
    const strike = all.find((r) => r.stream_id === 'strike-export-1' && r.type === 'STRIKE_REPORTED');
    const correction = all.find((r) => r.stream_id === 'strike-export-1' && r.type === 'EVENT_CORRECTED');
    const before = (at: string) => new Date(Date.parse(at) - 1).toISOString();
    // As recorded before the first event after the demo: exactly the demo's events.
    const demo = all.filter((r) => r.recorded_at < strike.recorded_at);
    expect(demo.length).toBeGreaterThan(0);
    expect(lines(await text(`knownAt=${encodeURIComponent(before(strike.recorded_at))}`))).toEqual(demo);
    // As recorded between the strike and its correction: the strike as first reported, not corrected, and no correction.
    expect(correction.recorded_at > strike.recorded_at).toBe(true);
    const known = lines(await text(`knownAt=${encodeURIComponent(before(correction.recorded_at))}`));
    expect(known.map((r) => r.id)).toEqual(all.filter((r) => r.recorded_at < correction.recorded_at).map((r) => r.id));
    expect(known.find((r) => r.id === strike.id)).toMatchObject({
      place: 'Kharkiv',
      corrected: false,
      corrected_by: null,
    });
    // The only amendments known then are the demo's own.
    const amendments = (rows: any[]) =>
      rows.filter((r) => r.type === 'EVENT_CORRECTED' || r.type === 'EVENT_RETRACTED').map((r) => r.id);
    expect(amendments(known)).toEqual(amendments(demo));
    expect(known.some((r) => r.stream_id === 'strike-export-2')).toBe(false);
  });

  it('corrections=apply exports each event as its latest correction says, without retracted events or the amendments', async () => {
    const rows = lines(await text(`corrections=apply&upToPosition=${head}`));
    expect(rows.some((r) => r.type === 'EVENT_CORRECTED' || r.type === 'EVENT_RETRACTED')).toBe(false);
    expect(rows.some((r) => r.place === 'Belgorod')).toBe(false);
    expect(rows.find((r) => r.stream_id === 'strike-export-1')).toMatchObject({
      place: 'Kharkiv oblast',
      target_category: 'CIVILIAN',
      corrected: true,
    });
    const res = await get(`corrections=apply&upToPosition=${head}`);
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="events-0-${head}-corrected.ndjson"`);
  });

  it('answers bad parameters with 400 and every problem with its parameter name', async () => {
    const res = await get('format=xml&types=NOPE&upToPosition=-1&bogus=1&occurredFrom=2025-02-30');
    expect(res.status).toBe(400);
    const body = (await res.json()) as any;
    expect(body.error.code).toBe('BAD_USER_INPUT');
    expect(body.error.errors.map((e: { path: string }) => e.path).sort()).toEqual([
      'bogus',
      'format',
      'occurredFrom',
      'types[0]',
      'upToPosition',
    ]);
    const beyond = await get(`upToPosition=${BigInt(head) + 100n}`);
    expect(beyond.status).toBe(400);
    expect(((await beyond.json()) as any).error.message).toMatch(/^upToPosition: is beyond the end of the log/);
    const unknownActor = await get('actorIds=nobody');
    expect(unknownActor.status).toBe(400);
    expect(((await unknownActor.json()) as any).error.errors[0]).toEqual({
      path: 'filter.actorIds[0]',
      reason: 'unknown actor "nobody"',
    });
  });

  it('writes Parquet with real types that an independent reader (hyparquet) reads back field by field as the NDJSON says', async () => {
    const res = await get(`format=parquet&upToPosition=${head}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/vnd.apache.parquet');
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="events-0-${head}.parquet"`);
    const bytes = new Uint8Array(await res.arrayBuffer());
    const again = new Uint8Array(await (await get(`format=parquet&upToPosition=${head}`)).arrayBuffer());
    expect(sha(Buffer.from(again).toString('latin1'))).toBe(sha(Buffer.from(bytes).toString('latin1')));
    const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
    const metadata = parquetMetadata(file);
    const kv = Object.fromEntries((metadata.key_value_metadata ?? []).map((e) => [e.key, e.value]));
    expect(kv['diplomacy.upToPosition']).toBe(head);
    expect(kv['diplomacy.afterPosition']).toBe('0');
    const rows = (await parquetReadObjects({ file })) as Array<Record<string, any>>;
    const json = lines(await text(`format=ndjson&upToPosition=${head}`));
    expect(rows).toHaveLength(json.length);
    json.forEach((row, i) => {
      for (const column of EXPORT_COLUMNS) {
        let value = rows[i][column];
        if (typeof value === 'bigint') value = value.toString();
        if (value instanceof Date) value = value.toISOString();
        const expected = row[column]; // data too: a JSON column, which hyparquet parses
        expect({ column, position: row.position, value: value ?? null }).toEqual({
          column,
          position: row.position,
          value: expected,
        });
      }
    });
  });
});

describe('GET /export/events: the second edition types and columns', () => {
  let t: TestApp;
  let beforeCorrection: string;
  let head: string;
  const get = async (query: string) => {
    const res = await fetch(`${t.url}/export/events?${query}`);
    expect(res.status).toBe(200);
    return res;
  };
  const ndjson = async (query: string) =>
    (await (await get(query)).text())
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line));

  beforeAll(async () => {
    t = await startTestApp({ RUN_PROJECTIONS: 'false' });
    await registerActors(t);
    const exchange = await appendEvents(t, {
      streamId: 'proposal-exchange',
      events: [
        proposalMade(
          {
            proposers: ['saudi-arabia'],
            title: 'Exchange of prisoners',
            terms: {
              kind: 'PRISONER_EXCHANGE',
              quantities: [
                { what: 'prisoners', count: 1000, from: 'russia', to: 'ukraine' },
                { what: 'prisoners', count: 1000, atLeast: true, from: 'ukraine', to: 'russia' },
              ],
            },
            backers: ['us'],
            mediators: ['saudi-arabia'],
          },
          { occurredAt: '2025-05-16T12:00:00Z' },
        ),
        proposalAccepted({ party: 'zelensky', conditions: ['all for all'] }, { occurredAt: '2025-05-17T12:00:00Z' }),
        conditionsMet({ party: 'ukraine', conditions: ['all for all'] }, { occurredAt: '2025-05-20T12:00:00Z' }),
      ],
    });
    await appendEvents(t, {
      streamId: 'proposal-counter',
      events: [
        proposalMade({
          proposers: ['russia'],
          parties: ['ukraine'],
          counterTo: 'proposal-exchange',
          terms: { kind: 'OTHER' },
        }),
      ],
    });
    await appendEvents(t, {
      streamId: 'report-stage-1',
      events: [implementationReported({ party: 'russia', implements: ['proposal-exchange'], complete: false })],
    });
    await appendEvents(t, {
      streamId: 'meeting-istanbul',
      events: [meetingHeld({ mediator: 'saudi-arabia' }), meetingHeld({ mediators: ['saudi-arabia', 'us'], round: 2 })],
    });
    await appendEvents(t, {
      streamId: 'agreement-guaranteed',
      events: [
        agreementReached({
          parties: ['russia', 'ukraine'],
          unilateral: false,
          guarantors: ['us'],
          mediators: ['saudi-arabia'],
        }),
      ],
    });
    await appendEvents(t, {
      streamId: 'pledge-release',
      events: [
        pledgeMade({ commitment: { action: 'RELEASE', text: '175 prisoners' }, durationDays: undefined }),
        pledgeFulfilled(),
      ],
    });
    // The claims ledger: a readout of a call, and reports with and without count and period.
    const call = await appendEvents(t, { streamId: 'call-readout', events: [callHeld()] });
    await appendEvents(t, {
      streamId: 'statement-readout',
      events: [statementMade({ readoutOf: call.events[0].id }), statementMade()],
    });
    await appendEvents(t, {
      streamId: 'agreement-guaranteed',
      events: [
        violationReported(
          {
            reportedBy: 'ukraine',
            count: 2935,
            periodFrom: '2025-04-19T21:00+03:00',
            periodUntil: '2025-04-21',
            cumulative: true,
          },
          { occurredAt: '2025-04-21T08:00:00Z' },
        ),
        violationReported({ violator: 'ukraine', reportedBy: 'russia' }),
      ],
    });
    beforeCorrection = (await appendEvents(t, { streamId: 'strike-any', events: [strikeReported()] })).lastPosition;
    // The proposal turns out to have been a ceasefire: answers and reports follow it in later exports.
    head = (
      await appendEvents(t, {
        streamId: 'proposal-exchange',
        events: [
          eventCorrected(exchange.events[0].id, {
            data: {
              proposers: ['saudi-arabia'],
              parties: ['ukraine', 'russia'],
              title: 'Truce',
              terms: { kind: 'CEASEFIRE' },
            },
            occurredPrecision: undefined,
            reason: 'it was a truce',
          }),
        ],
      })
    ).lastPosition;
  });
  afterAll(() => t.close());

  it('NDJSON: each new type and field in its columns, the codes by the subject answered', async () => {
    const rows = await ndjson(`upToPosition=${beforeCorrection}`);
    const of = (stream: string, type: string) => rows.filter((r) => r.stream_id === stream && r.type === type);
    const [proposal] = of('proposal-exchange', 'PROPOSAL_MADE');
    expect(proposal).toMatchObject({
      actor1: 'saudi-arabia',
      actor2: 'ukraine',
      backers: ['us'],
      mediators: ['saudi-arabia'],
      guarantors: [],
      counter_to: null,
      quantities: [
        '{"what":"prisoners","count":1000,"from":"russia","to":"ukraine"}',
        '{"what":"prisoners","count":1000,"atLeast":true,"from":"ukraine","to":"russia"}',
      ],
      cameo_code: '0253',
      plover_type: 'APPEAL',
    });
    expect(proposal.actor_ids).toEqual(['saudi-arabia', 'ukraine', 'russia', 'us']);
    expect(of('proposal-exchange', 'PROPOSAL_ACCEPTED')[0]).toMatchObject({
      actor1: 'zelensky',
      conditions: ['all for all'],
      cameo_code: '0353',
      quad_class: 1,
      plover_type: 'AGREE',
    });
    expect(of('proposal-exchange', 'CONDITIONS_MET')[0]).toMatchObject({
      actor1: 'ukraine',
      actor2: null,
      conditions: ['all for all'],
      text: 'the monitors arrived',
      cameo_code: null,
      quad_class: null,
      plover_type: null,
    });
    expect(of('proposal-counter', 'PROPOSAL_MADE')[0]).toMatchObject({
      counter_to: 'proposal-exchange',
      cameo_code: '02',
    });
    expect(of('report-stage-1', 'IMPLEMENTATION_REPORTED')[0]).toMatchObject({
      actor1: 'ukraine',
      actor2: 'russia',
      stage: '1',
      complete: false,
      implements: ['proposal-exchange'],
      quantities: ['{"what":"prisoners","count":390,"from":"russia","to":"ukraine"}'],
      text: 'the first 390 prisoners came home',
      cameo_code: '0841',
      quad_class: 2,
      plover_type: 'RELEASE',
    });
    expect(of('meeting-istanbul', 'MEETING_HELD').map((r) => [r.mediators, r.round])).toEqual([
      [['saudi-arabia'], null],
      [['saudi-arabia', 'us'], 2],
    ]);
    expect(of('agreement-guaranteed', 'AGREEMENT_REACHED')[0]).toMatchObject({
      guarantors: ['us'],
      mediators: ['saudi-arabia'],
    });
    expect(of('pledge-release', 'PLEDGE_FULFILLED')[0]).toMatchObject({
      actor1: 'putin',
      text: 'done as promised',
      cameo_code: '0841',
      quad_class: 2,
      plover_type: 'RELEASE',
    });
    const [readout, statement] = of('statement-readout', 'STATEMENT_MADE');
    expect(readout).toMatchObject({ readout_of: of('call-readout', 'CALL_HELD')[0].id, violation_count: null });
    expect(statement).toMatchObject({ readout_of: null, cumulative: null });
    expect(
      of('agreement-guaranteed', 'VIOLATION_REPORTED').map((r) => [
        r.actor1,
        r.actor2,
        r.violation_count,
        r.period_from,
        r.period_until,
        r.cumulative,
      ]),
    ).toEqual([
      ['russia', 'ukraine', 2935, '2025-04-19T18:00:00.000Z', '2025-04-21T00:00:00.000Z', true],
      ['ukraine', 'russia', 1, null, null, false],
    ]);
    // A first-edition type: the new columns empty.
    expect(of('strike-any', 'STRIKE_REPORTED')[0]).toMatchObject({
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
      readout_of: null,
      violation_count: null,
      period_from: null,
      period_until: null,
      cumulative: null,
    });
  });

  it('codes follow the subject as of the export: its correction counts from its position on', async () => {
    const code = (rows: any[], type: string) => rows.find((r) => r.type === type).cameo_code;
    const before = await ndjson(`upToPosition=${beforeCorrection}`);
    const after = await ndjson(`upToPosition=${head}`);
    expect([code(before, 'PROPOSAL_ACCEPTED'), code(before, 'IMPLEMENTATION_REPORTED')]).toEqual(['0353', '0841']);
    expect([code(after, 'PROPOSAL_ACCEPTED'), code(after, 'IMPLEMENTATION_REPORTED')]).toEqual(['0356', '087']);
    // The API keeps the code given when the acceptance was appended.
    const accepted = after.find((r) => r.type === 'PROPOSAL_ACCEPTED');
    const res = await t.gql(`query($id: ID!) { event(id: $id) { cameoCode } }`, { id: accepted.id }, null);
    expect(res.data.event.cameoCode).toBe('0353');
  });

  it('CSV and Parquet hold the same columns as the NDJSON, lists as lists', async () => {
    const json = await ndjson(`upToPosition=${head}`);
    const csv = parse<Record<string, string>>(await (await get(`format=csv&upToPosition=${head}`)).text(), {
      columns: true,
    });
    const bytes = new Uint8Array(await (await get(`format=parquet&upToPosition=${head}`)).arrayBuffer());
    const rows = (await parquetReadObjects({
      file: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength),
    })) as Array<Record<string, any>>;
    expect([csv.length, rows.length]).toEqual([json.length, json.length]);
    const NEW = [
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
    ];
    json.forEach((row, i) => {
      for (const column of NEW) {
        const value = row[column];
        const cell = value === null ? '' : Array.isArray(value) ? value.join('; ') : String(value);
        const stored: unknown = rows[i][column];
        // Parquet's TIMESTAMP reads back as a Date: the NDJSON writes it as occurred_at is written.
        const parquet = stored instanceof Date ? stored.toISOString() : (stored ?? null);
        expect({ column, position: row.position, csv: csv[i][column], parquet }).toEqual({
          column,
          position: row.position,
          csv: cell,
          parquet: value,
        });
      }
    });
    const claimed = rows.find((r) => r.type === 'VIOLATION_REPORTED')!;
    expect(claimed.period_from).toBeInstanceOf(Date);
    expect(claimed).toMatchObject({ violation_count: 2935, cumulative: true });
    const report = rows.find((r) => r.type === 'IMPLEMENTATION_REPORTED')!;
    expect(report).toMatchObject({ complete: false, implements: ['proposal-exchange'], stage: '1', cameo_code: '087' });
  });
});

describe('GET /export/events with PUBLIC_READ=false', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ PUBLIC_READ: 'false', RUN_PROJECTIONS: 'false' });
  });
  afterAll(() => t.close());

  it('needs a key: 401 without, 401 with a bad one, 200 with a reader key', async () => {
    const none = await fetch(`${t.url}/export/events`);
    expect(none.status).toBe(401);
    expect(((await none.json()) as any).error.code).toBe('UNAUTHENTICATED');
    expect(
      (await fetch(`${t.url}/export/events`, { headers: { authorization: 'Bearer nope-nope-nope-nope-nope-nope' } }))
        .status,
    ).toBe(401);
    const ok = await fetch(`${t.url}/export/events?format=csv`, {
      headers: { authorization: `Bearer ${t.readerKey}` },
    });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe(`${EXPORT_COLUMNS.join(',')}\r\n`);
  });
});
