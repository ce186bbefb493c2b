/**
 * What an agreement card says, pure (no DOM, no clock): which cards there are, their states and
 * stances in words, and an implementation's progress with its numbers.
 *
 * One card per subject. A ceasefire is an agreement too: the agreements read model lists it (its
 * stances, conditions, counter-proposals, implementation) and the ceasefire read model follows it
 * further (in force, violated, expired, terminated). Its card joins the two, by the stream id they
 * share, and shows the ceasefire's state; any other agreement shows its own.
 */
import { formatWhen } from './event-time.js';
import type {
  Agreement,
  AgreementKind,
  AgreementState,
  Ceasefire,
  CeasefireState,
  ImplementationStatus,
  QuantityProgress,
  ReadModels,
  Stance,
} from './types.js';

export interface SubjectCard {
  /** The stream id of its PROPOSAL_MADE or AGREEMENT_REACHED. */
  id: string;
  /** Its title now (a card not yet proposed at the "as of" moment still needs a name). */
  title: string;
  /** When it was proposed (or agreed, without a proposal), as the record has it now. */
  since: string | null;
  /** At the "as of" moment (now without one); both null when it had not been proposed yet. */
  agreement: Agreement | null;
  ceasefire: Ceasefire | null;
  /** It is a ceasefire (the ceasefire read model lists it now). */
  isCeasefire: boolean;
}

/**
 * The cards for the subjects the record holds now, in the order they were proposed; each as it
 * stood at the "as of" moment (`atAsOf`, the answer for that moment; null while it loads, when the
 * cards show now).
 */
export function subjectCards(now: ReadModels, atAsOf: ReadModels | null): SubjectCard[] {
  const then = atAsOf ?? now;
  const agreementsThen = new Map(then.agreements.map((a) => [a.id, a]));
  const ceasefiresThen = new Map(then.ceasefires.map((c) => [c.id, c]));
  const ceasefiresNow = new Map(now.ceasefires.map((c) => [c.id, c]));
  const cards = new Map<string, SubjectCard>();
  const add = (current: Agreement | Ceasefire) => {
    if (cards.has(current.id)) return;
    cards.set(current.id, {
      id: current.id,
      title: current.title,
      since: current.proposedAt ?? current.agreedAt,
      agreement: agreementsThen.get(current.id) ?? null,
      ceasefire: ceasefiresThen.get(current.id) ?? null,
      isCeasefire: ceasefiresNow.has(current.id),
    });
  };
  now.agreements.forEach(add);
  // A ceasefire the agreements read model does not list (it should list every one) still gets its card.
  now.ceasefires.forEach(add);
  const time = (at: string | null) => (at ? Date.parse(at) : Infinity);
  return [...cards.values()].sort((a, b) => time(a.since) - time(b.since) || a.id.localeCompare(b.id));
}

/** The state a card shows: the ceasefire's for a ceasefire (it goes on past AGREED), else the agreement's. */
export function shownState(card: SubjectCard): AgreementState | CeasefireState | 'NOT_YET_PROPOSED' {
  return card.ceasefire?.state ?? card.agreement?.state ?? 'NOT_YET_PROPOSED';
}

const STATE_WORDS: Record<AgreementState | CeasefireState | 'NOT_YET_PROPOSED', string> = {
  NOT_YET_PROPOSED: 'not yet proposed',
  PROPOSED: 'proposed',
  PARTIALLY_ACCEPTED: 'partially accepted',
  // Every party said yes, but not every yes counts yet: it must not read as agreed.
  CONDITIONALLY_AGREED: 'not agreed: conditions pending',
  AGREED: 'agreed',
  IN_FORCE: 'in force',
  VIOLATED: 'violated',
  EXPIRED: 'expired',
  REJECTED: 'rejected',
  WITHDRAWN: 'withdrawn',
  TERMINATED: 'terminated',
};

export function stateWords(state: AgreementState | CeasefireState | 'NOT_YET_PROPOSED'): string {
  return STATE_WORDS[state] ?? state.toLowerCase().replace(/_/g, ' ');
}

const STANCE_WORDS: Record<Stance, string> = {
  ACCEPTED: 'accepted',
  CONDITIONALLY_ACCEPTED: 'accepted on conditions',
  PENDING: 'no answer yet',
  REJECTED: 'rejected',
};

export function stanceWords(stance: Stance): string {
  return STANCE_WORDS[stance] ?? stance.toLowerCase().replace(/_/g, ' ');
}

