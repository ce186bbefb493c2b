/**
 * Hostile strings in every string argument: the classic SQL injections (`' OR 1=1 --`,
 * `'; DROP TABLE events; --`, `$$`, `\`), LIKE wildcards (`%`, `_`), NUL and lone surrogates, very
 * long strings, path tricks. Each is either refused with its argument named or treated as a plain
 * literal (it matches what the same literal matches in a parameterised query of our own, and is
 * read back as sent); the tables are intact afterwards. Also: malformed cursors, export file names
 * that cannot be steered, the export CLI's --out with ../, the CLIs' flags, a 100 MB import line
 * (streamed: a clear line error, bounded memory, nothing written) and invalid UTF-8 in an import
 * line and in a query string.
 */
import { execFile } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import v8 from 'node:v8';
import vm from 'node:vm';
import type pg from 'pg';
import { PROJECT_ROOT } from '../../src/config/project-paths.js';
import { EXPORT_COLUMNS } from '../../src/export/export-record.js';
import type { TestApp } from '../support/test-app.js';
import { CAST, statementMade } from '../support/fixtures.js';
import {
  INJECTIONS,
  type RawResponse,
  type Snapshot,
  badErrorResponse,
  graphql,
  post,
  projectionsCaughtUp,
  type SeededApp,
  snapshot,
  startSeededApp,
} from '../support/arbitraries.js';

const run = promisify(execFile);
const STREAM_ID = /^[a-z0-9][a-z0-9._:-]{0,127}$/;
const ACTOR_ID = /^[a-z0-9][a-z0-9_-]{0,63}$/;
const KEY_NAME = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/;
const hasNul = (s: string) => s.includes('\u0000');
const loneSurrogate = (s: string) => /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(s);
/** What the API takes as text of at most `max` characters (the others it must refuse). */
const isText = (s: string, max: number) =>
  s.trim() !== '' && !hasNul(s) && !loneSurrogate(s) && [...s.trim()].length <= max;
const TABLES = [
  'events',
  'actors',
  'log_head',
  'api_keys',
  'api_key_audit',
  'projection_checkpoints',
  'rm_ceasefires',
  'rm_pledges',
];

let t: TestApp;
let db: pg.Client;

let app: SeededApp | undefined;

beforeAll(async () => {
  app = await startSeededApp();
  ({ t, db } = app);
});

afterAll(() => app?.close());

/** Every table is there and the log is whole (positions 1..head, no gap). */
async function tablesIntact(): Promise<void> {
  for (const table of TABLES)
    expect({
      table,
      exists: (await db.query('SELECT to_regclass($1) IS NOT NULL AS ok', [`public.${table}`])).rows[0].ok,
    }).toEqual({ table, exists: true });
  const { rows } = await db.query(
    'SELECT (SELECT count(*)::int FROM events) AS n, (SELECT coalesce(max(position), 0)::int FROM events) AS max, (SELECT last_position::int FROM log_head) AS head',
  );
  expect(rows[0].n).toBe(rows[0].head);
  expect(rows[0].max).toBe(rows[0].head);
  expect(
    (
      await db.query(
        `SELECT count(*)::int AS n FROM pg_trigger WHERE tgrelid = 'events'::regclass AND NOT tgisinternal`,
      )
    ).rows[0].n,
  ).toBeGreaterThan(0);
}

/** A refusal with BAD_USER_INPUT whose message begins with the path (`filter.streamId: …`) or names the variable. */
function refusedNaming(res: RawResponse, pathPattern: RegExp | string, what: unknown): void {
  expect({ what, problem: badErrorResponse(res) }).toEqual({ what, problem: null });
  const error = res.body.errors[0];
  expect({ what, code: error.extensions.code }).toEqual({ what, code: 'BAD_USER_INPUT' });
  const pattern =
    typeof pathPattern === 'string'
      ? new RegExp(`^${pathPattern.replace(/[.[\]$]/g, '\\$&')}: |"\\$\\w+"|"input\\.`)
      : pathPattern;
  expect({ what, message: error.message }).toEqual({ what, message: expect.stringMatching(pattern) });
}

function answered(res: RawResponse, what: unknown): Record<string, any> {
  expect({ what, status: res.status, errors: res.body.errors }).toEqual({ what, status: 200, errors: undefined });
  return res.body.data;
}

/** The log head and the number of events: what a refused append must leave as it was. */
const logHead = async () =>
  (await db.query('SELECT (SELECT last_position::text FROM log_head) AS head, (SELECT count(*)::int FROM events) AS n'))
    .rows[0];

const gql = (query: string, variables: Record<string, unknown>, key: string | null = null) =>
  graphql(t.url, query, variables, key);

// ---------------------------------------------------------------------------------------------

