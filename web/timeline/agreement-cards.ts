/**
 * A card for every proposal and agreement, of every kind, ceasefires included (one card per
 * subject: see agreement-view.ts): its kind, state, who proposed, backed, mediated or guarantees
 * it, each party's stance with its date, the conditions still pending and how long a party has
 * been silent, the counter-proposals both ways (a link brings the other card into view and gives
 * it the focus), the implementation as progress bars with their numbers, the history of its
 * states and, for a ceasefire, its violations and what each side claims against the other (a small
 * two-sided bar with its numbers in words: violation-tally.ts). At an "as of" moment before it was
 * proposed, the card says so. Every text from the record goes in as text (dom.ts).
 */
import {
  type SubjectCard,
  conditionalNote,
  implementationText,
  kindWords,
  progressShare,
  progressText,
  roleLines,
  showsImplementation,
  shownState,
  stanceWords,
  stateWords,
} from './agreement-view.js';
import { clear, el } from './dom.js';
import { formatWhen } from './event-time.js';
import type { Agreement, Ceasefire, ImplementationReport, PartyStance } from './types.js';
import { type TallySide, violationTally } from './violation-tally.js';

const words = (value: string) => value.toLowerCase().replace(/_/g, ' ');
const when = (at: string | null) => (at ? formatWhen(Date.parse(at)) : 'no date');
/** Conditions are matched as the read model matches them: ignoring case and surrounding spaces. */
const sameCondition = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/** The id of a subject's card, which the links to it name. */
export const cardId = (subjectId: string) => `agreement-${subjectId}`;

/** At most this many implementation reports are listed on a card (the latest); the rest are counted. */
const REPORTS_SHOWN = 5;

function length(c: Ceasefire): string | null {
  if (c.durationDays) return `${c.durationDays} day${c.durationDays === 1 ? '' : 's'}`;
  if (c.durationHours) return `${c.durationHours} hour${c.durationHours === 1 ? '' : 's'}`;
  return null;
}

/** A link to another agreement's card; `role` keeps its id unique on the page (focus is restored by id). */
function agreementLink(from: string, role: string, to: { id: string; title: string }): HTMLElement {
  return el(
    'button',
    { type: 'button', class: 'link', id: `${cardId(from)}-${role}-${to.id}`, 'data-show-agreement': to.id },
    to.title,
  );
}

function facts(card: SubjectCard): string {
  const { agreement, ceasefire } = card;
  const kind = agreement ? kindWords(agreement.kind) : 'Ceasefire';
  return [
    kind,
    ceasefire ? words(ceasefire.scope) : null,
    ceasefire ? length(ceasefire) : null,
    (agreement ?? ceasefire)?.unilateral ? 'unilateral' : null,
  ]
    .filter(Boolean)
    .join(' · ');
}

function dates(card: SubjectCard): string[] {
  const { agreement, ceasefire } = card;
  const agreedAt = ceasefire?.agreedAt ?? agreement?.agreedAt ?? null;
  const terminatedAt = ceasefire?.terminatedAt ?? agreement?.terminatedAt ?? null;
  return [
    agreedAt && `agreed ${when(agreedAt)}`,
    ceasefire?.effectiveFrom && `in force from ${when(ceasefire.effectiveFrom)}`,
    ceasefire?.expiresAt && `until ${when(ceasefire.expiresAt)}`,
    terminatedAt && `terminated ${when(terminatedAt)}`,
    agreement?.withdrawnAt && `withdrawn ${when(agreement.withdrawnAt)}`,
  ].filter((line): line is string => Boolean(line));
}

