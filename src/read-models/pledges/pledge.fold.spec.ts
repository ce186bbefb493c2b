import {
  type Opts,
  PRINCIPALS as principals,
  foldEventBuilder,
  folder,
  strikeBuilder,
  t,
} from '../../../test/support/fold-events.js';
import { type FoldEvent, applyAmendments } from '../fold-event.js';
import { type PledgeState, evolve, foldPledge, viewAt } from './pledge.fold.js';
import { briefPledge } from './pledge.projection.js';

const HOUR = 3_600;
const DAY = 86_400;

const STREAM = 'pledge-russia-energy-strikes';

const ev = foldEventBuilder(STREAM);

function pledge(opts: Opts, extra: Record<string, unknown> = {}, commitment: Record<string, unknown> = {}): FoldEvent {
  return ev(
    'PLEDGE_MADE',
    {
      by: 'putin',
      to: 'trump',
      commitment: {
        action: 'HALT_STRIKES',
        targetCategory: 'ENERGY_INFRASTRUCTURE',
        text: 'An immediate 30-day pause on attacking energy infrastructure',
        ...commitment,
      },
      durationDays: 30,
      ...extra,
    },
    opts,
  );
}
const strike = strikeBuilder(ev, { targetCategory: 'ENERGY_INFRASTRUCTURE', place: 'Sloviansk, Donetsk region' });
const withdrawal = (opts: Opts) => ev('PLEDGE_WITHDRAWN', { by: 'putin' }, opts);
const violation = (opts: Opts) => ev('VIOLATION_REPORTED', { violator: 'russia', reportedBy: 'zelensky' }, opts);

const fold = folder(foldPledge, principals, 'pledge');

// The demo pledge: putin, HALT_STRIKES on energy, 30 days, 2025-03-18T16:00Z (HOUR).
const made = pledge({ at: '2025-03-18T16:00:00Z', precision: 'HOUR', position: 1, id: 'pledge' });

describe('pledge fold: the pledge itself', () => {
  it('is nothing until its PLEDGE_MADE', () => {
    expect(
      foldPledge([strike('russia', { at: '2025-03-18T16:00:00Z', position: 1, id: 'hit' })], principals),
    ).toBeNull();
    expect(evolve(null, withdrawal({ at: '2025-03-18T16:00:00Z', position: 1, id: 'w' }), principals)).toBeNull();
  });

  it('records who pledged what, and its validity window (validFrom defaults to occurredAt)', () => {
    expect(fold([made])).toEqual({
      id: STREAM,
      eventId: 'pledge',
      by: 'putin',
      to: 'trump',
      commitment: {
        action: 'HALT_STRIKES',
        targetCategory: 'ENERGY_INFRASTRUCTURE',
        text: 'An immediate 30-day pause on attacking energy infrastructure',
      },
      ceasefireId: null,
      madeAt: t('2025-03-18T16:00:00Z'),
      madePrecision: 'HOUR',
      validFrom: t('2025-03-18T16:00:00Z'),
      validUntil: t('2025-04-17T16:00:00Z'),
      withdrawn: null,
      fulfilled: null,
      violations: [],
      position: 1,
    });
  });

  it('keeps to, targetCategory and ceasefireId absent as null', () => {
    const state = fold([
      ev(
        'PLEDGE_MADE',
        { by: 'russia', commitment: { action: 'RELEASE', text: 'Release 175 prisoners' } },
        { at: '2025-03-19T00:00:00Z', precision: 'DAY', position: 1, id: 'p' },
      ),
    ]);
    expect(state).toMatchObject({
      to: null,
      ceasefireId: null,
      validUntil: null,
      commitment: { action: 'RELEASE', targetCategory: null, text: 'Release 175 prisoners' },
    });
  });
});

describe('pledge fold: HOLDING', () => {
  it('holds, with a lifetime from madeAt to the view moment', () => {
    const view = viewAt(fold([made]), t('2025-03-20T16:00:00Z'));
    expect(view.state).toBe('HOLDING');
    expect(view.brokenAt).toBeNull();
    expect(view.expiresAt).toBe(t('2025-04-17T16:00:00Z'));
    // made somewhere in [16:00, 17:00) on 03-18: 47 h to 48 h by 2025-03-20T16:00
    expect(view.lifetime).toMatchObject({ minSeconds: 47 * HOUR, maxSeconds: 48 * HOUR });
  });

  it('holds with an exact lifetime for a SECOND-precision pledge', () => {
    const state = fold([pledge({ at: '2025-03-18T16:00:00Z', precision: 'SECOND', position: 1, id: 'pledge' })]);
    expect(viewAt(state, t('2025-03-18T16:52:00Z')).lifetime).toMatchObject({
      minSeconds: 52 * 60 - 1,
      maxSeconds: 52 * 60,
    });
  });

  it('holds open-ended without durationDays or validUntil', () => {
    const state = fold([
      pledge({ at: '2025-03-18T16:00:00Z', position: 1, id: 'pledge' }, { durationDays: undefined }),
    ]);
    expect(state.validUntil).toBeNull();
    const view = viewAt(state, t('2030-01-01T00:00:00Z'));
    expect(view.state).toBe('HOLDING');
    expect(view.expiresAt).toBeNull();
  });
});

