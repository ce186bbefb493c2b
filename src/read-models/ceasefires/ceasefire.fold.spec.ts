import type { CeasefireScope, EventType } from '../../events/catalogue/event-types.js';
import { type FoldEvent, type Principals, foldGathering, foldOrder } from '../fold-event.js';
import { briefState } from '../projector/subject-projection.js';
import {
  type Opts,
  PRINCIPALS,
  foldEventBuilder,
  folder,
  strikeBuilder,
  t,
} from '../../../test/support/fold-events.js';
import { type CeasefireState, type PartyStance, evolve, foldCeasefire, statusAt, viewAt } from './ceasefire.fold.js';

const STREAM = 'proposal-30-day-ceasefire';

const ev = foldEventBuilder(STREAM);

const principals: Principals = { ...PRINCIPALS, rubio: 'us', sovsun: 'ukraine' };

function proposal(opts: Opts, terms: Record<string, unknown> = {}, extra: Record<string, unknown> = {}): FoldEvent {
  return ev(
    'PROPOSAL_MADE',
    {
      proposers: ['us'],
      parties: ['ukraine', 'russia'],
      title: 'Unconditional 30-day cease-fire',
      terms: { kind: 'CEASEFIRE', scope: 'COMPREHENSIVE', durationDays: 30, ...terms },
      ...extra,
    },
    opts,
  );
}
const accept = (party: string, opts: Opts, conditions?: string[]) =>
  ev('PROPOSAL_ACCEPTED', conditions ? { party, conditions } : { party }, opts);
const reject = (party: string, opts: Opts) => ev('PROPOSAL_REJECTED', { party }, opts);
function agreement(opts: Opts, extra: Record<string, unknown> = {}, terms: Record<string, unknown> = {}): FoldEvent {
  return ev(
    'AGREEMENT_REACHED',
    {
      parties: ['ukraine', 'russia'],
      title: 'Energy cease-fire',
      terms: { kind: 'CEASEFIRE', scope: 'COMPREHENSIVE', ...terms },
      ...extra,
    },
    { stream: 'agreement-energy-ceasefire', ...opts },
  );
}
const strike = strikeBuilder(ev, { targetCategory: 'MILITARY', place: 'somewhere' });
const violation = (violator: string, reportedBy: string, opts: Opts) =>
  ev('VIOLATION_REPORTED', { violator, reportedBy }, opts);

const fold = folder(foldCeasefire, principals, 'ceasefire');
/** A party's stance as the fold records it, with the second edition's fields at their defaults. */
const party = (p: Partial<PartyStance> & Pick<PartyStance, 'actorId' | 'stance'>): PartyStance => ({
  at: null,
  conditions: [],
  conditionsPending: [],
  conditionsMetAt: null,
  eventId: null,
  counterProposal: null,
  ...p,
});
const stanceOf = (state: { parties: CeasefireState['parties'] }, actorId: string) =>
  state.parties.find((p) => p.actorId === actorId);

describe('startsCeasefire', () => {
  it.each<[string, EventType, Record<string, unknown>, boolean]>([
    ['a ceasefire proposal', 'PROPOSAL_MADE', { terms: { kind: 'CEASEFIRE' } }, true],
    ['a peace-deal proposal', 'PROPOSAL_MADE', { terms: { kind: 'PEACE_DEAL' } }, false],
    ['a ceasefire agreement', 'AGREEMENT_REACHED', { terms: { kind: 'CEASEFIRE' } }, true],
    [
      'a unilateral declared truce of kind OTHER',
      'AGREEMENT_REACHED',
      { terms: { kind: 'OTHER' }, unilateral: true },
      true,
    ],
    ['a prisoner-exchange agreement', 'AGREEMENT_REACHED', { terms: { kind: 'PRISONER_EXCHANGE' } }, false],
  ])('%s (%s) is a ceasefire: %s', (_name, type, data, expected) => {
    const started = ev(
      type,
      { proposers: ['us'], parties: ['ukraine', 'russia'], title: 'x', ...data },
      {
        at: '2025-03-11T00:00:00Z',
        position: 1,
      },
    );
    expect(foldCeasefire([started], principals) !== null).toBe(expected);
  });

  it.each<[string, EventType, Record<string, unknown>]>([
    ['a strike', 'STRIKE_REPORTED', { attacker: 'russia' }],
    ['an acceptance', 'PROPOSAL_ACCEPTED', { party: 'russia' }],
  ])('%s starts nothing', (_name, type, data) => {
    expect(evolve(null, ev(type, data, { at: '2025-03-11T00:00:00Z' }), principals)).toBeNull();
  });

  it('folds nothing but ceasefires: a peace-deal proposal and its acceptances give no state', () => {
    const events = [
      proposal({ at: '2025-03-11T00:00:00Z', position: 1, id: 'p' }, { kind: 'PEACE_DEAL' }),
      accept('ukraine', { at: '2025-03-12T00:00:00Z', position: 2, id: 'a1' }),
      accept('russia', { at: '2025-03-13T00:00:00Z', position: 3, id: 'a2' }),
    ];
    expect(foldCeasefire(events, principals)).toBeNull();
    expect(evolve(null, events[1], principals)).toBeNull();
  });
});

describe('ceasefire fold: stances and agreement', () => {
  const made = proposal({ at: '2025-03-11T00:00:00Z', precision: 'DAY', position: 1, id: 'proposal' });

  it('PROPOSED: a proposal with every party pending', () => {
    const state = fold([made]);
    expect(state).toEqual({
      id: STREAM,
      title: 'Unconditional 30-day cease-fire',
      terms: { kind: 'CEASEFIRE', scope: 'COMPREHENSIVE', durationDays: 30 },
      unilateral: false,
      proposers: ['us'],
      backers: [],
      mediators: [],
      guarantors: [],
      parties: [party({ actorId: 'ukraine', stance: 'PENDING' }), party({ actorId: 'russia', stance: 'PENDING' })],
      proposedAt: t('2025-03-11T00:00:00Z'),
      proposedPrecision: 'DAY',
      agreedAt: null,
      concludedBy: null,
      statedFrom: null,
      statedUntil: null,
      withdrawnAt: null,
      terminatedAt: null,
      counterTo: null,
      counterProposals: [],
      violations: [],
      history: [{ state: 'PROPOSED', at: t('2025-03-11T00:00:00Z'), eventId: 'proposal' }],
      lastAt: t('2025-03-11T00:00:00Z'),
      position: 1,
    });
    const view = viewAt(state, t('2025-05-01T00:00:00Z'));
    expect(view.state).toBe('PROPOSED');
    expect([view.scope, view.durationDays, view.durationHours]).toEqual(['COMPREHENSIVE', 30, null]);
    expect(view.effectiveFrom).toBeNull();
    expect(view.expiresAt).toBeNull();
    expect(view.history).toEqual(state.history);
  });

  it('defaults the scope to COMPREHENSIVE when the terms name none', () => {
    const state = fold([proposal({ at: '2025-03-11T00:00:00Z', position: 1, id: 'p' }, { scope: undefined })]);
    expect(viewAt(state, t('2025-03-12T00:00:00Z')).scope).toBe('COMPREHENSIVE');
  });

  it('PARTIALLY_ACCEPTED: some, not all parties accepted', () => {
    const state = fold([
      made,
      accept('ukraine', { at: '2025-03-11T00:00:00Z', precision: 'DAY', position: 2, id: 'ua-yes' }),
    ]);
    expect(statusAt(state, t('2025-03-12T00:00:00Z'))).toBe('PARTIALLY_ACCEPTED');
    expect(state.parties).toEqual([
      party({ actorId: 'ukraine', stance: 'ACCEPTED', at: t('2025-03-11T00:00:00Z'), eventId: 'ua-yes' }),
      party({ actorId: 'russia', stance: 'PENDING' }),
    ]);
    expect(state.agreedAt).toBeNull();
    expect(state.history).toEqual([
      { state: 'PROPOSED', at: t('2025-03-11T00:00:00Z'), eventId: 'proposal' },
      { state: 'PARTIALLY_ACCEPTED', at: t('2025-03-11T00:00:00Z'), eventId: 'ua-yes' },
    ]);
  });

  it('an acceptance by an actor on a party’s side counts for the party', () => {
    const state = fold([made, accept('zelensky', { at: '2025-03-12T10:00:00Z', position: 2, id: 'zelensky-yes' })]);
    expect(stanceOf(state, 'ukraine')).toEqual(
      party({ actorId: 'ukraine', stance: 'ACCEPTED', at: t('2025-03-12T10:00:00Z'), eventId: 'zelensky-yes' }),
    );
    expect(stanceOf(state, 'russia')?.stance).toBe('PENDING');
    expect(viewAt(state, t('2025-03-13T00:00:00Z')).state).toBe('PARTIALLY_ACCEPTED');
  });

  it.each([
    ['a third state', 'france'],
    ['the proposer', 'us'],
    ['an actor on the proposer’s side', 'trump'],
  ])('an acceptance by a non-party (%s) changes nothing', (_name, actor) => {
    const before = fold([made]);
    const after = fold([made, accept(actor, { at: '2025-03-12T00:00:00Z', position: 2, id: 'opinion' })]);
    expect(after.parties).toEqual(before.parties);
    expect(after.history).toEqual(before.history);
    expect(after.agreedAt).toBeNull();
    expect(after.withdrawnAt).toBeNull();
    expect(viewAt(after, t('2025-03-12T00:00:00Z')).state).toBe('PROPOSED');
  });

  it('a rejection by a third state changes nothing', () => {
    const after = fold([made, reject('france', { at: '2025-03-12T00:00:00Z', position: 2, id: 'opinion' })]);
    expect(after.parties).toEqual(fold([made]).parties);
    expect(after.withdrawnAt).toBeNull();
    expect(viewAt(after, t('2025-03-12T00:00:00Z')).state).toBe('PROPOSED');
  });

  it('IN_FORCE at once when the last party accepts (effectiveFrom defaults to the agreement)', () => {
    const state = fold([
      made,
      accept('ukraine', { at: '2025-03-11T00:00:00Z', precision: 'DAY', position: 2, id: 'ua-yes' }),
      accept('putin', { at: '2025-03-20T12:00:00Z', position: 3, id: 'ru-yes' }),
    ]);
    expect(state.agreedAt).toBe(t('2025-03-20T12:00:00Z'));
    expect(stanceOf(state, 'russia')).toEqual(
      party({ actorId: 'russia', stance: 'ACCEPTED', at: t('2025-03-20T12:00:00Z'), eventId: 'ru-yes' }),
    );
    expect(state.history).toEqual([
      { state: 'PROPOSED', at: t('2025-03-11T00:00:00Z'), eventId: 'proposal' },
      { state: 'PARTIALLY_ACCEPTED', at: t('2025-03-11T00:00:00Z'), eventId: 'ua-yes' },
      { state: 'IN_FORCE', at: t('2025-03-20T12:00:00Z'), eventId: 'ru-yes' },
    ]);
    const view = viewAt(state, t('2025-03-25T00:00:00Z'));
    expect(view.state).toBe('IN_FORCE');
    expect(view.effectiveFrom).toBe(t('2025-03-20T12:00:00Z'));
    expect(view.expiresAt).toBe(t('2025-04-19T12:00:00Z'));
  });

  it('conditional acceptance: CONDITIONALLY_ACCEPTED with its conditions; every party accepting is CONDITIONALLY_AGREED, never in force', () => {
    const conditions = ['an end to foreign military aid to Kyiv', 'an end to intelligence sharing'];
    const partial = fold([
      made,
      accept('kremlin', { at: '2025-03-13T00:00:00Z', precision: 'DAY', position: 2, id: 'ru-if' }, conditions),
    ]);
    expect(stanceOf(partial, 'russia')).toEqual(
      party({
        actorId: 'russia',
        stance: 'CONDITIONALLY_ACCEPTED',
        at: t('2025-03-13T00:00:00Z'),
        conditions,
        conditionsPending: conditions,
        eventId: 'ru-if',
      }),
    );
    expect(statusAt(partial, t('2025-03-13T00:00:00Z'))).toBe('PARTIALLY_ACCEPTED');

    const all = fold([
      made,
      accept('kremlin', { at: '2025-03-13T00:00:00Z', precision: 'DAY', position: 2, id: 'ru-if' }, conditions),
      accept('ukraine', { at: '2025-03-14T00:00:00Z', precision: 'DAY', position: 3, id: 'ua-yes' }),
      strike('russia', { at: '2025-03-20T00:00:00Z', position: 4, id: 'hit' }),
    ]);
    expect(all.agreedAt).toBeNull();
    const view = viewAt(all, t('2025-04-01T00:00:00Z'));
    expect(view.state).toBe('CONDITIONALLY_AGREED');
    expect(view.effectiveFrom).toBeNull();
    expect(view.violations).toEqual([]);
    expect(all.history.map((h) => h.state)).toEqual(['PROPOSED', 'PARTIALLY_ACCEPTED', 'CONDITIONALLY_AGREED']);
  });

  it('an acceptance with an empty conditions list is a plain acceptance', () => {
    const state = fold([made, accept('russia', { at: '2025-03-13T00:00:00Z', position: 2, id: 'ru-yes' }, [])]);
    expect(stanceOf(state, 'russia')).toMatchObject({ stance: 'ACCEPTED', conditions: [] });
  });

  it('a later unconditional acceptance replaces a conditional one', () => {
    const state = fold([
      made,
      accept('russia', { at: '2025-03-13T00:00:00Z', position: 2, id: 'ru-if' }, ['aid stops']),
      accept('putin', { at: '2025-03-15T00:00:00Z', position: 3, id: 'ru-yes' }),
    ]);
    expect(stanceOf(state, 'russia')).toEqual(
      party({ actorId: 'russia', stance: 'ACCEPTED', at: t('2025-03-15T00:00:00Z'), eventId: 'ru-yes' }),
    );
  });
});

