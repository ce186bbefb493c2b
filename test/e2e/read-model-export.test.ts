/**
 * GET /export/read-models/{ceasefires,pledges,agreements,claims} over HTTP: one flat row per
 * subject in NDJSON, CSV and Parquet (read back by DuckDB), the same answers as GraphQL's for the
 * same asOf and knownAt; gzip for every export when asked (and only then); the Parquet logical
 * types (JSON data, TIMESTAMP micros) as DuckDB's parquet_schema() reports them, and knownAt = an
 * exported recorded_at including that very event; refusals naming the parameter.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { parse } from 'csv-parse/sync';
import {
  agreementReached,
  appendEvents,
  implementationReported,
  pledgeMade,
  proposalAccepted,
  proposalMade,
  registerActors,
  strikeReported,
  violationReported,
} from '../support/fixtures.js';
import { type TestApp, startTestApp } from '../support/test-app.js';

const MODELS = ['ceasefires', 'pledges', 'agreements'] as const;
type Model = (typeof MODELS)[number];

/** What GraphQL answers for each model, in the shape of an export row (the columns the test compares). */
const GQL: Record<Model, { query: string; row: (m: any) => Record<string, unknown> }> = {
  ceasefires: {
    query: `id title scope state unilateral durationDays proposers { id } parties { actor { id } stance at conditions }
            proposedAt agreedAt effectiveFrom expiresAt violationCount firstViolation { at by { id } basis }
            history { state at } position`,
    row: (m) => ({
      id: m.id,
      title: m.title,
      scope: m.scope,
      state: m.state,
      unilateral: m.unilateral,
      duration_days: m.durationDays,
      proposers: m.proposers.map((a: any) => a.id),
      parties: m.parties.map((p: any) => p.actor.id),
      party_stances: m.parties.map((p: any) => ({
        actor: p.actor.id,
        stance: p.stance,
        at: p.at,
        conditions: p.conditions,
      })),
      proposed_at: m.proposedAt,
      agreed_at: m.agreedAt,
      effective_from: m.effectiveFrom,
      expires_at: m.expiresAt,
      violation_count: m.violationCount,
      first_violation_at: m.firstViolation?.at ?? null,
      first_violation_by: m.firstViolation?.by.id ?? null,
      first_violation_basis: m.firstViolation?.basis ?? null,
      history: m.history.map((h: any) => ({ state: h.state, at: h.at })),
      position: m.position,
    }),
  },
  pledges: {
    query: `id by { id } to { id } commitment terms { action targetCategory } state madeAt validFrom expiresAt brokenAt
            kept lifetime { minSeconds maxSeconds text } violationCount firstViolation { at by { id } }
            violationClaims { reportedBy { id } accused { id } reports claimed } position`,
    row: (m) => ({
      id: m.id,
      by: m.by.id,
      to: m.to?.id ?? null,
      commitment: m.commitment,
      action: m.terms.action,
      target_category: m.terms.targetCategory,
      state: m.state,
      made_at: m.madeAt,
      valid_from: m.validFrom,
      expires_at: m.expiresAt,
      broken_at: m.brokenAt,
      kept: m.kept,
      lifetime_min_seconds: m.lifetime?.minSeconds ?? null,
      lifetime_max_seconds: m.lifetime?.maxSeconds ?? null,
      lifetime: m.lifetime?.text ?? null,
      violation_count: m.violationCount,
      first_violation_at: m.firstViolation?.at ?? null,
      first_violation_by: m.firstViolation?.by.id ?? null,
      violation_claims: m.violationClaims.map((c: any) => ({
        reportedBy: c.reportedBy?.id ?? null,
        accused: c.accused.id,
        reports: c.reports,
        claimed: c.claimed,
      })),
      position: m.position,
    }),
  },
  agreements: {
    query: `id kind title state proposers { id } mediators { id } parties { actor { id } stance }
            quantities { what count from { id } to { id } } implementation { status startedAt reports { stage complete } }
            agreedAt counterTo { id } counterProposals { id } position`,
    row: (m) => ({
      id: m.id,
      kind: m.kind,
      title: m.title,
      state: m.state,
      proposers: m.proposers.map((a: any) => a.id),
      mediators: m.mediators.map((a: any) => a.id),
      parties: m.parties.map((p: any) => p.actor.id),
      quantities: m.quantities.map((q: any) => ({ what: q.what, count: q.count, from: q.from?.id, to: q.to?.id })),
      implementation_status: m.implementation.status,
      implementation_started_at: m.implementation.startedAt,
      implementation_reports: m.implementation.reports.map((r: any) => ({ stage: r.stage, complete: r.complete })),
      agreed_at: m.agreedAt,
      counter_to: m.counterTo?.id ?? null,
      counter_proposals: m.counterProposals.map((c: any) => c.id),
      position: m.position,
    }),
  },
};

