/**
 * Bulk import, end to end: POST /import/events and /import/actors over HTTP, and the built CLI
 * (`node dist/cli/import.cli.js`, run `npx nest build` first) on the same databases. Good files, a
 * bad line found before writing (nothing written) and one found while writing (atomic chunks, an
 * exact report), a huge line, files that are not NDJSON, invalid UTF-8, repeats that append
 * nothing, wrong keys, and the round trip: export actors and events → import into an empty
 * database → export again gives the same events, position for position.
 */
import { execFile } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DataSource } from 'typeorm';
import { ActorsService } from '../../src/actors/actors.service.js';
import { PROJECT_ROOT } from '../../src/config/project-paths.js';
import { MAX_BODY_BYTES } from '../../src/main-options.js';
import { loadDemoTimeline } from '../../src/demo/demo-loader.js';
import { EventStoreService, PreparedAppends } from '../../src/events/event-store.service.js';
import { type TestApp, startTestApp } from '../support/test-app.js';
import {
  CAST,
  agreementReached,
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
  proposalRejected,
  statementMade,
  strikeReported,
  violationReported,
} from '../support/fixtures.js';

type ImportApp = TestApp;

/** The app (AppModule imports ImportModule), without a projector: these tests look at the log only. */
const startImportApp = () => startTestApp({ RUN_PROJECTIONS: 'false' });

const ndjson = (rows: unknown[]) =>
  rows.map((row) => (typeof row === 'string' ? row : JSON.stringify(row))).join('\n') + '\n';
const id = () => crypto.randomUUID();
const line = (streamId: string, event: object, expectedVersion?: number) => ({
  streamId,
  ...(expectedVersion === undefined ? {} : { expectedVersion }),
  event,
});

async function post(
  t: ImportApp,
  body: string | Buffer,
  {
    what = 'events',
    key = t.adminKey,
    type = 'application/x-ndjson',
    query = '',
  }: { what?: string; key?: string | null; type?: string; query?: string } = {},
) {
  const headers: Record<string, string> = { 'content-type': type };
  if (key) headers.authorization = `Bearer ${key}`;
  const res = await fetch(`${t.url}/import/${what}${query}`, { method: 'POST', headers, body });
  return { status: res.status, body: (await res.json()) as any };
}

const head = (t: ImportApp) => t.app.get(EventStoreService).lastPosition();

/**
 * 1,300 lines of one stream, three chunks of the import. Chunk 2 starts with an expected version
 * only chunk 1 makes true and retracts an event of chunk 1; chunk 3 corrects an event of chunk 2.
 */
function threeChunks(streamId: string) {
  const ids = Array.from({ length: 1300 }, () => id());
  const events = ids.map((eventId, i) => {
    if (i === 500) return line(streamId, statementMade({ text: 'statement 500' }, { id: eventId }), 500);
    if (i === 600) return line(streamId, eventRetracted(ids[10], {}, { id: eventId }));
    if (i === 1100)
      return line(
        streamId,
        eventCorrected(ids[700], { data: { speaker: 'trump', text: 'corrected 700' } }, { id: eventId }),
      );
    return line(streamId, statementMade({ text: `statement ${i}` }, { id: eventId }));
  });
  return { ids, events };
}
const count = async (t: ImportApp) =>
  Number((await t.app.get(DataSource).query('SELECT count(*) AS n FROM events'))[0].n);