describe('pledge fold: BROKEN', () => {
  it('the demo case: pledge and strike both at 2025-03-18T16:00Z (HOUR) → BROKEN, 0 to 1 h', () => {
    const hit = strike('russia', { at: '2025-03-18T16:00:00Z', precision: 'HOUR', position: 2, id: 'sloviansk' });
    const state = fold([made, hit]);
    expect(state.violations).toEqual([
      { eventId: 'sloviansk', basis: 'INFERRED', at: t('2025-03-18T16:00:00Z'), by: 'russia', precision: 'HOUR' },
    ]);
    const view = viewAt(state, t('2025-03-19T12:00:00Z'));
    expect(view.state).toBe('BROKEN');
    expect(view.brokenAt).toBe(t('2025-03-18T16:00:00Z'));
    expect(view.lifetime).toEqual({ minSeconds: 0, maxSeconds: 3600, text: '0-1h' });
  });

  it('the catalogue example: pledge 2025-04-19T15:00Z (MINUTE), strike on 2025-04-20 (DAY) → 8 h 59 m to 33 h', () => {
    const state = fold([
      pledge({ at: '2025-04-19T15:00:00Z', precision: 'MINUTE', position: 1, id: 'pledge' }),
      strike('russia', { at: '2025-04-20T00:00:00Z', precision: 'DAY', position: 2, id: 'hit' }),
    ]);
    const view = viewAt(state, t('2025-04-25T00:00:00Z'));
    expect(view.state).toBe('BROKEN');
    expect(view.brokenAt).toBe(t('2025-04-20T00:00:00Z'));
    expect(view.lifetime).toMatchObject({ minSeconds: 8 * HOUR + 59 * 60, maxSeconds: 33 * HOUR });
    expect(view.lifetime.minSeconds).toBe(32_340);
    expect(view.lifetime.maxSeconds).toBe(118_800);
  });

  it('a DAY-precision pledge broken the same day (DAY) → 0 to 1 d', () => {
    const state = fold([
      pledge({ at: '2025-03-18T00:00:00Z', precision: 'DAY', position: 1, id: 'pledge' }),
      strike('russia', { at: '2025-03-18T00:00:00Z', precision: 'DAY', position: 2, id: 'hit' }),
    ]);
    expect(viewAt(state, t('2025-03-20T00:00:00Z'))).toMatchObject({
      state: 'BROKEN',
      lifetime: { minSeconds: 0, maxSeconds: DAY, text: '0-1d' },
    });
  });

  it('a DAY-precision pledge broken by an HOUR-precision strike that day → 0 to 17 h', () => {
    const state = fold([
      pledge({ at: '2025-03-18T00:00:00Z', precision: 'DAY', position: 1, id: 'pledge' }),
      strike('russia', { at: '2025-03-18T16:00:00Z', precision: 'HOUR', position: 2, id: 'hit' }),
    ]);
    expect(viewAt(state, t('2025-03-20T00:00:00Z')).lifetime).toMatchObject({ minSeconds: 0, maxSeconds: 17 * HOUR });
  });

  it.each([
    ['the state the pledger acts for (a pledge by putin broken by a strike by russia)', 'russia'],
    ['the pledger himself', 'putin'],
    ['another actor on the pledger’s side', 'kremlin'],
  ])('INFERRED from a strike by %s', (_name, attacker) => {
    const state = fold([made, strike(attacker, { at: '2025-03-20T08:00:00Z', position: 2, id: 'hit' })]);
    expect(state.violations).toEqual([
      { eventId: 'hit', basis: 'INFERRED', at: t('2025-03-20T08:00:00Z'), by: attacker, precision: 'HOUR' },
    ]);
    expect(viewAt(state, t('2025-03-21T00:00:00Z')).state).toBe('BROKEN');
  });

  it.each(['CIVILIAN', 'MILITARY', 'PORT', 'ENERGY_INFRASTRUCTURE'])(
    'a pledge naming no target category is broken by a strike on %s',
    (targetCategory) => {
      const state = fold([
        pledge({ at: '2025-03-18T16:00:00Z', position: 1, id: 'pledge' }, {}, { targetCategory: undefined }),
        strike('russia', { at: '2025-03-20T08:00:00Z', position: 2, id: 'hit' }, { targetCategory }),
      ]);
      expect(viewAt(state, t('2025-03-21T00:00:00Z'))).toMatchObject({
        state: 'BROKEN',
        brokenAt: t('2025-03-20T08:00:00Z'),
      });
    },
  );

  it('REPORTED: a VIOLATION_REPORTED in its stream breaks it', () => {
    const state = fold([made, violation({ at: '2025-03-19T00:00:00Z', precision: 'DAY', position: 2, id: 'report' })]);
    expect(state.violations).toEqual([
      { eventId: 'report', basis: 'REPORTED', at: t('2025-03-19T00:00:00Z'), by: 'russia', precision: 'DAY' },
    ]);
    const view = viewAt(state, t('2025-03-20T00:00:00Z'));
    expect(view.state).toBe('BROKEN');
    expect(view.brokenAt).toBe(t('2025-03-19T00:00:00Z'));
    // made in [03-18 16:00, 17:00), reported in [03-19, 03-20): 7 h to 32 h
    expect(view.lifetime).toMatchObject({ minSeconds: 7 * HOUR, maxSeconds: 32 * HOUR });
  });

  it('REPORTED breaks a pledge of any action (not only HALT_STRIKES)', () => {
    const state = fold([
      pledge(
        { at: '2025-03-18T16:00:00Z', position: 1, id: 'pledge' },
        {},
        { action: 'RELEASE', targetCategory: undefined },
      ),
      violation({ at: '2025-03-19T00:00:00Z', precision: 'DAY', position: 2, id: 'report' }),
    ]);
    expect(viewAt(state, t('2025-03-20T00:00:00Z'))).toMatchObject({
      state: 'BROKEN',
      brokenAt: t('2025-03-19T00:00:00Z'),
    });
  });

  it('the first violation breaks it; later ones are kept but change nothing', () => {
    const state = fold([
      made,
      strike('russia', { at: '2025-03-18T16:00:00Z', position: 2, id: 'sloviansk' }),
      violation({ at: '2025-03-19T00:00:00Z', precision: 'DAY', position: 3, id: 'report' }),
      strike('kremlin', { at: '2025-03-25T10:00:00Z', position: 4, id: 'second' }),
    ]);
    expect(state.violations.map((v) => [v.eventId, v.basis])).toEqual([
      ['sloviansk', 'INFERRED'],
      ['report', 'REPORTED'],
      ['second', 'INFERRED'],
    ]);
    const view = viewAt(state, t('2025-03-26T00:00:00Z'));
    expect(view).toMatchObject({
      state: 'BROKEN',
      brokenAt: t('2025-03-18T16:00:00Z'),
      lifetime: { minSeconds: 0, maxSeconds: 3600, text: '0-1h' },
    });
  });

  it('viewAt before the violation: HOLDING, without the later violations', () => {
    const state = fold([made, strike('russia', { at: '2025-03-20T08:00:00Z', position: 2, id: 'hit' })]);
    const before = viewAt(state, t('2025-03-20T07:59:59Z'));
    expect(before.state).toBe('HOLDING');
    expect(before.brokenAt).toBeNull();
    expect(before.violations).toEqual([]);
    expect(viewAt(state, t('2025-03-20T08:00:00Z')).state).toBe('BROKEN');
  });
});

