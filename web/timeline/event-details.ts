/**
 * The details of one event: what happened, who, when and how precisely, its CAMEO code, its
 * sources (with links and quoted text), and the corrections, retractions and disputes that name it.
 * A panel beside the timeline (over it on a phone); Escape or the close button returns to the mark.
 */
import { append, byId, clear, el, safeHref, selectorOf } from './dom.js';
import { formatMoment, formatOccurred } from './event-time.js';
import { typeColour, typeLabel } from './event-types.js';
import { GraphqlError, query } from './graphql-client.js';
import { EVENT_DETAILS, EVENT_LINKS } from './operations.js';
import { type EventDetails, type LinkedEvent, type Source, payloadOf } from './types.js';

function source(s: Source): HTMLElement {
  const href = safeHref(s.url);
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

function linked(title: string, events: LinkedEvent[], reason: (e: LinkedEvent) => string | null): HTMLElement | null {
  if (!events.length) return null;
  return el(
    'section',
    { class: 'links' },
    el('h3', {}, title),
    el(
      'ul',
      {},
      ...events.map((e) => {
        const why = reason(e);
        return el(
          'li',
          {},
          el('button', { type: 'button', class: 'link', 'data-open-event': e.id }, e.summary),
          el('span', { class: 'muted' }, ` · recorded ${formatMoment(Date.parse(e.recordedAt))}`),
          why ? el('p', { class: 'reason' }, why) : null,
        );
      }),
    ),
  );
}

const text = (value: unknown) => (typeof value === 'string' ? value : null);

/** A correction's reason and what it changes: the time, the precision, the payload. */
function correctionText(correction: LinkedEvent): string {
  const { reason, occurredAt, occurredPrecision, data } = payloadOf(correction);
  const changes = [
    typeof occurredAt === 'string' && `occurred at ${formatMoment(Date.parse(occurredAt))}`,
    typeof occurredPrecision === 'string' && `precision ${occurredPrecision.toLowerCase()}`,
    data !== undefined && `payload ${JSON.stringify(data)}`,
  ].filter(Boolean);
  return [text(reason), changes.length ? `Corrected to: ${changes.join('; ')}.` : null].filter(Boolean).join(' ');
}

export class EventDetailsPanel {
  private readonly panel = byId('details');
  private readonly body = byId('details-body');
  /** What opened the panel (a mark, a breaker, a link in a card), found again on close. */
  private origin: string | null = null;
  private request: AbortController | null = null;

  constructor(private readonly closed: () => void) {
    byId('details-close').addEventListener('click', () => this.close());
    this.panel.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') this.close();
    });
  }

  async open(id: string, origin: HTMLElement | null): Promise<void> {
    // A link inside the panel keeps the first origin: closing returns to where the reader started.
    if (!origin || !this.panel.contains(origin)) this.origin = selectorOf(origin) ?? this.origin;
    this.request?.abort();
    const request = new AbortController();
    this.request = request;
    this.panel.hidden = false;
    // data-details-of, not data-event-id: only the marks carry data-event-id (one per event).
    this.panel.dataset.detailsOf = id;
    document.body.classList.add('has-details');
    clear(this.body);
    this.body.append(el('p', { class: 'muted', role: 'status' }, 'Loading…'));
    try {
      const { event } = await query(EVENT_DETAILS, { id }, request.signal);
      if (!event) throw new GraphqlError(`no event with id ${id}`, 'NOT_FOUND');
      const links = await query(EVENT_LINKS, { streamId: event.streamId }, request.signal);
      if (request.signal.aborted) return;
      this.show(
        event,
        links.events.edges.map((edge) => edge.node),
      );
    } catch (error) {
      if (request.signal.aborted) return;
      clear(this.body);
      this.body.append(
        el('p', { class: 'error', role: 'alert' }, `The event could not be loaded: ${(error as Error).message}`),
      );
    }
  }

  close(): void {
    if (this.panel.hidden) return;
    this.request?.abort();
    this.panel.hidden = true;
    delete this.panel.dataset.detailsOf;
    document.body.classList.remove('has-details');
    if (this.origin) document.querySelector<HTMLElement>(this.origin)?.focus();
    this.origin = null;
    this.closed();
  }

  private show(event: EventDetails, stream: LinkedEvent[]): void {
    clear(this.body);
    const naming = (field: string) => stream.filter((e) => payloadOf(e)[field] === event.id);
    const corrections = naming('correctedEventId').filter((e) => e.type === 'EVENT_CORRECTED');
    const retractions = naming('retractedEventId').filter((e) => e.type === 'EVENT_RETRACTED');
    const disputes = naming('disputedEventId').filter((e) => e.type === 'CLAIM_DISPUTED');
    const flags = [event.retracted && 'Retracted', event.correctedBy && 'Corrected'].filter((f): f is string =>
      Boolean(f),
    );
    append(
      this.body,
      el(
        'p',
        { class: 'details-type' },
        el('span', { class: 'type-chip', style: `--c:${typeColour(event.type)}` }, typeLabel(event.type)),
        event.cameoCode
          ? el('span', { class: 'muted' }, ` CAMEO ${event.cameoCode}`)
          : el('span', { class: 'muted' }, ' no CAMEO code'),
        ...flags.map((f) => el('span', { class: `badge flag-${f.toLowerCase()}` }, f)),
      ),
      el('h2', { id: 'details-title', tabindex: '-1' }, event.summary),
      el(
        'dl',
        { class: 'facts' },
        el('dt', {}, 'Occurred'),
        el('dd', {}, formatOccurred(event.occurredAt, event.occurredPrecision)),
        el('dt', {}, 'Recorded'),
        el('dd', {}, formatMoment(Date.parse(event.recordedAt))),
        el('dt', {}, 'Actors'),
        el('dd', {}, event.actors.map((a) => a.name).join(', ') || 'none'),
        el('dt', {}, 'Stream'),
        el('dd', {}, `${event.streamId} (version ${event.streamVersion})`),
        el('dt', {}, 'Position'),
        el('dd', {}, event.position),
        el('dt', {}, 'Event id'),
        el('dd', { class: 'mono' }, event.id),
      ),
      el(
        'section',
        { class: 'sources' },
        el('h3', {}, `Sources (${event.sources.length})`),
        el('ol', {}, ...event.sources.map(source)),
      ),
      linked('Corrections', corrections, correctionText),
      linked('Retraction', retractions, (e) => text(payloadOf(e).reason)),
      linked('Disputed by', disputes, (e) => text(payloadOf(e).text)),
      el(
        'details',
        { class: 'payload' },
        el('summary', {}, 'The payload as stored (data)'),
        // Focusable, so that a keyboard can scroll a long payload.
        el(
          'pre',
          { tabindex: '0', 'aria-label': 'The payload as stored, as JSON' },
          JSON.stringify(event.data, null, 2),
        ),
      ),
    );
    byId('details-title').focus();
  }
}
