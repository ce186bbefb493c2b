/**
 * The bundled demo timeline (data/demo-timeline.json), loaded through the normal paths: every
 * actor and event arrives, a second load appends nothing, it holds what the catalogue's seed
 * section lists, every event is sourced by a verbatim quote of the 2025-03-19 article, and the
 * actor filter follows `represents` (russia finds putin's pledge).
 */
import fs from 'node:fs';
import path from 'node:path';
import { ActorsService } from '../../src/actors/actors.service.js';
import { loadDemoTimeline, readDemoTimeline } from '../../src/demo/demo-loader.js';
import { EventStoreService } from '../../src/events/event-store.service.js';
import { type TestApp, startTestApp } from '../support/test-app.js';
import { storeState } from '../support/fixtures.js';

const ARTICLE = fs.readFileSync(path.join(process.cwd(), 'data/article-2025-03-19.txt'), 'utf8');
const timeline = readDemoTimeline();
const demoEventIds = timeline.appends.flatMap((append) => append.events.map((event) => String(event.id).toLowerCase()));

const HOUR = 3600_000;

const EVENT_FIELDS = `
  __typename id type streamId occurredAt occurredPrecision summary cameoCode
  actors { id }
  sources { publisher quotedText }
  ... on CallHeld { participants { id represents { id } } durationMinutes }
  ... on StatementMade { speaker { id } text venue }
  ... on ClaimDisputed { by { id } text disputedEventId disputedEvent { id type } }
  ... on DemandMade { by { id represents { id } } addressee { id } demand }
  ... on ProposalMade { proposers { id } parties { id } title terms { kind scope durationDays unconditional } }
  ... on ProposalAccepted { party { id } conditions }
  ... on ProposalRejected { party { id } }
  ... on PledgeMade { by { id represents { id } } commitment { action targetCategory text } durationDays }
  ... on StrikeReported { attacker { id } targetCategory place }
  ... on ViolationReported { violator { id } evidenceEventIds }
`;

let t: TestApp;
let events: any[];
let firstLoad: { actors: number; appended: number; alreadyStored: number };

beforeAll(async () => {
  t = await startTestApp();
  firstLoad = await loadDemoTimeline(t.app.get(ActorsService), t.app.get(EventStoreService));
  const res = await t.gql(`{ events(first: 500) { totalCount edges { node { ${EVENT_FIELDS} } } } }`, {}, null);
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  events = res.data.events.edges.map((edge: { node: unknown }) => edge.node);
});

afterAll(() => t?.close());

const ofType = (type: string) => events.filter((event) => event.type === type);
const at = (event: { occurredAt: string }) => Date.parse(event.occurredAt);
const day = (event: { occurredAt: string }) => event.occurredAt.slice(0, 10);

describe('loading the demo', () => {
  it('registers every actor, with its principal', async () => {
    expect(firstLoad.actors).toBe(timeline.actors.length);
    const res = await t.gql(`{ actors { id name kind represents { id } } }`, {}, null);
    expect(res.errors).toBeUndefined();
    const byId = new Map(res.data.actors.map((actor: { id: string }) => [actor.id, actor]));
    expect([...byId.keys()].sort()).toEqual(timeline.actors.map((actor) => actor.id).sort());
    for (const actor of timeline.actors) {
      expect(byId.get(actor.id)).toEqual({
        id: actor.id,
        name: actor.name,
        kind: actor.kind,
        represents: actor.represents ? { id: actor.represents } : null,
      });
    }
  });

  it('appends every event of the timeline', async () => {
    expect(firstLoad).toMatchObject({ appended: demoEventIds.length, alreadyStored: 0 });
    expect(events.map((event) => event.id).sort()).toEqual([...demoEventIds].sort());
    const state = await storeState(t.database.url);
    expect(state.events).toBe(demoEventIds.length);
    expect(state.head).toBe(String(demoEventIds.length));
  });

  it('loading again appends nothing and changes nothing', async () => {
    const before = await storeState(t.database.url);
    const again = await loadDemoTimeline(t.app.get(ActorsService), t.app.get(EventStoreService));
    expect(again).toEqual({ actors: timeline.actors.length, appended: 0, alreadyStored: demoEventIds.length });
    expect(await storeState(t.database.url)).toEqual(before);
  });
});

