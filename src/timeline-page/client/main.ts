/**
 * The timeline page: loads the actors, the events (in valid-time order, page by page) and the read
 * models through the public GraphQL API, draws them, and stays live through the eventAppended
 * subscription. The view (filters, lanes, window, "as of", open event) lives in the URL.
 */
import type { Client } from 'graphql-ws';
import { type CeasefireCard, renderCeasefires } from './ceasefire-cards.js';
import { Controls } from './controls.js';
import { byId, debounce, selectorOf } from './dom.js';
import { EventDetailsPanel } from './event-details.js';
import { comparePositions, lateRecorded, occurredInterval } from './event-time.js';
import { GraphqlError, liveClient, query, setApiKey, subscribe } from './graphql-client.js';
import { buildLanes } from './lanes.js';
import { renderLegend } from './legend.js';
import { ACTORS, EVENT_APPENDED, EVENTS_PAGE, READ_MODELS } from './operations.js';
import { type PledgeRow, TimelineChart } from './timeline-chart.js';
import { type TimeWindow, fit, zoom } from './time-scale.js';
import type { Actor, ReadModels, TimelineEvent } from './types.js';
import { type ViewState, filterKey, formatViewState, parseViewState } from './view-state.js';

/** At most this many events are drawn (10 pages of 500); the status line says when there are more. */
const MAX_EVENTS = 5_000;
const FRESH_MS = 6_000;

interface EventsPage {
  events: {
    totalCount: number;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    edges: { node: TimelineEvent }[];
  };
}

class TimelinePage {
  private view: ViewState = parseViewState(location.search);
  private actors: Actor[] = [];
  private events: TimelineEvent[] = [];
  private totalCount = 0;
  private now: ReadModels = { ceasefires: [], pledges: [] };
  private atAsOf: ReadModels | null = null;
  private readonly fresh = new Set<string>();
  private late = new Set<string>();
  private loadedFilter = '';
  private eventsRequest: AbortController | null = null;
  private readModelsTurn = 0;
  private live: Client | null = null;
  private unsubscribe: (() => void) | null = null;
  private liveState: 'connecting' | 'live' | 'offline' = 'connecting';
  private frame = 0;

  private readonly chart = new TimelineChart(byId('timeline'), {
    select: (id, origin) => void this.openEvent(id, origin),
    window: (window) => this.setWindow(window),
    fit: () => this.setWindow(null),
  });
  private readonly controls = new Controls({
    filter: (change) => this.changeFilter(change),
    asOf: (asOf, settled) => this.changeAsOf(asOf, settled),
    zoom: (factor) => this.setWindow(zoom(this.window(), factor)),
    fit: () => this.setWindow(null),
  });
  private readonly details = new EventDetailsPanel(() => {
    this.view = { ...this.view, event: null };
    this.saveView();
    this.draw();
  });
  private readonly refreshReadModels = debounce((minPosition: string | null) => void this.loadReadModels(minPosition), 300);
  private readonly saveView = debounce(() => history.replaceState(null, '', `${location.pathname}${formatViewState(this.view)}`), 150);

  async start(): Promise<void> {
    byId<HTMLFormElement>('key-form').addEventListener('submit', (e) => {
      e.preventDefault();
      setApiKey(byId<HTMLInputElement>('api-key').value.trim() || null);
      location.reload();
    });
    document.addEventListener('click', (e) => {
      const target = (e.target as HTMLElement).closest<HTMLElement>('[data-open-event]');
      if (target?.dataset.openEvent) void this.openEvent(target.dataset.openEvent, target);
    });
    window.addEventListener('resize', () => this.draw());
    try {
      const [{ actors }] = await Promise.all([query<{ actors: Actor[] }>(ACTORS), this.loadEvents(), this.loadReadModels(null)]);
      this.actors = actors;
      this.controls.show(this.view, actors);
      if (this.view.asOf !== null) await this.loadReadModels(null);
      this.draw();
      if (this.view.event) void this.details.open(this.view.event, null);
      this.goLive();
      document.body.dataset.ready = 'true';
    } catch (error) {
      this.fail(error);
    }
  }

