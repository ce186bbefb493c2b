/**
 * One source as the pages show it: publisher, when published, a link (http(s) only) or the title,
 * and the quoted text. The timeline's details and the review page's drafts list sources alike.
 */
import { el, safeHref } from './dom.js';
import { formatMoment } from './event-time.js';

export interface SourceFields {
  publisher: string;
  url?: string | null;
  title?: string | null;
  quotedText?: string | null;
  publishedAt?: string | null;
}

export function sourceItem(s: SourceFields): HTMLElement {
  const href = safeHref(s.url ?? null);
  const name = s.title ?? s.url ?? s.publisher;
  return el(
    'li',
    { class: 'source' },
    el('span', { class: 'publisher' }, s.publisher),
    s.publishedAt ? el('span', { class: 'muted' }, ` · ${formatMoment(Date.parse(s.publishedAt))}`) : null,
    el('br'),
    href ? el('a', { href, rel: 'noopener noreferrer', target: '_blank' }, name) : el('span', {}, name),
    s.quotedText ? el('blockquote', {}, s.quotedText) : null,
  );
}
