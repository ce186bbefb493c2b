/**
 * The service's Prometheus metrics: one Registry per application (never prom-client's global one,
 * so that several apps in one process keep their own counts). Everything that happens is counted
 * where it happens (HTTP, GraphQL operations, appends, exports, imports); what has a current value
 * (projection positions, pools, WebSockets) is read by the sources registered with `onScrape`,
 * each time /metrics is scraped. Labels take bounded values only: route patterns, never URLs;
 * operation names up to MAX_OPERATION_NAMES (of at most MAX_OPERATION_NAME_LENGTH characters), then "other".
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { DomainError } from '../common/domain-error.js';
import { isDatabaseUnavailable } from '../common/graphql-errors.js';

/** Distinct GraphQL operation names counted under their own label; later ones count as "other". */
export const MAX_OPERATION_NAMES = 200;
/** Longer operation names count as "other" too: a name is the caller's to choose, and each is kept and scraped. */
export const MAX_OPERATION_NAME_LENGTH = 64;
/** A scrape source that takes longer is left out of that scrape. */
const SOURCE_TIMEOUT_MS = 2_000;

const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const LONG_BUCKETS = [0.1, 0.5, 1, 5, 15, 60, 300, 900, 3600];

export type ScrapeSource = () => Promise<void> | void;

/** What an export or import counts while it runs: `done` records it once, whatever happens. */
export interface TransferMeter {
  rows(n: number): void;
  bytes(n: number): void;
  done(outcome: 'ok' | 'refused' | 'error' | 'aborted'): void;
}

export class Metrics {
  readonly registry = new Registry();
  private readonly sources: ScrapeSource[] = [];
  private readonly operationNames = new Set<string>();

