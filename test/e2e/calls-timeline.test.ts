/**
 * The call log (calls, callPairs) and actor timelines end to end, over HTTP against a real
 * PostgreSQL: principal expansion (russia finds putin's calls, and those of ushakov, who acts for
 * putin), the [from, to) window, asOf / knownAt, retraction and correction, and errors.
 *
 * The log is built once, in an order that differs from valid time, with moments captured between
 * appends:
 *   K1: C1 trump–putin (03-18 14:00, HOUR, 90 min), C3 trump–putin (03-25 09:00), C4 trump–zelensky
 *       (03-19, DAY, 60 min), the Kremlin's readout (03-18 16:00)
 *   K2: + C2 putin–trump (03-20 10:30, VIDEO), C5 waltz–ushakov (03-21 09:00), putin's pledge
 *       (03-18 16:00), russia's strike (03-18 17:00), zelensky's statement (03-19 12:00), putin's
 *       demand (03-22), the waltz–ushakov meeting (03-24 10:00)
 *   K3: + C7 trump–putin (03-26 15:00)
 *   K4: + C7 retracted (recorded; valid 03-27 08:00)
 *   now: + C1 corrected to 75 minutes (recorded; valid 03-19 08:00)
 */
import { type TestApp, startTestApp } from '../support/test-app.js';
import {
  type RawEvent,
  appendEvents,
  callHeld,
  captureInstant,
  demandMade,
  errorOf,
  eventCorrected,
  eventRetracted,
  meetingHeld,
  pledgeMade,
  registerActors,
  statementMade,
  strikeReported,
  withPg,
} from '../support/fixtures.js';

const CALL = `event { id } participants { id } initiator { id } at precision durationMinutes channel topics position`;
const PAIR = `actors { id } count firstAt lastAt lastCall { id } position`;
const WINDOW_VARS = `$actorId: ID, $from: DateTime, $to: DateTime, $asOf: DateTime, $knownAt: DateTime`;
const WINDOW_ARGS = `actorId: $actorId, from: $from, to: $to, asOf: $asOf, knownAt: $knownAt`;

interface Window {
  actorId?: string;
  from?: string;
  to?: string;
  asOf?: string;
  knownAt?: string;
}

let t: TestApp;
let head: string;
const e: Record<string, string> = {};
let K1: string;
let K2: string;
let K3: string;
let K4: string;

const C1_DATA = {
  participants: ['trump', 'putin'],
  initiator: 'trump',
  channel: 'PHONE',
  durationMinutes: 90,
  topics: ['energy strikes'],
} as const;

async function add(name: string, streamId: string, event: RawEvent): Promise<void> {
  const result = await appendEvents(t, { streamId, events: [event] });
  e[name] = result.events[0].id;
  head = result.lastPosition;
}

const instant = () => withPg(t.database.url, (client) => captureInstant(client));

async function ok(query: string, variables: Record<string, unknown>): Promise<any> {
  const res = await t.gql(query, variables, null);
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data;
}

const calls = async (w: Window = {}): Promise<any[]> =>
  (await ok(`query(${WINDOW_VARS}) { calls(${WINDOW_ARGS}) { ${CALL} } }`, { ...w })).calls;
const callPairs = async (w: Window = {}): Promise<any[]> =>
  (await ok(`query(${WINDOW_VARS}) { callPairs(${WINDOW_ARGS}) { ${PAIR} } }`, { ...w })).callPairs;

async function timeline(
  actorId: string,
  w: { asOf?: string; knownAt?: string } = {},
): Promise<{ ids: string[]; totalCount: number; nodes: any[] }> {
  const data = await ok(
    `query($id: ID!, $asOf: DateTime, $knownAt: DateTime) { actor(id: $id) { timeline(first: 100, asOf: $asOf, knownAt: $knownAt) { totalCount edges { node { id type occurredAt } } } } }`,
    { id: actorId, ...w },
  );
  const nodes = data.actor.timeline.edges.map((edge: { node: unknown }) => edge.node);
  return { ids: nodes.map((n: { id: string }) => n.id), totalCount: data.actor.timeline.totalCount, nodes };
}

/** A call as the API answers it. */
function call(
  name: string,
  participants: string[],
  initiator: string,
  at: string,
  precision: string,
  durationMinutes: number | null,
  channel: string,
  topics: string[] = [],
) {
  return {
    event: { id: e[name] },
    participants: participants.map((id) => ({ id })),
    initiator: { id: initiator },
    at,
    precision,
    durationMinutes,
    channel,
    topics,
    position: head,
  };
}

