/**
 * The HTTP server's protections, shared by `npm start` (main.ts) and the tests (test-app.ts):
 * body size, timeouts for slow clients, security headers, CORS, and rate limits per client
 * address and per API key. The caller of each request is found here, once (bearer-principal.ts),
 * and reused by the guard and the GraphQL context.
 */
import { Transform } from 'node:stream';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiKeysService } from '../auth/api-keys.service.js';
import { callerOfRequest } from '../auth/bearer-principal.js';
import type { AppConfig } from '../config/app-config.js';
import { MAX_BODY_BYTES } from '../main-options.js';
import { type Bucket, RateLimits } from './rate-limits.js';
import { setSecurityHeaders } from './security-headers.js';

/** Paths that are never rate limited: load balancers and orchestrators poll them. */
const UNLIMITED = new Set(['/health']);

export function createHttpAdapter(config: AppConfig): FastifyAdapter {
  const options = {
    bodyLimit: MAX_BODY_BYTES,
    trustProxy: config.trustProxy,
    // Idle sockets (a client that stops sending or reading) are closed.
    connectionTimeout: config.idleTimeoutMs,
    requestTimeout: config.requestTimeoutMs,
    http: {
      // Headers must arrive in time (slowloris); Node checks at this interval.
      headersTimeout: Math.min(config.headersTimeoutMs, config.requestTimeoutMs),
      connectionsCheckingInterval: Math.min(1_000, config.headersTimeoutMs),
    },
  };
  return new FastifyAdapter(options as ConstructorParameters<typeof FastifyAdapter>[0]) as FastifyAdapter;
}

/** Registers the hooks; call after NestFactory.create and before listen. */
export function configureHttp(app: NestFastifyApplication, config: AppConfig): void {
  if (config.corsOrigins.length) {
    app.enableCors({
      origin: config.corsOrigins.includes('*') ? '*' : config.corsOrigins,
      methods: ['GET', 'POST', 'OPTIONS'],
      allowedHeaders: ['authorization', 'content-type', 'accept'],
      exposedHeaders: ['content-disposition', 'x-after-position', 'x-up-to-position', 'retry-after', 'ratelimit-remaining'],
      maxAge: 600,
    });
  }
  const fastify = app.getHttpAdapter().getInstance();
  const keys = app.get(ApiKeysService);
  const limits = app.get(RateLimits);

  // JSON bodies must be UTF-8: Fastify's parser decodes invalid bytes to U+FFFD, so a mutation would
  // store replacement characters instead of being refused. Checked as the body streams in.
  fastify.addHook('preParsing', async (request, _reply, payload) => {
    if (!String(request.headers['content-type'] ?? '').toLowerCase().startsWith('application/json')) return payload;
    const decoder = new TextDecoder('utf-8', { fatal: true });
    const invalid = () => Object.assign(new Error('the body is not valid UTF-8'), { name: 'FastifyError', code: 'FST_ERR_INVALID_UTF8', statusCode: 400 });
    const checked = payload.pipe(
      new Transform({
        transform(chunk: Buffer, _encoding, callback) {
          try {
            decoder.decode(chunk, { stream: true });
            callback(null, chunk);
          } catch {
            callback(invalid());
          }
        },
        flush(callback) {
          try {
            decoder.decode();
            callback();
          } catch {
            callback(invalid());
          }
        },
      }),
    );
    payload.on('error', (error) => checked.destroy(error));
    return checked;
  });

  fastify.addHook('onSend', async (request, reply, payload) => {
    setSecurityHeaders(reply, config.production);
    return payload;
  });

  // The bucket each request was charged to, so that a batch can be charged for each of its operations.
  const charged = new WeakMap<FastifyRequest, Bucket>();

  fastify.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    if (!limits.enabled) return;
    if (request.method === 'OPTIONS' || UNLIMITED.has(request.url.split('?')[0])) return;
    const caller = await callerOfRequest(keys, request);
    const bucket = limits.bucketFor(caller.principal?.keyId ?? null, request.ip);
    if (!bucket) return;
    charged.set(request, bucket);
    return refuseOver(request, reply, limits, bucket, 1);
  });

  fastify.addHook('preHandler', async (request: FastifyRequest, reply: FastifyReply) => {
    if (!Array.isArray(request.body) || request.method !== 'POST' || !request.url.startsWith('/graphql')) return;
    const size = request.body.length;
    const max = config.graphqlLimits.maxBatch;
    if (size === 0 || size > max) {
      const message = size === 0 ? 'the batch is empty: send at least one operation' : `the batch has ${size} operations; at most ${max}: send several requests`;
      return reply.code(400).send({ errors: [{ message, extensions: { code: 'BAD_USER_INPUT', limit: 'batch', value: size, max } }] });
    }
    // The first operation was charged when the request came in; the others are charged now.
    const bucket = charged.get(request);
    if (bucket && size > 1) return refuseOver(request, reply, limits, bucket, size - 1);
  });
}

/** Charges `cost` to `bucket`; when it does not hold that much, answers 429 with Retry-After and returns the reply. */
function refuseOver(request: FastifyRequest, reply: FastifyReply, limits: RateLimits, bucket: Bucket, cost: number): FastifyReply | undefined {
  const { allowed, remaining, limitPerMinute, retryAfterSeconds, message } = limits.charge(bucket, cost);
  void reply.header('ratelimit-limit', limitPerMinute).header('ratelimit-remaining', remaining);
  if (allowed) return undefined;
  const details = { retryAfterSeconds, limitPerMinute };
  void reply.code(429).header('retry-after', retryAfterSeconds).header('cache-control', 'no-store');
  // GraphQL clients get a GraphQL-shaped answer; the other endpoints the shape of their errors.
  const body = request.url.startsWith('/graphql')
    ? { errors: [{ message, extensions: { code: 'RATE_LIMITED', ...details } }] }
    : { error: { code: 'RATE_LIMITED', message, ...details } };
  return reply.send(body);
}
