/**
 * The details of one event: what happened, who, when and how precisely, its CAMEO code, its
 * sources (with links and quoted text), and the corrections, retractions and disputes that name it;
 * for a call, its readouts and their disputes (call-readouts.ts) at the "as of" moment, read again
 * when that moment moves or the record grows. A panel beside the timeline (over it on a phone);
 * Escape or the close button returns to the mark.
 */
import { READOUTS_ID, readoutsSection } from './call-readouts.js';
import { append, byId, clear, el, selectorOf } from './dom.js';
import { comparePositions, formatMoment, formatOccurred } from './event-time.js';
import { typeColour, typeLabel } from './event-types.js';
import { GraphqlError, query } from './graphql-client.js';
import {
  TimelineCallReadoutsDocument,
  TimelineEventDetailsDocument,
  TimelineEventLinksDocument,
} from '../generated/graphql.js';
import { sourceItem } from './source-item.js';
import { type EventDetails, type LinkedEvent, type Readout, payloadOf } from './types.js';

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

/** The later of two positions (decimal strings), null when neither is given. */
function latest(a: string | null, b: string | null): string | null {
  if (a === null || b === null) return a ?? b;
  return comparePositions(a, b) >= 0 ? a : b;
}

interface MissedRefresh {
  minPosition: string | null;
}

export class EventDetailsPanel {
  private readonly panel = byId('details');
  private readonly body = byId('details-body');
  /** What opened the panel (a mark, a breaker, a link in a card), found again on close. */
  private origin: string | null = null;
  private request: AbortController | null = null;
  /** The call whose readouts are shown (null when the panel shows anything else), and their latest reading. */
  private call: string | null = null;
  private readoutsRequest: AbortController | null = null;
  private loading = false;
  /** A refresh asked for while the panel was loading (its minPosition), done once it has loaded. */
  private refreshWhileLoading: MissedRefresh | null = null;

  /** `asOf`: the page's "as of" moment (epoch ms; null: now), at which readouts are read. */
  constructor(
    private readonly closed: () => void,
    private readonly asOf: () => number | null,
  ) {
    byId('details-close').addEventListener('click', () => this.close());
    this.panel.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') this.close();
    });
  }

  async open(id: string, origin: HTMLElement | null): Promise<void> {
    // A link inside the panel keeps the first origin: closing returns to where the reader started.
    if (!origin || !this.panel.contains(origin)) this.origin = selectorOf(origin) ?? this.origin;
    this.request?.abort();
    this.readoutsRequest?.abort();
    this.call = null;
    this.refreshWhileLoading = null;
    this.loading = true;
    const request = new AbortController();
    this.request = request;
    this.panel.hidden = false;
    // data-details-of, not data-event-id: only the marks carry data-event-id (one per event).
    this.panel.dataset.detailsOf = id;
    document.body.classList.add('has-details');
    clear(this.body);
    this.body.append(el('p', { class: 'muted', role: 'status' }, 'Loading…'));
    try {
      const { event } = await query(TimelineEventDetailsDocument, { id }, request.signal);
      if (!event) throw new GraphqlError(`no event with id ${id}`, 'NOT_FOUND');
      const asOf = this.asOf();
      const [links, readouts] = await Promise.all([
        query(TimelineEventLinksDocument, { streamId: event.streamId }, request.signal),
        event.type === 'CALL_HELD' ? this.readouts(event.id, asOf, null, request.signal) : null,
      ]);
      if (request.signal.aborted) return;
      this.loading = false;
      this.call = readouts ? event.id : null;
      this.show(
        event,
        links.events.edges.map((edge) => edge.node),
        readouts && readoutsSection(readouts, asOf),
      );
      // The moment moved, or an event arrived, while the readouts were read: read them again.
      // (Set by refreshReadouts during the awaits above: TypeScript still sees the null set before them.)
      const missed = this.refreshWhileLoading as MissedRefresh | null;
      this.refreshWhileLoading = null;
      if (this.call && (missed || this.asOf() !== asOf)) void this.refreshReadouts(missed?.minPosition ?? null);
    } catch (error) {
      if (request.signal.aborted) return;
      this.loading = false;
      clear(this.body);
      this.body.append(
        el('p', { class: 'error', role: 'alert' }, `The event could not be loaded: ${(error as Error).message}`),
      );
    }
  }

  /**
   * Reads the shown call's readouts again (the "as of" moment moved, or `minPosition`: an event
   * arrived) and replaces their section, keeping the focus on the control that had it.
   */
  async refreshReadouts(minPosition: string | null): Promise<void> {
    const call = this.call;
    if (this.panel.hidden) return;
    if (!call) {
      if (this.loading)
        this.refreshWhileLoading = { minPosition: latest(this.refreshWhileLoading?.minPosition ?? null, minPosition) };
      return;
    }
    this.readoutsRequest?.abort();
    const request = new AbortController();
    this.readoutsRequest = request;
    const asOf = this.asOf();
    const readouts = await this.readouts(call, asOf, minPosition, request.signal);
    const shown = document.getElementById(READOUTS_ID);
    if (request.signal.aborted || this.call !== call || !shown) return;
    const focused = shown.contains(document.activeElement) ? selectorOf(document.activeElement) : null;
    shown.replaceWith(readoutsSection(readouts, asOf));
    if (focused) document.querySelector<HTMLElement>(`#${READOUTS_ID} ${focused}`)?.focus();
  }

  /**
   * A call's readouts at `asOf`, or what went wrong (shown in their section; the rest of the
   * details stands). Never rejects: the caller checks whether `signal` was aborted.
   */
  private async readouts(
    callId: string,
    asOf: number | null,
    minPosition: string | null,
    signal: AbortSignal,
  ): Promise<Readout[] | Error> {
    try {
      const { claims } = await query(
        TimelineCallReadoutsDocument,
        { callId, asOf: asOf === null ? null : new Date(asOf).toISOString(), minPosition },
        signal,
      );
      return claims;
    } catch (error) {
      return error instanceof Error ? error : new Error(String(error));
    }
  }

  close(): void {
    if (this.panel.hidden) return;
    this.request?.abort();
    this.readoutsRequest?.abort();
    this.call = null;
    this.loading = false;
    this.panel.hidden = true;
    delete this.panel.dataset.detailsOf;
    document.body.classList.remove('has-details');
    if (this.origin) document.querySelector<HTMLElement>(this.origin)?.focus();
    this.origin = null;
    this.closed();
  }

  private show(event: EventDetails, stream: LinkedEvent[], readouts: HTMLElement | null): void {
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
      readouts,
      el(
        'section',
        { class: 'sources' },
        el('h3', {}, `Sources (${event.sources.length})`),
        el('ol', {}, ...event.sources.map(sourceItem)),
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
