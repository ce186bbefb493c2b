/**
 * Property-based fuzzing (fast-check) of everything a client sends that gets written: appendEvents
 * inputs and import lines. Promises tried: never a 500 nor an INTERNAL_SERVER_ERROR, every refusal
 * carries a code and names the field (GraphQL) or the line and field (import), a refused request
 * writes nothing (log head, events, actors, keys, read-model rows and checkpoints are compared
 * before and after), the good events of a refused batch are not written, and good input in the same
 * run still works (the control: it is appended, read back as sent, and the projector catches up;
 * valid events with edge values also export whole in NDJSON, CSV and Parquet).
 * The reads (filters, cursors, read models, exports) are fuzzed in fuzz-reads.test.ts.
 *
 * Seeds are fixed: FUZZ_SEED=n explores others, FUZZ_RUNS_FACTOR=k runs k times as many, and
 * FUZZ_SHRINK=true shrinks a failure's counterexample (off by default: every run speaks HTTP).
 * fast-check prints the seed and the counterexample of a failure.
 */
import { parse as parseCsv } from 'csv-parse/sync';
import fc from 'fast-check';
import { parquetMetadata } from 'hyparquet';
import type pg from 'pg';
import type { TestApp } from '../support/test-app.js';
import {
  Deep,
  fuzzParams,
  type RawResponse,
  type Snapshot,
  badAppend,
  badErrorResponse,
  badStreamId,
  graphql,
  invalidEvent,
  junkString,
  post,
  projectionsCaughtUp,
  type SeededApp,
  snapshot,
  startSeededApp,
  toJson,
  validEvent,
  validEvents,
} from '../support/arbitraries.js';
import type { RawEvent } from '../support/fixtures.js';
import { SUBMIT, createKey } from '../support/drafts.js';

const APPEND = `mutation($input: AppendEventsInput!) {
  appendEvents(input: $input) { streamId streamVersion lastPosition appended events { id type data occurredAt streamVersion } }
}`;

let t: TestApp;
let db: pg.Client;
let streamCounter = 0;
/** A stream id no run used before. */
const freshStream = () => `fuzz-${process.pid}-${++streamCounter}`;

let app: SeededApp | undefined;

beforeAll(async () => {
  app = await startSeededApp();
  ({ t, db } = app);
});

afterAll(() => app?.close());

async function expectUnchanged(before: Snapshot, what: string): Promise<void> {
  const after = await snapshot(db);
  expect({ what, state: after }).toEqual({ what, state: before });
}

/** The store holds exactly `events` in `streamId`, with the data, types and times as sent. */
async function expectStored(streamId: string, events: RawEvent[]): Promise<void> {
  const res = await t.gql(
    `query($id: String!) { stream(id: $id) { version events { id type data occurredPrecision } } }`,
    { id: streamId },
    null,
  );
  expect(res.errors).toBeUndefined();
  expect(res.data.stream.version).toBe(events.length);
  res.data.stream.events.forEach(
    (stored: { id: string; type: string; data: unknown; occurredPrecision: string }, i: number) => {
      expect({ i, type: stored.type, data: stored.data }).toEqual({ i, type: events[i].type, data: events[i].data });
      expect(stored.occurredPrecision).toBe(events[i].occurredPrecision ?? 'MINUTE');
      if (events[i].id) expect(stored.id).toBe(events[i].id.toLowerCase());
    },
  );
}

/** Appends valid events to a fresh stream (the control), checks them, and waits for the projector. */
async function control(events: RawEvent[]): Promise<string> {
  const streamId = freshStream();
  const res = await graphql(t.url, APPEND, { input: { streamId, events } }, t.adminKey);
  expect({ status: res.status, errors: res.body.errors }).toEqual({ status: 200, errors: undefined });
  expect(res.body.data.appendEvents).toMatchObject({ streamId, streamVersion: events.length, appended: true });
  await expectStored(streamId, events);
  await projectionsCaughtUp(db);
  return streamId;
}

/** The stream exports whole in every format (an error half way through would cut the body short). */
async function expectExports(streamId: string, events: RawEvent[]): Promise<void> {
  const ndjson = await fetch(`${t.url}/export/events?streamId=${streamId}`);
  expect(ndjson.status).toBe(200);
  expect(
    (await ndjson.text())
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line).data),
  ).toEqual(events.map((e) => e.data));
  const csv = await fetch(`${t.url}/export/events?format=csv&streamId=${streamId}`);
  expect(csv.status).toBe(200);
  expect(parseCsv<unknown>(await csv.text(), { columns: true }).length).toBe(events.length);
  const parquet = await fetch(`${t.url}/export/events?format=parquet&streamId=${streamId}`);
  expect(parquet.status).toBe(200);
  expect(Number(parquetMetadata(new Uint8Array(await parquet.arrayBuffer())).num_rows)).toBe(events.length);
}

