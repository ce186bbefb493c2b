/**
 * GET /health: 200 when the database answers, with the log's last position and each projection's
 * position and lag (and whether this instance runs the projectors); 503 when the database does not.
 * With a read replica (READ_DATABASE_URL), `replica` says whether it answers, the position it has
 * replayed and how far behind the primary's head that is; while the primary is down and the
 * replica answers, the status is `degraded` with 200 (reads go on, writes answer SERVICE_UNAVAILABLE).
 * A replica behind for longer than READ_MAX_LAG_MS is `lagging`: reads go to the primary, `degraded`.
 *
 * GET /health/live: 200 while the process answers, whatever the database does (a liveness probe
 * must not restart every instance during a database outage). GET /health/ready: /health's answer,
 * and 503 also when a projection is more than READY_MAX_LAG events behind (a readiness probe takes
 * the instance out of the load balancer until it can answer; 0 turns that check off).
 */
import { Controller, Get, Inject, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { Open } from '../auth/require-role.decorator.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { ReadDatabase } from '../database/read-database.js';
import { EventStoreService } from '../events/event-store.service.js';
import { EventsRepository } from '../events/events.repository.js';
import { ProjectorService } from '../read-models/projector/projector.service.js';

const TIMEOUT_MS = 3_000;

function bounded<T>(work: Promise<T>): Promise<T> {
  return Promise.race([
    work,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), TIMEOUT_MS).unref()),
  ]);
}

interface ReplicaHealth {
  /** `lagging`: answers, but behind for longer than READ_MAX_LAG_MS, so reads go to the primary. */
  status: 'up' | 'down' | 'lagging';
  lastPosition?: string;
  /** Positions the replica has still to replay (when the primary answers too). */
  lag?: number;
  /** How long it has been behind the primary's head at the last sample (with READ_MAX_LAG_MS). */
  lagMs?: number;
}

interface HealthBody {
  status: 'ok' | 'degraded' | 'unavailable';
  database: 'up' | 'down';
  replica?: ReplicaHealth;
  lastPosition?: string;
  projector?: string;
  projections?: Record<string, { position: string; lag: number }>;
}

@Open()
@Controller('health')
export class HealthController {
  constructor(
    @Inject(EventStoreService) private readonly store: EventStoreService,
    @Inject(ProjectorService) private readonly projector: ProjectorService,
    @Inject(ReadDatabase) private readonly reads: ReadDatabase,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  async health(@Res() reply: FastifyReply): Promise<void> {
    const { status, body } = await this.probe();
    await reply.status(status).send(body);
  }

  @Get('live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  async ready(@Res() reply: FastifyReply): Promise<void> {
    const { status, body } = await this.probe();
    const behind = Object.entries(body.projections ?? {})
      // READY_MAX_LAG=0 turns the check off: any append puts a projection behind for a moment.
      .filter(([, p]) => this.config.readyMaxLag > 0 && p.lag > this.config.readyMaxLag)
      .map(([name]) => name);
    if (status === 200 && behind.length > 0) {
      await reply.status(503).send({ ...body, status: 'behind', behind, readyMaxLag: this.config.readyMaxLag });
      return;
    }
    await reply.status(status).send(body);
  }

  /** What /health answers: the primary's state (and the replica's), bounded by TIMEOUT_MS each. */
  private async probe(): Promise<{ status: number; body: HealthBody }> {
    const [primary, replica] = await Promise.all([
      bounded(Promise.all([this.store.lastPosition(), this.projector.status()])).catch(() => null),
      this.replica(),
    ]);
    if (replica && primary && replica.lastPosition !== undefined)
      replica.lag = Math.max(0, Number(BigInt(primary[0]) - BigInt(replica.lastPosition)));
    const withReplica = replica ? { replica } : {};
    if (!primary) {
      const degraded = replica !== null && replica.status !== 'down';
      return {
        status: degraded ? 200 : 503,
        body: { status: degraded ? 'degraded' : 'unavailable', database: 'down', ...withReplica },
      };
    }
    const [lastPosition, projections] = primary;
    return {
      status: 200,
      body: {
        status: replica && replica.status !== 'up' ? 'degraded' : 'ok',
        database: 'up',
        ...withReplica,
        lastPosition,
        projector: this.projector.leader ? 'this instance' : 'another instance',
        projections: Object.fromEntries(projections.map((p) => [p.name, { position: p.position, lag: p.lag }])),
      },
    };
  }

  /** null without a replica. */
  private async replica(): Promise<ReplicaHealth | null> {
    if (this.reads.replicaState === 'none') return null;
    const answer = await bounded(this.reads.onReplica((db) => new EventsRepository(db).lastPosition())).catch(
      () => null,
    );
    if (!answer) return { status: 'down' };
    const lagMs = this.reads.replicaLagMs;
    return {
      status: this.reads.replicaState === 'lagging' ? 'lagging' : 'up',
      lastPosition: answer.value,
      ...(lagMs === null ? {} : { lagMs }),
    };
  }
}
