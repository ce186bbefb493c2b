/**
 * GET /export/read-models/{ceasefires,pledges,agreements}?format=ndjson|csv|parquet&asOf=&knownAt=:
 * a read model as a table, one flat row per subject (the columns beside each read model, in
 * `<name>.export-columns.ts`), made from the answers Query.ceasefires / pledges / agreements give
 * for the same asOf and knownAt (the projected rows now; a replay of the log otherwise). The
 * claims ledger is at /export/read-models/claims too (claims-export.controller.ts). Reads are open
 * unless PUBLIC_READ=false, as in GraphQL. The subjects are read whole, in one read, before the
 * first byte (one row per subject, not the log); the encoding streams, gzip when the client accepts it.
 */
import { Controller, Get, Inject, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { KeyRevocations } from '../../auth/key-revocations.service.js';
import { principalOf } from '../../auth/roles.guard.js';
import { Metrics } from '../../metrics/metrics.js';
import { meteredBody } from '../../metrics/metered.js';
import {
  AGREEMENT_EXPORT_COLUMNS,
  toAgreementExportRow,
} from '../../read-models/agreements/agreement.export-columns.js';
import { toAgreementModel } from '../../read-models/agreements/agreement-models.js';
import { AGREEMENTS } from '../../read-models/agreements/agreement.projection.js';
import {
  CEASEFIRE_EXPORT_COLUMNS,
  toCeasefireExportRow,
} from '../../read-models/ceasefires/ceasefire.export-columns.js';
import { CEASEFIRES } from '../../read-models/ceasefires/ceasefire.projection.js';
import { toCeasefireModel } from '../../read-models/ceasefires/ceasefires.resolver.js';
import { PLEDGE_EXPORT_COLUMNS, toPledgeExportRow } from '../../read-models/pledges/pledge.export-columns.js';
import { PLEDGES } from '../../read-models/pledges/pledge.projection.js';
import { toPledgeModel } from '../../read-models/pledges/pledges.resolver.js';
import { type Answer, SubjectReadsService } from '../../read-models/projector/subject-reads.service.js';
import type { SubjectProjection } from '../../read-models/projector/subject-projection.js';
import { CONTENT_TYPES } from '../export-formats.js';
import { type TableColumn, encodeTable } from '../export-table.js';
import { sendExport } from '../send-export.js';
import { parseReadModelExportQuery } from './read-model-export-query.js';

/** A read model's export: its projection, and its answers as rows. */
interface ExportedModel<S, V, R extends object> {
  name: string;
  projection: SubjectProjection<S, V>;
  columns: ReadonlyArray<TableColumn<R>>;
  row: (answer: Answer<V>) => R;
}

const exported = <S, V, R extends object>(model: ExportedModel<S, V, R>) => model;

const CEASEFIRES_EXPORT = exported({
  name: 'ceasefires',
  projection: CEASEFIRES,
  columns: CEASEFIRE_EXPORT_COLUMNS,
  row: (a) => toCeasefireExportRow(toCeasefireModel(a)),
});
const PLEDGES_EXPORT = exported({
  name: 'pledges',
  projection: PLEDGES,
  columns: PLEDGE_EXPORT_COLUMNS,
  row: (a) => toPledgeExportRow(toPledgeModel(a)),
});
const AGREEMENTS_EXPORT = exported({
  name: 'agreements',
  projection: AGREEMENTS,
  columns: AGREEMENT_EXPORT_COLUMNS,
  row: (a) => toAgreementExportRow(toAgreementModel(a)),
});

@Controller('export/read-models')
export class ReadModelExportController {
  constructor(
    @Inject(SubjectReadsService) private readonly reads: SubjectReadsService,
    @Inject(KeyRevocations) private readonly revocations: KeyRevocations,
    @Inject(Metrics) private readonly metrics: Metrics,
  ) {}

  @Get('ceasefires')
  ceasefires(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    return this.export(CEASEFIRES_EXPORT, request, reply);
  }

  @Get('pledges')
  pledges(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    return this.export(PLEDGES_EXPORT, request, reply);
  }

  @Get('agreements')
  agreements(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    return this.export(AGREEMENTS_EXPORT, request, reply);
  }

  private async export<S, V, R extends object>(
    model: ExportedModel<S, V, R>,
    request: FastifyRequest,
    reply: FastifyReply,
  ): Promise<void> {
    const q = parseReadModelExportQuery(request.query as Record<string, string | string[]>);
    const { signal, stop } = this.revocations.signalOf(principalOf(request));
    reply.raw.once('close', stop);
    // Every subject, as the list query without a page answers it; the brief state (the first violation and a count).
    const meter = this.metrics.transfer('export', model.name, q.format);
    const answers = await this.reads
      .list(model.projection, { asOf: q.asOf, knownAt: q.knownAt, firstViolationOnly: true }, () => true, null)
      .catch((error: unknown) => {
        meter.done('error');
        throw error;
      });
    meter.rows(answers.length);
    const position = answers[0]?.position ?? null;
    const metadata: Record<string, string> = {
      'diplomacy.export': model.name,
      ...(q.asOf ? { 'diplomacy.asOf': q.asOf.toISOString() } : {}),
      ...(q.knownAt ? { 'diplomacy.knownAt': q.knownAt.toISOString() } : {}),
      ...(position ? { 'diplomacy.position': position } : {}),
    };
    await sendExport(
      request,
      reply,
      {
        'content-type': CONTENT_TYPES[q.format],
        'content-disposition': `attachment; filename="${model.name}.${q.format}"`,
        ...(position ? { 'x-up-to-position': position } : {}),
        'cache-control': 'no-store',
      },
      meteredBody(
        encodeTable(model.columns, answers.map(model.row), q.format, { header: q.header, metadata, signal }),
        meter,
      ),
    );
  }
}