const C1 = (duration = 75) =>
  call('C1', ['trump', 'putin'], 'trump', '2025-03-18T14:00:00.000Z', 'HOUR', duration, 'PHONE', ['energy strikes']);
const C2 = () => call('C2', ['putin', 'trump'], 'putin', '2025-03-20T10:30:00.000Z', 'MINUTE', null, 'VIDEO');
const C3 = () => call('C3', ['trump', 'putin'], 'trump', '2025-03-25T09:00:00.000Z', 'MINUTE', 120, 'PHONE');
const C4 = () => call('C4', ['trump', 'zelensky'], 'trump', '2025-03-19T00:00:00.000Z', 'DAY', 60, 'PHONE');
const C5 = () => call('C5', ['waltz', 'ushakov'], 'waltz', '2025-03-21T09:00:00.000Z', 'MINUTE', 30, 'PHONE');
const C7 = () => call('C7', ['trump', 'putin'], 'trump', '2025-03-26T15:00:00.000Z', 'MINUTE', 45, 'PHONE');

function pair(actors: [string, string], count: number, firstAt: string, lastAt: string, lastCall: string) {
  return {
    actors: actors.map((id) => ({ id })),
    count,
    firstAt,
    lastAt,
    lastCall: { id: e[lastCall] },
    position: head,
  };
}

beforeAll(async () => {
  t = await startTestApp();
  await registerActors(t);

  await add(
    'C1',
    'call-trump-putin-0318',
    callHeld(
      { ...C1_DATA, participants: [...C1_DATA.participants], topics: [...C1_DATA.topics] },
      { occurredAt: '2025-03-18T14:00:00Z', occurredPrecision: 'HOUR' },
    ),
  );
  await add(
    'C3',
    'call-trump-putin-0325',
    callHeld(
      { participants: ['trump', 'putin'], initiator: 'trump', channel: 'PHONE', durationMinutes: 120 },
      { occurredAt: '2025-03-25T09:00:00Z' },
    ),
  );
  await add(
    'C4',
    'call-trump-zelensky-0319',
    callHeld(
      { participants: ['trump', 'zelensky'], initiator: 'trump', channel: 'PHONE', durationMinutes: 60 },
      { occurredAt: '2025-03-19T00:00:00Z', occurredPrecision: 'DAY' },
    ),
  );
  await add(
    'readout',
    'statement-kremlin-readout',
    statementMade(
      { speaker: 'kremlin', text: 'Putin ordered a halt to strikes on energy infrastructure' },
      { occurredAt: '2025-03-18T16:00:00Z', occurredPrecision: 'HOUR' },
    ),
  );
  K1 = await instant();

  await add(
    'C2',
    'call-putin-trump-0320',
    callHeld(
      { participants: ['putin', 'trump'], initiator: 'putin', channel: 'VIDEO' },
      { occurredAt: '2025-03-20T10:30:00Z' },
    ),
  );
  await add(
    'C5',
    'call-waltz-ushakov-0321',
    callHeld(
      { participants: ['waltz', 'ushakov'], initiator: 'waltz', channel: 'PHONE', durationMinutes: 30 },
      { occurredAt: '2025-03-21T09:00:00Z' },
    ),
  );
  await add(
    'pledge',
    'pledge-energy',
    pledgeMade({}, { occurredAt: '2025-03-18T16:00:00Z', occurredPrecision: 'HOUR' }),
  );
  await add(
    'strike',
    'strike-sloviansk',
    strikeReported({}, { occurredAt: '2025-03-18T17:00:00Z', occurredPrecision: 'HOUR' }),
  );
  await add(
    'zelensky',
    'statement-zelensky',
    statementMade({ speaker: 'zelensky', text: 'at odds with reality' }, { occurredAt: '2025-03-19T12:00:00Z' }),
  );
  await add(
    'demand',
    'demand-one-on-one',
    demandMade({}, { occurredAt: '2025-03-22T00:00:00Z', occurredPrecision: 'DAY' }),
  );
  await add(
    'meeting',
    'meeting-riyadh',
    meetingHeld({ participants: ['waltz', 'ushakov'] }, { occurredAt: '2025-03-24T10:00:00Z' }),
  );
  K2 = await instant();

  await add(
    'C7',
    'call-trump-putin-0326',
    callHeld(
      { participants: ['trump', 'putin'], initiator: 'trump', channel: 'PHONE', durationMinutes: 45 },
      { occurredAt: '2025-03-26T15:00:00Z' },
    ),
  );
  K3 = await instant();
  await add(
    'retraction',
    'call-trump-putin-0326',
    eventRetracted(e.C7, { reason: 'the call did not take place' }, { occurredAt: '2025-03-27T08:00:00Z' }),
  );
  K4 = await instant();
  await add(
    'correction',
    'call-trump-putin-0318',
    eventCorrected(
      e.C1,
      {
        data: { ...C1_DATA, durationMinutes: 75, participants: [...C1_DATA.participants], topics: [...C1_DATA.topics] },
        occurredPrecision: undefined,
        reason: 'the call lasted 75 minutes',
      },
      { occurredAt: '2025-03-19T08:00:00Z' },
    ),
  );
});

