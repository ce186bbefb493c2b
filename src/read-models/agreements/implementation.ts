/**
 * How far an agreement has been carried out, from its implementation reports (docs/event-catalogue.md,
 * "Read-model rules, second edition": Agreements, and "Precedence, edge cases and order"). Pure.
 *
 * - NOT_STARTED until the first report; IN_PROGRESS after it (`startedAt`: the earliest report);
 *   COMPLETED when a report says `complete: true`, or when the terms hold at least one quantity,
 *   every one with a count and none a minimum (`atLeast`), and the reports reach every count.
 * - A report's quantity counts toward an agreed one with the same `what` (case and spaces ignored)
 *   and the same sides `from` and `to` (by principal; absent matches absent only).
 * - Reports of the same `stage` (case and spaces ignored) count once: for each quantity the largest
 *   count among them (both sides often report the same stage). Reports without a stage each count.
 */
import type { Quantity, Terms, TimePrecision } from '../../events/catalogue/event-types.js';
import { type FoldEventOf, type Principals, principalOf } from '../fold-event.js';

export type ImplementationStatus = 'NOT_STARTED' | 'IN_PROGRESS' | 'COMPLETED';

/** A quantity with the sides (principals) of its `from` and `to`, which is how quantities are matched. */
export interface SidedQuantity extends Quantity {
  fromSide: string | null;
  toSide: string | null;
}

export interface ImplementationReport {
  eventId: string;
  position: number;
  /** when the stage was carried out (its occurredAt) */
  at: number;
  precision: TimePrecision;
  reportedBy: string;
  party: string | null;
  stage: string | null;
  quantities: SidedQuantity[];
  complete: boolean;
  text: string;
}

export interface QuantityProgress {
  what: string;
  from: string | null;
  to: string | null;
  /** null: all of them (open-ended) */
  agreed: number | null;
  atLeast: boolean;
  reported: number;
}

export interface Implementation {
  status: ImplementationStatus;
  startedAt: number | null;
  completedAt: number | null;
  progress: QuantityProgress[];
  reports: ImplementationReport[];
}

/** `what`, a stage: matched with case and every space ignored. */
export function matchKey(text: string): string {
  return text.replace(/\s+/g, '').toLowerCase();
}

function sided(quantity: Quantity, principals: Principals): SidedQuantity {
  return {
    ...quantity,
    fromSide: quantity.from === undefined ? null : principalOf(principals, quantity.from),
    toSide: quantity.to === undefined ? null : principalOf(principals, quantity.to),
  };
}

export function sidedQuantities(terms: Terms, principals: Principals): SidedQuantity[] {
  return (terms.quantities ?? []).map((q) => sided(q, principals));
}

export function toReport(event: FoldEventOf<'IMPLEMENTATION_REPORTED'>, principals: Principals): ImplementationReport {
  const d = event.data;
  return {
    eventId: event.id,
    position: event.position,
    at: event.occurredAt,
    precision: event.precision,
    reportedBy: d.reportedBy,
    party: d.party ?? null,
    stage: d.stage ?? null,
    quantities: (d.quantities ?? []).map((q) => sided(q, principals)),
    complete: d.complete === true,
    text: d.text,
  };
}

const quantityKey = (q: SidedQuantity): string => `${matchKey(q.what)}\u0000${q.fromSide ?? ''}\u0000${q.toSide ?? ''}`;

/** Running totals per quantity key, with a stage's reports counted once (their largest count). */
class Tally {
  private readonly byGroup = new Map<string, Map<string, number>>();
  readonly totals = new Map<string, number>();

  add(report: ImplementationReport): void {
    const group = report.stage === null ? `report:${report.eventId}` : `stage:${matchKey(report.stage)}`;
    let largest = this.byGroup.get(group);
    if (!largest) {
      largest = new Map<string, number>();
      this.byGroup.set(group, largest);
    }
    for (const q of report.quantities) {
      const key = quantityKey(q);
      const before = largest.get(key) ?? 0;
      const count = q.count ?? 0;
      if (count <= before) continue;
      largest.set(key, count);
      this.totals.set(key, (this.totals.get(key) ?? 0) + count - before);
    }
  }

  reported(q: SidedQuantity): number {
    return this.totals.get(quantityKey(q)) ?? 0;
  }
}

/** Whether the agreed quantities are all counted, none a minimum, and all reached. */
function reachedAll(agreed: readonly SidedQuantity[], tally: Tally): boolean {
  return (
    agreed.length > 0 &&
    agreed.every((q) => q.count !== undefined && q.atLeast !== true && tally.reported(q) >= q.count)
  );
}

/** The implementation from the reports (valid-time order) made so far. */
export function implementationAt(
  agreed: readonly SidedQuantity[],
  reports: readonly ImplementationReport[],
): Implementation {
  const tally = new Tally();
  let completedAt: number | null = null;
  for (const report of reports) {
    tally.add(report);
    if (completedAt === null && (report.complete || reachedAll(agreed, tally))) completedAt = report.at;
  }
  return {
    status: completedAt !== null ? 'COMPLETED' : reports.length > 0 ? 'IN_PROGRESS' : 'NOT_STARTED',
    startedAt: reports.length > 0 ? reports[0].at : null,
    completedAt,
    progress: agreed.map((q) => ({
      what: q.what,
      from: q.from ?? null,
      to: q.to ?? null,
      agreed: q.count ?? null,
      atLeast: q.atLeast === true,
      reported: tally.reported(q),
    })),
    reports: [...reports],
  };
}
