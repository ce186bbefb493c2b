/**
 * GET /export/codebook: the codebook as JSON (every event type with its fields, their meaning and
 * type, a JSON Schema of the payload, the CAMEO and PLOVER codes; the export columns; the enums;
 * time precision). docs/codebook.md is the same content as Markdown. Reads are open unless
 * PUBLIC_READ=false, as for GET /export/events.
 */
import { Controller, Get, Header } from '@nestjs/common';
import { buildCodebook, type Codebook } from './codebook.js';

@Controller('export')
export class CodebookController {
  /** Built once: the codebook is a pure function of the code. */
  private readonly codebook: Codebook = buildCodebook();

  @Get('codebook')
  @Header('cache-control', 'no-cache')
  codebookJson(): Codebook {
    return this.codebook;
  }
}
