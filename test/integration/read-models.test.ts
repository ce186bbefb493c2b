/**
 * The ceasefire and pledge read models on the services, on a real PostgreSQL without HTTP: the
 * demo answers, every state on timelines appended through the store, late arrival, retraction and
 * correction, asOf / knownAt alone and together (equal to the projected answer at now),
 * `position`, `minPosition` (read-your-writes while the projector is busy, NOT_CAUGHT_UP, bad
 * input), unknown ids, the violation counts of the brief answers, the projector's status, and the
 * lists' byte order and pages on a table whose collation orders ids otherwise.
 * What only GraphQL or HTTP does (field selection, coercion of literals, the resolvers' id check,
 * /health) is tested in test/e2e/read-models-api.test.ts.
 *
 * The projector runs in the background of each sut; reads pass `minPosition` (the last append's
 * lastPosition) to see their own writes. Built timelines use times relative to NOW (whole
 * minutes) where a state depends on the present (IN_FORCE, AGREED, HOLDING), and fixed dates
 * elsewhere. Each scenario keeps to its own target categories or periods, so the strikes of one
 * cannot break the pledges or ceasefires of another.
 */
import { inspect } from 'node:util';
import { DomainError, ValidationFailed } from '../../src/common/domain-error.js';
import { parseInstant } from '../../src/common/instant.js';
import { loadDemoTimeline } from '../../src/demo/demo-loader.js';
import type { NewEventInput } from '../../src/events/append/append-input.js';
import type { AppendOutcome } from '../../src/events/event-store.service.js';
import type { CeasefireView } from '../../src/read-models/ceasefires/ceasefire.fold.js';
import { CEASEFIRES } from '../../src/read-models/ceasefires/ceasefire.projection.js';
import { toCeasefireModel } from '../../src/read-models/ceasefires/ceasefires.resolver.js';
import type { PledgeModel } from '../../src/read-models/pledges/pledge.model.js';
import { PLEDGES } from '../../src/read-models/pledges/pledge.projection.js';
import { toPledgeModel } from '../../src/read-models/pledges/pledges.resolver.js';
import type { Answer } from '../../src/read-models/projector/subject-reads.service.js';
import type { SubjectProjection } from '../../src/read-models/projector/subject-projection.js';
import { statesFilter } from '../../src/read-models/read-model.args.js';
import { PROJECTIONS } from '../../src/read-models/read-models.js';
import type { ViolationModel } from '../../src/read-models/violations/violation.model.js';
import {
  CAST,
  agreementReached,
  captureInstant,
  conditionsMet,
  connect,
  eventCorrected,
  eventRetracted,
  pledgeMade,
  pledgeWithdrawn,
  proposalAccepted,
  proposalMade,
  proposalRejected,
  statementMade,
  strikeReported,
  violationReported,
  withPg,
} from '../support/fixtures.js';
import { sleep, until } from '../support/wait.js';
import { type Sut, createSut } from './support/sut.js';

const M = 60_000;
const H = 3_600_000;
const D = 86_400_000;
/** "Now" for the built timelines, to the minute (the tests take minutes, the scenarios days). */
const NOW = Math.floor(Date.now() / M) * M;

/** ISO-8601 as the API prints it. */
const iso = (at: number | string) => new Date(at).toISOString();

/**
 * What a test reads of an answer, as a GraphQL selection would name it: `true` for a field taken
 * whole, a nested selection for a field that is an object (or a list of them).
 */
interface Selection {
  [field: string]: true | Selection;
}

const VIOLATION: Selection = { basis: true, at: true, by: { id: true }, event: { id: true, type: true } };
const CEASEFIRE: Selection = {
  id: true,
  title: true,
  scope: true,
  durationDays: true,
  unilateral: true,
  proposers: { id: true },
  parties: { actor: { id: true }, stance: true, at: true, conditions: true },
  state: true,
  proposedAt: true,
  agreedAt: true,
  effectiveFrom: true,
  expiresAt: true,
  violations: VIOLATION,
  history: { state: true, at: true, event: { id: true, type: true } },
  position: true,
};
const PLEDGE: Selection = {
  id: true,
  by: { id: true },
  commitment: true,
  madeAt: true,
  expiresAt: true,
  state: true,
  brokenAt: true,
  lifetime: { minSeconds: true, maxSeconds: true, text: true },
  violations: VIOLATION,
  position: true,
};

/** The fields of `value` that `selection` names (lists element by element, null as null); a field the answer lacks is an error, as in GraphQL. */
function select(value: unknown, selection: Selection): any {
  if (value === null) return null;
  if (Array.isArray(value)) return value.map((item) => select(item, selection));
  const object = value as Record<string, unknown>;
  return Object.fromEntries(
    Object.entries(selection).map(([field, sub]) => {
      if (!(field in object)) throw new Error(`no field ${field} in ${JSON.stringify(object)}`);
      return [field, sub === true ? object[field] : select(object[field], sub)];
    }),
  );
}

interface Temporal {
  asOf?: string;
  knownAt?: string;
  minPosition?: string;
}

type Ref = { id: string; type: string };

const ref = (event: { id: string; type: string }): Ref => ({ id: event.id, type: event.type });
const party = (actor: string, stance: string, at: number | null, conditions: string[] = []) => ({
  actor: { id: actor },
  stance,
  at: at === null ? null : iso(at),
  conditions,
});
const change = (state: string, at: number, event: Ref | null) => ({ state, at: iso(at), event });
const violation = (basis: 'REPORTED' | 'INFERRED', at: number, by: string, event: Ref) => ({
  basis,
  at: iso(at),
  by: { id: by },
  event,
});

/** A DateTime argument as GraphQL parses it (a string it refuses fails the test, as the query would). */
function instant(value: string | undefined): Date | undefined {
  if (value === undefined) return undefined;
  const parsed = parseInstant(value);
  if (!parsed) throw new Error(`not a DateTime: ${value}`);
  return parsed;
}

/** The error a read was refused with (the test fails when it was not). */
async function refusal(read: Promise<unknown>): Promise<DomainError> {
  const error = await read.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof DomainError))
    throw new Error(`expected a DomainError, got ${error === null ? 'an answer' : inspect(error)}`);
  return error;
}

const isoOrNull = (date: Date | null) => (date === null ? null : date.toISOString());

interface Links {
  known(id: string): boolean;
  actor(id: string): { id: string };
  event(id: string | null): Ref | null;
}

/**
 * Reads the read models of one sut; `head` is the last position it appended (read your writes).
 * Answers go through the resolvers' own mapping (toCeasefireModel, toPledgeModel) and are printed
 * as GraphQL prints them: actors as `{ id }`, events as `{ id, type }` (their types from the store),
 * times as ISO strings, positions as strings.
 */
class Reader {
  head = '0';
  constructor(readonly sut: Sut) {}

  /** Appends through the store and remembers the position. */
  async append(streamId: string, ...events: NewEventInput[]): Promise<AppendOutcome> {
    const result = await this.sut.store.append({ streamId, events }, { keyName: 'test' });
    this.head = result.lastPosition;
    return result;
  }

  /** The single event an append of one event stored, as a reference. */
  async one(streamId: string, event: NewEventInput): Promise<Ref & { recordedAt: string }> {
    const [stored] = (await this.append(streamId, event)).events;
    return { id: stored.id, type: stored.type, recordedAt: stored.recordedAt.toISOString() };
  }

  /** Registers the actors of CAST, principals first. */
  async registerActors(): Promise<void> {
    for (const actor of CAST) await this.sut.actors.register(actor);
  }

  /**
   * The answers of `projection`, waiting for this reader's head unless the caller says otherwise;
   * without `violations` in the selection only the earliest is read, as the resolvers do.
   */
  private read<S, V>(
    projection: SubjectProjection<S, V>,
    ids: string[] | null,
    temporal: Temporal,
    selection: Selection,
  ): Promise<Array<Answer<V>>> {
    const t: Temporal = { minPosition: this.head, ...temporal };
    return this.sut.reads.read(projection, ids, {
      asOf: instant(t.asOf),
      knownAt: instant(t.knownAt),
      minPosition: t.minPosition,
      firstViolationOnly: !('violations' in selection),
    });
  }

  /** What GraphQL resolves through its loaders: the actors and events the models name, looked up once. */
  private async links(actorIds: string[], eventIds: string[]): Promise<Links> {
    const [actors, events] = await Promise.all([
      this.sut.actors.byIds(actorIds),
      this.sut.store.findByIds([...new Set(eventIds)]),
    ]);
    const types = new Map(events.map((event) => [event.id, event.type as string]));
    return {
      known: (id: string) => actors.has(id),
      /** A non-null actor field: an unknown actor fails the query. */
      actor: (id: string) => {
        if (!actors.has(id)) throw new Error(`no actor ${id}`);
        return { id };
      },
      /** An event field: null when the event is unknown (a non-null field then fails the query). */
      event: (id: string | null): Ref | null => {
        const type = id === null ? undefined : types.get(id);
        return id === null || type === undefined ? null : { id, type };
      },
    };
  }

  private violationsOut(
    models: Array<{ violations: ViolationModel[]; firstViolation: ViolationModel | null }>,
    links: Links,
  ) {
    const out = (v: ViolationModel) => {
      const event = links.event(v.eventId);
      if (!event) throw new Error(`no event ${v.eventId}`);
      return { basis: v.basis, at: v.at.toISOString(), by: links.actor(v.byId), event };
    };
    return models.map((m) => ({
      violations: m.violations.map(out),
      firstViolation: m.firstViolation && out(m.firstViolation),
    }));
  }

