/**
 * GET /export/claims over HTTP: one row per claim in NDJSON, CSV and Parquet (the same rows in
 * each; DuckDB reads the Parquet file and charts claimed violations per accusing side and day), the
 * filters of Query.claims, and refusals naming the parameter.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { parse } from 'csv-parse/sync';
import { type RawEvent, appendEvents, rawEvent, registerActors, source } from '../support/fixtures.js';
import { type TestApp, startTestApp } from '../support/test-app.js';

const ev = (type: string, data: Record<string, unknown>, occurredAt: string, precision = 'HOUR'): RawEvent =>
  rawEvent(type, data, { occurredAt, occurredPrecision: precision, sources: [source({ publisher: 'Wire' })] });

describe('GET /export/claims', () => {
  let t: TestApp;
  let dir: string;
  const ids: Record<string, string> = {};

  const get = async (query: string) => {
    const res = await fetch(`${t.url}/export/claims?${query}`);
    expect(res.status).toBe(200);
    return res;
  };
  const ndjson = async (query = '') =>
    (await (await get(query)).text())
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line));

  beforeAll(async () => {
    t = await startTestApp({ RUN_PROJECTIONS: 'true' });
    dir = mkdtempSync(join(tmpdir(), 'claims-export-'));
    await registerActors(t);
    const truce = await appendEvents(t, {
      streamId: 'agreement-easter-truce',
      events: [
        ev(
          'AGREEMENT_REACHED',
          { parties: ['russia'], title: 'Easter truce', terms: { kind: 'CEASEFIRE' }, unilateral: true },
          '2025-04-19T15:00:00Z',
        ),
        ev(
          'VIOLATION_REPORTED',
          { violator: 'russia', reportedBy: 'zelensky', text: 'shelling' },
          '2025-04-20T06:00:00Z',
        ),
        ev(
          'VIOLATION_REPORTED',
          { violator: 'russia', reportedBy: 'zelensky', text: 'more shelling' },
          '2025-04-20T18:00:00Z',
        ),
        ev(
          'VIOLATION_REPORTED',
          { violator: 'ukraine', reportedBy: 'kremlin', text: 'drone attacks' },
          '2025-04-20T12:00:00Z',
        ),
      ],
    });
    [, ids.first, ids.second, ids.russian] = truce.events.map((e) => e.id);
    const denial = await appendEvents(t, {
      streamId: 'claim-kremlin-denial',
      events: [
        ev(
          'CLAIM_DISPUTED',
          { disputedEventId: ids.first, by: 'kremlin', text: 'no such shelling' },
          '2025-04-20T09:00:00Z',
        ),
      ],
    });
    ids.denial = denial.events[0].id;
    const statement = await appendEvents(t, {
      streamId: 'statement-zelensky',
      events: [ev('STATEMENT_MADE', { speaker: 'zelensky', text: 'Russia did not stop' }, '2025-04-21T08:00:00Z')],
    });
    ids.statement = statement.events[0].id;
    // Read-your-writes: wait until the ledger has projected the last append.
    const res = await t.gql(`query($p: BigInt) { claims(minPosition: $p) { status } }`, { p: statement.lastPosition });
    expect(res.errors).toBeUndefined();
  });

  afterAll(async () => {
    await t?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('NDJSON: one row per claim, in valid-time order, with its side, status, disputes and claimed violations', async () => {
    const rows = await ndjson();
    expect(rows.map((r) => r.event_id)).toEqual([ids.first, ids.russian, ids.second, ids.statement]);
    expect(rows[0]).toEqual({
      position: expect.stringMatching(/^\d+$/),
      event_id: ids.first,
      type: 'VIOLATION_REPORTED',
      stream_id: 'agreement-easter-truce',
      occurred_at: '2025-04-20T06:00:00.000Z',
      occurred_precision: 'HOUR',
      occurred_day: '2025-04-20',
      claimant: 'zelensky',
      claimant_side: 'ukraine',
      status: 'DISPUTED',
      text: 'shelling',
      readout_of: null,
      accused_side: 'russia',
      violations_claimed: 1,
      period_from: '2025-04-20T06:00:00.000Z',
      period_until: '2025-04-20T07:00:00.000Z',
      cumulative: false,
      disputes: 1,
      disputes_by_other_sides: 1,
      disputing_sides: ['russia'],
      disputed_by: ['kremlin'],
      appended_by: 'test-admin',
      approved_by: 'test-admin',
    });
    expect(rows[3]).toMatchObject({
      type: 'STATEMENT_MADE',
      accused_side: null,
      violations_claimed: null,
      disputes: 0,
    });
    expect((await ndjson('claimantId=russia')).map((r) => r.event_id)).toEqual([ids.russian]);
    expect((await ndjson('status=DISPUTED')).map((r) => r.event_id)).toEqual([ids.first]);
    expect((await ndjson('asOf=2025-04-20T08:00:00Z')).map((r) => [r.event_id, r.status])).toEqual([
      [ids.first, 'UNDISPUTED'],
    ]);
  });

  it('CSV holds the same rows; Parquet too, as DuckDB reads it, which charts claims per side and day', async () => {
    const json = await ndjson();
    const csv = parse<Record<string, string>>(await (await get('format=csv')).text(), { columns: true });
    expect(csv.map((r) => [r.event_id, r.status, r.disputing_sides, r.violations_claimed])).toEqual(
      json.map((r) => [r.event_id, r.status, r.disputing_sides.join('; '), r.violations_claimed?.toString() ?? '']),
    );
    const bytes = new Uint8Array(await (await get('format=parquet')).arrayBuffer());
    const path = join(dir, 'claims.parquet');
    writeFileSync(path, bytes);
    const instance = await DuckDBInstance.create(':memory:', {
      autoinstall_known_extensions: 'false',
      autoload_known_extensions: 'false',
    });
    const connection = await instance.connect();
    try {
      const read = async (sql: string) => (await connection.runAndReadAll(sql)).getRowObjectsJson();
      const types = await read(`DESCRIBE SELECT * FROM read_parquet('${path}')`);
      expect(Object.fromEntries(types.map((d) => [d.column_name, d.column_type]))).toMatchObject({
        position: 'BIGINT',
        occurred_at: 'TIMESTAMP WITH TIME ZONE',
        violations_claimed: 'INTEGER',
        disputing_sides: 'VARCHAR[]',
        cumulative: 'BOOLEAN',
      });
      expect(await read(`SELECT event_id FROM read_parquet('${path}') ORDER BY position`)).toEqual(
        [...json].sort((a, b) => Number(a.position) - Number(b.position)).map((r) => ({ event_id: r.event_id })),
      );
      const perDay = await read(
        `SELECT claimant_side, accused_side, occurred_day, sum(violations_claimed)::INTEGER AS claimed,
                count(*) FILTER (WHERE status = 'DISPUTED')::INTEGER AS disputed
           FROM read_parquet('${path}') WHERE type = 'VIOLATION_REPORTED'
          GROUP BY ALL ORDER BY claimant_side`,
      );
      expect(perDay).toEqual([
        { claimant_side: 'russia', accused_side: 'ukraine', occurred_day: '2025-04-20', claimed: 1, disputed: 0 },
        { claimant_side: 'ukraine', accused_side: 'russia', occurred_day: '2025-04-20', claimed: 2, disputed: 1 },
      ]);
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  });

  it.each([
    ['format=xml', 'format'],
    ['status=MAYBE', 'status[0]'],
    ['claimantId=nobody', 'claimantId'],
    ['from=yesterday', 'from'],
    ['colour=red', 'colour'],
  ])('refuses %s naming %s', async (query, path) => {
    const res = await fetch(`${t.url}/export/claims?${query}`);
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; errors: Array<{ path: string }> } };
    expect(body.error.code).toBe('BAD_USER_INPUT');
    expect(body.error.errors.map((e) => e.path)).toEqual([path]);
  });
});

describe('GET /export/claims with PUBLIC_READ=false', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ PUBLIC_READ: 'false', RUN_PROJECTIONS: 'false' });
  });
  afterAll(() => t?.close());

  it('needs a key: 401 without, 200 with a reader key', async () => {
    const none = await fetch(`${t.url}/export/claims`);
    expect(none.status).toBe(401);
    expect(((await none.json()) as any).error.code).toBe('UNAUTHENTICATED');
    const reader = await fetch(`${t.url}/export/claims?format=csv`, {
      headers: { authorization: `Bearer ${t.readerKey}` },
    });
    expect(reader.status).toBe(200);
    expect((await reader.text()).split('\r\n')[0]).toMatch(/^position,event_id,type,stream_id,/);
  });
});
