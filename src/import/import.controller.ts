/**
 * POST /import/events and POST /import/actors (ADMIN key): the body is NDJSON
 * (`Content-Type: application/x-ndjson`), read as a stream, never buffered whole: the global body
 * limit does not apply (each line is limited to MAX_LINE_BYTES instead). The answer is the import
 * report as JSON: 200 when every line is in the log (written now or already there), 422 when lines
 * were refused (the report says which, and what was written before). `?dryRun=true` runs every
 * check and writes nothing (the write is rehearsed and rolled back). Events are recorded as
 * appended and approved by `import:<key name>`; lines of our own export keep their appended_by and
 * approved_by (the importer is kept as importedBy). Refused while REQUIRE_REVIEW is on (dry runs
 * excepted). A key revoked during an import stops it before its next chunk of 500 lines (the
 * report says which lines were not written).
 */
import type { Readable } from 'node:stream';
import { Controller, Inject, type OnModuleInit, Post, Req, Res } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { KeyRevocations } from '../auth/key-revocations.service.js';
import { RequireRole } from '../auth/require-role.decorator.js';
import { principalOf } from '../auth/roles.guard.js';
import { DomainError, badInput } from '../common/domain-error.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { Metrics } from '../metrics/metrics.js';
import { meteredBody } from '../metrics/metered.js';
import { ActorImporter } from './actor-importer.js';
import { EventImporter } from './event-importer.js';

export const NDJSON_CONTENT_TYPE = 'application/x-ndjson';

/** Hands NDJSON bodies over as the raw stream (no body limit, no buffering). Once per Fastify instance. */
export function registerNdjsonParser(fastify: FastifyInstance): void {
  if (fastify.hasContentTypeParser(NDJSON_CONTENT_TYPE)) return;
  fastify.addContentTypeParser(NDJSON_CONTENT_TYPE, (_request, payload, done) => done(null, payload));
}

@RequireRole('ADMIN')
@Controller('import')
export class ImportController implements OnModuleInit {
  constructor(
    @Inject(HttpAdapterHost) private readonly adapterHost: HttpAdapterHost,
    @Inject(EventImporter) private readonly events: EventImporter,
    @Inject(ActorImporter) private readonly actors: ActorImporter,
    @Inject(KeyRevocations) private readonly revocations: KeyRevocations,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(Metrics) private readonly metrics: Metrics,
  ) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter?.getInstance<FastifyInstance>();
    if (fastify && typeof fastify.addContentTypeParser === 'function') registerNdjsonParser(fastify);
  }

  @Post('events')
  async importEvents(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const principal = principalOf(request);
    if (this.config.requireReview && !dryRun(request))
      throw new DomainError(
        'FORBIDDEN',
        'REQUIRE_REVIEW is on: events reach the log through reviewed drafts only; an operator restores or migrates a log with npm run import',
      );
    // A long import stops writing at its next chunk if its key is revoked meanwhile.
    const { signal, stop } = this.revocations.signalOf(principal);
    try {
      const report = await this.metered('events', dryRun(request), ndjsonBody(request), (body) =>
        this.events.import(body, {
          keyName: `import:${principal?.keyName ?? 'unknown'}`,
          dryRun: dryRun(request),
          signal,
        }),
      );
      await reply
        .status(report.ok ? 200 : 422)
        .header('cache-control', 'no-store')
        .send(report);
    } finally {
      stop();
    }
  }

  @Post('actors')
  async importActors(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const report = await this.metered('actors', dryRun(request), ndjsonBody(request), (body) =>
      this.actors.import(body, { dryRun: dryRun(request) }),
    );
    await reply
      .status(report.ok ? 200 : 422)
      .header('cache-control', 'no-store')
      .send(report);
  }

  /**
   * `run` with its body counted (metrics: lines read, bytes, duration, outcome). Dry runs write
   * nothing and are not counted.
   */
  private async metered<R extends { ok: boolean; lines: number }>(
    kind: 'events' | 'actors',
    dry: boolean,
    body: AsyncIterable<Uint8Array | string>,
    run: (body: AsyncIterable<Uint8Array | string>) => Promise<R>,
  ): Promise<R> {
    if (dry) return run(body);
    const meter = this.metrics.transfer('import', kind, 'ndjson');
    try {
      // The body's end is not the import's: the meter is done once the report is.
      const report = await run(meteredBody(body, { ...meter, done: () => undefined }));
      meter.rows(report.lines);
      meter.done(report.ok ? 'ok' : 'refused');
      return report;
    } catch (error) {
      meter.done('error');
      throw error;
    }
  }
}

function dryRun(request: FastifyRequest): boolean {
  const value = (request.query as Record<string, string | undefined>)?.dryRun;
  return value === 'true' || value === '1';
}

/** The body stream; anything but an NDJSON body is refused. */
function ndjsonBody(request: FastifyRequest): AsyncIterable<Uint8Array | string> {
  const body = request.body as Readable | undefined;
  if (!body || typeof body[Symbol.asyncIterator] !== 'function' || typeof body.pipe !== 'function') {
    throw badInput('content-type', `send the lines with "Content-Type: ${NDJSON_CONTENT_TYPE}"`);
  }
  return body;
}
