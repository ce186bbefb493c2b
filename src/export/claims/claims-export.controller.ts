/**
 * GET /export/claims?format=ndjson|csv|parquet&…: the claims ledger as a table, one row per claim
 * (claim-export-record.ts), with the filters of Query.claims. Reads are open unless
 * PUBLIC_READ=false, as in GraphQL. The ledger is read whole before the first byte is sent (it is
 * one row per statement, report or disputed event, not the log).
 */
import { Controller, Get, Inject, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ReadDatabase } from '../../database/read-database.js';
import { EventsRepository } from '../../events/events.repository.js';
import { Metrics } from '../../metrics/metrics.js';
import { ClaimsService } from '../../read-models/claims/claims.service.js';
import { loadPrincipals } from '../../read-models/principals.js';
import { CONTENT_TYPES, csvHeaderOf, csvRow, ndjsonRow } from '../export-formats.js';
import { writeParquet } from '../parquet-writer.js';
import { CLAIM_EXPORT_COLUMNS, CLAIM_EXPORT_COLUMN_SPECS, toClaimExportRecord } from './claim-export-record.js';
import { parseClaimsExportQuery } from './claims-export-query.js';

@Controller('export')
export class ClaimsExportController {
  constructor(
    @Inject(ClaimsService) private readonly claims: ClaimsService,
    @Inject(ReadDatabase) private readonly reads: ReadDatabase,
    @Inject(Metrics) private readonly metrics: Metrics,
  ) {}

  @Get('claims')
  async export(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const q = parseClaimsExportQuery(request.query as Record<string, string | string[]>);
    const meter = this.metrics.transfer('export', 'claims', q.format);
    try {
      const body = await this.encode(q);
      meter.rows(body.rows);
      const bytes = typeof body.bytes === 'string' ? body.bytes : Buffer.from(body.bytes);
      meter.bytes(Buffer.byteLength(bytes));
      await reply
        .status(200)
        .header('content-type', CONTENT_TYPES[q.format])
        .header('content-disposition', `attachment; filename="claims.${q.format}"`)
        .header('x-up-to-position', body.position)
        .header('cache-control', 'no-store')
        .send(bytes);
      meter.done('ok');
    } catch (error) {
      meter.done('error');
      throw error;
    }
  }

  /** The ledger's rows in the format asked for, and the position they reflect. */
  private async encode(
    q: ReturnType<typeof parseClaimsExportQuery>,
  ): Promise<{ bytes: string | Uint8Array; rows: number; position: string }> {
    const found = await this.claims.find(q.claims);
    const { principals, provenance } = await this.reads.run(async (db) => ({
      principals: await loadPrincipals(db),
      provenance: await new EventsRepository(db).provenance(found.map(({ claim }) => claim.eventId)),
    }));
    const records = found.map(({ claim, answer }) =>
      toClaimExportRecord(claim, answer.view.streamId, principals, provenance.get(claim.eventId)),
    );
    const position = found[0]?.answer.position ?? '0';
    let body: string | Uint8Array;
    if (q.format === 'parquet')
      body = writeParquet(CLAIM_EXPORT_COLUMN_SPECS, records as unknown as Array<Record<string, unknown>>, {
        'diplomacy-timeline.export': 'claims',
      });
    else if (q.format === 'csv')
      body =
        (q.header ? csvHeaderOf(CLAIM_EXPORT_COLUMNS) : '') +
        records.map((r) => csvRow(CLAIM_EXPORT_COLUMNS, r)).join('');
    else body = records.map((r) => ndjsonRow(CLAIM_EXPORT_COLUMNS, r)).join('');
    return { bytes: body, rows: records.length, position };
  }
}
