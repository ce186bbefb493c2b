/**
 * GET /export/events?format=ndjson|csv|parquet&…: the log streamed in position order, reproducible for a
 * given upToPosition (header X-Up-To-Position, and Parquet key-value metadata), with a download
 * file name. Reads are open unless PUBLIC_READ=false, as in GraphQL.
 */
import { Readable } from 'node:stream';
import { Controller, Get, Inject, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiKeysService } from '../auth/api-keys.service.js';
import { callerOf } from '../auth/bearer-principal.js';
import { checkAccess } from '../auth/roles.guard.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { EventExportService, exportMetadata } from './event-export.service.js';
import { encodeExport } from './export-encoder.js';
import { CONTENT_TYPES } from './export-formats.js';
import { parseExportQuery } from './export-query.js';

@Controller('export')
export class ExportController {
  constructor(
    @Inject(EventExportService) private readonly exporter: EventExportService,
    @Inject(ApiKeysService) private readonly keys: ApiKeysService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get('events')
  async events(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    checkAccess(await callerOf(this.keys, request.headers.authorization), 'READER', this.config.publicRead);
    const q = parseExportQuery(request.query as Record<string, string | string[]>);
    const plan = await this.exporter.plan(q);
    const name = `events-${plan.afterPosition}-${plan.upToPosition}${q.corrections === 'apply' ? '-corrected' : ''}.${q.format}`;
    await reply
      .status(200)
      .header('content-type', CONTENT_TYPES[q.format])
      .header('content-disposition', `attachment; filename="${name}"`)
      .header('x-after-position', plan.afterPosition)
      .header('x-up-to-position', plan.upToPosition)
      .header('cache-control', 'no-store')
      .send(Readable.from(encodeExport(plan.records, q, exportMetadata(q, plan))));
  }
}
