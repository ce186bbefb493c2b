/**
 * The HTTP server's protections, shared by `npm start` (main.ts) and the tests (test-app.ts):
 * body size, timeouts for slow clients (headers, body, idle), connections per address, security
 * headers, CORS, rate limits per client address and per API key, metrics (GET /metrics), and the GraphQL operation limits,
 * checked before Apollo does any work on an operation. The caller of each request is found here,
 * once (bearer-principal.ts), and reused by the guard and the GraphQL context.
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { Transform } from 'node:stream';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { ApiKeysService } from '../auth/api-keys.service.js';
import { callerOfRequest } from '../auth/bearer-principal.js';
import type { AppConfig } from '../config/app-config.js';
import { serveGraphiql } from '../graphiql/graphiql-page.js';
import { OperationLimits } from '../graphql/operation-limits.plugin.js';
import { MAX_BODY_BYTES } from '../main-options.js';
import { Metrics } from '../metrics/metrics.js';
import { METRICS_PATH, serveMetrics } from '../metrics/metrics-route.js';
import { type Bucket, RateLimits } from './rate-limits.js';
import { PageAssets } from '../timeline-page/page-assets.js';
import { setSecurityHeaders } from './security-headers.js';
import { REQUEST_ID_HEADER, requestIdOf } from './request-id.js';

/** Paths that are never rate limited: load balancers, orchestrators and scrapers poll them. */
const UNLIMITED = new Set(['/health', '/health/live', '/health/ready', METRICS_PATH]);