describe('ceasefire fold: rejection and withdrawal', () => {
  const made = proposal({ at: '2025-03-11T00:00:00Z', precision: 'DAY', position: 1, id: 'proposal' });

  it('REJECTED once any party rejects, even before the others answered', () => {
    const state = fold([made, reject('ukraine', { at: '2025-03-12T00:00:00Z', position: 2, id: 'ua-no' })]);
    expect(stanceOf(state, 'ukraine')).toEqual(
      party({ actorId: 'ukraine', stance: 'REJECTED', at: t('2025-03-12T00:00:00Z'), eventId: 'ua-no' }),
    );
    expect(viewAt(state, t('2025-03-13T00:00:00Z')).state).toBe('REJECTED');
  });

  it('REJECTED by an actor on a party’s side, even when the other party accepted', () => {
    const state = fold([
      made,
      accept('ukraine', { at: '2025-03-11T00:00:00Z', precision: 'DAY', position: 2, id: 'ua-yes' }),
      reject('putin', { at: '2025-03-18T16:00:00Z', position: 3, id: 'putin-no' }),
    ]);
    expect(stanceOf(state, 'russia')).toEqual(
      party({ actorId: 'russia', stance: 'REJECTED', at: t('2025-03-18T16:00:00Z'), eventId: 'putin-no' }),
    );
    expect(state.withdrawnAt).toBeNull();
    expect(viewAt(state, t('2025-03-19T00:00:00Z')).state).toBe('REJECTED');
  });

  it('a later acceptance by the rejecting party changes it back (and agrees when it was the last)', () => {
    const state = fold([
      made,
      accept('ukraine', { at: '2025-03-11T00:00:00Z', precision: 'DAY', position: 2, id: 'ua-yes' }),
      reject('russia', { at: '2025-03-18T00:00:00Z', precision: 'DAY', position: 3, id: 'ru-no' }),
      accept('russia', { at: '2025-03-25T00:00:00Z', precision: 'DAY', position: 4, id: 'ru-yes' }),
    ]);
    expect(stanceOf(state, 'russia')).toEqual(
      party({ actorId: 'russia', stance: 'ACCEPTED', at: t('2025-03-25T00:00:00Z'), eventId: 'ru-yes' }),
    );
    expect(state.agreedAt).toBe(t('2025-03-25T00:00:00Z'));
    expect(state.history).toEqual([
      { state: 'PROPOSED', at: t('2025-03-11T00:00:00Z'), eventId: 'proposal' },
      { state: 'PARTIALLY_ACCEPTED', at: t('2025-03-11T00:00:00Z'), eventId: 'ua-yes' },
      { state: 'REJECTED', at: t('2025-03-18T00:00:00Z'), eventId: 'ru-no' },
      { state: 'IN_FORCE', at: t('2025-03-25T00:00:00Z'), eventId: 'ru-yes' },
    ]);
    expect(viewAt(state, t('2025-03-26T00:00:00Z')).expiresAt).toBe(t('2025-04-24T00:00:00Z'));
  });

  it('a later acceptance after a lone rejection makes it PARTIALLY_ACCEPTED again', () => {
    const state = fold([
      made,
      reject('russia', { at: '2025-03-18T00:00:00Z', precision: 'DAY', position: 2, id: 'ru-no' }),
      accept('russia', { at: '2025-03-25T00:00:00Z', precision: 'DAY', position: 3, id: 'ru-yes' }),
    ]);
    expect(state.history.map((h) => [h.state, h.eventId])).toEqual([
      ['PROPOSED', 'proposal'],
      ['REJECTED', 'ru-no'],
      ['PARTIALLY_ACCEPTED', 'ru-yes'],
    ]);
  });

  it('WITHDRAWN when a proposer (or an actor on its side) rejects its own proposal', () => {
    const state = fold([
      made,
      accept('ukraine', { at: '2025-03-11T00:00:00Z', precision: 'DAY', position: 2, id: 'ua-yes' }),
      reject('trump', { at: '2025-03-20T00:00:00Z', precision: 'DAY', position: 3, id: 'us-drops-it' }),
    ]);
    expect(state.withdrawnAt).toBe(t('2025-03-20T00:00:00Z'));
    expect(stanceOf(state, 'ukraine')?.stance).toBe('ACCEPTED');
    expect(stanceOf(state, 'russia')?.stance).toBe('PENDING');
    expect(state.history.at(-1)).toEqual({ state: 'WITHDRAWN', at: t('2025-03-20T00:00:00Z'), eventId: 'us-drops-it' });
    expect(viewAt(state, t('2025-03-21T00:00:00Z')).state).toBe('WITHDRAWN');
    // before the withdrawal
    expect(statusAt(state, t('2025-03-19T00:00:00Z'))).toBe('PARTIALLY_ACCEPTED');
  });

  it('stays WITHDRAWN when a party accepts afterwards', () => {
    const state = fold([
      made,
      reject('us', { at: '2025-03-20T00:00:00Z', position: 2, id: 'us-drops-it' }),
      accept('ukraine', { at: '2025-03-21T00:00:00Z', position: 3, id: 'ua-yes' }),
      accept('russia', { at: '2025-03-22T00:00:00Z', position: 4, id: 'ru-yes' }),
    ]);
    expect(state.withdrawnAt).toBe(t('2025-03-20T00:00:00Z'));
    expect(viewAt(state, t('2025-03-23T00:00:00Z')).state).toBe('WITHDRAWN');
    expect(state.history.map((h) => h.state)).toEqual(['PROPOSED', 'WITHDRAWN']);
  });

  it('a proposer’s rejection after agreement withdraws nothing', () => {
    const state = fold([
      made,
      accept('ukraine', { at: '2025-03-12T00:00:00Z', position: 2, id: 'ua-yes' }),
      accept('russia', { at: '2025-03-13T00:00:00Z', position: 3, id: 'ru-yes' }),
      reject('us', { at: '2025-03-14T00:00:00Z', position: 4, id: 'us-no' }),
    ]);
    expect(state.withdrawnAt).toBeNull();
    expect(viewAt(state, t('2025-03-15T00:00:00Z')).state).toBe('IN_FORCE');
  });
});