  private async ceasefiresOut(answers: Array<Answer<CeasefireView>>, selection: Selection): Promise<any[]> {
    const models = answers.map((answer) => toCeasefireModel(answer));
    const links = await this.links(
      models.flatMap((m) => [...m.proposerIds, ...m.parties.map((p) => p.actorId), ...m.violations.map((v) => v.byId)]),
      models.flatMap((m) => [
        ...m.violations.map((v) => v.eventId),
        ...m.history.flatMap((h) => (h.eventId === null ? [] : [h.eventId])),
      ]),
    );
    const violations = this.violationsOut(models, links);
    return models.map((m, i) =>
      select(
        {
          id: m.id,
          title: m.title,
          scope: m.scope,
          durationDays: m.durationDays,
          unilateral: m.unilateral,
          // The resolver leaves out proposers it cannot find.
          proposers: m.proposerIds.filter((id) => links.known(id)).map((id) => ({ id })),
          parties: m.parties.map((p) => ({
            actor: links.actor(p.actorId),
            stance: p.stance,
            at: isoOrNull(p.at),
            conditions: p.conditions,
          })),
          state: m.state,
          proposedAt: isoOrNull(m.proposedAt),
          agreedAt: isoOrNull(m.agreedAt),
          effectiveFrom: isoOrNull(m.effectiveFrom),
          expiresAt: isoOrNull(m.expiresAt),
          ...violations[i],
          violationCount: m.violationCount,
          history: m.history.map((h) => ({ state: h.state, at: h.at.toISOString(), event: links.event(h.eventId) })),
          position: m.position,
        },
        selection,
      ),
    );
  }

  private async pledgesOut(models: PledgeModel[], selection: Selection): Promise<any[]> {
    const links = await this.links(
      models.flatMap((m) => [m.byId, ...m.violations.map((v) => v.byId)]),
      models.flatMap((m) => m.violations.map((v) => v.eventId)),
    );
    const violations = this.violationsOut(models, links);
    return models.map((m, i) =>
      select(
        {
          id: m.id,
          by: links.actor(m.byId),
          commitment: m.commitment,
          madeAt: m.madeAt.toISOString(),
          expiresAt: isoOrNull(m.expiresAt),
          state: m.state,
          brokenAt: isoOrNull(m.brokenAt),
          lifetime: m.lifetime && {
            minSeconds: m.lifetime.minSeconds,
            maxSeconds: m.lifetime.maxSeconds,
            text: m.lifetime.text,
          },
          ...violations[i],
          violationCount: m.violationCount,
          position: m.position,
        },
        selection,
      ),
    );
  }

  async ceasefire(id: string, temporal: Temporal = {}, selection: Selection = CEASEFIRE): Promise<any> {
    const [answer] = await this.read(CEASEFIRES, [id], temporal, selection);
    return answer ? (await this.ceasefiresOut([answer], selection))[0] : null;
  }

  async ceasefires(states: string[] | null, temporal: Temporal = {}, selection: Selection = CEASEFIRE): Promise<any[]> {
    const wanted = statesFilter(states);
    const answers = await this.read(CEASEFIRES, null, temporal, selection);
    return this.ceasefiresOut(
      answers.filter((answer) => wanted(answer.view.state)),
      selection,
    );
  }

  async pledge(id: string, temporal: Temporal = {}, selection: Selection = PLEDGE): Promise<any> {
    const [answer] = await this.read(PLEDGES, [id], temporal, selection);
    return answer ? (await this.pledgesOut([toPledgeModel(answer)], selection))[0] : null;
  }

  async pledges(states: string[] | null, temporal: Temporal = {}, selection: Selection = PLEDGE): Promise<any[]> {
    const wanted = statesFilter(states);
    const answers = await this.read(PLEDGES, null, temporal, selection);
    return this.pledgesOut(answers.filter((answer) => wanted(answer.view.state)).map(toPledgeModel), selection);
  }

  /** A moment after everything appended so far was recorded, and before anything appended next. */
  instant(): Promise<string> {
    return withPg(this.sut.database.url, (client) => captureInstant(client));
  }

  logHead(): Promise<string> {
    return this.sut.store.lastPosition();
  }

  /** What /health reports of the log and the projections, from the services it asks. */
  async health(): Promise<{ lastPosition: string; projections: Record<string, { position: string; lag: number }> }> {
    const [lastPosition, projections] = await Promise.all([this.sut.store.lastPosition(), this.sut.projector.status()]);
    return {
      lastPosition,
      projections: Object.fromEntries(projections.map((p) => [p.name, { position: p.position, lag: p.lag }])),
    };
  }
}

const ids = (items: Array<{ id: string }>) => items.map((item) => item.id);

// ---------------------------------------------------------------------------------------------

describe('the demo timeline', () => {
  let sut: Sut;
  let r: Reader;

  beforeAll(async () => {
    sut = await createSut();
    r = new Reader(sut);
    await loadDemoTimeline(sut.actors, sut.store);
    r.head = await r.logHead();
  });

  afterAll(() => sut?.close());

  it('the 30-day ceasefire is REJECTED: ukraine accepted on 2025-03-11, russia rejected on 2025-03-18', async () => {
    const ceasefire = await r.ceasefire('proposal-30-day-ceasefire');
    expect(ceasefire).toEqual({
      id: 'proposal-30-day-ceasefire',
      title: 'Unconditional 30-day cease-fire',
      scope: 'COMPREHENSIVE',
      durationDays: 30,
      unilateral: false,
      proposers: [{ id: 'us' }],
      parties: [
        party('ukraine', 'ACCEPTED', Date.parse('2025-03-11T00:00:00Z')),
        party('russia', 'REJECTED', Date.parse('2025-03-18T00:00:00Z')),
      ],
      state: 'REJECTED',
      proposedAt: '2025-03-11T00:00:00.000Z',
      agreedAt: null,
      effectiveFrom: null,
      expiresAt: null,
      violations: [],
      history: [
        change('PROPOSED', Date.parse('2025-03-11T00:00:00Z'), {
          id: '08a3d5c3-32ac-4b5f-bf0a-1f5898d74b5f',
          type: 'PROPOSAL_MADE',
        }),
        change('PARTIALLY_ACCEPTED', Date.parse('2025-03-11T00:00:00Z'), {
          id: '34516a5d-77ce-4c9a-8a2e-3cbae23cd212',
          type: 'PROPOSAL_ACCEPTED',
        }),
        change('REJECTED', Date.parse('2025-03-18T00:00:00Z'), {
          id: '26251d2e-210a-4a3e-8f77-303ff7d4a08a',
          type: 'PROPOSAL_REJECTED',
        }),
      ],
      position: r.head,
    });
  });

  it('asOf 2025-03-12 the ceasefire is PARTIALLY_ACCEPTED with russia PENDING', async () => {
    const ceasefire = await r.ceasefire('proposal-30-day-ceasefire', { asOf: '2025-03-12T00:00:00Z' });
    expect(ceasefire.state).toBe('PARTIALLY_ACCEPTED');
    expect(ceasefire.parties).toEqual([
      party('ukraine', 'ACCEPTED', Date.parse('2025-03-11T00:00:00Z')),
      party('russia', 'PENDING', null),
    ]);
    expect(ceasefire.history.map((h: { state: string }) => h.state)).toEqual(['PROPOSED', 'PARTIALLY_ACCEPTED']);
    expect(ceasefire.position).toBe(r.head);
  });

  it("russia's energy-strike pledge is BROKEN within the hour: an INFERRED violation (Sloviansk) and a REPORTED one", async () => {
    const pledge = await r.pledge('pledge-russia-energy-strikes');
    expect(pledge).toEqual({
      id: 'pledge-russia-energy-strikes',
      by: { id: 'putin' },
      commitment: 'An immediate 30-day pause on attacking energy infrastructure',
      madeAt: '2025-03-18T16:00:00.000Z',
      expiresAt: '2025-04-17T16:00:00.000Z',
      state: 'BROKEN',
      brokenAt: '2025-03-18T16:00:00.000Z',
      lifetime: { minSeconds: 0, maxSeconds: 3600, text: '0-1h' },
      violations: [
        violation('INFERRED', Date.parse('2025-03-18T16:00:00Z'), 'russia', {
          id: 'b6ca14dd-c8af-4e91-b676-97bc40b58297',
          type: 'STRIKE_REPORTED',
        }),
        violation('REPORTED', Date.parse('2025-03-19T00:00:00Z'), 'russia', {
          id: '487c41a6-b397-4509-b6e1-00a553087873',
          type: 'VIOLATION_REPORTED',
        }),
      ],
      position: r.head,
    });
  });

  it('the pledge says how many violations it has and which came first, without the list (the timeline page asks this)', async () => {
    // Without `violations` in the selection the brief answer is read: the count comes with it, the earliest in its view.
    const pledges = await r.pledges(
      null,
      { minPosition: r.head },
      { id: true, violationCount: true, firstViolation: VIOLATION },
    );
    expect(pledges).toEqual([
      {
        id: 'pledge-russia-energy-strikes',
        violationCount: 2,
        firstViolation: violation('INFERRED', Date.parse('2025-03-18T16:00:00Z'), 'russia', {
          id: 'b6ca14dd-c8af-4e91-b676-97bc40b58297',
          type: 'STRIKE_REPORTED',
        }),
      },
    ]);
  });

  it('a moment before the Trump–Putin call (14:00Z) the pledge (16:00Z) was not yet made', async () => {
    expect(await r.pledge('pledge-russia-energy-strikes', { asOf: '2025-03-18T13:59:59Z' })).toBeNull();
    const pledges = await r.pledges(null, { asOf: '2025-03-18T13:59:59Z' });
    expect(pledges).toEqual([]);
  });

  it('the projected answers equal the answers computed at asOf = now, knownAt = now', async () => {
    const now = await r.instant();
    expect(await r.ceasefires(null, { asOf: now, knownAt: now })).toEqual(await r.ceasefires(null));
    expect(await r.pledges(null, { asOf: now, knownAt: now })).toEqual(await r.pledges(null));
  });
});