const KIND_WORDS: Record<AgreementKind, string> = {
  CEASEFIRE: 'Ceasefire',
  PEACE_DEAL: 'Peace deal',
  PRISONER_EXCHANGE: 'Prisoner exchange',
  OTHER: 'Other agreement',
};

export function kindWords(kind: AgreementKind): string {
  return KIND_WORDS[kind] ?? kind;
}

const names = (actors: ReadonlyArray<{ name: string }>) => actors.map((a) => a.name).join(', ');

/**
 * Why a CONDITIONALLY_AGREED subject is not agreed, in a sentence: who accepted on conditions
 * still pending. Null in any other state.
 */
export function conditionalNote(card: SubjectCard): string | null {
  if (shownState(card) !== 'CONDITIONALLY_AGREED' || !card.agreement) return null;
  const waiting = card.agreement.parties.filter((p) => p.conditionsPending.length > 0).map((p) => p.actor);
  const who = waiting.length ? names(waiting) : 'a party';
  const inForce = card.isCeasefire ? ' It is not in force.' : '';
  return `Not agreed: every party accepted, but ${who} only on conditions not yet met.${inForce}`;
}

const count = (n: number) => n.toLocaleString('en');

/** Who hands over to whom: "Russia → Ukraine", "from Russia", "to Ukraine", or nothing. */
export function route(p: Pick<QuantityProgress, 'from' | 'to'>): string {
  if (p.from && p.to) return `${p.from.name} → ${p.to.name}`;
  if (p.from) return `from ${p.from.name}`;
  if (p.to) return `to ${p.to.name}`;
  return '';
}

/**
 * A quantity's progress with its numbers: "697 / 1,000 prisoners of war, Russia → Ukraine",
 * "697 / at least 1,200 …", or for an open-ended one ("all for all") "697 of all …".
 */
export function progressText(p: QuantityProgress): string {
  const amount =
    p.agreed === null
      ? `${count(p.reported)} of all ${p.what}`
      : `${count(p.reported)} / ${p.atLeast ? 'at least ' : ''}${count(p.agreed)} ${p.what}`;
  const way = route(p);
  return way ? `${amount}, ${way}` : amount;
}

/** How much of the agreed count was reported, from 0 to 1; null for an open-ended quantity (no bar). */
export function progressShare(p: QuantityProgress): number | null {
  if (p.agreed === null) return null;
  if (p.agreed === 0) return 1;
  return Math.min(1, p.reported / p.agreed);
}

const when = (at: string | null) => (at ? formatWhen(Date.parse(at)) : 'no date');

/**
 * What follows the status badge: "no report yet", "since 23 May 2025" (in progress), or
 * "25 May 2025 (started 23 May 2025)" (completed).
 */
export function implementationText(implementation: {
  status: ImplementationStatus;
  startedAt: string | null;
  completedAt: string | null;
}): string {
  switch (implementation.status) {
    case 'NOT_STARTED':
      return 'no report yet';
    case 'IN_PROGRESS':
      return `since ${when(implementation.startedAt)}`;
    case 'COMPLETED':
      return `${when(implementation.completedAt)}${
        implementation.startedAt && implementation.startedAt !== implementation.completedAt
          ? ` (started ${when(implementation.startedAt)})`
          : ''
      }`;
    default:
      return '';
  }
}

/** Whether a card has an implementation worth showing: agreed quantities, reports, or an agreement to carry out. */
export function showsImplementation(agreement: Agreement): boolean {
  const { implementation, state } = agreement;
  return (
    implementation.progress.length > 0 ||
    implementation.reports.length > 0 ||
    implementation.status !== 'NOT_STARTED' ||
    (state === 'AGREED' && agreement.kind !== 'CEASEFIRE')
  );
}

/** "Proposed by United States on 25 Mar 2025", "Mediated by Türkiye"…: the roles that are filled. */
export function roleLines(agreement: Agreement): string[] {
  const lines: string[] = [];
  if (agreement.proposers.length)
    lines.push(
      `Proposed by ${names(agreement.proposers)}${agreement.proposedAt ? ` on ${when(agreement.proposedAt)}` : ''}`,
    );
  if (agreement.backers.length) lines.push(`Backed by ${names(agreement.backers)}`);
  if (agreement.mediators.length) lines.push(`Mediated by ${names(agreement.mediators)}`);
  if (agreement.guarantors.length) lines.push(`Guaranteed by ${names(agreement.guarantors)}`);
  return lines;
}
