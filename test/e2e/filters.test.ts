/**
 * Every filter of EventFilter end to end, alone and combined, with exact expected sets; and the
 * actor timeline (the actor and everyone who acts for it, in valid-time order).
 *
 * The data: twelve events E1..E12, appended one per append in that order (so position order is
 * label order); E10 is retracted by E11; E12 is appended after a captured instant.
 */
import type pg from 'pg';
import {
  appendEvents,
  callHeld,
  captureInstant,
  claimDisputed,
  connect,
  errorOf,
  eventRetracted,
  pledgeMade,
  registerActors,
  source,
  statementMade,
  strikeReported,
  type TestEvent,
  uuid,
} from '../support/fixtures.js';
import { type TestApp, startTestApp } from '../support/test-app.js';

const EVENTS = `query($filter: EventFilter, $first: Int) {
  events(filter: $filter, first: $first) { totalCount edges { node { id retracted recordedAt } } }
}`;

type Label = `E${number}`;

describe('event filters', () => {
  let t: TestApp;
  let db: pg.Client;
  const ids = new Map<Label, string>();
  const labels = new Map<string, Label>();
  const recordedAt = new Map<Label, string>();
  let beforeAll_: string; // an instant before any event was recorded
  let knownBeforeE12: string; // an instant after E11 was recorded and before E12

  const E2_TEXT = 'Putin ordered a halt to strikes on energy infrastructure and wants an end to foreign military aid';
  // Longer than a summary can hold: its last word is only in the statement's text, not in the summary.
  const E5_TEXT = `The talks were substantive; military support and humanitarian aid were discussed. ${'Both sides reviewed the list of prisoners in detail. '.repeat(6)}Next round in Zaporizhzhia.`;

  async function add(label: Label, streamId: string, event: TestEvent): Promise<void> {
    const id = uuid();
    ids.set(label, id);
    labels.set(id, label);
    const result = await appendEvents(t, { streamId, events: [{ ...event, id }] });
    recordedAt.set(label, result.events[0].recordedAt);
  }

  beforeAll(async () => {
    t = await startTestApp();
    db = await connect(t.database.url);
    await registerActors(t);
    beforeAll_ = await captureInstant(db);
    await add(
      'E1',
      'call-trump-putin',
      callHeld(
        { participants: ['trump', 'putin'] },
        {
          occurredAt: '2025-03-18T14:00:00Z',
          sources: [source({ quotedText: 'The conversation lasted more than two hours' })],
        },
      ),
    );
    await add(
      'E2',
      'statement-kremlin',
      statementMade({ speaker: 'kremlin', text: E2_TEXT }, { occurredAt: '2025-03-18T17:00:00Z' }),
    );
    await add(
      'E3',
      'claim-zelensky',
      claimDisputed(
        ids.get('E2')!,
        { by: 'zelensky', text: 'very much at odds with reality' },
        { occurredAt: '2025-03-18T20:00:00Z' },
      ),
    );
    await add(
      'E4',
      'strike-sloviansk',
      strikeReported(
        { attacker: 'russia', place: 'Sloviansk' },
        {
          occurredAt: '2025-03-18T15:30:00Z',
          sources: [source({ quotedText: 'drones hit a power substation overnight' })],
        },
      ),
    );
    await add(
      'E5',
      'statement-ushakov',
      statementMade({ speaker: 'ushakov', text: E5_TEXT }, { occurredAt: '2025-03-19T09:00:00Z' }),
    );
    await add(
      'E6',
      'statement-trump',
      statementMade(
        { speaker: 'trump', text: 'very much on track', venue: 'Truth Social' },
        { occurredAt: '2025-03-19T12:00:00Z' },
      ),
    );
    await add(
      'E7',
      'call-trump-zelensky',
      callHeld({ participants: ['trump', 'zelensky'], durationMinutes: 60 }, { occurredAt: '2025-03-19T14:00:00Z' }),
    );
    await add(
      'E8',
      'pledge-russia-energy',
      pledgeMade({ by: 'putin', to: 'trump' }, { occurredAt: '2025-03-18T15:00:00Z' }),
    );
    await add(
      'E9',
      'strike-moscow',
      strikeReported(
        { attacker: 'ukraine', place: 'Moscow Oil Refinery', country: 'RU' },
        { occurredAt: '2025-03-11', occurredPrecision: 'DAY' },
      ),
    );
    await add(
      'E10',
      'statement-zelensky',
      statementMade(
        { speaker: 'zelensky', text: 'a statement later retracted' },
        { occurredAt: '2025-03-19T10:00:00Z' },
      ),
    );
    await add(
      'E11',
      'statement-zelensky',
      eventRetracted(ids.get('E10')!, { reason: 'misattributed quote' }, { occurredAt: '2025-03-20T09:00:00Z' }),
    );
    knownBeforeE12 = await captureInstant(db);
    await add(
      'E12',
      'statement-putin',
      statementMade(
        { speaker: 'putin', text: 'we are ready to discuss a settlement' },
        { occurredAt: '2025-03-18T12:00:00Z' },
      ),
    );
  });
  afterAll(async () => {
    await db?.end();
    await t?.close();
  });

  /** The labels of the events the filter matches, in the order returned (position order). */
  async function find(filter: Record<string, unknown>): Promise<Label[]> {
    const res = await t.gql(EVENTS, { filter, first: 500 }, null);
    expect(res.errors).toBeUndefined();
    const found = res.data.events.edges.map((edge: any) => labels.get(edge.node.id) ?? edge.node.id);
    expect(res.data.events.totalCount).toBe(found.length);
    return found;
  }

  async function refused(filter: Record<string, unknown>): Promise<{ code: string | undefined; paths: string[] }> {
    const res = await t.gql(EVENTS, { filter }, null);
    expect(res.data?.events ?? null).toBeNull();
    const { code, paths } = errorOf(res);
    return { code, paths };
  }

  const ALL_VISIBLE: Label[] = ['E1', 'E2', 'E3', 'E4', 'E5', 'E6', 'E7', 'E8', 'E9', 'E11', 'E12'];

  it('no filter: every event but the retracted one', async () => {
    expect(await find({})).toEqual(ALL_VISIBLE);
  });

  describe('types', () => {
    it('alone', async () => {
      expect(await find({ types: ['STATEMENT_MADE'] })).toEqual(['E2', 'E5', 'E6', 'E12']);
      expect(await find({ types: ['CALL_HELD', 'STRIKE_REPORTED'] })).toEqual(['E1', 'E4', 'E7', 'E9']);
      expect(await find({ types: ['AGREEMENT_REACHED'] })).toEqual([]);
    });
    it('with actorIds', async () => {
      expect(await find({ types: ['STATEMENT_MADE'], actorIds: ['russia'] })).toEqual(['E2', 'E5', 'E12']);
    });
  });

  describe('actorIds', () => {
    it('a state finds the events of everyone who acts for it, directly or through others', async () => {
      // putin and kremlin represent russia; ushakov represents putin.
      expect(await find({ actorIds: ['russia'] })).toEqual(['E1', 'E2', 'E4', 'E5', 'E8', 'E12']);
      expect(await find({ actorIds: ['us'] })).toEqual(['E1', 'E6', 'E7', 'E8']);
    });
    it("a person finds their own events and their aide's, not those of others on their side", async () => {
      expect(await find({ actorIds: ['putin'] })).toEqual(['E1', 'E5', 'E8', 'E12']);
      expect(await find({ actorIds: ['kremlin'] })).toEqual(['E2']);
      expect(await find({ actorIds: ['ushakov'] })).toEqual(['E5']);
    });
    it('several actors: events of any of them', async () => {
      expect(await find({ actorIds: ['kremlin', 'ukraine'] })).toEqual(['E2', 'E3', 'E7', 'E9', 'E11']);
    });
    it('with occurredFrom', async () => {
      expect(await find({ actorIds: ['russia'], occurredFrom: '2025-03-18T15:00:00Z' })).toEqual([
        'E2',
        'E4',
        'E5',
        'E8',
      ]);
    });
    it('an unknown actor is refused, naming its index', async () => {
      expect(await refused({ actorIds: ['nobody'] })).toEqual({
        code: 'BAD_USER_INPUT',
        paths: ['filter.actorIds[0]'],
      });
      expect(await refused({ actorIds: ['russia', 'nobody'] })).toEqual({
        code: 'BAD_USER_INPUT',
        paths: ['filter.actorIds[1]'],
      });
    });
  });

  describe('streamId', () => {
    it('alone', async () => {
      expect(await find({ streamId: 'call-trump-putin' })).toEqual(['E1']);
      expect(await find({ streamId: 'statement-zelensky' })).toEqual(['E11']);
      expect(await find({ streamId: 'no-such-stream' })).toEqual([]);
    });
    it('with types and includeRetracted', async () => {
      expect(await find({ streamId: 'statement-zelensky', types: ['EVENT_RETRACTED'] })).toEqual(['E11']);
      expect(await find({ streamId: 'statement-zelensky', types: ['STATEMENT_MADE'] })).toEqual([]);
      expect(await find({ streamId: 'statement-zelensky', types: ['STATEMENT_MADE'], includeRetracted: true })).toEqual(
        ['E10'],
      );
    });
    it('a malformed stream id is refused', async () => {
      expect(await refused({ streamId: 'Not A Stream' })).toEqual({
        code: 'BAD_USER_INPUT',
        paths: ['filter.streamId'],
      });
    });
  });

  describe('occurredFrom (inclusive) and occurredTo (exclusive)', () => {
    it('events exactly on the bounds: from is in, to is out', async () => {
      // E8 at 15:00 (= from), E4 15:30, E2 17:00, E3 at 20:00 (= to).
      expect(await find({ occurredFrom: '2025-03-18T15:00:00Z', occurredTo: '2025-03-18T20:00:00Z' })).toEqual([
        'E2',
        'E4',
        'E8',
      ]);
      expect(await find({ occurredFrom: '2025-03-18T15:00:00.001Z', occurredTo: '2025-03-18T20:00:00.001Z' })).toEqual([
        'E2',
        'E3',
        'E4',
      ]);
    });
    it('each alone', async () => {
      expect(await find({ occurredFrom: '2025-03-19T09:00:00Z' })).toEqual(['E5', 'E6', 'E7', 'E11']); // E5 exactly on the bound
      expect(await find({ occurredTo: '2025-03-18T14:00:00Z' })).toEqual(['E9', 'E12']); // E1 exactly on the bound
    });
    it('in another time zone', async () => {
      expect(
        await find({ occurredFrom: '2025-03-18T18:00:00+03:00', occurredTo: '2025-03-18T20:00:00+03:00' }),
      ).toEqual(['E4', 'E8']);
    });
    it('with includeRetracted', async () => {
      expect(await find({ occurredFrom: '2025-03-19T09:00:00Z', includeRetracted: true })).toEqual([
        'E5',
        'E6',
        'E7',
        'E10',
        'E11',
      ]);
    });
    it('from not before to is refused', async () => {
      expect(await refused({ occurredFrom: '2025-03-19T00:00:00Z', occurredTo: '2025-03-18T00:00:00Z' })).toEqual({
        code: 'BAD_USER_INPUT',
        paths: ['filter.occurredTo'],
      });
    });
  });

  describe('knownAt', () => {
    it('events appended after a captured instant are excluded', async () => {
      expect(await find({ knownAt: knownBeforeE12 })).toEqual([
        'E1',
        'E2',
        'E3',
        'E4',
        'E5',
        'E6',
        'E7',
        'E8',
        'E9',
        'E11',
      ]);
      expect(await find({ knownAt: beforeAll_ })).toEqual([]);
    });
    it('with actorIds', async () => {
      expect(await find({ knownAt: knownBeforeE12, actorIds: ['russia'] })).toEqual(['E1', 'E2', 'E4', 'E5', 'E8']);
    });
    it('the recordedAt the API gives for an event includes that event and nothing recorded later', async () => {
      const at = recordedAt.get('E11')!;
      expect(recordedAt.get('E12')! > at).toBe(true);
      expect(await find({ knownAt: at })).toEqual(['E1', 'E2', 'E3', 'E4', 'E5', 'E6', 'E7', 'E8', 'E9', 'E11']);
      expect(await find({ knownAt: recordedAt.get('E1')! })).toEqual(['E1']);
    });
    it('known before the retraction was recorded, the retracted event is there and not retracted', async () => {
      const at = recordedAt.get('E10')!;
      expect(await find({ knownAt: at })).toEqual(['E1', 'E2', 'E3', 'E4', 'E5', 'E6', 'E7', 'E8', 'E9', 'E10']);
      const res = await t.gql(EVENTS, { filter: { knownAt: at, streamId: 'statement-zelensky' } }, null);
      expect(res.data.events.edges.map((edge: any) => [labels.get(edge.node.id), edge.node.retracted])).toEqual([
        ['E10', false],
      ]);
    });
  });

  describe('text', () => {
    it('a word of a summary', async () => {
      // "pledged" is only in E8's generated summary, not in its payload.
      expect(await find({ text: 'pledged' })).toEqual(['E8']);
    });
    it("a word of a statement's text, also beyond what the summary holds", async () => {
      expect(await find({ text: 'substantive' })).toEqual(['E5']);
      expect(await find({ text: 'Zaporizhzhia' })).toEqual(['E5']);
      expect(await find({ text: 'reality' })).toEqual(['E3']);
    });
    it("a word of a source's quotedText", async () => {
      expect(await find({ text: 'substation' })).toEqual(['E4']);
      expect(await find({ text: 'conversation' })).toEqual(['E1']);
    });
    it('several words: all of them; a phrase in quotes: the words together', async () => {
      expect(await find({ text: 'military aid' })).toEqual(['E2', 'E5']);
      expect(await find({ text: '"military aid"' })).toEqual(['E2']);
      expect(await find({ text: '"humanitarian aid"' })).toEqual(['E5']);
    });
    it('with types', async () => {
      expect(await find({ text: 'energy' })).toEqual(['E2', 'E4', 'E8', 'E9']);
      expect(await find({ text: 'energy', types: ['STRIKE_REPORTED'] })).toEqual(['E4', 'E9']);
    });
    it('with includeRetracted', async () => {
      expect(await find({ text: 'retracted' })).toEqual(['E11']);
      expect(await find({ text: 'retracted', includeRetracted: true })).toEqual(['E10', 'E11']);
    });
    it('a blank text is refused', async () => {
      expect(await refused({ text: '   ' })).toEqual({ code: 'BAD_USER_INPUT', paths: ['filter.text'] });
    });
  });

  describe('includeRetracted', () => {
    it('alone: the retracted event too, marked retracted', async () => {
      expect(await find({ includeRetracted: true })).toEqual([
        'E1',
        'E2',
        'E3',
        'E4',
        'E5',
        'E6',
        'E7',
        'E8',
        'E9',
        'E10',
        'E11',
        'E12',
      ]);
      const res = await t.gql(EVENTS, { filter: { includeRetracted: true, streamId: 'statement-zelensky' } }, null);
      expect(res.data.events.edges.map((edge: any) => [labels.get(edge.node.id), edge.node.retracted])).toEqual([
        ['E10', true],
        ['E11', false],
      ]);
      expect(await find({ includeRetracted: false })).toEqual(ALL_VISIBLE);
    });
    it('with actorIds', async () => {
      expect(await find({ actorIds: ['zelensky'], includeRetracted: true })).toEqual(['E3', 'E7', 'E10', 'E11']);
    });
  });

  describe('actor timeline', () => {
    const TIMELINE = `query($id: ID!, $first: Int, $after: String) {
      actor(id: $id) { id timeline(first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { id occurredAt } } } }
    }`;
    async function timeline(id: string, first = 50, after?: string) {
      const res = await t.gql(TIMELINE, { id, first, after }, null);
      expect(res.errors).toBeUndefined();
      const tl = res.data.actor.timeline;
      return { ...tl, labels: tl.edges.map((edge: any) => labels.get(edge.node.id) ?? edge.node.id) as Label[] };
    }

    it('holds the events of the actor and of those who act for it, in occurredAt order', async () => {
      // E12 (18th 12:00), E1 (14:00), E8 (15:00), E4 (15:30), E2 (17:00), E5 (19th 09:00)
      expect((await timeline('russia')).labels).toEqual(['E12', 'E1', 'E8', 'E4', 'E2', 'E5']);
      expect((await timeline('putin')).labels).toEqual(['E12', 'E1', 'E8', 'E5']);
      expect((await timeline('kremlin')).labels).toEqual(['E2']);
      expect((await timeline('us')).labels).toEqual(['E1', 'E8', 'E6', 'E7']);
    });

    it('pages', async () => {
      const first = await timeline('russia', 4);
      expect(first.labels).toEqual(['E12', 'E1', 'E8', 'E4']);
      expect(first.totalCount).toBe(6);
      expect(first.pageInfo.hasNextPage).toBe(true);
      const rest = await timeline('russia', 4, first.pageInfo.endCursor);
      expect(rest.labels).toEqual(['E2', 'E5']);
      expect(rest.pageInfo.hasNextPage).toBe(false);
    });

    it('an unknown actor has none', async () => {
      const res = await t.gql(`{ actor(id: "nobody") { id } }`, {}, null);
      expect(res.errors).toBeUndefined();
      expect(res.data.actor).toBeNull();
    });
  });
});
