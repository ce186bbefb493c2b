/**
 * What the page says of the claims ledger, pure (no DOM, no clock): which marks are disputed claims
 * and which are contested calls, the notes a mark's name carries, and a call's readouts in words
 * (who gave each, its words, its status, its disputes), all at the "as of" moment the answers were
 * read at.
 */
import { formatMoment, formatOccurred, formatWhen } from './event-time.js';
import type { ClaimStatus, DisputedClaim, Readout } from './types.js';

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

const STATUS_WORDS: Record<ClaimStatus, string> = {
  DISPUTED: 'disputed',
  UNDISPUTED: 'undisputed',
  RETRACTED: 'retracted',
};

export function claimStatusWords(status: ClaimStatus): string {
  return STATUS_WORDS[status] ?? status.toLowerCase();
}

export interface DisputeView {
  /** The CLAIM_DISPUTED, which its link opens. */
  eventId: string;
  by: string;
  when: string;
  words: string;
}

export interface ReadoutView {
  /** The readout's event, which its words open. */
  eventId: string;
  claimant: string;
  status: ClaimStatus;
  statusWords: string;
  /** The statement's words (its summary, for an event that is no statement). */
  words: string;
  /** When it was given, as precisely as known, and where: "18 Mar 2025, 16:00–17:00 UTC (hour) · Kremlin readout…". */
  context: string;
  disputes: DisputeView[];
  /** Disputes that leave it undisputed came from the claimant's own side: said, so that the badge does not read as wrong. */
  note: string | null;
}

export function readoutView(readout: Readout): ReadoutView {
  const { event } = readout;
  const statement = 'text' in event ? event : null;
  const disputes = readout.disputes.map((d) => ({
    eventId: d.event.id,
    by: d.by.name,
    when: formatWhen(Date.parse(d.at)),
    words: d.text,
  }));
  return {
    eventId: event.id,
    claimant: readout.claimant?.name ?? 'Unknown',
    status: readout.status,
    statusWords: claimStatusWords(readout.status),
    words: statement?.text ?? event.summary,
    context: [formatOccurred(event.occurredAt, event.occurredPrecision), statement?.venue].filter(Boolean).join(' · '),
    disputes,
    note:
      readout.status === 'UNDISPUTED' && disputes.length
        ? 'Disputed only from its own side, which leaves it undisputed.'
        : null,
  };
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/**
 * The sentence above a call's readouts: none recorded, how many, and whether the call is contested
 * ("Contested: 1 of its 2 readouts is disputed."); `asOf` (epoch ms) names the moment when there is one.
 */
export function readoutsSummary(readouts: readonly Readout[], asOf: number | null): string {
  const when = asOf === null ? '' : ` as of ${formatMoment(asOf)}`;
  if (!readouts.length) return `No readout of this call is recorded${when}.`;
  const disputed = readouts.filter((r) => r.status === 'DISPUTED').length;
  if (!disputed) return `${plural(readouts.length, 'readout')}${when}, none disputed.`;
  const of =
    readouts.length === 1
      ? 'its readout is'
      : `${disputed} of its ${readouts.length} readouts ${disputed === 1 ? 'is' : 'are'}`;
  return `Contested${when}: ${of} disputed.`;
}
