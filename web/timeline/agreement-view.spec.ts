import {
  conditionalNote,
  implementationText,
  progressShare,
  progressText,
  roleLines,
  showsImplementation,
  shownState,
  stateWords,
  subjectCards,
} from './agreement-view.js';
import type { Agreement, Ceasefire, QuantityProgress, ReadModels } from './types.js';

const russia = { id: 'russia', name: 'Russia' };
const ukraine = { id: 'ukraine', name: 'Ukraine' };
const us = { id: 'us', name: 'United States' };

const agreement = (over: Partial<Agreement> = {}): Agreement => ({
  id: 'proposal-black-sea',
  kind: 'CEASEFIRE',
  title: 'Black Sea ceasefire',
  text: null,
  state: 'PROPOSED',
  unilateral: false,
  proposedAt: '2025-03-25T00:00:00.000Z',
  agreedAt: null,
  terminatedAt: null,
  withdrawnAt: null,
  proposers: [us],
  backers: [],
  mediators: [],
  guarantors: [],
  parties: [],
  counterTo: null,
  counterProposals: [],
  implementation: { status: 'NOT_STARTED', startedAt: null, completedAt: null, progress: [], reports: [] },
  history: [],
  ...over,
});

const ceasefire = (over: Partial<Ceasefire> = {}): Ceasefire => ({
  id: 'proposal-black-sea',
  title: 'Black Sea ceasefire',
  scope: 'MARITIME',
  state: 'PROPOSED',
  unilateral: false,
  durationDays: null,
  durationHours: null,
  proposedAt: '2025-03-25T00:00:00.000Z',
  agreedAt: null,
  effectiveFrom: null,
  expiresAt: null,
  terminatedAt: null,
  violationCount: 0,
  proposers: [us],
  parties: [],
  history: [],
  firstViolation: null,
  violationClaims: [],
  ...over,
});

const models = (over: Partial<ReadModels> = {}): ReadModels => ({
  ceasefires: [],
  agreements: [],
  pledges: [],
  claims: [],
  ...over,
});

const progress = (over: Partial<QuantityProgress> = {}): QuantityProgress => ({
  what: 'prisoners of war',
  atLeast: false,
  agreed: 1000,
  reported: 697,
  from: russia,
  to: ukraine,
  ...over,
});

describe('subjectCards', () => {
  it('draws one card per subject: a ceasefire joins its agreement, other agreements stand alone, in the order proposed', () => {
    const exchange = agreement({
      id: 'agreement-exchange',
      kind: 'PRISONER_EXCHANGE',
      title: 'Exchange',
      proposedAt: null,
      agreedAt: '2025-05-16T15:00:00.000Z',
      state: 'AGREED',
    });
    const blackSea = agreement({ state: 'CONDITIONALLY_AGREED' });
    const now = models({
      agreements: [exchange, blackSea],
      ceasefires: [ceasefire({ state: 'CONDITIONALLY_AGREED' })],
    });
    const cards = subjectCards(now, null);
    expect(cards.map((c) => [c.id, c.isCeasefire, shownState(c)])).toEqual([
      ['proposal-black-sea', true, 'CONDITIONALLY_AGREED'],
      ['agreement-exchange', false, 'AGREED'],
    ]);
  });

  it("shows a ceasefire's own state, which goes on past AGREED", () => {
    const now = models({
      agreements: [agreement({ state: 'AGREED' })],
      ceasefires: [ceasefire({ state: 'VIOLATED' })],
    });
    const [card] = subjectCards(now, null);
    expect(shownState(card)).toBe('VIOLATED');
    expect(card.agreement?.state).toBe('AGREED');
  });

  it('at an "as of" moment before a subject was proposed, keeps its card with nothing at that moment', () => {
    const now = models({ agreements: [agreement({ state: 'CONDITIONALLY_AGREED' })], ceasefires: [ceasefire()] });
    const [card] = subjectCards(now, models());
    expect(card).toMatchObject({
      id: 'proposal-black-sea',
      title: 'Black Sea ceasefire',
      agreement: null,
      ceasefire: null,
    });
    expect(shownState(card)).toBe('NOT_YET_PROPOSED');
    expect(stateWords(shownState(card))).toBe('not yet proposed');
  });

  it('keeps a ceasefire the agreements read model does not list', () => {
    const [card] = subjectCards(models({ ceasefires: [ceasefire({ state: 'IN_FORCE' })] }), null);
    expect(card).toMatchObject({ isCeasefire: true, agreement: null });
    expect(shownState(card)).toBe('IN_FORCE');
  });
});