afterAll(() => t?.close());

describe('calls', () => {
  it('lists every call in valid-time order with participants, time, precision, duration and channel', async () => {
    expect(await calls()).toEqual([C1(), C4(), C2(), C5(), C3()]);
  });

  it("actorId finds the calls of the actor and of everyone who acts for it (russia: putin's, and ushakov's through putin)", async () => {
    expect(await calls({ actorId: 'russia' })).toEqual([C1(), C2(), C5(), C3()]);
    expect(await calls({ actorId: 'putin' })).toEqual([C1(), C2(), C5(), C3()]);
    expect(await calls({ actorId: 'ushakov' })).toEqual([C5()]);
    expect(await calls({ actorId: 'ukraine' })).toEqual([C4()]);
    expect(await calls({ actorId: 'zelensky' })).toEqual([C4()]);
    expect(await calls({ actorId: 'us' })).toEqual([C1(), C4(), C2(), C5(), C3()]);
    expect(await calls({ actorId: 'kremlin' })).toEqual([]);
    expect(await calls({ actorId: 'saudi-arabia' })).toEqual([]);
  });

  it('from is inclusive, to is exclusive', async () => {
    expect(await calls({ from: '2025-03-20T10:30:00Z', to: '2025-03-25T09:00:00Z' })).toEqual([C2(), C5()]);
    expect(await calls({ from: '2025-03-20T10:30:00.001Z', to: '2025-03-25T09:00:00.001Z' })).toEqual([C5(), C3()]);
    expect(await calls({ from: '2025-03-25T09:00:00Z' })).toEqual([C3()]);
    expect(await calls({ to: '2025-03-18T14:00:00Z' })).toEqual([]);
    expect(await calls({ actorId: 'russia', from: '2025-03-19T00:00:00Z', to: '2025-03-22T00:00:00Z' })).toEqual([
      C2(),
      C5(),
    ]);
  });

  it('asOf leaves out calls that occurred later (asOf itself included)', async () => {
    expect(await calls({ asOf: '2025-03-21T09:00:00Z' })).toEqual([C1(), C4(), C2(), C5()]);
    expect(await calls({ asOf: '2025-03-21T08:59:59Z', actorId: 'russia' })).toEqual([C1(), C2()]);
    expect(await calls({ asOf: '2025-03-18T13:59:59Z' })).toEqual([]);
  });

  it('knownAt gives the record as it stood: calls recorded later are left out, the retracted call is there before its retraction, the old duration before the correction', async () => {
    expect(await calls({ knownAt: K1 })).toEqual([C1(90), C4(), C3()]);
    expect(await calls({ knownAt: K2 })).toEqual([C1(90), C4(), C2(), C5(), C3()]);
    expect(await calls({ knownAt: K3 })).toEqual([C1(90), C4(), C2(), C5(), C3(), C7()]);
    expect(await calls({ knownAt: K4 })).toEqual([C1(90), C4(), C2(), C5(), C3()]);
    expect(await calls({ knownAt: K3, asOf: '2025-03-20T00:00:00Z' })).toEqual([C1(90), C4()]);
    expect(await calls({ knownAt: K1, actorId: 'russia', from: '2025-03-19T00:00:00Z' })).toEqual([C3()]);
  });

  it('a retracted call disappears; a corrected duration shows the corrected value', async () => {
    const now = await calls();
    expect(now.map((c) => c.event.id)).not.toContain(e.C7);
    expect(now[0]).toEqual(C1(75));
    expect(await calls({ from: '2025-03-26T00:00:00Z' })).toEqual([]);
  });

  it('every answer carries the log position it reflects', async () => {
    const head_ = await withPg(
      t.database.url,
      async (client) => (await client.query('SELECT last_position::text AS p FROM log_head')).rows[0].p as string,
    );
    expect(head_).toBe(head);
    expect((await calls()).map((c) => c.position)).toEqual([head, head, head, head, head]);
    expect((await callPairs()).map((p) => p.position)).toEqual([head, head, head]);
  });

  it('an unknown actorId answers BAD_USER_INPUT naming actorId; from not before to answers BAD_USER_INPUT naming to', async () => {
    for (const field of ['calls', 'callPairs']) {
      const res = await t.gql(
        `query($actorId: ID) { ${field}(actorId: $actorId) { __typename } }`,
        { actorId: 'nobody' },
        null,
      );
      expect(res.data?.[field] ?? null).toBeNull();
      expect(errorOf(res)).toMatchObject({ code: 'BAD_USER_INPUT', paths: ['actorId'] });
      expect(errorOf(res).message).toContain('actorId');
      expect(errorOf(res).message).toContain('nobody');
      const window = await t.gql(
        `{ ${field}(from: "2025-03-20T00:00:00Z", to: "2025-03-20T00:00:00Z") { __typename } }`,
        {},
        null,
      );
      expect(errorOf(window)).toMatchObject({ code: 'BAD_USER_INPUT', paths: ['to'] });
    }
  });
});