describe('every string argument of the queries: refused, or a literal', () => {
  let before: Snapshot;
  beforeAll(async () => {
    before = await snapshot(db);
  });
  afterAll(async () => {
    expect(await snapshot(db)).toEqual(before);
    await tablesIntact();
  });

  it('events(filter: { streamId })', async () => {
    for (const s of INJECTIONS) {
      const res = await gql(`query($s: String) { events(filter: { streamId: $s }) { totalCount } }`, { s });
      if (!STREAM_ID.test(s)) refusedNaming(res, 'filter.streamId', s);
      else
        expect(answered(res, s).events.totalCount).toBe(
          (await db.query('SELECT count(*)::int AS n FROM events WHERE stream_id = $1', [s])).rows[0].n,
        );
    }
  });

  it('events(filter: { actorIds }) and the actor filters of calls and callPairs', async () => {
    for (const s of INJECTIONS) {
      refusedNaming(
        await gql(`query($a: [ID!]) { events(filter: { actorIds: $a }) { totalCount } }`, { a: ['russia', s] }),
        'filter.actorIds[1]',
        s,
      );
      for (const field of ['calls', 'callPairs']) {
        const res = await gql(`query($a: ID) { ${field}(actorId: $a) { __typename } }`, { a: s });
        refusedNaming(res, 'actorId', { field, s });
      }
    }
  });

  it('events(filter: { text }): web-search syntax over the words, never SQL; matches what the same words match', async () => {
    const total = (await db.query('SELECT count(*)::int AS n FROM events')).rows[0].n as number;
    for (const s of INJECTIONS) {
      const res = await gql(
        `query($s: String) { events(filter: { text: $s, includeRetracted: true }) { totalCount } }`,
        { s },
      );
      if (s.trim() === '' || s.trim().length > 500 || hasNul(s)) {
        refusedNaming(res, 'filter.text', s);
        continue;
      }
      const expected = (
        await db.query(
          `SELECT count(*)::int AS n FROM events e WHERE to_tsvector('english'::regconfig, e.search_text) @@ websearch_to_tsquery('english'::regconfig, $1)`,
          [s.trim()],
        )
      ).rows[0].n;
      const count = answered(res, s).events.totalCount;
      expect({ s, count }).toEqual({ s, count: expected });
      // `-word` is web-search negation (everything without the word); an OR or a quote must not widen the match to everything.
      if (/OR|'/.test(s)) expect({ s, everything: count === total }).toEqual({ s, everything: false });
    }
  });

  it('events(filter: { types }), ceasefires(states), pledges(states): enum values, never strings', async () => {
    for (const s of INJECTIONS) {
      refusedNaming(
        await gql(`query($v: [EventType!]) { events(filter: { types: $v }) { totalCount } }`, { v: [s] }),
        /"\$v"/,
        s,
      );
      refusedNaming(
        await gql(`query($v: [CeasefireState!]) { ceasefires(states: $v) { id } }`, { v: [s] }),
        /"\$v"/,
        s,
      );
      refusedNaming(await gql(`query($v: [PledgeState!]) { pledges(states: $v) { id } }`, { v: [s] }), /"\$v"/, s);
    }
  });

  it('asOf, knownAt, occurredFrom, minPosition: scalars that parse or refuse', async () => {
    for (const s of INJECTIONS) {
      refusedNaming(await gql(`query($v: DateTime) { ceasefires(asOf: $v) { id } }`, { v: s }), /"\$v"/, s);
      refusedNaming(
        await gql(`query($v: DateTime) { events(filter: { knownAt: $v }) { totalCount } }`, { v: s }),
        /"\$v"/,
        s,
      );
      const position = await gql(`query($v: BigInt) { pledges(minPosition: $v) { id } }`, { v: s });
      if (/^\d{1,19}$/.test(s) && BigInt(s) <= 30n) answered(position, s);
      else refusedNaming(position, /"\$v"/, s);
    }
  });

  it('event(id), stream(id), actor(id), ceasefire(id), pledge(id): null for what does not exist, or refused', async () => {
    for (const s of INJECTIONS) {
      expect(answered(await gql(`query($v: ID!) { event(id: $v) { id } }`, { v: s }), s)).toEqual({ event: null });
      expect(answered(await gql(`query($v: ID!) { actor(id: $v) { id } }`, { v: s }), s)).toEqual({ actor: null });
      for (const field of ['stream', 'ceasefire', 'pledge']) {
        const res = await gql(`query($v: String!) { ${field}(id: $v) { id } }`, { v: s });
        if (STREAM_ID.test(s)) expect(answered(res, { field, s })).toEqual({ [field]: null });
        else refusedNaming(res, 'id', { field, s });
      }
    }
  });

  it('after and before cursors of events and of a timeline', async () => {
    for (const s of INJECTIONS) {
      refusedNaming(await gql(`query($c: String) { events(after: $c) { totalCount } }`, { c: s }), 'after', s);
      refusedNaming(
        await gql(`query($c: String) { events(last: 2, before: $c) { totalCount } }`, { c: s }),
        'before',
        s,
      );
      refusedNaming(
        await gql(`query($c: String) { actor(id: "russia") { timeline(after: $c) { totalCount } } }`, { c: s }),
        'after',
        s,
      );
    }
  });

  it('cursors that decode to the right shape with SQL, out-of-range numbers or odd times in them', async () => {
    const forged = [
      { o: 'POSITION_ASC', p: '1; DROP TABLE events' },
      { o: 'POSITION_ASC', p: "1' OR '1'='1" },
      { o: 'POSITION_ASC', p: '9223372036854775808' },
      { o: 'POSITION_ASC', p: '9999999999999999999' },
      { o: 'POSITION_ASC', p: '-1' },
      { o: 'POSITION_ASC', p: 1 },
      { o: 'OCCURRED_ASC', p: '1', t: "2025-03-18'); DROP TABLE events; --" },
      { o: 'OCCURRED_ASC', p: '1', t: '1' },
      { o: 'OCCURRED_ASC', p: '1', t: '2025' },
      { o: 'OCCURRED_ASC', p: '1', t: 'Tue, 18 Mar 2025 14:00:00 GMT' },
      { o: 'OCCURRED_ASC', p: '1', t: '0000-01-01T00:00:00.000Z' },
      { o: 'OCCURRED_ASC', p: '1', t: '+275760-09-13T00:00:00.000Z' },
      { o: "POSITION_ASC' --", p: '1' },
      { o: '__proto__', p: '1' },
      JSON.parse('{"__proto__": {"o": "POSITION_ASC", "p": "1"}}'),
      ['POSITION_ASC', '1'],
    ];
    for (const key of forged) {
      const cursor = Buffer.from(JSON.stringify(key)).toString('base64url');
      const order = typeof key.o === 'string' && key.o.startsWith('OCCURRED') ? 'OCCURRED_ASC' : 'POSITION_ASC';
      refusedNaming(
        await gql(`query($c: String, $o: EventOrder) { events(orderBy: $o, after: $c) { totalCount } }`, {
          c: cursor,
          o: order,
        }),
        'after',
        key,
      );
    }
    const real = answered(await gql(`{ events(first: 2) { pageInfo { endCursor } } }`, {}), 'real').events.pageInfo
      .endCursor as string;
    for (const cursor of [
      `${real}=`,
      `${real}==`,
      Buffer.from(real, 'base64url').toString('base64').replace(/=+$/, '') + '+/',
      `${real}${'A'.repeat(200)}`,
      real.slice(0, -3),
      ` ${real}`,
      `${real}\u0000`,
    ]) {
      refusedNaming(
        await gql(`query($c: String) { events(after: $c) { totalCount } }`, { c: cursor }),
        'after',
        cursor,
      );
    }
  });

  it('Authorization: Bearer <injection> is an unknown key, nothing more', async () => {
    for (const s of INJECTIONS.filter((v) => /^[\x20-\x7e]*$/.test(v))) {
      const res = await post(`${t.url}/graphql`, JSON.stringify({ query: '{ apiKeys { id } }' }), {
        'content-type': 'application/json',
        authorization: `Bearer ${s}`,
      });
      expect({ s, status: res.status, code: res.body.errors?.[0]?.extensions?.code }).toEqual({
        s,
        status: expect.any(Number),
        code: 'UNAUTHENTICATED',
      });
    }
  });

  it('revokeApiKey(name): NOT_FOUND (or refused), no key revoked', async () => {
    for (const s of INJECTIONS) {
      const res = await gql(`mutation($n: String!) { revokeApiKey(name: $n) { name } }`, { n: s }, t.adminKey);
      expect({ s, problem: badErrorResponse(res) }).toEqual({ s, problem: null });
      expect(['NOT_FOUND', 'BAD_USER_INPUT']).toContain(res.body.errors[0].extensions.code);
    }
  });
});

describe('every string argument of the mutations: refused, or stored as the literal it is', () => {
  let n = 0;
  const fresh = (prefix: string) => `${prefix}-${++n}`;

  afterAll(async () => {
    await projectionsCaughtUp(db);
    await tablesIntact();
  });

  it('createApiKey(name) and registerActor(id): refused, or created with exactly that name', async () => {
    for (const s of INJECTIONS) {
      await projectionsCaughtUp(db); // a projector still catching up would move a checkpoint between the snapshots
      const before = await snapshot(db);
      const key = await gql(
        `mutation($n: String!) { createApiKey(input: { name: $n, role: READER }) { apiKey { name } } }`,
        { n: s },
        t.adminKey,
      );
      if (KEY_NAME.test(s)) expect(answered(key, s).createApiKey.apiKey.name).toBe(s);
      else {
        refusedNaming(key, 'input.name', s);
        expect((await snapshot(db)).apiKeys).toBe(before.apiKeys);
      }
      const actor = await gql(
        `mutation($i: RegisterActorInput!) { registerActor(input: $i) { id name } }`,
        { i: { id: s, name: 'Someone', kind: 'PERSON' } },
        t.adminKey,
      );
      if (ACTOR_ID.test(s) && !CAST.some((a) => a.id === s))
        expect(answered(actor, s).registerActor).toEqual({ id: s, name: 'Someone' });
      else refusedNaming(actor, /^input\.id: |"input\./, s);
    }
  });

  it('registerActor(name): refused, or stored and read back as sent', async () => {
    for (const s of INJECTIONS) {
      const id = fresh('inj-actor');
      const res = await gql(
        `mutation($i: RegisterActorInput!) { registerActor(input: $i) { id name } }`,
        { i: { id, name: s, kind: 'PERSON', represents: 'russia' } },
        t.adminKey,
      );
      if (!isText(s, 300)) {
        refusedNaming(res, 'input.name', s);
        expect(answered(await gql(`query($id: ID!) { actor(id: $id) { id } }`, { id }), s).actor).toBeNull();
      } else {
        expect(answered(res, s).registerActor).toEqual({ id, name: s.trim() });
        expect(
          answered(await gql(`query($id: ID!) { actor(id: $id) { name principal { id } } }`, { id }), s).actor,
        ).toEqual({ name: s.trim(), principal: { id: 'russia' } });
      }
    }
  });

  it('appendEvents: the same injection in every string field at once is refused with exactly the bad fields named; the good ones alone are stored as sent', async () => {
    const APPEND = `mutation($input: AppendEventsInput!) { appendEvents(input: $input) { streamId events { id streamId correlationId data sources { publisher url title quotedText } } } }`;
    const urlOf = (s: string) => `https://example.org/search?q=${s}`;
    // eslint-disable-next-line no-control-regex -- a URL may hold no control character: the regex names them on purpose
    const urlOk = (url: string) => url.length <= 2048 && !/[\u0000-\u001f\u007f]/.test(url) && !loneSurrogate(url);
    for (const s of INJECTIONS) {
      // Every string field at once: the refusal lists each field whose rules the string breaks, and only those.
      const event = {
        type: 'STATEMENT_MADE',
        occurredAt: '2025-03-18T14:00:00Z',
        id: s,
        data: { speaker: s, text: s, venue: s },
        sources: [{ publisher: s, title: s, quotedText: s, url: urlOf(s) }],
      };
      const expected = [
        ...(STREAM_ID.test(s) ? [] : ['streamId']),
        ...(isText(s, 200) ? [] : ['correlationId']),
        'events[0].id',
        ...(isText(s, 300) ? [] : ['events[0].sources[0].publisher']),
        ...(isText(s, 500) ? [] : ['events[0].sources[0].title']),
        ...(isText(s, 10_000) ? [] : ['events[0].sources[0].quotedText']),
        ...(urlOk(urlOf(s)) ? [] : ['events[0].sources[0].url']),
        ...(ACTOR_ID.test(s) ? [] : ['events[0].data.speaker']),
        ...(isText(s, 10_000) ? [] : ['events[0].data.text']),
        ...(isText(s, 300) ? [] : ['events[0].data.venue']),
        ...(Buffer.byteLength(JSON.stringify({ data: event.data, sources: event.sources })) > 64 * 1024
          ? ['events[0]']
          : []),
      ];
      const before = await logHead();
      const res = await gql(APPEND, { input: { streamId: s, correlationId: s, events: [event] } }, t.adminKey);
      refusedNaming(res, /^(streamId|correlationId|events\[0\]\S*): /, s);
      const paths = (res.body.errors[0].extensions.errors as Array<{ path: string }>).map((e) => e.path);
      expect({ s, paths: [...paths].sort() }).toEqual({ s, paths: [...expected].sort() });
      expect(await logHead()).toEqual(before);

      // The control: the fields the string is good for, set to it, are stored and read back exactly as sent.
      const speaker =
        (await db.query('SELECT 1 FROM actors WHERE id = $1', [s.replaceAll('\u0000', '')])).rowCount === 1 &&
        !hasNul(s)
          ? s
          : 'kremlin';
      const good = {
        type: 'STATEMENT_MADE',
        occurredAt: '2025-03-18T14:00:00Z',
        data: { speaker, text: isText(s, 10_000) ? s : 'fallback', ...(isText(s, 300) ? { venue: s } : {}) },
        sources: [
          {
            publisher: isText(s, 300) ? s : 'wire',
            ...(isText(s, 500) ? { title: s } : {}),
            ...(isText(s, 10_000) ? { quotedText: s } : {}),
            ...(urlOk(urlOf(s)) ? { url: urlOf(s) } : {}),
          },
        ],
      };
      const streamId = STREAM_ID.test(s) ? s : fresh('inj');
      const stored = answered(
        await gql(
          APPEND,
          { input: { streamId, ...(isText(s, 200) ? { correlationId: s } : {}), events: [good] } },
          t.adminKey,
        ),
        s,
      ).appendEvents.events[0];
      expect({ s, stored }).toEqual({
        s,
        stored: {
          id: expect.any(String),
          streamId,
          correlationId: isText(s, 200) ? s : expect.any(String),
          data: good.data,
          sources: [
            {
              publisher: good.sources[0].publisher.trim(),
              title: good.sources[0].title?.trim() ?? null,
              quotedText: good.sources[0].quotedText?.trim() ?? null,
              url: good.sources[0].url ?? null,
            },
          ],
        },
      });
      expect(
        answered(
          await gql(
            `query($id: ID!) { event(id: $id) { id streamId correlationId data sources { publisher url title quotedText } } }`,
            { id: stored.id },
          ),
          s,
        ).event,
      ).toEqual(stored);
    }
  });

  it('a statement stored with every injection as its text exports as that text, in NDJSON and in CSV', async () => {
    const texts = INJECTIONS.filter((s) => isText(s, 10_000));
    const streamId = fresh('inj-export');
    const res = await gql(
      `mutation($input: AppendEventsInput!) { appendEvents(input: $input) { lastPosition } }`,
      { input: { streamId, events: texts.map((text) => statementMade({ speaker: 'kremlin', text })) } },
      t.adminKey,
    );
    answered(res, 'append');
    const ndjson = await (await fetch(`${t.url}/export/events?streamId=${streamId}`)).text();
    expect(
      ndjson
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line).text),
    ).toEqual(texts);
    const csv = await (await fetch(`${t.url}/export/events?format=csv&header=false&streamId=${streamId}`)).text();
    const { parse } = await import('csv-parse/sync');
    const rows = parse(csv, { relax_quotes: false });
    // A text a spreadsheet would run as a formula is written after an apostrophe (export-formats.ts).
    expect(rows.map((r) => r[EXPORT_COLUMNS.indexOf('text')])).toEqual(
      texts.map((text) => (/^[=+\-@\t\r]/.test(text) ? `'${text}` : text)),
    );
    expect(texts.some((text) => text.startsWith('='))).toBe(true);
  });
});

