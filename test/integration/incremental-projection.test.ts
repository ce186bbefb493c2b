/**
 * The projector goes on from a stored state when a subject's new events all occurred after
 * everything it has folded, and folds the subject again from the log otherwise. Whichever it does,
 * the rows must be what a fresh build from the log gives: for random sequences of appends (strikes
 * of either side on energy or military targets, violation reports, statements, renunciations, a
 * withdrawal, disputes, corrections of a strike's time and retractions, most in valid-time order and
 * some late), projected in ranges of random sizes as they come (the projections in one transaction
 * a range, or now and then only some of them, so that the others fall behind and later take their
 * ranges from their own checkpoints), every read model equals a fresh build, row for row (state,
 * brief, principals, position, and the valid time folded).
 */
import 'reflect-metadata';
import fc from 'fast-check';
import type { NewEventInput } from '../../src/events/append/append-input.js';
import { PROJECTIONS } from '../../src/read-models/read-models.js';
import { fuzzParams } from '../support/arbitraries.js';
import {
  CAST,
  claimDisputed,
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
} from '../support/fixtures.js';
import { compareWithFreshBuild } from '../support/read-model-checks.js';
import { type Sut, createSut } from './support/sut.js';

const HOUR = 3_600_000;
const T0 = Date.parse('2025-03-01T00:00:00Z');
const at = (ms: number) => new Date(ms).toISOString();

/** Hours from the latest valid time so far: mostly forward, now and then back (a late report). */
const step = fc.oneof(
  { arbitrary: fc.integer({ min: 1, max: 12 }), weight: 4 },
  { arbitrary: fc.integer({ min: -72, max: 0 }), weight: 1 },
);

type Op =
  | { kind: 'strike'; attacker: string; category: 'ENERGY_INFRASTRUCTURE' | 'MILITARY'; hours: number }
  | { kind: 'report'; stream: string; violator: string; hours: number }
  | { kind: 'statement'; hours: number }
  | { kind: 'reject'; party: string; hours: number }
  | { kind: 'withdraw'; hours: number }
  | { kind: 'dispute'; target: number; hours: number }
  | { kind: 'correct'; target: number; hours: number }
  | { kind: 'retract'; target: number }
  | { kind: 'project'; size: number; only: string[] | null };

const op: fc.Arbitrary<Op> = fc.oneof(
  {
    arbitrary: fc.record({
      kind: fc.constant('strike' as const),
      attacker: fc.constantFrom('russia', 'putin', 'ukraine', 'zelensky'),
      category: fc.constantFrom('ENERGY_INFRASTRUCTURE' as const, 'MILITARY' as const),
      hours: step,
    }),
    weight: 8,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant('report' as const),
      stream: fc.constantFrom('cf-comprehensive', 'cf-energy', 'pledge-energy'),
      violator: fc.constantFrom('russia', 'ukraine'),
      hours: step,
    }),
    weight: 3,
  },
  { arbitrary: fc.record({ kind: fc.constant('statement' as const), hours: step }), weight: 2 },
  {
    arbitrary: fc.record({
      kind: fc.constant('reject' as const),
      party: fc.constantFrom('russia', 'ukraine'),
      hours: step,
    }),
    weight: 1,
  },
  { arbitrary: fc.record({ kind: fc.constant('withdraw' as const), hours: step }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('dispute' as const), target: fc.nat(), hours: step }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('correct' as const), target: fc.nat(), hours: step }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant('retract' as const), target: fc.nat() }), weight: 1 },
  {
    arbitrary: fc.record({
      kind: fc.constant('project' as const),
      size: fc.integer({ min: 1, max: 6 }),
      // null: every projection; otherwise only these (the others fall behind).
      only: fc.option(
        fc.subarray(
          PROJECTIONS.map((p) => p.name),
          { minLength: 1 },
        ),
        { nil: null, freq: 2 },
      ),
    }),
    weight: 5,
  },
);

/** Two ceasefires in force (one comprehensive, one on energy) and a pledge to halt strikes on energy. */
async function subjects(t: Sut): Promise<void> {
  for (const actor of CAST) await t.actors.register(actor);
  const append = (streamId: string, ...events: NewEventInput[]) =>
    t.store.append({ streamId, events }, { keyName: 'test' });
  await append(
    'cf-comprehensive',
    proposalMade({}, { occurredAt: at(T0) }),
    proposalAccepted({ party: 'ukraine' }, { occurredAt: at(T0 + HOUR) }),
    proposalAccepted({ party: 'russia' }, { occurredAt: at(T0 + 2 * HOUR) }),
  );
  await append(
    'cf-energy',
    proposalMade(
      { terms: { kind: 'CEASEFIRE', scope: 'ENERGY_INFRASTRUCTURE', durationDays: 20, unconditional: true } },
      { occurredAt: at(T0) },
    ),
    proposalAccepted({ party: 'ukraine' }, { occurredAt: at(T0 + 3 * HOUR) }),
    proposalAccepted({ party: 'putin' }, { occurredAt: at(T0 + 4 * HOUR) }),
  );
  await append('pledge-energy', pledgeMade({}, { occurredAt: at(T0) }));
}

