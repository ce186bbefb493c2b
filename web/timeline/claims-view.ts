/**
 * What the page says of the claims ledger, pure (no DOM, no clock): which marks are disputed claims
 * and which are contested calls, and the notes a mark's name carries, at the "as of" moment the
 * answers were read at.
 */
import type { DisputedClaim } from './types.js';

export interface ClaimMarks {
  /** Events whose claim stands disputed (statements, violation reports, demands, strikes…). */
  disputed: ReadonlySet<string>;
  /** Calls one of whose readouts stands disputed (the API's Call.contested). */
  contested: ReadonlySet<string>;
}

/**
 * The marks of the claims disputed at a moment. A call is contested exactly when a readout of it is
 * DISPUTED (a disputed claim is never a retracted one, which Call.readouts leaves out), so the one
 * list of disputed claims gives both. Meetings have readouts too, but the API calls only calls
 * contested: so does the page.
 */
export function claimMarks(disputed: readonly DisputedClaim[]): ClaimMarks {
  return {
    disputed: new Set(disputed.map((c) => c.event.id)),
    contested: new Set(disputed.flatMap((c) => (c.readoutOf?.type === 'CALL_HELD' ? [c.readoutOf.id] : []))),
  };
}

export interface MarkFlags {
  retracted: boolean;
  corrected: boolean;
  late: boolean;
  disputed: boolean;
  contested: boolean;
}

/** What a mark's name adds after the event: "retracted", "corrected", "recorded late", "disputed", "contested". */
export function markNotes(flags: MarkFlags): string[] {
  return [
    flags.retracted && 'retracted',
    flags.corrected && 'corrected',
    flags.late && 'recorded late',
    flags.disputed && 'disputed',
    flags.contested && 'contested',
  ].filter((note): note is string => Boolean(note));
}
