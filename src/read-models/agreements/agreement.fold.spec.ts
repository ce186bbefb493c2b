import { type FoldEvent, type Principals, applyAmendments } from '../fold-event.js';
import { type Opts, PRINCIPALS, foldEventBuilder, folder, t } from '../../../test/support/fold-events.js';
import { foldAgreement, viewAt } from './agreement.fold.js';

/**
 * The Istanbul talks of May 2025: Europe and Ukraine proposed an unconditional 30-day ceasefire from
 * 12 May; Putin answered on 11 May with direct talks in Istanbul instead; Turkey's foreign minister
 * mediated them on 16 May, where a 1,000-for-1,000 prisoner exchange was agreed; it was carried out
 * on 23, 24 and 25 May in stages of 390, 307 and 303.
 */
const EXCHANGE = 'agreement-istanbul-exchange';
const ev = foldEventBuilder(EXCHANGE);
const principals: Principals = {
  ...PRINCIPALS,
  medinsky: 'russia',
  umerov: 'ukraine',
  fidan: 'turkey',
  turkey: 'turkey',
  uk: 'uk',
  france: 'france',
};
const fold = folder(foldAgreement, principals, 'agreement');

const prisoners = (count: number | undefined, from: string, to: string, extra: Record<string, unknown> = {}) => ({
  what: 'prisoners of war',
  ...(count === undefined ? {} : { count }),
  from,
  to,
  ...extra,
});

const exchange = (
  opts: Opts,
  quantities: unknown[] = [prisoners(1000, 'russia', 'ukraine'), prisoners(1000, 'ukraine', 'russia')],
) =>
  ev(
    'AGREEMENT_REACHED',
    {
      parties: ['ukraine', 'russia'],
      title: '1,000-for-1,000 prisoner exchange',
      terms: { kind: 'PRISONER_EXCHANGE', quantities },
      mediators: ['fidan'],
    },
    opts,
  );

const report = (opts: Opts, data: Record<string, unknown>) =>
  ev('IMPLEMENTATION_REPORTED', { reportedBy: 'ukraine', text: 'exchange stage', ...data }, opts);

const stage = (n: number, count: number, opts: Opts, reportedBy = 'zelensky') =>
  report(opts, {
    reportedBy,
    stage: `stage ${n}`,
    quantities: [prisoners(count, 'russia', 'ukraine'), prisoners(count, 'ukraine', 'russia')],
  });

const agreed = exchange({ at: '2025-05-16T15:00:00Z', position: 1, id: 'deal' });
const stage1 = stage(1, 390, { at: '2025-05-23T12:00:00Z', precision: 'DAY', position: 2, id: 's1' });
const stage2 = stage(2, 307, { at: '2025-05-24T12:00:00Z', precision: 'DAY', position: 3, id: 's2' });
const stage3 = stage(3, 303, { at: '2025-05-25T12:00:00Z', precision: 'DAY', position: 4, id: 's3' });

