/** A violation of a ceasefire or a pledge, as the folds record it (pure data). */
import type { TimePrecision } from '../../events/catalogue/event-types.js';
import { timeBounds } from '../fold-event.js';
import type { ReportClaim } from './violation-claims.js';

export interface ViolationRecord {
  eventId: string;
  basis: 'REPORTED' | 'INFERRED';
  /** epoch milliseconds: when it happened (a report with a period: the period's start clipped to the subject's window) */
  at: number;
  /** the violating actor */
  by: string;
  precision: TimePrecision;
  /**
   * Only for a report that states its period (or a cumulative one): the latest moment the violation
   * can have happened, the period's end clipped to the window. Otherwise it happened within the
   * precision interval of `at`, as in the first edition.
   */
  latest?: number;
}

/** Violations in time order (by `at`); a stable sort keeps the fold order of those at the same moment. */
export const earlierViolation = (a: ViolationRecord, b: ViolationRecord): number => a.at - b.at;

/** The violation with the smallest `at` (the first of them at that moment): the one that broke the subject. */
export function earliestViolation(violations: readonly ViolationRecord[]): ViolationRecord | undefined {
  let first: ViolationRecord | undefined;
  for (const v of violations) if (first === undefined || v.at < first.at) first = v;
  return first;
}

/** The interval a violation happened in: [earliest, latest). */
export function violationBounds(v: ViolationRecord): { earliest: number; latest: number } {
  return v.latest === undefined ? timeBounds(v.at, v.precision) : { earliest: v.at, latest: v.latest };
}

/** A violation as a view gives it: with the claim of its report (none for an inferred one). */
export interface ViolationView extends ViolationRecord {
  /** how many violations it stands for: the report's count, 1 for an inferred strike */
  count: number;
  /** the report's period as reported (defaults applied, not clipped); null for an inferred strike */
  periodFrom: number | null;
  periodUntil: number | null;
  /** the reporting actor; null for an inferred strike */
  reportedBy: string | null;
}

/**
 * The violations with their reports' claims. `claims` holds the reports of the subject's stream
 * (a brief state keeps them all); a report recorded before the claims were kept reads as its first-edition self.
 */
export function violationViews(
  violations: readonly ViolationRecord[],
  claims: readonly ReportClaim[],
): ViolationView[] {
  const byEvent = new Map(claims.map((c) => [c.eventId, c]));
  return violations.map((v) => {
    const claim = v.basis === 'REPORTED' ? byEvent.get(v.eventId) : undefined;
    if (claim) {
      return {
        ...v,
        count: claim.count,
        periodFrom: claim.periodFrom,
        periodUntil: claim.periodUntil,
        reportedBy: claim.reportedBy,
      };
    }
    return { ...v, count: 1, periodFrom: null, periodUntil: null, reportedBy: null };
  });
}