const CLI = path.join(PROJECT_ROOT, 'dist/cli/import.cli.js');
function cli(t: ImportApp, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [CLI, ...args],
      {
        cwd: PROJECT_ROOT,
        env: { ...process.env, DATABASE_URL: t.database.url, LOG_LEVEL: 'silent', NODE_OPTIONS: '' },
        maxBuffer: 16 * 1024 * 1024,
      },
      (error, stdout, stderr) =>
        resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

let tmp: string;
const file = (name: string, content: string | Buffer) => {
  const target = path.join(tmp, name);
  fs.writeFileSync(target, content);
  return target;
};

beforeAll(() => {
  expect(fs.existsSync(CLI)).toBe(true); // npx nest build first
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'import-test-'));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('POST /import/events', () => {
  let t: ImportApp;
  beforeAll(async () => {
    t = await startImportApp();
    for (const actor of CAST) await t.app.get(ActorsService).register(actor);
  });
  afterAll(() => t.close());

  it('imports a good file in order (blank lines and CRLF allowed), and a repeat appends nothing', async () => {
    const ids = [id(), id(), id(), id(), id()];
    const body =
      ndjson([
        line('imp-call-1', callHeld({}, { id: ids[0] }), 0),
        line('imp-call-1', statementMade({}, { id: ids[1] })),
        '',
        line('imp-strike-1', strikeReported({}, { id: ids[2] })),
      ]) +
      `${JSON.stringify(line('imp-strike-1', strikeReported({ place: 'Kharkiv' }, { id: ids[3] })))}\r\n` +
      JSON.stringify(line('imp-call-1', callHeld({ initiator: 'putin' }, { id: ids[4] }), 2)); // no final newline
    const before = await head(t);
    const first = await post(t, body);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      ok: true,
      stoppedAt: null,
      lines: 6,
      blankLines: 1,
      eventLines: 5,
      written: 5,
      alreadyStored: 0,
      notWritten: 0,
      writtenLines: [
        [1, 2],
        [4, 6],
      ],
      firstLineWritten: 1,
      lastLineWritten: 6,
      firstLineNotWritten: null,
      appendedBy: 'import:test-admin',
      errors: [],
      errorCount: 0,
    });
    expect(BigInt(first.body.logHead.after) - BigInt(before)).toBe(5n);
    expect(first.body.positions).toEqual({ first: String(BigInt(before) + 1n), last: first.body.logHead.after });
    const rows = await t.app
      .get(DataSource)
      .query(
        'SELECT id, stream_id, stream_version, metadata FROM events WHERE id = ANY($1::uuid[]) ORDER BY position',
        [ids],
      );
    expect(rows.map((r: any) => [r.id, r.stream_id, r.stream_version])).toEqual([
      [ids[0], 'imp-call-1', 1],
      [ids[1], 'imp-call-1', 2],
      [ids[2], 'imp-strike-1', 1],
      [ids[3], 'imp-strike-1', 2],
      [ids[4], 'imp-call-1', 3],
    ]);
    expect(rows[0].metadata.appendedBy).toBe('import:test-admin');

    const again = await post(t, body);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({
      ok: true,
      written: 0,
      alreadyStored: 5,
      alreadyStoredLines: [
        [1, 2],
        [4, 6],
      ],
      writtenLines: [],
      notWritten: 0,
    });
    expect(again.body.logHead.before).toBe(again.body.logHead.after);
    expect(await head(t)).toBe(first.body.logHead.after);
  });

  it('refuses the whole file, writing nothing, when a line in the middle fails validation; errors name line and path', async () => {
    const before = await head(t);
    const body = ndjson([
      line('imp-v-1', callHeld({}, { id: id() })),
      line('imp-v-1', callHeld({}, { id: id() })),
      line('imp-v-1', callHeld({ participants: ['trump', 'putn'] }, { id: id() })),
      line('imp-v-2', { ...strikeReported(), occurredAt: 'soon' }),
      line('imp-v-2', strikeReported({}, { id: id() })),
    ]);
    const res = await post(t, body);
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({
      ok: false,
      stoppedAt: 'validation',
      eventLines: 5,
      written: 0,
      notWritten: 5,
      errorCount: 2,
      writtenLines: [],
    });
    expect(res.body.errors).toEqual([
      { line: 3, path: 'event.data.participants[1]', reason: 'unknown actor "putn"' },
      { line: 4, path: 'event.occurredAt', reason: expect.stringMatching(/ISO-8601/) },
    ]);
    expect(await head(t)).toBe(before);
  });

  it('writes in atomic chunks of at most 500 and, when the store refuses one, says exactly what was and was not written', async () => {
    const ids = Array.from({ length: 700 }, () => id());
    const events = ids.map((eventId, i) =>
      i === 649
        ? line('imp-big', eventRetracted(id(), {}, { id: eventId }))
        : line('imp-big', statementMade({ text: `statement ${i}` }, { id: eventId })),
    );
    events.push(line('imp-after', callHeld({}, { id: id() })));
    const before = await head(t);
    const res = await post(t, ndjson(events));
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({
      ok: false,
      stoppedAt: 'write',
      eventLines: 701,
      written: 500,
      alreadyStored: 0,
      notWritten: 201,
      writtenLines: [[1, 500]],
      firstLineWritten: 1,
      lastLineWritten: 500,
      firstLineNotWritten: 501,
      errorCount: 1,
    });
    expect(res.body.errors).toEqual([
      { line: 650, path: 'event.data.retractedEventId', reason: expect.stringMatching(/^no event with id/) },
    ]);
    // The log head moved by exactly the reported count, and the stored events are exactly lines 1–500.
    expect(BigInt(await head(t)) - BigInt(before)).toBe(500n);
    const stored = await t.app.get(EventStoreService).findByIds(ids);
    expect(new Set(stored.map((e) => e.id))).toEqual(new Set(ids.slice(0, 500)));
    expect(res.body.message).toMatch(
      /500 event\(s\) written \(lines 1-500; positions \d+-\d+\).*201 not written \(line 501/,
    );

    // Fixed and sent again: the first 500 are already stored, the rest written.
    events[649] = line('imp-big', statementMade({ text: 'statement 649' }, { id: ids[649] }));
    const fixed = await post(t, ndjson(events));
    expect(fixed.status).toBe(200);
    expect(fixed.body).toMatchObject({
      ok: true,
      written: 201,
      alreadyStored: 500,
      writtenLines: [[501, 701]],
      alreadyStoredLines: [[1, 500]],
    });
    expect(BigInt(await head(t)) - BigInt(before)).toBe(701n);
  });

  it('checks the next chunk while writing this one, and still sees what earlier chunks wrote: references, versions, a partial repeat', async () => {
    // 1,300 lines of one stream, three chunks (threeChunks).
    const { ids, events } = threeChunks('imp-pipe');
    const before = await head(t);
    // What each chunk's write was given: the look-ahead's checked batch, or inputs checked again.
    const store = t.app.get(EventStoreService);
    const appendAll = store.appendAll.bind(store);
    const given: string[] = [];
    store.appendAll = (batch, ...rest) => {
      given.push(batch instanceof PreparedAppends ? 'prepared' : 'inputs');
      return appendAll(batch, ...rest);
    };
    // Half of chunk 2 is stored already: that chunk is checked again, the others as looked ahead.
    const partial = await post(t, ndjson(events.slice(0, 750)));
    expect(partial.body.errors).toEqual([]);
    expect(partial.body).toMatchObject({ ok: true, written: 750 });
    expect(given.splice(0)).toEqual(['prepared', 'prepared']);
    const res = await post(t, ndjson(events));
    // Chunk 1 is all stored (nothing to append), chunk 2 partly, chunk 3 not at all.
    expect(given.splice(0)).toEqual(['inputs', 'prepared']);
    delete (store as { appendAll?: unknown }).appendAll;
    expect(res.body.errors).toEqual([]);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      ok: true,
      written: 550,
      alreadyStored: 750,
      writtenLines: [[751, 1300]],
      alreadyStoredLines: [[1, 750]],
      errorCount: 0,
    });
    expect(BigInt(await head(t)) - BigInt(before)).toBe(1300n);
    const stored = await t.app.get(EventStoreService).findByIds([ids[600], ids[1100], ids[1299]]);
    const byId = new Map(stored.map((e) => [e.id, e]));
    expect(byId.get(ids[600])).toMatchObject({ type: 'EVENT_RETRACTED', streamVersion: 601 });
    expect(byId.get(ids[1100])).toMatchObject({ type: 'EVENT_CORRECTED', streamVersion: 1101 });
    expect(byId.get(ids[1299])).toMatchObject({ streamVersion: 1300 });

    // A wrong expected version in the third chunk: the first two are written, the third is not.
    const more = Array.from({ length: 1200 }, (_, i) =>
      line('imp-pipe-2', statementMade({ text: `more ${i}` }, { id: id() }), i === 1050 ? 7 : undefined),
    );
    const refused = await post(t, ndjson(more));
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({
      ok: false,
      stoppedAt: 'write',
      written: 1000,
      writtenLines: [[1, 1000]],
      firstLineNotWritten: 1001,
    });
    expect(refused.body.errors).toEqual([
      { line: 1051, path: 'expectedVersion', reason: expect.stringContaining('(the lines from here are not written)') },
    ]);
  });

  it('a dry run across chunks rehearses every chunk on what the earlier ones wrote, and writes nothing', async () => {
    // Chunk 2 needs chunk 1's versions and retracts one of its events; chunk 3 corrects an event of
    // chunk 2. Only a rehearsal that keeps each chunk's writes for the next (one transaction, rolled
    // back) passes it.
    const { ids, events } = threeChunks('imp-dry-pipe');
    const before = await head(t);
    const dry = await post(t, ndjson(events), { query: '?dryRun=true' });
    expect(dry.body.errors).toEqual([]);
    expect(dry.status).toBe(200);
    expect(dry.body).toMatchObject({
      ok: true,
      dryRun: true,
      eventLines: 1300,
      wouldWrite: 1300,
      written: 0,
      writtenLines: [],
      alreadyStored: 0,
      logHead: { before, after: before },
    });
    expect(dry.body.message).toMatch(/dry run: every check passed; 1300 event\(s\) would be written/);
    expect(await t.app.get(EventStoreService).findByIds([ids[0], ids[600], ids[1299]])).toEqual([]);

    // A wrong expected version in the third chunk is found only after two chunks were rehearsed.
    const wrong = events.map((l, i) =>
      i === 1050 ? line('imp-dry-pipe', statementMade({ text: 'late' }, { id: id() }), 7) : l,
    );
    const refused = await post(t, ndjson(wrong), { query: '?dryRun=true' });
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({ ok: false, dryRun: true, written: 0, wouldWrite: 1000, stoppedAt: 'write' });
    expect(refused.body.errors).toEqual([
      { line: 1051, path: 'expectedVersion', reason: expect.stringContaining('(the lines from here are not written)') },
    ]);
    expect(refused.body.message).toMatch(/dry run: line 1001 would be refused/);
    expect(await head(t)).toBe(before);
  });

  it('holds imported answers, reports and fulfilments to the same stream and party rules as appends', async () => {
    const before = await head(t);
    const res = await post(
      t,
      ndjson([
        line('imp-proposal', proposalMade()),
        line('imp-proposal', proposalAccepted({ party: 'zelensky' })),
        line('imp-proposal', proposalAccepted({ party: 'trump' })),
        line('imp-proposal', conditionsMet({ party: 'saudi-arabia' })),
        line('imp-nothing', proposalRejected({ party: 'russia' })),
        line('imp-report', implementationReported()),
        line('imp-proposal', pledgeFulfilled()),
      ]),
    );
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ ok: false, stoppedAt: 'write', written: 0, firstLineNotWritten: 1 });
    expect(res.body.errors).toEqual([
      {
        line: 3,
        path: 'event.data.party',
        reason: `"trump" is on no party's side of imp-proposal; a non-party's view is a STATEMENT_MADE`,
      },
      {
        line: 4,
        path: 'event.data.party',
        reason: `"saudi-arabia" is on no party's side of imp-proposal; a non-party's view is a STATEMENT_MADE`,
      },
      {
        line: 5,
        path: 'event.type',
        reason: expect.stringMatching(/goes into the stream of a PROPOSAL_MADE or AGREEMENT_REACHED/),
      },
      { line: 6, path: 'event.data.implements', reason: expect.stringMatching(/^is required: stream "imp-report"/) },
      {
        line: 7,
        path: 'event.type',
        reason: expect.stringMatching(/^PLEDGE_FULFILLED goes into the stream of a PLEDGE_MADE/),
      },
    ]);
    expect(await head(t)).toBe(before);
  });

  it('holds imported readouts and violation reports to the claims ledger rules, in the words of the line', async () => {
    const before = await head(t);
    const late = await post(
      t,
      ndjson([
        line('imp-call', callHeld()),
        line('imp-truce', violationReported({ count: 0, periodUntil: '2025-03-18T14:01:00.001Z' })),
      ]),
    );
    expect(late.status).toBe(422);
    expect(late.body).toMatchObject({ ok: false, stoppedAt: 'validation', written: 0 });
    expect(late.body.errors).toEqual([
      { line: 2, path: 'event.data.count', reason: 'must be an integer ≥ 1' },
      {
        line: 2,
        path: 'event.data.periodUntil',
        reason: expect.stringMatching(/^must not be later than 2025-03-18T14:01:00.000Z/),
      },
    ]);
    const call = id();
    const strike = id();
    const readouts = await post(
      t,
      ndjson([
        line('imp-call', callHeld({}, { id: call })),
        line('imp-strike', strikeReported({}, { id: strike })),
        line('imp-readout', statementMade({ readoutOf: call })),
        line('imp-readout', statementMade({ readoutOf: strike })),
      ]),
    );
    expect(readouts.status).toBe(422);
    expect(readouts.body).toMatchObject({ ok: false, stoppedAt: 'write', written: 0 });
    expect(readouts.body.errors).toEqual([
      {
        line: 4,
        path: 'event.data.readoutOf',
        reason: 'names a STRIKE_REPORTED; must name a CALL_HELD or MEETING_HELD',
      },
    ]);
    expect(await head(t)).toBe(before);
  });

  it('refuses a huge line without failing, and takes a body larger than the global body limit', async () => {
    const before = await head(t);
    const huge = JSON.stringify(line('imp-huge', statementMade({ text: 'x'.repeat(5 * 1024 * 1024) })));
    const res = await post(
      t,
      ndjson([line('imp-huge', callHeld({}, { id: id() })), huge, line('imp-huge', callHeld({}, { id: id() }))]),
    );
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ stoppedAt: 'validation', written: 0, errorCount: 1 });
    expect(res.body.errors).toEqual([
      { line: 2, path: '', reason: `is ${Buffer.byteLength(huge)} bytes; at most 262144 bytes (256 KiB) a line` },
    ]);
    expect(await head(t)).toBe(before);

    // 46 MB of blank lines (each 200 KB of spaces) and one event: over the 40 MB body limit, under the line limit.
    const blank = ' '.repeat(200 * 1024);
    const big = `${Array.from({ length: 230 }, () => blank).join('\n')}\n${JSON.stringify(line('imp-huge', callHeld({}, { id: id() })))}\n`;
    expect(big.length).toBeGreaterThan(MAX_BODY_BYTES);
    const ok = await post(t, big);
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ ok: true, lines: 231, blankLines: 230, written: 1 });
  });

  it('refuses what is not NDJSON: binary data, a JSON array, invalid UTF-8', async () => {
    const before = await head(t);
    const binary = await post(t, crypto.randomBytes(100_000));
    expect(binary.status).toBe(422);
    expect(binary.body).toMatchObject({ ok: false, stoppedAt: 'validation', written: 0 });
    expect(binary.body.errors[0]).toEqual({
      line: 1,
      path: '',
      reason: expect.stringMatching(/not valid UTF-8|not JSON/),
    });

    const array = await post(t, JSON.stringify([line('imp-a', callHeld()), line('imp-a', callHeld())]));
    expect(array.status).toBe(422);
    expect(array.body.errors).toEqual([{ line: 1, path: '', reason: expect.stringMatching(/^is a JSON array/) }]);

    const pretty = await post(t, JSON.stringify([line('imp-a', callHeld())], null, 2));
    expect(pretty.status).toBe(422);
    expect(pretty.body.errors[0]).toEqual({ line: 1, path: '', reason: expect.stringMatching(/^not JSON/) });

    const good = Buffer.from(`${JSON.stringify(line('imp-a', callHeld()))}\n`);
    const latin1 = Buffer.from(
      `${JSON.stringify(line('imp-a', statementMade({ text: 'Zelensky said: caf\u00e9' })))}\n`,
      'latin1',
    );
    const utf = await post(t, Buffer.concat([good, latin1, good]));
    expect(utf.status).toBe(422);
    expect(utf.body.errors).toEqual([{ line: 2, path: '', reason: 'is not valid UTF-8' }]);
    expect(await head(t)).toBe(before);
  });

  it('needs an ADMIN key (401 without or with an unknown one, 403 with a READER key) and writes nothing otherwise', async () => {
    const before = await head(t);
    const body = ndjson([line('imp-key', callHeld({}, { id: id() }))]);
    const none = await post(t, body, { key: null });
    expect(none.status).toBe(401);
    expect(none.body.error.code).toBe('UNAUTHENTICATED');
    expect((await post(t, body, { key: 'not-a-key-at-all-not-a-key' })).status).toBe(401);
    const reader = await post(t, body, { key: t.readerKey });
    expect(reader.status).toBe(403);
    expect(reader.body.error.code).toBe('FORBIDDEN');
    expect((await post(t, body, { what: 'actors', key: t.readerKey })).status).toBe(403);
    expect(await head(t)).toBe(before);
  });

  it('validates only with dryRun=true, and refuses a body that is not sent as NDJSON', async () => {
    const before = await head(t);
    const dry = await post(t, ndjson([line('imp-dry', callHeld({}, { id: id() }))]), { query: '?dryRun=true' });
    expect(dry.status).toBe(200);
    expect(dry.body).toMatchObject({ ok: true, dryRun: true, eventLines: 1, written: 0, wouldWrite: 1, notWritten: 1 });
    // Every check of a real import runs, those only the log can answer included, and nothing is written.
    const first = id();
    const linked = await post(
      t,
      ndjson([
        line('imp-dry-2', callHeld({}, { id: first }), 0),
        line('imp-dry-2', eventRetracted(first, { reason: 'a duplicate' }), 1),
      ]),
      { query: '?dryRun=true' },
    );
    expect(linked.body).toMatchObject({ ok: true, wouldWrite: 2, written: 0, positions: { first: null, last: null } });
    const stale = await post(t, ndjson([line('imp-dry-2', callHeld({}, { id: id() }), 7)]), { query: '?dryRun=true' });
    expect(stale.status).toBe(422);
    expect(stale.body).toMatchObject({ ok: false, dryRun: true, written: 0, wouldWrite: 0, stoppedAt: 'write' });
    expect(stale.body.errors[0]).toMatchObject({ line: 1, path: 'expectedVersion' });
    expect(stale.body.message).toMatch(/dry run: line 1 would be refused/);
    const json = await post(t, JSON.stringify(line('imp-dry', callHeld())), { type: 'application/json' });
    expect(json.status).toBe(400);
    expect(json.body.error.message).toMatch(/application\/x-ndjson/);
    expect(await head(t)).toBe(before);
  });

  it('imports actor lines in any order, idempotently, and refuses conflicts and unknown principals without writing', async () => {
    const actors = ndjson([
      { id: 'imp-aide', name: 'An aide', kind: 'PERSON', represents: 'imp-minister' },
      { id: 'imp-minister', name: 'A minister', kind: 'PERSON', represents: 'imp-state' },
      { id: 'imp-state', name: 'A state', kind: 'STATE' },
      { id: 'russia', name: 'Russia', kind: 'STATE', represents: null },
    ]);
    const first = await post(t, actors, { what: 'actors' });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ ok: true, actorLines: 4, registered: 3, alreadyRegistered: 1, notWritten: 0 });
    const again = await post(t, actors, { what: 'actors' });
    expect(again.body).toMatchObject({ ok: true, registered: 0, alreadyRegistered: 4 });

    const bad = await post(
      t,
      ndjson([
        { id: 'imp-new', name: 'New', kind: 'STATE' },
        { id: 'russia', name: 'Russian Federation', kind: 'STATE' },
        { id: 'imp-x', name: 'X', kind: 'PERSON', represents: 'nobody' },
        'nonsense',
      ]),
      { what: 'actors' },
    );
    expect(bad.status).toBe(422);
    expect(bad.body).toMatchObject({ ok: false, registered: 0, notWritten: 4 });
    expect(bad.body.errors).toEqual([
      { line: 2, path: 'id', reason: expect.stringMatching(/already registered as STATE "Russia"/) },
      { line: 3, path: 'represents', reason: 'unknown actor "nobody" (neither registered nor in the file)' },
      { line: 4, path: '', reason: expect.stringMatching(/^not JSON/) },
    ]);
    expect(await t.app.get(ActorsService).byIds(['imp-new'])).toEqual(new Map());
  });
});