describe('ceasefire fold: agreements, entry into force and expiry', () => {
  it('AGREEMENT_REACHED is agreed at once; with a later effectiveFrom it is AGREED until then (time-caused changes have no event)', () => {
    const state = fold([
      agreement(
        { at: '2025-03-20T12:00:00Z', position: 1, id: 'deal' },
        { effectiveFrom: '2025-03-25T00:00:00Z' },
        { scope: 'ENERGY_INFRASTRUCTURE', durationDays: 30 },
      ),
    ]);
    expect(state).toMatchObject({
      id: 'agreement-energy-ceasefire',
      terms: { kind: 'CEASEFIRE', scope: 'ENERGY_INFRASTRUCTURE', durationDays: 30 },
      unilateral: false,
      proposers: [],
      proposedAt: t('2025-03-20T12:00:00Z'),
      agreedAt: t('2025-03-20T12:00:00Z'),
      parties: [
        { actorId: 'ukraine', stance: 'ACCEPTED', at: t('2025-03-20T12:00:00Z'), conditions: [], eventId: 'deal' },
        { actorId: 'russia', stance: 'ACCEPTED', at: t('2025-03-20T12:00:00Z'), conditions: [], eventId: 'deal' },
      ],
      history: [{ state: 'AGREED', at: t('2025-03-20T12:00:00Z'), eventId: 'deal' }],
    });

    const before = viewAt(state, t('2025-03-24T23:59:59.999Z'));
    expect(before.state).toBe('AGREED');
    expect(before.effectiveFrom).toBe(t('2025-03-25T00:00:00Z'));
    expect(before.expiresAt).toBe(t('2025-04-24T00:00:00Z'));
    expect(before.history).toEqual([{ state: 'AGREED', at: t('2025-03-20T12:00:00Z'), eventId: 'deal' }]);

    const inForce = viewAt(state, t('2025-03-25T00:00:00Z'));
    expect(inForce.state).toBe('IN_FORCE');
    expect(inForce.history).toEqual([
      { state: 'AGREED', at: t('2025-03-20T12:00:00Z'), eventId: 'deal' },
      { state: 'IN_FORCE', at: t('2025-03-25T00:00:00Z'), eventId: null },
    ]);

    expect(viewAt(state, t('2025-04-23T23:59:59.999Z')).state).toBe('IN_FORCE');
    const expired = viewAt(state, t('2025-04-24T00:00:00Z'));
    expect(expired.state).toBe('EXPIRED');
    expect(expired.history).toEqual([
      { state: 'AGREED', at: t('2025-03-20T12:00:00Z'), eventId: 'deal' },
      { state: 'IN_FORCE', at: t('2025-03-25T00:00:00Z'), eventId: null },
      { state: 'EXPIRED', at: t('2025-04-24T00:00:00Z'), eventId: null },
    ]);
    // viewAt does not change the folded state
    expect(state.history).toHaveLength(1);
  });

  it('an AGREEMENT_REACHED without effectiveFrom is IN_FORCE from its own moment', () => {
    const state = fold([agreement({ at: '2025-03-20T12:00:00Z', position: 1, id: 'deal' })]);
    expect(state.history).toEqual([{ state: 'IN_FORCE', at: t('2025-03-20T12:00:00Z'), eventId: 'deal' }]);
    const view = viewAt(state, t('2030-01-01T00:00:00Z'));
    expect(view.state).toBe('IN_FORCE'); // no duration, no effectiveUntil: open-ended
    expect(view.effectiveFrom).toBe(t('2025-03-20T12:00:00Z'));
    expect(view.expiresAt).toBeNull();
  });

  it('an AGREEMENT_REACHED in a proposal’s stream agrees it for every party, with its effectiveFrom', () => {
    const state = fold([
      proposal({ at: '2025-03-11T00:00:00Z', precision: 'DAY', position: 1, id: 'proposal' }),
      reject('russia', { at: '2025-03-18T00:00:00Z', precision: 'DAY', position: 2, id: 'ru-no' }),
      agreement(
        { at: '2025-03-20T12:00:00Z', position: 3, id: 'deal', stream: STREAM },
        { effectiveFrom: '2025-03-21T00:00:00Z' },
      ),
    ]);
    expect(state.parties.map((p) => [p.actorId, p.stance, p.eventId])).toEqual([
      ['ukraine', 'ACCEPTED', 'deal'],
      ['russia', 'ACCEPTED', 'deal'],
    ]);
    expect(state.agreedAt).toBe(t('2025-03-20T12:00:00Z'));
    expect(state.history.at(-1)).toEqual({ state: 'AGREED', at: t('2025-03-20T12:00:00Z'), eventId: 'deal' });
    const view = viewAt(state, t('2025-03-22T00:00:00Z'));
    expect(view.state).toBe('IN_FORCE');
    expect(view.effectiveFrom).toBe(t('2025-03-21T00:00:00Z'));
    // Second edition: the agreement's terms replace the proposal's, and these state no duration.
    expect(view.expiresAt).toBeNull();
    expect(view.durationDays).toBeNull();
  });

  it('EXPIRED after durationDays from entry into force', () => {
    const state = fold([
      proposal({ at: '2025-03-11T00:00:00Z', precision: 'DAY', position: 1, id: 'proposal' }),
      accept('ukraine', { at: '2025-03-11T00:00:00Z', precision: 'DAY', position: 2, id: 'ua-yes' }),
      accept('russia', { at: '2025-03-20T12:00:00Z', position: 3, id: 'ru-yes' }),
    ]);
    expect(viewAt(state, t('2025-04-19T11:59:59.999Z')).state).toBe('IN_FORCE');
    const view = viewAt(state, t('2025-04-19T12:00:00Z'));
    expect(view.state).toBe('EXPIRED');
    expect(view.expiresAt).toBe(t('2025-04-19T12:00:00Z'));
    expect(view.history.at(-1)).toEqual({ state: 'EXPIRED', at: t('2025-04-19T12:00:00Z'), eventId: null });
  });

  it('EXPIRED after durationHours (the 30-hour Easter truce)', () => {
    const state = fold([
      agreement(
        { at: '2025-04-19T15:00:00Z', precision: 'MINUTE', position: 1, id: 'easter' },
        { effectiveFrom: '2025-04-19T15:00:00Z' },
        { durationHours: 30 },
      ),
    ]);
    expect(viewAt(state, t('2025-04-19T18:00:00Z')).durationHours).toBe(30);
    expect(viewAt(state, t('2025-04-19T18:00:00Z')).durationDays).toBeNull();
    expect(viewAt(state, t('2025-04-20T20:59:00Z')).state).toBe('IN_FORCE');
    const view = viewAt(state, t('2025-04-20T21:00:00Z'));
    expect(view.state).toBe('EXPIRED');
    expect(view.expiresAt).toBe(t('2025-04-20T21:00:00Z'));
  });

  it('adds durationDays and durationHours', () => {
    const state = fold([
      agreement({ at: '2025-04-19T00:00:00Z', position: 1, id: 'deal' }, {}, { durationDays: 1, durationHours: 6 }),
    ]);
    expect(viewAt(state, t('2025-04-19T00:00:00Z')).expiresAt).toBe(t('2025-04-20T06:00:00Z'));
  });

  it('EXPIRED at effectiveUntil, which wins over a duration', () => {
    const state = fold([
      agreement(
        { at: '2025-03-20T12:00:00Z', position: 1, id: 'deal' },
        { effectiveFrom: '2025-03-21T00:00:00Z', effectiveUntil: '2025-03-28T00:00:00Z' },
        { durationDays: 30 },
      ),
    ]);
    expect(viewAt(state, t('2025-03-27T23:59:59.999Z')).state).toBe('IN_FORCE');
    const view = viewAt(state, t('2025-03-28T00:00:00Z'));
    expect(view.state).toBe('EXPIRED');
    expect(view.expiresAt).toBe(t('2025-03-28T00:00:00Z'));
    expect(view.history).toEqual([
      { state: 'AGREED', at: t('2025-03-20T12:00:00Z'), eventId: 'deal' },
      { state: 'IN_FORCE', at: t('2025-03-21T00:00:00Z'), eventId: null },
      { state: 'EXPIRED', at: t('2025-03-28T00:00:00Z'), eventId: null },
    ]);
  });
});