  private window(): TimeWindow {
    if (this.view.from !== null && this.view.to !== null) return { from: this.view.from, to: this.view.to };
    return fit(this.events.map((e) => occurredInterval(e.occurredAt, e.occurredPrecision)), Date.now());
  }

  private setWindow(window: TimeWindow | null): void {
    this.view = { ...this.view, from: window?.from ?? null, to: window?.to ?? null };
    this.saveView();
    this.draw();
  }

  private async loadEvents(): Promise<void> {
    this.eventsRequest?.abort();
    const request = new AbortController();
    this.eventsRequest = request;
    const key = filterKey(this.view);
    const filter = this.eventFilter();
    const events: TimelineEvent[] = [];
    let after: string | null = null;
    let total = 0;
    do {
      const page: EventsPage = await query<EventsPage>(EVENTS_PAGE, { filter, after }, request.signal);
      total = page.events.totalCount;
      events.push(...page.events.edges.map((edge) => edge.node));
      after = page.events.pageInfo.hasNextPage ? page.events.pageInfo.endCursor : null;
    } while (after && events.length < MAX_EVENTS);
    if (request.signal.aborted) return;
    this.events = events;
    this.totalCount = total;
    this.loadedFilter = key;
    this.late = lateRecorded(events);
    const times = events.map((e) => occurredInterval(e.occurredAt, e.occurredPrecision));
    if (times.length) this.controls.setDomain(Math.min(...times.map((t) => t.start)), Math.max(...times.map((t) => t.end)));
    this.controls.setAsOf(this.view.asOf);
  }

  private eventFilter(): Record<string, unknown> {
    const filter: Record<string, unknown> = { includeRetracted: true };
    if (this.view.actors.length) filter.actorIds = this.view.actors;
    if (this.view.types.length) filter.types = this.view.types;
    if (this.view.text.trim()) filter.text = this.view.text.trim();
    return filter;
  }

  /** `minPosition` (after a live event): wait until the read models reflect it. Without asOf only "now" is loaded. */
  private async loadReadModels(minPosition: string | null): Promise<void> {
    const turn = ++this.readModelsTurn;
    const asOf = this.view.asOf;
    const [now, then] = await Promise.all([
      query<ReadModels>(READ_MODELS, { minPosition }),
      asOf === null ? Promise.resolve(null) : query<ReadModels>(READ_MODELS, { asOf: new Date(asOf).toISOString(), minPosition }),
    ]);
    if (turn !== this.readModelsTurn) return;
    this.now = now;
    this.atAsOf = then;
    this.draw();
  }

  private changeFilter(change: Partial<ViewState>): void {
    this.view = { ...this.view, ...change };
    this.saveView();
    this.controls.show(this.view, this.actors);
    if (filterKey(this.view) === this.loadedFilter) {
      this.draw();
      return;
    }
    this.setBusy(true);
    this.loadEvents()
      .then(() => {
        this.draw();
        this.goLive();
      })
      .catch((error) => this.fail(error))
      .finally(() => this.setBusy(false));
  }

  private changeAsOf(asOf: number | null, settled: boolean): void {
    this.view = { ...this.view, asOf };
    this.saveView();
    this.draw();
    if (settled) void this.loadReadModels(null).catch((error) => this.fail(error));
  }

  private async openEvent(id: string, origin: HTMLElement | null): Promise<void> {
    this.view = { ...this.view, event: id };
    this.saveView();
    this.draw();
    await this.details.open(id, origin);
  }

  /** Subscribes to events after the last one of this filter; reconnects resume from there (duplicates are dropped by id). */
  private goLive(): void {
    this.unsubscribe?.();
    this.live ??= liveClient((state) => {
      this.liveState = state;
      this.drawStatus();
    });
    const after = this.events.reduce((max, e) => (comparePositions(e.position, max) > 0 ? e.position : max), '0');
    const latestFirst = this.totalCount > this.events.length;
    this.unsubscribe = subscribe<{ eventAppended: TimelineEvent }>(this.live, EVENT_APPENDED, { filter: this.eventFilter(), afterPosition: latestFirst ? null : after }, {
      next: ({ eventAppended }) => this.arrived(eventAppended),
      error: (error) => this.fail(error),
    });
  }

