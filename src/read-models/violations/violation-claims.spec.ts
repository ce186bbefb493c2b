import { PRINCIPALS, foldEventBuilder, t } from '../../../test/support/fold-events.js';
import type { FoldEventOf } from '../fold-event.js';
import { type ReportClaim, claimTallies, reportClaim, reportPeriod, reportedViolation } from './violation-claims.js';

const ev = foldEventBuilder('agreement-easter-truce');
const report = (data: Record<string, unknown>, at: string, precision: 'HOUR' | 'DAY' = 'HOUR') =>
  ev(
    'VIOLATION_REPORTED',
    { violator: 'russia', reportedBy: 'zelensky', ...data },
    { at, precision, id: 'r' },
  ) as FoldEventOf<'VIOLATION_REPORTED'>;
const window = { from: t('2025-04-19T15:00:00Z'), until: t('2025-04-20T21:00:00Z') };

describe('reportPeriod', () => {
  it('defaults each bound to the report’s precision interval; a report with neither is the first edition’s', () => {
    expect(reportPeriod(report({}, '2025-04-20T14:30:00Z', 'DAY'), window.from)).toEqual({
      from: t('2025-04-20T00:00:00Z'),
      until: t('2025-04-21T00:00:00Z'),
      stated: false,
    });
    expect(reportPeriod(report({ periodUntil: '2025-04-20T06:00:00Z' }, '2025-04-20T14:30:00Z', 'DAY'), null)).toEqual({
      from: t('2025-04-20T00:00:00Z'),
      until: t('2025-04-20T06:00:00Z'),
      stated: true,
    });
  });

  it('a cumulative report without periodFrom covers from the window’s start', () => {
    expect(reportPeriod(report({ cumulative: true }, '2025-04-20T14:00:00Z'), window.from)).toMatchObject({
      from: window.from,
      until: t('2025-04-20T15:00:00Z'),
      stated: true,
    });
  });
});

describe('reportedViolation', () => {
  it('an instant inside the window is a violation at that instant; one at its end is not', () => {
    const instant = (iso: string) => report({ periodFrom: iso, periodUntil: iso }, '2025-04-22T00:00:00Z');
    expect(reportedViolation(instant('2025-04-20T03:00:00Z'), window)).toMatchObject({
      at: t('2025-04-20T03:00:00Z'),
      latest: t('2025-04-20T03:00:00Z'),
    });
    expect(reportedViolation(instant('2025-04-20T21:00:00Z'), window)).toBeNull();
    expect(reportedViolation(instant('2025-04-19T15:00:00Z'), window)).not.toBeNull();
  });

  it('no window (a ceasefire not yet agreed), no violation', () => {
    expect(reportedViolation(report({}, '2025-04-20T03:00:00Z'), null)).toBeNull();
  });

  it('an open-ended window takes every period that ends after its start', () => {
    const late = report(
      { periodFrom: '2025-06-01T00:00:00Z', periodUntil: '2025-06-02T00:00:00Z' },
      '2025-06-02T00:00:00Z',
    );
    expect(reportedViolation(late, { from: window.from, until: null })).toMatchObject({
      at: t('2025-06-01T00:00:00Z'),
      latest: t('2025-06-02T00:00:00Z'),
    });
  });
});

describe('claimTallies', () => {
  let n = 0;
  const claim = (c: Partial<ReportClaim>): ReportClaim => ({
    eventId: `c-${++n}`,
    reportedBy: 'zelensky',
    reporterSide: 'ukraine',
    accusedSide: 'russia',
    count: 1,
    periodFrom: t('2025-04-19T15:00:00Z'),
    periodUntil: t('2025-04-20T21:00:00Z'),
    cumulative: false,
    madeAt: t('2025-04-20T00:00:00Z'),
    ...c,
  });

  it('a cumulative report replaces only the reports before it that start at or after its start; a later, wider one replaces it too', () => {
    const day1 = t('2025-04-19T15:00:00Z');
    const day2 = t('2025-04-20T00:00:00Z');
    const claims = [
      claim({ count: 10, periodFrom: day1 }),
      claim({ count: 20, periodFrom: day2, cumulative: true }),
      claim({ count: 5, periodFrom: day2 }),
    ];
    // 10 starts before the running total's start: kept
    expect(claimTallies(claims, [], {}, Infinity)[0].claimed).toBe(35);
    const wider = [...claims, claim({ count: 40, periodFrom: day1, cumulative: true })];
    expect(claimTallies(wider, [], {}, Infinity)[0]).toMatchObject({ reports: 4, claimed: 40 });
  });

  it('rows by accused side, then reporting side, the row without a reporting side last; only reports made by the moment', () => {
    const claims = [
      claim({ reporterSide: 'us', reportedBy: 'trump' }),
      claim({}),
      claim({ accusedSide: 'ukraine', reporterSide: 'russia', reportedBy: 'kremlin' }),
      claim({ madeAt: t('2025-05-01T00:00:00Z') }),
    ];
    const rows = claimTallies(claims, [], { russia: 3, us: 1 }, t('2025-04-21T00:00:00Z'));
    expect(rows.map((r) => [r.accused, r.reportedBy, r.reports, r.inferred])).toEqual([
      ['russia', 'ukraine', 1, 3],
      ['russia', 'us', 1, 3],
      ['ukraine', 'russia', 1, 0],
      ['us', null, 0, 1],
    ]);
  });

  it('a report is disputed by a dispute of another side made by the moment (claims/claim-status.ts)', () => {
    const made = claim({});
    const reported = reportClaim(report({ count: 3 }, '2025-04-20T12:00:00Z'), PRINCIPALS, window.from);
    expect(reported).toMatchObject({ reporterSide: 'ukraine', accusedSide: 'russia', count: 3 });
    const dispute = (by: string, side: string, at: string) => ({
      by,
      side,
      at: t(at),
      text: 'no',
      eventId: `d-${by}`,
      position: 9,
      disputedEventId: made.eventId,
    });
    const rows = (at: string) =>
      claimTallies(
        [made],
        [dispute('zelensky', 'ukraine', '2025-04-21T00:00:00Z'), dispute('putin', 'russia', '2025-04-22T00:00:00Z')],
        {},
        t(at),
      )[0].disputedReports;
    expect(rows('2025-04-21T12:00:00Z')).toBe(0);
    expect(rows('2025-04-22T12:00:00Z')).toBe(1);
  });
});