describe('ceasefire fold: violations', () => {
  const deal = (scope: CeasefireScope, extra: Record<string, unknown> = {}) =>
    agreement({ at: '2025-03-20T00:00:00Z', precision: 'DAY', position: 1, id: 'deal' }, extra, {
      scope,
      durationDays: 30,
    });

  it('VIOLATED (REPORTED) by a VIOLATION_REPORTED while in force', () => {
    const state = fold([
      deal('LOCAL'),
      violation('russia', 'zelensky', { at: '2025-03-22T08:00:00Z', position: 2, id: 'report' }),
    ]);
    expect(state.violations).toEqual([
      { eventId: 'report', basis: 'REPORTED', at: t('2025-03-22T08:00:00Z'), by: 'russia', precision: 'HOUR' },
    ]);
    expect(state.history).toEqual([
      { state: 'IN_FORCE', at: t('2025-03-20T00:00:00Z'), eventId: 'deal' },
      { state: 'VIOLATED', at: t('2025-03-22T08:00:00Z'), eventId: 'report' },
    ]);
    expect(viewAt(state, t('2025-03-22T07:59:59Z')).state).toBe('IN_FORCE');
    expect(viewAt(state, t('2025-03-22T07:59:59Z')).violations).toEqual([]);
    expect(viewAt(state, t('2025-03-22T08:00:00Z')).state).toBe('VIOLATED');
  });

  it('a VIOLATION_REPORTED before entry into force is no violation', () => {
    const state = fold([
      deal('COMPREHENSIVE', { effectiveFrom: '2025-03-25T00:00:00Z' }),
      violation('russia', 'zelensky', { at: '2025-03-22T08:00:00Z', position: 2, id: 'report' }),
    ]);
    expect(state.violations).toEqual([]);
    expect(viewAt(state, t('2025-03-26T00:00:00Z')).state).toBe('IN_FORCE');
  });

  it.each<[CeasefireScope, Record<string, unknown>, boolean]>([
    ['COMPREHENSIVE', { targetCategory: 'MILITARY', means: 'ARTILLERY' }, true],
    ['COMPREHENSIVE', { targetCategory: 'CIVILIAN' }, true],
    ['COMPREHENSIVE', { targetCategory: 'OTHER', means: 'OTHER' }, true],
    ['ENERGY_INFRASTRUCTURE', { targetCategory: 'ENERGY_INFRASTRUCTURE', means: 'DRONE' }, true],
    ['ENERGY_INFRASTRUCTURE', { targetCategory: 'ENERGY_INFRASTRUCTURE' }, true],
    ['ENERGY_INFRASTRUCTURE', { targetCategory: 'MILITARY', means: 'DRONE' }, false],
    ['ENERGY_INFRASTRUCTURE', { targetCategory: 'PORT' }, false],
    ['MARITIME', { targetCategory: 'PORT', means: 'MISSILE' }, true],
    ['MARITIME', { targetCategory: 'PORT' }, true],
    ['MARITIME', { targetCategory: 'ENERGY_INFRASTRUCTURE', means: 'MISSILE' }, false],
    ['MARITIME', { targetCategory: 'TRANSPORT' }, false],
    ['AIR', { targetCategory: 'MILITARY', means: 'DRONE' }, true],
    ['AIR', { targetCategory: 'CIVILIAN', means: 'MISSILE' }, true],
    ['AIR', { targetCategory: 'TRANSPORT', means: 'AIRCRAFT' }, true],
    ['AIR', { targetCategory: 'MILITARY', means: 'ARTILLERY' }, false],
    ['AIR', { targetCategory: 'MILITARY', means: 'OTHER' }, false],
    ['AIR', { targetCategory: 'MILITARY' }, false],
    ['LOCAL', { targetCategory: 'MILITARY', means: 'MISSILE' }, false],
    ['HUMANITARIAN', { targetCategory: 'CIVILIAN', means: 'DRONE' }, false],
    ['OTHER', { targetCategory: 'ENERGY_INFRASTRUCTURE', means: 'AIRCRAFT' }, false],
  ])('scope %s, strike %j: violation inferred = %s', (scope, strikeData, inferred) => {
    const state = fold([
      deal(scope),
      strike('russia', { at: '2025-03-22T08:00:00Z', position: 2, id: 'hit' }, strikeData),
    ]);
    if (inferred) {
      expect(state.violations).toEqual([
        { eventId: 'hit', basis: 'INFERRED', at: t('2025-03-22T08:00:00Z'), by: 'russia', precision: 'HOUR' },
      ]);
      expect(state.history.at(-1)).toEqual({ state: 'VIOLATED', at: t('2025-03-22T08:00:00Z'), eventId: 'hit' });
      expect(viewAt(state, t('2025-03-23T00:00:00Z')).state).toBe('VIOLATED');
    } else {
      expect(state.violations).toEqual([]);
      expect(state.history).toEqual([{ state: 'IN_FORCE', at: t('2025-03-20T00:00:00Z'), eventId: 'deal' }]);
      expect(viewAt(state, t('2025-03-23T00:00:00Z')).state).toBe('IN_FORCE');
    }
  });

  it.each(['LOCAL', 'HUMANITARIAN', 'OTHER'] as const)(
    'scope %s is VIOLATED only through VIOLATION_REPORTED',
    (scope) => {
      const state = fold([
        deal(scope),
        strike(
          'russia',
          { at: '2025-03-21T08:00:00Z', position: 2, id: 'hit' },
          { targetCategory: 'CIVILIAN', means: 'MISSILE' },
        ),
        violation('russia', 'ukraine', { at: '2025-03-22T00:00:00Z', precision: 'DAY', position: 3, id: 'report' }),
      ]);
      expect(state.violations.map((v) => [v.eventId, v.basis])).toEqual([['report', 'REPORTED']]);
      expect(statusAt(state, t('2025-03-21T12:00:00Z'))).toBe('IN_FORCE');
      expect(statusAt(state, t('2025-03-22T00:00:00Z'))).toBe('VIOLATED');
    },
  );

  it.each([
    ['the party itself', 'russia'],
    ['its head of state', 'putin'],
    ['an organisation acting for it', 'kremlin'],
    ['the other party', 'ukraine'],
    ['an actor on the other party’s side', 'zelensky'],
  ])('a strike by %s (%s), a party that accepted or on its side, is a violation', (_name, attacker) => {
    const state = fold([
      deal('COMPREHENSIVE'),
      strike(attacker, { at: '2025-03-22T08:00:00Z', position: 2, id: 'hit' }),
    ]);
    expect(state.violations).toEqual([
      { eventId: 'hit', basis: 'INFERRED', at: t('2025-03-22T08:00:00Z'), by: attacker, precision: 'HOUR' },
    ]);
  });

  it.each([
    ['a third state', 'belarus'],
    ['the proposer’s side', 'trump'],
  ])('a strike by a non-party (%s) is no violation', (_name, attacker) => {
    const state = fold([
      deal('COMPREHENSIVE'),
      strike(attacker, { at: '2025-03-22T08:00:00Z', position: 2, id: 'hit' }),
    ]);
    expect(state.violations).toEqual([]);
    expect(viewAt(state, t('2025-03-23T00:00:00Z')).state).toBe('IN_FORCE');
  });

  it('a strike before entry into force (while proposed or agreed) is no violation', () => {
    const state = fold([
      proposal({ at: '2025-03-11T00:00:00Z', precision: 'DAY', position: 1, id: 'proposal' }),
      strike('russia', { at: '2025-03-12T08:00:00Z', position: 2, id: 'hit-proposed' }),
      accept('ukraine', { at: '2025-03-13T00:00:00Z', position: 3, id: 'ua-yes' }),
      strike('russia', { at: '2025-03-14T08:00:00Z', position: 4, id: 'hit-partial' }),
      agreement(
        { at: '2025-03-15T00:00:00Z', position: 5, id: 'deal', stream: STREAM },
        { effectiveFrom: '2025-03-20T00:00:00Z' },
      ),
      strike('putin', { at: '2025-03-19T23:59:00Z', precision: 'MINUTE', position: 6, id: 'hit-agreed' }),
    ]);
    expect(state.violations).toEqual([]);
    const view = viewAt(state, t('2025-03-21T00:00:00Z'));
    expect(view.state).toBe('IN_FORCE');
    expect(view.history.map((h) => [h.state, h.eventId])).toEqual([
      ['PROPOSED', 'proposal'],
      ['PARTIALLY_ACCEPTED', 'ua-yes'],
      ['AGREED', 'deal'],
      ['IN_FORCE', null],
    ]);
  });

  it('a strike at the moment of entry into force is a violation, one after expiry is not', () => {
    const atEntry = fold([
      deal('COMPREHENSIVE', { effectiveFrom: '2025-03-21T00:00:00Z' }),
      strike('russia', { at: '2025-03-21T00:00:00Z', position: 2, id: 'hit' }),
    ]);
    expect(atEntry.violations.map((v) => v.eventId)).toEqual(['hit']);

    const afterExpiry = fold([
      deal('COMPREHENSIVE'),
      strike('russia', { at: '2025-04-19T00:00:00Z', position: 2, id: 'at-expiry' }),
      strike('russia', { at: '2025-05-01T00:00:00Z', position: 3, id: 'later' }),
      violation('russia', 'zelensky', { at: '2025-05-02T00:00:00Z', position: 4, id: 'report' }),
    ]);
    expect(afterExpiry.violations).toEqual([]);
    expect(afterExpiry.history).toEqual([
      { state: 'IN_FORCE', at: t('2025-03-20T00:00:00Z'), eventId: 'deal' },
      { state: 'EXPIRED', at: t('2025-04-19T00:00:00Z'), eventId: null },
    ]);
    expect(viewAt(afterExpiry, t('2025-05-03T00:00:00Z')).state).toBe('EXPIRED');
  });

  it('a VIOLATED ceasefire still expires, and keeps every violation in time order', () => {
    const state = fold([
      deal('COMPREHENSIVE'),
      strike('russia', { at: '2025-03-22T08:00:00Z', position: 2, id: 'hit-1' }),
      violation('russia', 'zelensky', { at: '2025-03-23T00:00:00Z', precision: 'DAY', position: 3, id: 'report' }),
      strike('kremlin', { at: '2025-03-24T08:00:00Z', position: 4, id: 'hit-2' }),
    ]);
    expect(state.violations.map((v) => [v.eventId, v.basis])).toEqual([
      ['hit-1', 'INFERRED'],
      ['report', 'REPORTED'],
      ['hit-2', 'INFERRED'],
    ]);
    const view = viewAt(state, t('2025-04-20T00:00:00Z'));
    expect(view.state).toBe('EXPIRED');
    expect(view.history).toEqual([
      { state: 'IN_FORCE', at: t('2025-03-20T00:00:00Z'), eventId: 'deal' },
      { state: 'VIOLATED', at: t('2025-03-22T08:00:00Z'), eventId: 'hit-1' },
      { state: 'EXPIRED', at: t('2025-04-19T00:00:00Z'), eventId: null },
    ]);
    // as it stood on 2025-03-23 12:00: two violations so far
    expect(viewAt(state, t('2025-03-23T12:00:00Z')).violations.map((v) => v.eventId)).toEqual(['hit-1', 'report']);
  });
});