// ---------------------------------------------------------------------------------------------

describe('ceasefires built over the API', () => {
  let sut: Sut;
  let r: Reader;
  // Events by name, and moments captured between appends.
  const e: Record<string, Ref & { recordedAt: string }> = {};
  let beforeRussiaReplied: string;
  let beforeStrike: string;

  const S = {
    inForce: 'proposal-maritime-truce',
    agreed: 'proposal-energy-pause-agreed',
    expired: 'proposal-ten-day-air-truce',
    violated: 'proposal-energy-truce',
    withdrawn: 'proposal-local-truce',
    unilateral: 'agreement-unilateral-truce',
    rejected: 'proposal-humanitarian-pause',
  };

  beforeAll(async () => {
    sut = await createSut();
    r = new Reader(sut);
    await r.registerActors();

    // IN_FORCE: zelensky accepts for ukraine, putin accepts for russia on conditions (CONDITIONALLY_AGREED,
    // not in force), and the kremlin says an hour later that they are met (IN_FORCE from then).
    e.inForceProposal = await r.one(
      S.inForce,
      proposalMade(
        { title: 'Maritime truce', terms: { kind: 'CEASEFIRE', scope: 'MARITIME', durationDays: 30 } },
        { occurredAt: iso(NOW - 4 * D) },
      ),
    );
    e.inForceUkraine = await r.one(
      S.inForce,
      proposalAccepted({ party: 'zelensky' }, { occurredAt: iso(NOW - 4 * D + H) }),
    );
    e.inForceRussia = await r.one(
      S.inForce,
      proposalAccepted(
        { party: 'putin', conditions: ['a halt to foreign military aid'] },
        { occurredAt: iso(NOW - 4 * D + 2 * H) },
      ),
    );
    e.inForceConditionsMet = await r.one(
      S.inForce,
      conditionsMet(
        { party: 'kremlin', conditions: ['A halt to foreign military aid '], text: undefined },
        { occurredAt: iso(NOW - 4 * D + 3 * H) },
      ),
    );

    // AGREED: an AGREEMENT_REACHED in the proposal's stream, effective in five days.
    e.agreedProposal = await r.one(
      S.agreed,
      proposalMade(
        { title: 'Energy pause', terms: { kind: 'CEASEFIRE', scope: 'ENERGY_INFRASTRUCTURE', durationDays: 30 } },
        { occurredAt: iso(NOW - 3 * D) },
      ),
    );
    e.agreedAgreement = await r.one(
      S.agreed,
      agreementReached(
        {
          parties: ['ukraine', 'russia'],
          title: 'Energy pause',
          terms: { kind: 'CEASEFIRE', scope: 'ENERGY_INFRASTRUCTURE', durationDays: 30 },
          effectiveFrom: iso(NOW + 5 * D),
          effectiveUntil: undefined,
          unilateral: undefined,
        },
        { occurredAt: iso(NOW - 2 * D) },
      ),
    );

    // EXPIRED: ten days from the second acceptance, in January 2024.
    e.expiredProposal = await r.one(
      S.expired,
      proposalMade(
        { title: 'Ten-day air truce', terms: { kind: 'CEASEFIRE', scope: 'AIR', durationDays: 10 } },
        { occurredAt: '2024-01-01T00:00:00Z' },
      ),
    );
    e.expiredUkraine = await r.one(
      S.expired,
      proposalAccepted({ party: 'ukraine' }, { occurredAt: '2024-01-02T00:00:00Z' }),
    );
    e.expiredRussia = await r.one(
      S.expired,
      proposalAccepted({ party: 'russia' }, { occurredAt: '2024-01-03T00:00:00Z' }),
    );

    // VIOLATED: an energy truce in force; the Kremlin strikes a military target (not covered), then putin an energy one.
    e.violatedProposal = await r.one(
      S.violated,
      proposalMade(
        { title: 'Energy truce', terms: { kind: 'CEASEFIRE', scope: 'ENERGY_INFRASTRUCTURE', durationDays: 30 } },
        { occurredAt: iso(NOW - 6 * D) },
      ),
    );
    e.violatedUkraine = await r.one(
      S.violated,
      proposalAccepted({ party: 'ukraine' }, { occurredAt: iso(NOW - 6 * D + H) }),
    );
    e.violatedRussia = await r.one(
      S.violated,
      proposalAccepted({ party: 'russia' }, { occurredAt: iso(NOW - 6 * D + 2 * H) }),
    );
    e.kremlinMilitary = await r.one(
      'strike-kremlin-military',
      strikeReported(
        { attacker: 'kremlin', targetCategory: 'MILITARY', place: 'Kupiansk' },
        { occurredAt: iso(NOW - 2 * D) },
      ),
    );
    beforeStrike = await r.instant();
    e.putinEnergy = await r.one(
      'strike-putin-energy',
      strikeReported(
        { attacker: 'putin', targetCategory: 'ENERGY_INFRASTRUCTURE', place: 'Kharkiv' },
        { occurredAt: iso(NOW - D) },
      ),
    );
    e.violatedReport = await r.one(
      S.violated,
      violationReported({ violator: 'russia', reportedBy: 'zelensky' }, { occurredAt: iso(NOW - D + H) }),
    );

    // WITHDRAWN: its proposer (trump, for us) turns it down before all parties accepted.
    e.withdrawnProposal = await r.one(
      S.withdrawn,
      proposalMade(
        { title: 'Local truce', terms: { kind: 'CEASEFIRE', scope: 'LOCAL' } },
        { occurredAt: iso(NOW - 5 * D) },
      ),
    );
    e.withdrawnUkraine = await r.one(
      S.withdrawn,
      proposalAccepted({ party: 'ukraine' }, { occurredAt: iso(NOW - 5 * D + H) }),
    );
    e.withdrawnByProposer = await r.one(
      S.withdrawn,
      proposalRejected({ party: 'trump', reason: 'withdrawn by its proposer' }, { occurredAt: iso(NOW - 4 * D) }),
    );

    // A unilateral truce declared by russia: a ukrainian strike does not concern it, a Kremlin one violates it.
    e.unilateral = await r.one(
      S.unilateral,
      agreementReached(
        {
          parties: ['russia'],
          title: 'Unilateral truce',
          terms: { kind: 'CEASEFIRE', scope: 'COMPREHENSIVE', durationHours: 60 },
          effectiveFrom: iso(NOW - 12 * H),
          effectiveUntil: iso(NOW + 2 * D),
          unilateral: true,
        },
        { occurredAt: iso(NOW - 13 * H) },
      ),
    );
    e.ukraineMilitary = await r.one(
      'strike-ukraine-military',
      strikeReported(
        { attacker: 'ukraine', targetCategory: 'MILITARY', place: 'Belgorod', country: 'RU' },
        { occurredAt: iso(NOW - 6 * H) },
      ),
    );
    e.kremlinDuringTruce = await r.one(
      'strike-kremlin-during-truce',
      strikeReported(
        { attacker: 'kremlin', targetCategory: 'MILITARY', place: 'Pokrovsk' },
        { occurredAt: iso(NOW - 2 * H) },
      ),
    );

    // REJECTED, with russia's rejection recorded after a captured moment (for knownAt).
    e.rejectedProposal = await r.one(
      S.rejected,
      proposalMade(
        { title: 'Humanitarian pause', terms: { kind: 'CEASEFIRE', scope: 'HUMANITARIAN' } },
        { occurredAt: iso(NOW - 8 * D) },
      ),
    );
    e.rejectedUkraine = await r.one(
      S.rejected,
      proposalAccepted({ party: 'ukraine' }, { occurredAt: iso(NOW - 8 * D + H) }),
    );
    beforeRussiaReplied = await r.instant();
    e.rejectedRussia = await r.one(S.rejected, proposalRejected({ party: 'russia' }, { occurredAt: iso(NOW - 7 * D) }));
  });

  afterAll(() => sut?.close());

  it('accepted by both parties (one on conditions since met, each through an agent), dates around now: IN_FORCE', async () => {
    const agreedAt = NOW - 4 * D + 3 * H;
    expect(await r.ceasefire(S.inForce)).toEqual({
      id: S.inForce,
      title: 'Maritime truce',
      scope: 'MARITIME',
      durationDays: 30,
      unilateral: false,
      proposers: [{ id: 'us' }],
      parties: [
        party('ukraine', 'ACCEPTED', NOW - 4 * D + H),
        party('russia', 'ACCEPTED', NOW - 4 * D + 2 * H, ['a halt to foreign military aid']),
      ],
      state: 'IN_FORCE',
      proposedAt: iso(NOW - 4 * D),
      agreedAt: iso(agreedAt),
      effectiveFrom: iso(agreedAt),
      expiresAt: iso(agreedAt + 30 * D),
      violations: [],
      history: [
        change('PROPOSED', NOW - 4 * D, ref(e.inForceProposal)),
        change('PARTIALLY_ACCEPTED', NOW - 4 * D + H, ref(e.inForceUkraine)),
        change('CONDITIONALLY_AGREED', NOW - 4 * D + 2 * H, ref(e.inForceRussia)),
        change('IN_FORCE', agreedAt, ref(e.inForceConditionsMet)),
      ],
      position: r.head,
    });
  });

  it('while the conditions were pending it was CONDITIONALLY_AGREED: not agreed, never in force (asOf)', async () => {
    expect(await r.ceasefire(S.inForce, { asOf: iso(NOW - 4 * D + 150 * M) })).toMatchObject({
      state: 'CONDITIONALLY_AGREED',
      parties: [
        party('ukraine', 'ACCEPTED', NOW - 4 * D + H),
        party('russia', 'CONDITIONALLY_ACCEPTED', NOW - 4 * D + 2 * H, ['a halt to foreign military aid']),
      ],
      agreedAt: null,
      effectiveFrom: null,
      expiresAt: null,
    });
  });

  it('between the two acceptances it was PARTIALLY_ACCEPTED (asOf)', async () => {
    const ceasefire = await r.ceasefire(S.inForce, { asOf: iso(NOW - 4 * D + 90 * M) });
    expect(ceasefire).toMatchObject({
      state: 'PARTIALLY_ACCEPTED',
      parties: [party('ukraine', 'ACCEPTED', NOW - 4 * D + H), party('russia', 'PENDING', null)],
      agreedAt: null,
      effectiveFrom: null,
      expiresAt: null,
      position: r.head,
    });
    expect(ceasefire.history).toEqual([
      change('PROPOSED', NOW - 4 * D, ref(e.inForceProposal)),
      change('PARTIALLY_ACCEPTED', NOW - 4 * D + H, ref(e.inForceUkraine)),
    ]);
  });

  it('an AGREEMENT_REACHED effective in five days: AGREED now, IN_FORCE (by time alone) after', async () => {
    const expected = {
      id: S.agreed,
      title: 'Energy pause',
      scope: 'ENERGY_INFRASTRUCTURE',
      durationDays: 30,
      unilateral: false,
      proposers: [{ id: 'us' }],
      parties: [party('ukraine', 'ACCEPTED', NOW - 2 * D), party('russia', 'ACCEPTED', NOW - 2 * D)],
      state: 'AGREED',
      proposedAt: iso(NOW - 3 * D),
      agreedAt: iso(NOW - 2 * D),
      effectiveFrom: iso(NOW + 5 * D),
      expiresAt: iso(NOW + 35 * D),
      // putin's energy strike a day ago came before the pause took effect: no violation
      violations: [],
      history: [
        change('PROPOSED', NOW - 3 * D, ref(e.agreedProposal)),
        change('AGREED', NOW - 2 * D, ref(e.agreedAgreement)),
      ],
      position: r.head,
    };
    expect(await r.ceasefire(S.agreed)).toEqual(expected);
    expect(await r.ceasefire(S.agreed, { asOf: iso(NOW + 6 * D) })).toEqual({
      ...expected,
      state: 'IN_FORCE',
      history: [...expected.history, change('IN_FORCE', NOW + 5 * D, null)],
    });
    expect((await r.ceasefire(S.agreed, { asOf: iso(NOW + 36 * D) })).state).toBe('EXPIRED');
  });

  it('a window in the past: EXPIRED now, with the expiry in the history; IN_FORCE inside the window', async () => {
    const expected = {
      id: S.expired,
      title: 'Ten-day air truce',
      scope: 'AIR',
      durationDays: 10,
      unilateral: false,
      proposers: [{ id: 'us' }],
      parties: [
        party('ukraine', 'ACCEPTED', Date.parse('2024-01-02T00:00:00Z')),
        party('russia', 'ACCEPTED', Date.parse('2024-01-03T00:00:00Z')),
      ],
      state: 'EXPIRED',
      proposedAt: '2024-01-01T00:00:00.000Z',
      agreedAt: '2024-01-03T00:00:00.000Z',
      effectiveFrom: '2024-01-03T00:00:00.000Z',
      expiresAt: '2024-01-13T00:00:00.000Z',
      violations: [],
      history: [
        change('PROPOSED', Date.parse('2024-01-01T00:00:00Z'), ref(e.expiredProposal)),
        change('PARTIALLY_ACCEPTED', Date.parse('2024-01-02T00:00:00Z'), ref(e.expiredUkraine)),
        change('IN_FORCE', Date.parse('2024-01-03T00:00:00Z'), ref(e.expiredRussia)),
        change('EXPIRED', Date.parse('2024-01-13T00:00:00Z'), null),
      ],
      position: r.head,
    };
    expect(await r.ceasefire(S.expired)).toEqual(expected);
    expect(await r.ceasefire(S.expired, { asOf: '2024-01-05T00:00:00Z' })).toEqual({
      ...expected,
      state: 'IN_FORCE',
      history: expected.history.slice(0, 3),
    });
    // the last instant inside the window, and the first outside it
    expect((await r.ceasefire(S.expired, { asOf: '2024-01-12T23:59:59.999Z' })).state).toBe('IN_FORCE');
    expect((await r.ceasefire(S.expired, { asOf: '2024-01-13T00:00:00Z' })).state).toBe('EXPIRED');
  });

  it("VIOLATED by an inferred strike of a party's agent on a covered target, and a reported violation", async () => {
    const ceasefire = await r.ceasefire(S.violated);
    expect(ceasefire).toMatchObject({
      id: S.violated,
      scope: 'ENERGY_INFRASTRUCTURE',
      state: 'VIOLATED',
      agreedAt: iso(NOW - 6 * D + 2 * H),
      effectiveFrom: iso(NOW - 6 * D + 2 * H),
      expiresAt: iso(NOW + 24 * D + 2 * H),
      position: r.head,
    });
    // The Kremlin's strike on a military target is not covered by an energy truce.
    expect(ceasefire.violations).toEqual([
      violation('INFERRED', NOW - D, 'putin', ref(e.putinEnergy)),
      violation('REPORTED', NOW - D + H, 'russia', ref(e.violatedReport)),
    ]);
    expect(ceasefire.history).toEqual([
      change('PROPOSED', NOW - 6 * D, ref(e.violatedProposal)),
      change('PARTIALLY_ACCEPTED', NOW - 6 * D + H, ref(e.violatedUkraine)),
      change('IN_FORCE', NOW - 6 * D + 2 * H, ref(e.violatedRussia)),
      change('VIOLATED', NOW - D, ref(e.putinEnergy)),
    ]);
  });

  it('counts its violations and names the earliest, with or without the list, now and at a moment', async () => {
    const ask = (selection: Selection, temporal: Temporal = {}) =>
      r.ceasefire(S.violated, { minPosition: r.head, ...temporal }, selection);
    const first = violation('INFERRED', NOW - D, 'putin', ref(e.putinEnergy));
    // Without the list the answer comes from the brief state, which holds only the earliest violation.
    expect(await ask({ violationCount: true, firstViolation: VIOLATION })).toEqual({
      violationCount: 2,
      firstViolation: first,
    });
    expect(await ask({ violationCount: true, firstViolation: VIOLATION, violations: VIOLATION })).toMatchObject({
      violationCount: 2,
      firstViolation: first,
    });
    expect(await ask({ violationCount: true, firstViolation: VIOLATION }, { asOf: iso(NOW - D) })).toEqual({
      violationCount: 1,
      firstViolation: first,
    });
    expect(await ask({ violationCount: true, firstViolation: VIOLATION }, { asOf: iso(NOW - D - M) })).toEqual({
      violationCount: 0,
      firstViolation: null,
    });
  });

  it('a moment before the strike (asOf), or as recorded before it (knownAt), the energy truce was IN_FORCE', async () => {
    const asOf = await r.ceasefire(S.violated, { asOf: iso(NOW - D - M) });
    expect(asOf).toMatchObject({ state: 'IN_FORCE', violations: [], position: r.head });
    expect(asOf.history.map((h: { state: string }) => h.state)).toEqual(['PROPOSED', 'PARTIALLY_ACCEPTED', 'IN_FORCE']);
    const knownAt = await r.ceasefire(S.violated, { knownAt: beforeStrike });
    expect(knownAt).toMatchObject({ state: 'IN_FORCE', violations: [], position: r.head });
    expect(knownAt.history).toEqual(asOf.history);
    // at the strike itself
    expect((await r.ceasefire(S.violated, { asOf: iso(NOW - D) })).violations).toEqual([
      violation('INFERRED', NOW - D, 'putin', ref(e.putinEnergy)),
    ]);
  });

  it('turned down by its own proposer before all parties accepted: WITHDRAWN', async () => {
    expect(await r.ceasefire(S.withdrawn)).toEqual({
      id: S.withdrawn,
      title: 'Local truce',
      scope: 'LOCAL',
      durationDays: null,
      unilateral: false,
      proposers: [{ id: 'us' }],
      parties: [party('ukraine', 'ACCEPTED', NOW - 5 * D + H), party('russia', 'PENDING', null)],
      state: 'WITHDRAWN',
      proposedAt: iso(NOW - 5 * D),
      agreedAt: null,
      effectiveFrom: null,
      expiresAt: null,
      violations: [],
      history: [
        change('PROPOSED', NOW - 5 * D, ref(e.withdrawnProposal)),
        change('PARTIALLY_ACCEPTED', NOW - 5 * D + H, ref(e.withdrawnUkraine)),
        change('WITHDRAWN', NOW - 4 * D, ref(e.withdrawnByProposer)),
      ],
      position: r.head,
    });
    expect((await r.ceasefire(S.withdrawn, { asOf: iso(NOW - 4 * D - M) })).state).toBe('PARTIALLY_ACCEPTED');
  });

  it('a unilateral truce is IN_FORCE for its declarer alone: a strike by the other side does not violate it, one by its own side does', async () => {
    const expected = {
      id: S.unilateral,
      title: 'Unilateral truce',
      scope: 'COMPREHENSIVE',
      durationDays: null,
      unilateral: true,
      proposers: [{ id: 'russia' }],
      parties: [party('russia', 'ACCEPTED', NOW - 13 * H)],
      state: 'VIOLATED',
      proposedAt: iso(NOW - 13 * H),
      agreedAt: iso(NOW - 13 * H),
      effectiveFrom: iso(NOW - 12 * H),
      expiresAt: iso(NOW + 2 * D),
      violations: [violation('INFERRED', NOW - 2 * H, 'kremlin', ref(e.kremlinDuringTruce))],
      history: [
        change('AGREED', NOW - 13 * H, ref(e.unilateral)),
        change('IN_FORCE', NOW - 12 * H, null),
        change('VIOLATED', NOW - 2 * H, ref(e.kremlinDuringTruce)),
      ],
      position: r.head,
    };
    expect(await r.ceasefire(S.unilateral)).toEqual(expected);
    // after ukraine's strike (NOW - 6h), before the Kremlin's
    expect(await r.ceasefire(S.unilateral, { asOf: iso(NOW - 3 * H) })).toEqual({
      ...expected,
      state: 'IN_FORCE',
      violations: [],
      history: expected.history.slice(0, 2),
    });
    expect((await r.ceasefire(S.unilateral, { asOf: iso(NOW - 12 * H - 1) })).state).toBe('AGREED');
  });

  it('rejected by one party: REJECTED; as recorded before the rejection (knownAt), PARTIALLY_ACCEPTED with russia PENDING', async () => {
    const now = await r.ceasefire(S.rejected);
    expect(now).toMatchObject({
      state: 'REJECTED',
      parties: [party('ukraine', 'ACCEPTED', NOW - 8 * D + H), party('russia', 'REJECTED', NOW - 7 * D)],
      history: [
        change('PROPOSED', NOW - 8 * D, ref(e.rejectedProposal)),
        change('PARTIALLY_ACCEPTED', NOW - 8 * D + H, ref(e.rejectedUkraine)),
        change('REJECTED', NOW - 7 * D, ref(e.rejectedRussia)),
      ],
      position: r.head,
    });
    const known = await r.ceasefire(S.rejected, { knownAt: beforeRussiaReplied });
    expect(known).toMatchObject({
      state: 'PARTIALLY_ACCEPTED',
      parties: [party('ukraine', 'ACCEPTED', NOW - 8 * D + H), party('russia', 'PENDING', null)],
      position: r.head,
    });
    expect(known.history).toEqual(now.history.slice(0, 2));
    // the rejection is recorded at its recordedAt exactly
    expect((await r.ceasefire(S.rejected, { knownAt: e.rejectedRussia.recordedAt })).state).toBe('REJECTED');
    expect((await r.ceasefire(S.rejected, { knownAt: iso(Date.parse(e.rejectedRussia.recordedAt) - 1) })).state).toBe(
      'PARTIALLY_ACCEPTED',
    );
    // together: the world before ukraine accepted, as recorded before russia replied
    expect(
      (await r.ceasefire(S.rejected, { asOf: iso(NOW - 8 * D + 30 * M), knownAt: beforeRussiaReplied })).state,
    ).toBe('PROPOSED');
    // together: the world after russia replied, as recorded before it did
    expect((await r.ceasefire(S.rejected, { asOf: iso(NOW - 6 * D), knownAt: beforeRussiaReplied })).state).toBe(
      'PARTIALLY_ACCEPTED',
    );
    expect((await r.ceasefire(S.rejected, { asOf: iso(NOW - 6 * D), knownAt: iso(Date.now()) })).state).toBe(
      'REJECTED',
    );
  });

  it('ceasefires(states) filters by state, now and asOf', async () => {
    const all = await r.ceasefires(null);
    expect(ids(all).sort()).toEqual(Object.values(S).sort());
    expect(Object.fromEntries(all.map((c) => [c.id, c.state]))).toEqual({
      [S.inForce]: 'IN_FORCE',
      [S.agreed]: 'AGREED',
      [S.expired]: 'EXPIRED',
      [S.violated]: 'VIOLATED',
      [S.withdrawn]: 'WITHDRAWN',
      [S.unilateral]: 'VIOLATED',
      [S.rejected]: 'REJECTED',
    });
    expect(all.every((c) => c.position === r.head)).toBe(true);
    expect(ids(await r.ceasefires(['IN_FORCE', 'AGREED'])).sort()).toEqual([S.agreed, S.inForce].sort());
    expect(ids(await r.ceasefires(['VIOLATED'])).sort()).toEqual([S.unilateral, S.violated].sort());
    expect(ids(await r.ceasefires(['EXPIRED', 'WITHDRAWN'])).sort()).toEqual([S.expired, S.withdrawn].sort());
    expect(ids(await r.ceasefires(['REJECTED']))).toEqual([S.rejected]);
    expect(ids(await r.ceasefires(['PROPOSED', 'PARTIALLY_ACCEPTED']))).toEqual([]);
    // three hours ago: the unilateral truce was not yet violated
    expect(ids(await r.ceasefires(['IN_FORCE'], { asOf: iso(NOW - 3 * H) })).sort()).toEqual(
      [S.unilateral, S.inForce].sort(),
    );
    // nine days ago only the 2024 truce had been proposed
    expect(ids(await r.ceasefires(null, { asOf: iso(NOW - 9 * D) }))).toEqual([S.expired]);
    expect(await r.ceasefires(null, { asOf: '2023-12-31T23:59:59Z' })).toEqual([]);
    // as recorded before russia replied to the humanitarian pause
    expect(ids(await r.ceasefires(['PARTIALLY_ACCEPTED'], { knownAt: beforeRussiaReplied }))).toEqual([S.rejected]);
  });

  it('the projected answers equal the answers computed at asOf = now, knownAt = now', async () => {
    const now = await r.instant();
    const projected = await r.ceasefires(null);
    expect(projected).toHaveLength(7);
    expect(await r.ceasefires(null, { asOf: now, knownAt: now })).toEqual(projected);
    expect(await r.ceasefires(null, { knownAt: now })).toEqual(projected);
    expect(await r.ceasefires(null, { asOf: now })).toEqual(projected);
    for (const id of Object.values(S))
      expect(await r.ceasefire(id, { asOf: now, knownAt: now })).toEqual(projected.find((c) => c.id === id));
  });
});

