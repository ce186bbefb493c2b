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
  ) {}

  @Get('claims')
  async export(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const q = parseClaimsExportQuery(request.query as Record<string, string | string[]>);
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
    await reply
      .status(200)
      .header('content-type', CONTENT_TYPES[q.format])
      .header('content-disposition', `attachment; filename="claims.${q.format}"`)
      .header('x-up-to-position', position)
      .header('cache-control', 'no-store')
      .send(typeof body === 'string' ? body : Buffer.from(body));
  }
}