describe('ceasefire fold: a unilateral declared truce', () => {
  const truce = agreement(
    {
      at: '2025-04-19T15:00:00Z',
      precision: 'MINUTE',
      position: 1,
      id: 'easter-truce',
      stream: 'agreement-easter-truce',
    },
    { parties: ['putin'], title: 'Easter truce', effectiveFrom: '2025-04-19T18:00:00Z', unilateral: true },
    { durationHours: 30 },
  );

  it('is IN_FORCE for its declarer alone', () => {
    const state = fold([truce]);
    expect(state).toMatchObject({
      id: 'agreement-easter-truce',
      unilateral: true,
      proposers: ['putin'],
      parties: [
        {
          actorId: 'putin',
          stance: 'ACCEPTED',
          at: t('2025-04-19T15:00:00Z'),
          conditions: [],
          eventId: 'easter-truce',
        },
      ],
    });
    expect(viewAt(state, t('2025-04-19T17:00:00Z')).state).toBe('AGREED');
    expect(viewAt(state, t('2025-04-19T18:00:00Z')).state).toBe('IN_FORCE');
    expect(viewAt(state, t('2025-04-21T00:00:00Z')).state).toBe('EXPIRED');
  });

  it('a strike by the other side is no violation', () => {
    const state = fold([
      truce,
      strike(
        'ukraine',
        { at: '2025-04-20T02:00:00Z', position: 2, id: 'ua-hit' },
        { targetCategory: 'ENERGY_INFRASTRUCTURE', means: 'DRONE' },
      ),
    ]);
    expect(state.violations).toEqual([]);
    expect(viewAt(state, t('2025-04-20T03:00:00Z')).state).toBe('IN_FORCE');
  });

  it('a strike by the declarer’s side is', () => {
    const state = fold([
      truce,
      strike(
        'russia',
        { at: '2025-04-20T02:00:00Z', position: 2, id: 'ru-hit' },
        { targetCategory: 'CIVILIAN', means: 'ARTILLERY' },
      ),
    ]);
    expect(state.violations).toEqual([
      { eventId: 'ru-hit', basis: 'INFERRED', at: t('2025-04-20T02:00:00Z'), by: 'russia', precision: 'HOUR' },
    ]);
    expect(viewAt(state, t('2025-04-20T03:00:00Z')).state).toBe('VIOLATED');
  });
});

describe('ceasefire fold: late arrival', () => {
  const events = [
    agreement({ at: '2025-03-20T00:00:00Z', precision: 'DAY', position: 1, id: 'deal' }, {}, { durationDays: 30 }),
    violation('russia', 'zelensky', { at: '2025-03-25T00:00:00Z', precision: 'DAY', position: 2, id: 'report' }),
    strike('ukraine', { at: '2025-03-28T08:00:00Z', position: 3, id: 'hit-ua' }),
    // reported a week later, with an earlier occurredAt than the report
    strike('russia', { at: '2025-03-22T08:00:00Z', position: 9, id: 'hit-ru-late' }),
    // reported later, before the agreement: not a violation
    strike('russia', { at: '2025-03-19T08:00:00Z', position: 10, id: 'hit-before' }),
  ];

  it('a strike reported later with an earlier occurredAt takes its place in valid time', () => {
    const state = fold(events);
    expect(state.violations.map((v) => [v.eventId, v.basis, v.at])).toEqual([
      ['hit-ru-late', 'INFERRED', t('2025-03-22T08:00:00Z')],
      ['report', 'REPORTED', t('2025-03-25T00:00:00Z')],
      ['hit-ua', 'INFERRED', t('2025-03-28T08:00:00Z')],
    ]);
    expect(state.history).toEqual([
      { state: 'IN_FORCE', at: t('2025-03-20T00:00:00Z'), eventId: 'deal' },
      { state: 'VIOLATED', at: t('2025-03-22T08:00:00Z'), eventId: 'hit-ru-late' },
    ]);
    // the highest position folded: the strike dated before the agreement (position 10) is not folded into it
    expect(state.position).toBe(9);
  });

  it('gives the same state in any input order as in valid-time order', () => {
    const inValidTimeOrder = [...events].sort((a, b) => a.occurredAt - b.occurredAt || a.position - b.position);
    const stepByStep = inValidTimeOrder.reduce<CeasefireState | null>((s, e) => evolve(s, e, principals), null);
    const permutations = [
      events,
      [...events].reverse(),
      [events[3], events[0], events[4], events[2], events[1]],
      [events[2], events[4], events[1], events[3], events[0]],
    ];
    for (const order of permutations) expect(foldCeasefire(order, principals)).toEqual(stepByStep);
  });

  it('gives the same proposal state in any input order', () => {
    const proposalEvents = [
      proposal({ at: '2025-03-11T00:00:00Z', precision: 'DAY', position: 1, id: 'proposal' }),
      accept('ukraine', { at: '2025-03-11T00:00:00Z', precision: 'DAY', position: 2, id: 'ua-yes' }),
      reject('russia', { at: '2025-03-18T00:00:00Z', precision: 'DAY', position: 3, id: 'ru-no' }),
      accept('russia', { at: '2025-03-25T00:00:00Z', precision: 'DAY', position: 4, id: 'ru-yes' }),
      strike('russia', { at: '2025-03-26T00:00:00Z', position: 5, id: 'hit' }),
    ];
    const expected = fold(proposalEvents);
    expect(expected.violations.map((v) => v.eventId)).toEqual(['hit']);
    expect(fold([...proposalEvents].reverse())).toEqual(expected);
    expect(
      fold([proposalEvents[4], proposalEvents[2], proposalEvents[0], proposalEvents[3], proposalEvents[1]]),
    ).toEqual(expected);
  });

  // Rules: a party's stance comes from its latest acceptance / rejection. An acceptance at DAY
  // precision on the day of an HOUR-precision proposal (recorded after it, in its stream) sorts before
  // the proposal in valid time and must not be lost.
  it('keeps an acceptance dated at DAY precision on the day of an HOUR-precision proposal', () => {
    const state = fold([
      proposal({ at: '2025-03-11T14:00:00Z', precision: 'HOUR', position: 1, id: 'proposal' }),
      accept('ukraine', { at: '2025-03-11T00:00:00Z', precision: 'DAY', position: 2, id: 'ua-yes' }),
    ]);
    expect(stanceOf(state, 'ukraine')).toMatchObject({ stance: 'ACCEPTED', eventId: 'ua-yes' });
    expect(statusAt(state, t('2025-03-12T00:00:00Z'))).toBe('PARTIALLY_ACCEPTED');
  });

  // Valid time, not arrival order: the same facts give the same state whichever was recorded first.
  it('a strike at the very moment of entry into force counts whether it was recorded before or after the agreement', () => {
    const recordedAfter = fold([
      agreement({ at: '2025-03-20T12:00:00Z', position: 5, id: 'deal' }),
      strike('russia', { at: '2025-03-20T12:00:00Z', position: 6, id: 'hit' }),
    ]);
    expect(recordedAfter.violations.map((v) => v.eventId)).toEqual(['hit']);
    const recordedBefore = fold([
      strike('russia', { at: '2025-03-20T12:00:00Z', position: 4, id: 'hit' }),
      agreement({ at: '2025-03-20T12:00:00Z', position: 5, id: 'deal' }),
    ]);
    expect(recordedBefore.violations.map((v) => v.eventId)).toEqual(['hit']);
    expect(viewAt(recordedBefore, t('2025-03-21T00:00:00Z')).state).toBe('VIOLATED');
  });
});

describe('ceasefire fold: the demo case', () => {
  it('proposal by us to ukraine and russia; ukraine accepts on 2025-03-11, russia rejects on 2025-03-18 → REJECTED', () => {
    const events = [
      ev(
        'PROPOSAL_MADE',
        {
          proposers: ['us'],
          parties: ['ukraine', 'russia'],
          title: 'Unconditional 30-day cease-fire',
          terms: {
            kind: 'CEASEFIRE',
            scope: 'COMPREHENSIVE',
            durationDays: 30,
            unconditional: true,
            text: 'An unconditional 30-day cease-fire.',
          },
        },
        { at: '2025-03-11T00:00:00Z', precision: 'DAY', position: 1, id: '08a3d5c3-32ac-4b5f-bf0a-1f5898d74b5f' },
      ),
      ev(
        'STRIKE_REPORTED',
        {
          attacker: 'ukraine',
          targetCategory: 'ENERGY_INFRASTRUCTURE',
          place: 'Moscow Oil Refinery, Moscow',
          country: 'RU',
          means: 'DRONE',
        },
        {
          at: '2025-03-11T00:00:00Z',
          precision: 'DAY',
          position: 2,
          id: 'da68f0ed-e9f4-4630-89d2-446eef344ace',
          stream: 'strike-moscow-oil-refinery-2025-03-11',
        },
      ),
      ev(
        'PROPOSAL_ACCEPTED',
        { party: 'ukraine' },
        { at: '2025-03-11T00:00:00Z', precision: 'DAY', position: 3, id: 'ukraine-accepts' },
      ),
      ev(
        'PROPOSAL_REJECTED',
        { party: 'russia' },
        { at: '2025-03-18T00:00:00Z', precision: 'DAY', position: 5, id: '26251d2e-210a-4a3e-8f77-303ff7d4a08a' },
      ),
      ev(
        'STRIKE_REPORTED',
        {
          attacker: 'russia',
          targetCategory: 'ENERGY_INFRASTRUCTURE',
          place: 'Sloviansk, Donetsk region',
          country: 'UA',
        },
        {
          at: '2025-03-18T16:00:00Z',
          precision: 'HOUR',
          position: 8,
          id: 'b6ca14dd-c8af-4e91-b676-97bc40b58297',
          stream: 'strike-sloviansk-energy-2025-03-18',
        },
      ),
    ];
    const state = fold([...events].reverse());
    const view = viewAt(state, t('2025-03-19T12:00:00Z'));
    expect(view.state).toBe('REJECTED');
    expect(view.parties).toEqual([
      {
        ...party({ actorId: 'ukraine', stance: 'ACCEPTED', at: t('2025-03-11T00:00:00Z'), eventId: 'ukraine-accepts' }),
        pendingFor: null,
      },
      {
        ...party({
          actorId: 'russia',
          stance: 'REJECTED',
          at: t('2025-03-18T00:00:00Z'),
          eventId: '26251d2e-210a-4a3e-8f77-303ff7d4a08a',
        }),
        pendingFor: null,
      },
    ]);
    expect(view.history).toEqual([
      { state: 'PROPOSED', at: t('2025-03-11T00:00:00Z'), eventId: '08a3d5c3-32ac-4b5f-bf0a-1f5898d74b5f' },
      { state: 'PARTIALLY_ACCEPTED', at: t('2025-03-11T00:00:00Z'), eventId: 'ukraine-accepts' },
      { state: 'REJECTED', at: t('2025-03-18T00:00:00Z'), eventId: '26251d2e-210a-4a3e-8f77-303ff7d4a08a' },
    ]);
    expect(view).toMatchObject({
      id: STREAM,
      scope: 'COMPREHENSIVE',
      durationDays: 30,
      proposers: ['us'],
      proposedAt: t('2025-03-11T00:00:00Z'),
      agreedAt: null,
      effectiveFrom: null,
      expiresAt: null,
      violations: [],
      withdrawnAt: null,
      position: 8,
    });
    // as of 2025-03-15, from the events known to have happened by then
    const earlier = viewAt(fold(events.slice(0, 3)), t('2025-03-15T00:00:00Z'));
    expect(earlier.state).toBe('PARTIALLY_ACCEPTED');
  });
});