describe('pledge fold: strikes that do not break it', () => {
  it.each([
    ['by the other side', 'ukraine', 'ENERGY_INFRASTRUCTURE'],
    ['by an actor on the other side', 'zelensky', 'ENERGY_INFRASTRUCTURE'],
    ['by the pledge’s addressee', 'trump', 'ENERGY_INFRASTRUCTURE'],
    ['on another target category', 'russia', 'MILITARY'],
    ['on another target category, by the pledger', 'putin', 'CIVILIAN'],
  ])('a strike %s (%s on %s)', (_name, attacker, targetCategory) => {
    const state = fold([
      made,
      strike(attacker, { at: '2025-03-20T08:00:00Z', position: 2, id: 'hit' }, { targetCategory }),
    ]);
    expect(state.violations).toEqual([]);
    expect(viewAt(state, t('2025-03-21T00:00:00Z')).state).toBe('HOLDING');
  });

  it.each(['WITHDRAW', 'RELEASE', 'PROVIDE_AID', 'OTHER'])('a strike does not break a %s pledge', (action) => {
    const state = fold([
      pledge({ at: '2025-03-18T16:00:00Z', position: 1, id: 'pledge' }, {}, { action, targetCategory: undefined }),
      strike('russia', { at: '2025-03-20T08:00:00Z', position: 2, id: 'hit' }, { targetCategory: 'CIVILIAN' }),
    ]);
    expect(state.violations).toEqual([]);
    expect(viewAt(state, t('2025-03-21T00:00:00Z')).state).toBe('HOLDING');
  });

  it('a strike before validFrom is outside the window; one at validFrom is inside', () => {
    const later = pledge(
      { at: '2025-03-18T16:00:00Z', position: 1, id: 'pledge' },
      { validFrom: '2025-03-20T00:00:00Z' },
    );
    const before = fold([later, strike('russia', { at: '2025-03-19T23:00:00Z', position: 2, id: 'early' })]);
    expect(before.validFrom).toBe(t('2025-03-20T00:00:00Z'));
    expect(before.violations).toEqual([]);
    expect(viewAt(before, t('2025-03-21T00:00:00Z')).state).toBe('HOLDING');
    const atStart = fold([later, strike('russia', { at: '2025-03-20T00:00:00Z', position: 2, id: 'at-start' })]);
    expect(atStart.violations.map((v) => v.eventId)).toEqual(['at-start']);
  });

  it('a strike at or after validUntil is outside the window', () => {
    const state = fold([
      made,
      strike('russia', { at: '2025-04-17T16:00:00Z', position: 2, id: 'at-expiry' }),
      strike('russia', { at: '2025-04-20T10:00:00Z', position: 3, id: 'after' }),
      violation({ at: '2025-04-21T00:00:00Z', precision: 'DAY', position: 4, id: 'late-report' }),
    ]);
    expect(state.violations).toEqual([]);
    expect(viewAt(state, t('2025-04-22T00:00:00Z')).state).toBe('EXPIRED');
  });

  it('a strike dated before the pledge is no violation', () => {
    const state = fold([made, strike('russia', { at: '2025-03-18T15:00:00Z', position: 2, id: 'before' })]);
    expect(state.violations).toEqual([]);
  });
});