describe('agreement fold: the 1,000-for-1,000 exchange', () => {
  it('agreed at once, NOT_STARTED until the first report, with its quantities and mediator', () => {
    const view = viewAt(fold([agreed]), t('2025-05-20T00:00:00Z'));
    expect(view).toMatchObject({
      id: EXCHANGE,
      state: 'AGREED',
      agreedAt: t('2025-05-16T15:00:00Z'),
      terms: { kind: 'PRISONER_EXCHANGE' },
      mediators: ['fidan'],
      implementation: { status: 'NOT_STARTED', startedAt: null, completedAt: null, reports: [] },
    });
    expect(view.implementation.progress).toEqual([
      { what: 'prisoners of war', from: 'russia', to: 'ukraine', agreed: 1000, atLeast: false, reported: 0 },
      { what: 'prisoners of war', from: 'ukraine', to: 'russia', agreed: 1000, atLeast: false, reported: 0 },
    ]);
  });

  it('697 of 1,000 after two stages (IN_PROGRESS), COMPLETED by the third', () => {
    const state = fold([agreed, stage3, stage1, stage2]);
    const two = viewAt(state, t('2025-05-24T23:00:00Z'));
    expect(two.implementation.status).toBe('IN_PROGRESS');
    expect(two.implementation.startedAt).toBe(t('2025-05-23T12:00:00Z'));
    expect(two.implementation.progress.map((p) => p.reported)).toEqual([697, 697]);
    const done = viewAt(state, t('2025-05-26T00:00:00Z'));
    expect(done.implementation).toMatchObject({ status: 'COMPLETED', completedAt: t('2025-05-25T12:00:00Z') });
    expect(done.implementation.progress.map((p) => p.reported)).toEqual([1000, 1000]);
    expect(done.implementation.reports.map((r) => r.eventId)).toEqual(['s1', 's2', 's3']);
    expect(done.position).toBe(4);
  });

  it('both sides reporting the same stage count once (the larger count); reports without a stage each count', () => {
    const russianAccount = stage(1, 390, { at: '2025-05-23T15:00:00Z', position: 5, id: 's1-ru' }, 'kremlin');
    const state = fold([
      agreed,
      stage1,
      russianAccount,
      { ...stage2, data: { ...stage2.data, stage: ' STAGE 1 ' } } as FoldEvent,
    ]);
    const view = viewAt(state, t('2025-06-01T00:00:00Z'));
    expect(view.implementation.progress.map((p) => p.reported)).toEqual([390, 390]);
    expect(view.implementation.reports).toHaveLength(3);
    const unstaged = (id: string, position: number) =>
      report({ at: '2025-05-23T12:00:00Z', position, id }, { quantities: [prisoners(100, 'putin', 'zelensky')] });
    const twice = viewAt(fold([agreed, unstaged('u1', 2), unstaged('u2', 3)]), t('2025-06-01T00:00:00Z'));
    // putin and zelensky count by their sides: russia → ukraine
    expect(twice.implementation.progress.map((p) => p.reported)).toEqual([200, 0]);
  });

  it('a report dated before the agreement counts (and starts it); a retracted report counts for nothing', () => {
    const early = stage(0, 100, { at: '2025-05-14T00:00:00Z', position: 2, id: 'early' });
    const retracted = stage(9, 900, { at: '2025-05-23T18:00:00Z', position: 3, id: 'wrong' });
    const retraction = ev(
      'EVENT_RETRACTED',
      { retractedEventId: 'wrong', reason: 'misreported' },
      {
        at: '2025-05-24T00:00:00Z',
        position: 4,
        id: 'retraction',
      },
    );
    const view = viewAt(fold(applyAmendments([agreed, early, retracted, retraction])), t('2025-06-01T00:00:00Z'));
    expect(view.implementation.startedAt).toBe(t('2025-05-14T00:00:00Z'));
    expect(view.implementation.progress.map((p) => p.reported)).toEqual([100, 100]);
    expect(view.implementation.reports.map((r) => r.eventId)).toEqual(['early']);
  });

  it('a report in a stream of its own counts for the agreements it `implements`, and only for them', () => {
    const own = report(
      { at: '2025-05-23T12:00:00Z', position: 2, id: 'own', stream: 'report-icrc-23-may' },
      { implements: [EXCHANGE], quantities: [prisoners(390, 'russia', 'ukraine')] },
    );
    const elsewhere = report(
      { at: '2025-05-23T12:00:00Z', position: 3, id: 'else', stream: 'report-other' },
      { implements: ['agreement-other'], quantities: [prisoners(5, 'russia', 'ukraine')] },
    );
    const view = viewAt(fold([agreed, own, elsewhere]), t('2025-06-01T00:00:00Z'));
    expect(view.implementation.reports.map((r) => r.eventId)).toEqual(['own']);
    expect(view.implementation.progress[0].reported).toBe(390);
  });

  it('an open-ended or minimum quantity completes only through a report that says so', () => {
    for (const quantities of [
      [prisoners(undefined, 'russia', 'ukraine')],
      [prisoners(1200, 'russia', 'ukraine', { atLeast: true })],
    ]) {
      const deal = exchange({ at: '2025-05-16T15:00:00Z', position: 1, id: 'deal' }, quantities);
      const big = report(
        { at: '2025-05-23T00:00:00Z', position: 2, id: 'big' },
        { quantities: [prisoners(5000, 'russia', 'ukraine')] },
      );
      expect(viewAt(fold([deal, big]), t('2025-06-01T00:00:00Z')).implementation.status).toBe('IN_PROGRESS');
      const said = report(
        { at: '2025-05-24T00:00:00Z', position: 3, id: 'said' },
        { complete: true, text: 'all for all done' },
      );
      expect(viewAt(fold([deal, big, said]), t('2025-06-01T00:00:00Z')).implementation).toMatchObject({
        status: 'COMPLETED',
        completedAt: t('2025-05-24T00:00:00Z'),
      });
    }
  });

  it('terms without quantities complete only through a `complete: true` report', () => {
    const deal = ev(
      'AGREEMENT_REACHED',
      { parties: ['ukraine', 'russia'], title: 'Bodies', terms: { kind: 'OTHER' } },
      {
        at: '2025-06-02T00:00:00Z',
        position: 1,
        id: 'deal',
      },
    );
    const stageReport = report(
      { at: '2025-06-10T00:00:00Z', position: 2, id: 'r' },
      { quantities: [{ what: 'bodies', count: 6000 }] },
    );
    expect(viewAt(fold([deal, stageReport]), t('2025-07-01T00:00:00Z')).implementation.status).toBe('IN_PROGRESS');
  });

  it('reports count whatever the state, and at an earlier moment only those made by then', () => {
    const state = fold([agreed, stage1, stage2]);
    expect(viewAt(state, t('2025-05-23T13:00:00Z')).implementation.progress[0].reported).toBe(390);
  });
});

