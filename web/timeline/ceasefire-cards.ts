/**
 * A card for every ceasefire: title, scope, state, each party's stance with its date, and the
 * history of its states. At an "as of" moment before it was proposed, the card says so.
 */
import { clear, el } from './dom.js';
import { formatWhen } from './event-time.js';
import type { Ceasefire } from './types.js';

const words = (value: string) => value.toLowerCase().replace(/_/g, ' ');
const when = (at: string | null) => (at ? formatWhen(Date.parse(at)) : 'no date');

export interface CeasefireCard {
  current: Ceasefire;
  /** At the "as of" moment; null when it had not been proposed yet. */
  atAsOf: Ceasefire | null;
}

function length(c: Ceasefire): string | null {
  if (c.durationDays) return `${c.durationDays} day${c.durationDays === 1 ? '' : 's'}`;
  if (c.durationHours) return `${c.durationHours} hour${c.durationHours === 1 ? '' : 's'}`;
  return null;
}

function card({ current, atAsOf }: CeasefireCard): HTMLElement {
  const shown = atAsOf ?? current;
  const state = atAsOf ? atAsOf.state : 'NOT_YET_PROPOSED';
  const headingId = `ceasefire-${current.id}-title`;
  const facts = [words(shown.scope), length(shown), shown.unilateral ? 'unilateral' : null].filter(Boolean).join(' · ');
  const proposed = shown.proposers.length
    ? `Proposed by ${shown.proposers.map((a) => a.name).join(', ')}${shown.proposedAt ? ` on ${when(shown.proposedAt)}` : ''}`
    : null;
  const article = el(
    'article',
    { class: 'card', 'data-ceasefire-id': current.id, 'data-state': state, 'aria-labelledby': headingId },
    el(
      'header',
      { class: 'card-header' },
      el('h3', { id: headingId }, current.title),
      el('span', { class: `badge state-${state}` }, atAsOf ? words(state) : 'not yet proposed'),
    ),
    el('p', { class: 'card-facts' }, facts),
    proposed && el('p', { class: 'card-facts' }, proposed),
  );
  if (!atAsOf) {
    article.append(
      el('p', { class: 'card-note' }, `Not yet proposed at this moment (proposed ${when(current.proposedAt)}).`),
    );
    return article;
  }
  const dates = [
    atAsOf.agreedAt && `agreed ${when(atAsOf.agreedAt)}`,
    atAsOf.effectiveFrom && `in force from ${when(atAsOf.effectiveFrom)}`,
    atAsOf.expiresAt && `until ${when(atAsOf.expiresAt)}`,
  ].filter(Boolean);
  if (dates.length) article.append(el('p', { class: 'card-facts' }, dates.join(' · ')));
  article.append(
    el('h4', {}, 'Parties'),
    el(
      'ul',
      { class: 'stances' },
      ...atAsOf.parties.map((p) =>
        el(
          'li',
          { 'data-actor-id': p.actor.id, 'data-stance': p.stance },
          el('span', { class: 'party' }, p.actor.name),
          ' ',
          el('span', { class: `stance stance-${p.stance}` }, words(p.stance)),
          p.at ? el('span', { class: 'muted' }, ` · ${when(p.at)}`) : null,
          p.conditions.length ? el('span', { class: 'muted' }, ` · conditions: ${p.conditions.join('; ')}`) : null,
        ),
      ),
    ),
    el('h4', {}, 'History'),
    el(
      'ol',
      { class: 'history' },
      ...atAsOf.history.map((change) =>
        el(
          'li',
          {},
          el('span', { class: `badge state-${change.state}` }, words(change.state)),
          ` ${when(change.at)} `,
          change.event
            ? el('button', { type: 'button', class: 'link', 'data-open-event': change.event.id }, change.event.summary)
            : el('span', { class: 'muted' }, '(by the passing of time)'),
        ),
      ),
    ),
  );
  const first = atAsOf.firstViolation;
  if (first) {
    const count = atAsOf.violationCount;
    article.append(
      el(
        'p',
        { class: 'card-facts' },
        `${count.toLocaleString('en')} violation${count === 1 ? '' : 's'}; the first: `,
        el(
          'button',
          { type: 'button', class: 'link', 'data-open-event': first.event.id },
          `${first.by.name}, ${when(first.at)} (${words(first.basis)})`,
        ),
      ),
    );
  }
  return article;
}

/** Beyond this many cards the list scrolls in its own box, so that the timeline stays near the top. */
const SCROLL_AFTER = 6;

export function renderCeasefires(root: HTMLElement, cards: CeasefireCard[]): void {
  const scrollTop = root.scrollTop;
  clear(root);
  const scrolls = cards.length > SCROLL_AFTER;
  root.classList.toggle('is-scrolling', scrolls);
  // A scrolling box must be reachable by keyboard to be scrolled by it.
  if (scrolls) root.setAttribute('tabindex', '0');
  else root.removeAttribute('tabindex');
  if (!cards.length) root.append(el('p', { class: 'empty' }, 'No ceasefire has been proposed in the record.'));
  for (const c of cards) root.append(card(c));
  root.scrollTop = scrollTop;
}
