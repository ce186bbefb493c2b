/**
 * The event store on a real PostgreSQL, without HTTP: the log's ordering under concurrent appends
 * (positions gap-free and in commit order, seen so by a concurrent reader), expected versions,
 * idempotent retries, all-or-nothing batches, and the database itself refusing to change or remove
 * what was appended, and reads of the log waiting for a position (minPosition, an export's
 * upToPosition). Appends go through EventStoreService; looks at the log go straight to the tables. What only the GraphQL API does (the mutation's answer, errors with extensions.code and
 * field paths, reading events back) is tested in test/e2e/event-store-api.test.ts.
 */
import { inspect } from 'node:util';
import type pg from 'pg';
import { DomainError, ValidationFailed } from '../../src/common/domain-error.js';
import type { AppendInput, NewEventInput } from '../../src/events/append/append-input.js';
import type { AppendOutcome, EventStoreService } from '../../src/events/event-store.service.js';
import {
  CAST,
  callHeld,
  claimDisputed,
  connect,
  eventCorrected,
  eventRetracted,
  proposalAccepted,
  source,
  statementMade,
  type TestEvent,
  uuid,
} from '../support/fixtures.js';
import { until } from '../support/wait.js';
import { type Sut, createSut } from './support/sut.js';

const APPENDER = { keyName: 'test' };

/** The error an append was refused with (the test fails when it was not). */
async function refusal(append: Promise<unknown>): Promise<DomainError> {
  const error = await append.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof DomainError))
    throw new Error(`expected a DomainError, got ${error === null ? 'an append' : inspect(error)}`);
  return error;
}

/** The field paths a refusal names. */
const pathsOf = (error: DomainError) => ((error.details.errors ?? []) as Array<{ path: string }>).map((e) => e.path);

