import type { Duration } from '../duration.js';
import { type FoldEvent, type FoldEventOf, type Principals, foldOrder } from '../fold-event.js';
import { type Opts, PRINCIPALS, foldEventBuilder, t } from '../../../test/support/fold-events.js';
import {
  type Negotiation,
  actorsOf,
  closedSince,
  isOpenStatus,
  negotiate,
  negotiationStatus,
  partiesAt,
  startNegotiation,
  startsNegotiation,
} from './negotiation.js';

const STREAM = 'proposal-black-sea';
const ev = foldEventBuilder(STREAM);
const principals: Principals = {
  ...PRINCIPALS,
  medinsky: 'russia',
  umerov: 'ukraine',
  fidan: 'turkey',
  turkey: 'turkey',
};

const proposal = (opts: Opts, extra: Record<string, unknown> = {}, stream = STREAM): FoldEvent =>
  ev(
    'PROPOSAL_MADE',
    {
      proposers: ['us'],
      parties: ['ukraine', 'russia'],
      title: 'Black Sea ceasefire',
      terms: { kind: 'CEASEFIRE', scope: 'MARITIME' },
      ...extra,
    },
    { stream, ...opts },
  );
const accept = (party: string, opts: Opts, conditions?: string[]) =>
  ev('PROPOSAL_ACCEPTED', conditions ? { party, conditions } : { party }, opts);
const reject = (party: string, opts: Opts) => ev('PROPOSAL_REJECTED', { party }, opts);
const met = (party: string, opts: Opts, conditions?: string[]) =>
  ev('CONDITIONS_MET', conditions ? { party, conditions } : { party }, opts);
const agreement = (opts: Opts, extra: Record<string, unknown> = {}) =>
  ev(
    'AGREEMENT_REACHED',
    { parties: ['ukraine', 'russia'], title: 'Black Sea agreement', terms: { kind: 'CEASEFIRE' }, ...extra },
    opts,
  );

/** The negotiation after these events (the first starts it), in fold order. */
function negotiation(events: FoldEvent[]): Negotiation {
  const [first, ...rest] = foldOrder(events, startsNegotiation, STREAM);
  const start = startNegotiation(first as FoldEventOf<'PROPOSAL_MADE' | 'AGREEMENT_REACHED'>, principals);
  return rest.reduce((n, e) => negotiate(n, e, principals), start);
}
const stanceOf = (n: Negotiation, actorId: string) => n.parties.find((p) => p.actorId === actorId);

const made = proposal({ at: '2025-03-23T00:00:00Z', precision: 'DAY', position: 1, id: 'proposal' });
const SANCTIONS = 'lifting sanctions on Rosselkhozbank';
const SWIFT = 'reconnecting it to SWIFT';