function stance(subjectId: string, p: PartyStance | Ceasefire['parties'][number]): HTMLElement {
  const item = el(
    'li',
    { 'data-actor-id': p.actor.id, 'data-stance': p.stance },
    el('span', { class: 'party' }, p.actor.name),
    ' ',
    el('span', { class: `stance stance-${p.stance}` }, stanceWords(p.stance)),
    p.at ? el('span', { class: 'muted' }, ` · ${when(p.at)}`) : null,
  );
  if (!('conditionsPending' in p)) {
    // A ceasefire without its agreement (the agreements read model lists every one): its conditions as stated.
    if (p.conditions.length) item.append(el('span', { class: 'muted' }, ` · conditions: ${p.conditions.join('; ')}`));
    return item;
  }
  if (p.pendingFor)
    item.append(el('span', { class: 'muted', 'data-pending-for': '' }, ` · waiting ${p.pendingFor.text}`));
  if (p.counterProposal)
    item.append(
      el('span', { class: 'muted' }, ' · answered with a counter-proposal: '),
      agreementLink(subjectId, `party-${p.actor.id}`, p.counterProposal),
    );
  const met = p.conditions.filter((c) => !p.conditionsPending.some((pending) => sameCondition(c, pending)));
  if (p.conditionsPending.length)
    item.append(
      el(
        'div',
        { class: 'conditions' },
        el('span', { class: 'conditions-label' }, 'Conditions pending:'),
        el('ul', { class: 'conditions-pending' }, ...p.conditionsPending.map((c) => el('li', {}, c))),
      ),
    );
  if (met.length && p.conditionsMetAt)
    item.append(
      el(
        'div',
        { class: 'conditions' },
        el(
          'span',
          { class: 'conditions-met', 'data-conditions-met': p.conditionsMetAt },
          p.conditionsPending.length
            ? `Conditions met (${when(p.conditionsMetAt)}): ${met.join('; ')}`
            : `Conditions met ${when(p.conditionsMetAt)}: ${met.join('; ')}`,
        ),
      ),
    );
  return item;
}

function report(r: ImplementationReport): HTMLElement {
  const what = [r.stage, r.text].filter(Boolean).join(': ');
  return el(
    'li',
    {},
    el('span', { class: 'muted' }, `${when(r.at)} · `),
    el('button', { type: 'button', class: 'link', 'data-open-event': r.event.id }, what),
    el('span', { class: 'muted' }, ` (reported by ${r.reportedBy.name}${r.complete ? '; complete' : ''})`),
  );
}

function implementation(agreement: Agreement): HTMLElement[] {
  const { implementation: impl } = agreement;
  const base = cardId(agreement.id);
  const parts: HTMLElement[] = [
    el('h4', {}, 'Implementation'),
    el(
      'p',
      { class: 'card-facts', 'data-implementation-status': impl.status },
      el('span', { class: `badge implementation-${impl.status}` }, words(impl.status)),
      ` ${implementationText(impl)}`,
    ),
  ];
  if (impl.progress.length)
    parts.push(
      el(
        'ul',
        { class: 'progress-list' },
        ...impl.progress.map((p, i) => {
          const textId = `${base}-progress-${i}`;
          const share = progressShare(p);
          return el(
            'li',
            {
              class: 'progress-item',
              'data-what': p.what,
              'data-from': p.from?.id,
              'data-to': p.to?.id,
              'data-reported': p.reported,
              'data-agreed': p.agreed,
            },
            el('span', { class: 'progress-text', id: textId }, progressText(p)),
            share === null
              ? null
              : el('progress', {
                  max: p.agreed ?? 1,
                  value: Math.min(p.reported, p.agreed ?? p.reported),
                  'aria-labelledby': textId,
                }),
          );
        }),
      ),
    );
  const reports = impl.reports.slice(-REPORTS_SHOWN);
  if (reports.length) parts.push(el('ol', { class: 'reports' }, ...reports.map(report)));
  const earlier = impl.reports.length - reports.length;
  if (earlier > 0)
    parts.push(
      el('p', { class: 'card-facts' }, `and ${earlier.toLocaleString('en')} earlier report${earlier === 1 ? '' : 's'}`),
    );
  return parts;
}

type StateChange = Ceasefire['history'][number] | Agreement['history'][number];

function history(changes: readonly StateChange[]): HTMLElement {
  return el(
    'ol',
    { class: 'history' },
    ...changes.map((change) =>
      el(
        'li',
        {},
        el('span', { class: `badge state-${change.state}` }, stateWords(change.state)),
        ` ${when(change.at)} `,
        change.event
          ? el('button', { type: 'button', class: 'link', 'data-open-event': change.event.id }, change.event.summary)
          : el('span', { class: 'muted' }, '(by the passing of time)'),
      ),
    ),
  );
}