describe('callPairs', () => {
  it('counts how often each pair spoke and when first and last, most recent first', async () => {
    expect(await callPairs()).toEqual([
      pair(['putin', 'trump'], 3, '2025-03-18T14:00:00.000Z', '2025-03-25T09:00:00.000Z', 'C3'),
      pair(['ushakov', 'waltz'], 1, '2025-03-21T09:00:00.000Z', '2025-03-21T09:00:00.000Z', 'C5'),
      pair(['trump', 'zelensky'], 1, '2025-03-19T00:00:00.000Z', '2025-03-19T00:00:00.000Z', 'C4'),
    ]);
  });

  it('respects actorId (with those who act for it)', async () => {
    expect(await callPairs({ actorId: 'ukraine' })).toEqual([
      pair(['trump', 'zelensky'], 1, '2025-03-19T00:00:00.000Z', '2025-03-19T00:00:00.000Z', 'C4'),
    ]);
    expect(await callPairs({ actorId: 'russia' })).toEqual([
      pair(['putin', 'trump'], 3, '2025-03-18T14:00:00.000Z', '2025-03-25T09:00:00.000Z', 'C3'),
      pair(['ushakov', 'waltz'], 1, '2025-03-21T09:00:00.000Z', '2025-03-21T09:00:00.000Z', 'C5'),
    ]);
    expect(await callPairs({ actorId: 'kremlin' })).toEqual([]);
  });

  it('respects the window [from, to), asOf and knownAt', async () => {
    expect(await callPairs({ from: '2025-03-19T00:00:00Z', to: '2025-03-25T09:00:00Z' })).toEqual([
      pair(['ushakov', 'waltz'], 1, '2025-03-21T09:00:00.000Z', '2025-03-21T09:00:00.000Z', 'C5'),
      pair(['putin', 'trump'], 1, '2025-03-20T10:30:00.000Z', '2025-03-20T10:30:00.000Z', 'C2'),
      pair(['trump', 'zelensky'], 1, '2025-03-19T00:00:00.000Z', '2025-03-19T00:00:00.000Z', 'C4'),
    ]);
    expect(await callPairs({ actorId: 'russia', asOf: '2025-03-21T00:00:00Z' })).toEqual([
      pair(['putin', 'trump'], 2, '2025-03-18T14:00:00.000Z', '2025-03-20T10:30:00.000Z', 'C2'),
    ]);
    // before the retraction the retracted call counted
    expect(await callPairs({ actorId: 'putin', knownAt: K3 })).toEqual([
      pair(['putin', 'trump'], 4, '2025-03-18T14:00:00.000Z', '2025-03-26T15:00:00.000Z', 'C7'),
      pair(['ushakov', 'waltz'], 1, '2025-03-21T09:00:00.000Z', '2025-03-21T09:00:00.000Z', 'C5'),
    ]);
    expect(await callPairs({ knownAt: K1 })).toEqual([
      pair(['putin', 'trump'], 2, '2025-03-18T14:00:00.000Z', '2025-03-25T09:00:00.000Z', 'C3'),
      pair(['trump', 'zelensky'], 1, '2025-03-19T00:00:00.000Z', '2025-03-19T00:00:00.000Z', 'C4'),
    ]);
  });
});