describe('stances: conditions', () => {
  it('a conditional acceptance is CONDITIONALLY_ACCEPTED with its conditions pending; every party so is CONDITIONALLY_AGREED, not agreed', () => {
    const n = negotiation([
      made,
      accept('ukraine', { at: '2025-03-25T10:00:00Z', position: 2, id: 'ua-yes' }),
      accept('kremlin', { at: '2025-03-25T18:00:00Z', position: 3, id: 'ru-if' }, [SANCTIONS, SWIFT]),
    ]);
    expect(stanceOf(n, 'russia')).toMatchObject({
      stance: 'CONDITIONALLY_ACCEPTED',
      conditions: [SANCTIONS, SWIFT],
      conditionsPending: [SANCTIONS, SWIFT],
      conditionsMetAt: null,
      eventId: 'ru-if',
    });
    expect(negotiationStatus(n)).toBe('CONDITIONALLY_AGREED');
    expect(n.agreedAt).toBeNull();
  });

  it('CONDITIONS_MET for some leaves the rest pending; for the last it is ACCEPTED, keeping the acceptance’s time, and agreed then', () => {
    const events = [
      made,
      accept('ukraine', { at: '2025-03-25T10:00:00Z', position: 2, id: 'ua-yes' }),
      accept('kremlin', { at: '2025-03-25T18:00:00Z', position: 3, id: 'ru-if' }, [SANCTIONS, SWIFT]),
      met('russia', { at: '2025-04-10T00:00:00Z', position: 4, id: 'met-1' }, [
        '  LIFTING sanctions on rosselkhozbank ',
      ]),
    ];
    const partly = negotiation(events);
    expect(stanceOf(partly, 'russia')).toMatchObject({
      stance: 'CONDITIONALLY_ACCEPTED',
      conditionsPending: [SWIFT],
      conditionsMetAt: null,
    });
    expect(negotiationStatus(partly)).toBe('CONDITIONALLY_AGREED');

    const all = negotiation([
      ...events,
      met('putin', { at: '2025-04-20T12:00:00Z', position: 5, id: 'met-2' }, [SWIFT]),
    ]);
    expect(stanceOf(all, 'russia')).toMatchObject({
      stance: 'ACCEPTED',
      at: t('2025-03-25T18:00:00Z'),
      eventId: 'ru-if',
      conditions: [SANCTIONS, SWIFT],
      conditionsPending: [],
      conditionsMetAt: t('2025-04-20T12:00:00Z'),
    });
    expect(negotiationStatus(all)).toBe('AGREED');
    expect(all.agreedAt).toBe(t('2025-04-20T12:00:00Z'));
  });

  it('CONDITIONS_MET without a list meets them all', () => {
    const n = negotiation([
      made,
      accept('russia', { at: '2025-03-25T18:00:00Z', position: 2, id: 'ru-if' }, [SANCTIONS, SWIFT]),
      met('russia', { at: '2025-04-10T00:00:00Z', position: 3, id: 'met' }),
    ]);
    expect(stanceOf(n, 'russia')).toMatchObject({
      stance: 'ACCEPTED',
      conditionsPending: [],
      conditionsMetAt: t('2025-04-10T00:00:00Z'),
    });
    expect(negotiationStatus(n)).toBe('PARTIALLY_ACCEPTED');
  });

  it.each<[string, FoldEvent[]]>([
    [
      'names it does not know',
      [
        accept('russia', { at: '2025-03-25T00:00:00Z', position: 2, id: 'a' }, [SANCTIONS]),
        met('russia', { at: '2025-04-01T00:00:00Z', position: 3, id: 'm' }, ['something else']),
      ],
    ],
    [
      'a party with no conditional acceptance',
      [
        accept('russia', { at: '2025-03-25T00:00:00Z', position: 2, id: 'a' }),
        met('russia', { at: '2025-04-01T00:00:00Z', position: 3, id: 'm' }),
      ],
    ],
    ['a pending party', [met('russia', { at: '2025-04-01T00:00:00Z', position: 2, id: 'm' })]],
    [
      'a non-party',
      [
        accept('russia', { at: '2025-03-25T00:00:00Z', position: 2, id: 'a' }, [SANCTIONS]),
        met('turkey', { at: '2025-04-01T00:00:00Z', position: 3, id: 'm' }),
      ],
    ],
  ])('CONDITIONS_MET changes nothing for %s', (_name, events) => {
    expect(negotiation([made, ...events])).toEqual(negotiation([made, ...events.slice(0, -1)]));
  });

  it('a later unconditional acceptance replaces the conditions; a later conditional one replaces an acceptance', () => {
    const base = [made, accept('russia', { at: '2025-03-25T00:00:00Z', position: 2, id: 'ru-if' }, [SANCTIONS])];
    const plain = negotiation([...base, accept('putin', { at: '2025-03-30T00:00:00Z', position: 3, id: 'ru-yes' })]);
    expect(stanceOf(plain, 'russia')).toMatchObject({
      stance: 'ACCEPTED',
      conditions: [],
      conditionsPending: [],
      eventId: 'ru-yes',
    });
    const again = negotiation([
      made,
      accept('russia', { at: '2025-03-25T00:00:00Z', position: 2, id: 'ru-yes' }),
      accept('russia', { at: '2025-03-30T00:00:00Z', position: 3, id: 'ru-if' }, [
        SWIFT,
        '  Reconnecting it to swift ',
      ]),
    ]);
    // conditions are kept as written, once each (case and surrounding spaces ignored)
    expect(stanceOf(again, 'russia')).toMatchObject({ stance: 'CONDITIONALLY_ACCEPTED', conditionsPending: [SWIFT] });
  });

  it('conditions stated against terms that say `unconditional` still make a conditional acceptance', () => {
    const n = negotiation([
      proposal(
        { at: '2025-03-11T00:00:00Z', position: 1, id: 'p' },
        { terms: { kind: 'CEASEFIRE', unconditional: true } },
      ),
      accept('ukraine', { at: '2025-03-11T00:00:00Z', position: 2, id: 'ua' }),
      accept('russia', { at: '2025-03-13T00:00:00Z', position: 3, id: 'ru' }, ['no rearmament during the pause']),
    ]);
    expect(negotiationStatus(n)).toBe('CONDITIONALLY_AGREED');
  });
});