// ---------------------------------------------------------------------------------------------

describe('pledges built over the API', () => {
  let sut: Sut;
  let r: Reader;
  const e: Record<string, Ref & { recordedAt: string }> = {};

  const P = {
    holding: 'pledge-zelensky-ports',
    expired: 'pledge-expired-2024',
    withdrawn: 'pledge-withdrawn-2024',
    broken: 'pledge-broken-2024',
  };

  beforeAll(async () => {
    sut = await createSut();
    r = new Reader(sut);
    await r.registerActors();

    // HOLDING: no end, made two days ago (MINUTE).
    e.holding = await r.one(
      P.holding,
      pledgeMade(
        {
          by: 'zelensky',
          to: 'trump',
          commitment: { action: 'HALT_STRIKES', targetCategory: 'PORT', text: 'no strikes on Russian ports' },
          durationDays: undefined,
        },
        { occurredAt: iso(NOW - 2 * D) },
      ),
    );
    // EXPIRED: ten days from 2024-02-01T12:00Z (HOUR).
    e.expired = await r.one(
      P.expired,
      pledgeMade({ durationDays: 10 }, { occurredAt: '2024-02-01T12:00:00Z', occurredPrecision: 'HOUR' }),
    );
    // WITHDRAWN on 2024-03-05; a strike the day after breaks nothing.
    e.withdrawn = await r.one(P.withdrawn, pledgeMade({}, { occurredAt: '2024-03-01T10:00:00Z' }));
    e.withdrawal = await r.one(P.withdrawn, pledgeWithdrawn({}, { occurredAt: '2024-03-05T10:00:00Z' }));
    e.afterWithdrawal = await r.one(
      'strike-after-withdrawal',
      strikeReported({}, { occurredAt: '2024-03-06T10:00:00Z' }),
    );
    // BROKEN: made 2024-04-01T10:00Z; strikes before the window, on another target, by the other side,
    // then one by ushakov (ushakov → putin → russia) on energy at 10:52 two days later; and a reported violation.
    e.broken = await r.one(P.broken, pledgeMade({}, { occurredAt: '2024-04-01T10:00:00Z' }));
    e.beforePledge = await r.one('strike-before-pledge', strikeReported({}, { occurredAt: '2024-03-31T12:00:00Z' }));
    e.otherTarget = await r.one(
      'strike-kremlin-military-2024',
      strikeReported({ attacker: 'kremlin', targetCategory: 'MILITARY' }, { occurredAt: '2024-04-02T10:00:00Z' }),
    );
    e.otherSide = await r.one(
      'strike-ukraine-energy-2024',
      strikeReported({ attacker: 'ukraine', country: 'RU', place: 'Belgorod' }, { occurredAt: '2024-04-02T11:00:00Z' }),
    );
    e.breaking = await r.one(
      'strike-ushakov-energy-2024',
      strikeReported({ attacker: 'ushakov' }, { occurredAt: '2024-04-03T10:52:00Z' }),
    );
    e.reported = await r.one(
      P.broken,
      violationReported(
        { violator: 'russia', reportedBy: 'zelensky' },
        { occurredAt: '2024-04-04T00:00:00Z', occurredPrecision: 'DAY' },
      ),
    );
  });

  afterAll(() => sut?.close());

  it('HOLDING while nothing ends it; its lifetime grows with asOf; before it was made it does not exist', async () => {
    const pledge = await r.pledge(P.holding);
    expect(pledge).toMatchObject({
      id: P.holding,
      by: { id: 'zelensky' },
      commitment: 'no strikes on Russian ports',
      madeAt: iso(NOW - 2 * D),
      expiresAt: null,
      state: 'HOLDING',
      brokenAt: null,
      violations: [],
      position: r.head,
    });
    // now: at least two days (made at a MINUTE: up to a minute less at the lower bound)
    expect(pledge.lifetime.minSeconds).toBeGreaterThanOrEqual(2 * 86_400 - 60);
    expect(pledge.lifetime.maxSeconds).toBeGreaterThanOrEqual(2 * 86_400);
    expect(pledge.lifetime.maxSeconds).toBeLessThan(2 * 86_400 + 3_600);
    const dayOne = await r.pledge(P.holding, { asOf: iso(NOW - D) });
    expect(dayOne).toMatchObject({
      state: 'HOLDING',
      lifetime: { minSeconds: 86_400 - 60, maxSeconds: 86_400 },
      position: r.head,
    });
    const hourOne = await r.pledge(P.holding, { asOf: iso(NOW - 2 * D + H) });
    expect(hourOne).toMatchObject({ state: 'HOLDING', lifetime: { minSeconds: 3_600 - 60, maxSeconds: 3_600 } });
    expect(await r.pledge(P.holding, { asOf: iso(NOW - 2 * D - 1) })).toBeNull();
  });

  it('EXPIRED after its window (validFrom + durationDays); HOLDING inside it', async () => {
    expect(await r.pledge(P.expired)).toEqual({
      id: P.expired,
      by: { id: 'putin' },
      commitment: 'halt strikes on energy infrastructure for 30 days',
      madeAt: '2024-02-01T12:00:00.000Z',
      expiresAt: '2024-02-11T12:00:00.000Z',
      state: 'EXPIRED',
      brokenAt: null,
      // made within the hour from 12:00 (HOUR), expired at 12:00 ten days later
      lifetime: { minSeconds: 10 * 86_400 - 3_600, maxSeconds: 10 * 86_400, text: expect.any(String) },
      violations: [],
      position: r.head,
    });
    expect(await r.pledge(P.expired, { asOf: '2024-02-05T12:00:00Z' })).toMatchObject({
      state: 'HOLDING',
      lifetime: { minSeconds: 4 * 86_400 - 3_600, maxSeconds: 4 * 86_400 },
    });
    expect((await r.pledge(P.expired, { asOf: '2024-02-11T11:59:59Z' })).state).toBe('HOLDING');
    expect((await r.pledge(P.expired, { asOf: '2024-02-11T12:00:00Z' })).state).toBe('EXPIRED');
  });

  it('WITHDRAWN by its maker; a strike after the withdrawal breaks nothing', async () => {
    expect(await r.pledge(P.withdrawn)).toEqual({
      id: P.withdrawn,
      by: { id: 'putin' },
      commitment: 'halt strikes on energy infrastructure for 30 days',
      madeAt: '2024-03-01T10:00:00.000Z',
      expiresAt: '2024-03-31T10:00:00.000Z',
      state: 'WITHDRAWN',
      brokenAt: null,
      // both at MINUTE precision: 4 days, give or take a minute
      lifetime: { minSeconds: 4 * 86_400 - 60, maxSeconds: 4 * 86_400 + 60, text: expect.any(String) },
      violations: [],
      position: r.head,
    });
    expect((await r.pledge(P.withdrawn, { asOf: '2024-03-04T10:00:00Z' })).state).toBe('HOLDING');
  });

  it('BROKEN by the first strike of its side on the pledged target inside its window; REPORTED violations too', async () => {
    expect(await r.pledge(P.broken)).toEqual({
      id: P.broken,
      by: { id: 'putin' },
      commitment: 'halt strikes on energy infrastructure for 30 days',
      madeAt: '2024-04-01T10:00:00.000Z',
      expiresAt: '2024-05-01T10:00:00.000Z',
      state: 'BROKEN',
      brokenAt: '2024-04-03T10:52:00.000Z',
      // 2d 52m, give or take a minute (both MINUTE)
      lifetime: { minSeconds: 2 * 86_400 + 51 * 60, maxSeconds: 2 * 86_400 + 53 * 60, text: expect.any(String) },
      violations: [
        violation('INFERRED', Date.parse('2024-04-03T10:52:00Z'), 'ushakov', ref(e.breaking)),
        violation('REPORTED', Date.parse('2024-04-04T00:00:00Z'), 'russia', ref(e.reported)),
      ],
      position: r.head,
    });
    const before = await r.pledge(P.broken, { asOf: '2024-04-03T10:51:00Z' });
    expect(before).toMatchObject({ state: 'HOLDING', brokenAt: null, violations: [] });
  });

  it('pledges(states) filters by state, now and asOf', async () => {
    const all = await r.pledges(null);
    expect(Object.fromEntries(all.map((p) => [p.id, p.state]))).toEqual({
      [P.holding]: 'HOLDING',
      [P.expired]: 'EXPIRED',
      [P.withdrawn]: 'WITHDRAWN',
      [P.broken]: 'BROKEN',
    });
    expect(ids(await r.pledges(['HOLDING']))).toEqual([P.holding]);
    expect(ids(await r.pledges(['BROKEN', 'WITHDRAWN'])).sort()).toEqual([P.broken, P.withdrawn].sort());
    expect(ids(await r.pledges(['EXPIRED']))).toEqual([P.expired]);
    expect(ids(await r.pledges(['HOLDING'], { asOf: '2024-03-04T00:00:00Z' }))).toEqual([P.withdrawn]);
    expect(
      Object.fromEntries((await r.pledges(null, { asOf: '2024-04-10T00:00:00Z' })).map((p) => [p.id, p.state])),
    ).toEqual({
      [P.expired]: 'EXPIRED',
      [P.withdrawn]: 'WITHDRAWN',
      [P.broken]: 'BROKEN',
    });
  });

  it('late arrival: a strike reported after a later one, inside the window, moves brokenAt back (the subject is refolded)', async () => {
    const id = 'pledge-late-2024';
    await r.one(id, pledgeMade({}, { occurredAt: '2024-06-01T10:00:00Z' }));
    expect(await r.pledge(id, { asOf: '2024-06-15T00:00:00Z' })).toMatchObject({ state: 'HOLDING' });
    const later = await r.one('strike-late-b', strikeReported({}, { occurredAt: '2024-06-20T10:00:00Z' }));
    expect(await r.pledge(id)).toMatchObject({
      state: 'BROKEN',
      brokenAt: '2024-06-20T10:00:00.000Z',
      violations: [violation('INFERRED', Date.parse('2024-06-20T10:00:00Z'), 'russia', ref(later))],
    });
    const earlier = await r.one(
      'strike-late-a',
      strikeReported({ place: 'Odesa' }, { occurredAt: '2024-06-10T08:00:00Z' }),
    );
    expect(await r.pledge(id)).toMatchObject({
      state: 'BROKEN',
      brokenAt: '2024-06-10T08:00:00.000Z',
      // 8d 22h, give or take a minute
      lifetime: { minSeconds: 8 * 86_400 + 22 * 3_600 - 60, maxSeconds: 8 * 86_400 + 22 * 3_600 + 60 },
      violations: [
        violation('INFERRED', Date.parse('2024-06-10T08:00:00Z'), 'russia', ref(earlier)),
        violation('INFERRED', Date.parse('2024-06-20T10:00:00Z'), 'russia', ref(later)),
      ],
      position: r.head,
    });
  });

  it('late arrival: a strike before an already folded withdrawal turns WITHDRAWN into BROKEN', async () => {
    const id = 'pledge-late-withdrawn-2024';
    await r.one(id, pledgeMade({}, { occurredAt: '2024-07-01T10:00:00Z' }));
    await r.one(id, pledgeWithdrawn({}, { occurredAt: '2024-07-15T10:00:00Z' }));
    expect(await r.pledge(id)).toMatchObject({ state: 'WITHDRAWN', brokenAt: null, violations: [] });
    const strike = await r.one('strike-late-c', strikeReported({}, { occurredAt: '2024-07-05T10:00:00Z' }));
    expect(await r.pledge(id)).toMatchObject({
      state: 'BROKEN',
      brokenAt: '2024-07-05T10:00:00.000Z',
      violations: [violation('INFERRED', Date.parse('2024-07-05T10:00:00Z'), 'russia', ref(strike))],
      position: r.head,
    });
  });

  it('retracting the breaking strike makes the pledge HOLDING again; knownAt before the retraction shows it BROKEN', async () => {
    const id = 'pledge-energy-now';
    await r.one(id, pledgeMade({}, { occurredAt: iso(NOW - 10 * D) }));
    const strike = await r.one('strike-energy-now', strikeReported({}, { occurredAt: iso(NOW - 5 * D) }));
    const broken = await r.pledge(id);
    expect(broken).toMatchObject({
      state: 'BROKEN',
      brokenAt: iso(NOW - 5 * D),
      violations: [violation('INFERRED', NOW - 5 * D, 'russia', ref(strike))],
    });
    const beforeRetraction = await r.instant();
    const retraction = await r.one(
      'strike-energy-now',
      eventRetracted(strike.id, { reason: 'the strike was on a substation of the army' }),
    );

    const holding = await r.pledge(id);
    expect(holding).toMatchObject({
      state: 'HOLDING',
      brokenAt: null,
      violations: [],
      expiresAt: iso(NOW + 20 * D),
      position: r.head,
    });
    // knownAt alone: the record before the retraction
    expect(await r.pledge(id, { knownAt: beforeRetraction })).toMatchObject({
      state: 'BROKEN',
      brokenAt: iso(NOW - 5 * D),
      position: r.head,
    });
    expect(await r.pledge(id, { knownAt: iso(Date.parse(retraction.recordedAt) - 1) })).toMatchObject({
      state: 'BROKEN',
    });
    expect(await r.pledge(id, { knownAt: retraction.recordedAt })).toMatchObject({ state: 'HOLDING', brokenAt: null });
    // asOf alone: after the strike, as recorded now (retracted)
    expect(await r.pledge(id, { asOf: iso(NOW - 4 * D) })).toMatchObject({ state: 'HOLDING', violations: [] });
    // together
    expect(await r.pledge(id, { asOf: iso(NOW - 4 * D), knownAt: beforeRetraction })).toMatchObject({
      state: 'BROKEN',
      brokenAt: iso(NOW - 5 * D),
    });
    expect(await r.pledge(id, { asOf: iso(NOW - 6 * D), knownAt: beforeRetraction })).toMatchObject({
      state: 'HOLDING',
      brokenAt: null,
    });
    expect(await r.pledge(id, { asOf: iso(NOW - 11 * D), knownAt: beforeRetraction })).toBeNull();
    // the record before the pledge itself was recorded holds no pledge
    expect(await r.pledge(id, { knownAt: '2000-01-01T00:00:00Z' })).toBeNull();
  });

  it('a correction moving the strike before the window makes the pledge HOLDING; knownAt before the correction shows it BROKEN', async () => {
    const id = 'pledge-transport-now';
    await r.one(
      id,
      pledgeMade(
        { commitment: { action: 'HALT_STRIKES', targetCategory: 'TRANSPORT', text: 'no strikes on railways' } },
        { occurredAt: iso(NOW - 10 * D) },
      ),
    );
    const strike = await r.one(
      'strike-transport-now',
      strikeReported({ targetCategory: 'TRANSPORT', place: 'Kovel rail hub' }, { occurredAt: iso(NOW - 5 * D) }),
    );
    expect(await r.pledge(id)).toMatchObject({
      state: 'BROKEN',
      brokenAt: iso(NOW - 5 * D),
      violations: [violation('INFERRED', NOW - 5 * D, 'russia', ref(strike))],
    });
    const beforeCorrection = await r.instant();
    await r.one(
      'strike-transport-now',
      eventCorrected(strike.id, {
        occurredAt: iso(NOW - 12 * D),
        occurredPrecision: undefined,
        reason: 'the strike was two days before the pledge',
      }),
    );

    expect(await r.pledge(id)).toMatchObject({ state: 'HOLDING', brokenAt: null, violations: [], position: r.head });
    expect(await r.pledge(id, { knownAt: beforeCorrection })).toMatchObject({
      state: 'BROKEN',
      brokenAt: iso(NOW - 5 * D),
    });
    expect(await r.pledge(id, { asOf: iso(NOW - 4 * D) })).toMatchObject({ state: 'HOLDING' });
    expect(await r.pledge(id, { asOf: iso(NOW - 4 * D), knownAt: beforeCorrection })).toMatchObject({
      state: 'BROKEN',
    });
  });

  it('the projected answers equal the answers computed at asOf = now, knownAt = now (lifetimes of holding pledges aside)', async () => {
    const now = await r.instant();
    const withoutHoldingLifetime = (pledges: any[]) =>
      pledges.map((p) => (p.state === 'HOLDING' ? { ...p, lifetime: null } : p));
    const projected = await r.pledges(null);
    expect(projected).toHaveLength(8);
    expect(projected.every((p) => p.position === r.head)).toBe(true);
    expect(withoutHoldingLifetime(await r.pledges(null, { asOf: now, knownAt: now }))).toEqual(
      withoutHoldingLifetime(projected),
    );
    expect(withoutHoldingLifetime(await r.pledges(null, { knownAt: now }))).toEqual(withoutHoldingLifetime(projected));
    expect(withoutHoldingLifetime(await r.pledges(null, { asOf: now }))).toEqual(withoutHoldingLifetime(projected));
  });

  describe('position, minPosition, ids and /health', () => {
    it('the projected answer carries the projection checkpoint, which is the last append after waiting', async () => {
      const pledge = await r.pledge(P.broken);
      const ceasefires = await r.ceasefires(null);
      expect(ceasefires).toEqual([]);
      expect(pledge.position).toBe(r.head);
      const checkpoints = await withPg(
        sut.database.url,
        async (client) =>
          (await client.query('SELECT name, position::text AS position FROM projection_checkpoints ORDER BY name'))
            .rows,
      );
      expect(checkpoints).toEqual(
        PROJECTIONS.map((p) => ({ name: p.name, position: r.head })).sort((a, b) => a.name.localeCompare(b.name)),
      );
      expect(await r.logHead()).toBe(r.head);
    });

    it('the projector status (what /health shows) reports each projection position and lag', async () => {
      await r.ceasefires(null);
      await r.pledges(null);
      expect(await r.health()).toMatchObject({
        lastPosition: r.head,
        projections: { ceasefires: { position: r.head, lag: 0 }, pledges: { position: r.head, lag: 0 } },
      });
    });

    it('minPosition beyond the head answers NOT_CAUGHT_UP (after a bounded wait)', async () => {
      const beyond = (BigInt(r.head) + 1000n).toString();
      const reads: Array<[string, () => Promise<unknown>]> = [
        ['pledges', () => r.pledge(P.broken, { minPosition: beyond }, { id: true })],
        [
          'ceasefires',
          () => r.ceasefire('proposal-none', { asOf: '2025-01-01T00:00:00Z', minPosition: beyond }, { id: true }),
        ],
      ];
      for (const [name, read] of reads) {
        const error = await refusal(read());
        expect(error.code).toBe('NOT_CAUGHT_UP');
        expect(error.details).toMatchObject({ minPosition: beyond, position: r.head });
        expect(error.message).toBe(
          `the ${name} read model is at position ${r.head}, not yet at ${beyond}; retry shortly`,
        );
      }
    });

    it('minPosition reads your own write even when it lands while the projector is busy with a batch', async () => {
      // Let the projector finish what earlier tests appended, so that it is idle when the row is taken.
      await until('the projector to be idle', async () => {
        const { rows } = await withPg(sut.database.url, (c) =>
          c.query('SELECT bool_and(c.position = h.last_position) AS idle FROM projection_checkpoints c, log_head h'),
        );
        return rows[0].idle === true;
      });
      // Hold the pledges checkpoint row, so that the projector's next batch (every projection in one transaction) waits on it.
      const holder = await connect(sut.database.url);
      let pending: Promise<any>;
      let first: string;
      try {
        await holder.query('BEGIN');
        await holder.query("SELECT 1 FROM projection_checkpoints WHERE name = 'pledges' FOR UPDATE");
        first = (await r.append('statement-while-busy-1', statementMade({ speaker: 'zelensky', text: 'first' })))
          .lastPosition;
        await until('the projector to wait on the pledges row, the ceasefires not yet projected', async () => {
          // A connection of its own: inside the holder's transaction pg_stat_activity would be a cached snapshot.
          const { rows } = await withPg(sut.database.url, (c) =>
            c.query(
              `SELECT (SELECT position::text FROM projection_checkpoints WHERE name = 'ceasefires') AS ceasefires,
                      (SELECT count(*)::int FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'
                          AND query LIKE '%FROM projection_checkpoints c%FOR UPDATE%') AS waiting`,
            ),
          );
          return rows[0].ceasefires !== first && rows[0].waiting > 0;
        });
        // appended while the projector is busy (blocked on the pledges row)
        const second = (
          await r.append('statement-while-busy-2', statementMade({ speaker: 'zelensky', text: 'second' }))
        ).lastPosition;
        pending = r.ceasefires(null, { minPosition: second }, { id: true, position: true });
        // Awaited below, after the commit; a refusal meanwhile must not count as unhandled.
        pending.catch(() => undefined);
        await sleep(1_000);
        await holder.query('COMMIT');
      } finally {
        await holder.end();
      }
      expect(await pending!).toEqual([]);
      expect(
        await withPg(
          sut.database.url,
          async (c) =>
            (await c.query("SELECT position::text AS p FROM projection_checkpoints WHERE name = 'ceasefires'")).rows[0]
              .p,
        ),
      ).toBe(r.head);
      expect(BigInt(r.head)).toBe(BigInt(first!) + 1n);
    });

    it('minPosition that is not a position answers BAD_USER_INPUT', async () => {
      // Over GraphQL the BigInt scalar refuses these first (test/e2e/read-models-api.test.ts); the service must refuse them too.
      for (const read of [
        () => r.pledge(P.broken, { minPosition: 'abc' }, { id: true }),
        () => r.ceasefires(null, { minPosition: '-1' }, { id: true }),
      ]) {
        const error = await refusal(read());
        expect(error).toBeInstanceOf(ValidationFailed);
        expect(error.code).toBe('BAD_USER_INPUT');
        expect(error.message).toBe('minPosition: must be a position (a decimal string)');
        expect((error as ValidationFailed).errors).toEqual([
          { path: 'minPosition', reason: 'must be a position (a decimal string)' },
        ]);
      }
    });

    it('an unknown id answers null, now and at any moment', async () => {
      expect(await r.pledge('pledge-nobody-made')).toBeNull();
      expect(await r.pledge('pledge-nobody-made', { asOf: iso(NOW), knownAt: iso(NOW) })).toBeNull();
      expect(await r.ceasefire('proposal-nobody-made')).toBeNull();
      expect(await r.ceasefire('proposal-nobody-made', { asOf: iso(NOW) })).toBeNull();
      // a stream that exists but is no pledge (a strike) and no ceasefire
      expect(await r.pledge('strike-late-a')).toBeNull();
      expect(await r.ceasefire(P.broken)).toBeNull();
      expect(await r.ceasefire(P.broken, { knownAt: iso(Date.now()) })).toBeNull();
    });
  });
});