describe('agreement fold: proposals of every kind', () => {
  const thirtyDays = ev(
    'PROPOSAL_MADE',
    {
      proposers: ['uk', 'france', 'zelensky'],
      parties: ['ukraine', 'russia'],
      title: 'Unconditional 30-day ceasefire from 12 May',
      terms: { kind: 'CEASEFIRE', durationDays: 30, unconditional: true },
      backers: ['us'],
    },
    { at: '2025-05-10T12:00:00Z', position: 1, id: 'europe', stream: 'proposal-30-day-may' },
  );
  const istanbul = ev(
    'PROPOSAL_MADE',
    {
      proposers: ['putin'],
      parties: ['ukraine', 'russia'],
      title: 'Direct talks in Istanbul on 15 May',
      terms: { kind: 'OTHER' },
      counterTo: 'proposal-30-day-may',
      mediators: ['turkey'],
    },
    { at: '2025-05-11T00:00:00Z', precision: 'HOUR', position: 2, id: 'putin', stream: 'proposal-istanbul-talks' },
  );

  it('a ceasefire proposal is an agreement subject too: Ukraine (a proposer) accepted by proposing; Russia PENDING with its counter-proposal', () => {
    const view = viewAt(
      foldAgreement([thirtyDays, istanbul], principals, 'proposal-30-day-may') as never,
      t('2025-05-14T12:00:00Z'),
    );
    expect(view).toMatchObject({
      state: 'PARTIALLY_ACCEPTED',
      backers: ['us'],
      counterProposals: ['proposal-istanbul-talks'],
    });
    const russia = view.parties.find((p) => p.actorId === 'russia');
    expect(russia).toMatchObject({ stance: 'PENDING', counterProposal: 'proposal-istanbul-talks' });
    expect(russia?.pendingFor?.text).toBe('3d 23h-4d'); // the proposal's hour: [12:00, 13:00) on 10 May
  });

  it('the counter-proposal (loaded with the subject it answers) does not start that subject, even dated earlier', () => {
    const early = { ...istanbul, occurredAt: t('2025-05-09T00:00:00Z') };
    const state = foldAgreement([early, thirtyDays], principals, 'proposal-30-day-may');
    expect(state?.id).toBe('proposal-30-day-may');
    expect(state?.counterProposals).toEqual(['proposal-istanbul-talks']);
    const counter = foldAgreement([istanbul], principals, 'proposal-istanbul-talks');
    expect(counter).toMatchObject({
      counterTo: 'proposal-30-day-may',
      mediators: ['turkey'],
      terms: { kind: 'OTHER' },
    });
  });

  it('records the history of states', () => {
    const state = fold([
      ev(
        'PROPOSAL_MADE',
        { proposers: ['us'], parties: ['ukraine', 'russia'], title: 'x', terms: { kind: 'PEACE_DEAL' } },
        { at: '2025-04-01T00:00:00Z', position: 1, id: 'p' },
      ),
      ev('PROPOSAL_ACCEPTED', { party: 'ukraine' }, { at: '2025-04-02T00:00:00Z', position: 2, id: 'a' }),
      ev(
        'PROPOSAL_ACCEPTED',
        { party: 'russia', conditions: ['recognition'] },
        { at: '2025-04-03T00:00:00Z', position: 3, id: 'b' },
      ),
    ]);
    expect(state.history.map((h) => [h.state, h.eventId])).toEqual([
      ['PROPOSED', 'p'],
      ['PARTIALLY_ACCEPTED', 'a'],
      ['CONDITIONALLY_AGREED', 'b'],
    ]);
  });
});
