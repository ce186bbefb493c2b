/**
 * Provenance on every event, as clients read it: Event.appendedBy and approvedBy in GraphQL, the
 * appended_by / approved_by / imported_by columns of the NDJSON, CSV and Parquet exports and of
 * the claims export; an event older than review (no approvedBy stored) answers its appender for
 * both.
 */
import { parse as parseCsv } from 'csv-parse/sync';
import { parquetReadObjects } from 'hyparquet';
import type pg from 'pg';
import { callHeld, connect, registerActors, statementMade, uuid } from '../support/fixtures.js';
import { approveDraft, createKey, submitDraft } from '../support/drafts.js';
import { type TestApp, startTestApp } from '../support/test-app.js';
import { projectionsCaughtUp } from '../support/arbitraries.js';

describe('provenance of events', () => {
  let t: TestApp;
  let db: pg.Client;
  let reviewed: string[];
  let direct: string;
  let legacy: string;

  beforeAll(async () => {
    t = await startTestApp();
    db = await connect(t.database.url);
    await registerActors(t);
    const editor = await createKey(t, 'ed-anna', 'EDITOR');
    const reviewer = await createKey(t, 'rev-clara', 'ADMIN');
    const draft = await submitDraft(t, editor, {
      streamId: `call-${uuid()}`,
      events: [callHeld(), statementMade({ text: 'Readout, with a comma' })],
    });
    const approved = (await approveDraft(t, reviewer, draft.id)).data.approveDraft;
    reviewed = approved.appended.events.map((e: { id: string }) => e.id);
    const appended = await t.gql(
      `mutation($input: AppendEventsInput!) { appendEvents(input: $input) { events { id } } }`,
      { input: { streamId: `call-${uuid()}`, events: [callHeld()] } },
    );
    direct = appended.data.appendEvents.events[0].id;
    // An event recorded before review existed: its metadata names its appender only.
    legacy = uuid();
    await db.query(
      `WITH h AS (UPDATE log_head SET last_position = last_position + 1 RETURNING last_position)
       INSERT INTO events (position, id, stream_id, stream_version, type, schema_version, data, metadata, occurred_at,
                           occurred_precision, recorded_at, actor_ids, ref_event_id, summary, cameo_code, search_text)
       SELECT h.last_position, $2::uuid, 'legacy-call', 1, type, schema_version, data,
              (metadata - 'approvedBy') || '{"appendedBy": "old-admin"}', occurred_at, occurred_precision,
              date_trunc('milliseconds', clock_timestamp()), actor_ids, ref_event_id, summary, cameo_code, search_text
         FROM events, h WHERE id = $1`,
      [direct, legacy],
    );
    await projectionsCaughtUp(db);
  });
  afterAll(async () => {
    await db?.end();
    await t?.close();
  });

  const expected = () =>
    new Map([
      [reviewed[0], ['ed-anna', 'rev-clara']],
      [reviewed[1], ['ed-anna', 'rev-clara']],
      [direct, ['test-admin', 'test-admin']],
      [legacy, ['old-admin', 'old-admin']],
    ]);

  it('GraphQL: Event.appendedBy and approvedBy', async () => {
    const res = await t.gql(`{ events(first: 50) { edges { node { id appendedBy approvedBy importedBy } } } }`);
    expect(res.errors).toBeUndefined();
    const seen = new Map(
      res.data.events.edges.map((e: any) => [e.node.id, [e.node.appendedBy, e.node.approvedBy, e.node.importedBy]]),
    );
    for (const [id, [appendedBy, approvedBy]] of expected())
      expect(seen.get(id)).toEqual([appendedBy, approvedBy, null]);
  });

  it('NDJSON, CSV and Parquet exports carry appended_by and approved_by', async () => {
    const ndjson = (await (await fetch(`${t.url}/export/events?format=ndjson`)).text())
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line));
    const fromNdjson = new Map(ndjson.map((r) => [r.id, [r.appended_by, r.approved_by]]));

    const csv = parseCsv<Record<string, string>>(await (await fetch(`${t.url}/export/events?format=csv`)).text(), {
      columns: true,
    });
    const fromCsv = new Map(csv.map((r) => [r.id, [r.appended_by, r.approved_by]]));

    const file = await (await fetch(`${t.url}/export/events?format=parquet`)).arrayBuffer();
    const rows = (await parquetReadObjects({ file, columns: ['id', 'appended_by', 'approved_by'] })) as Array<
      Record<string, string>
    >;
    const fromParquet = new Map(rows.map((r) => [r.id, [r.appended_by, r.approved_by]]));

    for (const [id, pair] of expected()) {
      expect(fromNdjson.get(id)).toEqual(pair);
      expect(fromCsv.get(id)).toEqual(pair);
      expect(fromParquet.get(id)).toEqual(pair);
    }
  });

  it('the claims export carries them too', async () => {
    const claims = (await (await fetch(`${t.url}/export/claims?format=ndjson`)).text())
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line));
    expect(claims.find((c) => c.event_id === reviewed[1])).toMatchObject({
      appended_by: 'ed-anna',
      approved_by: 'rev-clara',
    });
  });
});