  readonly httpRequests = new Counter({
    name: 'diplomacy_http_requests_total',
    help: 'HTTP requests answered, by method, route pattern and status class',
    labelNames: ['method', 'route', 'status_class'] as const,
    registers: [this.registry],
  });
  readonly httpDuration = new Histogram({
    name: 'diplomacy_http_request_duration_seconds',
    help: 'Time from a request to its answer, by method, route pattern and status class',
    labelNames: ['method', 'route', 'status_class'] as const,
    buckets: DURATION_BUCKETS,
    registers: [this.registry],
  });
  readonly operations = new Counter({
    name: 'diplomacy_graphql_operations_total',
    help: 'GraphQL operations over HTTP, by operation name ("anonymous" without one), type and outcome',
    labelNames: ['operation', 'type', 'outcome'] as const,
    registers: [this.registry],
  });
  readonly operationDuration = new Histogram({
    name: 'diplomacy_graphql_operation_duration_seconds',
    help: 'Time Apollo spent on a GraphQL operation over HTTP, by operation name and type',
    labelNames: ['operation', 'type'] as const,
    buckets: DURATION_BUCKETS,
    registers: [this.registry],
  });
  readonly eventsAppended = new Counter({
    name: 'diplomacy_events_appended_total',
    help: 'Events appended to the log by this instance, by event type (idempotent retries not counted)',
    labelNames: ['type'] as const,
    registers: [this.registry],
  });
  readonly appendFailures = new Counter({
    name: 'diplomacy_append_failures_total',
    help: 'Appends refused or failed, by error code',
    labelNames: ['code'] as const,
    registers: [this.registry],
  });
  readonly logHead = new Gauge({
    name: 'diplomacy_log_head_position',
    help: 'The position of the last event in the log',
    registers: [this.registry],
  });
  readonly projectionPosition = new Gauge({
    name: 'diplomacy_projection_position',
    help: 'The position each projection has reached (its checkpoint)',
    labelNames: ['projection'] as const,
    registers: [this.registry],
  });
  readonly projectionLag = new Gauge({
    name: 'diplomacy_projection_lag_events',
    help: "Events each projection has still to apply (the log's head minus its checkpoint)",
    labelNames: ['projection'] as const,
    registers: [this.registry],
  });
  readonly transfers = new Counter({
    name: 'diplomacy_transfers_total',
    help: 'Exports and imports finished, by direction, what was moved, format and outcome',
    labelNames: ['direction', 'kind', 'format', 'outcome'] as const,
    registers: [this.registry],
  });
  readonly transferRows = new Counter({
    name: 'diplomacy_transfer_rows_total',
    help: 'Rows exported (records written) or imported (lines read), by direction, kind and format',
    labelNames: ['direction', 'kind', 'format'] as const,
    registers: [this.registry],
  });
  readonly transferBytes = new Counter({
    name: 'diplomacy_transfer_bytes_total',
    help: 'Bytes exported (body sent, before compression) or imported (body read), by direction, kind and format',
    labelNames: ['direction', 'kind', 'format'] as const,
    registers: [this.registry],
  });
  readonly transferDuration = new Histogram({
    name: 'diplomacy_transfer_duration_seconds',
    help: 'Time an export or import took, to its last byte, by direction, kind and format',
    labelNames: ['direction', 'kind', 'format'] as const,
    buckets: LONG_BUCKETS,
    registers: [this.registry],
  });
  readonly poolConnections = new Gauge({
    name: 'diplomacy_db_pool_connections',
    help: 'Connections the database pool holds, by pool (primary, replica)',
    labelNames: ['pool'] as const,
    registers: [this.registry],
  });
  readonly poolIdle = new Gauge({
    name: 'diplomacy_db_pool_idle_connections',
    help: 'Connections of the pool not in use, by pool',
    labelNames: ['pool'] as const,
    registers: [this.registry],
  });
  readonly poolWaiting = new Gauge({
    name: 'diplomacy_db_pool_waiting_requests',
    help: 'Queries waiting for a connection of the pool, by pool',
    labelNames: ['pool'] as const,
    registers: [this.registry],
  });
  readonly replicaServingReads = new Gauge({
    name: 'diplomacy_replica_serving_reads',
    help: 'With READ_DATABASE_URL: 1 while reads go to the replica, 0 while they go to the primary (replica down or lagging)',
    registers: [this.registry],
  });
  readonly replicaLag = new Gauge({
    name: 'diplomacy_replica_lag_seconds',
    help: "With READ_MAX_LAG_MS: how long the replica has been behind the primary's log head, at the last sample",
    registers: [this.registry],
  });
  readonly wsConnections = new Gauge({
    name: 'diplomacy_graphql_ws_connections',
    help: 'Open GraphQL WebSocket connections (graphql-ws)',
    registers: [this.registry],
  });
  readonly wsOperations = new Gauge({
    name: 'diplomacy_graphql_ws_active_operations',
    help: 'Operations running on the open WebSocket connections (a subscription until it completes)',
    registers: [this.registry],
  });
  readonly scrapeErrors = new Counter({
    name: 'diplomacy_metrics_source_errors_total',
    help: 'Scrape sources that failed or timed out (their gauges keep their last value)',
    labelNames: ['source'] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  /** Registers a source of current values, read at every scrape. */
  onScrape(name: string, source: ScrapeSource): void {
    this.sources.push(async () => {
      let timer: NodeJS.Timeout | undefined;
      try {
        await Promise.race([
          source(),
          new Promise<never>((_, reject) => {
            timer = setTimeout(() => reject(new Error('timeout')), SOURCE_TIMEOUT_MS);
          }),
        ]);
      } catch {
        this.scrapeErrors.inc({ source: name });
      } finally {
        clearTimeout(timer);
      }
    });
  }

  /** The text of a scrape (Prometheus text format 0.0.4). */
  async scrape(): Promise<string> {
    // One after another, in the order registered: the pools are read before the scrape's own query takes a connection.
    for (const source of this.sources) await source();
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  recordHttp(method: string, route: string, status: number, seconds: number): void {
    const labels = { method, route, status_class: `${Math.floor(status / 100)}xx` };
    this.httpRequests.inc(labels);
    this.httpDuration.observe(labels, seconds);
  }

  /** `name` null: an anonymous operation; `type` null: one that never resolved (it did not parse or validate). */
  recordOperation(name: string | null, type: string | null, ok: boolean, seconds: number): void {
    const labels = { operation: this.operationLabel(name, type), type: type ?? 'unknown' };
    this.operations.inc({ ...labels, outcome: ok ? 'success' : 'error' });
    this.operationDuration.observe(labels, seconds);
  }

  private operationLabel(name: string | null, type: string | null): string {
    if (type === null) return 'invalid';
    if (!name) return 'anonymous';
    if (this.operationNames.has(name)) return name;
    if (name.length > MAX_OPERATION_NAME_LENGTH || this.operationNames.size >= MAX_OPERATION_NAMES) return 'other';
    this.operationNames.add(name);
    return name;
  }

  recordAppended(types: Iterable<string>): void {
    for (const type of types) this.eventsAppended.inc({ type });
  }

  recordAppendFailure(error: unknown): void {
    // The codes clients get (extensions.code), a bounded set: never a driver's own codes.
    const code =
      error instanceof DomainError ? error.code : isDatabaseUnavailable(error) ? 'SERVICE_UNAVAILABLE' : 'INTERNAL';
    this.appendFailures.inc({ code });
  }

  /** Starts measuring one export or import. */
  transfer(direction: 'export' | 'import', kind: string, format: string): TransferMeter {
    const labels = { direction, kind, format };
    const started = process.hrtime.bigint();
    let finished = false;
    return {
      rows: (n) => this.transferRows.inc(labels, n),
      bytes: (n) => this.transferBytes.inc(labels, n),
      done: (outcome) => {
        if (finished) return;
        finished = true;
        this.transfers.inc({ ...labels, outcome });
        this.transferDuration.observe(labels, Number(process.hrtime.bigint() - started) / 1e9);
      },
    };
  }
}