describe('pledge fold: EXPIRED and WITHDRAWN', () => {
  it('EXPIRED durationDays after validFrom, with the lifetime up to expiry', () => {
    const state = fold([
      pledge(
        { at: '2025-03-18T16:00:00Z', position: 1, id: 'pledge' },
        { validFrom: '2025-03-20T00:00:00Z', durationDays: 10 },
      ),
    ]);
    expect(state.validUntil).toBe(t('2025-03-30T00:00:00Z'));
    expect(viewAt(state, t('2025-03-29T23:59:59Z')).state).toBe('HOLDING');
    const view = viewAt(state, t('2025-03-30T00:00:00Z'));
    expect(view.state).toBe('EXPIRED');
    expect(view.expiresAt).toBe(t('2025-03-30T00:00:00Z'));
    expect(view.brokenAt).toBeNull();
    // made in [03-18 16:00, 17:00), expired at 03-30 00:00: 11 d 7 h to 11 d 8 h
    expect(view.lifetime).toMatchObject({ minSeconds: 11 * DAY + 7 * HOUR, maxSeconds: 11 * DAY + 8 * HOUR });
    // viewed much later, the lifetime still ends at expiry
    expect(viewAt(state, t('2026-01-01T00:00:00Z')).lifetime).toEqual(view.lifetime);
  });

  it('EXPIRED at validUntil, which wins over durationDays', () => {
    const state = fold([
      pledge(
        { at: '2025-03-18T16:00:00Z', position: 1, id: 'pledge' },
        { validUntil: '2025-03-25T00:00:00Z', durationDays: 30 },
      ),
    ]);
    expect(state.validUntil).toBe(t('2025-03-25T00:00:00Z'));
    expect(viewAt(state, t('2025-03-24T23:59:59Z')).state).toBe('HOLDING');
    expect(viewAt(state, t('2025-03-25T00:00:00Z'))).toMatchObject({
      state: 'EXPIRED',
      expiresAt: t('2025-03-25T00:00:00Z'),
    });
  });

  it('WITHDRAWN by a PLEDGE_WITHDRAWN; strikes after the withdrawal do not break it', () => {
    const state = fold([
      made,
      withdrawal({ at: '2025-03-25T00:00:00Z', precision: 'DAY', position: 2, id: 'withdrawn' }),
      strike('russia', { at: '2025-03-25T10:00:00Z', position: 3, id: 'after' }),
      violation({ at: '2025-03-26T00:00:00Z', precision: 'DAY', position: 4, id: 'report-after' }),
    ]);
    expect(state.withdrawn).toEqual({ at: t('2025-03-25T00:00:00Z'), precision: 'DAY', eventId: 'withdrawn' });
    expect(state.violations).toEqual([]);
    expect(viewAt(state, t('2025-03-24T23:59:59Z')).state).toBe('HOLDING');
    const view = viewAt(state, t('2025-03-27T00:00:00Z'));
    expect(view.state).toBe('WITHDRAWN');
    expect(view.brokenAt).toBeNull();
    // made in [03-18 16:00, 17:00), withdrawn in [03-25, 03-26): 6 d 7 h to 7 d 8 h
    expect(view.lifetime).toMatchObject({ minSeconds: 6 * DAY + 7 * HOUR, maxSeconds: 7 * DAY + 8 * HOUR });
  });

  it('keeps the first withdrawal', () => {
    const state = fold([
      made,
      withdrawal({ at: '2025-03-25T00:00:00Z', precision: 'DAY', position: 2, id: 'first' }),
      withdrawal({ at: '2025-03-27T00:00:00Z', precision: 'DAY', position: 3, id: 'second' }),
    ]);
    expect(state.withdrawn?.eventId).toBe('first');
    expect(state.position).toBe(3);
  });

  it('which end comes first: broken, then withdrawn → BROKEN', () => {
    const state = fold([
      made,
      strike('russia', { at: '2025-03-20T08:00:00Z', position: 2, id: 'hit' }),
      withdrawal({ at: '2025-03-22T00:00:00Z', position: 3, id: 'withdrawn' }),
    ]);
    expect(viewAt(state, t('2025-03-23T00:00:00Z'))).toMatchObject({
      state: 'BROKEN',
      brokenAt: t('2025-03-20T08:00:00Z'),
    });
  });

  it('which end comes first: withdrawn, then expiry → WITHDRAWN', () => {
    const state = fold([made, withdrawal({ at: '2025-03-22T00:00:00Z', position: 2, id: 'withdrawn' })]);
    expect(viewAt(state, t('2025-05-01T00:00:00Z')).state).toBe('WITHDRAWN');
  });

  it('which end comes first: expired, then withdrawn → EXPIRED', () => {
    const state = fold([made, withdrawal({ at: '2025-04-20T00:00:00Z', position: 2, id: 'withdrawn' })]);
    expect(viewAt(state, t('2025-04-18T00:00:00Z')).state).toBe('EXPIRED');
    expect(viewAt(state, t('2025-05-01T00:00:00Z'))).toMatchObject({
      state: 'EXPIRED',
      expiresAt: t('2025-04-17T16:00:00Z'),
    });
  });

  it('which end comes first: broken, then expiry → BROKEN', () => {
    const state = fold([made, violation({ at: '2025-04-01T00:00:00Z', precision: 'DAY', position: 2, id: 'report' })]);
    expect(viewAt(state, t('2025-05-01T00:00:00Z'))).toMatchObject({
      state: 'BROKEN',
      brokenAt: t('2025-04-01T00:00:00Z'),
    });
  });
});

