/**
 * The bundled demo timeline (data/demo-timeline.json), loaded through the normal paths: every
 * actor and event arrives, a second load appends nothing, it holds what the catalogue's seed
 * section lists, every event of 11–19 March is sourced by a verbatim quote of the 2025-03-19
 * article, the Black Sea agreement of 25 March (sourced by the official statements and wires) is
 * CONDITIONALLY_AGREED with Russia's conditions pending in the ceasefire and agreements read
 * models, and the actor filter follows `represents` (russia finds putin's pledge).
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

/** What the stream queries ask (a stream's events are unpaged: the cost limit keeps this small). */
const STREAM_FIELDS = `
  __typename id position type streamId occurredAt occurredPrecision summary cameoCode
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

/** What the list of every event asks: the stream fields, the meetings and every field of the sources. */
const EVENT_FIELDS = `
  ${STREAM_FIELDS}
  sources { url title publishedAt }
  ... on MeetingHeld { meetingParticipants: participants { id } meetingPlace: place topics }
`;

let t: TestApp;
let events: any[];
/** The log's head after the load: the read models are projected asynchronously, so their reads wait for it. */
let head: string;
let firstLoad: { actors: number; appended: number; alreadyStored: number };

beforeAll(async () => {
  t = await startTestApp();
  firstLoad = await loadDemoTimeline(t.app.get(ActorsService), t.app.get(EventStoreService));
  const res = await t.gql(`{ events(first: 500) { totalCount edges { node { ${EVENT_FIELDS} } } } }`, {}, null);
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  events = res.data.events.edges.map((edge: { node: unknown }) => edge.node);
  head = String(Math.max(...events.map((event: { position: string }) => Number(event.position))));
  // The call log's readouts come from the claims read model, whose query takes no minPosition: wait here.
  const caughtUp = await t.gql(`{ claims(minPosition: "${head}", first: 1) { event { id } } }`, {}, null);
  if (caughtUp.errors) throw new Error(JSON.stringify(caughtUp.errors));
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
      `{ stream(id: "proposal-30-day-ceasefire") { version events { ${STREAM_FIELDS} } } }`,
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
    const readout = ofType('STATEMENT_MADE').find((s) => s.speaker.id === 'kremlin' && /immediately/.test(s.text));
    expect(readout).toBeDefined();
    const aid = ofType('DEMAND_MADE').find((d) => /military aid/.test(d.demand) && /intelligence/.test(d.demand));
    expect(aid).toBeDefined();
    expect(aid.by.represents?.id ?? aid.by.id).toBe('russia');
    expect(day(aid)).toBe('2025-03-18');
    expect(aid.sources.some((s: { publisher: string }) => /Kremlin/.test(s.publisher))).toBe(true);
  });

  it('Zelensky disputes the Kremlin readout ("very much at odds with reality")', () => {
    const readout = ofType('STATEMENT_MADE').find((s) => s.speaker.id === 'kremlin' && /immediately/.test(s.text));
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

/** The report of 2025-03-19 covers 11 to 19 March; the Black Sea events (23–25 March) have sources of their own. */
const REPORT_ENDS = Date.parse('2025-03-20T00:00:00Z');

describe('sources', () => {
  it('every event of 11–19 March has a source whose quotedText occurs verbatim in the 2025-03-19 article', () => {
    const fromReport = events.filter((event) => at(event) < REPORT_ENDS);
    // The report's 21 events, the correction that links the Kremlin readout to its call, and the readout's words on aid.
    expect(fromReport).toHaveLength(23);
    const unsourced = fromReport
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

  it('every event of 23–25 March cites an official statement and a wire report with its address and quoted words', () => {
    const later = events.filter((event) => at(event) >= REPORT_ENDS);
    expect(later).toHaveLength(5);
    for (const event of later) {
      const sources: Array<{ publisher: string; url: string | null; title: string | null; quotedText: string | null }> =
        event.sources;
      const official = sources.filter((s) => /^The (White House|Kremlin)\b/.test(s.publisher));
      const wires = sources.filter((s) => s.url !== null);
      expect({ id: event.id, official: official.length > 0, wire: wires.length > 0 }).toEqual({
        id: event.id,
        official: true,
        wire: true,
      });
      // Only addresses that were checked: the wires' pages, never a guessed address of an official statement.
      for (const s of wires)
        expect(s.url).toMatch(/^https:\/\/(?!(www\.)?(whitehouse\.gov|kremlin\.ru|en\.kremlin\.ru)\/)/);
      expect(wires.every((s) => s.quotedText && s.title)).toBe(true);
      expect(event.sources.every((s: { publishedAt: string | null }) => s.publishedAt?.startsWith('2025-03-2'))).toBe(
        true,
      );
    }
  });
});

describe('the Black Sea agreement of 25 March 2025', () => {
  const BLACK_SEA = 'proposal-black-sea';

  it('the Riyadh talks: the United States with Ukraine (23 March) and with Russia (24 March)', () => {
    const meetings = ofType('MEETING_HELD');
    expect(
      meetings
        .map((m) => [
          day(m),
          m.occurredPrecision,
          m.meetingPlace,
          m.meetingParticipants.map((p: { id: string }) => p.id),
        ])
        .sort(),
    ).toEqual([
      ['2025-03-23', 'DAY', 'Riyadh, Saudi Arabia', ['us', 'ukraine']],
      ['2025-03-24', 'DAY', 'Riyadh, Saudi Arabia', ['us', 'russia']],
    ]);
  });

  it('is a US proposal, accepted by Ukraine and by Russia on conditions, all on 2025-03-25 (DAY)', async () => {
    const res = await t.gql(`{ stream(id: "${BLACK_SEA}") { events { ${STREAM_FIELDS} } } }`, {}, null);
    expect(res.errors).toBeUndefined();
    const stream = res.data.stream.events;
    expect(stream.map((e: any) => [e.type, day(e), e.occurredPrecision])).toEqual([
      ['PROPOSAL_MADE', '2025-03-25', 'DAY'],
      ['PROPOSAL_ACCEPTED', '2025-03-25', 'DAY'],
      ['PROPOSAL_ACCEPTED', '2025-03-25', 'DAY'],
    ]);
    const [proposal, ukraine, russia] = stream;
    expect(proposal).toMatchObject({
      proposers: [{ id: 'us' }],
      parties: [{ id: 'ukraine' }, { id: 'russia' }],
      terms: { kind: 'CEASEFIRE', scope: 'MARITIME' },
      cameoCode: '0256',
    });
    expect(ukraine).toMatchObject({ party: { id: 'ukraine' }, conditions: [] });
    expect(russia.party).toEqual({ id: 'russia' });
    expect(russia.conditions.length).toBeGreaterThanOrEqual(3);
    expect(russia.conditions.join(' ')).toMatch(/Rosselkhozbank/);
    expect(russia.conditions.join(' ')).toMatch(/SWIFT/);
    for (const condition of russia.conditions) expect(condition.length).toBeLessThanOrEqual(200);
  });

  it('the ceasefire is CONDITIONALLY_AGREED, never in force, with every one of Russia’s conditions pending', async () => {
    const res = await t.gql(
      `{
        ceasefire(id: "${BLACK_SEA}", minPosition: "${head}") {
          state scope agreedAt effectiveFrom
          parties { actor { id } stance conditions conditionsPending conditionsMetAt }
          history { state }
        }
        inForce: ceasefires(states: [IN_FORCE, AGREED, VIOLATED], minPosition: "${head}") { id }
      }`,
      {},
      null,
    );
    expect(res.errors).toBeUndefined();
    const { ceasefire, inForce } = res.data;
    expect(ceasefire).toMatchObject({
      state: 'CONDITIONALLY_AGREED',
      scope: 'MARITIME',
      agreedAt: null,
      effectiveFrom: null,
    });
    const [ukraine, russia] = ceasefire.parties;
    expect(ukraine).toMatchObject({ actor: { id: 'ukraine' }, stance: 'ACCEPTED', conditionsPending: [] });
    expect(russia).toMatchObject({ actor: { id: 'russia' }, stance: 'CONDITIONALLY_ACCEPTED', conditionsMetAt: null });
    expect(russia.conditionsPending).toEqual(russia.conditions);
    expect(russia.conditions.length).toBeGreaterThanOrEqual(3);
    expect(ceasefire.history.map((h: { state: string }) => h.state)).not.toContain('IN_FORCE');
    expect(inForce).toEqual([]);
  });

  it('the agreements read model lists it beside the 30-day cease-fire, and not before it was proposed', async () => {
    const res = await t.gql(
      `{
        agreements(minPosition: "${head}") { id kind state parties { actor { id } stance conditionsPending pendingFor { text } } counterTo { id } }
        before: agreements(asOf: "2025-03-24T12:00:00Z", minPosition: "${head}") { id state }
      }`,
      {},
      null,
    );
    expect(res.errors).toBeUndefined();
    const byId = new Map(res.data.agreements.map((a: { id: string }) => [a.id, a]));
    expect([...byId.keys()].sort()).toEqual(['proposal-30-day-ceasefire', BLACK_SEA]);
    expect(byId.get('proposal-30-day-ceasefire')).toMatchObject({ kind: 'CEASEFIRE', state: 'REJECTED' });
    const blackSea: any = byId.get(BLACK_SEA);
    expect(blackSea).toMatchObject({ kind: 'CEASEFIRE', state: 'CONDITIONALLY_AGREED', counterTo: null });
    expect(
      blackSea.parties.map((p: any) => [p.actor.id, p.stance, p.conditionsPending.length > 0, p.pendingFor]),
    ).toEqual([
      ['ukraine', 'ACCEPTED', false, null],
      ['russia', 'CONDITIONALLY_ACCEPTED', true, null],
    ]);
    expect(res.data.before).toEqual([{ id: 'proposal-30-day-ceasefire', state: 'REJECTED' }]);
  });
});

describe('the claims ledger on the demo', () => {
  it('the Trump–Putin call has the Kremlin’s two readouts and is contested: Zelensky disputes the first', async () => {
    const res = await t.gql(
      `{ calls(actorId: "putin") { event { id } contested readouts { status claimant { id } event { id ... on StatementMade { text } }
           disputes { by { id } text } } } }`,
      {},
      null,
    );
    expect(res.errors).toBeUndefined();
    const [call] = res.data.calls;
    expect(call.event.id).toBe(ofType('CALL_HELD').find((c) => day(c) === '2025-03-18').id);
    expect(call.contested).toBe(true);
    expect(call.readouts.map((r: any) => [r.status, r.claimant.id, r.disputes.map((d: any) => d.by.id)])).toEqual([
      ['DISPUTED', 'kremlin', ['zelensky']],
      ['UNDISPUTED', 'kremlin', []],
    ]);
    expect(call.readouts[0].event.text).toMatch(/immediately/);
    expect(call.readouts[1].event.text).toMatch(/foreign military aid/);
    expect(call.readouts[0].disputes[0].text).toContain('very much at odds with reality');
  });

  it('the disputed claims: the Kremlin readout (by Zelensky) and the aid demand (by Waltz and Trump)', async () => {
    const res = await t.gql(
      `{ claims(status: [DISPUTED], minPosition: "${head}") { claimant { id } event { type } disputes { by { id } } } }`,
      {},
      null,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.claims).toEqual([
      { claimant: null, event: { type: 'DEMAND_MADE' }, disputes: [{ by: { id: 'waltz' } }, { by: { id: 'trump' } }] },
      { claimant: { id: 'kremlin' }, event: { type: 'STATEMENT_MADE' }, disputes: [{ by: { id: 'zelensky' } }] },
    ]);
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