// ---------------------------------------------------------------------------------------------

/**
 * On a log of their own: with no other pledge of the side whose window or agents would widen
 * what the loader fetches, a strike brought into a pledge's reach by a correction must still count.
 */
describe('corrections that bring a strike into a pledge', () => {
  let sut: Sut;
  let r: Reader;

  beforeAll(async () => {
    sut = await createSut();
    r = new Reader(sut);
    await r.registerActors();
  });

  afterAll(() => sut?.close());

  it('a correction moving a strike from before the window into it breaks the pledge (corrected events count as corrected)', async () => {
    const id = 'pledge-civilian-now';
    await r.one(
      id,
      pledgeMade(
        { commitment: { action: 'HALT_STRIKES', targetCategory: 'CIVILIAN', text: 'no strikes on civilians' } },
        { occurredAt: iso(NOW - 10 * D) },
      ),
    );
    const strike = await r.one(
      'strike-civilian-now',
      strikeReported({ targetCategory: 'CIVILIAN', place: 'Sumy' }, { occurredAt: iso(NOW - 12 * D) }),
    );
    expect(await r.pledge(id)).toMatchObject({ state: 'HOLDING', violations: [] });
    const beforeCorrection = await r.instant();
    await r.one(
      'strike-civilian-now',
      eventCorrected(strike.id, {
        occurredAt: iso(NOW - 3 * D),
        occurredPrecision: undefined,
        reason: 'the report was dated wrongly',
      }),
    );

    expect(await r.pledge(id)).toMatchObject({
      state: 'BROKEN',
      brokenAt: iso(NOW - 3 * D),
      violations: [violation('INFERRED', NOW - 3 * D, 'russia', ref(strike))],
      position: r.head,
    });
    expect(await r.pledge(id, { asOf: iso(NOW - 2 * D) })).toMatchObject({
      state: 'BROKEN',
      brokenAt: iso(NOW - 3 * D),
    });
    expect(await r.pledge(id, { knownAt: beforeCorrection })).toMatchObject({ state: 'HOLDING' });
    expect(await r.pledge(id, { knownAt: iso(Date.now()) })).toMatchObject({
      state: 'BROKEN',
      brokenAt: iso(NOW - 3 * D),
    });
  });

  it("a correction naming the pledger's side as the attacker breaks the pledge (asOf over a short and a long window)", async () => {
    const id = 'pledge-military-now';
    // asOf a week into this one: the strikes of the window are probed for corrections; asOf seven
    // weeks into the older one: the corrections naming an agent are hashed against the window.
    const older = 'pledge-military-long-ago';
    for (const [pledge, days] of [
      [id, 10],
      [older, 50],
    ] as const)
      await r.one(
        pledge,
        pledgeMade(
          {
            commitment: { action: 'HALT_STRIKES', targetCategory: 'MILITARY', text: 'no strikes on military targets' },
            durationDays: 90,
          },
          { occurredAt: iso(NOW - days * D) },
        ),
      );
    const strikeData = {
      attacker: 'ukraine',
      targetCategory: 'MILITARY',
      place: 'Kursk',
      country: 'RU',
      means: 'DRONE',
    } as const;
    const strike = await r.one(
      'strike-misattributed-now',
      strikeReported(strikeData, { occurredAt: iso(NOW - 4 * D) }),
    );
    expect(await r.pledge(id)).toMatchObject({ state: 'HOLDING', violations: [] });
    await r.one(
      'strike-misattributed-now',
      eventCorrected(strike.id, {
        data: { ...strikeData, attacker: 'russia' },
        occurredPrecision: undefined,
        reason: 'misattributed',
      }),
    );

    expect(await r.pledge(id)).toMatchObject({
      state: 'BROKEN',
      brokenAt: iso(NOW - 4 * D),
      violations: [violation('INFERRED', NOW - 4 * D, 'russia', ref(strike))],
      position: r.head,
    });
    for (const pledge of [id, older])
      expect(await r.pledge(pledge, { asOf: iso(NOW - 3 * D) })).toMatchObject({
        state: 'BROKEN',
        brokenAt: iso(NOW - 4 * D),
      });
    expect(await r.pledge(older)).toMatchObject({ state: 'BROKEN', brokenAt: iso(NOW - 4 * D) });
  });
});

