/**
 * The agreements read model over GraphQL and WebSocket, against the real app: `agreements` with its
 * filters (kinds, states, an actor and anyone acting for it) and their refusals, `agreement` with
 * every link resolved (actors, events, the counter-proposal of a party and of an agreement, read at
 * the answer's moment), `agreementChanged` over graphql-ws, and the second edition's new fields on
 * ceasefires and pledges. The rules themselves are tested in the fold specs and on the services
 * (test/integration/agreements.test.ts).
 */
import { type Client, createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { type RawEvent, appendEvents, errorOf, rawEvent, registerActors, source } from '../support/fixtures.js';
import { type TestApp, startTestApp } from '../support/test-app.js';

const EXCHANGE = 'agreement-istanbul-exchange';
const THIRTY_DAYS = 'proposal-30-day-may';
const ISTANBUL = 'proposal-istanbul-talks';
const BLACK_SEA = 'proposal-black-sea';

const ev = (type: string, data: Record<string, unknown>, occurredAt: string, precision = 'DAY'): RawEvent =>
  rawEvent(type, data, {
    occurredAt,
    occurredPrecision: precision,
    sources: [source({ publisher: 'Reuters' })],
  });
const prisoners = (count: number, from: string, to: string) => ({ what: 'prisoners of war', count, from, to });

describe('the agreements read model over GraphQL', () => {
  let t: TestApp;
  let head = '0';

  async function append(streamId: string, ...events: RawEvent[]) {
    const result = await appendEvents(t, { streamId, events });
    head = result.lastPosition;
    return result;
  }

  async function query(text: string, variables: Record<string, unknown> = {}): Promise<any> {
    const res = await t.gql(text, { p: head, ...variables });
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    return res.data;
  }

  beforeAll(async () => {
    t = await startTestApp();
    await registerActors(t);
    for (const [id, name, kind, represents] of [
      ['turkey', 'Türkiye', 'STATE', null],
      ['fidan', 'Hakan Fidan', 'PERSON', 'turkey'],
      ['uk', 'United Kingdom', 'STATE', null],
    ]) {
      const res = await t.gql(`mutation($input: RegisterActorInput!) { registerActor(input: $input) { id } }`, {
        input: { id, name, kind, represents },
      });
      if (res.errors) throw new Error(JSON.stringify(res.errors));
    }
    await append(
      THIRTY_DAYS,
      ev(
        'PROPOSAL_MADE',
        {
          proposers: ['uk', 'zelensky'],
          parties: ['ukraine', 'russia'],
          title: 'Unconditional 30-day ceasefire from 12 May',
          terms: { kind: 'CEASEFIRE', durationDays: 30, unconditional: true },
          backers: ['us'],
        },
        '2025-05-10T12:00:00Z',
        'HOUR',
      ),
    );
    await append(
      ISTANBUL,
      ev(
        'PROPOSAL_MADE',
        {
          proposers: ['ushakov'],
          parties: ['ukraine', 'russia'],
          title: 'Direct talks in Istanbul on 15 May',
          terms: { kind: 'OTHER' },
          counterTo: THIRTY_DAYS,
          mediators: ['turkey'],
        },
        '2025-05-11T00:00:00Z',
        'HOUR',
      ),
    );
    await append(
      EXCHANGE,
      ev(
        'AGREEMENT_REACHED',
        {
          parties: ['ukraine', 'russia'],
          title: '1,000-for-1,000 prisoner exchange',
          terms: {
            kind: 'PRISONER_EXCHANGE',
            quantities: [prisoners(1000, 'russia', 'ukraine'), prisoners(1000, 'ukraine', 'russia')],
          },
          mediators: ['fidan'],
        },
        '2025-05-16T15:00:00Z',
        'HOUR',
      ),
    );
    await append(
      BLACK_SEA,
      ev(
        'PROPOSAL_MADE',
        {
          proposers: ['us'],
          parties: ['ukraine', 'russia'],
          title: 'Black Sea ceasefire',
          terms: { kind: 'CEASEFIRE', scope: 'MARITIME' },
        },
        '2025-03-25T00:00:00Z',
      ),
      ev('PROPOSAL_ACCEPTED', { party: 'ukraine' }, '2025-03-25T00:00:00Z'),
      ev(
        'PROPOSAL_ACCEPTED',
        { party: 'kremlin', conditions: ['lifting sanctions on Rosselkhozbank'] },
        '2025-03-25T00:00:00Z',
      ),
    );
  }, 60_000);

  afterAll(() => t?.close());

  it('lists every kind, filtered by kind, state, and an actor with anyone acting for it', async () => {
    const ids = async (args: string) =>
      (await query(`query($p: BigInt) { agreements(minPosition: $p${args}) { id } }`)).agreements.map(
        (a: { id: string }) => a.id,
      );
    expect(await ids('')).toEqual([EXCHANGE, THIRTY_DAYS, ISTANBUL, BLACK_SEA].sort());
    expect(await ids(', kinds: [PRISONER_EXCHANGE, OTHER]')).toEqual([EXCHANGE, ISTANBUL]);
    expect(await ids(', states: [CONDITIONALLY_AGREED]')).toEqual([BLACK_SEA]);
    expect(await ids(', states: [AGREED], kinds: [CEASEFIRE]')).toEqual([]);
    // putin: ushakov acts for him (the Istanbul proposer); turkey: fidan mediates for it; uk: a proposer.
    expect(await ids(', actorId: "putin"')).toEqual([ISTANBUL]);
    expect(await ids(', actorId: "turkey"')).toEqual([EXCHANGE, ISTANBUL]);
    expect(await ids(', actorId: "us"')).toEqual([THIRTY_DAYS, BLACK_SEA]);
  });

  it('refuses an unknown actor and an over-long list with BAD_USER_INPUT naming the argument', async () => {
    const unknown = await t.gql(`{ agreements(actorId: "nobody") { id } }`);
    expect(errorOf(unknown)).toMatchObject({ code: 'BAD_USER_INPUT', paths: ['actorId'] });
    expect(errorOf(unknown).message).toContain('unknown actor "nobody"');
    const many = await t.gql(`query($k: [AgreementKind!]) { agreements(kinds: $k) { id } }`, {
      k: Array.from({ length: 21 }, () => 'OTHER'),
    });
    expect(errorOf(many).code).toBe('BAD_USER_INPUT');
    expect(errorOf(many).paths).toEqual(['kinds']);
    const badId = await t.gql(`{ agreement(id: "Not A Stream") { id } }`);
    expect(errorOf(badId)).toMatchObject({ code: 'BAD_USER_INPUT', paths: ['id'] });
    expect((await query(`{ agreement(id: "proposal-none") { id } }`)).agreement).toBeNull();
  });

  it('answers an agreement with its links resolved: stances, counter-proposals (both ways), quantities, mediators, history', async () => {
    const data = await query(
      `query($p: BigInt, $at: DateTime) {
        answered: agreement(id: "${THIRTY_DAYS}", minPosition: $p, asOf: $at) {
          kind state proposers { id } backers { id }
          parties { actor { id } stance pendingFor { minSeconds maxSeconds text } counterProposal { id title state proposers { id } } event { id } }
          counterProposals { id counterTo { id } mediators { id } }
        }
        exchange: agreement(id: "${EXCHANGE}", minPosition: $p) {
          kind state agreedAt mediators { id name }
          quantities { what count atLeast from { id } to { id } }
          implementation { status startedAt completedAt progress { what from { id } to { id } agreed reported } reports { at } }
          history { state at event { type } }
        }
      }`,
      { at: '2025-05-14T12:00:00Z' },
    );
    expect(data.answered).toMatchObject({
      kind: 'CEASEFIRE',
      state: 'PARTIALLY_ACCEPTED',
      proposers: [{ id: 'uk' }, { id: 'zelensky' }],
      backers: [{ id: 'us' }],
      counterProposals: [{ id: ISTANBUL, counterTo: { id: THIRTY_DAYS }, mediators: [{ id: 'turkey' }] }],
    });
    const [ukraine, russia] = data.answered.parties;
    expect(ukraine).toMatchObject({
      actor: { id: 'ukraine' },
      stance: 'ACCEPTED',
      pendingFor: null,
      counterProposal: null,
    });
    expect(russia).toEqual({
      actor: { id: 'russia' },
      stance: 'PENDING',
      pendingFor: { minSeconds: 3 * 86_400 + 23 * 3_600, maxSeconds: 4 * 86_400, text: '3d 23h-4d' },
      counterProposal: {
        id: ISTANBUL,
        title: 'Direct talks in Istanbul on 15 May',
        state: 'PARTIALLY_ACCEPTED',
        proposers: [{ id: 'ushakov' }],
      },
      event: null,
    });
    expect(data.exchange).toEqual({
      kind: 'PRISONER_EXCHANGE',
      state: 'AGREED',
      agreedAt: '2025-05-16T15:00:00.000Z',
      mediators: [{ id: 'fidan', name: 'Hakan Fidan' }],
      quantities: [
        { what: 'prisoners of war', count: 1000, atLeast: false, from: { id: 'russia' }, to: { id: 'ukraine' } },
        { what: 'prisoners of war', count: 1000, atLeast: false, from: { id: 'ukraine' }, to: { id: 'russia' } },
      ],
      implementation: {
        status: 'NOT_STARTED',
        startedAt: null,
        completedAt: null,
        progress: [
          { what: 'prisoners of war', from: { id: 'russia' }, to: { id: 'ukraine' }, agreed: 1000, reported: 0 },
          { what: 'prisoners of war', from: { id: 'ukraine' }, to: { id: 'russia' }, agreed: 1000, reported: 0 },
        ],
        reports: [],
      },
      history: [{ state: 'AGREED', at: '2025-05-16T15:00:00.000Z', event: { type: 'AGREEMENT_REACHED' } }],
    });
  });

  it('reads a linked agreement at the moment of the answer that names it', async () => {
    const before = await query(
      `query($p: BigInt) { agreement(id: "${THIRTY_DAYS}", minPosition: $p, asOf: "2025-05-10T23:00:00Z") { counterProposals { id } parties { counterProposal { id } } } }`,
    );
    expect(before.agreement).toEqual({
      counterProposals: [],
      parties: [{ counterProposal: null }, { counterProposal: null }],
    });
  });

  it('a conditional acceptance is CONDITIONALLY_AGREED for the ceasefire too, with its pending conditions, and never in force', async () => {
    const data = await query(
      `query($p: BigInt) { ceasefire(id: "${BLACK_SEA}", minPosition: $p) { state effectiveFrom terminatedAt parties { actor { id } stance conditions conditionsPending conditionsMetAt } } }`,
    );
    expect(data.ceasefire).toEqual({
      state: 'CONDITIONALLY_AGREED',
      effectiveFrom: null,
      terminatedAt: null,
      parties: [
        { actor: { id: 'ukraine' }, stance: 'ACCEPTED', conditions: [], conditionsPending: [], conditionsMetAt: null },
        {
          actor: { id: 'russia' },
          stance: 'CONDITIONALLY_ACCEPTED',
          conditions: ['lifting sanctions on Rosselkhozbank'],
          conditionsPending: ['lifting sanctions on Rosselkhozbank'],
          conditionsMetAt: null,
        },
      ],
    });
    const listed = await query(
      `query($p: BigInt) { ceasefires(minPosition: $p, states: [CONDITIONALLY_AGREED]) { id } }`,
    );
    expect(listed.ceasefires).toEqual([{ id: BLACK_SEA }]);
  });

  it('agreementChanged delivers the new state of the agreement named, and of every one without an id', async () => {
    const client: Client = createClient({
      url: t.url.replace('http', 'ws') + '/graphql',
      webSocketImpl: WebSocket,
      retryAttempts: 0,
    });
    const named: any[] = [];
    const all: any[] = [];
    const failures: unknown[] = [];
    const listen = (query: string, into: any[]) =>
      client.subscribe<{ agreementChanged: any }>(
        { query },
        { next: (m) => into.push(m.data?.agreementChanged), error: (e) => failures.push(e), complete: () => undefined },
      );
    const until = async (done: () => boolean, act?: () => Promise<unknown>) => {
      for (let i = 0; i < 100 && !done(); i++) {
        if (act) await act();
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      if (!done()) throw new Error(`not delivered: ${JSON.stringify({ named, all, failures })}`);
    };
    try {
      const fields = 'id position state implementation { status progress { reported } }';
      const stopNamed = listen(`subscription { agreementChanged(id: "${EXCHANGE}") { ${fields} } }`, named);
      const stopAll = listen(`subscription { agreementChanged { ${fields} } }`, all);
      // A sentinel subject changes until a change of it arrives: then both subscriptions are live.
      let flip = false;
      await append(
        'proposal-sentinel',
        ev(
          'PROPOSAL_MADE',
          { proposers: ['us'], parties: ['ukraine', 'russia'], title: 'sentinel', terms: { kind: 'OTHER' } },
          '2025-01-01T00:00:00Z',
        ),
      );
      await until(
        () => all.some((a) => a.id === 'proposal-sentinel'),
        () => {
          flip = !flip;
          return append(
            'proposal-sentinel',
            ev(flip ? 'PROPOSAL_ACCEPTED' : 'PROPOSAL_REJECTED', { party: 'ukraine' }, '2025-01-02T00:00:00Z'),
          );
        },
      );
      const stage = await append(
        EXCHANGE,
        ev(
          'IMPLEMENTATION_REPORTED',
          {
            reportedBy: 'zelensky',
            stage: 'first',
            quantities: [prisoners(390, 'russia', 'ukraine'), prisoners(390, 'ukraine', 'russia')],
            text: '390 for 390',
          },
          '2025-05-23T12:00:00Z',
        ),
      );
      const expected = {
        id: EXCHANGE,
        position: stage.lastPosition,
        state: 'AGREED',
        implementation: { status: 'IN_PROGRESS', progress: [{ reported: 390 }, { reported: 390 }] },
      };
      await until(() => named.length > 0 && all.some((a) => a.id === EXCHANGE));
      stopNamed();
      stopAll();
      expect(failures).toEqual([]);
      expect(named).toEqual([expected]);
      expect(all.filter((a) => a.id === EXCHANGE)).toEqual([expected]);
    } finally {
      await client.dispose();
    }
  });
});