export function createHttpAdapter(config: AppConfig): FastifyAdapter {
  const options = {
    bodyLimit: MAX_BODY_BYTES,
    // Every request has an id: the caller's X-Request-Id when usable, else a new one (request-id.ts).
    genReqId: requestIdOf,
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

/** Registers the hooks; call after NestFactory.create and before listen. `log` writes the access log (one line a request, at info). */
export function configureHttp(app: NestFastifyApplication, config: AppConfig, log?: Logger): void {
  if (config.corsOrigins.length) {
    app.enableCors({
      origin: config.corsOrigins.includes('*') ? '*' : config.corsOrigins,
      methods: ['GET', 'POST', 'OPTIONS'],
      allowedHeaders: [
        'authorization',
        'content-type',
        'accept',
        'apollo-require-preflight',
        'x-apollo-operation-name',
        'x-request-id',
      ],
      exposedHeaders: [
        'x-request-id',
        'content-disposition',
        'x-after-position',
        'x-up-to-position',
        'retry-after',
        'ratelimit-remaining',
      ],
      maxAge: 600,
    });
  }
  const fastify = app.getHttpAdapter().getInstance();
  const keys = app.get(ApiKeysService);
  const limits = app.get(RateLimits);
  const operations = app.get(OperationLimits);
  limitConnectionsPerAddress(app.getHttpServer(), config.maxConnectionsPerAddress);

  // Every answer names its request; the access log line carries the same id.
  fastify.addHook('onRequest', async (request, reply) => {
    void reply.header(REQUEST_ID_HEADER, request.id);
  });
  if (log) {
    fastify.addHook('onResponse', async (request, reply) => {
      log.info(
        {
          context: 'http',
          requestId: request.id,
          method: request.method,
          path: request.url.split('?')[0],
          status: reply.statusCode,
          ms: Math.round(reply.elapsedTime * 10) / 10,
          ip: request.ip,
        },
        'request',
      );
    });
  }

  // A body must arrive within its bound: Node's request timeout is long (an import may stream for
  // minutes) and its idle timer restarts with every byte, so a trickled body would hold a request open.
  fastify.addHook('onRequest', async (request, reply) => {
    if (!hasBody(request.raw)) return;
    const bound = request.url.startsWith('/import/') ? config.importBodyTimeoutMs : config.bodyTimeoutMs;
    const timer = setTimeout(() => {
      if (!request.raw.complete) cutOff(request.raw, reply.raw, bound);
    }, bound);
    timer.unref();
    reply.raw.once('close', () => clearTimeout(timer));
  });

  // JSON bodies must be UTF-8: Fastify's parser decodes invalid bytes to U+FFFD, so a mutation would
  // store replacement characters instead of being refused. Checked as the body streams in.
  fastify.addHook('preParsing', async (request, _reply, payload) => {
    if (
      !String(request.headers['content-type'] ?? '')
        .toLowerCase()
        .startsWith('application/json')
    )
      return payload;
    const decoder = new TextDecoder('utf-8', { fatal: true });
    const invalid = () =>
      Object.assign(new Error('the body is not valid UTF-8'), {
        name: 'FastifyError',
        code: 'FST_ERR_INVALID_UTF8',
        statusCode: 400,
      });
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

  if (config.graphiql) serveGraphiql(fastify, app.get(PageAssets));
  // Every answer is counted by route pattern and status class; GET /metrics unless turned off.
  serveMetrics(fastify, app.get(Metrics), config);

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
    if (request.url.split('?')[0] !== '/graphql' || (request.method !== 'POST' && request.method !== 'GET')) return;
    if (Array.isArray(request.body) && request.method === 'POST') {
      const size = request.body.length;
      const max = config.graphqlLimits.maxBatch;
      if (size === 0 || size > max) {
        const message =
          size === 0
            ? 'the batch is empty: send at least one operation'
            : `the batch has ${size} operations; at most ${max}: send several requests`;
        return reply
          .code(400)
          .send({ errors: [{ message, extensions: { code: 'BAD_USER_INPUT', limit: 'batch', value: size, max } }] });
      }
      // The first operation was charged when the request came in; the others are charged now.
      const bucket = charged.get(request);
      if (bucket && size > 1) {
        const refused = refuseOver(request, reply, limits, bucket, size - 1);
        if (refused) return refused;
      }
    }
    // Depth, aliases, nodes and cost, before Apollo parses and validates (operation-limits.ts).
    const errors = operations.checkHttp(request.method === 'GET' ? request.query : request.body);
    if (errors.length) {
      const body = errors.map(({ message, extensions: { http: _http, ...extensions } }) => ({ message, extensions }));
      return reply.code(400).header('cache-control', 'no-store').send({ errors: body });
    }
  });
}

/** Whether a request comes with a body still to be read. */
function hasBody(request: IncomingMessage): boolean {
  const length = request.headers['content-length'];
  return request.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/** Answers 408 (when nothing was answered yet) and closes the connection of a request whose body is late. */
function cutOff(request: IncomingMessage, response: ServerResponse, boundMs: number): void {
  const socket = request.socket;
  if (socket.destroyed) return;
  if (response.headersSent || !socket.writable) {
    socket.destroy();
    return;
  }
  const body = JSON.stringify({
    error: {
      code: 'REQUEST_TIMEOUT',
      message: `the request body did not arrive within ${boundMs / 1000} s; send it faster`,
    },
  });
  socket.end(
    `HTTP/1.1 408 Request Timeout\r\nConnection: close\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    () => socket.destroy(),
  );
}

/**
 * At most `max` open connections (HTTP keep-alive and WebSocket alike) per peer address; one more
 * is answered 429 and closed. 0: no limit.
 */
function limitConnectionsPerAddress(server: Server, max: number): void {
  if (max <= 0) return;
  const open = new Map<string, number>();
  server.on('connection', (socket: Socket) => {
    const address = socket.remoteAddress ?? '';
    const count = (open.get(address) ?? 0) + 1;
    if (count > max) {
      const body = JSON.stringify({
        error: {
          code: 'RATE_LIMITED',
          message: `this address already holds ${max} open connections; at most ${max}: reuse them or close some`,
          limit: 'connections',
          max,
        },
      });
      socket.end(
        `HTTP/1.1 429 Too Many Requests\r\nConnection: close\r\nRetry-After: 5\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
      );
      socket.destroySoon();
      return;
    }
    open.set(address, count);
    socket.once('close', () => {
      const left = (open.get(address) ?? 1) - 1;
      if (left > 0) open.set(address, left);
      else open.delete(address);
    });
  });
}

/** Charges `cost` to `bucket`; when it does not hold that much, answers 429 with Retry-After and returns the reply. */
function refuseOver(
  request: FastifyRequest,
  reply: FastifyReply,
  limits: RateLimits,
  bucket: Bucket,
  cost: number,
): FastifyReply | undefined {
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
