/**
 * Where pure reads go: to the streaming replica of READ_DATABASE_URL while it answers, else to the
 * primary. Writes, the projector, drafts, keys, migrations and LISTEN never come here: they hold
 * the primary's DataSource. Without READ_DATABASE_URL every read goes to the primary, as before.
 *
 * A read that finds the replica unreachable is run again on the primary, and the replica counts as
 * down until a probe (every second) reaches it again. With READ_MAX_LAG_MS, a replica that has been
 * behind the primary's log head for longer than that is `lagging`: reads go to the primary until it
 * catches up (replica-lag.ts). A hot standby hears no NOTIFY, so waiting for a position there polls.
 */
import { Logger, type OnModuleDestroy } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { DomainError, badInput } from '../common/domain-error.js';
import { isDatabaseUnavailable } from '../common/graphql-errors.js';
import { redactUrl } from './database-url.js';
import type { Channel, PgNotifierService } from './pg-notifier.service.js';
import { ReplicaLag } from './replica-lag.js';

/** How long a read waits for a position (minPosition) before it gives up. */
export const MIN_POSITION_WAIT_MS = 5_000;
/** How often a replica that is down is probed, and a position on the replica polled. */
const PROBE_MS = 1_000;
const POLL_MS = 50;

/** `lagging`: it answers, but has been behind the primary for longer than READ_MAX_LAG_MS; reads go to the primary. */
export type ReplicaState = 'up' | 'down' | 'lagging';

/** READ_MAX_LAG_MS: how the replica's lag is watched. */
export interface LagWatch {
  maxLagMs: number;
  /** The log's head on the primary. */
  primaryHead: () => Promise<string>;
  /** The log's head on `db` (the replica). */
  headOf: (db: DataSource) => Promise<string>;
}

/** What a read waits for with minPosition: the position it reads, named as NOT_CAUGHT_UP names it. */
export interface PositionSource {
  /** e.g. "log read", "pledges read model" */
  name: string;
  /** The position this source has reached, read on `db`. */
  positionOf: (db: DataSource) => Promise<string>;
  /** Notified when that position moves (on the primary). */
  channel: Channel;
}

/** The replica's DataSource and whether it answers; probed back to life after a failure. */
export class ReplicaLink {
  private readonly logger = new Logger('ReadReplica');
  state: ReplicaState = 'down';
  private probing: NodeJS.Timeout | null = null;
  private closed = false;
  private connecting: Promise<void> | null = null;
  private watching: NodeJS.Timeout | null = null;
  private sampling = false;
  private readonly lag = new ReplicaLag();

  constructor(
    readonly db: DataSource,
    private readonly url: string,
    private readonly lagWatch: LagWatch | null = null,
  ) {}

  /** Connects in the background: reads go to the primary until the replica answers. */
  start(): void {
    void this.probe();
    if (this.lagWatch) {
      this.watching = setInterval(() => void this.sample(), PROBE_MS);
      this.watching.unref();
    }
  }

  /** A read found the replica unreachable: reads go to the primary until a probe reaches it. */
  lost(error: unknown): void {
    this.lag.reset();
    if (this.state !== 'down')
      this.logger.warn(`read replica ${redactUrl(this.url)} unreachable, reading from the primary: ${String(error)}`);
    this.state = 'down';
    this.schedule();
  }

  private schedule(): void {
    if (this.closed || this.probing) return;
    this.probing = setTimeout(() => {
      this.probing = null;
      void this.probe();
    }, PROBE_MS);
    this.probing.unref();
  }

  private async probe(): Promise<void> {
    if (this.closed) return;
    try {
      if (!this.db.isInitialized) {
        this.connecting ??= this.db
          .initialize()
          .then(() => undefined)
          .finally(() => (this.connecting = null));
        await this.connecting;
      }
      await this.db.query('SELECT 1');
      if (this.state === 'down') this.logger.log(`reading from the replica ${redactUrl(this.url)}`);
      this.state = 'up';
    } catch (error) {
      if (this.state === 'up') this.lost(error);
      else this.schedule();
    }
  }

  /**
   * One sample of both heads: `lagging` once the replica has been behind for longer than the bound,
   * `up` again once it is not. A primary that does not answer leaves the replica as the only source:
   * `up`, whatever its lag.
   */
  private async sample(): Promise<void> {
    const watch = this.lagWatch;
    if (!watch || this.closed || this.state === 'down' || this.sampling) return;
    this.sampling = true;
    try {
      let primaryHead: string;
      try {
        primaryHead = await watch.primaryHead();
      } catch {
        this.lag.reset();
        this.setLagging(false, 'the primary does not answer: reading from the replica, however far behind');
        return;
      }
      let replicaHead: string;
      try {
        replicaHead = await watch.headOf(this.db);
      } catch (error) {
        if (isDatabaseUnavailable(error)) this.lost(error);
        return;
      }
      if (this.closed || (this.state as ReplicaState) === 'down') return;
      const lagMs = this.lag.observe(BigInt(primaryHead), BigInt(replicaHead), Date.now());
      this.setLagging(lagMs > watch.maxLagMs, 'caught up: reading from it again');
    } finally {
      this.sampling = false;
    }
  }

