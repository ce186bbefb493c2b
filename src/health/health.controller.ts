/**
 * GET /health: 200 when the database answers, with the log's last position and each projection's
 * position and lag (and whether this instance runs the projectors); 503 when the database does not.
 * With a read replica (READ_DATABASE_URL), `replica` says whether it answers, the position it has
 * replayed and how far behind the primary's head that is; while the primary is down and the
 * replica answers, the status is `degraded` with 200 (reads go on, writes answer SERVICE_UNAVAILABLE).
 */
import { Controller, Get, Inject, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { Open } from '../auth/require-role.decorator.js';
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
  status: 'up' | 'down';
  lastPosition?: string;
  /** Positions the replica has still to replay (when the primary answers too). */
  lag?: number;
}

@Open()
@Controller('health')
export class HealthController {
  constructor(
    @Inject(EventStoreService) private readonly store: EventStoreService,
    @Inject(ProjectorService) private readonly projector: ProjectorService,
    @Inject(ReadDatabase) private readonly reads: ReadDatabase,
  ) {}

  @Get()
  async health(@Res() reply: FastifyReply): Promise<void> {
    const [primary, replica] = await Promise.all([
      bounded(Promise.all([this.store.lastPosition(), this.projector.status()])).catch(() => null),
      this.replica(),
    ]);
    if (replica && primary && replica.lastPosition !== undefined)
      replica.lag = Math.max(0, Number(BigInt(primary[0]) - BigInt(replica.lastPosition)));
    const withReplica = replica ? { replica } : {};
    if (!primary) {
      const degraded = replica?.status === 'up';
      await reply
        .status(degraded ? 200 : 503)
        .send({ status: degraded ? 'degraded' : 'unavailable', database: 'down', ...withReplica });
      return;
    }
    const [lastPosition, projections] = primary;
    await reply.status(200).send({
      status: replica?.status === 'down' ? 'degraded' : 'ok',
      database: 'up',
      ...withReplica,
      lastPosition,
      projector: this.projector.leader ? 'this instance' : 'another instance',
      projections: Object.fromEntries(projections.map((p) => [p.name, { position: p.position, lag: p.lag }])),
    });
  }

  /** null without a replica. */
  private async replica(): Promise<ReplicaHealth | null> {
    if (this.reads.replicaState === 'none') return null;
    const answer = await bounded(this.reads.onReplica((db) => new EventsRepository(db).lastPosition())).catch(
      () => null,
    );
    return answer ? { status: 'up', lastPosition: answer.value } : { status: 'down' };
  }
}