describe('stances: proposers, counter-proposals', () => {
  it('a proposer on a party’s side has accepted for that party by proposing, at the proposal’s time', () => {
    const n = negotiation([
      proposal({ at: '2025-05-16T10:00:00Z', position: 1, id: 'p' }, { proposers: ['medinsky'] }),
    ]);
    expect(stanceOf(n, 'russia')).toMatchObject({ stance: 'ACCEPTED', at: t('2025-05-16T10:00:00Z'), eventId: 'p' });
    expect(stanceOf(n, 'ukraine')?.stance).toBe('PENDING');
    expect(negotiationStatus(n)).toBe('PARTIALLY_ACCEPTED');
    const both = negotiation([
      proposal({ at: '2025-05-16T10:00:00Z', position: 1, id: 'p' }, { proposers: ['medinsky', 'umerov'] }),
    ]);
    expect(negotiationStatus(both)).toBe('AGREED');
    expect(both.agreedAt).toBe(t('2025-05-16T10:00:00Z'));
  });

  it('a counter-proposal by a party’s side leaves its stance as it was and links both ways; the latest is named', () => {
    const counter = (id: string, at: string, position: number, proposers: string[]) =>
      proposal({ at, position, id }, { proposers, counterTo: STREAM, title: `talks ${id}` }, `proposal-${id}`);
    const n = negotiation([
      made,
      accept('ukraine', { at: '2025-03-24T00:00:00Z', position: 2, id: 'ua-yes' }),
      counter('istanbul', '2025-03-25T00:00:00Z', 3, ['putin']),
      counter('mediated', '2025-03-26T00:00:00Z', 4, ['turkey']),
      counter('istanbul-2', '2025-03-27T00:00:00Z', 5, ['kremlin']),
      counter('kyiv', '2025-03-28T00:00:00Z', 6, ['zelensky']),
    ]);
    expect(stanceOf(n, 'russia')).toMatchObject({ stance: 'PENDING', counterProposal: 'proposal-istanbul-2' });
    expect(stanceOf(n, 'ukraine')).toMatchObject({ stance: 'ACCEPTED', counterProposal: 'proposal-kyiv' });
    expect(n.counterProposals).toEqual([
      'proposal-istanbul',
      'proposal-mediated',
      'proposal-istanbul-2',
      'proposal-kyiv',
    ]);
    expect(negotiationStatus(n)).toBe('PARTIALLY_ACCEPTED');
  });

  it('a proposal in the subject’s own stream, or answering another subject, changes nothing', () => {
    const own = proposal(
      { at: '2025-03-25T00:00:00Z', position: 2, id: 'again' },
      { proposers: ['putin'], counterTo: 'proposal-x' },
    );
    const other = proposal(
      { at: '2025-03-25T00:00:00Z', position: 3, id: 'elsewhere' },
      { proposers: ['putin'], counterTo: 'proposal-x' },
      'proposal-y',
    );
    expect(negotiation([made, own, other])).toEqual(negotiation([made]));
  });

  it('the counter-proposal itself names what it answers', () => {
    const n = negotiation([
      proposal(
        { at: '2025-05-11T00:00:00Z', position: 1, id: 'p' },
        { proposers: ['putin'], counterTo: 'proposal-30-day' },
      ),
    ]);
    expect(n.counterTo).toBe('proposal-30-day');
  });
});