describe('npm run import (the CLI)', () => {
  let t: ImportApp;
  beforeAll(async () => {
    t = await startImportApp();
  });
  afterAll(() => t.close());

  it('imports actors then events, prints a summary, exits 0; a repeat appends nothing; errors exit 1 with line and path', async () => {
    const actors = file('cast.ndjson', ndjson([...CAST].reverse()));
    const ids = [id(), id(), id()];
    const events = file(
      'events.ndjson',
      ndjson([
        line('cli-call', callHeld({}, { id: ids[0] }), 0),
        line('cli-call', callHeld({}, { id: ids[1] })),
        line('cli-strike', strikeReported({}, { id: ids[2] })),
      ]),
    );
    const first = await cli(t, ['--actors', actors, events]);
    expect(first).toMatchObject({ code: 0, stderr: '' });
    expect(first.stdout).toMatch(/cast\.ndjson: 10 actor\(s\) registered, 0 already registered/);
    expect(first.stdout.split('\n').filter(Boolean)).toHaveLength(3); // the summary only, no log lines
    expect(first.stdout).toMatch(/events\.ndjson: 3 event\(s\) written \(lines 1-3; positions 1-3\); 0 already stored/);
    const [row] = await t.app.get(DataSource).query('SELECT metadata FROM events WHERE id = $1', [ids[0]]);
    expect(row.metadata.appendedBy).toBe('import:events.ndjson');

    const again = await cli(t, ['--actors', actors, events]);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/0 event\(s\) written; 3 already stored \(lines 1-3\)/);
    expect(await head(t)).toBe('3');

    const bad = file(
      'bad.ndjson',
      ndjson([
        line('cli-b', callHeld({}, { id: id() })),
        line('cli-b', callHeld({}, { id: id() })),
        line('cli-b', callHeld({ participants: ['trump', 'putn'] }, { id: id() })),
      ]),
    );
    const refused = await cli(t, [bad]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('bad.ndjson: line 3: event.data.participants[1]: unknown actor "putn"\n');
    expect(refused.stdout).toMatch(/1 error\(s\) in 3 event line\(s\); nothing written/);
    expect(await head(t)).toBe('3');
  });

  it('refuses a huge line and a binary file with exit code 1; --dry-run writes nothing; bad usage exits 2', async () => {
    const huge = file(
      'huge.ndjson',
      `${JSON.stringify(line('cli-h', statementMade({ text: 'y'.repeat(5_000_000) })))}\n`,
    );
    const refused = await cli(t, [huge]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/huge\.ndjson: line 1: is \d+ bytes; at most 262144 bytes/);

    const binary = await cli(t, [file('random.bin', crypto.randomBytes(50_000))]);
    expect(binary.code).toBe(1);

    const dry = await cli(t, ['--dry-run', file('dry.ndjson', ndjson([line('cli-dry', callHeld({}, { id: id() }))]))]);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(
      /dry run: every check passed; 1 event\(s\) would be written, 0 already stored; nothing written/,
    );
    expect(await head(t)).toBe('3');

    expect((await cli(t, [])).code).toBe(2);
    expect((await cli(t, [path.join(tmp, 'missing.ndjson')])).code).toBe(2);
    expect((await cli(t, ['--bogus', huge])).code).toBe(2);
  });
});