describe('ceasefire fold: second edition', () => {
  const made = proposal({ at: '2025-03-11T00:00:00Z', precision: 'DAY', position: 1, id: 'proposal' });
  const agreed = [
    made,
    accept('ukraine', { at: '2025-03-11T00:00:00Z', precision: 'DAY', position: 2, id: 'ua-yes' }),
    accept('russia', { at: '2025-03-20T00:00:00Z', position: 3, id: 'ru-yes' }),
  ];

  it('in force only once the conditions are met: from the CONDITIONS_MET', () => {
    const state = fold([
      made,
      accept('ukraine', { at: '2025-03-11T00:00:00Z', precision: 'DAY', position: 2, id: 'ua-yes' }),
      accept('russia', { at: '2025-03-20T00:00:00Z', position: 3, id: 'ru-if' }, ['sanctions lifted']),
      strike('russia', { at: '2025-03-22T00:00:00Z', position: 4, id: 'before' }),
      ev('CONDITIONS_MET', { party: 'kremlin' }, { at: '2025-03-25T00:00:00Z', position: 5, id: 'met' }),
      strike('russia', { at: '2025-03-26T00:00:00Z', position: 6, id: 'after' }),
    ]);
    expect(state.agreedAt).toBe(t('2025-03-25T00:00:00Z'));
    const view = viewAt(state, t('2025-03-27T00:00:00Z'));
    expect(view.state).toBe('VIOLATED');
    expect(view.violations.map((v) => v.eventId)).toEqual(['after']);
    expect(state.history.map((h) => h.state)).toEqual([
      'PROPOSED',
      'PARTIALLY_ACCEPTED',
      'CONDITIONALLY_AGREED',
      'IN_FORCE',
      'VIOLATED',
    ]);
  });

  it('TERMINATED by a party’s rejection after agreement: its window ends there, its planned expiry stays', () => {
    const state = fold([
      ...agreed,
      reject('putin', { at: '2025-04-01T00:00:00Z', position: 4, id: 'renounced' }),
      strike('russia', { at: '2025-04-02T00:00:00Z', position: 5, id: 'after' }),
    ]);
    const view = viewAt(state, t('2025-04-05T00:00:00Z'));
    expect(view.state).toBe('TERMINATED');
    expect(view.terminatedAt).toBe(t('2025-04-01T00:00:00Z'));
    expect(view.expiresAt).toBe(t('2025-04-19T00:00:00Z'));
    expect(view.violations).toEqual([]);
    expect(view.history.at(-1)).toEqual({ state: 'TERMINATED', at: t('2025-04-01T00:00:00Z'), eventId: 'renounced' });
    expect(statusAt(state, t('2025-03-30T00:00:00Z'))).toBe('IN_FORCE');
    expect(viewAt(state, t('2025-05-01T00:00:00Z')).state).toBe('TERMINATED');
  });

  it('a rejection after the ceasefire expired changes the stance only', () => {
    const state = fold([...agreed, reject('putin', { at: '2025-05-01T00:00:00Z', position: 4, id: 'late-no' })]);
    expect(state.terminatedAt).toBeNull();
    expect(viewAt(state, t('2025-05-02T00:00:00Z')).state).toBe('EXPIRED');
    expect(stanceOf(state, 'russia')?.stance).toBe('REJECTED');
  });

  it('a reported violation counts only against the side of a party that accepted (a truce: its declarer)', () => {
    const truce = agreement(
      { at: '2025-04-19T18:00:00Z', position: 1, id: 'easter' },
      { parties: ['russia'], unilateral: true, effectiveUntil: '2025-04-21T00:00:00Z' },
    );
    const againstUkraine = ev(
      'VIOLATION_REPORTED',
      { violator: 'ukraine', reportedBy: 'kremlin' },
      {
        stream: 'agreement-energy-ceasefire',
        at: '2025-04-20T00:00:00Z',
        position: 2,
        id: 'ru-says',
      },
    );
    const againstRussia = ev(
      'VIOLATION_REPORTED',
      { violator: 'russia', reportedBy: 'zelensky' },
      {
        stream: 'agreement-energy-ceasefire',
        at: '2025-04-20T06:00:00Z',
        position: 3,
        id: 'ua-says',
      },
    );
    const view = viewAt(fold([truce, againstUkraine, againstRussia]), t('2025-04-20T12:00:00Z'));
    expect(view.violations.map((v) => v.eventId)).toEqual(['ua-says']);
  });

  it('whether it is a ceasefire follows the terms as a concluding agreement replaces them', () => {
    const other = proposal({ at: '2025-03-11T00:00:00Z', position: 1, id: 'p' }, { kind: 'OTHER' });
    expect(foldCeasefire([other], principals)).toBeNull();
    const concluded = agreement({ at: '2025-03-20T00:00:00Z', position: 2, id: 'deal', stream: STREAM });
    expect(foldCeasefire([other, concluded], principals)?.agreedAt).toBe(t('2025-03-20T00:00:00Z'));
    const peace = agreement(
      { at: '2025-03-20T00:00:00Z', position: 2, id: 'deal', stream: STREAM },
      {},
      { kind: 'PEACE_DEAL' },
    );
    expect(foldCeasefire([made, peace], principals)).toBeNull();
  });

  it('a counter-proposal by a party’s side is named on its stance, which stays as it was', () => {
    const counter = ev(
      'PROPOSAL_MADE',
      {
        proposers: ['putin'],
        parties: ['ukraine', 'russia'],
        title: 'Talks first',
        terms: { kind: 'OTHER' },
        counterTo: STREAM,
      },
      { stream: 'proposal-talks-first', at: '2025-03-12T00:00:00Z', position: 2, id: 'counter' },
    );
    const state = foldCeasefire([made, counter], principals, STREAM) as CeasefireState;
    expect(stanceOf(state, 'russia')).toMatchObject({ stance: 'PENDING', counterProposal: 'proposal-talks-first' });
    expect(state.counterProposals).toEqual(['proposal-talks-first']);
    expect(viewAt(state, t('2025-03-13T00:00:00Z')).parties[1].pendingFor?.text).toBe('1-2d');
  });
});