// ---------------------------------------------------------------------------------------------

describe('with the projector stopped', () => {
  let sut: Sut;
  let r: Reader;

  beforeAll(async () => {
    sut = await createSut({ RUN_PROJECTIONS: 'false' });
    r = new Reader(sut);
    await r.registerActors();
    await r.append('pledge-unprojected', pledgeMade({}, { occurredAt: '2025-03-18T16:00:00Z' }));
    await r.append(
      'proposal-unprojected',
      proposalMade({}, { occurredAt: '2025-03-11T00:00:00Z' }),
      proposalAccepted({ party: 'ukraine' }, { occurredAt: '2025-03-11T00:00:00Z' }),
    );
  });

  afterAll(() => sut?.close());

  it('the projector status (what /health shows) shows each projection at 0, lagging by the whole log', async () => {
    expect(r.head).toBe('3');
    expect(await r.health()).toMatchObject({
      lastPosition: '3',
      projections: { ceasefires: { position: '0', lag: 3 }, pledges: { position: '0', lag: 3 } },
    });
  });

  it('minPosition answers NOT_CAUGHT_UP; without it the projected answer is at position 0; asOf / knownAt are computed from the log', async () => {
    const error = await refusal(r.pledge('pledge-unprojected', { minPosition: r.head }, { id: true }));
    expect(error.code).toBe('NOT_CAUGHT_UP');
    expect(error.details).toMatchObject({ position: '0', minPosition: '3' });
    expect(error.message).toBe('the pledges read model is at position 0, not yet at 3; retry shortly');

    expect(await r.pledge('pledge-unprojected', { minPosition: undefined })).toBeNull();
    expect(await r.pledges(null, { minPosition: undefined })).toEqual([]);
    const now = iso(Date.now() + 1000);
    expect(await r.pledge('pledge-unprojected', { minPosition: undefined, knownAt: now })).toMatchObject({
      state: 'EXPIRED',
      position: '3',
    });
    expect(
      await r.ceasefire('proposal-unprojected', { minPosition: undefined, asOf: '2025-03-12T00:00:00Z' }),
    ).toMatchObject({
      state: 'PARTIALLY_ACCEPTED',
      parties: [party('ukraine', 'ACCEPTED', Date.parse('2025-03-11T00:00:00Z')), party('russia', 'PENDING', null)],
      position: '3',
    });
  });
});