describe('pledge fold: amendments', () => {
  const hit = strike('russia', {
    at: '2025-03-18T16:00:00Z',
    position: 2,
    id: 'sloviansk',
    stream: 'strike-sloviansk',
  });

  it('a retraction of the breaking strike (applied before folding) makes it HOLDING again', () => {
    const retraction = ev(
      'EVENT_RETRACTED',
      { retractedEventId: 'sloviansk', reason: 'misattributed' },
      { at: '2025-03-20T00:00:00Z', precision: 'DAY', position: 5, id: 'retraction', stream: 'strike-sloviansk' },
    );
    const state = fold(applyAmendments([made, hit, retraction]));
    expect(state.violations).toEqual([]);
    expect(viewAt(state, t('2025-03-21T00:00:00Z'))).toMatchObject({ state: 'HOLDING', brokenAt: null });
  });

  it('a correction moving the strike after validUntil: not a violation', () => {
    const correction = ev(
      'EVENT_CORRECTED',
      { correctedEventId: 'sloviansk', occurredAt: '2025-04-18T10:00:00Z', reason: 'wrong month' },
      { at: '2025-04-19T00:00:00Z', position: 5, stream: 'strike-sloviansk' },
    );
    const state = fold(applyAmendments([made, hit, correction]));
    expect(state.violations).toEqual([]);
    expect(viewAt(state, t('2025-04-19T00:00:00Z')).state).toBe('EXPIRED');
  });

  it('a correction moving the strike before the pledge: not a violation', () => {
    const correction = ev(
      'EVENT_CORRECTED',
      {
        correctedEventId: 'sloviansk',
        occurredAt: '2025-03-18T12:00:00Z',
        occurredPrecision: 'MINUTE',
        reason: 'earlier',
      },
      { at: '2025-03-19T00:00:00Z', position: 5, stream: 'strike-sloviansk' },
    );
    const state = fold(applyAmendments([made, hit, correction]));
    expect(state.violations).toEqual([]);
    expect(viewAt(state, t('2025-03-20T00:00:00Z')).state).toBe('HOLDING');
  });

  it('a correction of the target category takes the strike off the pledge', () => {
    const correction = ev(
      'EVENT_CORRECTED',
      {
        correctedEventId: 'sloviansk',
        data: { attacker: 'russia', targetCategory: 'MILITARY', place: 'Sloviansk' },
        reason: 'a depot',
      },
      { at: '2025-03-19T00:00:00Z', position: 5, stream: 'strike-sloviansk' },
    );
    expect(fold(applyAmendments([made, hit, correction])).violations).toEqual([]);
  });

  it('a correction of the strike’s time and precision changes the lifetime bounds', () => {
    const correction = ev(
      'EVENT_CORRECTED',
      {
        correctedEventId: 'sloviansk',
        occurredAt: '2025-03-18T16:40:00Z',
        occurredPrecision: 'MINUTE',
        reason: 'exact time',
      },
      { at: '2025-03-19T00:00:00Z', position: 5, stream: 'strike-sloviansk' },
    );
    const state = fold(applyAmendments([made, hit, correction]));
    expect(state.violations).toEqual([
      { eventId: 'sloviansk', basis: 'INFERRED', at: t('2025-03-18T16:40:00Z'), by: 'russia', precision: 'MINUTE' },
    ]);
    // made in [16:00, 17:00), strike in [16:40, 16:41): 0 to 41 min
    expect(viewAt(state, t('2025-03-19T00:00:00Z')).lifetime).toEqual({
      minSeconds: 0,
      maxSeconds: 41 * 60,
      text: '0-41m',
    });
  });
});

describe('pledge fold: late arrival', () => {
  const events = [
    made,
    violation({ at: '2025-03-19T00:00:00Z', precision: 'DAY', position: 2, id: 'report' }),
    strike('ukraine', { at: '2025-03-18T20:00:00Z', position: 3, id: 'ua-hit' }),
    // reported a week later, but it happened before the report
    strike('russia', { at: '2025-03-18T18:00:00Z', position: 9, id: 'ru-hit-late' }),
  ];

  it('a strike reported later with an earlier occurredAt is the first violation', () => {
    const state = fold(events);
    expect(state.violations.map((v) => [v.eventId, v.basis])).toEqual([
      ['ru-hit-late', 'INFERRED'],
      ['report', 'REPORTED'],
    ]);
    const view = viewAt(state, t('2025-03-20T00:00:00Z'));
    expect(view.brokenAt).toBe(t('2025-03-18T18:00:00Z'));
    expect(view.lifetime).toMatchObject({ minSeconds: 1 * HOUR, maxSeconds: 3 * HOUR });
    expect(state.position).toBe(9);
  });

  it('gives the same state in any input order as in valid-time order', () => {
    const inValidTimeOrder = [...events].sort((a, b) => a.occurredAt - b.occurredAt || a.position - b.position);
    const stepByStep = inValidTimeOrder.reduce<PledgeState | null>((s, e) => evolve(s, e, principals), null);
    for (const order of [
      events,
      [...events].reverse(),
      [events[3], events[1], events[0], events[2]],
      [events[2], events[3], events[1], events[0]],
    ]) {
      expect(foldPledge(order, principals)).toEqual(stepByStep);
    }
  });

  // Valid time, not arrival order: the demo pledge and strike share 16:00Z (HOUR); if the strike was
  // recorded first (lower position), the outcome must be the same as in the demo.
  it('the demo case gives BROKEN 0-1h also when the strike was recorded before the pledge', () => {
    const state = fold([
      strike('russia', { at: '2025-03-18T16:00:00Z', precision: 'HOUR', position: 1, id: 'sloviansk' }),
      pledge({ at: '2025-03-18T16:00:00Z', precision: 'HOUR', position: 2, id: 'pledge' }),
    ]);
    expect(state.violations.map((v) => v.eventId)).toEqual(['sloviansk']);
    expect(viewAt(state, t('2025-03-19T12:00:00Z'))).toMatchObject({
      state: 'BROKEN',
      lifetime: { minSeconds: 0, maxSeconds: 3600, text: '0-1h' },
    });
  });

  // A withdrawal in the pledge's stream, recorded after it, dated at DAY precision on the day of an
  // HOUR-precision pledge, sorts before the PLEDGE_MADE in valid time; the pledge is withdrawn all the same.
  it('a DAY-precision withdrawal on the day of an HOUR-precision pledge withdraws it', () => {
    const state = fold([
      made,
      withdrawal({ at: '2025-03-18T00:00:00Z', precision: 'DAY', position: 2, id: 'withdrawn' }),
    ]);
    expect(state.withdrawn?.eventId).toBe('withdrawn');
    expect(viewAt(state, t('2025-03-20T00:00:00Z')).state).toBe('WITHDRAWN');
  });
});

