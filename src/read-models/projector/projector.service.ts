/**
 * Runs the projectors on one instance at a time: the instance holding a PostgreSQL advisory lock
 * (on a connection of its own) projects; the others retry every 2 seconds, so when the holder dies
 * (its connection closes and PostgreSQL frees the lock) another takes over within seconds. The
 * leader also renews a lease (leader-lock.ts) every fifth of PROJECTOR_LEASE_MS: a leader that
 * froze with its connection open stops renewing, and the next instance to find the lease older
 * than PROJECTOR_LEASE_MS fences it (ends its backends, which frees the lock) and takes over. The
 * leader catches up at once, then follows each append (LISTEN) with a slow poll as a safety net.
 *
 * Each batch is one transaction for all the projections (project-batch.ts): it locks their
 * checkpoint rows, checks they are where this projector left them, writes the rows and moves the
 * checkpoints: a crash applies a batch wholly or not at all, and two projectors can never apply
 * the same batch.
 */
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { DATABASE_URL } from '../../database/database-url.js';
import { LeaderLock } from '../../database/leader-lock.js';
import { PgNotifierService } from '../../database/pg-notifier.service.js';
import { PrincipalsCache } from '../principals.js';
import { type ProjectionStatus, checkpointStatus, ensureCheckpoints } from './checkpoints.repository.js';
import { catchUpDelay } from './catch-up-pace.js';
import { type BatchResult, LostLead, projectBatch } from './project-batch.js';
import { rebuild } from './rebuild.js';
import { PROJECTIONS } from '../read-models.js';
import type { AnyProjection } from './subject-projection.js';

export const LEADER_LOCK_KEY = 727_010;
export const LEADER_RETRY_MS = 2_000;
/**
 * A batch projects everything appended since the checkpoint, up to this many events: a batch costs
 * about the same however many events it holds (each subject it touches is refolded once), so a
 * projector behind (after a bulk import, on a new instance) catches up in few large batches.
 */
export const MAX_BATCH_SIZE = 20_000;
/** Further behind than this, catchUp rebuilds a projection instead (see catchUp). */
export const REBUILD_BEHIND = 100_000;
/** How often the leader looks for appends it was not told about. */
export const POLL_MS = 2_000;
/**
 * The least time between two catch-ups while appends keep coming: a burst of appends is projected
 * in a few batches instead of one per append (each batch costs a dozen queries), at the price of
 * this much delay before a read model shows an append (npm run bench: appends, subscriptions).
 * Slow catch-ups space the next further (catch-up-pace.ts), up to MAX_PACE_MS.
 */
export const PACE_MS = 50;
export const MAX_PACE_MS = 1_000;

export type { ProjectionStatus };