// ---------------------------------------------------------------------------------------------

describe('violation counts without the list', () => {
  let sut: Sut;
  let r: Reader;

  beforeAll(async () => {
    sut = await createSut();
    r = new Reader(sut);
    await r.registerActors();
  });

  afterAll(() => sut?.close());

  it('a pledge counts only the violations that happened by now, with or without the list (one is dated in the future)', async () => {
    const id = 'pledge-with-a-future-violation';
    await r.one(id, pledgeMade({ durationDays: 36_500 }, { occurredAt: '2024-07-01T10:00:00Z' }));
    await r.one(id, violationReported({}, { occurredAt: '2024-07-02T10:00:00Z' }));
    await r.one(id, violationReported({}, { occurredAt: '2024-07-03T10:00:00Z' }));
    const future = await r.one(id, violationReported({}, { occurredAt: '2090-01-01T00:00:00Z' }));
    const ask = (selection: Selection, temporal: Temporal = {}) =>
      r.pledge(id, { minPosition: r.head, ...temporal }, selection);
    const brief = await ask({ violationCount: true, firstViolation: { at: true } });
    const full = await ask({
      violationCount: true,
      firstViolation: { at: true },
      violations: { at: true, event: { id: true } },
    });
    expect(brief).toEqual({ violationCount: 2, firstViolation: { at: '2024-07-02T10:00:00.000Z' } });
    expect(full).toMatchObject(brief);
    expect(full.violations.map((v: { event: { id: string } }) => v.event.id)).not.toContain(future.id);
    // At a moment after it, the third counts too.
    expect(await ask({ violationCount: true }, { asOf: '2090-06-01T00:00:00Z' })).toEqual({ violationCount: 3 });
  });
});