describe('pledge fold: FULFILLED and kept (second edition)', () => {
  // A promise to release prisoners (not broken by strikes).
  const release = pledge(
    { at: '2025-05-16T15:00:00Z', precision: 'HOUR', position: 1, id: 'pledge' },
    { durationDays: 30 },
    { action: 'RELEASE', targetCategory: undefined, text: 'Release 1,000 prisoners of war' },
  );
  const fulfilled = (by: string, opts: Opts) => ev('PLEDGE_FULFILLED', { by, text: 'released' }, opts);

  it('FULFILLED by a PLEDGE_FULFILLED of the pledger’s side: kept, lifetime made → fulfilled, later violations ignored', () => {
    const state = fold([
      release,
      fulfilled('kremlin', { at: '2025-05-25T12:00:00Z', precision: 'DAY', position: 2, id: 'done' }),
      violation({ at: '2025-05-26T00:00:00Z', position: 3, id: 'later' }),
    ]);
    const view = viewAt(state, t('2025-06-01T00:00:00Z'));
    expect(view).toMatchObject({
      state: 'FULFILLED',
      kept: true,
      fulfilledAt: t('2025-05-25T12:00:00Z'),
      brokenAt: null,
    });
    expect(view.violations).toEqual([]);
    // made [15:00, 16:00) on 16 May; fulfilled on 25 May (DAY): [25 May, 26 May)
    expect([view.lifetime.minSeconds, view.lifetime.maxSeconds]).toEqual([8 * DAY + 8 * HOUR, 9 * DAY + 9 * HOUR]);
    expect(viewAt(state, t('2025-05-20T00:00:00Z'))).toMatchObject({ state: 'HOLDING', kept: null, fulfilledAt: null });
  });

  it('a fulfilment by another side is ignored', () => {
    const view = viewAt(
      fold([release, fulfilled('zelensky', { at: '2025-05-25T00:00:00Z', position: 2, id: 'x' })]),
      t('2025-06-01T00:00:00Z'),
    );
    expect(view).toMatchObject({ state: 'HOLDING', kept: null });
  });

  it.each<[string, FoldEvent, string]>([
    ['a violation', violation({ at: '2025-05-20T00:00:00Z', position: 2, id: 'v' }), 'BROKEN'],
    ['a withdrawal', withdrawal({ at: '2025-05-20T00:00:00Z', position: 2, id: 'w' }), 'WITHDRAWN'],
  ])('after %s a fulfilment counts for nothing: kept is false', (_name, before, status) => {
    const view = viewAt(
      fold([release, before, fulfilled('putin', { at: '2025-05-25T00:00:00Z', position: 3, id: 'f' })]),
      t('2025-06-01T00:00:00Z'),
    );
    expect(view).toMatchObject({ state: status, kept: false, fulfilledAt: null });
  });

  it('EXPIRED unfulfilled: not kept (a fulfilment after the expiry counts for nothing)', () => {
    const view = viewAt(
      fold([release, fulfilled('putin', { at: '2025-06-20T00:00:00Z', position: 2, id: 'late' })]),
      t('2025-07-01T00:00:00Z'),
    );
    expect(view).toMatchObject({ state: 'EXPIRED', kept: false });
  });

  it('a promise to halt strikes is kept by lasting: EXPIRED unbroken is kept, a PLEDGE_FULFILLED changes nothing', () => {
    const state = fold([
      made,
      ev('PLEDGE_FULFILLED', { by: 'putin' }, { at: '2025-03-20T00:00:00Z', position: 2, id: 'f' }),
    ]);
    expect(viewAt(state, t('2025-03-25T00:00:00Z'))).toMatchObject({ state: 'HOLDING', kept: null });
    expect(viewAt(state, t('2025-05-01T00:00:00Z'))).toMatchObject({ state: 'EXPIRED', kept: true });
    const broken = fold([made, strike('russia', { at: '2025-03-18T16:30:00Z', position: 2, id: 'hit' })]);
    expect(viewAt(broken, t('2025-05-01T00:00:00Z'))).toMatchObject({ state: 'BROKEN', kept: false });
  });

  it('a reported violation counts only against the pledger’s side', () => {
    const wrongSide = ev(
      'VIOLATION_REPORTED',
      { violator: 'ukraine', reportedBy: 'kremlin' },
      { at: '2025-03-19T00:00:00Z', position: 2, id: 'v' },
    );
    expect(viewAt(fold([made, wrongSide]), t('2025-03-25T00:00:00Z'))).toMatchObject({
      state: 'HOLDING',
      violations: [],
    });
  });
});