describe('appendEvents', () => {
  it('refuses every batch with a bad event or a bad envelope, names the field, writes none of it; the good events alone are then appended', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(badAppend(freshStream), async ({ input, valid, broken }) => {
        const before = await snapshot(db);
        const res = await graphql(t.url, APPEND, { input }, t.adminKey);
        expect({ broken, problem: badErrorResponse(res) }).toEqual({ broken, problem: null });
        expect(res.body.data?.appendEvents ?? null).toBeNull();
        await expectUnchanged(before, `append refused (${broken})`);
        // The control: the good events of the batch (or one of its own, now and then) on their own.
        if (valid.length > 0) await control(valid);
        else if (n++ % 4 === 0) await control([fc.sample(validEvent(), { numRuns: 1, seed: n })[0]]);
      }),
      fuzzParams(8301, 60),
    );
  });

  it('takes valid events with edge values (first and last instants, 100-year durations, long and odd text, injection strings as text) and the projector goes on', async () => {
    await fc.assert(
      fc.asyncProperty(validEvents({ minLength: 1, maxLength: 4 }), async (events) => {
        await expectExports(await control(events), events);
        const read = await t.gql(
          `{ ceasefires { id state expiresAt durationDays durationHours } pledges { id state expiresAt brokenAt lifetime { text minSeconds maxSeconds } } calls { at durationMinutes } }`,
          {},
          null,
        );
        expect(read.errors).toBeUndefined();
      }),
      fuzzParams(8302, 25),
    );
  });

  it('refuses values nested deeper than 32 levels (and 6,000) with a field path, not a stack overflow', async () => {
    for (const [depth, kind] of [
      [33, 'array'],
      [6000, 'array'],
      [6000, 'object'],
      [100_000, 'array'],
    ] as const) {
      const before = await snapshot(db);
      const input = {
        streamId: freshStream(),
        events: [
          {
            type: 'STATEMENT_MADE',
            occurredAt: '2025-03-18',
            data: { speaker: 'trump', text: 'x', about: new Deep(depth, kind) },
            sources: [{ publisher: 'w' }],
          },
        ],
      };
      const res = await graphql(t.url, APPEND, { input }, t.adminKey);
      expect(badErrorResponse(res)).toBeNull();
      expect(res.body.errors[0].extensions.errors[0]).toEqual({
        path: expect.stringMatching(/^events\[0\]\.data\.about(\[0\]|\.a)+$/),
        reason: 'nests deeper than 32 levels of objects and lists',
      });
      await expectUnchanged(before, `nested ${depth}`);
    }
  });
});

// ---------------------------------------------------------------------------------------------
// POST /import/events

interface Line {
  bytes: Buffer;
  /** null: a good line; else where it must be refused */
  bad: null | 'validation' | 'write';
  what: string;
}

const json = (value: unknown) => Buffer.from(toJson(value));

/** A good append line into `streamId`. */
const goodLine = (streamId: string) =>
  validEvent().map((event): Line => ({ bytes: json({ streamId, event }), bad: null, what: 'good' }));