describe('ceasefire fold: violation reports in time (second edition)', () => {
  // A 30-day ceasefire between ukraine and russia: its window is [03-20, 04-19).
  const deal = agreement(
    { at: '2025-03-20T00:00:00Z', precision: 'DAY', position: 1, id: 'deal' },
    {},
    { scope: 'COMPREHENSIVE', durationDays: 30 },
  );
  const report = (data: Record<string, unknown>, opts: Opts) =>
    ev(
      'VIOLATION_REPORTED',
      { violator: 'russia', reportedBy: 'zelensky', ...data },
      { stream: deal.streamId, ...opts },
    );
  /** The ceasefire as a query at `asOf` answers it: only the events that occurred by then are folded. */
  const asOf = (events: FoldEvent[], iso: string) => viewAt(fold(events.filter((e) => e.occurredAt <= t(iso))), t(iso));

  it.each<[string, string, string, string | null]>([
    ['before the window: no violation', '2025-03-10T00:00:00Z', '2025-03-15T00:00:00Z', null],
    ['straddling its start: from the start', '2025-03-18T00:00:00Z', '2025-03-22T00:00:00Z', '2025-03-20T00:00:00Z'],
    ['inside: from the period’s start', '2025-03-22T06:00:00Z', '2025-03-22T09:00:00Z', '2025-03-22T06:00:00Z'],
    ['after the window: no violation', '2025-04-20T00:00:00Z', '2025-04-21T00:00:00Z', null],
    [
      'straddling its end: from the period’s start',
      '2025-04-18T00:00:00Z',
      '2025-04-25T00:00:00Z',
      '2025-04-18T00:00:00Z',
    ],
  ])('a period %s', (_name, periodFrom, periodUntil, at) => {
    const events = [deal, report({ periodFrom, periodUntil }, { at: '2025-04-25T00:00:00Z', position: 2, id: 'r' })];
    const view = viewAt(fold(events), t('2025-04-26T00:00:00Z'));
    expect(view.violations.map((v) => v.at)).toEqual(at === null ? [] : [t(at)]);
    // counted or not, the report is a claim of ukraine against russia
    expect(view.violationClaims).toEqual([
      { reportedBy: 'ukraine', accused: 'russia', reports: 1, claimed: 1, disputedReports: 0, inferred: 0 },
    ]);
  });

  it('a violation keeps its report’s claim: count, period as reported (not clipped), the reporting actor', () => {
    const events = [
      deal,
      report(
        { periodFrom: '2025-03-18T00:00:00Z', periodUntil: '2025-03-22T00:00:00Z', count: 12 },
        { at: '2025-03-22T00:00:00Z', position: 2, id: 'r' },
      ),
      strike('kremlin', { at: '2025-03-23T00:00:00Z', position: 3, id: 'hit' }),
    ];
    const view = viewAt(fold(events), t('2025-03-24T00:00:00Z'));
    expect(view.violations).toEqual([
      {
        eventId: 'r',
        basis: 'REPORTED',
        at: t('2025-03-20T00:00:00Z'),
        latest: t('2025-03-22T00:00:00Z'),
        by: 'russia',
        precision: 'HOUR',
        count: 12,
        periodFrom: t('2025-03-18T00:00:00Z'),
        periodUntil: t('2025-03-22T00:00:00Z'),
        reportedBy: 'zelensky',
      },
      {
        eventId: 'hit',
        basis: 'INFERRED',
        at: t('2025-03-23T00:00:00Z'),
        by: 'kremlin',
        precision: 'HOUR',
        count: 1,
        periodFrom: null,
        periodUntil: null,
        reportedBy: null,
      },
    ]);
    // violationCount counts records, not claimed violations
    expect(view.violations).toHaveLength(2);
    expect(view.history).toEqual([
      { state: 'IN_FORCE', at: t('2025-03-20T00:00:00Z'), eventId: 'deal' },
      { state: 'VIOLATED', at: t('2025-03-20T00:00:00Z'), eventId: 'r' },
    ]);
  });

  it('a report without a period reads as in the first edition: dated by its occurredAt, counted only inside the window', () => {
    const state = fold([
      deal,
      // DAY precision, not at midnight: dated 14:30 all the same, its period the day
      report({}, { at: '2025-03-22T14:30:00Z', precision: 'DAY', position: 2, id: 'in' }),
      // its month overlaps the window, but it was made after the expiry
      report({}, { at: '2025-04-19T06:00:00Z', precision: 'MONTH', position: 3, id: 'after' }),
    ]);
    const view = viewAt(state, t('2025-05-01T00:00:00Z'));
    expect(state.violations).toEqual([
      { eventId: 'in', basis: 'REPORTED', at: t('2025-03-22T14:30:00Z'), by: 'russia', precision: 'DAY' },
    ]);
    expect(view.violations[0]).toMatchObject({
      count: 1,
      periodFrom: t('2025-03-22T00:00:00Z'),
      periodUntil: t('2025-03-23T00:00:00Z'),
      reportedBy: 'zelensky',
    });
    expect(view.history.map((h) => [h.state, h.at])).toEqual([
      ['IN_FORCE', t('2025-03-20T00:00:00Z')],
      ['VIOLATED', t('2025-03-22T14:30:00Z')],
      ['EXPIRED', t('2025-04-19T00:00:00Z')],
    ]);
    expect(view.violationClaims[0]).toMatchObject({ reports: 2, claimed: 2 });
  });

  it('a late report about a past window counts: VIOLATED after the fact, from its period, and only once it was made', () => {
    const events = [
      deal,
      strike('russia', { at: '2025-04-10T00:00:00Z', position: 2, id: 'hit' }),
      report(
        { periodFrom: '2025-03-25T00:00:00Z', periodUntil: '2025-03-26T00:00:00Z' },
        { at: '2025-05-01T00:00:00Z', position: 3, id: 'late' },
      ),
    ];
    const before = asOf(events, '2025-04-30T00:00:00Z');
    expect(before.state).toBe('EXPIRED');
    expect(before.violations.map((v) => v.eventId)).toEqual(['hit']);
    expect(before.history.map((h) => [h.state, h.at, h.eventId])).toEqual([
      ['IN_FORCE', t('2025-03-20T00:00:00Z'), 'deal'],
      ['VIOLATED', t('2025-04-10T00:00:00Z'), 'hit'],
      ['EXPIRED', t('2025-04-19T00:00:00Z'), null],
    ]);
    const after = asOf(events, '2025-05-02T00:00:00Z');
    expect(after.state).toBe('EXPIRED');
    // listed in time order: the report's violation first
    expect(after.violations.map((v) => [v.eventId, v.at])).toEqual([
      ['late', t('2025-03-25T00:00:00Z')],
      ['hit', t('2025-04-10T00:00:00Z')],
    ]);
    // the history is rewritten from the violation's moment: the strike no longer changes the state
    expect(after.history.map((h) => [h.state, h.at, h.eventId])).toEqual([
      ['IN_FORCE', t('2025-03-20T00:00:00Z'), 'deal'],
      ['VIOLATED', t('2025-03-25T00:00:00Z'), 'late'],
      ['EXPIRED', t('2025-04-19T00:00:00Z'), null],
    ]);
    const state = fold(events);
    expect(statusAt(state, t('2025-03-30T00:00:00Z'))).toBe('VIOLATED');
    expect(evolve(null, deal, principals)?.violations).toEqual([]);
  });

  it('a report made after a termination counts for the violations before it, dated inside the window', () => {
    const events = [
      deal,
      reject('putin', { at: '2025-04-01T00:00:00Z', position: 2, id: 'renounced' }),
      report(
        { periodFrom: '2025-03-28T00:00:00Z', periodUntil: '2025-04-03T00:00:00Z' },
        { at: '2025-04-05T00:00:00Z', position: 3, id: 'before-end' },
      ),
      report(
        { periodFrom: '2025-04-02T00:00:00Z', periodUntil: '2025-04-03T00:00:00Z' },
        { at: '2025-04-05T00:00:00Z', position: 4, id: 'after-end' },
      ),
    ];
    const view = viewAt(fold(events), t('2025-04-06T00:00:00Z'));
    expect(view.state).toBe('TERMINATED');
    expect(view.violations.map((v) => [v.eventId, v.at, v.latest])).toEqual([
      ['before-end', t('2025-03-28T00:00:00Z'), t('2025-04-01T00:00:00Z')],
    ]);
    expect(view.history.map((h) => [h.state, h.at, h.eventId])).toEqual([
      ['IN_FORCE', t('2025-03-20T00:00:00Z'), 'deal'],
      ['VIOLATED', t('2025-03-28T00:00:00Z'), 'before-end'],
      ['TERMINATED', t('2025-04-01T00:00:00Z'), 'renounced'],
    ]);
  });

  it('a report made during the truce about its beginning: IN_FORCE at an asOf before it was made, VIOLATED since its period after', () => {
    const truce = agreement(
      { at: '2025-04-19T15:00:00Z', precision: 'MINUTE', position: 1, id: 'easter', stream: 'agreement-easter-truce' },
      { parties: ['russia'], unilateral: true, effectiveUntil: '2025-04-20T21:00:00Z' },
    );
    const events = [
      truce,
      ev(
        'VIOLATION_REPORTED',
        {
          violator: 'russia',
          reportedBy: 'zelensky',
          periodFrom: '2025-04-19T16:00:00Z',
          periodUntil: '2025-04-20T09:00:00Z',
          count: 59,
        },
        { stream: 'agreement-easter-truce', at: '2025-04-20T09:00:00Z', position: 2, id: 'kyiv' },
      ),
    ];
    const early = asOf(events, '2025-04-20T08:00:00Z');
    expect(early.state).toBe('IN_FORCE');
    expect(early.violations).toEqual([]);
    expect(early.violationClaims).toEqual([]);
    const later = asOf(events, '2025-04-20T10:00:00Z');
    expect(later.state).toBe('VIOLATED');
    expect(later.history.map((h) => [h.state, h.at, h.eventId])).toEqual([
      ['IN_FORCE', t('2025-04-19T15:00:00Z'), 'easter'],
      ['VIOLATED', t('2025-04-19T16:00:00Z'), 'kyiv'],
    ]);
    expect(later.violationClaims).toEqual([
      { reportedBy: 'ukraine', accused: 'russia', reports: 1, claimed: 59, disputedReports: 0, inferred: 0 },
    ]);
  });

  it('a period that starts after its report was made (within the report’s precision) is VIOLATED from that moment', () => {
    const events = [
      deal,
      report(
        { periodFrom: '2025-03-22T12:00:00Z', periodUntil: '2025-03-22T13:00:00Z' },
        { at: '2025-03-22T00:00:00Z', precision: 'DAY', position: 2, id: 'r' },
      ),
      strike('russia', { at: '2025-03-22T10:00:00Z', position: 3, id: 'hit' }),
    ];
    expect(viewAt(fold(events.slice(0, 2)), t('2025-03-22T11:00:00Z'))).toMatchObject({
      state: 'IN_FORCE',
      violations: [],
    });
    const withReport = viewAt(fold(events.slice(0, 2)), t('2025-03-22T12:30:00Z'));
    expect(withReport.state).toBe('VIOLATED');
    expect(withReport.history.at(-1)).toEqual({ state: 'VIOLATED', at: t('2025-03-22T12:00:00Z'), eventId: 'r' });
    const state = fold(events);
    expect(state.violations.map((v) => v.eventId)).toEqual(['hit', 'r']);
    expect(state.history.at(-1)).toEqual({ state: 'VIOLATED', at: t('2025-03-22T10:00:00Z'), eventId: 'hit' });
  });

  it('a report counts only against the side of a party that accepted; every report is in the tallies', () => {
    // The Easter truce, declared by russia alone.
    const truce = agreement(
      { at: '2025-04-19T15:00:00Z', position: 1, id: 'easter', stream: 'agreement-easter-truce' },
      { parties: ['russia'], unilateral: true, effectiveUntil: '2025-04-20T21:00:00Z' },
    );
    const period = { periodFrom: '2025-04-19T16:00:00Z', periodUntil: '2025-04-20T12:00:00Z' };
    const on = (violator: string, reportedBy: string, count: number, opts: Opts) =>
      ev(
        'VIOLATION_REPORTED',
        { violator, reportedBy, count, ...period },
        { stream: 'agreement-easter-truce', ...opts },
      );
    const view = viewAt(
      fold([
        truce,
        on('ukraine', 'kremlin', 1000, { at: '2025-04-20T12:00:00Z', position: 2, id: 'moscow' }),
        on('russia', 'zelensky', 2935, { at: '2025-04-20T12:00:00Z', position: 3, id: 'kyiv' }),
        on('us', 'kremlin', 1, { at: '2025-04-20T12:00:00Z', position: 4, id: 'odd' }),
      ]),
      t('2025-04-21T00:00:00Z'),
    );
    expect(view.violations.map((v) => v.eventId)).toEqual(['kyiv']);
    expect(view.violationClaims).toEqual([
      { reportedBy: 'ukraine', accused: 'russia', reports: 1, claimed: 2935, disputedReports: 0, inferred: 0 },
      { reportedBy: 'russia', accused: 'ukraine', reports: 1, claimed: 1000, disputedReports: 0, inferred: 0 },
      { reportedBy: 'russia', accused: 'us', reports: 1, claimed: 1, disputedReports: 0, inferred: 0 },
    ]);
  });
});