  /** `back`: why reads return to a lagging replica, for the log. */
  private setLagging(lagging: boolean, back: string): void {
    if (lagging && this.state === 'up') {
      this.logger.warn(
        `read replica ${redactUrl(this.url)} has been behind the primary for ${this.lag.lastMs} ms (READ_MAX_LAG_MS ${this.lagWatch?.maxLagMs}): reading from the primary`,
      );
      this.state = 'lagging';
    } else if (!lagging && this.state === 'lagging') {
      this.logger.log(`read replica ${redactUrl(this.url)}: ${back}`);
      this.state = 'up';
    }
  }

  /** The lag found by the last sample (READ_MAX_LAG_MS only): milliseconds behind the primary's head. */
  get lagMs(): number | null {
    return this.lag.lastMs;
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.probing) clearTimeout(this.probing);
    if (this.watching) clearInterval(this.watching);
    await this.connecting?.catch(() => undefined);
    if (this.db.isInitialized) await this.db.destroy().catch(() => undefined);
  }
}

/** A standby cancelled the query to replay WAL (hot_standby_feedback off): the primary answers it. */
function conflictWithRecovery(error: unknown): boolean {
  const e = error as { code?: string; driverError?: { code?: string }; message?: string } | null;
  return (e?.driverError?.code ?? e?.code) === '40001' && /conflict with recovery/i.test(e?.message ?? '');
}

export class ReadDatabase implements OnModuleDestroy {
  constructor(
    readonly primary: DataSource,
    private readonly replica: ReplicaLink | null = null,
    private readonly notifier: PgNotifierService | null = null,
  ) {}

  /** The replica's DataSource (connected or not); null without READ_DATABASE_URL. */
  get replicaSource(): DataSource | null {
    return this.replica?.db ?? null;
  }

  /** 'none' without READ_DATABASE_URL. */
  get replicaState(): ReplicaState | 'none' {
    return this.replica?.state ?? 'none';
  }

  /** How far behind the primary's head the replica was at the last sample, in ms; null unless READ_MAX_LAG_MS is set. */
  get replicaLagMs(): number | null {
    return this.replica?.lagMs ?? null;
  }

  /** The replica's DataSource while it answers; null when reads go to the primary. */
  private get replicaDb(): DataSource | null {
    return this.replica?.state === 'up' ? this.replica.db : null;
  }

  /**
   * Runs `read` (one or more queries that must see one database) on the replica, or on the primary
   * when the replica is down, or turns out to be while `read` runs.
   */
  async run<T>(read: (db: DataSource) => Promise<T>): Promise<T> {
    const replica = this.replicaDb;
    if (!replica) return this.replica?.state === 'lagging' ? this.primaryOrLagging(read) : read(this.primary);
    try {
      return await read(replica);
    } catch (error) {
      if (isDatabaseUnavailable(error)) this.replica!.lost(error);
      else if (!conflictWithRecovery(error)) throw error;
      return read(this.primary);
    }
  }

  /** The replica lags, so the primary answers; when the primary is away, a late answer beats none. */
  private async primaryOrLagging<T>(read: (db: DataSource) => Promise<T>): Promise<T> {
    try {
      return await read(this.primary);
    } catch (error) {
      if (!isDatabaseUnavailable(error) || !this.replica) throw error;
      return read(this.replica.db);
    }
  }

  /**
   * Runs `read` on the replica alone: null when there is none or it is down (the fallback of auth,
   * health). A lagging replica answers here: this is what is read when the primary does not answer.
   */
  async onReplica<T>(read: (db: DataSource) => Promise<T>): Promise<{ value: T } | null> {
    const replica = this.replica && this.replica.state !== 'down' ? this.replica.db : null;
    if (!replica) return null;
    try {
      return { value: await read(replica) };
    } catch (error) {
      if (!isDatabaseUnavailable(error)) throw error;
      this.replica!.lost(error);
      return null;
    }
  }

  /**
   * Read your writes: waits until `source` (read where reads go) has reached `minPosition`, at most
   * MIN_POSITION_WAIT_MS, then NOT_CAUGHT_UP. A `minPosition` that is no position is BAD_USER_INPUT
   * at `path`. On the primary it wakes on the source's channel; a replica hears no NOTIFY, so there
   * it polls.
   */
  async waitForPosition(minPosition: string, source: PositionSource, path = 'minPosition'): Promise<void> {
    if (!/^\d{1,19}$/.test(minPosition)) throw badInput(path, 'must be a position (a decimal string)');
    const deadline = Date.now() + MIN_POSITION_WAIT_MS;
    for (;;) {
      const position = await this.run(source.positionOf);
      if (BigInt(position) >= BigInt(minPosition)) return;
      const left = deadline - Date.now();
      if (left <= 0)
        throw new DomainError(
          'NOT_CAUGHT_UP',
          `the ${source.name} is at position ${position}, not yet at ${minPosition}; retry shortly`,
          { position, minPosition },
        );
      if (this.replicaDb || !this.notifier)
        await new Promise((resolve) => setTimeout(resolve, Math.min(left, POLL_MS)));
      else await this.notifier.waitFor(source.channel, Math.min(left, 250));
    }
  }

  async onModuleDestroy(): Promise<void> {
    await this.replica?.close();
  }
}
