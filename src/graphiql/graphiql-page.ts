/**
 * GraphiQL at GET /graphql, for a browser asking for a page (Accept: text/html, no query): the
 * page of the project's own build (dist/page/graphiql.html, its script and styles under /assets/,
 * built from web/graphiql), under a Content-Security-Policy that lets it load nothing from another
 * host. On unless production; GRAPHIQL=true turns it on there (it only shows what the schema
 * already answers, but it is a page that holds whatever key a user pastes into it).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { PageAssets } from '../timeline-page/page-assets.js';

/** GraphiQL's policy: its own script and styles, GraphQL to the same origin (HTTP and WebSocket), fonts and icons inlined. */
export const GRAPHIQL_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

function wantsPage(request: FastifyRequest): boolean {
  if (request.method !== 'GET' && request.method !== 'HEAD') return false;
  const [path, query = ''] = request.url.split('?');
  const params = new URLSearchParams(query);
  if (path !== '/graphql' || params.has('query') || params.has('extensions')) return false;
  return String(request.headers.accept ?? '').includes('text/html');
}

/** Answers browsers' GET /graphql with GraphiQL; GraphQL requests go on to the server. */
export function serveGraphiql(fastify: FastifyInstance, assets: PageAssets): void {
  fastify.addHook('onRequest', async (request, reply) => {
    if (!wantsPage(request)) return;
    const page = assets.get('graphiql.html');
    if (!page) {
      return reply
        .code(503)
        .send({ error: { code: 'SERVICE_UNAVAILABLE', message: 'GraphiQL is not built: run npm run build' } });
    }
    return reply
      .header('content-type', page.contentType)
      .header('cache-control', 'no-cache')
      .header('etag', page.etag)
      .header('content-security-policy', GRAPHIQL_CSP)
      .code(request.headers['if-none-match'] === page.etag ? 304 : 200)
      .send(request.headers['if-none-match'] === page.etag ? undefined : page.body);
  });
}