// ---------------------------------------------------------------------------------------------

describe('GET /export/events parameters', () => {
  const KNOWN = [
    'format',
    'types',
    'actorIds',
    'streamId',
    'occurredFrom',
    'occurredTo',
    'knownAt',
    'includeRetracted',
    'afterPosition',
    'upToPosition',
    'corrections',
    'header',
  ];
  const SAFE_DISPOSITION = /^attachment; filename="events-\d+-\d+(-corrected)?\.(ndjson|csv|parquet)"$/;
  const enc = (value: string) =>
    [...Buffer.from(value, 'utf8')].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');

  it('refuses an injection in any parameter with that parameter named, or answers it as a literal; the file name is never steered', async () => {
    await projectionsCaughtUp(db); // a projector still catching up would move a checkpoint between the snapshots
    const before = await snapshot(db);
    for (const name of KNOWN) {
      for (const s of INJECTIONS.filter((v) => v.length < 5000)) {
        const res = await fetch(`${t.url}/export/events?${name}=${enc(s)}`);
        const text = await res.text();
        for (const [header, value] of res.headers)
          expect({ header, value }).toEqual({
            header,
            value: expect.not.stringMatching(/DROP|passwd|X-Injected|\.\.\//),
          });
        if (res.status === 200) {
          expect(res.headers.get('content-disposition')).toMatch(SAFE_DISPOSITION);
          if (name === 'streamId') {
            // A literal stream id: exactly the events of that stream (an earlier test may have appended to it).
            const rows = text
              .split('\n')
              .filter(Boolean)
              .map((line) => JSON.parse(line).stream_id);
            expect({ s, rows }).toEqual({
              s,
              rows: Array(
                (await db.query('SELECT count(*)::int AS n FROM events WHERE stream_id = $1', [s])).rows[0].n,
              ).fill(s),
            });
          }
          continue;
        }
        expect({ name, s, status: res.status }).toEqual({ name, s, status: 400 });
        const body = JSON.parse(text);
        expect(body.error.code).toBe('BAD_USER_INPUT');
        const paths = (body.error.errors as Array<{ path: string }>).map((e) => e.path);
        expect({ name, s, paths }).toEqual({
          name,
          s,
          paths: expect.arrayContaining([
            expect.stringMatching(new RegExp(`^(${name}|${name}\\[\\d+\\]|filter\\.${name}\\[\\d+\\])$`)),
          ]),
        });
      }
    }
    for (const attempt of [
      'format=csv"; filename="../../evil.sh',
      'corrections=apply%0d%0aContent-Disposition:%20attachment;%20filename=evil',
      'upToPosition=1";filename=evil',
      'afterPosition=0&afterPosition=1',
      'format=csv%00.sh',
      'format=..%2F..%2Fevil',
    ]) {
      const res = await fetch(`${t.url}/export/events?${attempt}`);
      await res.arrayBuffer();
      expect({ attempt, status: res.status }).toEqual({ attempt, status: 400 });
      expect(res.headers.get('content-disposition')).toBeNull();
    }
    for (const good of [
      'format=csv',
      'format=parquet&corrections=apply',
      'afterPosition=2&upToPosition=5&types=STRIKE_REPORTED',
    ]) {
      const res = await fetch(`${t.url}/export/events?${good}`);
      await res.arrayBuffer();
      expect(res.status).toBe(200);
      expect(res.headers.get('content-disposition')).toMatch(SAFE_DISPOSITION);
    }
    expect(await snapshot(db)).toEqual(before);
  });

  it('refuses invalid UTF-8 in the query string, percent-encoded or raw, with 400 and nothing written', async () => {
    await projectionsCaughtUp(db); // a projector still catching up would move a checkpoint between the snapshots
    const before = await snapshot(db);
    for (const query of [
      'streamId=%FF%FE',
      'types=%C3%28',
      'actorIds=russia%ED%A0%80',
      'format=%F8%88%80%80%80',
      'occurredFrom=2025-03-18%C0%AF',
    ]) {
      const res = await fetch(`${t.url}/export/events?${query}`);
      expect({ query, status: res.status }).toEqual({ query, status: 400 });
      expect(((await res.json()) as { error: { code: string } }).error.code).toMatch(/^(BAD_USER_INPUT|BAD_REQUEST)$/);
    }
    // GraphQL over GET answers a refused argument as GraphQL does: errors with a code, never a 500.
    const gqlGet = await fetch(
      `${t.url}/graphql?query=${encodeURIComponent('{ events(filter: { streamId: "')}%FF%FE${encodeURIComponent('" }) { totalCount } }')}`,
      { headers: { 'apollo-require-preflight': 'true' } },
    );
    const answer: RawResponse = { status: gqlGet.status, body: await gqlGet.json(), headers: gqlGet.headers };
    expect(badErrorResponse(answer)).toBeNull();
    expect(answer.body.errors[0].message).toMatch(/^filter\.streamId: /);
    // Raw bytes in the request line: Node's HTTP parser refuses them before the application.
    const port = Number(new URL(t.url).port);
    for (const target of [
      Buffer.concat([Buffer.from('/export/events?streamId=a'), Buffer.from([0xff, 0xfe])]),
      Buffer.concat([Buffer.from('/graphql?query=%7Bactors%7Bid%7D%7D'), Buffer.from([0xc3, 0x28])]),
    ]) {
      const answer = await rawRequest(
        port,
        Buffer.concat([Buffer.from('GET '), target, Buffer.from(' HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')]),
      );
      expect(answer).toMatch(/^HTTP\/1\.1 4\d\d /);
    }
    expect(await snapshot(db)).toEqual(before);
  });
});

describe('POST /graphql: invalid UTF-8 in the JSON body', () => {
  it('is refused with 400 and nothing is written; the same body in valid UTF-8 appends', async () => {
    await projectionsCaughtUp(db); // a projector still catching up would move a checkpoint between the snapshots
    const before = await snapshot(db);
    const body = (text: Buffer) => {
      const input = { streamId: 'utf8-check', events: [statementMade({ speaker: 'kremlin', text: 'MARKER' })] };
      const json = JSON.stringify({
        query: 'mutation($input: AppendEventsInput!) { appendEvents(input: $input) { lastPosition } }',
        variables: { input },
      });
      const [head, tail] = json.split('MARKER');
      return Buffer.concat([Buffer.from(head), text, Buffer.from(tail)]);
    };
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${t.adminKey}` };
    for (const bytes of [[0xff], [0xc3, 0x28], [0xed, 0xa0, 0x80], [0xc0, 0xaf]]) {
      const res = await post(
        `${t.url}/graphql`,
        body(Buffer.concat([Buffer.from('bad '), Buffer.from(bytes)])),
        headers,
      );
      expect({ bytes, status: res.status, body: res.body }).toEqual({
        bytes,
        status: 400,
        body: { errors: [{ message: 'the body is not valid UTF-8', extensions: { code: 'BAD_REQUEST' } }] },
      });
    }
    expect(await snapshot(db)).toEqual(before);
    const good = await post(`${t.url}/graphql`, body(Buffer.from('café 😀')), headers);
    expect(good.status).toBe(200);
    expect(good.body.errors).toBeUndefined();
  });
});

function rawRequest(port: number, request: Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.end(request));
    let out = '';
    socket.on('data', (d) => (out += d.toString('latin1')));
    socket.on('end', () => resolve(out));
    socket.on('error', reject);
  });
}

// ---------------------------------------------------------------------------------------------

describe('POST /import/events: a 100 MB line, invalid UTF-8', () => {
  const line = (streamId: string) =>
    JSON.stringify({ streamId, event: statementMade({ speaker: 'kremlin', text: 'ok' }, { id: crypto.randomUUID() }) });

  it('refuses a single 100 MB line, streamed, with a clear line error and nothing written, without holding it in memory', async () => {
    await projectionsCaughtUp(db); // a projector still catching up would move a checkpoint between the snapshots
    const before = await snapshot(db);
    const MB = 1024 * 1024;
    const chunk = Buffer.alloc(MB, 'x');
    const head = Buffer.from(
      `${line('inj-big-1')}\n{"streamId":"inj-big-2","event":{"type":"STATEMENT_MADE","occurredAt":"2025-03-18","sources":[{"publisher":"w"}],"data":{"speaker":"kremlin","text":"`,
    );
    const tail = Buffer.from(`"}}}\n${line('inj-big-3')}\n`);
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent === 0) controller.enqueue(head);
        if (sent < 100) {
          controller.enqueue(chunk);
          sent++;
        } else {
          controller.enqueue(tail);
          controller.close();
        }
      },
    });
    // The server runs in this process: its memory is this process's. Sampled while the body streams,
    // each sample after a full collection: what is held, not the chunks already read and not yet
    // collected (those made the bound depend on when the collector ran: 91 MB once under Node 24).
    v8.setFlagsFromString('--expose-gc');
    const collect = vm.runInNewContext('gc') as () => void;
    const used = () => {
      collect();
      return process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
    };
    const baseline = used();
    let peak = baseline;
    let samples = 0;
    const sampler = setInterval(() => {
      peak = Math.max(peak, used());
      samples++;
    }, 50);
    const res = await fetch(`${t.url}/import/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-ndjson', authorization: `Bearer ${t.adminKey}` },
      body,
      duplex: 'half',
    });
    const report = (await res.json()) as {
      ok: boolean;
      written: number;
      stoppedAt: string;
      errors: Array<{ line: number; path: string; reason: string }>;
    };
    clearInterval(sampler);
    expect(res.status).toBe(422);
    expect(report).toMatchObject({ ok: false, written: 0, stoppedAt: 'validation' });
    const size = head.length - head.indexOf('{"streamId":"inj-big-2"') + 100 * MB + tail.indexOf('\n');
    expect(report.errors).toEqual([
      { line: 2, path: '', reason: `is ${size} bytes; at most 262144 bytes (256 KiB) a line` },
    ]);
    expect(await snapshot(db)).toEqual(before);
    // 100 MB went through; far less was ever held at once: a line kept whole would be 100 MB (and 200 MB as
    // text), and would be held for most of the upload, while it is sampled.
    if (process.env.FUZZ_DEBUG)
      process.stderr.write(`peak growth ${((peak - baseline) / MB).toFixed(1)} MB in ${samples} samples\n`);
    expect(samples).toBeGreaterThan(2);
    // Measured 0.7–4.1 MB under Node 20 and 4–32 MB under Node 24 (its client buffers more); a held line adds 100.
    expect(peak - baseline).toBeLessThan(64 * MB);
  });

  it('refuses invalid UTF-8 in a line (and a lone surrogate escaped in JSON) with the line named, nothing written', async () => {
    await projectionsCaughtUp(db); // a projector still catching up would move a checkpoint between the snapshots
    const before = await snapshot(db);
    const bad = Buffer.concat([
      Buffer.from(
        '{"streamId":"inj-utf","event":{"type":"STATEMENT_MADE","occurredAt":"2025-03-18","sources":[{"publisher":"w"}],"data":{"speaker":"kremlin","text":"caf',
      ),
      Buffer.from([0xe9]),
      Buffer.from('"}}}'),
    ]);
    const surrogate = Buffer.from(
      '{"streamId":"inj-utf","event":{"type":"STATEMENT_MADE","occurredAt":"2025-03-18","sources":[{"publisher":"w"}],"data":{"speaker":"kremlin","text":"a\\ud800b"}}}',
    );
    const res = await post(
      `${t.url}/import/events`,
      Buffer.concat([
        Buffer.from(`${line('inj-utf')}\n`),
        bad,
        Buffer.from('\n'),
        surrogate,
        Buffer.from(`\n${line('inj-utf')}\n`),
      ]),
      {
        'content-type': 'application/x-ndjson',
        authorization: `Bearer ${t.adminKey}`,
      },
    );
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([
      { line: 2, path: '', reason: 'is not valid UTF-8' },
      { line: 3, path: 'event.data.text', reason: 'must be valid Unicode text' },
    ]);
    expect(await snapshot(db)).toEqual(before);
  });
});

// ---------------------------------------------------------------------------------------------

describe('the command-line tools', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  const EXPORT = path.join(PROJECT_ROOT, 'dist/cli/export.cli.js');
  const IMPORT = path.join(PROJECT_ROOT, 'dist/cli/import.cli.js');
  const cli = (script: string, args: string[], cwd = dir) =>
    run(process.execPath, [script, ...args], { cwd, env, maxBuffer: 16 * 1024 * 1024 }).then(
      ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
      (error: { code?: number; stdout?: string; stderr?: string }) => ({
        code: error.code ?? -1,
        stdout: error.stdout ?? '',
        stderr: error.stderr ?? '',
      }),
    );
  const listAll = (root: string): string[] => fs.readdirSync(root, { recursive: true }).map(String).sort();

  beforeAll(() => {
    expect(fs.existsSync(EXPORT)).toBe(true); // npm run build first
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dt-injection-'));
    fs.mkdirSync(path.join(dir, 'a', 'b'), { recursive: true });
    env = { ...process.env, NODE_OPTIONS: '', DATABASE_URL: t.database.url, LOG_LEVEL: 'silent' };
  });
  afterAll(() => dir && fs.rmSync(dir, { recursive: true, force: true }));

  it('export: injections in the flags are refused, each flag named, and no file is written', async () => {
    const out = path.join(dir, 'never.csv');
    const res = await cli(EXPORT, [
      '--streamId',
      "' OR 1=1 --",
      '--actorIds',
      "russia'; DROP TABLE events; --",
      '--types',
      'STRIKE_REPORTED,$$',
      '--occurredFrom',
      "2025'--",
      '--format',
      'csv"; rm -rf /',
      '--out',
      out,
    ]);
    expect(res.code).toBe(1);
    for (const flag of ['streamId', 'types[1]', 'occurredFrom', 'format'])
      expect(res.stderr).toContain(`error: ${flag}: `);
    expect(fs.existsSync(out)).toBe(false);
    await tablesIntact();
  });

  it("export --out ../../file writes exactly there (the path is the caller's), the bytes the HTTP export serves; --out=a=b keeps the whole name", async () => {
    const http = Buffer.from(await (await fetch(`${t.url}/export/events?format=csv&upToPosition=5`)).arrayBuffer());
    const before = listAll(dir);
    const res = await cli(
      EXPORT,
      ['--format', 'csv', '--upToPosition', '5', '--out', '../../escaped.csv'],
      path.join(dir, 'a', 'b'),
    );
    expect(res).toMatchObject({ code: 0, stderr: expect.stringMatching(/exported 5 events/) });
    expect(listAll(dir)).toEqual([...before, 'escaped.csv'].sort());
    expect(fs.readFileSync(path.join(dir, 'escaped.csv')).equals(http)).toBe(true);

    const eq = await cli(EXPORT, ['--format=csv', '--upToPosition=5', '--out=events=5.csv']);
    expect(eq).toMatchObject({ code: 0 });
    expect(fs.readFileSync(path.join(dir, 'events=5.csv')).equals(http)).toBe(true);
    expect(fs.existsSync(path.join(dir, 'events'))).toBe(false);

    const intoDir = await cli(EXPORT, ['--format', 'csv', '--out', path.join(dir, 'a')]);
    expect(intoDir.code).toBe(1);
    expect(intoDir.stderr).toMatch(/^error: .*EISDIR/m);
  });

  it('import: a file whose name is an injection imports its lines and is recorded by that name, literally; a path that is not there is refused', async () => {
    const name = "'; DROP TABLE events; --.ndjson";
    const id = crypto.randomUUID();
    fs.writeFileSync(
      path.join(dir, name),
      `${JSON.stringify({ streamId: 'inj-cli', event: statementMade({ speaker: 'kremlin', text: 'from a file' }, { id }) })}\n`,
    );
    const res = await cli(IMPORT, [name]);
    expect(res).toMatchObject({ code: 0 });
    const { rows } = await db.query("SELECT metadata->>'appendedBy' AS by FROM events WHERE id = $1", [id]);
    expect(rows).toEqual([{ by: `import:${name}` }]);
    const missing = await cli(IMPORT, ['../../no/such/dir/$(touch pwned).ndjson']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/cannot be read \(ENOENT\)/);
    expect(fs.existsSync(path.join(dir, 'pwned'))).toBe(false);
    await projectionsCaughtUp(db);
    await tablesIntact();
  });
});