/** A line the import must refuse, and at which stage. */
const badLine = (streamId: () => string): fc.Arbitrary<Line> =>
  fc.oneof(
    {
      weight: 4,
      arbitrary: invalidEvent().map(({ event, stage }): Line => ({
        bytes: json({ streamId: streamId(), event }),
        bad: stage,
        what: 'event',
      })),
    },
    {
      weight: 2,
      arbitrary: fc
        .tuple(
          validEvent(),
          fc.oneof<fc.Arbitrary<[Record<string, unknown>, 'validation' | 'write']>[]>(
            badStreamId().map((s) => [{ streamId: s }, 'validation']),
            fc.constantFrom<unknown>(-1, 1.5, '0', true, []).map((v) => [{ expectedVersion: v }, 'validation']),
            fc.constant([{ colour: 'blue' }, 'validation']),
            fc.constant([{ streamId: undefined }, 'validation']),
            // Well formed but not the stream's version: only the store can tell, when it writes.
            fc.constantFrom(7, 2 ** 31, 2 ** 53).map((v) => [{ expectedVersion: v }, 'write']),
          ),
        )
        .map(([event, [change, stage]]): Line => ({
          bytes: json({ streamId: streamId(), event, ...change }),
          bad: stage,
          what: `envelope ${Object.keys(change)[0]}`,
        })),
    },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom(
          '[1,2]',
          '"text"',
          '42',
          'null',
          'true',
          '{}',
          '{"event": null, "streamId": "x"}',
          `{"streamId": "x"}`,
          '{"stream_id": "x", "stream_version": 0}',
        )
        .map((text): Line => ({ bytes: Buffer.from(text), bad: 'validation', what: 'shape' })),
    },
    {
      weight: 1,
      arbitrary: junkString()
        .map((s) => s.replace(/[\n]/g, ' '))
        .filter(
          (s) =>
            s
              .replace(/^\uFEFF/, '')
              .replace(/\r$/, '')
              .trim() !== '' && !isJsonObject(s),
        )
        .map((s): Line => ({ bytes: Buffer.from(s, 'utf8'), bad: 'validation', what: 'not JSON' })),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(
          validEvent(),
          fc.constantFrom([0xff], [0xc3, 0x28], [0xed, 0xa0, 0x80], [0xf8, 0x88, 0x80, 0x80, 0x80], [0xc0, 0xaf]),
        )
        .map(([event, bytes]): Line => {
          const [head, tail] = toJson({
            streamId: streamId(),
            event: { ...event, data: { ...(event.data as object), zz: 'MARK' } },
          }).split('MARK');
          return {
            bytes: Buffer.concat([Buffer.from(head), Buffer.from(bytes), Buffer.from(tail)]),
            bad: 'validation',
            what: 'invalid UTF-8',
          };
        }),
    },
    {
      weight: 1,
      arbitrary: fc.integer({ min: 33, max: 100_000 }).map((n): Line => ({
        bytes: json({
          streamId: streamId(),
          event: {
            type: 'STATEMENT_MADE',
            occurredAt: '2025-03-18',
            data: new Deep(n, 'array'),
            sources: [{ publisher: 'w' }],
          },
        }),
        bad: 'validation',
        what: 'deep',
      })),
    },
    {
      weight: 1,
      arbitrary: fc.constant(0).map((): Line => ({
        bytes: Buffer.from(
          `{"streamId":"${streamId()}","event":{"type":"STATEMENT_MADE","data":"${'z'.repeat(300_000)}"}}`,
        ),
        bad: 'validation',
        what: 'too long',
      })),
    },
    {
      weight: 1,
      arbitrary: fc.constant(0).map((): Line => ({
        bytes: Buffer.from(
          `{"streamId":"${streamId()}","event":{"type":"STATEMENT_MADE","occurredAt":"2025-03-18","data":{"speaker":"trump","text":"a\u0000b"},"sources":[{"publisher":"w"}]}}`,
        ),
        bad: 'validation',
        what: 'raw NUL byte',
      })),
    },
  );

function isJsonObject(text: string): boolean {
  try {
    const v = JSON.parse(text.replace(/^\uFEFF/, ''));
    return v !== null && typeof v === 'object' && !Array.isArray(v);
  } catch {
    return false;
  }
}

/** Blank lines, CRLF and a byte-order mark are allowed anywhere; they are neither good nor bad lines. */
const separator = fc.constantFrom('\n', '\n', '\n', '\r\n', '\n\n', '\n   \n');

function body(lines: Line[], seps: string[], bom: boolean): { bytes: Buffer; numbers: number[] } {
  const parts: Buffer[] = bom ? [Buffer.from('\uFEFF')] : [];
  const numbers: number[] = [];
  let line = 1;
  lines.forEach((l, i) => {
    numbers.push(line);
    parts.push(l.bytes);
    const sep = seps[i % seps.length];
    parts.push(Buffer.from(sep));
    line += (sep.match(/\n/g) ?? []).length;
  });
  return { bytes: Buffer.concat(parts), numbers };
}

function importEvents(bytes: Buffer, query = ''): Promise<RawResponse> {
  return post(`${t.url}/import/events${query}`, bytes, {
    'content-type': 'application/x-ndjson',
    authorization: `Bearer ${t.adminKey}`,
  });
}

