/**
 * The timeline page: loads the actors, the events (event-feed.ts) and the read models through the
 * public GraphQL API, draws them, and stays live through the eventAppended subscription. The view
 * (filters, lanes, window, "as of", open event) lives in the URL.
 */
import { renderAgreements, showAgreement } from './agreement-cards.js';
import { subjectCards } from './agreement-view.js';
import { claimMarks } from './claims-view.js';
import { Controls } from './controls.js';
import { byId, debounce, selectorOf } from './dom.js';
import { EventDetailsPanel } from './event-details.js';
import { EventFeed } from './event-feed.js';
import { occurredInterval } from './event-time.js';
import { GraphqlError, query } from './graphql-client.js';
import { bindKeyForm } from './key-form.js';
import { buildLanes } from './lanes.js';
import { renderLegend } from './legend.js';
import {
  TimelineActorsDocument,
  TimelineAgreementsDocument,
  TimelineDisputedClaimsDocument,
  TimelineReadModelsDocument,
} from '../generated/graphql.js';
import { type PledgeRow, TimelineChart } from './timeline-chart.js';
import { type TimeWindow, fit, zoom } from './time-scale.js';
import type { Actor, EventFilter, ReadModels, TimelineEvent } from './types.js';
import { type ViewState, filterKey, formatViewState, parseViewState } from './view-state.js';

const FRESH_MS = 6_000;
type LiveState = 'connecting' | 'live' | 'offline';

class TimelinePage {
  private view: ViewState = parseViewState(location.search);
  private actors: Actor[] = [];
  private now: ReadModels = { ceasefires: [], agreements: [], pledges: [], claims: [] };
  private atAsOf: ReadModels | null = null;
  private readonly fresh = new Set<string>();
  private loadedFilter = '';
  private readModelsTurn = 0;
  private liveState: LiveState = 'connecting';
  private frame = 0;
  /** The cards and legend need drawing at the next frame (see draw). */
  private cardsStale = true;
  private status = '';

  private readonly feed = new EventFeed({
    changed: () => {
      this.updateSliderDomain();
      this.draw();
    },
    arrived: (event) => this.arrived(event),
    status: (state) => {
      this.liveState = state;
      this.drawStatus();
    },
    failed: (error) => this.fail(error),
  });
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
  private readonly details = new EventDetailsPanel(
    () => {
      this.view = { ...this.view, event: null };
      this.saveView();
      this.draw();
    },
    () => this.view.asOf,
  );
  private readonly refreshReadModels = debounce(
    (minPosition: string | null) => void this.loadReadModels(minPosition).catch((error) => this.fail(error)),
    300,
  );
  private readonly saveView = debounce(
    () => history.replaceState(null, '', `${location.pathname}${formatViewState(this.view)}`),
    150,
  );

  async start(): Promise<void> {
    bindKeyForm();
    document.addEventListener('click', (e) => {
      const target = (e.target as HTMLElement).closest<HTMLElement>('[data-open-event], [data-show-agreement]');
      if (target?.dataset.openEvent) void this.openEvent(target.dataset.openEvent, target);
      else if (target?.dataset.showAgreement) showAgreement(target.dataset.showAgreement);
    });
    window.addEventListener('resize', () => this.draw('timeline'));
    try {
      this.loadedFilter = filterKey(this.view);
      // loadReadModels reads "now", and the view's "as of" moment when the URL gives one.
      const [{ actors }] = await Promise.all([
        query(TimelineActorsDocument, {}),
        this.feed.load(this.eventFilter()),
        this.loadReadModels(null),
      ]);
      this.actors = actors;
      this.controls.showActors(actors);
      this.controls.show(this.view);
      this.draw();
      if (this.view.event) void this.details.open(this.view.event, null);
      document.body.dataset.ready = 'true';
    } catch (error) {
      this.fail(error);
    }
  }

  private window(): TimeWindow {
    if (this.view.from !== null && this.view.to !== null) return { from: this.view.from, to: this.view.to };
    return fit(
      this.feed.events.map((e) => occurredInterval(e.occurredAt, e.occurredPrecision)),
      Date.now(),
    );
  }

  private setWindow(window: TimeWindow | null): void {
    this.view = { ...this.view, from: window?.from ?? null, to: window?.to ?? null };
    this.saveView();
    this.draw('timeline');
  }

  /** The slider runs over the time of the events drawn. */
  private updateSliderDomain(): void {
    const times = this.feed.events.map((e) => occurredInterval(e.occurredAt, e.occurredPrecision));
    if (times.length)
      this.controls.setDomain(Math.min(...times.map((t) => t.start)), Math.max(...times.map((t) => t.end)));
    this.controls.setAsOf(this.view.asOf);
  }

  private eventFilter(): EventFilter {
    const filter: EventFilter = { includeRetracted: true };
    if (this.view.actors.length) filter.actorIds = this.view.actors;
    if (this.view.types.length) filter.types = this.view.types;
    if (this.view.text.trim()) filter.text = this.view.text.trim();
    return filter;
  }