/** An export row cut to what GQL[model].row answers (JSON columns parsed, their objects cut to the keys compared). */
function comparable(
  model: Model,
  row: Record<string, any>,
  expected: Record<string, unknown>,
): Record<string, unknown> {
  const cut = (value: any, like: any): any =>
    Array.isArray(like)
      ? (value as any[]).map((v, i) => cut(v, like[i] ?? like[0]))
      : like !== null && typeof like === 'object'
        ? Object.fromEntries(Object.keys(like).map((k) => [k, cut(value?.[k], like[k])]))
        : value;
  const json = (name: string) => (typeof row[name] === 'string' ? JSON.parse(row[name]) : row[name]);
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(expected)) {
    const value = ['party_stances', 'violation_claims', 'quantities', 'history', 'implementation_reports'].includes(key)
      ? json(key)
      : duckTime(row[key]);
    out[key] = cut(value, expected[key]);
  }
  return out;
}

/** DuckDB's text of a TIMESTAMP WITH TIME ZONE (`2025-03-11 12:00:00.5+00`) as GraphQL writes it (`…T12:00:00.500Z`). */
function duckTime(value: unknown): unknown {
  const m = typeof value === 'string' ? /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})(?:\.(\d+))?\+00$/.exec(value) : null;
  return m ? `${m[1]}T${m[2]}.${(m[3] ?? '').padEnd(3, '0').slice(0, 3)}Z` : value;
}

/** A GET with node:http (fetch would ask for gzip and undo it itself): status, headers and the raw bytes. */
function rawGet(
  url: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    httpRequest(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    })
      .on('error', reject)
      .end();
  });
}