describe('round trip: export actors and events → import into an empty database → export again', () => {
  let a: ImportApp;
  let b: ImportApp;
  beforeAll(async () => {
    [a, b] = await Promise.all([startImportApp(), startImportApp()]);
    await loadDemoTimeline(a.app.get(ActorsService), a.app.get(EventStoreService));
    const store = a.app.get(EventStoreService);
    const who = { keyName: 'test' };
    const strike = await store.append(
      {
        streamId: 'rt-strike-1',
        events: [
          strikeReported({ place: 'Kharkiv' }, { occurredAt: '2025-03-20T10:00:00Z', occurredPrecision: 'DAY' }),
        ],
      },
      who,
    );
    await store.append(
      {
        streamId: 'rt-strike-1',
        events: [
          eventCorrected(strike.events[0].id, {
            data: { attacker: 'russia', targetCategory: 'CIVILIAN', place: 'Kharkiv oblast' },
            reason: 'wider area',
          }),
        ],
      },
      who,
    );
    const wrong = await store.append(
      { streamId: 'rt-strike-2', events: [strikeReported({ attacker: 'ukraine', place: 'Belgorod' })] },
      who,
    );
    await store.append(
      { streamId: 'rt-strike-2', events: [eventRetracted(wrong.events[0].id, { reason: 'not confirmed' })] },
      who,
    );
    // The second edition: its three types and new fields, answers by a party's side and a proposer's.
    await a.app.get(ActorsService).register({ id: 'turkey', name: 'Turkey', kind: 'STATE' });
    const exchange = await store.append(
      {
        streamId: 'rt-exchange',
        events: [
          proposalMade({
            proposers: ['turkey'],
            parties: ['ukraine', 'russia'],
            title: '1,000 for 1,000',
            terms: {
              kind: 'PRISONER_EXCHANGE',
              quantities: [
                { what: 'prisoners', count: 1000, from: 'russia', to: 'ukraine' },
                { what: 'prisoners', count: 1000, atLeast: true, from: 'ukraine', to: 'russia' },
              ],
            },
            backers: ['us'],
            mediators: ['turkey'],
          }),
          proposalAccepted({ party: 'zelensky', conditions: ['all for all'] }),
          proposalAccepted({ party: 'kremlin' }),
          conditionsMet({ party: 'ukraine', conditions: ['all for all'] }),
        ],
      },
      who,
    );
    await store.append(
      {
        streamId: 'rt-counter',
        events: [
          proposalMade({
            proposers: ['russia'],
            parties: ['ukraine'],
            counterTo: 'rt-exchange',
            terms: { kind: 'OTHER' },
          }),
          proposalRejected({ party: 'putin', reason: 'withdrawn by its proposer' }),
        ],
      },
      who,
    );
    await store.append(
      { streamId: 'rt-report', events: [implementationReported({ party: 'russia', implements: ['rt-exchange'] })] },
      who,
    );
    await store.append(
      {
        streamId: 'rt-exchange',
        events: [
          implementationReported({ stage: '2', complete: true, quantities: [{ what: 'prisoners', count: 610 }] }),
          eventCorrected(exchange.events[3].id, {
            data: { party: 'zelensky' },
            occurredPrecision: undefined,
            reason: 'announced by the president',
          }),
        ],
      },
      who,
    );
    await store.append(
      {
        streamId: 'rt-meeting',
        events: [
          meetingHeld({ participants: ['rubio', 'putin'], mediator: 'turkey' }),
          meetingHeld({ participants: ['rubio', 'putin'], mediators: ['turkey', 'us'], round: 2 }),
        ],
      },
      who,
    );
    await store.append(
      {
        streamId: 'rt-agreement',
        events: [
          agreementReached({
            parties: ['russia', 'ukraine'],
            unilateral: false,
            mediators: ['turkey'],
            guarantors: ['us'],
          }),
        ],
      },
      who,
    );
    // The claims ledger's fields: a readout of a call, a report with its count and period, corrected.
    const call = await store.append({ streamId: 'rt-call', events: [callHeld()] }, who);
    await store.append(
      { streamId: 'rt-readout', events: [statementMade({ speaker: 'kremlin', readoutOf: call.events[0].id })] },
      who,
    );
    const claim = await store.append(
      {
        streamId: 'rt-agreement',
        events: [
          violationReported(
            { count: 2935, periodFrom: '2025-04-19T18:00:00Z', periodUntil: '2025-04-21', cumulative: true },
            { occurredAt: '2025-04-21T06:00:00Z', occurredPrecision: 'DAY' },
          ),
        ],
      },
      who,
    );
    await store.append(
      {
        streamId: 'rt-agreement',
        events: [
          eventCorrected(claim.events[0].id, {
            data: { violator: 'russia', reportedBy: 'zelensky', count: 3000, periodUntil: '2025-04-22' },
            occurredPrecision: undefined,
            reason: 'the running total of the next morning',
          }),
        ],
      },
      who,
    );
    // An event that went through review: its submitter and its reviewer travel with it.
    await store.append(
      { streamId: 'rt-reviewed', events: [statementMade({ text: 'Reviewed before it was appended' })] },
      { keyName: 'ed-anna', approvedBy: 'rev-clara' },
    );
    await store.append(
      {
        streamId: 'rt-pledge',
        events: [
          pledgeMade({ commitment: { action: 'RELEASE', text: '175 prisoners' }, durationDays: undefined }),
          pledgeFulfilled(),
        ],
      },
      who,
    );
  });
  afterAll(() => Promise.all([a.close(), b.close()]));

  const get = async (t: ImportApp, what: string) => {
    const res = await fetch(`${t.url}/export/${what}`);
    expect(res.status).toBe(200);
    return res.text();
  };
  const withoutRecordedAt = (text: string) =>
    text
      .split('\n')
      .filter(Boolean)
      .map((l) => {
        const { recorded_at: _, imported_by: __, ...rest } = JSON.parse(l);
        return JSON.stringify(rest);
      });

  it('gives the same events, position for position', async () => {
    const actors = await get(a, 'actors');
    const events = await get(a, 'events?format=ndjson');
    const exported = actors
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l));
    // Principals first: every represents names an earlier line.
    exported.forEach((actor, i) => {
      expect(Object.keys(actor)).toEqual(['id', 'name', 'kind', 'represents']);
      if (actor.represents) expect(exported.slice(0, i).map((x) => x.id)).toContain(actor.represents);
    });

    const importedActors = await post(b, actors, { what: 'actors' });
    expect(importedActors.status).toBe(200);
    expect(importedActors.body).toMatchObject({ ok: true, registered: exported.length });
    const importedEvents = await post(b, events);
    expect(importedEvents.status).toBe(200);
    const n = withoutRecordedAt(events).length;
    expect(importedEvents.body).toMatchObject({
      ok: true,
      written: n,
      alreadyStored: 0,
      writtenLines: [[1, n]],
      positions: { first: '1', last: String(n) },
    });

    expect(await get(b, 'actors')).toBe(actors);
    const again = await get(b, 'events?format=ndjson');
    expect(withoutRecordedAt(again)).toEqual(withoutRecordedAt(events));
    // Provenance is kept (appended_by, approved_by as exported); the import that wrote it is named beside it.
    const rows = again
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l));
    expect(rows.find((r) => r.stream_id === 'rt-reviewed')).toMatchObject({
      appended_by: 'ed-anna',
      approved_by: 'rev-clara',
      imported_by: 'import:test-admin',
    });
    expect(rows.find((r) => r.stream_id === 'rt-pledge')).toMatchObject({
      appended_by: 'test',
      approved_by: 'test',
      imported_by: 'import:test-admin',
    });
    // The second edition's types and columns are among them, codes and all.
    const second = withoutRecordedAt(events)
      .map((l) => JSON.parse(l))
      .filter((r) => r.stream_id.startsWith('rt-') && !r.stream_id.startsWith('rt-strike'));
    expect(new Set(second.map((r) => r.type))).toEqual(
      new Set([
        'PROPOSAL_MADE',
        'PROPOSAL_ACCEPTED',
        'PROPOSAL_REJECTED',
        'CONDITIONS_MET',
        'IMPLEMENTATION_REPORTED',
        'EVENT_CORRECTED',
        'MEETING_HELD',
        'AGREEMENT_REACHED',
        'PLEDGE_MADE',
        'PLEDGE_FULFILLED',
        'CALL_HELD',
        'STATEMENT_MADE',
        'VIOLATION_REPORTED',
      ]),
    );
    expect(second.find((r) => r.stream_id === 'rt-readout')).toMatchObject({
      readout_of: second.find((r) => r.stream_id === 'rt-call').id,
    });
    expect(second.find((r) => r.type === 'VIOLATION_REPORTED')).toMatchObject({
      violation_count: 2935,
      period_from: '2025-04-19T18:00:00.000Z',
      period_until: '2025-04-21T00:00:00.000Z',
      cumulative: true,
      corrected: true,
    });
    expect(second.find((r) => r.stream_id === 'rt-report')).toMatchObject({
      implements: ['rt-exchange'],
      cameo_code: '0841',
    });
    expect(second.filter((r) => r.stream_id === 'rt-meeting').map((r) => r.mediators)).toEqual([
      ['turkey'],
      ['turkey', 'us'],
    ]);
    expect(await count(b)).toBe(n);

    // Importing the export again appends nothing.
    const repeat = await post(b, events);
    expect(repeat.body).toMatchObject({ ok: true, written: 0, alreadyStored: n });
    expect(await count(b)).toBe(n);
  });
});