describe('pledge fold: violation reports in time (second edition)', () => {
  // made [03-18 16:00, 17:00), valid [16:00, 04-17 16:00)
  const report = (data: Record<string, unknown>, opts: Opts, violator = 'russia', reportedBy = 'zelensky') =>
    ev('VIOLATION_REPORTED', { violator, reportedBy, ...data }, opts);
  /** The pledge as a query at `asOf` answers it: only the events that occurred by then are folded. */
  const asOf = (events: FoldEvent[], iso: string) => viewAt(fold(events.filter((e) => e.occurredAt <= t(iso))), t(iso));

  it.each<[string, string, string, string | null]>([
    ['before the pledge: no violation', '2025-03-10T00:00:00Z', '2025-03-18T16:00:00Z', null],
    [
      'straddling its start: broken from the start',
      '2025-03-18T12:00:00Z',
      '2025-03-18T20:00:00Z',
      '2025-03-18T16:00:00Z',
    ],
    ['inside: broken from the period’s start', '2025-03-25T00:00:00Z', '2025-03-26T00:00:00Z', '2025-03-25T00:00:00Z'],
    ['after its expiry: no violation', '2025-04-17T16:00:00Z', '2025-04-20T00:00:00Z', null],
  ])('a period %s', (_name, periodFrom, periodUntil, brokenAt) => {
    const view = viewAt(
      fold([made, report({ periodFrom, periodUntil }, { at: '2025-04-20T00:00:00Z', position: 2, id: 'r' })]),
      t('2025-04-21T00:00:00Z'),
    );
    expect(view.brokenAt).toBe(brokenAt === null ? null : t(brokenAt));
    expect(view.state).toBe(brokenAt === null ? 'EXPIRED' : 'BROKEN');
    expect(view.violationClaims).toEqual([
      { reportedBy: 'ukraine', accused: 'russia', reports: 1, claimed: 1, disputedReports: 0, inferred: 0 },
    ]);
  });

  it('the lifetime runs from the pledge to the violation’s period clipped to the window', () => {
    const view = viewAt(
      fold([
        made,
        report(
          { periodFrom: '2025-03-18T12:00:00Z', periodUntil: '2025-03-18T20:00:00Z', count: 3 },
          { at: '2025-03-19T00:00:00Z', precision: 'DAY', position: 2, id: 'r' },
        ),
      ]),
      t('2025-03-20T00:00:00Z'),
    );
    // broken in [16:00, 20:00), made in [16:00, 17:00): 0 to 4 h
    expect(view.lifetime).toMatchObject({ minSeconds: 0, maxSeconds: 4 * HOUR });
    expect(view.violations).toEqual([
      {
        eventId: 'r',
        basis: 'REPORTED',
        at: t('2025-03-18T16:00:00Z'),
        latest: t('2025-03-18T20:00:00Z'),
        by: 'russia',
        precision: 'DAY',
        count: 3,
        periodFrom: t('2025-03-18T12:00:00Z'),
        periodUntil: t('2025-03-18T20:00:00Z'),
        reportedBy: 'zelensky',
      },
    ]);
  });

  it('the first violation has the smallest at; the lifetime’s max uses the smallest latest bound among the violations', () => {
    const state = fold([
      made,
      report(
        { periodFrom: '2025-03-19T00:00:00Z', periodUntil: '2025-03-25T00:00:00Z' },
        { at: '2025-03-25T00:00:00Z', position: 3, id: 'week' },
      ),
      strike('russia', { at: '2025-03-20T10:00:00Z', position: 2, id: 'hit' }),
    ]);
    expect(state.violations.map((v) => v.eventId)).toEqual(['week', 'hit']);
    const view = viewAt(state, t('2025-03-26T00:00:00Z'));
    expect(view.brokenAt).toBe(t('2025-03-19T00:00:00Z'));
    // min: 03-19 00:00 − 03-18 17:00 = 7 h; max: the strike's 03-20 11:00 − 03-18 16:00 = 43 h
    expect(view.lifetime).toMatchObject({ minSeconds: 7 * HOUR, maxSeconds: 43 * HOUR });
    // the brief state keeps what the lifetime needs
    const brief = briefPledge(state);
    expect(viewAt(brief, t('2025-03-26T00:00:00Z')).lifetime).toEqual(view.lifetime);
    expect(brief.violations.map((v) => v.eventId)).toEqual(['week', 'hit']);
  });

  it('a late report about a withdrawn pledge breaks it after the fact, and only once it was made', () => {
    const events = [
      made,
      withdrawal({ at: '2025-03-25T00:00:00Z', precision: 'DAY', position: 2, id: 'withdrawn' }),
      report(
        { periodFrom: '2025-03-22T00:00:00Z', periodUntil: '2025-03-27T00:00:00Z' },
        { at: '2025-04-01T00:00:00Z', precision: 'DAY', position: 3, id: 'late' },
      ),
    ];
    expect(asOf(events, '2025-03-31T00:00:00Z')).toMatchObject({ state: 'WITHDRAWN', brokenAt: null, violations: [] });
    const after = asOf(events, '2025-04-02T00:00:00Z');
    expect(after).toMatchObject({ state: 'BROKEN', brokenAt: t('2025-03-22T00:00:00Z'), kept: false });
    // clipped to the withdrawal: broken in [03-22, 03-25)
    expect(after.violations[0]).toMatchObject({ at: t('2025-03-22T00:00:00Z'), latest: t('2025-03-25T00:00:00Z') });
    expect(after.lifetime).toMatchObject({ minSeconds: 3 * DAY + 7 * HOUR, maxSeconds: 6 * DAY + 8 * HOUR });
  });

  it('a report without a period reads as in the first edition', () => {
    const state = fold([made, report({}, { at: '2025-03-19T14:30:00Z', precision: 'DAY', position: 2, id: 'r' })]);
    expect(state.violations).toEqual([
      { eventId: 'r', basis: 'REPORTED', at: t('2025-03-19T14:30:00Z'), by: 'russia', precision: 'DAY' },
    ]);
    const view = viewAt(state, t('2025-03-20T00:00:00Z'));
    expect(view.brokenAt).toBe(t('2025-03-19T14:30:00Z'));
    expect(view.lifetime).toMatchObject({ minSeconds: 7 * HOUR, maxSeconds: 32 * HOUR });
    expect(view.violations[0]).toMatchObject({
      count: 1,
      periodFrom: t('2025-03-19T00:00:00Z'),
      periodUntil: t('2025-03-20T00:00:00Z'),
      reportedBy: 'zelensky',
    });
  });

  it('tallies: only the pledger’s side is broken, every report is counted; inferred strikes, counts, disputes', () => {
    const events = [
      made,
      strike('russia', { at: '2025-03-18T16:30:00Z', position: 2, id: 'hit' }),
      report({ count: 4 }, { at: '2025-03-20T00:00:00Z', position: 3, id: 'kyiv' }),
      report({}, { at: '2025-03-20T01:00:00Z', position: 4, id: 'moscow' }, 'ukraine', 'kremlin'),
      ev(
        'CLAIM_DISPUTED',
        { disputedEventId: 'kyiv', by: 'putin', text: 'a provocation' },
        { stream: 'statement-putin', at: '2025-03-21T00:00:00Z', position: 5, id: 'd1' },
      ),
      ev(
        'CLAIM_DISPUTED',
        { disputedEventId: 'moscow', by: 'putin', text: 'own side' },
        { stream: 'statement-putin-2', at: '2025-03-21T00:00:00Z', position: 6, id: 'd2' },
      ),
    ];
    const view = viewAt(fold(events), t('2025-03-22T00:00:00Z'));
    expect(view.violations.map((v) => v.eventId)).toEqual(['hit', 'kyiv']);
    expect(view.violationClaims).toEqual([
      { reportedBy: 'ukraine', accused: 'russia', reports: 1, claimed: 4, disputedReports: 1, inferred: 1 },
      { reportedBy: 'russia', accused: 'ukraine', reports: 1, claimed: 1, disputedReports: 0, inferred: 0 },
    ]);
    // before any report: the inferred violation alone, with no reporting side
    expect(asOf(events, '2025-03-19T00:00:00Z').violationClaims).toEqual([
      { reportedBy: null, accused: 'russia', reports: 0, claimed: 0, disputedReports: 0, inferred: 1 },
    ]);
    // a cumulative report without periodFrom covers from validFrom
    const total = report({ count: 10, cumulative: true }, { at: '2025-03-24T00:00:00Z', position: 7, id: 'total' });
    const withTotal = viewAt(fold([...events, total]), t('2025-03-25T00:00:00Z'));
    expect(withTotal.violationClaims[0]).toMatchObject({ reports: 2, claimed: 10, disputedReports: 1 });
    expect(withTotal.violations.find((v) => v.eventId === 'total')).toMatchObject({
      at: t('2025-03-18T16:00:00Z'),
      periodFrom: t('2025-03-18T16:00:00Z'),
    });
  });

  it('gives the same state in any input order, and the tallies survive the brief state', () => {
    const events = [
      made,
      report(
        { periodFrom: '2025-03-19T00:00:00Z', periodUntil: '2025-03-25T00:00:00Z', count: 9 },
        { at: '2025-03-25T00:00:00Z', position: 2, id: 'week' },
      ),
      strike('russia', { at: '2025-03-20T10:00:00Z', position: 3, id: 'hit' }),
      strike('kremlin', { at: '2025-03-21T10:00:00Z', position: 4, id: 'hit-2' }),
    ];
    const state = fold(events);
    expect(foldPledge([...events].reverse(), principals)).toEqual(state);
    const at = t('2025-03-26T00:00:00Z');
    expect(viewAt(briefPledge(state), at).violationClaims).toEqual(viewAt(state, at).violationClaims);
    expect(viewAt(state, at).violationClaims).toEqual([
      { reportedBy: 'ukraine', accused: 'russia', reports: 1, claimed: 9, disputedReports: 0, inferred: 2 },
    ]);
  });
});