describe('GET /export/read-models/…', () => {
  let t: TestApp;
  let dir: string;
  let instance: DuckDBInstance;
  let duck: DuckDBConnection;
  let files = 0;
  /** A knownAt after the pledge was recorded and before the strike that breaks it. */
  let beforeStrike: string;

  const url = (path: string, query = '') => `${t.url}/export/${path}${query ? `?${query}` : ''}`;
  const get = async (path: string, query = '') => {
    const res = await rawGet(url(path, query));
    expect({ status: res.status, body: res.status === 200 ? '' : res.body.toString() }).toEqual({
      status: 200,
      body: '',
    });
    return res;
  };
  const ndjson = async (path: string, query = '') =>
    (await get(path, query)).body
      .toString()
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Record<string, any>);
  const parquetFile = async (path: string, query = '') => {
    const file = join(dir, `export-${files++}.parquet`);
    writeFileSync(file, (await get(path, query)).body);
    return file;
  };
  const sql = async (text: string) =>
    (await duck.runAndReadAll(text)).getRowObjectsJson() as Array<Record<string, any>>;
  const graphql = async (model: Model, args = '') => {
    const res = await t.gql(`{ ${model}${args ? `(${args})` : ''} { ${GQL[model].query} } }`);
    expect(res.errors).toBeUndefined();
    return (res.data[model] as any[]).map(GQL[model].row);
  };

  beforeAll(async () => {
    t = await startTestApp({ RUN_PROJECTIONS: 'true' });
    dir = mkdtempSync(join(tmpdir(), 'read-model-export-'));
    instance = await DuckDBInstance.create(':memory:', {
      autoinstall_known_extensions: 'false',
      autoload_known_extensions: 'false',
    });
    duck = await instance.connect();
    await registerActors(t);
    await appendEvents(t, {
      streamId: 'proposal-30-day-ceasefire',
      events: [
        proposalMade({}, { occurredAt: '2025-03-11T12:00:00Z' }),
        proposalAccepted({ party: 'ukraine', conditions: ['=HYPERLINK("x")'] }, { occurredAt: '2025-03-11T18:00:00Z' }),
      ],
    });
    // A counter-proposal: the 30-day proposal lists it, and it names the proposal it answers.
    await appendEvents(t, {
      streamId: 'proposal-energy-truce',
      events: [
        proposalMade(
          {
            proposers: ['kremlin'],
            title: 'halt strikes on energy infrastructure for 30 days',
            terms: { kind: 'CEASEFIRE', scope: 'ENERGY_INFRASTRUCTURE', durationDays: 30, unconditional: true },
            counterTo: 'proposal-30-day-ceasefire',
          },
          { occurredAt: '2025-03-18T16:00:00Z' },
        ),
      ],
    });
    await appendEvents(t, {
      streamId: 'agreement-easter-truce',
      events: [
        agreementReached({}, { occurredAt: '2025-04-19T15:00:00Z' }),
        violationReported({ violator: 'russia', reportedBy: 'zelensky' }, { occurredAt: '2025-04-20T06:00:00Z' }),
      ],
    });
    await appendEvents(t, {
      streamId: 'agreement-exchange',
      events: [
        agreementReached(
          {
            parties: ['ukraine', 'russia'],
            title: 'prisoner exchange',
            terms: {
              kind: 'PRISONER_EXCHANGE',
              quantities: [{ what: 'prisoners', count: 1000, from: 'russia', to: 'ukraine' }],
            },
            mediators: ['saudi-arabia'],
            unilateral: false,
            effectiveFrom: undefined,
            effectiveUntil: undefined,
          },
          { occurredAt: '2025-05-16T15:00:00Z' },
        ),
        implementationReported({}, { occurredAt: '2025-05-23T10:00:00Z' }),
      ],
    });
    const pledge = await appendEvents(t, {
      streamId: 'pledge-energy',
      events: [pledgeMade({}, { occurredAt: '2025-03-18T14:00:00Z' })],
    });
    // The database's clock, not this process's: a knownAt equal to recordedAt includes the event.
    beforeStrike = pledge.events[0].recordedAt;
    await new Promise((resolve) => setTimeout(resolve, 20));
    const last = await appendEvents(t, {
      streamId: 'strike-sloviansk',
      events: [strikeReported({}, { occurredAt: '2025-03-20T10:00:00Z' })],
    });
    // Read-your-writes: every read model has projected the last append.
    const res = await t.gql(
      `query($p: BigInt) { ceasefires(minPosition: $p) { id } pledges(minPosition: $p) { id } agreements(minPosition: $p) { id } claims(minPosition: $p) { status } }`,
      { p: last.lastPosition },
    );
    expect(res.errors).toBeUndefined();
  });

  afterAll(async () => {
    duck?.closeSync();
    instance?.closeSync();
    await t?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  describe.each(MODELS)('%s', (model) => {
    const path = `read-models/${model}`;

    it('NDJSON, CSV and Parquet (read by DuckDB) hold one row per subject, as GraphQL answers it', async () => {
      const expected = await graphql(model);
      expect(expected.length).toBeGreaterThan(0);
      const rows = await ndjson(path);
      expect(rows.map((r, i) => comparable(model, r, expected[i]))).toEqual(expected);

      const csvText = (await get(path, 'format=csv')).body.toString();
      const csv = parse<Record<string, string>>(csvText, { columns: true });
      expect(csv.map((r) => [r.id, r.state, r.position])).toEqual(rows.map((r) => [r.id, r.state, r.position]));
      // Lists joined with "; ", JSON columns as their text.
      expect(csv.map((r) => r.parties ?? null)).toEqual(rows.map((r) => (r.parties ? r.parties.join('; ') : null)));

      const file = await parquetFile(path, 'format=parquet');
      const fromDuck = await sql(`SELECT * FROM read_parquet('${file}') ORDER BY id`);
      expect(fromDuck.map((r, i) => comparable(model, r, expected[i]))).toEqual(expected);
    });

    it('asOf and knownAt answer as GraphQL does at that moment', async () => {
      for (const args of [
        'asOf: "2025-03-19T00:00:00Z"',
        `knownAt: "${beforeStrike}"`,
        'knownAt: "2000-01-01T00:00:00Z"',
      ]) {
        const expected = await graphql(model, args);
        // Before anything was recorded there is nothing; at the other two moments, every subject of the model.
        expect(expected.length > 0).toBe(!args.includes('2000-01-01'));
        const [name, value] = args.split(': ');
        const query = `${name}=${encodeURIComponent(JSON.parse(value) as string)}`;
        const rows = await ndjson(path, query);
        expect(rows.map((r, i) => comparable(model, r, expected[i]))).toEqual(expected);
        const file = await parquetFile(path, `format=parquet&${query}`);
        const fromDuck = await sql(`SELECT * FROM read_parquet('${file}') ORDER BY id`);
        expect(fromDuck.map((r, i) => comparable(model, r, expected[i]))).toEqual(expected);
      }
    });

    if (model === 'agreements')
      it('a counter-proposal is linked both ways: counter_to on it, counter_proposals on what it answers', async () => {
        const rows = await ndjson(path);
        const byId = Object.fromEntries(rows.map((r) => [r.id, r]));
        expect(byId['proposal-energy-truce'].counter_to).toBe('proposal-30-day-ceasefire');
        expect(byId['proposal-30-day-ceasefire'].counter_proposals).toEqual(['proposal-energy-truce']);
      });

    if (model === 'pledges')
      // As recorded before the strike, the 30-day pledge of March 2025 ran out unbroken (it is read now, asOf unset).
      it('knownAt before the strike was recorded: the pledge is exported as expired unbroken, as GraphQL answers it then', async () => {
        const [then] = await ndjson(path, `knownAt=${encodeURIComponent(beforeStrike)}`);
        const [now] = await ndjson(path);
        expect({ then: [then.state, then.violation_count], now: [now.state, now.violation_count] }).toEqual({
          then: ['EXPIRED', 0],
          now: ['BROKEN', 1],
        });
      });
  });

  it('the Parquet files type their columns: lists, timestamps in microseconds, JSON', async () => {
    const file = await parquetFile('read-models/ceasefires', 'format=parquet');
    const types = await sql(`DESCRIBE SELECT * FROM read_parquet('${file}')`);
    expect(Object.fromEntries(types.map((d) => [d.column_name, d.column_type]))).toMatchObject({
      id: 'VARCHAR',
      duration_days: 'INTEGER',
      unilateral: 'BOOLEAN',
      proposers: 'VARCHAR[]',
      agreed_at: 'TIMESTAMP WITH TIME ZONE',
      party_stances: 'JSON',
      position: 'BIGINT',
    });
    const schema = await sql(
      `SELECT name, converted_type, logical_type FROM parquet_schema('${file}') WHERE name IN ('party_stances', 'agreed_at')`,
    );
    expect(Object.fromEntries(schema.map((s) => [s.name, s.converted_type]))).toEqual({
      party_stances: 'JSON',
      agreed_at: 'TIMESTAMP_MICROS',
    });
    // Text inside a JSON column is kept as it is (the CSV cell begins with '[': no spreadsheet formula).
    const rows = await ndjson('read-models/ceasefires');
    const thirty = rows.find((r) => r.id === 'proposal-30-day-ceasefire');
    expect(thirty?.party_stances[0].conditions).toEqual(['=HYPERLINK("x")']);
  });

  it('the claims ledger is there too, the same file as /export/claims', async () => {
    for (const format of ['ndjson', 'csv', 'parquet']) {
      const a = await get('read-models/claims', `format=${format}`);
      const b = await get('claims', `format=${format}`);
      expect(a.body.equals(b.body)).toBe(true);
    }
    const claims = await ndjson('read-models/claims');
    const res = await t.gql(`{ claims { event { id } status } }`);
    expect(claims.map((c) => [c.event_id, c.status])).toEqual(res.data.claims.map((c: any) => [c.event.id, c.status]));
  });

  it.each([
    ['events', 'format=csv'],
    ['events', 'format=parquet'],
    // asOf fixed: a pending stance's pendingFor and a holding pledge's lifetime run to now otherwise.
    ['read-models/ceasefires', 'format=ndjson&asOf=2025-06-01T00:00:00Z'],
    ['read-models/pledges', 'format=csv&asOf=2025-06-01T00:00:00Z'],
    ['read-models/agreements', 'format=parquet&asOf=2025-06-01T00:00:00Z'],
    ['read-models/claims', 'format=csv'],
    ['actors', ''],
  ])('gzip when accepted: %s?%s decompresses to the plain body; no gzip without the header', async (path, query) => {
    const plain = await rawGet(url(path, query));
    const gzipped = await rawGet(url(path, query), { 'accept-encoding': 'gzip, deflate, br' });
    expect([plain.status, gzipped.status]).toEqual([200, 200]);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers.vary).toMatch(/Accept-Encoding/i);
    expect(gzipped.headers['content-encoding']).toBe('gzip');
    expect(gzipped.headers.vary).toMatch(/Accept-Encoding/i);
    expect(gzipped.headers['content-type']).toBe(plain.headers['content-type']);
    expect(gunzipSync(gzipped.body).equals(plain.body)).toBe(true);
    expect(plain.body.length).toBeGreaterThan(0);
    // gzip refused (q=0) or another coding only: the plain body.
    for (const accept of ['gzip;q=0', 'br', 'identity']) {
      const other = await rawGet(url(path, query), { 'accept-encoding': accept });
      expect(other.headers['content-encoding']).toBeUndefined();
      expect(other.body.equals(plain.body)).toBe(true);
    }
  });

  it('the events Parquet: data is JSON, recorded_at in microseconds, and knownAt = an exported recorded_at includes that event', async () => {
    const file = await parquetFile('events', 'format=parquet');
    const schema = await sql(
      `SELECT name, type, converted_type, logical_type::VARCHAR AS logical FROM parquet_schema('${file}') WHERE name IN ('data', 'recorded_at')`,
    );
    const byName = Object.fromEntries(schema.map((s) => [s.name, s]));
    expect(byName.data).toMatchObject({ type: 'BYTE_ARRAY', converted_type: 'JSON' });
    expect(byName.data.logical).toMatch(/JSON/i);
    expect(byName.recorded_at).toMatchObject({ type: 'INT64', converted_type: 'TIMESTAMP_MICROS' });
    expect(byName.recorded_at.logical).toMatch(/MICROS/i);
    // DuckDB reads data as JSON: a field of the payload by path.
    const places = await sql(
      `SELECT data->>'place' AS place FROM read_parquet('${file}') WHERE type = 'STRIKE_REPORTED'`,
    );
    expect(places).toEqual([{ place: 'Sloviansk' }]);
    // Each event's recorded_at, as DuckDB gives it (to the microsecond), taken back as knownAt.
    const events = await sql(
      `SELECT id, position::VARCHAR AS position, strftime(recorded_at AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%S.%fZ') AS recorded
         FROM read_parquet('${file}') ORDER BY position`,
    );
    expect(events.length).toBeGreaterThan(3);
    const first = await ndjson('events', `knownAt=${encodeURIComponent(events[0].recorded as string)}`);
    expect(first.map((r) => r.id)).toContain(events[0].id);
    const last = events[events.length - 1];
    const all = await ndjson('events', `knownAt=${encodeURIComponent(last.recorded as string)}`);
    expect(all.map((r) => r.id)).toEqual(events.map((e) => e.id));
  });

  it.each([
    ['read-models/ceasefires', 'format=xml', 'format'],
    ['read-models/pledges', 'asOf=yesterday', 'asOf'],
    ['read-models/agreements', 'knownAt=2025-13-01T00:00:00Z', 'knownAt'],
    ['read-models/ceasefires', 'header=maybe', 'header'],
    ['read-models/pledges', 'colour=red', 'colour'],
    ['read-models/agreements', 'format=csv&format=ndjson', 'format'],
  ])('%s?%s is refused, naming %s', async (path, query, parameter) => {
    const res = await rawGet(url(path, query), { 'accept-encoding': 'gzip' });
    expect(res.status).toBe(400);
    const body = JSON.parse(res.body.toString()) as { error: { code: string; errors: Array<{ path: string }> } };
    expect(body.error.code).toBe('BAD_USER_INPUT');
    expect(body.error.errors.map((e) => e.path)).toEqual([parameter]);
  });
});

describe('GET /export/read-models/… with PUBLIC_READ=false', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ PUBLIC_READ: 'false', RUN_PROJECTIONS: 'false' });
  });
  afterAll(() => t?.close());

  it.each(['ceasefires', 'pledges', 'agreements', 'claims'])(
    '%s needs a key: 401 without, 200 with a reader key',
    async (model) => {
      const none = await fetch(`${t.url}/export/read-models/${model}`);
      expect(none.status).toBe(401);
      const reader = await fetch(`${t.url}/export/read-models/${model}?format=csv`, {
        headers: { authorization: `Bearer ${t.readerKey}` },
      });
      expect(reader.status).toBe(200);
    },
  );
});