describe('the words of a card', () => {
  it('never calls a conditional agreement agreed, and says who holds it up', () => {
    expect(stateWords('CONDITIONALLY_AGREED')).toBe('not agreed: conditions pending');
    expect(stateWords('CONDITIONALLY_AGREED')).not.toMatch(/^agreed/);
    const parties = [
      { actor: ukraine, stance: 'ACCEPTED', conditions: [], conditionsPending: [] },
      { actor: russia, stance: 'CONDITIONALLY_ACCEPTED', conditions: ['SWIFT'], conditionsPending: ['SWIFT'] },
    ].map((p) => ({
      at: null,
      conditionsMetAt: null,
      pendingFor: null,
      counterProposal: null,
      ...p,
    })) as Agreement['parties'];
    const now = models({
      agreements: [agreement({ state: 'CONDITIONALLY_AGREED', parties })],
      ceasefires: [ceasefire({ state: 'CONDITIONALLY_AGREED' })],
    });
    expect(conditionalNote(subjectCards(now, null)[0])).toBe(
      'Not agreed: every party accepted, but Russia only on conditions not yet met. It is not in force.',
    );
    expect(conditionalNote(subjectCards(models({ agreements: [agreement({ parties })] }), null)[0])).toBeNull();
  });

  it('names every role that is filled', () => {
    expect(
      roleLines(agreement({ backers: [us], mediators: [{ id: 'turkey', name: 'Türkiye' }], guarantors: [] })),
    ).toEqual(['Proposed by United States on 25 Mar 2025', 'Backed by United States', 'Mediated by Türkiye']);
  });
});

describe('implementation', () => {
  it('writes progress with its numbers, who hands over to whom', () => {
    expect(progressText(progress())).toBe('697 / 1,000 prisoners of war, Russia → Ukraine');
    expect(progressText(progress({ atLeast: true, agreed: 1200 }))).toBe(
      '697 / at least 1,200 prisoners of war, Russia → Ukraine',
    );
    expect(progressText(progress({ agreed: null, reported: 390 }))).toBe(
      '390 of all prisoners of war, Russia → Ukraine',
    );
    expect(progressText(progress({ from: null, to: ukraine, what: 'bodies', agreed: 6000, reported: 0 }))).toBe(
      '0 / 6,000 bodies, to Ukraine',
    );
    expect(progressText(progress({ from: null, to: null }))).toBe('697 / 1,000 prisoners of war');
  });

  it('fills a bar by the share reported, full at most; none for an open-ended quantity', () => {
    expect(progressShare(progress())).toBeCloseTo(0.697);
    expect(progressShare(progress({ reported: 1200 }))).toBe(1);
    expect(progressShare(progress({ agreed: null }))).toBeNull();
  });

  it('says how far it has gone, with its dates', () => {
    expect(implementationText({ status: 'NOT_STARTED', startedAt: null, completedAt: null })).toBe('no report yet');
    expect(
      implementationText({ status: 'IN_PROGRESS', startedAt: '2025-05-23T00:00:00.000Z', completedAt: null }),
    ).toBe('since 23 May 2025');
    expect(
      implementationText({
        status: 'COMPLETED',
        startedAt: '2025-05-23T00:00:00.000Z',
        completedAt: '2025-05-25T12:00:00.000Z',
      }),
    ).toBe('25 May 2025, 12:00 UTC (started 23 May 2025)');
  });

  it('is shown when there is something to say: quantities, reports, or an agreement that is not a ceasefire', () => {
    expect(showsImplementation(agreement())).toBe(false);
    expect(showsImplementation(agreement({ state: 'AGREED' }))).toBe(false);
    expect(showsImplementation(agreement({ state: 'AGREED', kind: 'PEACE_DEAL' }))).toBe(true);
    const withProgress = agreement();
    withProgress.implementation = { ...withProgress.implementation, progress: [progress({ reported: 0 })] };
    expect(showsImplementation(withProgress)).toBe(true);
  });
});
