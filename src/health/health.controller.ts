/** GET /health: 200 when the database answers (with the log's last position), 503 when it does not. */
import { Controller, Get, Inject, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { DataSource } from 'typeorm';

@Controller('health')
export class HealthController {
  constructor(@Inject(DataSource) private readonly db: DataSource) {}

  @Get()
  async health(@Res() reply: FastifyReply): Promise<void> {
    try {
      const [row] = await Promise.race([
        this.db.query('SELECT last_position::text AS position FROM log_head'),
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), 3_000).unref()),
      ]);
      await reply.status(200).send({ status: 'ok', database: 'up', lastPosition: row.position, projections: {} });
    } catch {
      await reply.status(503).send({ status: 'unavailable', database: 'down' });
    }
  }
}
