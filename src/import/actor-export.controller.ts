/**
 * GET /export/actors: every actor as an NDJSON line `{ id, name, kind, represents }`, principals
 * first (by the depth of their represents chain, then by id), so that the file imports as it is
 * (POST /import/actors, `npm run import -- --actors`). Reads are open unless PUBLIC_READ=false.
 * gzip when the client accepts it.
 */
import { Controller, Get, Inject, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ActorLine } from '../actors/actors.repository.js';
import { ActorsService } from '../actors/actors.service.js';
import { sendExport } from '../export/send-export.js';

export type ActorExportLine = Pick<ActorLine, 'id' | 'name' | 'kind' | 'represents'>;

export function actorLine(actor: ActorExportLine): string {
  return `${JSON.stringify({ id: actor.id, name: actor.name, kind: actor.kind, represents: actor.represents ?? null })}\n`;
}

@Controller('export')
export class ActorExportController {
  constructor(@Inject(ActorsService) private readonly actorsService: ActorsService) {}

  @Get('actors')
  async actors(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const actors = await this.actorsService.forExport();
    await sendExport(
      request,
      reply,
      {
        'content-type': 'application/x-ndjson; charset=utf-8',
        'content-disposition': 'attachment; filename="actors.ndjson"',
        'cache-control': 'no-store',
      },
      [actors.map(actorLine).join('')],
    );
  }
}
