/**
 * GET /metrics: the application's metrics in Prometheus text format. On unless METRICS_ENABLED is
 * false; with METRICS_TOKEN set, only for `Authorization: Bearer <METRICS_TOKEN>` (401 otherwise).
 * Not rate limited (a scraper polls it), and answered by Fastify itself: no guard, no API key.
 */
import crypto from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppConfig } from '../config/app-config.js';
import type { Metrics } from './metrics.js';

export const METRICS_PATH = '/metrics';

/** A route label for a request: its route's pattern, never the URL (ids would make a label each). */
export function routeOf(request: FastifyRequest): string {
  return request.routeOptions.url ?? 'unmatched';
}

export function serveMetrics(fastify: FastifyInstance, metrics: Metrics, config: AppConfig): void {
  fastify.addHook('onResponse', async (request, reply) => {
    metrics.recordHttp(request.method, routeOf(request), reply.statusCode, reply.elapsedTime / 1000);
  });
  if (!config.metricsEnabled) return;
  const token = config.metricsToken;
  fastify.get(METRICS_PATH, async (request, reply) => {
    if (token && !bearerIs(request.headers.authorization, token)) {
      return reply
        .code(401)
        .header('www-authenticate', 'Bearer realm="metrics"')
        .header('cache-control', 'no-store')
        .send({
          error: {
            code: 'UNAUTHENTICATED',
            message: 'GET /metrics needs "Authorization: Bearer <METRICS_TOKEN>"',
          },
        });
    }
    const body = await metrics.scrape();
    return reply.header('content-type', metrics.contentType).header('cache-control', 'no-store').send(body);
  });
}

/** Whether `header` is `Bearer <token>`, compared in constant time. */
function bearerIs(header: string | undefined, token: string): boolean {
  const given = /^Bearer\s+(\S+)$/i.exec(header ?? '')?.[1];
  if (!given) return false;
  const digest = (value: string) => crypto.createHash('sha256').update(value).digest();
  return crypto.timingSafeEqual(digest(given), digest(token));
}