describe('event store', () => {
  let sut: Sut;
  let store: EventStoreService;
  let db: pg.Client;

  beforeAll(async () => {
    // The store alone: no projector reading the log meanwhile.
    sut = await createSut({ RUN_PROJECTIONS: 'false' });
    store = sut.store;
    db = await connect(sut.database.url);
    for (const actor of CAST) await sut.actors.register(actor);
  });
  afterAll(async () => {
    await db?.end();
    await sut?.close();
  });

  const append = (input: AppendInput): Promise<AppendOutcome> => store.append(input, APPENDER);

  async function headPosition(): Promise<number> {
    const { rows } = await db.query('SELECT last_position::int AS p FROM log_head');
    return rows[0].p;
  }
  async function rowCount(): Promise<number> {
    const { rows } = await db.query('SELECT count(*)::int AS n FROM events');
    return rows[0].n;
  }

  describe('concurrency', () => {
    it('8 concurrent appenders of 200 events each: a concurrent reader sees positions 1..N once each, in order, never a gap', async () => {
      const start = await headPosition();
      const APPENDERS = 8;
      const PER_APPENDER = 200;
      const total = APPENDERS * PER_APPENDER;
      // Even appenders: one event per append; odd appenders: batches of varied sizes.
      const batchSizes = (appender: number): number[] => {
        if (appender % 2 === 0) return Array<number>(PER_APPENDER).fill(1);
        const cycle = [1, 3, 7, 13, 25, 50, 2, 11];
        const sizes: number[] = [];
        for (let left = PER_APPENDER, i = appender; left > 0; i++) {
          const size = Math.min(cycle[i % cycle.length], left);
          sizes.push(size);
          left -= size;
        }
        return sizes;
      };
      const batchErrors: string[] = [];
      let finished = false;
      const appenders = Array.from({ length: APPENDERS }, async (_, a) => {
        const streamId = `concurrent-${a}`;
        let n = 0;
        for (const size of batchSizes(a)) {
          const events = Array.from({ length: size }, () =>
            statementMade(
              { speaker: 'putin', text: `appender ${a} event ${++n}` },
              { occurredAt: new Date(Date.UTC(2025, 2, 1, 0, n)).toISOString() },
            ),
          );
          const outcome = await store.append({ streamId, events }, { keyName: `appender-${a}` });
          // The positions of one append are contiguous.
          const positions = outcome.events.map((e) => Number(e.position));
          if (
            positions.some((p, i) => p !== positions[0] + i) ||
            outcome.lastPosition !== String(positions[positions.length - 1])
          ) {
            batchErrors.push(`${streamId}: batch positions ${positions.join(',')}`);
          }
        }
      });
      const appending = Promise.all(appenders).finally(() => {
        finished = true;
      });

      const reader = await connect(sut.database.url);
      const seen: number[] = [];
      const gaps: string[] = [];
      let checkpoint = start;
      try {
        for (;;) {
          const wasFinished = finished;
          const { rows } = await reader.query<{ p: number }>(
            'SELECT position::int AS p FROM events WHERE position > $1 ORDER BY position',
            [checkpoint],
          );
          for (const { p } of rows) {
            if (p !== checkpoint + 1) gaps.push(`after position ${checkpoint} the reader saw ${p}`);
            seen.push(p);
            checkpoint = p; // like a real subscriber: whatever was skipped is never read again
          }
          if (wasFinished && rows.length === 0) break;
        }
      } finally {
        await reader.end();
      }
      await appending; // rethrows an appender's error

      expect(batchErrors).toEqual([]);
      expect(gaps).toEqual([]);
      expect(seen).toEqual(Array.from({ length: total }, (_, i) => start + i + 1));
      expect(await headPosition()).toBe(start + total);
      const { rows } = await db.query(
        `SELECT stream_id, array_agg(stream_version ORDER BY position) AS versions FROM events
          WHERE stream_id LIKE 'concurrent-%' GROUP BY stream_id ORDER BY stream_id`,
      );
      expect(rows).toHaveLength(APPENDERS);
      for (const row of rows) expect(row.versions).toEqual(Array.from({ length: PER_APPENDER }, (_, i) => i + 1));
    });

    it('concurrent appends to one stream without expectedVersion all succeed, with versions 1..N', async () => {
      // No expectedVersion means no check: concurrency on the stream must not make an append fail.
      const streamId = 'statement-shared';
      const failures: string[] = [];
      await Promise.all(
        Array.from({ length: 8 }, async (_, a) => {
          for (let i = 0; i < 25; i++) {
            try {
              await store.append(
                { streamId, events: [statementMade({ text: `appender ${a} append ${i}` })] },
                { keyName: `shared-${a}` },
              );
            } catch (error) {
              failures.push(String((error as Error).message));
            }
          }
        }),
      );
      expect(failures.slice(0, 3)).toEqual([]);
      expect(failures).toHaveLength(0);
      const { rows } = await db.query(
        'SELECT array_agg(stream_version ORDER BY position) AS versions FROM events WHERE stream_id = $1',
        [streamId],
      );
      expect(rows[0].versions).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    });

    it('two appenders racing on one expectedVersion: exactly one wins, the other gets WRONG_EXPECTED_VERSION', async () => {
      const streamId = 'statement-race';
      const ROUNDS = 20;
      // Round 0 races on creating the stream; the others on version N.
      for (let version = 0; version < ROUNDS; version++) {
        const send = (who: string) =>
          append({
            streamId,
            expectedVersion: version,
            events: [statementMade({ text: `round ${version} by ${who}` })],
          });
        const results = await Promise.allSettled([send('a'), send('b')]);
        const winners = results.filter((r) => r.status === 'fulfilled');
        const losers = results.filter((r) => r.status === 'rejected');
        expect(winners).toHaveLength(1);
        expect(losers).toHaveLength(1);
        expect(winners[0].value.streamVersion).toBe(version + 1);
        const error: unknown = losers[0].reason;
        expect(error).toBeInstanceOf(DomainError);
        expect(error).toMatchObject({
          code: 'WRONG_EXPECTED_VERSION',
          details: { streamId, expectedVersion: version, actualVersion: version + 1 },
        });
      }
      const { rows } = await db.query(
        'SELECT array_agg(stream_version ORDER BY position) AS versions FROM events WHERE stream_id = $1',
        [streamId],
      );
      expect(rows[0].versions).toEqual(Array.from({ length: ROUNDS }, (_, i) => i + 1));
    });

    it('expectedVersion 0 on an existing stream, or a version ahead of the stream, is refused', async () => {
      const streamId = 'statement-expected';
      await append({ streamId, expectedVersion: 0, events: [statementMade()] });
      const again = await refusal(append({ streamId, expectedVersion: 0, events: [statementMade()] }));
      expect(again).toMatchObject({
        code: 'WRONG_EXPECTED_VERSION',
        details: { expectedVersion: 0, actualVersion: 1 },
      });
      const ahead = await refusal(append({ streamId, expectedVersion: 5, events: [statementMade()] }));
      expect(ahead).toMatchObject({
        code: 'WRONG_EXPECTED_VERSION',
        details: { expectedVersion: 5, actualVersion: 1 },
      });
      const { rows } = await db.query('SELECT count(*)::int AS n FROM events WHERE stream_id = $1', [streamId]);
      expect(rows[0].n).toBe(1);
    });
  });

  describe('idempotent appends', () => {
    it('the same batch sent twice returns the same events and appends nothing', async () => {
      const batch = [
        statementMade({ text: 'first' }, { id: uuid() }),
        statementMade({ text: 'second' }, { id: uuid() }),
        callHeld({}, { id: uuid() }),
      ];
      const input = { streamId: 'statement-retry', expectedVersion: 0, events: batch };
      const first = await append(input);
      expect(first.appended).toBe(true);
      const head = await headPosition();
      const rows = await rowCount();

      const second = await append(input); // the same expectedVersion too: a retry after a lost answer
      expect(second.appended).toBe(false);
      expect(second.events.map((e) => [e.id, e.position, e.streamVersion, e.recordedAt])).toEqual(
        first.events.map((e) => [e.id, e.position, e.streamVersion, e.recordedAt]),
      );
      expect(second.lastPosition).toBe(first.lastPosition);
      expect(second.streamVersion).toBe(3);
      expect(await headPosition()).toBe(head);
      expect(await rowCount()).toBe(rows);
    });

    it('a retry after later appends to the stream still gives the answer of the first send', async () => {
      const input = {
        streamId: 'statement-retry-later',
        expectedVersion: 0,
        events: [statementMade({ text: 'a' }, { id: uuid() }), statementMade({ text: 'b' }, { id: uuid() })],
      };
      const first = await append(input);
      expect(first.streamVersion).toBe(2);
      await append({ streamId: 'statement-retry-later', events: [statementMade({ text: 'c' })] });
      const head = await headPosition();
      const retry = await append(input);
      expect(retry.appended).toBe(false);
      expect(retry.events.map((e) => [e.id, e.position, e.streamVersion])).toEqual(
        first.events.map((e) => [e.id, e.position, e.streamVersion]),
      );
      expect(retry.lastPosition).toBe(first.lastPosition);
      expect(await headPosition()).toBe(head);
      // The stream version after this batch, as the first answer said; not the stream's version now (3).
      expect(retry.streamVersion).toBe(first.streamVersion);
    });

    it('the same id with other content is DUPLICATE_EVENT_ID and writes nothing', async () => {
      const id = uuid();
      await append({ streamId: 'statement-dup', events: [statementMade({ text: 'original words' }, { id })] });
      const head = await headPosition();
      const rows = await rowCount();
      const refused = async (input: AppendInput) => {
        const error = await refusal(append(input));
        return { code: error.code, paths: pathsOf(error) };
      };

      const otherText = await refused({
        streamId: 'statement-dup',
        events: [statementMade({ text: 'other words' }, { id })],
      });
      expect(otherText).toEqual({ code: 'DUPLICATE_EVENT_ID', paths: ['events[0].id'] });
      const otherTime = await refused({
        streamId: 'statement-dup',
        events: [statementMade({ text: 'original words' }, { id, occurredAt: '2025-03-18T14:01:00Z' })],
      });
      expect(otherTime).toEqual({ code: 'DUPLICATE_EVENT_ID', paths: ['events[0].id'] });
      const otherStream = await refused({
        streamId: 'statement-dup-2',
        events: [statementMade({ text: 'original words' }, { id })],
      });
      expect(otherStream).toEqual({ code: 'DUPLICATE_EVENT_ID', paths: ['events[0].id'] });
      const otherSources = await refused({
        streamId: 'statement-dup',
        events: [statementMade({ text: 'original words' }, { id, sources: [source({ publisher: 'Someone else' })] })],
      });
      expect(otherSources).toEqual({ code: 'DUPLICATE_EVENT_ID', paths: ['events[0].id'] });
      // A stored id inside a batch of new events is no retry either.
      const mixed = await refused({
        streamId: 'statement-dup',
        events: [statementMade({ text: 'original words' }, { id }), statementMade({ text: 'new' }, { id: uuid() })],
      });
      expect(mixed).toEqual({ code: 'DUPLICATE_EVENT_ID', paths: ['events[1].id'] });

      expect(await headPosition()).toBe(head);
      expect(await rowCount()).toBe(rows);
    });

    it.each([
      ['without expectedVersion', undefined],
      ['with expectedVersion 0', 0],
    ])(
      'two concurrent identical sends (%s): one append, both succeed with the same events',
      async (_what, expectedVersion) => {
        // The race is narrow: many rounds make a lost idempotent answer show.
        const ROUNDS = 50;
        const problems: string[] = [];
        for (let round = 0; round < ROUNDS; round++) {
          const streamId = `statement-twin-${expectedVersion ?? 'x'}-${round}`;
          const ids = [uuid(), uuid()];
          // Each send builds its own input, as two clients' requests would.
          const input = () => ({
            streamId,
            expectedVersion,
            events: [statementMade({ text: 'one' }, { id: ids[0] }), statementMade({ text: 'two' }, { id: ids[1] })],
          });
          const head = await headPosition();
          const [a, b] = await Promise.allSettled([append(input()), append(input())]);
          for (const result of [a, b]) {
            if (result.status === 'rejected') {
              const error = result.reason as Error;
              problems.push(
                `round ${round}: ${error instanceof DomainError ? error.code : error.name}: ${error.message}`,
              );
            }
          }
          if (a.status === 'rejected' || b.status === 'rejected') continue;
          expect([a.value.appended, b.value.appended].sort()).toEqual([false, true]);
          expect(b.value.events.map((e) => [e.id, e.position])).toEqual(a.value.events.map((e) => [e.id, e.position]));
          expect(await headPosition()).toBe(head + 2);
        }
        expect(problems).toEqual([]);
        const { rows } = await db.query(`SELECT count(*)::int AS n FROM events WHERE stream_id LIKE $1`, [
          `statement-twin-${expectedVersion ?? 'x'}-%`,
        ]);
        expect(rows[0].n).toBe(2 * ROUNDS);
      },
    );
  });

  describe('all or nothing', () => {
    const good = (n: number): TestEvent[] => Array.from({ length: n }, (_, i) => statementMade({ text: `good ${i}` }));

    it.each<[string, () => NewEventInput, string]>([
      ['an unknown actor', () => statementMade({ speaker: 'nobody' }), 'events[2].data.speaker'],
      ['a payload without a required field', () => statementMade({ text: undefined }), 'events[2].data.text'],
      ['an acceptance in a stream without a proposal', () => proposalAccepted(), 'events[2].type'],
      ['no source', () => ({ ...statementMade(), sources: [] }), 'events[2].sources'],
      ['a reference to an unknown event', () => claimDisputed(uuid()), 'events[2].data.disputedEventId'],
    ])('a batch whose 3rd event has %s writes none of it', async (_what, bad, path) => {
      const streamId = `statement-atomic-${path.replace(/[^a-z]/g, '')}`;
      const head = await headPosition();
      const rows = await rowCount();
      const events = [...good(2), bad(), ...good(2)];
      const error = await refusal(append({ streamId, events }));
      expect(error).toBeInstanceOf(ValidationFailed);
      expect(error.code).toBe('BAD_USER_INPUT');
      expect(pathsOf(error)).toContain(path);
      expect(error.message).toContain(path);
      expect(await rowCount()).toBe(rows);
      expect(await headPosition()).toBe(head);
      // The stream was never made.
      const stream = await db.query('SELECT count(*)::int AS n FROM events WHERE stream_id = $1', [streamId]);
      expect(stream.rows[0].n).toBe(0);
    });

    it('a correction or retraction appended to another stream than its event is refused with a field path', async () => {
      const id = uuid();
      await append({ streamId: 'statement-home', events: [statementMade({}, { id })] });
      const head = await headPosition();
      const corrected = await refusal(append({ streamId: 'statement-elsewhere', events: [eventCorrected(id)] }));
      expect({ code: corrected.code, paths: pathsOf(corrected) }).toEqual({
        code: 'BAD_USER_INPUT',
        paths: ['events[0].data.correctedEventId'],
      });
      const retracted = await refusal(
        append({ streamId: 'statement-elsewhere', events: [statementMade(), eventRetracted(id)] }),
      );
      expect({ code: retracted.code, paths: pathsOf(retracted) }).toEqual({
        code: 'BAD_USER_INPUT',
        paths: ['events[1].data.retractedEventId'],
      });
      expect(await headPosition()).toBe(head);
    });
  });

  describe('waiting for a position of the log (read your writes)', () => {
    it('waits until an append reaches the position, then answers', async () => {
      const next = String((await headPosition()) + 1);
      const waiting = sut.events.waitForPosition(next);
      // Awaited after the append; a refusal meanwhile must not count as unhandled.
      waiting.catch(() => undefined);
      await append({ streamId: 'statement-awaited', events: [statementMade({ text: 'awaited' })] });
      await expect(waiting).resolves.toBeUndefined();
    });

    it('a position beyond the head answers NOT_CAUGHT_UP (after a bounded wait), naming the log read', async () => {
      const head = String(await headPosition());
      const beyond = String(BigInt(head) + 1000n);
      const error = await refusal(sut.events.waitForPosition(beyond));
      expect(error.code).toBe('NOT_CAUGHT_UP');
      expect(error.details).toEqual({ position: head, minPosition: beyond });
      expect(error.message).toBe(`the log read is at position ${head}, not yet at ${beyond}; retry shortly`);
    });

    it('what is no position is BAD_USER_INPUT at the path the caller gives', async () => {
      for (const [position, path] of [
        ['abc', 'minPosition'],
        ['-1', 'upToPosition'],
        ['1'.repeat(20), 'upToPosition'],
      ] as const) {
        const error = await refusal(sut.events.waitForPosition(position, path));
        expect(error).toBeInstanceOf(ValidationFailed);
        expect(error.message).toBe(`${path}: must be a position (a decimal string)`);
        expect(pathsOf(error)).toEqual([path]);
      }
    });
  });

  describe('immutable in the database', () => {
    beforeAll(async () => {
      await append({
        streamId: 'statement-immutable',
        events: [statementMade({ text: 'one' }), statementMade({ text: 'two' }), callHeld()],
      });
    });

    async function snapshot(): Promise<unknown> {
      const events = await db.query(
        'SELECT position::text, id, stream_id, stream_version, summary, data::text, recorded_at::text FROM events ORDER BY position',
      );
      const head = await db.query('SELECT last_position::text FROM log_head');
      return { events: events.rows, head: head.rows };
    }

    it.each([
      ['UPDATE events', `UPDATE events SET summary = 'rewritten'`],
      ['UPDATE of one event', `UPDATE events SET data = '{}'::jsonb WHERE position = 1`],
      ['DELETE FROM events', 'DELETE FROM events'],
      ['DELETE of one event', 'DELETE FROM events WHERE position = 1'],
      ['TRUNCATE events', 'TRUNCATE events'],
      ['TRUNCATE events CASCADE', 'TRUNCATE events CASCADE'],
      ['DELETE FROM log_head', 'DELETE FROM log_head'],
      ['moving log_head backwards', 'UPDATE log_head SET last_position = last_position - 1'],
      ['resetting log_head', 'UPDATE log_head SET last_position = 0'],
      ['TRUNCATE log_head', 'TRUNCATE log_head'],
    ])('%s is refused by the database', async (_what, sql) => {
      const count = await rowCount();
      expect(count).toBeGreaterThan(1);
      const before = await snapshot();
      await expect(db.query(sql)).rejects.toMatchObject({ code: expect.stringMatching(/^(23001|42501|0A000|P0001)$/) });
      expect(await snapshot()).toEqual(before);
    });
  });

  it('prepareAppends checks what needs no database ahead of appendAll, with the paths appendAll would give', async () => {
    const bad = [
      { streamId: 'prep-1', events: [statementMade()] },
      { streamId: 'prep-2', events: [statementMade({ text: '' })] },
    ];
    const refusedAhead = await store.prepareAppends(bad, 1).then(
      () => null,
      (e: unknown) => e,
    );
    expect(refusedAhead).toBeInstanceOf(ValidationFailed);
    const refusedAtAppend = await refusal(store.appendAll(bad, APPENDER));
    expect(pathsOf(refusedAhead as ValidationFailed)).toEqual(pathsOf(refusedAtAppend));
    expect(pathsOf(refusedAtAppend)).toEqual(['inputs[1].events[0].data.text']);

    const prepared = await store.prepareAppends(
      [
        { streamId: 'prep-3', events: [statementMade({}, { id: uuid() }), statementMade({}, { id: uuid() })] },
        { streamId: 'prep-3', expectedVersion: 2, events: [statementMade({}, { id: uuid() })] },
      ],
      1,
    );
    const outcomes = await store.appendAll(prepared, APPENDER);
    expect(outcomes.map((o) => [o.streamId, o.streamVersion, o.appended])).toEqual([
      ['prep-3', 2, true],
      ['prep-3', 3, true],
    ]);
    // The prepared batch sent again is an idempotent retry (its events have ids), as the inputs would be.
    const again = await store.appendAll(prepared, APPENDER);
    expect(again.map((o) => [o.firstPosition, o.appended])).toEqual(outcomes.map((o) => [o.firstPosition, false]));
  });

  it('after a bulk load, analyze() refreshes the statistics of the columns reads filter on', async () => {
    await store.append({ streamId: 'analyze-1', events: [statementMade(), statementMade()] }, APPENDER);
    const columnStats = async () =>
      (
        await db.query<{ attname: string }>(
          `SELECT attname FROM pg_stats WHERE schemaname = current_schema() AND tablename = 'events' ORDER BY attname`,
        )
      ).rows.map((r) => r.attname);
    const analyzedBefore = (await db.query(`SELECT analyze_count FROM pg_stat_user_tables WHERE relname = 'events'`))
      .rows[0].analyze_count as string;
    // The search text has statistics only if autovacuum analyzed the whole table meanwhile.
    const searchTextBefore = (await columnStats()).includes('search_text');
    await store.analyze();
    await until('the statistics collector to count the ANALYZE', async () => {
      const [row] = (await db.query(`SELECT analyze_count FROM pg_stat_user_tables WHERE relname = 'events'`)).rows;
      return Number(row.analyze_count) > Number(analyzedBefore);
    });
    const stats = await columnStats();
    expect(stats).toEqual(expect.arrayContaining(['position', 'id', 'stream_id', 'type', 'occurred_at', 'actor_ids']));
    // Not a full ANALYZE: the payloads and search text (and the expression indexes) are left to autovacuum.
    if (!searchTextBefore) {
      expect(stats).not.toContain('search_text');
      expect(stats).not.toContain('data');
    }
  });
});
