/**
 * GET /export/actors: every actor as an NDJSON line `{ id, name, kind, represents }`, principals
 * first (by the depth of their represents chain, then by id), so that the file imports as it is
 * (POST /import/actors, `npm run import -- --actors`). Reads are open unless PUBLIC_READ=false.
 */
import { Controller, Get, Inject, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { DataSource } from 'typeorm';

export interface ActorExportLine {
  id: string;
  name: string;
  kind: string;
  represents: string | null;
}

/** Every actor, principals first (depth of the represents chain, then id). */
export async function actorsForExport(db: DataSource): Promise<ActorExportLine[]> {
  return db.query(
    `WITH RECURSIVE chain(id, depth) AS (
       SELECT id, 0 FROM actors WHERE represents IS NULL
       UNION ALL
       SELECT a.id, c.depth + 1 FROM actors a JOIN chain c ON a.represents = c.id)
     SELECT a.id, a.name, a.kind, a.represents FROM actors a JOIN chain c ON c.id = a.id ORDER BY c.depth, a.id COLLATE "C"`,
  );
}

export function actorLine(actor: ActorExportLine): string {
  return `${JSON.stringify({ id: actor.id, name: actor.name, kind: actor.kind, represents: actor.represents ?? null })}\n`;
}

@Controller('export')
export class ActorExportController {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
  ) {}

  @Get('actors')
  async actors(@Res() reply: FastifyReply): Promise<void> {
    const actors = await actorsForExport(this.db);
    await reply
      .status(200)
      .header('content-type', 'application/x-ndjson; charset=utf-8')
      .header('content-disposition', 'attachment; filename="actors.ndjson"')
      .header('cache-control', 'no-store')
      .send(actors.map(actorLine).join(''));
  }
}
