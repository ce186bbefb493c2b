/**
 * GET /export/codebook over HTTP: the codebook as JSON (every event type with fields, codes and JSON
 * Schemas; the export columns), open to all unless PUBLIC_READ=false, then a key is needed.
 */
import { EVENT_TYPES } from '../../src/events/catalogue/event-types.js';
import { buildCodebook } from '../../src/export/codebook/codebook.js';
import { EXPORT_COLUMNS } from '../../src/export/export-record.js';
import { type TestApp, startTestApp } from '../support/test-app.js';

describe('GET /export/codebook', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ RUN_PROJECTIONS: 'false' });
  });
  afterAll(() => t.close());

  it('answers 200 JSON with every event type, their fields, codes and schemas, and the columns', async () => {
    const res = await fetch(`${t.url}/export/codebook`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const body = (await res.json()) as any;
    expect(body.types.map((x: { type: string }) => x.type)).toEqual([...EVENT_TYPES]);
    expect(body.columns.map((c: { name: string }) => c.name)).toEqual(EXPORT_COLUMNS);
    const call = body.types.find((x: { type: string }) => x.type === 'CALL_HELD');
    expect(call.cameo).toMatchObject({ code: '041', quadClass: 1 });
    expect(call.fields.find((f: { name: string }) => f.name === 'durationMinutes')).toEqual({
      name: 'durationMinutes',
      type: { kind: 'integer', minimum: 1, maximum: 52_596_000 },
      required: false,
      meaning: 'Length of the call in minutes.',
    });
    expect(call.jsonSchema).toMatchObject({
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      additionalProperties: false,
      required: ['participants'],
    });
    expect(body.enums.TargetCategory).toContain('ENERGY_INFRASTRUCTURE');
    expect(body).toEqual(JSON.parse(JSON.stringify(buildCodebook())));
  });

  it('is open to a reader key too', async () => {
    expect(
      (await fetch(`${t.url}/export/codebook`, { headers: { authorization: `Bearer ${t.readerKey}` } })).status,
    ).toBe(200);
  });
});

describe('GET /export/codebook with PUBLIC_READ=false', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ PUBLIC_READ: 'false', RUN_PROJECTIONS: 'false' });
  });
  afterAll(() => t.close());

  it('needs a key: 401 without, 401 with a bad one, 200 with a reader key', async () => {
    const none = await fetch(`${t.url}/export/codebook`);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Bearer');
    expect(((await none.json()) as any).error.code).toBe('UNAUTHENTICATED');
    expect(
      (await fetch(`${t.url}/export/codebook`, { headers: { authorization: 'Bearer nope-nope-nope-nope-nope-nope' } }))
        .status,
    ).toBe(401);
    const reader = await fetch(`${t.url}/export/codebook`, { headers: { authorization: `Bearer ${t.readerKey}` } });
    expect(reader.status).toBe(200);
    expect(((await reader.json()) as any).types).toHaveLength(EVENT_TYPES.length);
  });
});
