/**
 * Who makes a claim and whether it stands disputed: the catalogue's claims-ledger rules that the
 * claims read model and the violation tallies of ceasefires and pledges share. Pure.
 */
import { type FoldEvent, type Principals, sameSide } from '../fold-event.js';

export type ClaimStatus = 'UNDISPUTED' | 'DISPUTED' | 'RETRACTED';

/** A CLAIM_DISPUTED naming a claim, as the folds keep it (times in epoch ms). */
export interface DisputeRecord {
  by: string;
  at: number;
  text: string;
  eventId: string;
  position: number;
}

/** The types that are claims by themselves; any other event is a claim once a CLAIM_DISPUTED names it. */
export function isClaimType(type: FoldEvent['type']): boolean {
  return type === 'STATEMENT_MADE' || type === 'VIOLATION_REPORTED';
}

/**
 * The claimant: the speaker of a statement, the reporter of a violation, the disputer of a
 * CLAIM_DISPUTED (when it is itself disputed); null for other events (a disputed strike: its
 * sources say who reported it).
 */
export function claimantOf(event: FoldEvent): string | null {
  switch (event.type) {
    case 'STATEMENT_MADE':
      return event.data.speaker;
    case 'VIOLATION_REPORTED':
      return event.data.reportedBy;
    case 'CLAIM_DISPUTED':
      return event.data.by;
    default:
      return null;
  }
}

/** The dispute a CLAIM_DISPUTED records. */
export function toDispute(event: Extract<FoldEvent, { type: 'CLAIM_DISPUTED' }>): DisputeRecord {
  return {
    by: event.data.by,
    at: event.occurredAt,
    text: event.data.text,
    eventId: event.id,
    position: event.position,
  };
}

/**
 * RETRACTED when retracted; DISPUTED when a dispute is by an actor not on the claimant's side (any
 * dispute, when the claim has no claimant); else UNDISPUTED.
 */
export function claimStatus(
  claimant: string | null,
  disputes: readonly DisputeRecord[],
  retracted: boolean,
  principals: Principals,
): ClaimStatus {
  if (retracted) return 'RETRACTED';
  const disputed = disputes.some((d) => claimant === null || !sameSide(principals, d.by, claimant));
  return disputed ? 'DISPUTED' : 'UNDISPUTED';
}
