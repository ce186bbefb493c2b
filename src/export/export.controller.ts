/**
 * GET /export/events?format=ndjson|csv|parquet&…: the log streamed in position order, reproducible for a
 * given upToPosition (header X-Up-To-Position, and Parquet key-value metadata), with a download
 * file name. Reads are open unless PUBLIC_READ=false, as in GraphQL. A key revoked while its export
 * streams ends the download there (the connection is closed before the end of the body). Parquet is
 * encoded in a worker thread (parquet-worker.ts), which the end of the download ends too. gzip when
 * the client accepts it (send-export.ts).
 */
import { Controller, Get, Inject, type OnApplicationShutdown, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { KeyRevocations } from '../auth/key-revocations.service.js';
import { principalOf } from '../auth/roles.guard.js';
import { Metrics } from '../metrics/metrics.js';
import { countedRows, meteredBody } from '../metrics/metered.js';
import { EventExportService, exportMetadata } from './event-export.service.js';
import { encodeExport } from './export-encoder.js';
import { CONTENT_TYPES } from './export-formats.js';
import { parseExportQuery } from './export-query.js';
import { stopIdleParquetWorker } from './parquet-worker.js';
import { sendExport } from './send-export.js';

@Controller('export')
export class ExportController implements OnApplicationShutdown {
  constructor(
    @Inject(EventExportService) private readonly exporter: EventExportService,
    @Inject(KeyRevocations) private readonly revocations: KeyRevocations,
    @Inject(Metrics) private readonly metrics: Metrics,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await stopIdleParquetWorker();
  }

  @Get('events')
  async events(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const q = parseExportQuery(request.query as Record<string, string | string[]>);
    // An export of the whole log streams for long: it stops (the download is cut short) if its key is revoked meanwhile.
    const { signal, stop } = this.revocations.signalOf(principalOf(request));
    reply.raw.once('close', stop);
    const plan = await this.exporter.plan(q, signal);
    const meter = this.metrics.transfer('export', 'events', q.format);
    const records = countedRows(plan.records, meter);
    const name = `events-${plan.afterPosition}-${plan.upToPosition}${q.corrections === 'apply' ? '-corrected' : ''}.${q.format}`;
    await sendExport(
      request,
      reply,
      {
        'content-type': CONTENT_TYPES[q.format],
        'content-disposition': `attachment; filename="${name}"`,
        'x-after-position': plan.afterPosition,
        'x-up-to-position': plan.upToPosition,
        'cache-control': 'no-store',
      },
      meteredBody(encodeExport(records, q, exportMetadata(q, plan), signal), meter),
    );
  }
}
