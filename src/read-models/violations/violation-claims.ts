/**
 * Violation reports in time, and the tallies of what each side claims against the other
 * (docs/event-catalogue.md, second edition: "Violation reports and time", "Precedence, edge cases
 * and order", and the violation tallies of the claims ledger). Shared by the ceasefire and pledge
 * folds. Pure.
 *
 * A VIOLATION_REPORTED is made at its occurredAt; the violations it claims happened within
 * [periodFrom, periodUntil). A report that states neither (nor is cumulative) is the first
 * edition's: it counts when its occurredAt is inside the subject's window and is dated by it, its
 * bounds being occurredAt's precision interval. A report that states a period counts when the
 * period overlaps the window, and its violation is the period clipped to the window.
 */
import { type FoldEventOf, type Principals, principalOf, timeBounds } from '../fold-event.js';
import { type DisputeRecord, claimStatus, toDispute } from '../claims/claim-status.js';
import type { ViolationRecord } from './violation.js';

/** A subject's window of violations: [from, until), until null when open-ended. */
export interface ViolationWindow {
  from: number;
  until: number | null;
}

/** A VIOLATION_REPORTED of a subject's stream as a claim: what the tallies count, whatever its violator. */
export interface ReportClaim {
  eventId: string;
  /** the reporting actor, and its side (principal) */
  reportedBy: string;
  reporterSide: string;
  /** the violator's side (principal) */
  accusedSide: string;
  /** how many violations it claims (default 1) */
  count: number;
  /** its period, defaults applied (a cumulative report without periodFrom: from the subject's window start), epoch ms */
  periodFrom: number;
  periodUntil: number;
  cumulative: boolean;
  /** when it was made (its occurredAt as folded), epoch ms */
  madeAt: number;
}

/** A CLAIM_DISPUTED naming an event of the subject's stream, with the disputer's side as the fold's principals gave it. */
export interface ClaimDispute extends DisputeRecord {
  disputedEventId: string;
  side: string;
}

/** One row of the tallies: what one side claims against another (contract: ViolationClaimTally). */
export interface ViolationClaimTally {
  /** the reporting side; null on a row of inferred violations alone */
  reportedBy: string | null;
  accused: string;
  reports: number;
  claimed: number;
  disputedReports: number;
  inferred: number;
}

type Report = FoldEventOf<'VIOLATION_REPORTED'>;

/**
 * A report's period: as stated, each bound defaulting to occurredAt's precision interval; a
 * cumulative report without periodFrom covers from `coverFrom` (the subject's window start).
 * `stated` is false for a first-edition report (no period, not cumulative).
 */
export function reportPeriod(
  report: Report,
  coverFrom: number | null,
): { from: number; until: number; stated: boolean } {
  const d = report.data;
  const bounds = timeBounds(report.occurredAt, report.precision);
  const covering = d.cumulative === true && d.periodFrom === undefined && coverFrom !== null;
  const from = d.periodFrom !== undefined ? Date.parse(d.periodFrom) : covering ? coverFrom : bounds.earliest;
  const until = d.periodUntil !== undefined ? Date.parse(d.periodUntil) : bounds.latest;
  const stated = d.periodFrom !== undefined || d.periodUntil !== undefined || covering;
  return { from, until: Math.max(from, until), stated };
}

export function reportClaim(report: Report, principals: Principals, coverFrom: number | null): ReportClaim {
  const d = report.data;
  const period = reportPeriod(report, coverFrom);
  return {
    eventId: report.id,
    reportedBy: d.reportedBy,
    reporterSide: principalOf(principals, d.reportedBy),
    accusedSide: principalOf(principals, d.violator),
    count: d.count ?? 1,
    periodFrom: period.from,
    periodUntil: period.until,
    cumulative: d.cumulative === true,
    madeAt: report.occurredAt,
  };
}

/**
 * The violation a report records for a subject with this window (null: none, as a ceasefire before
 * it is agreed), once the caller has found its violator on a bound side; null when it does not count.
 * A first-edition report counts when its occurredAt is inside the window, dated by it. A report with
 * a period counts when the period overlaps the window (half-open; a period of one instant, when the
 * instant is inside), dated by the period's start clipped to the window, its latest moment by the
 * period's end clipped likewise: a report made after the window ended, about violations inside it, counts.
 */