  /**
   * `minPosition` (after a live event): wait until the read models reflect it. Without asOf only
   * "now" is loaded. The readouts of a call in the open details follow the same moment.
   */
  private async loadReadModels(minPosition: string | null): Promise<void> {
    const turn = ++this.readModelsTurn;
    const asOf = this.view.asOf;
    void this.details.refreshReadouts(minPosition);
    const at = async (moment: string | null): Promise<ReadModels> => {
      const [models, { agreements }, { claims }] = await Promise.all([
        query(TimelineReadModelsDocument, { asOf: moment, minPosition }),
        query(TimelineAgreementsDocument, { asOf: moment, minPosition }),
        query(TimelineDisputedClaimsDocument, { asOf: moment, minPosition }),
      ]);
      return { ...models, agreements, claims };
    };
    const [now, then] = await Promise.all([
      at(null),
      asOf === null ? Promise.resolve(null) : at(new Date(asOf).toISOString()),
    ]);
    if (turn !== this.readModelsTurn) return;
    this.now = now;
    this.atAsOf = then;
    this.draw();
  }

  private changeFilter(change: Partial<ViewState>): void {
    this.view = { ...this.view, ...change };
    this.saveView();
    this.controls.show(this.view);
    const key = filterKey(this.view);
    if (key === this.loadedFilter) {
      this.draw();
      return;
    }
    this.loadedFilter = key;
    this.setBusy(true);
    this.feed
      .load(this.eventFilter())
      .then((current) => {
        if (!current) return;
        this.setBusy(false);
        // A load that works again clears what a failed one said (a missing key stays said).
        if (byId('key-form').hidden) byId('error').hidden = true;
      })
      .catch((error) => {
        // The same filter again (Enter, or the same box) tries again.
        this.loadedFilter = '';
        this.setBusy(false);
        this.fail(error);
      });
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

  private arrived(event: TimelineEvent): void {
    this.fresh.add(event.id);
    setTimeout(() => {
      this.fresh.delete(event.id);
      this.draw('timeline');
    }, FRESH_MS);
    byId('announcer').textContent = `New event: ${event.summary}`;
    this.refreshReadModels(event.position);
  }

  /**
   * Draws at the next frame. `timeline`: only the chart changed (the window while dragging or
   * zooming, a mark's highlight, the width): the cards and the legend stay as they are, unless a
   * full draw is still pending.
   */
  private draw(what: 'all' | 'timeline' = 'all'): void {
    if (what === 'all') this.cardsStale = true;
    cancelAnimationFrame(this.frame);
    this.frame = requestAnimationFrame(() => {
      // Drawing builds the marks and cards anew: keep the keyboard focus where it was (on the
      // timeline itself when its mark is no longer drawn, so that the arrow keys keep working).
      const active = document.activeElement;
      const focused = selectorOf(active);
      const inTimeline = active instanceof HTMLElement && byId('timeline').contains(active);
      const names = new Map(this.actors.map((a) => [a.id, a.name]));
      const asOfModels = this.view.asOf === null ? this.now : this.atAsOf;
      const pledges: PledgeRow[] = [...this.now.pledges]
        .sort((a, b) => Date.parse(a.madeAt) - Date.parse(b.madeAt))
        .map((current) => ({
          id: current.id,
          current,
          atAsOf: asOfModels ? (asOfModels.pledges.find((p) => p.id === current.id) ?? null) : current,
        }));
      // Disputed and contested at the "as of" moment (now, until that moment's answer arrives).
      const { disputed, contested } = claimMarks((asOfModels ?? this.now).claims);
      this.chart.render({
        lanes: buildLanes(this.feed.events, this.view.lanes, names),
        pledges,
        window: this.window(),
        asOf: this.view.asOf,
        now: Date.now(),
        late: this.feed.late,
        disputed,
        contested,
        fresh: this.fresh,
        selected: this.view.event,
      });
      if (this.cardsStale) {
        this.cardsStale = false;
        renderAgreements(byId('agreements'), subjectCards(this.now, asOfModels));
        renderLegend(byId('legend'), new Set(this.feed.events.map((e) => e.type)));
        byId('agreements-as-of').textContent =
          this.view.asOf === null
            ? 'now'
            : `as of ${new Date(this.view.asOf).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
      }
      this.drawStatus();
      if (focused && !document.activeElement?.matches(focused)) {
        const again = document.querySelector<HTMLElement>(focused);
        if (again) again.focus();
        else if (inTimeline) byId('timeline').focus();
      }
    });
  }

  /** The status line is announced (aria-live): it is written only when it says something new. */
  private drawStatus(): void {
    const shown = this.feed.events.length;
    const total = this.feed.totalCount;
    const counts =
      shown < total
        ? `${shown.toLocaleString('en')} of ${total.toLocaleString('en')} events drawn: the latest (narrow the filters to see the rest)`
        : `${shown.toLocaleString('en')} event${shown === 1 ? '' : 's'}`;
    const live = { connecting: 'connecting…', live: 'live', offline: 'offline, reconnecting…' }[this.liveState];
    const status = `${counts}|${this.liveState}`;
    if (status === this.status) return;
    this.status = status;
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
    banner.textContent = needsKey
      ? `This server needs an API key for reads: ${message}`
      : `Something went wrong: ${message}`;
    banner.hidden = false;
    byId('key-form').hidden = !needsKey;
  }
}

void new TimelinePage().start();