@Injectable()
export class ProjectorService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(ProjectorService.name);
  private readonly principals = new PrincipalsCache();
  private readonly lock: LeaderLock;
  /** How far behind a projection is rebuilt rather than caught up in batches (tests lower it). */
  rebuildBehind = REBUILD_BEHIND;
  private closed = false;
  private stop = new AbortController();
  private running: Promise<void> | null = null;
  leader = false;
  /** The lease's epoch while the loop leads (projectBatch checks it); null otherwise (tools and tests catching up). */
  private leaseEpoch: string | null = null;
  private heartbeat: NodeJS.Timeout | null = null;

  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(DATABASE_URL) url: string,
    @Inject(PgNotifierService) private readonly notifier: PgNotifierService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    // The lock went with its connection.
    this.lock = new LeaderLock(url, LEADER_LOCK_KEY, () => (this.leader = false));
  }

  onApplicationBootstrap(): void {
    if (this.config.runProjections) this.running = this.loop();
  }

  private checkpointsEnsured = false;

  /** Checkpoints for projections registered since the migrations made the others' (at 0: catching up fills them), once per process. */
  private async ensureCheckpoints(): Promise<void> {
    if (this.checkpointsEnsured) return;
    await ensureCheckpoints(
      this.db,
      PROJECTIONS.map((projection) => projection.name),
    );
    this.checkpointsEnsured = true;
  }

  async onModuleDestroy(): Promise<void> {
    this.closed = true;
    this.stop.abort();
    await this.running?.catch(() => undefined);
    await this.releaseLock();
  }

  /** Each projection's checkpoint and how far it is behind the log. */
  status(): Promise<ProjectionStatus[]> {
    return checkpointStatus(this.db);
  }

  /**
   * Projects everything appended so far (also usable from tools and tests). Returns events projected.
   * A projection further behind than `rebuildBehind` events (after a bulk import) is rebuilt
   * instead: folding every subject once is far cheaper than batch after batch (npm run bench: 900k
   * events took 6.5 minutes in batches, 10 seconds by rebuild).
   */
  async catchUp(): Promise<number> {
    await this.ensureCheckpoints();
    let total = 0;
    const status = await this.status();
    for (const projection of PROJECTIONS) {
      const behind = status.find((s) => s.name === projection.name);
      if (behind && behind.lag > this.rebuildBehind) {
        const result = await rebuild(this.db, projection);
        this.logger.log({
          msg: 'rebuilt instead of catching up',
          projection: projection.name,
          position: result.position,
          lag: behind.lag,
        });
        total += Number(BigInt(result.position) - BigInt(behind.position));
      }
    }
    for (;;) {
      const batch = await this.batch(PROJECTIONS, MAX_BATCH_SIZE);
      total += batch.projected;
      if (batch.caughtUp) break;
    }
    return total;
  }

  /** One batch of `projections` (all of them in one transaction); the events projected, counted per projection (0: caught up). */
  async projectBatch(projections: readonly AnyProjection[] = PROJECTIONS, maxSize = MAX_BATCH_SIZE): Promise<number> {
    return (await this.batch(projections, maxSize)).projected;
  }

  private async batch(projections: readonly AnyProjection[], maxSize: number): Promise<BatchResult> {
    const result = await projectBatch(this.db, projections, {
      maxSize,
      principals: this.principals,
      leaseEpoch: this.leaseEpoch,
    });
    for (const range of result.ranges) this.logger.debug({ msg: 'projected', ...range });
    return result;
  }

  private async loop(): Promise<void> {
    // Watch before the first catch-up: an append heard while a catch-up runs starts the next one.
    const appends = this.notifier.watch('events_appended');
    const last = { startedAt: 0, tookMs: 0 };
    try {
      while (!this.closed) {
        try {
          if (!this.leader) {
            this.leader = await this.lock.tryAcquire();
            if (!this.leader) {
              const fenced = await this.lock.fenceStale(this.config.projectorLeaseMs);
              if (fenced)
                this.logger.warn({
                  msg: 'fenced a projector leader that stopped renewing its lease',
                  holder: fenced.holder,
                  backendsEnded: fenced.ended,
                  leaseMs: this.config.projectorLeaseMs,
                });
              // Fenced: its lock is freed as its backend exits; try again soon.
              await sleep(fenced ? 200 : LEADER_RETRY_MS, this.stop.signal);
              continue;
            }
            this.leaseEpoch = this.lock.epoch;
            this.startHeartbeat();
            this.logger.log({ msg: 'this instance now runs the projectors', epoch: this.leaseEpoch });
          } else {
            // The poll is the safety net for a lost notification connection.
            await appends.next(POLL_MS, this.stop.signal);
            await sleep(catchUpDelay(last, Date.now(), PACE_MS, MAX_PACE_MS), this.stop.signal);
            if (!this.leader) continue;
          }
          last.startedAt = Date.now();
          await this.catchUp();
          last.tookMs = Date.now() - last.startedAt;
        } catch (error) {
          if (this.closed) break;
          this.logger.warn({ msg: 'projector stopped; retrying', error: (error as Error).message });
          this.leader = false;
          await this.releaseLock();
          await sleep(1_000, this.stop.signal);
        }
      }
    } finally {
      appends.close();
    }
  }

  private async releaseLock(): Promise<void> {
    this.leader = false;
    this.leaseEpoch = null;
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = null;
    await this.lock.release();
  }

  /** Renews the lease every fifth of its bound while leading; a failed renewal gives the lead up. */
  private startHeartbeat(): void {
    if (this.heartbeat) clearInterval(this.heartbeat);
    let renewing = false;
    this.heartbeat = setInterval(
      () => {
        if (renewing) return;
        renewing = true;
        this.lock
          .renew()
          .then((renewed) => {
            if (!renewed) throw new LostLead('the lease was taken by another instance');
          })
          .catch((error: unknown) => {
            if (this.closed || !this.leader) return;
            this.logger.warn({ msg: 'lost the projector lead', error: (error as Error).message });
            void this.releaseLock();
          })
          .finally(() => (renewing = false));
      },
      Math.max(200, Math.floor(this.config.projectorLeaseMs / 5)),
    );
    this.heartbeat.unref();
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done);
  });
}