  private arrived(event: TimelineEvent): void {
    const known = this.events.findIndex((e) => e.id === event.id);
    if (known !== -1) return;
    this.events.push(event);
    this.events.sort((a, b) => Date.parse(a.occurredAt) - Date.parse(b.occurredAt) || comparePositions(a.position, b.position));
    this.totalCount += 1;
    this.late = lateRecorded(this.events);
    this.fresh.add(event.id);
    setTimeout(() => {
      this.fresh.delete(event.id);
      this.draw();
    }, FRESH_MS);
    const times = this.events.map((e) => occurredInterval(e.occurredAt, e.occurredPrecision));
    this.controls.setDomain(Math.min(...times.map((t) => t.start)), Math.max(...times.map((t) => t.end)));
    this.controls.setAsOf(this.view.asOf);
    byId('announcer').textContent = `New event: ${event.summary}`;
    // A correction or retraction changes how the event it names is shown: load the events again.
    if (event.type === 'EVENT_CORRECTED' || event.type === 'EVENT_RETRACTED') this.loadEvents().then(() => this.draw(), (error) => this.fail(error));
    this.refreshReadModels(event.position);
    this.draw();
  }

  private draw(): void {
    cancelAnimationFrame(this.frame);
    this.frame = requestAnimationFrame(() => {
      // Drawing builds the marks and cards anew: keep the keyboard focus where it was.
      const focused = selectorOf(document.activeElement);
      const names = new Map(this.actors.map((a) => [a.id, a.name]));
      const asOfModels = this.view.asOf === null ? this.now : this.atAsOf;
      const pledges: PledgeRow[] = [...this.now.pledges]
        .sort((a, b) => Date.parse(a.madeAt) - Date.parse(b.madeAt))
        .map((current) => ({ id: current.id, current, atAsOf: asOfModels ? (asOfModels.pledges.find((p) => p.id === current.id) ?? null) : current }));
      this.chart.render({
        lanes: buildLanes(this.events, this.view.lanes, names),
        pledges,
        window: this.window(),
        asOf: this.view.asOf,
        now: Date.now(),
        late: this.late,
        fresh: this.fresh,
        selected: this.view.event,
      });
      const cards: CeasefireCard[] = [...this.now.ceasefires]
        .sort((a, b) => Date.parse(a.proposedAt ?? a.agreedAt ?? '') - Date.parse(b.proposedAt ?? b.agreedAt ?? ''))
        .map((current) => ({ current, atAsOf: asOfModels ? (asOfModels.ceasefires.find((c) => c.id === current.id) ?? null) : current }));
      renderCeasefires(byId('ceasefires'), cards);
      renderLegend(byId('legend'), new Set(this.events.map((e) => e.type)));
      byId('ceasefires-as-of').textContent = this.view.asOf === null ? 'now' : `as of ${new Date(this.view.asOf).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
      this.drawStatus();
      if (focused && !document.activeElement?.matches(focused)) document.querySelector<HTMLElement>(focused)?.focus();
    });
  }

  private drawStatus(): void {
    const shown = this.events.length;
    const counts = shown < this.totalCount ? `${shown.toLocaleString('en')} of ${this.totalCount.toLocaleString('en')} events drawn (narrow the filters to see the rest)` : `${shown.toLocaleString('en')} event${shown === 1 ? '' : 's'}`;
    const live = { connecting: 'connecting…', live: 'live', offline: 'offline, reconnecting…' }[this.liveState];
    byId('status-count').textContent = counts;
    const liveNode = byId('status-live');
    liveNode.textContent = live;
    liveNode.dataset.state = this.liveState;
  }

  private setBusy(busy: boolean): void {
    byId('timeline').setAttribute('aria-busy', String(busy));
  }

  private fail(error: unknown): void {
    if ((error as Error)?.name === 'AbortError') return;
    const message = error instanceof Error ? error.message : String(error);
    const code = error instanceof GraphqlError ? error.code : '';
    const banner = byId('error');
    const needsKey = code === 'UNAUTHENTICATED' || code === 'FORBIDDEN';
    banner.textContent = needsKey ? `This server needs an API key for reads: ${message}` : `Something went wrong: ${message}`;
    banner.hidden = false;
    byId('key-form').hidden = !needsKey;
  }

}

void new TimelinePage().start();