function violations(ceasefire: Ceasefire): HTMLElement | null {
  const first = ceasefire.firstViolation;
  if (!first) return null;
  const count = ceasefire.violationCount;
  return el(
    'p',
    { class: 'card-facts' },
    `${count.toLocaleString('en')} violation${count === 1 ? '' : 's'}; the first: `,
    el(
      'button',
      { type: 'button', class: 'link', 'data-open-event': first.event.id },
      `${first.by.name}, ${when(first.at)} (${words(first.basis)})`,
    ),
  );
}

const percent = (share: number) => `${(Math.min(1, Math.max(0, share)) * 100).toFixed(2)}%`;

/** One side of the two-sided bar, growing out from the middle; its disputed part (hatched) at the outer end. */
function tallyHalf(side: TallySide | undefined, where: 'left' | 'right'): HTMLElement {
  const half = el('div', {
    class: `tally-half tally-${where}`,
    'data-tally-side': where,
    'data-accused': side?.accused.id,
    'data-claimed': side?.claimed,
    'data-disputed': side?.disputed,
  });
  if (side && side.claimed > 0)
    half.append(
      el(
        'span',
        { class: 'tally-claimed', style: `width: ${percent(side.share)}` },
        side.disputed > 0
          ? el('span', { class: 'tally-disputed', style: `width: ${percent(side.disputed / side.claimed)}` })
          : null,
      ),
    );
  return half;
}

/**
 * What each side claims against the other, as a small two-sided bar with its numbers in words (the
 * words are what a screen reader reads: the bar repeats them). Nothing before the first report.
 */
function tally(ceasefire: Ceasefire): HTMLElement | null {
  if (!ceasefire.violationClaims.length) return null;
  const t = violationTally(ceasefire.violationClaims);
  const titleId = `${cardId(ceasefire.id)}-tally-title`;
  const section = el(
    'section',
    { class: 'tally', 'data-tally': '', 'aria-labelledby': titleId },
    el('h4', { id: titleId }, 'Violations claimed'),
  );
  if (t.hasBar) {
    const [left, right] = t.drawn;
    section.append(
      el(
        'div',
        { class: 'tally-labels' },
        el('span', { class: 'tally-label tally-label-left' }, left.label),
        el('span', { class: 'tally-label tally-label-right' }, right?.label ?? ''),
      ),
      el(
        'div',
        { class: 'tally-bar', 'aria-hidden': 'true', title: t.note },
        tallyHalf(left, 'left'),
        tallyHalf(right, 'right'),
      ),
    );
  }
  const lines = t.sides.flatMap((side) => [
    ...side.claims.map((claim) =>
      el(
        'li',
        {
          'data-reported-by': claim.reportedBy.id,
          'data-accused': claim.accused.id,
          'data-reports': claim.reports,
          'data-claimed': claim.claimed,
          'data-disputed-reports': claim.disputedReports,
        },
        claim.text,
      ),
    ),
    side.inferredText
      ? el('li', { 'data-inferred-against': side.accused.id, 'data-inferred': side.inferred }, side.inferredText)
      : null,
  ]);
  section.append(el('ul', { class: 'tally-claims' }, ...lines));
  if (t.sides.some((side) => side.disputed > 0))
    section.append(
      el(
        'p',
        { class: 'tally-note' },
        el('span', { class: 'tally-key', 'aria-hidden': 'true' }),
        ' Hatched: claimed in disputed reports (estimated: the claimed count times the share of its reports that are disputed).',
      ),
    );
  return section;
}

