/**
 * GET /export/claims (and /export/read-models/claims, beside the other read models)
 * ?format=ndjson|csv|parquet&…: the claims ledger as a table, one row per claim
 * (claim-export-record.ts), with the filters of Query.claims. Reads are open unless
 * PUBLIC_READ=false, as in GraphQL. The ledger is read whole before the first byte is sent (it is
 * one row per statement, report or disputed event, not the log); the encoding streams, gzip when
 * the client accepts it.
 */
import { Controller, Get, Inject, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ReadDatabase } from '../../database/read-database.js';
import { EventsRepository } from '../../events/events.repository.js';
import { Metrics } from '../../metrics/metrics.js';
import { meteredBody } from '../../metrics/metered.js';
import { ClaimsService } from '../../read-models/claims/claims.service.js';
import { loadPrincipals } from '../../read-models/principals.js';
import { CONTENT_TYPES } from '../export-formats.js';
import { encodeTable } from '../export-table.js';
import { sendExport } from '../send-export.js';
import { CLAIM_EXPORT_COLUMN_SPECS, type ClaimExportRecord, toClaimExportRecord } from './claim-export-record.js';
import { parseClaimsExportQuery } from './claims-export-query.js';

@Controller('export')
export class ClaimsExportController {
  constructor(
    @Inject(ClaimsService) private readonly claims: ClaimsService,
    @Inject(ReadDatabase) private readonly reads: ReadDatabase,
    @Inject(Metrics) private readonly metrics: Metrics,
  ) {}

  @Get(['claims', 'read-models/claims'])
  async export(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const q = parseClaimsExportQuery(request.query as Record<string, string | string[]>);
    const meter = this.metrics.transfer('export', 'claims', q.format);
    let records: ClaimExportRecord[];
    let position: string;
    try {
      const found = await this.claims.find(q.claims);
      const { principals, provenance } = await this.reads.run(async (db) => ({
        principals: await loadPrincipals(db),
        provenance: await new EventsRepository(db).provenance(found.map(({ claim }) => claim.eventId)),
      }));
      records = found.map(({ claim, answer }) =>
        toClaimExportRecord(claim, answer.view.streamId, principals, provenance.get(claim.eventId)),
      );
      position = found[0]?.answer.position ?? '0';
    } catch (error) {
      meter.done('error');
      throw error;
    }
    meter.rows(records.length);
    await sendExport(
      request,
      reply,
      {
        'content-type': CONTENT_TYPES[q.format],
        'content-disposition': `attachment; filename="claims.${q.format}"`,
        'x-up-to-position': position,
        'cache-control': 'no-store',
      },
      meteredBody(
        encodeTable(CLAIM_EXPORT_COLUMN_SPECS, records, q.format, {
          header: q.header,
          metadata: { 'diplomacy-timeline.export': 'claims' },
        }),
        meter,
      ),
    );
  }
}
