/**
 * A truce's violation tallies as a small two-sided bar, pure (no DOM): the API's rows (what each
 * side claims against another, `violationClaims`) grouped by accused side, one side of the bar
 * each, pointing out from the middle, its length the violations claimed against that side on a
 * scale shared by the two; the part claimed in disputed reports shaded; and every number in words.
 *
 * The API counts disputed reports, not disputed violations: the disputed part of a row is
 * approximated by the share of its reports that are disputed (claimed × disputedReports ÷ reports,
 * rounded), summed over the rows against a side. Inferred violations (from the accused side's
 * strikes) are no one's claim: they are written, not drawn.
 */
import type { Ceasefire } from './types.js';

export type TallyRow = Ceasefire['violationClaims'][number];

interface Named {
  id: string;
  name: string;
}

/** One reporting side's claim against the accused side, in words and numbers. */
export interface TallyClaim {
  reportedBy: Named;
  accused: Named;
  reports: number;
  claimed: number;
  disputedReports: number;
  /** The violations of its disputed reports, approximated (see above). */
  disputed: number;
  /** "Ukraine claims 2,935 violations by Russia (1 of 2 reports disputed)" */
  text: string;
}

/** One side of the bar: the violations claimed against one accused side. */
export interface TallySide {
  accused: Named;
  claimed: number;
  /** The part of `claimed` in disputed reports, approximated; never more than `claimed`. */
  disputed: number;
  inferred: number;
  /** The side's length and its shaded part, as shares (0 to 1) of the longer side. */
  share: number;
  disputedShare: number;
  /** "Against Russia: 2,935 (about 1,468 in disputed reports)" */
  label: string;
  claims: TallyClaim[];
  /** "3 violations by Russia inferred from its strikes", or null. */
  inferredText: string | null;
}

export interface Tally {
  /** The sides drawn, left then right (at most two; a third accused side is written only). */
  drawn: TallySide[];
  /** Every side, in the API's order (by accused side). */
  sides: TallySide[];
  /** Whether there is anything to draw (some violation claimed). */
  hasBar: boolean;
  /** Every claim and every inferred count in words, joined with " · ". */
  text: string;
  /** How the shaded part is computed, for a tooltip. */
  note: string;
}

const count = (n: number) => n.toLocaleString('en');
const plural = (n: number, one: string, many = `${one}s`) => `${count(n)} ${n === 1 ? one : many}`;

/** The violations of a row's disputed reports: its claimed count in the share of its reports that are disputed. */
export function disputedPart(row: Pick<TallyRow, 'claimed' | 'reports' | 'disputedReports'>): number {
  if (row.reports <= 0 || row.disputedReports <= 0) return 0;
  return Math.min(row.claimed, Math.round((row.claimed * Math.min(row.disputedReports, row.reports)) / row.reports));
}

export function claimText(
  row: Pick<TallyRow, 'claimed' | 'reports' | 'disputedReports'> & {
    reportedBy: Named;
    accused: Named;
  },
): string {
  const base = `${row.reportedBy.name} claims ${plural(row.claimed, 'violation')} by ${row.accused.name}`;
  if (!row.disputedReports) return base;
  return `${base} (${count(row.disputedReports)} of ${plural(row.reports, 'report')} disputed)`;
}

export const TALLY_NOTE =
  'Hatched: the violations claimed in disputed reports, estimated as the claimed count times the share of its reports that are disputed.';

export function violationTally(rows: readonly TallyRow[]): Tally {
  const byAccused = new Map<string, { accused: Named; rows: TallyRow[] }>();
  for (const row of rows) {
    const group = byAccused.get(row.accused.id) ?? { accused: row.accused, rows: [] };
    group.rows.push(row);
    byAccused.set(row.accused.id, group);
  }
  const sides = [...byAccused.values()].map(({ accused, rows: against }) => {
    const claims: TallyClaim[] = against.flatMap((row) =>
      row.reportedBy && row.reports > 0
        ? [
            {
              reportedBy: row.reportedBy,
              accused,
              reports: row.reports,
              claimed: row.claimed,
              disputedReports: row.disputedReports,
              disputed: disputedPart(row),
              text: claimText({ ...row, reportedBy: row.reportedBy }),
            },
          ]
        : [],
    );
    const claimed = claims.reduce((sum, c) => sum + c.claimed, 0);
    const disputed = claims.reduce((sum, c) => sum + c.disputed, 0);
    // Every row against a side carries the same inferred count.
    const inferred = Math.max(0, ...against.map((row) => row.inferred));
    return {
      accused,
      claimed,
      disputed,
      inferred,
      share: 0,
      disputedShare: 0,
      label: `Against ${accused.name}: ${count(claimed)}${disputed ? ` (about ${count(disputed)} in disputed reports)` : ''}`,
      claims,
      inferredText: inferred ? `${plural(inferred, 'violation')} by ${accused.name} inferred from its strikes` : null,
    };
  });
  const longest = Math.max(0, ...sides.map((s) => s.claimed));
  for (const side of sides) {
    side.share = longest ? side.claimed / longest : 0;
    side.disputedShare = longest ? side.disputed / longest : 0;
  }
  const words = sides.flatMap((s) => [...s.claims.map((c) => c.text), ...(s.inferredText ? [s.inferredText] : [])]);
  return {
    drawn: sides.slice(0, 2),
    sides,
    hasBar: longest > 0,
    text: words.join(' · '),
    note: TALLY_NOTE,
  };
}