function card(c: SubjectCard): HTMLElement {
  const state = shownState(c);
  const headingId = `${cardId(c.id)}-title`;
  const { agreement, ceasefire } = c;
  const article = el(
    'article',
    {
      class: 'card',
      id: cardId(c.id),
      // Focusable by the links to it (not in the tab order: its controls are).
      tabindex: '-1',
      'data-agreement-id': c.id,
      'data-ceasefire-id': c.isCeasefire ? c.id : null,
      'data-kind': agreement?.kind ?? (c.isCeasefire ? 'CEASEFIRE' : null),
      'data-state': state,
      'data-agreement-state': agreement?.state,
      'aria-labelledby': headingId,
    },
    el(
      'header',
      { class: 'card-header' },
      el('h3', { id: headingId }, agreement?.title ?? ceasefire?.title ?? c.title),
      el('span', { class: `badge state-${state}` }, stateWords(state)),
    ),
  );
  if (!agreement && !ceasefire) {
    article.append(el('p', { class: 'card-note' }, `Not yet proposed at this moment (proposed ${when(c.since)}).`));
    return article;
  }
  article.append(el('p', { class: 'card-facts' }, facts(c)));
  const note = conditionalNote(c);
  if (note) article.append(el('p', { class: 'card-warning' }, note));
  const roles = agreement
    ? roleLines(agreement)
    : ceasefire?.proposers.length
      ? [`Proposed by ${ceasefire.proposers.map((a) => a.name).join(', ')}`]
      : [];
  if (roles.length) article.append(el('p', { class: 'card-facts' }, roles.join(' · ')));
  const when_ = dates(c);
  if (when_.length) article.append(el('p', { class: 'card-facts' }, when_.join(' · ')));
  if (agreement?.text) article.append(el('p', { class: 'card-text' }, agreement.text));
  if (agreement?.counterTo)
    article.append(
      el(
        'p',
        { class: 'card-facts', 'data-counter-to': agreement.counterTo.id },
        'A counter-proposal to ',
        agreementLink(c.id, 'counter-to', agreement.counterTo),
      ),
    );
  if (agreement?.counterProposals.length) {
    const links: Array<HTMLElement | string> = [];
    agreement.counterProposals.forEach((other, i) => {
      if (i > 0) links.push(', ');
      links.push(agreementLink(c.id, 'answered-by', other));
    });
    article.append(
      el(
        'p',
        { class: 'card-facts', 'data-counter-proposals': agreement.counterProposals.map((a) => a.id).join(' ') },
        `Answered by ${agreement.counterProposals.length === 1 ? 'a counter-proposal' : 'counter-proposals'}: `,
        ...links,
      ),
    );
  }
  const parties: ReadonlyArray<PartyStance | Ceasefire['parties'][number]> =
    agreement?.parties ?? ceasefire?.parties ?? [];
  article.append(el('h4', {}, 'Parties'), el('ul', { class: 'stances' }, ...parties.map((p) => stance(c.id, p))));
  if (agreement && showsImplementation(agreement)) article.append(...implementation(agreement));
  article.append(el('h4', {}, 'History'), history(ceasefire?.history ?? agreement?.history ?? []));
  const broken = ceasefire ? violations(ceasefire) : null;
  if (broken) article.append(broken);
  const claims = ceasefire ? tally(ceasefire) : null;
  if (claims) article.append(claims);
  return article;
}

/** Beyond this many cards the list scrolls in its own box, so that the timeline stays near the top. */
const SCROLL_AFTER = 6;

export function renderAgreements(root: HTMLElement, cards: SubjectCard[]): void {
  const scrollTop = root.scrollTop;
  clear(root);
  const scrolls = cards.length > SCROLL_AFTER;
  root.classList.toggle('is-scrolling', scrolls);
  // A scrolling box must be reachable by keyboard to be scrolled by it.
  if (scrolls) root.setAttribute('tabindex', '0');
  else root.removeAttribute('tabindex');
  if (!cards.length) root.append(el('p', { class: 'empty' }, 'No proposal or agreement is in the record.'));
  for (const c of cards) root.append(card(c));
  root.scrollTop = scrollTop;
}

/** Brings a subject's card into view and gives it the focus (a counter-proposal link). */
export function showAgreement(id: string): boolean {
  const target = document.getElementById(cardId(id));
  if (!target) return false;
  target.focus({ preventScroll: true });
  target.scrollIntoView({ block: 'nearest' });
  return true;
}