export function reportedViolation(report: Report, window: ViolationWindow | null): ViolationRecord | null {
  if (window === null) return null;
  const until = window.until ?? Number.POSITIVE_INFINITY;
  const base = {
    eventId: report.id,
    basis: 'REPORTED' as const,
    by: report.data.violator,
    precision: report.precision,
  };
  const period = reportPeriod(report, window.from);
  if (!period.stated) {
    const t = report.occurredAt;
    return t >= window.from && t < until ? { ...base, at: t } : null;
  }
  const overlaps = period.from < until && (period.from >= window.from || period.until > window.from);
  if (!overlaps) return null;
  const at = Math.max(period.from, window.from);
  return { ...base, at, latest: Math.max(at, Math.min(period.until, until)) };
}

/** The dispute a CLAIM_DISPUTED records, with the disputed event and the disputer's side. */
export function claimDispute(event: FoldEventOf<'CLAIM_DISPUTED'>, principals: Principals): ClaimDispute {
  return {
    ...toDispute(event),
    disputedEventId: event.data.disputedEventId,
    side: principalOf(principals, event.data.by),
  };
}

/** Whether a report stands DISPUTED (claims/claim-status.ts) by these disputes of it. */
function disputed(claim: ReportClaim, made: readonly ClaimDispute[]): boolean {
  if (made.length === 0) return false;
  // The sides as the fold's principals gave them.
  const sides: Principals = Object.fromEntries<string>([
    [claim.reportedBy, claim.reporterSide],
    ...made.map((d): [string, string] => [d.by, d.side]),
  ]);
  return claimStatus(claim.reportedBy, made, false, sides) === 'DISPUTED';
}

/**
 * What each side claims against each other side, from the reports made by `at` (in fold order),
 * the disputes made by then (whatever their order), and the violations inferred from strikes
 * (`inferred`: by accused side). `claimed` sums the
 * counts, except that a cumulative report replaces the counts of the same pair's reports made
 * before it whose periods start at or after its own (488, then 5,026, then 9,318 is 9,318). Rows by
 * accused side, then reporting side (the row of inferred violations alone last).
 */
export function claimTallies(
  claims: readonly ReportClaim[],
  disputes: readonly ClaimDispute[],
  inferred: Readonly<Record<string, number>>,
  at: number,
): ViolationClaimTally[] {
  const disputesOf = new Map<string, ClaimDispute[]>();
  for (const dispute of disputes) {
    if (dispute.at > at) continue;
    const of = disputesOf.get(dispute.disputedEventId);
    if (of) of.push(dispute);
    else disputesOf.set(dispute.disputedEventId, [dispute]);
  }
  const pairs = new Map<string, ReportClaim[]>();
  for (const claim of claims) {
    if (claim.madeAt > at) continue;
    const key = JSON.stringify([claim.accusedSide, claim.reporterSide]);
    const pair = pairs.get(key);
    if (pair) pair.push(claim);
    else pairs.set(key, [claim]);
  }
  const rows: ViolationClaimTally[] = [];
  for (const pair of pairs.values()) {
    // Backwards: a report survives unless a later cumulative one of the pair starts at or before its start.
    let claimed = 0;
    let cover = Number.POSITIVE_INFINITY;
    for (let i = pair.length - 1; i >= 0; i--) {
      const claim = pair[i];
      if (claim.periodFrom < cover) claimed += claim.count;
      if (claim.cumulative) cover = Math.min(cover, claim.periodFrom);
    }
    const accused = pair[0].accusedSide;
    rows.push({
      reportedBy: pair[0].reporterSide,
      accused,
      reports: pair.length,
      claimed,
      disputedReports: pair.filter((c) => disputed(c, disputesOf.get(c.eventId) ?? [])).length,
      inferred: inferred[accused] ?? 0,
    });
  }
  for (const [accused, n] of Object.entries(inferred)) {
    if (n > 0 && !rows.some((r) => r.accused === accused)) {
      rows.push({ reportedBy: null, accused, reports: 0, claimed: 0, disputedReports: 0, inferred: n });
    }
  }
  return rows.sort(
    (a, b) =>
      compare(a.accused, b.accused) ||
      (a.reportedBy === null ? 1 : 0) - (b.reportedBy === null ? 1 : 0) ||
      compare(a.reportedBy ?? '', b.reportedBy ?? ''),
  );
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** The inferred violations by accused side, with one more against `side`. */
export function withInferred(inferred: Readonly<Record<string, number>>, side: string): Record<string, number> {
  return { ...inferred, [side]: (inferred[side] ?? 0) + 1 };
}