describe('states: rejection, withdrawal, conclusion, termination', () => {
  it('REJECTED once a party rejects; a proposer’s side rejecting withdraws it (WITHDRAWN beats REJECTED and CONDITIONALLY_AGREED)', () => {
    const rejected = negotiation([made, reject('russia', { at: '2025-03-25T00:00:00Z', position: 2, id: 'no' })]);
    expect(negotiationStatus(rejected)).toBe('REJECTED');
    const withdrawn = negotiation([
      made,
      reject('russia', { at: '2025-03-25T00:00:00Z', position: 2, id: 'no' }),
      reject('trump', { at: '2025-03-26T00:00:00Z', position: 3, id: 'drop' }),
    ]);
    expect(negotiationStatus(withdrawn)).toBe('WITHDRAWN');
    expect(withdrawn.withdrawnAt).toBe(t('2025-03-26T00:00:00Z'));
    expect(withdrawn.proposers).toEqual(['us']); // who proposed it stays on record
    expect(negotiationStatus(withdrawn, t('2025-03-25T12:00:00Z'))).toBe('REJECTED');
    const conditional = negotiation([
      made,
      accept('ukraine', { at: '2025-03-24T00:00:00Z', position: 2, id: 'ua' }),
      accept('russia', { at: '2025-03-25T00:00:00Z', position: 3, id: 'ru' }, [SANCTIONS]),
      reject('us', { at: '2025-03-26T00:00:00Z', position: 4, id: 'drop' }),
    ]);
    expect(negotiationStatus(conditional)).toBe('WITHDRAWN');
  });

  it('with two proposer sides, one rejecting just stops being a proposer', () => {
    const n = negotiation([
      proposal({ at: '2025-05-10T00:00:00Z', position: 1, id: 'p' }, { proposers: ['us', 'turkey'] }),
      reject('trump', { at: '2025-05-12T00:00:00Z', position: 2, id: 'us-out' }),
    ]);
    expect(n.proposers).toEqual(['turkey']);
    expect(n.withdrawnAt).toBeNull();
    expect(negotiationStatus(n)).toBe('PROPOSED');
  });

  it('an AGREEMENT_REACHED in the stream concludes it whatever the stances: its title and terms replace the proposal’s, its parties, mediators and guarantors are added', () => {
    const n = negotiation([
      proposal({ at: '2025-03-23T00:00:00Z', position: 1, id: 'p' }, { mediators: ['turkey'], backers: ['france'] }),
      reject('russia', { at: '2025-03-24T00:00:00Z', position: 2, id: 'no' }),
      reject('us', { at: '2025-03-24T06:00:00Z', position: 3, id: 'drop' }),
      agreement(
        { at: '2025-03-25T00:00:00Z', position: 4, id: 'deal' },
        {
          parties: ['ukraine', 'russia', 'turkey'],
          title: 'Black Sea navigation',
          terms: { kind: 'OTHER', text: 'safe navigation' },
          mediators: ['us', 'turkey'],
          guarantors: ['turkey'],
        },
      ),
    ]);
    expect(negotiationStatus(n)).toBe('AGREED');
    expect(n.agreedAt).toBe(t('2025-03-25T00:00:00Z'));
    expect(n.concludedBy).toBe('deal');
    expect(n.title).toBe('Black Sea navigation');
    expect(n.terms).toEqual({ kind: 'OTHER', text: 'safe navigation' });
    expect(n.parties.map((p) => [p.actorId, p.stance, p.eventId])).toEqual([
      ['ukraine', 'ACCEPTED', 'deal'],
      ['russia', 'ACCEPTED', 'deal'],
      ['turkey', 'ACCEPTED', 'deal'],
    ]);
    expect([n.mediators, n.guarantors, n.backers]).toEqual([['turkey', 'us'], ['turkey'], ['france']]);
    expect(actorsOf(n)).toEqual(expect.arrayContaining(['ukraine', 'russia', 'turkey', 'us', 'france']));
  });

  it('AGREED is final for stances; a party’s rejection after it TERMINATES it; a proposer cannot withdraw it', () => {
    const agreed = [
      made,
      accept('ukraine', { at: '2025-03-24T00:00:00Z', position: 2, id: 'ua' }),
      accept('russia', { at: '2025-03-25T00:00:00Z', position: 3, id: 'ru' }),
    ];
    const after = negotiation([
      ...agreed,
      reject('trump', { at: '2025-03-26T00:00:00Z', position: 4, id: 'us-no' }),
      accept('russia', { at: '2025-03-27T00:00:00Z', position: 5, id: 'ru-if' }, [SANCTIONS]),
    ]);
    expect(negotiationStatus(after)).toBe('AGREED');
    expect(after.withdrawnAt).toBeNull();
    expect(stanceOf(after, 'russia')?.stance).toBe('CONDITIONALLY_ACCEPTED');
    const terminated = negotiation([
      ...agreed,
      reject('putin', { at: '2025-04-02T00:00:00Z', position: 4, id: 'ru-out' }),
    ]);
    expect(negotiationStatus(terminated)).toBe('TERMINATED');
    expect(terminated.terminatedAt).toBe(t('2025-04-02T00:00:00Z'));
    expect(negotiationStatus(terminated, t('2025-04-01T00:00:00Z'))).toBe('AGREED');
    expect(stanceOf(terminated, 'russia')?.stance).toBe('REJECTED');
  });
});

