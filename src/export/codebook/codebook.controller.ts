/**
 * GET /export/codebook: the codebook as JSON (every event type with its fields, their meaning and
 * type, a JSON Schema of the payload, the CAMEO and PLOVER codes; the export columns; the enums;
 * time precision). docs/codebook.md is the same content as Markdown. Reads are open unless
 * PUBLIC_READ=false, as for GET /export/events.
 */
import { Controller, Get, Header, Inject, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { ApiKeysService } from '../../auth/api-keys.service.js';
import { callerOf } from '../../auth/bearer-principal.js';
import { checkAccess } from '../../auth/roles.guard.js';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { buildCodebook, type Codebook } from './codebook.js';

@Controller('export')
export class CodebookController {
  /** Built once: the codebook is a pure function of the code. */
  private readonly codebook: Codebook = buildCodebook();

  constructor(
    @Inject(ApiKeysService) private readonly keys: ApiKeysService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get('codebook')
  @Header('cache-control', 'no-cache')
  async codebookJson(@Req() request: FastifyRequest): Promise<Codebook> {
    checkAccess(await callerOf(this.keys, request.headers.authorization), 'READER', this.config.publicRead);
    return this.codebook;
  }
}