describe('list order and pages on a database whose collation is not byte order', () => {
  let sut: Sut;
  let r: Reader;
  /** Ids whose byte order ('-' < '.' < digits < ':' < letters) a natural-language collation does not keep. */
  const made = ['pl-b', 'pl.a', 'pl0', 'pl:c', 'pla', 'plz-1', 'pl-a9'];
  const byteOrder = [...made].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

  beforeAll(async () => {
    sut = await createSut();
    r = new Reader(sut);
    await r.registerActors();
    for (const id of made) await r.one(id, pledgeMade({}, { occurredAt: '2024-07-01T10:00:00Z' }));
    await sut.reads.waitForPosition(r.head, PLEDGES);
    // As on a database created with a natural-language locale: the ids compare by the ICU root collation.
    await sut.db.query('ALTER TABLE rm_pledges ALTER COLUMN id TYPE text COLLATE "und-x-icu"');
  });

  afterAll(() => sut?.close());

  const listIds = async (page: { first: number | null; after: string | null } | null, temporal = {}) =>
    (await sut.reads.list(PLEDGES, temporal, () => true, page)).map((a) => a.view.id);

  it('the table orders its ids otherwise (what the test needs)', async () => {
    const rows: Array<{ id: string }> = await sut.db.query('SELECT id FROM rm_pledges ORDER BY id');
    expect(rows.map((row) => row.id)).not.toEqual(byteOrder);
  });

  it('the list is in byte order, now and at asOf, and its pages walk it exactly', async () => {
    expect(await listIds(null)).toEqual(byteOrder);
    expect(await listIds(null, { asOf: new Date('2025-01-01T00:00:00Z') })).toEqual(byteOrder);
    for (const temporal of [{}, { asOf: new Date('2025-01-01T00:00:00Z') }]) {
      const walked: string[] = [];
      let after: string | null = null;
      for (let n = 0; n < made.length; n++) {
        const page: string[] = await listIds({ first: 2, after }, temporal);
        walked.push(...page);
        if (page.length < 2) break;
        after = page[page.length - 1];
      }
      expect(walked).toEqual(byteOrder);
    }
  });
});