describe('pendingFor', () => {
  const seconds = (d: Duration | null) => (d === null ? null : [d.minSeconds, d.maxSeconds]);
  const DAY = 86_400;

  it('runs from the proposal (its precision as bounds) to the moment asked about, for PENDING parties only', () => {
    const n = negotiation([made, accept('ukraine', { at: '2025-03-24T00:00:00Z', position: 2, id: 'ua' })]);
    const [ukraine, russia] = partiesAt(n, t('2025-03-30T00:00:00Z'), null);
    expect(ukraine.pendingFor).toBeNull();
    // the proposal is dated 2025-03-23 (DAY): [2025-03-23, 2025-03-24)
    expect(seconds(russia.pendingFor)).toEqual([6 * DAY, 7 * DAY]);
    expect(russia.pendingFor?.text).toBe('6-7d');
  });

  it('stops when the subject stops waiting for answers (rejected, withdrawn, agreed), and runs again when it reopens', () => {
    const n = negotiation([made, reject('ukraine', { at: '2025-03-26T00:00:00Z', position: 2, id: 'no' })]);
    const history = [
      { state: 'PROPOSED', at: t('2025-03-23T00:00:00Z') },
      { state: 'REJECTED', at: t('2025-03-26T00:00:00Z') },
    ];
    const closed = closedSince(history, isOpenStatus);
    expect(closed).toBe(t('2025-03-26T00:00:00Z'));
    expect(seconds(partiesAt(n, t('2025-06-01T00:00:00Z'), closed)[1].pendingFor)).toEqual([2 * DAY, 3 * DAY]);
    expect(
      closedSince([...history, { state: 'PARTIALLY_ACCEPTED', at: t('2025-03-28T00:00:00Z') }], isOpenStatus),
    ).toBeNull();
  });
});