describe('submitDraft', () => {
  let editor: string;
  beforeAll(async () => {
    editor = await createKey(t, 'fuzz-editor', 'EDITOR');
  });

  it('refuses every draft with a bad event or a bad envelope like appendEvents, storing nothing; the good events alone then make a draft', async () => {
    await fc.assert(
      fc.asyncProperty(badAppend(freshStream), async ({ input, valid, broken }) => {
        const before = await snapshot(db);
        // A draft takes what an append takes, and a note: correlationId and causationId are unknown fields here.
        const res = await graphql(t.url, SUBMIT, { input }, editor);
        expect({ broken, problem: badErrorResponse(res) }).toEqual({ broken, problem: null });
        expect(res.body.data?.submitDraft ?? null).toBeNull();
        await expectUnchanged(before, `draft refused (${broken})`);
        if (valid.length === 0) return;
        const streamId = freshStream();
        const good = await graphql(t.url, SUBMIT, { input: { streamId, events: valid, note: 'control' } }, editor);
        expect({ status: good.status, errors: good.body.errors }).toEqual({ status: 200, errors: undefined });
        expect(good.body.data.submitDraft).toMatchObject({ streamId, status: 'PENDING', submittedBy: 'fuzz-editor' });
        expect(good.body.data.submitDraft.preview.map((e: { type: string }) => e.type)).toEqual(
          valid.map((e) => e.type),
        );
        // Still outside the log.
        expect((await snapshot(db)).head).toBe(before.head);
      }),
      fuzzParams(8311, 40),
    );
  });
});

describe('POST /import/events', () => {
  it('refuses a file with any bad line and writes nothing, naming each bad line; the good lines alone then import', async () => {
    let run = 0;
    const streams = () => {
      const prefix = freshStream();
      let k = 0;
      return () => `${prefix}-${k++ % 3}`;
    };
    await fc.assert(
      fc.asyncProperty(
        fc.constant(null).chain(() => {
          const stream = streams();
          return fc.tuple(
            fc.array(goodLine(stream()), { maxLength: 4 }),
            fc.array(badLine(stream), { minLength: 1, maxLength: 4 }),
            fc.array(fc.nat(), { minLength: 4, maxLength: 4 }),
            fc.array(separator, { minLength: 1, maxLength: 3 }),
            fc.boolean(),
            fc.boolean(),
          );
        }),
        async ([good, bad, at, seps, bom, dryRun]) => {
          run++;
          const lines: Line[] = [...good];
          bad.forEach((l, i) => lines.splice(at[i] % (lines.length + 1), 0, l));
          const { bytes, numbers } = body(lines, seps, bom);
          const badNumbers = new Set(numbers.filter((_, i) => lines[i].bad !== null));
          const certain = new Set(numbers.filter((_, i) => lines[i].bad === 'validation'));
          const before = await snapshot(db);
          const res = await importEvents(bytes, dryRun ? '?dryRun=true' : '');
          const described = lines.map((l, i) => `${numbers[i]}:${l.what}`).join(', ');
          // A dry run runs every check of a real import (its write is rehearsed and rolled back): it
          // refuses what the import refuses, lines only the write can refuse included.
          {
            expect({ described, status: res.status }).toEqual({ described, status: 422 });
            expect(res.body).toMatchObject({ ok: false, written: 0 });
            const errors = res.body.errors as Array<{ line: number; path: string; reason: string }>;
            expect(errors.length).toBeGreaterThan(0);
            for (const e of errors) {
              expect({ described, line: e.line, bad: badNumbers.has(e.line) }).toEqual({
                described,
                line: e.line,
                bad: true,
              });
              expect(typeof e.path).toBe('string');
              expect(e.reason).toMatch(/\S/);
              expect(e.reason).not.toMatch(
                /invalid byte sequence|unsupported Unicode|syntax error|out of range for type|Maximum call stack/,
              );
            }
            if (certain.size > 0) {
              expect({ described, stoppedAt: res.body.stoppedAt }).toEqual({ described, stoppedAt: 'validation' });
              for (const n of certain)
                expect({ described, line: n, reported: errors.some((e) => e.line === n) }).toEqual({
                  described,
                  line: n,
                  reported: true,
                });
            }
          }
          await expectUnchanged(before, `import refused (${described})`);
          // The control: the good lines alone import (a dry run checks them and writes nothing).
          if (good.length > 0 || run % 4 === 0) {
            const goodOnly =
              good.length > 0
                ? good
                : [
                    {
                      bytes: json({
                        streamId: freshStream(),
                        event: fc.sample(validEvent(), { numRuns: 1, seed: run })[0],
                      }),
                      bad: null,
                      what: 'good',
                    },
                  ];
            const ok = await importEvents(body(goodOnly, seps, bom).bytes, dryRun ? '?dryRun=true' : '');
            expect({ status: ok.status, errors: ok.body.errors }).toEqual({ status: 200, errors: [] });
            expect(ok.body).toMatchObject({
              ok: true,
              written: dryRun ? 0 : goodOnly.length,
              wouldWrite: dryRun ? goodOnly.length : 0,
            });
            if (dryRun) await expectUnchanged(before, 'dry run');
            else await projectionsCaughtUp(db);
          }
        },
      ),
      fuzzParams(8303, 40),
    );
  });
});