describe('ceasefire fold: violation tallies (claims ledger)', () => {
  const STREAM_EASTER = 'agreement-easter-truce';
  const truce = agreement(
    { at: '2025-04-19T15:00:00Z', position: 1, id: 'easter', stream: STREAM_EASTER },
    { parties: ['russia', 'ukraine'], effectiveUntil: '2025-04-20T21:00:00Z' },
  );
  const report = (violator: string, reportedBy: string, data: Record<string, unknown>, opts: Opts) =>
    ev('VIOLATION_REPORTED', { violator, reportedBy, ...data }, { stream: STREAM_EASTER, ...opts });
  const dispute = (by: string, disputedEventId: string, opts: Opts) =>
    ev('CLAIM_DISPUTED', { disputedEventId, by, text: 'not so' }, { stream: `statement-${opts.id}`, ...opts });
  const tallies = (events: FoldEvent[], at = '2025-05-01T00:00:00Z') => viewAt(fold(events), t(at)).violationClaims;

  it('running totals: a cumulative report replaces the earlier counts it covers (488, then 5,026, then 9,318 is 9,318)', () => {
    const from = { periodFrom: '2025-04-19T15:00:00Z' };
    expect(
      tallies([
        truce,
        report(
          'russia',
          'zelensky',
          { ...from, count: 488, cumulative: true },
          { at: '2025-04-19T20:00:00Z', position: 2, id: 'a' },
        ),
        report(
          'russia',
          'zelensky',
          { ...from, count: 5026, cumulative: true },
          { at: '2025-04-20T06:00:00Z', position: 3, id: 'b' },
        ),
        report(
          'russia',
          'zelensky',
          { ...from, count: 9318, cumulative: true },
          { at: '2025-04-20T18:00:00Z', position: 4, id: 'c' },
        ),
      ]),
    ).toEqual([
      { reportedBy: 'ukraine', accused: 'russia', reports: 3, claimed: 9318, disputedReports: 0, inferred: 0 },
    ]);
  });

  it('a cumulative report without periodFrom covers from the window’s start; it replaces only what starts there or later, of the same pair', () => {
    const events = [
      truce,
      // starts before the truce: not covered
      report(
        'russia',
        'zelensky',
        { count: 7, periodFrom: '2025-04-19T10:00:00Z' },
        { at: '2025-04-19T16:00:00Z', position: 2, id: 'early' },
      ),
      report('russia', 'zelensky', { count: 100 }, { at: '2025-04-19T17:00:00Z', position: 3, id: 'x' }),
      report('russia', 'zelensky', { count: 50 }, { at: '2025-04-20T02:00:00Z', position: 4, id: 'y' }),
      report('ukraine', 'kremlin', { count: 30 }, { at: '2025-04-20T03:00:00Z', position: 5, id: 'other-pair' }),
      report(
        'russia',
        'zelensky',
        { count: 400, cumulative: true },
        { at: '2025-04-20T20:00:00Z', position: 6, id: 'total' },
      ),
      // made after the running total: not replaced by it
      report('russia', 'zelensky', { count: 3 }, { at: '2025-04-20T20:30:00Z', position: 7, id: 'after' }),
    ];
    expect(tallies(events)).toEqual([
      { reportedBy: 'ukraine', accused: 'russia', reports: 5, claimed: 7 + 400 + 3, disputedReports: 0, inferred: 0 },
      { reportedBy: 'russia', accused: 'ukraine', reports: 1, claimed: 30, disputedReports: 0, inferred: 0 },
    ]);
    const total = viewAt(fold(events), t('2025-05-01T00:00:00Z')).violations.find((v) => v.eventId === 'total');
    expect(total).toMatchObject({
      at: t('2025-04-19T15:00:00Z'),
      periodFrom: t('2025-04-19T15:00:00Z'),
      periodUntil: t('2025-04-20T21:00:00Z'),
      count: 400,
    });
    // before the running total was made, the counts add up
    expect(tallies(events.slice(0, 5), '2025-04-20T04:00:00Z')[0]).toMatchObject({ reports: 3, claimed: 157 });
  });

  it('inferred violations: on every row that accuses the striking side, and a row with reportedBy null where none does', () => {
    const events = [
      truce,
      strike('russia', { at: '2025-04-19T18:00:00Z', position: 2, id: 'hit-1' }),
      strike('kremlin', { at: '2025-04-20T01:00:00Z', position: 3, id: 'hit-2' }),
      strike('ukraine', { at: '2025-04-20T02:00:00Z', position: 4, id: 'hit-3' }),
      // outside the window: no violation, not inferred
      strike('ukraine', { at: '2025-04-21T02:00:00Z', position: 5, id: 'hit-4' }),
      report('russia', 'zelensky', { count: 2935 }, { at: '2025-04-20T12:00:00Z', position: 6, id: 'kyiv' }),
      report('russia', 'sovsun', {}, { at: '2025-04-20T13:00:00Z', position: 7, id: 'sovsun' }),
    ];
    expect(tallies(events)).toEqual([
      { reportedBy: 'ukraine', accused: 'russia', reports: 2, claimed: 2936, disputedReports: 0, inferred: 2 },
      { reportedBy: null, accused: 'ukraine', reports: 0, claimed: 0, disputedReports: 0, inferred: 1 },
    ]);
    // at an asOf before the later events occurred (the loader leaves them out)
    const early = events.filter((e) => e.occurredAt <= t('2025-04-19T19:00:00Z'));
    expect(tallies(early, '2025-04-19T19:00:00Z')).toEqual([
      { reportedBy: null, accused: 'russia', reports: 0, claimed: 0, disputedReports: 0, inferred: 1 },
    ]);
  });

  it('disputed reports: a dispute by another side counts, one by the reporter’s own side does not, whenever it was made', () => {
    const events = [
      truce,
      report('russia', 'zelensky', { count: 2935 }, { at: '2025-04-20T12:00:00Z', position: 2, id: 'kyiv' }),
      report('russia', 'sovsun', {}, { at: '2025-04-20T13:00:00Z', position: 3, id: 'sovsun-says' }),
      report('ukraine', 'kremlin', { count: 1000 }, { at: '2025-04-20T14:00:00Z', position: 4, id: 'moscow' }),
      // russia's side disputes kyiv's report (dated by the day: before the report in valid time)
      dispute('kremlin', 'kyiv', { at: '2025-04-20T00:00:00Z', position: 5, id: 'd1' }),
      // ukraine's own side disputes sovsun's: not a dispute that counts
      dispute('zelensky', 'sovsun-says', { at: '2025-04-21T00:00:00Z', position: 6, id: 'd2' }),
      // a dispute of an event of another subject changes nothing here
      dispute('zelensky', 'elsewhere', { at: '2025-04-21T00:00:00Z', position: 7, id: 'd3' }),
      // ukraine disputes moscow's report, a week later
      dispute('zelensky', 'moscow', { at: '2025-04-27T00:00:00Z', position: 8, id: 'd4' }),
    ];
    expect(tallies(events)).toEqual([
      { reportedBy: 'ukraine', accused: 'russia', reports: 2, claimed: 2936, disputedReports: 1, inferred: 0 },
      { reportedBy: 'russia', accused: 'ukraine', reports: 1, claimed: 1000, disputedReports: 1, inferred: 0 },
    ]);
    // at an asOf before the later dispute was made (the loader leaves it out)
    const early = events.filter((e) => e.occurredAt <= t('2025-04-22T00:00:00Z'));
    expect(tallies(early, '2025-04-22T00:00:00Z').map((r) => r.disputedReports)).toEqual([1, 0]);
    // a retracted dispute reaches the fold as nothing
    expect(tallies(events.filter((e) => e.id !== 'd1')).map((r) => r.disputedReports)).toEqual([0, 1]);
    // disputes change no state, no violation and no history
    const folded = fold(events);
    expect(viewAt(folded, t('2025-05-01T00:00:00Z')).history).toEqual(
      viewAt(fold(events.slice(0, 4)), t('2025-05-01T00:00:00Z')).history,
    );
  });

  it('the tallies survive the brief state, which keeps only the earliest violation', () => {
    const events = [
      truce,
      strike('russia', { at: '2025-04-19T18:00:00Z', position: 2, id: 'hit-1' }),
      strike('russia', { at: '2025-04-20T01:00:00Z', position: 3, id: 'hit-2' }),
      report('russia', 'zelensky', { count: 2935 }, { at: '2025-04-20T12:00:00Z', position: 4, id: 'kyiv' }),
      dispute('kremlin', 'kyiv', { at: '2025-04-20T13:00:00Z', position: 5, id: 'd1' }),
    ];
    const state = fold(events);
    const brief = briefState(state);
    expect(brief.violations).toHaveLength(1);
    const at = t('2025-05-01T00:00:00Z');
    expect(viewAt(brief, at).violationClaims).toEqual(viewAt(state, at).violationClaims);
    expect(viewAt(brief, at).violationClaims).toEqual([
      { reportedBy: 'ukraine', accused: 'russia', reports: 1, claimed: 2935, disputedReports: 1, inferred: 2 },
    ]);
  });

  it('each step of the fold sees one violation and no claims or disputes, whatever their number (the fold stays linear)', () => {
    const reports = Array.from({ length: 200 }, (_, i) =>
      report(
        'russia',
        'zelensky',
        { periodFrom: '2025-04-19T16:00:00Z' },
        {
          at: '2025-04-20T12:00:00Z',
          position: i + 2,
          id: `r-${i}`,
        },
      ),
    );
    const disputes = Array.from({ length: 100 }, (_, i) =>
      dispute('kremlin', `r-${2 * i}`, { at: '2025-04-21T00:00:00Z', position: 300 + i, id: `d-${i}` }),
    );
    const events = [truce, ...reports, ...disputes];
    const seen: number[] = [];
    const folded = foldGathering<CeasefireState, CeasefireState['violations'][number]>(
      foldOrder(events, (e) => e.type === 'AGREEMENT_REACHED'),
      (s, e) => {
        seen.push((s?.violations.length ?? 0) + (s?.reports?.length ?? 0) + (s?.disputes?.length ?? 0));
        return evolve(s, e, principals);
      },
      (a, b) => a.at - b.at,
      ['reports', 'disputes'],
    );
    expect(Math.max(...seen)).toBe(1);
    expect([folded?.reports?.length, folded?.disputes?.length]).toEqual([200, 100]);
    expect(folded).toEqual(fold(events));
    expect(viewAt(fold(events), t('2025-05-01T00:00:00Z')).violationClaims).toEqual([
      { reportedBy: 'ukraine', accused: 'russia', reports: 200, claimed: 200, disputedReports: 100, inferred: 0 },
    ]);
  });
});
