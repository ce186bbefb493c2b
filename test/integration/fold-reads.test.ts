/**
 * recordHeadAndStreams (src/read-models/projector/fold-events.repository.ts), the start of an `asOf`
 * read of given subjects, on a real PostgreSQL: in one statement, what recordHead and streamEvents
 * answer one after the other (the log head, the actors' count, the streams as the log stands at that
 * head and, for knownAt, at a recorded time), for one stream (its own statement), several, and a
 * stream the log does not hold.
 */
import 'reflect-metadata';
import type { FoldEvent } from '../../src/read-models/fold-event.js';
import {
  recordHead,
  recordHeadAndStreams,
  streamEvents,
} from '../../src/read-models/projector/fold-events.repository.js';
import { CAST, pledgeMade, pledgeWithdrawn, statementMade } from '../support/fixtures.js';
import { type Sut, createSut } from './support/sut.js';

let sut: Sut;
/** Recorded between the first pledge's two events. */
let between: Date;

beforeAll(async () => {
  sut = await createSut({ RUN_PROJECTIONS: 'false' });
  for (const actor of CAST) await sut.actors.register(actor);
  const key = { keyName: 'test' };
  const statements = (n: number) => Array.from({ length: n }, () => statementMade());
  // pledge-a at positions 2 and 11: in the order of their text ('11' before '2') they would be out of order.
  await sut.store.append({ streamId: 'statements', events: statements(1) }, key);
  await sut.store.append(
    { streamId: 'pledge-a', events: [pledgeMade({}, { occurredAt: '2025-03-18T14:00:00Z' })] },
    key,
  );
  await sut.store.append({ streamId: 'statements', events: statements(7) }, key);
  await new Promise((resolve) => setTimeout(resolve, 20));
  between = new Date();
  await new Promise((resolve) => setTimeout(resolve, 20));
  await sut.store.append({ streamId: 'statements', events: statements(1) }, key);
  await sut.store.append(
    { streamId: 'pledge-a', events: [pledgeWithdrawn({}, { occurredAt: '2025-03-19T14:00:00Z' })] },
    key,
  );
  await sut.store.append(
    { streamId: 'pledge-b', events: [pledgeMade({}, { occurredAt: '2025-03-18T15:00:00Z' })] },
    key,
  );
});

afterAll(() => sut?.close());

const ids = (events: FoldEvent[]) => events.map((e) => `${e.streamId}@${e.position}`);

it.each([
  ['one stream', ['pledge-a'], null],
  ['two streams', ['pledge-a', 'pledge-b'], null],
  ['a stream the log does not hold', ['pledge-none'], null],
  ['one stream, as recorded by a time between its events', ['pledge-a'], 'between'],
  ['two streams, as recorded by a time before one of them began', ['pledge-a', 'pledge-b'], 'between'],
] as const)('%s: the head, the actors and the streams that the separate reads give', async (_, streams, known) => {
  const knownAt = known === 'between' ? between : null;
  const together = await recordHeadAndStreams(sut.db, [...streams], knownAt);
  const { head, actors } = await recordHead(sut.db);
  const apart = await streamEvents(sut.db, [...streams], { upTo: head, knownAt });
  expect(together.head).toBe(head);
  expect(head).toBe(await sut.store.lastPosition());
  expect(together.actors).toBe(actors);
  expect(actors).toBe(CAST.length);
  expect(together.events).toEqual(apart);
  expect(ids(together.events)).toEqual(
    {
      'one stream': ['pledge-a@2', 'pledge-a@11'],
      'two streams': ['pledge-a@2', 'pledge-a@11', 'pledge-b@12'],
      'a stream the log does not hold': [],
      'one stream, as recorded by a time between its events': ['pledge-a@2'],
      'two streams, as recorded by a time before one of them began': ['pledge-a@2'],
    }[_],
  );
});
