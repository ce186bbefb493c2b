import { claimText, disputedPart, violationTally, type TallyRow } from './violation-tally.js';

const russia = { id: 'russia', name: 'Russia' };
const ukraine = { id: 'ukraine', name: 'Ukraine' };
const us = { id: 'us', name: 'United States' };

const row = (over: Partial<TallyRow>): TallyRow => ({
  reportedBy: ukraine,
  accused: russia,
  reports: 1,
  claimed: 1,
  disputedReports: 0,
  inferred: 0,
  ...over,
});

// The Easter truce of April 2025: Kyiv's running totals (the last 2,935, disputed), Moscow's 1,000.
const easter = [
  row({ reportedBy: ukraine, accused: russia, reports: 2, claimed: 2935, disputedReports: 1 }),
  row({ reportedBy: russia, accused: ukraine, reports: 1, claimed: 1000 }),
];

describe('disputedPart', () => {
  it('is the claimed count in the share of disputed reports, rounded', () => {
    expect(disputedPart({ claimed: 2935, reports: 2, disputedReports: 1 })).toBe(1468);
    expect(disputedPart({ claimed: 10, reports: 3, disputedReports: 1 })).toBe(3);
    expect(disputedPart({ claimed: 10, reports: 3, disputedReports: 3 })).toBe(10);
  });

  it('is nothing without a disputed report, and never more than the claimed count', () => {
    expect(disputedPart({ claimed: 500, reports: 2, disputedReports: 0 })).toBe(0);
    expect(disputedPart({ claimed: 0, reports: 0, disputedReports: 0 })).toBe(0);
    expect(disputedPart({ claimed: 7, reports: 1, disputedReports: 2 })).toBe(7);
  });
});

describe('claimText', () => {
  it('says who claims how many by whom, and how many of its reports are disputed', () => {
    const kyiv = { reportedBy: ukraine, accused: russia, reports: 2, claimed: 2935, disputedReports: 1 };
    const moscow = { reportedBy: russia, accused: ukraine, reports: 1, claimed: 1000, disputedReports: 0 };
    expect(claimText(kyiv)).toBe('Ukraine claims 2,935 violations by Russia (1 of 2 reports disputed)');
    expect(claimText(moscow)).toBe('Russia claims 1,000 violations by Ukraine');
    expect(claimText({ ...moscow, claimed: 1, disputedReports: 1 })).toBe(
      'Russia claims 1 violation by Ukraine (1 of 1 report disputed)',
    );
  });
});

describe('violationTally', () => {
  it('draws one side per accused side, on a scale shared by the two, with the disputed part shaded', () => {
    const tally = violationTally(easter);
    expect(tally.hasBar).toBe(true);
    expect(tally.drawn.map((s) => [s.accused.id, s.claimed, s.disputed, s.share])).toEqual([
      ['russia', 2935, 1468, 1],
      ['ukraine', 1000, 0, 1000 / 2935],
    ]);
    expect(tally.drawn[0].disputedShare).toBeCloseTo(1468 / 2935);
    expect(tally.drawn[1].disputedShare).toBe(0);
    expect(tally.drawn.map((s) => s.label)).toEqual([
      'Against Russia: 2,935 (about 1,468 in disputed reports)',
      'Against Ukraine: 1,000',
    ]);
    expect(tally.text).toBe(
      'Ukraine claims 2,935 violations by Russia (1 of 2 reports disputed) · Russia claims 1,000 violations by Ukraine',
    );
    expect(tally.note).toMatch(/share of its reports that are disputed/);
  });

  it('adds up the claims of several sides against one, each written apart', () => {
    const tally = violationTally([
      row({ reportedBy: ukraine, accused: russia, reports: 4, claimed: 100, disputedReports: 1 }),
      row({ reportedBy: us, accused: russia, reports: 1, claimed: 20, disputedReports: 1 }),
    ]);
    expect(tally.drawn).toHaveLength(1);
    expect(tally.drawn[0]).toMatchObject({ claimed: 120, disputed: 45, share: 1 });
    expect(tally.drawn[0].claims.map((c) => c.text)).toEqual([
      'Ukraine claims 100 violations by Russia (1 of 4 reports disputed)',
      'United States claims 20 violations by Russia (1 of 1 report disputed)',
    ]);
  });

  it('writes inferred violations without drawing them; a row of inferred violations alone claims nothing', () => {
    const tally = violationTally([
      row({ reportedBy: ukraine, accused: russia, claimed: 3, reports: 1, inferred: 2 }),
      row({ reportedBy: null, accused: ukraine, reports: 0, claimed: 0, inferred: 1 }),
    ]);
    expect(tally.drawn.map((s) => [s.accused.id, s.claimed, s.share, s.inferred, s.claims.length])).toEqual([
      ['russia', 3, 1, 2, 1],
      ['ukraine', 0, 0, 1, 0],
    ]);
    expect(tally.text).toBe(
      'Ukraine claims 3 violations by Russia · 2 violations by Russia inferred from its strikes · ' +
        '1 violation by Ukraine inferred from its strikes',
    );
  });

  it('has no bar when nothing is claimed, and nothing at all without rows', () => {
    const inferredOnly = violationTally([row({ reportedBy: null, reports: 0, claimed: 0, inferred: 4 })]);
    expect(inferredOnly.hasBar).toBe(false);
    expect(inferredOnly.text).toBe('4 violations by Russia inferred from its strikes');
    expect(violationTally([])).toMatchObject({ hasBar: false, drawn: [], sides: [], text: '' });
  });

  it('draws two sides at most; a third accused side is written', () => {
    const tally = violationTally([
      ...easter,
      row({ reportedBy: russia, accused: { id: 'x', name: 'X' }, claimed: 5000, reports: 1 }),
    ]);
    expect(tally.sides).toHaveLength(3);
    expect(tally.drawn.map((s) => s.accused.id)).toEqual(['russia', 'ukraine']);
    expect(tally.text).toContain('Russia claims 5,000 violations by X');
  });
});
