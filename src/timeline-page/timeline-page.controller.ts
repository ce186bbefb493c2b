/**
 * GET / — the timeline page —, GET /review — the review page, where editors draft events and
 * admins approve them — and GET /assets/<file>, their scripts and styles (built by
 * `npm run build` from web/timeline and web/review). The pages themselves need no key; the
 * GraphQL they send follows PUBLIC_READ and the key's role like any other client's.
 */
import { Controller, Get, Inject, Param, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Open } from '../auth/require-role.decorator.js';
import { DomainError } from '../common/domain-error.js';
import { PAGE_CSP, type PageAsset, PageAssets } from './page-assets.js';

@Open()
@Controller()
export class TimelinePageController {
  constructor(@Inject(PageAssets) private readonly assets: PageAssets) {}

  @Get()
  async page(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    await this.send(request, reply, 'index.html', 'no-cache');
  }

  @Get('review')
  async review(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    await this.send(request, reply, 'review.html', 'no-cache');
  }

  @Get('assets/:name')
  async asset(@Param('name') name: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    // Pages are served at their own paths (/, /review and GET /graphql), with their own policies.
    if (name.endsWith('.html')) throw new DomainError('NOT_FOUND', `no asset named "${name.slice(0, 100)}"`);
    // The script and styles keep their names across builds: revalidate (ETag) rather than cache blindly.
    await this.send(request, reply, name, 'no-cache');
  }

  private async send(request: FastifyRequest, reply: FastifyReply, name: string, cacheControl: string): Promise<void> {
    const asset: PageAsset | undefined = this.assets.get(name);
    if (!asset) {
      if (!this.assets.built) {
        throw new DomainError('SERVICE_UNAVAILABLE', 'the timeline page is not built: run npm run build');
      }
      throw new DomainError('NOT_FOUND', `no asset named "${name.slice(0, 100)}"`);
    }
    void reply
      .header('cache-control', cacheControl)
      .header('etag', asset.etag)
      .header('content-type', asset.contentType);
    if (asset.contentType.startsWith('text/html')) void reply.header('content-security-policy', PAGE_CSP);
    if (request.headers['if-none-match'] === asset.etag) {
      await reply.status(304).send();
      return;
    }
    await reply.status(200).send(asset.body);
  }
}