describe('what the catalogue seed section lists', () => {
  it('the 30-day proposal by the US to ukraine and russia, accepted by ukraine, rejected by russia', async () => {
    const res = await t.gql(
      `{ stream(id: "proposal-30-day-ceasefire") { version events { ${EVENT_FIELDS} } } }`,
      {},
      null,
    );
    expect(res.errors).toBeUndefined();
    const stream = res.data.stream.events;
    const proposal = stream.find((e: any) => e.type === 'PROPOSAL_MADE');
    expect(proposal).toMatchObject({
      occurredPrecision: 'DAY',
      proposers: [{ id: 'us' }],
      terms: { kind: 'CEASEFIRE', scope: 'COMPREHENSIVE', durationDays: 30, unconditional: true },
    });
    expect(proposal.parties.map((p: { id: string }) => p.id).sort()).toEqual(['russia', 'ukraine']);
    expect(day(proposal)).toBe('2025-03-11');

    const accepted = stream.filter((e: any) => e.type === 'PROPOSAL_ACCEPTED');
    expect(accepted.map((e: any) => [e.party.id, day(e), e.occurredPrecision])).toEqual([
      ['ukraine', '2025-03-11', 'DAY'],
    ]);
    const rejected = stream.filter((e: any) => e.type === 'PROPOSAL_REJECTED');
    expect(rejected.map((e: any) => [e.party.id, day(e), e.occurredPrecision])).toEqual([
      ['russia', '2025-03-18', 'DAY'],
    ]);
    expect(stream.map((e: any) => e.type)).toEqual(['PROPOSAL_MADE', 'PROPOSAL_ACCEPTED', 'PROPOSAL_REJECTED']);
  });

  it('the pledge by putin (who represents russia) to halt strikes on energy infrastructure for 30 days, made during the Trump–Putin call', () => {
    const pledges = ofType('PLEDGE_MADE');
    expect(pledges).toHaveLength(1);
    const [pledge] = pledges;
    expect(pledge).toMatchObject({
      streamId: 'pledge-russia-energy-strikes',
      by: { id: 'putin', represents: { id: 'russia' } },
      commitment: { action: 'HALT_STRIKES', targetCategory: 'ENERGY_INFRASTRUCTURE' },
      durationDays: 30,
    });
    const call = ofType('CALL_HELD').find((c) => c.participants.some((p: { id: string }) => p.id === 'putin'));
    expect(call).toBeDefined();
    expect(day(pledge)).toBe('2025-03-18');
    // made during the call: not before it, within a few hours of its start
    expect(at(pledge)).toBeGreaterThanOrEqual(at(call));
    expect(at(pledge) - at(call)).toBeLessThan(6 * HOUR);
  });

  it("both strikes: ukraine on the Moscow Oil Refinery (2025-03-11), russia on Sloviansk's energy grid under an hour after the pledge", () => {
    const strikes = ofType('STRIKE_REPORTED');
    expect(strikes).toHaveLength(2);
    const refinery = strikes.find((s) => s.attacker.id === 'ukraine');
    const sloviansk = strikes.find((s) => s.attacker.id === 'russia');
    expect(refinery).toMatchObject({
      targetCategory: 'ENERGY_INFRASTRUCTURE',
      place: expect.stringContaining('Moscow Oil Refinery'),
    });
    expect(day(refinery)).toBe('2025-03-11');
    expect(sloviansk).toMatchObject({
      targetCategory: 'ENERGY_INFRASTRUCTURE',
      place: expect.stringContaining('Sloviansk'),
    });
    expect(day(sloviansk)).toBe('2025-03-18');
    const [pledge] = ofType('PLEDGE_MADE');
    expect(at(sloviansk)).toBeGreaterThanOrEqual(at(pledge));
    expect(at(sloviansk) - at(pledge)).toBeLessThan(HOUR);
  });

  it('the three calls: trump–putin (03-18), trump–zelensky (03-19, 60 minutes), waltz with his Russian counterpart (03-19)', () => {
    const calls = ofType('CALL_HELD');
    expect(calls).toHaveLength(3);
    const ids = (call: any) => call.participants.map((p: { id: string }) => p.id).sort();
    const trumpPutin = calls.find((c) => ids(c).join() === 'putin,trump');
    const trumpZelensky = calls.find((c) => ids(c).join() === 'trump,zelensky');
    const waltz = calls.find((c) => ids(c).includes('waltz'));
    expect(trumpPutin && day(trumpPutin)).toBe('2025-03-18');
    expect(trumpZelensky && day(trumpZelensky)).toBe('2025-03-19');
    expect(trumpZelensky?.durationMinutes).toBe(60);
    expect(waltz && day(waltz)).toBe('2025-03-19');
    const counterpart = waltz.participants.find((p: { id: string }) => p.id !== 'waltz');
    expect(counterpart.represents).toEqual({ id: 'russia' });
  });

  it('the Kremlin claims: the immediate halt order and the demand to end foreign military aid and intelligence', () => {
    const readout = ofType('STATEMENT_MADE').find((s) => s.speaker.id === 'kremlin');
    expect(readout).toBeDefined();
    expect(readout.text).toMatch(/immediately/);
    const aid = ofType('DEMAND_MADE').find((d) => /military aid/.test(d.demand) && /intelligence/.test(d.demand));
    expect(aid).toBeDefined();
    expect(aid.by.represents?.id ?? aid.by.id).toBe('russia');
    expect(day(aid)).toBe('2025-03-18');
    expect(aid.sources.some((s: { publisher: string }) => /Kremlin/.test(s.publisher))).toBe(true);
  });

  it('Zelensky disputes the Kremlin readout ("very much at odds with reality")', () => {
    const readout = ofType('STATEMENT_MADE').find((s) => s.speaker.id === 'kremlin');
    const dispute = ofType('CLAIM_DISPUTED').find((d) => d.by.id === 'zelensky');
    expect(dispute).toBeDefined();
    expect(dispute.text).toContain('very much at odds with reality');
    expect(dispute.disputedEventId).toBe(readout.id);
    expect(dispute.disputedEvent).toEqual({ id: readout.id, type: 'STATEMENT_MADE' });
    expect(dispute.cameoCode).toBe('1123');
  });

  it('Waltz and Trump deny the aid demand', () => {
    const aid = ofType('DEMAND_MADE').find((d) => /military aid/.test(d.demand));
    const denials = ofType('CLAIM_DISPUTED').filter((d) => d.disputedEventId === aid.id);
    expect(denials.map((d) => d.by.id).sort()).toEqual(['trump', 'waltz']);
  });

  it('Trump\'s "very much on track" and Sovsun\'s post', () => {
    const statements = ofType('STATEMENT_MADE');
    const trump = statements.find((s) => s.speaker.id === 'trump');
    expect(trump?.text).toContain('very much on track');
    const sovsun = statements.find((s) => s.speaker.id === 'sovsun');
    expect(sovsun).toBeDefined();
    expect(sovsun.text).toContain('broke his word in less than an hour');
    expect(sovsun.venue).toMatch(/^X\b/);
  });

  it('the one-on-one demand: putin demands one-on-one calls with Washington only', () => {
    const demand = ofType('DEMAND_MADE').find((d) => /one-on-one/.test(d.demand));
    expect(demand).toBeDefined();
    expect(demand.by.id).toBe('putin');
    expect(demand.addressee.id).toBe('us');
  });

  it('every summary is a sentence', () => {
    for (const event of events)
      expect({ id: event.id, ok: /^[A-Z][\s\S]*\.$/.test(event.summary) && event.summary.length <= 300 }).toEqual({
        id: event.id,
        ok: true,
      });
  });
});

