/**
 * GET /health: 200 when the database answers, with the log's last position and each projection's
 * position and lag (and whether this instance runs the projectors); 503 when the database does not.
 */
import { Controller, Get, Inject, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { Open } from '../auth/require-role.decorator.js';
import { EventStoreService } from '../events/event-store.service.js';
import { ProjectorService } from '../read-models/projector/projector.service.js';

const TIMEOUT_MS = 3_000;

@Open()
@Controller('health')
export class HealthController {
  constructor(
    @Inject(EventStoreService) private readonly store: EventStoreService,
    @Inject(ProjectorService) private readonly projector: ProjectorService,
  ) {}

  @Get()
  async health(@Res() reply: FastifyReply): Promise<void> {
    try {
      const [lastPosition, projections] = await Promise.race([
        Promise.all([this.store.lastPosition(), this.projector.status()]),
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), TIMEOUT_MS).unref()),
      ]);
      await reply.status(200).send({
        status: 'ok',
        database: 'up',
        lastPosition,
        projector: this.projector.leader ? 'this instance' : 'another instance',
        projections: Object.fromEntries(projections.map((p) => [p.name, { position: p.position, lag: p.lag }])),
      });
    } catch {
      await reply.status(503).send({ status: 'unavailable', database: 'down' });
    }
  }
}