describe('actor timeline', () => {
  // russia's events by valid time (then position), the retracted call left out; the amendments
  // name events of putin, so they involve him too.
  const russia = () => [
    e.C1,
    e.readout,
    e.pledge,
    e.strike,
    e.correction,
    e.C2,
    e.C5,
    e.demand,
    e.meeting,
    e.C3,
    e.retraction,
  ];

  it("holds the actor's events and those of everyone who acts for it, in occurredAt order", async () => {
    const all = await timeline('russia');
    expect(all.ids).toEqual(russia());
    expect(all.totalCount).toBe(russia().length);
    const times = all.nodes.map((n) => Date.parse(n.occurredAt));
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    // putin's: his own and ushakov's, not the Kremlin's readout nor russia's strike
    expect((await timeline('putin')).ids).toEqual([
      e.C1,
      e.pledge,
      e.correction,
      e.C2,
      e.C5,
      e.demand,
      e.meeting,
      e.C3,
      e.retraction,
    ]);
    expect((await timeline('ushakov')).ids).toEqual([e.C5, e.meeting]);
    expect((await timeline('ukraine')).ids).toEqual([e.C4, e.zelensky]);
    expect((await timeline('saudi-arabia')).ids).toEqual([]);
  });

  it('asOf cuts events that occurred later', async () => {
    expect((await timeline('russia', { asOf: '2025-03-21T09:00:00Z' })).ids).toEqual([
      e.C1,
      e.readout,
      e.pledge,
      e.strike,
      e.correction,
      e.C2,
      e.C5,
    ]);
    expect((await timeline('russia', { asOf: '2025-03-18T16:59:59Z' })).ids).toEqual([e.C1, e.readout, e.pledge]);
    expect((await timeline('russia', { asOf: '2025-03-18T13:59:59Z' })).totalCount).toBe(0);
  });

  it('knownAt cuts events recorded later (and shows the retracted call as it stood)', async () => {
    expect((await timeline('russia', { knownAt: K1 })).ids).toEqual([e.C1, e.readout, e.C3]);
    expect((await timeline('russia', { knownAt: K2 })).ids).toEqual([
      e.C1,
      e.readout,
      e.pledge,
      e.strike,
      e.C2,
      e.C5,
      e.demand,
      e.meeting,
      e.C3,
    ]);
    expect((await timeline('russia', { knownAt: K3 })).ids).toEqual([
      e.C1,
      e.readout,
      e.pledge,
      e.strike,
      e.C2,
      e.C5,
      e.demand,
      e.meeting,
      e.C3,
      e.C7,
    ]);
    expect((await timeline('russia', { knownAt: K4 })).ids).toEqual([
      e.C1,
      e.readout,
      e.pledge,
      e.strike,
      e.C2,
      e.C5,
      e.demand,
      e.meeting,
      e.C3,
      e.retraction,
    ]);
  });

  it('asOf and knownAt together', async () => {
    expect((await timeline('russia', { asOf: '2025-03-20T00:00:00Z', knownAt: K1 })).ids).toEqual([e.C1, e.readout]);
    expect((await timeline('russia', { asOf: '2025-03-27T00:00:00Z', knownAt: K3 })).ids).toEqual([
      e.C1,
      e.readout,
      e.pledge,
      e.strike,
      e.C2,
      e.C5,
      e.demand,
      e.meeting,
      e.C3,
      e.C7,
    ]);
  });
});

describe('a correction of who took part', () => {
  it('finds the call under its corrected participants (corrected events count as corrected)', async () => {
    await add(
      'C8',
      'call-trump-zelensky-0328',
      callHeld(
        { participants: ['trump', 'zelensky'], initiator: 'trump', channel: 'PHONE' },
        { occurredAt: '2025-03-28T12:00:00Z' },
      ),
    );
    await add(
      'C8fix',
      'call-trump-zelensky-0328',
      eventCorrected(e.C8, {
        data: { participants: ['trump', 'putin'], initiator: 'trump', channel: 'PHONE' },
        occurredPrecision: undefined,
        reason: 'it was Putin on the line',
      }),
    );
    const corrected = call('C8', ['trump', 'putin'], 'trump', '2025-03-28T12:00:00.000Z', 'MINUTE', null, 'PHONE');
    expect(await calls({ from: '2025-03-28T00:00:00Z' })).toEqual([corrected]);
    expect(await calls({ actorId: 'ukraine', from: '2025-03-28T00:00:00Z' })).toEqual([]);
    expect(await calls({ actorId: 'russia', from: '2025-03-28T00:00:00Z' })).toEqual([corrected]);
    expect(await callPairs({ actorId: 'russia' })).toEqual([
      pair(['putin', 'trump'], 4, '2025-03-18T14:00:00.000Z', '2025-03-28T12:00:00.000Z', 'C8'),
      pair(['ushakov', 'waltz'], 1, '2025-03-21T09:00:00.000Z', '2025-03-21T09:00:00.000Z', 'C5'),
    ]);
  });
});
