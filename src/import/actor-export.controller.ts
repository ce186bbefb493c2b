/**
 * GET /export/actors: every actor as an NDJSON line `{ id, name, kind, represents }`, principals
 * first (by the depth of their represents chain, then by id), so that the file imports as it is
 * (POST /import/actors, `npm run import -- --actors`). Reads are open unless PUBLIC_READ=false.
 */
import { Controller, Get, Inject, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { ActorLine } from '../actors/actors.repository.js';
import { ActorsService } from '../actors/actors.service.js';

export type ActorExportLine = Pick<ActorLine, 'id' | 'name' | 'kind' | 'represents'>;

export function actorLine(actor: ActorExportLine): string {
  return `${JSON.stringify({ id: actor.id, name: actor.name, kind: actor.kind, represents: actor.represents ?? null })}\n`;
}

@Controller('export')
export class ActorExportController {
  constructor(@Inject(ActorsService) private readonly actorsService: ActorsService) {}

  @Get('actors')
  async actors(@Res() reply: FastifyReply): Promise<void> {
    const actors = await this.actorsService.forExport();
    await reply
      .status(200)
      .header('content-type', 'application/x-ndjson; charset=utf-8')
      .header('content-disposition', 'attachment; filename="actors.ndjson"')
      .header('cache-control', 'no-store')
      .send(actors.map(actorLine).join(''));
  }
}