/** Appends what `ops` say, projecting as they say (in ranges of their size), then up to the head. */
async function play(t: Sut, ops: Op[]): Promise<void> {
  let clock = T0 + 5 * HOUR;
  const when = (hours: number) => {
    const time = clock + hours * HOUR;
    clock = Math.max(clock, time);
    return at(time);
  };
  // Strikes, reports and statements that may be disputed, corrected (strikes) or retracted, with their streams.
  const claims: Array<{ id: string; streamId: string; strike: boolean }> = [];
  const retracted = new Set<string>();
  const live = () => claims.filter((c) => !retracted.has(c.id));
  let n = 0;
  const append = async (streamId: string, event: NewEventInput) => {
    const outcome = await t.store.append({ streamId, events: [event] }, { keyName: 'test' });
    return outcome.events[0].id;
  };
  const project = async (size: number, only: readonly string[] | null = null) => {
    const projections = PROJECTIONS.filter((p) => only === null || only.includes(p.name));
    while ((await t.projector.projectBatch(projections, size)) > 0);
  };
  for (const o of ops) {
    switch (o.kind) {
      case 'strike': {
        const streamId = `strike-${++n}`;
        const event = strikeReported(
          { attacker: o.attacker, targetCategory: o.category },
          { occurredAt: when(o.hours) },
        );
        claims.push({ id: await append(streamId, event), streamId, strike: true });
        break;
      }
      case 'report': {
        const event = violationReported({ violator: o.violator }, { occurredAt: when(o.hours) });
        claims.push({ id: await append(o.stream, event), streamId: o.stream, strike: false });
        break;
      }
      case 'statement': {
        const event = statementMade({}, { occurredAt: when(o.hours) });
        claims.push({ id: await append('cf-comprehensive', event), streamId: 'cf-comprehensive', strike: false });
        break;
      }
      case 'reject':
        await append('cf-comprehensive', proposalRejected({ party: o.party }, { occurredAt: when(o.hours) }));
        break;
      case 'withdraw':
        await append('pledge-energy', pledgeWithdrawn({}, { occurredAt: when(o.hours) }));
        break;
      case 'dispute': {
        const targets = live();
        if (targets.length === 0) break;
        const target = targets[o.target % targets.length];
        await append(`dispute-${++n}`, claimDisputed(target.id, { by: 'putin' }, { occurredAt: when(o.hours) }));
        break;
      }
      case 'correct': {
        const strikes = live().filter((c) => c.strike);
        if (strikes.length === 0) break;
        const target = strikes[o.target % strikes.length];
        await append(
          target.streamId,
          eventCorrected(target.id, { occurredAt: when(o.hours), occurredPrecision: 'HOUR' }),
        );
        break;
      }
      case 'retract': {
        const targets = live();
        if (targets.length === 0) break;
        const target = targets[o.target % targets.length];
        await append(target.streamId, eventRetracted(target.id));
        retracted.add(target.id);
        break;
      }
      case 'project':
        await project(o.size, o.only);
        break;
    }
  }
  await project(1_000);
}

describe('incremental projection', () => {
  it('equals a fresh build from the log, for random appends (late ones, corrections, retractions) projected as they come', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 20, maxLength: 60 }), async (ops) => {
        const t = await createSut({ RUN_PROJECTIONS: 'false' });
        try {
          await subjects(t);
          await play(t, ops);
          const comparisons = await compareWithFreshBuild(t.db);
          // The first row that differs, against its fresh build (the diff shows where), then which differ.
          for (const c of comparisons)
            expect({ table: c.table, row: c.first?.live }).toEqual({ table: c.table, row: c.first?.fresh });
          expect(comparisons.map((c) => ({ table: c.table, differing: c.differing, first: c.first }))).toEqual(
            PROJECTIONS.map((p) => ({ table: p.table, differing: [], first: null })),
          );
        } finally {
          await t.close();
        }
      }),
      fuzzParams(18_2026, 12),
    );
  }, 300_000);
});