describe('sources', () => {
  it('every event has a source whose quotedText occurs verbatim in the 2025-03-19 article', () => {
    const unsourced = events
      .filter(
        (event) =>
          !event.sources.some(
            (source: { quotedText: string | null }) => source.quotedText && ARTICLE.includes(source.quotedText),
          ),
      )
      .map((event) => `${event.type} ${event.id}`);
    expect(unsourced).toEqual([]);
    expect(events.length).toBe(demoEventIds.length);
  });
});

describe('the actor filter follows represents', () => {
  it("filtering by russia finds putin's pledge", async () => {
    const [pledge] = ofType('PLEDGE_MADE');
    const res = await t.gql(
      `{ events(filter: { actorIds: ["russia"] }, first: 500) { totalCount edges { node { id type actors { id } } } } }`,
      {},
      null,
    );
    expect(res.errors).toBeUndefined();
    const found = res.data.events.edges.map((edge: any) => edge.node);
    expect(found.map((e: { id: string }) => e.id)).toContain(pledge.id);
    // and only events involving russia or an actor acting for it
    const russians = new Set(
      timeline.actors.filter((a) => a.id === 'russia' || a.represents === 'russia').map((a) => a.id),
    );
    for (const event of found) expect(event.actors.some((a: { id: string }) => russians.has(a.id))).toBe(true);
    expect(res.data.events.totalCount).toBe(found.length);

    const pledges = await t.gql(
      `{ events(filter: { actorIds: ["russia"], types: [PLEDGE_MADE] }) { edges { node { id } } } }`,
      {},
      null,
    );
    expect(pledges.data.events.edges.map((edge: any) => edge.node.id)).toEqual([pledge.id]);

    const timelineRes = await t.gql(
      `{ actor(id: "russia") { timeline(first: 100) { edges { node { id } } } } }`,
      {},
      null,
    );
    expect(timelineRes.data.actor.timeline.edges.map((edge: any) => edge.node.id)).toContain(pledge.id);
  });
});
