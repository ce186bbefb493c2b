/**
 * GraphQL over WebSocket (graphql-ws) at /graphql. The service runs this server itself rather than
 * through the GraphQL driver, so that every protection of the HTTP side holds here too:
 * - a message may be no larger than an HTTP body (MAX_BODY_BYTES; larger ones close with 1009);
 * - connections and operations count against the client's address (rate limits), and one
 *   connection runs at most MAX_OPERATIONS_PER_CONNECTION operations;
 * - the operation limits are checked before graphql-ws validates an operation;
 * - errors get the same codes and redaction as over HTTP;
 * - a connection that authenticated with a key is closed (4403, saying so) the moment the key is
 *   revoked on any instance, and after any revocation its key is looked up again before the next
 *   result is delivered.
 */
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { type ExecutionResult, GraphQLError, type GraphQLFormattedError } from 'graphql';
import { type Context, type SubscribePayload } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocket, WebSocketServer } from 'ws';
import { ActorsService } from '../actors/actors.service.js';
import { ApiKeysService } from '../auth/api-keys.service.js';
import { callerOf } from '../auth/bearer-principal.js';
import { KeyRevocations } from '../auth/key-revocations.service.js';
import type { Principal } from '../auth/principal.js';
import { createFormatError } from '../common/graphql-errors.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { EventQueryService } from '../events/event-query.service.js';
import { RateLimits } from '../http/rate-limits.js';
import { MAX_BODY_BYTES } from '../main-options.js';
import { connectionAuthorization, createGraphqlContext } from './graphql-context.factory.js';
import { OperationLimits } from './operation-limits.plugin.js';

export const GRAPHQL_PATH = '/graphql';
/** Operations one WebSocket connection may run at once (each subscription holds memory and reads). */
export const MAX_OPERATIONS_PER_CONNECTION = 100;
/** The close code of a connection whose key was revoked (graphql-ws's Forbidden). */
export const KEY_REVOKED_CLOSE_CODE = 4403;

interface Extra extends Record<PropertyKey, unknown> {
  socket: WebSocket;
  request: IncomingMessage;
}
type WsContext = Context<Record<string, unknown> | undefined, Extra>;

/** What a connection's key was found to grant, and when that was last checked. */
interface Grant {
  principal: Principal;
  /** KeyRevocations.epoch when last checked. */
  epoch: number;
  /** The look-up in flight after a revocation was heard: every delivery waits for it. */
  check: Promise<boolean> | null;
  stopWatching: () => void;
}

/**
 * An error as sent, with `code` when GraphQL itself raised it without one (validation, variables:
 * errors of the request, at no field's path), as Apollo gives them over HTTP; a field's error keeps
 * what it has (an internal one stays internal).
 */
function withCode(error: GraphQLError, code: string): GraphQLFormattedError {
  const formatted = error.toJSON();
  if (formatted.extensions?.code || error.path) return formatted;
  return { ...formatted, extensions: { ...formatted.extensions, code } };
}

@Injectable()
export class GraphqlWsServer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('GraphQL');
  private readonly grants = new WeakMap<WebSocket, Grant>();
  /** The connections accepted and not yet closed (the metrics count them and their operations). */
  private readonly open = new Set<WsContext>();
  private wss: WebSocketServer | null = null;
  private dispose: (() => void | Promise<void>) | null = null;
  private server: Server | null = null;

  constructor(
    @Inject(HttpAdapterHost) private readonly adapterHost: HttpAdapterHost,
    @Inject(GraphQLSchemaHost) private readonly schemaHost: GraphQLSchemaHost,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(OperationLimits) private readonly limits: OperationLimits,
    @Inject(RateLimits) private readonly rateLimits: RateLimits,
    @Inject(ApiKeysService) private readonly keys: ApiKeysService,
    @Inject(ActorsService) private readonly actors: ActorsService,
    @Inject(EventQueryService) private readonly events: EventQueryService,
    @Inject(KeyRevocations) private readonly revocations: KeyRevocations,
  ) {}

  onApplicationBootstrap(): void {
    const server = this.adapterHost.httpAdapter?.getHttpServer() as Server | undefined;
    if (!server) return;
    const formatError = createFormatError(this.config.production, (error) => this.logger.error(error));
    const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_BODY_BYTES });
    const { dispose } = useServer<Record<string, unknown> | undefined, Extra>(
      {
        schema: this.schemaHost.schema,
        context: (ctx) => createGraphqlContext(ctx, this.keys, this.actors, this.events),
        onConnect: (ctx) => this.onConnect(ctx),
        onSubscribe: (ctx, id, payload) => this.onSubscribe(ctx, payload),
        onNext: async (ctx, _id, _payload, _args, result: ExecutionResult) => {
          if (!(await this.mayDeliver(ctx.extra.socket))) return undefined;
          // Errors of the request itself (its variables) come with the result, as over HTTP.
          return result.errors
            ? { ...result, errors: result.errors.map((error) => formatError(withCode(error, 'BAD_USER_INPUT'), error)) }
            : undefined;
        },
        // Errors before execution: the operation does not validate (or a limit refused it).
        onError: (_ctx, _id, _payload, errors) =>
          errors.map((error) => formatError(withCode(error, 'GRAPHQL_VALIDATION_FAILED'), error)),
        onClose: (ctx) => {
          this.open.delete(ctx);
          this.grants.get(ctx.extra.socket)?.stopWatching();
        },
      },
      wss,
    );
    server.on('upgrade', this.upgrade);
    this.wss = wss;
    this.dispose = dispose;
    this.server = server;
  }

  /** Open connections, and the operations (subscriptions mostly) running on them. */
  usage(): { connections: number; operations: number } {
    let operations = 0;
    for (const ctx of this.open) operations += Object.keys(ctx.subscriptions).length;
    return { connections: this.open.size, operations };
  }

  async onApplicationShutdown(): Promise<void> {
    this.server?.off('upgrade', this.upgrade);
    await Promise.resolve(this.dispose?.()).catch(() => undefined);
    this.wss = null;
  }

  private readonly upgrade = (request: IncomingMessage, socket: Duplex, head: Buffer): void => {
    const wss = this.wss;
    if (!wss || new URL(request.url ?? '/', 'http://localhost').pathname !== GRAPHQL_PATH) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, request));
  };

  /** A RATE_LIMITED error when the client's address has spent its allowance. */
  private refusal(request: IncomingMessage): GraphQLError | null {
    const bucket = this.rateLimits.bucketFor(null, this.rateLimits.clientAddress(request));
    if (!bucket) return null;
    const { allowed, message, retryAfterSeconds, limitPerMinute } = this.rateLimits.charge(bucket);
    return allowed
      ? null
      : new GraphQLError(message, { extensions: { code: 'RATE_LIMITED', retryAfterSeconds, limitPerMinute } });
  }

  private async onConnect(ctx: WsContext): Promise<boolean> {
    const { socket, request } = ctx.extra;
    const refused = this.refusal(request);
    if (refused) {
      socket.close(4429, refused.message.slice(0, 120));
      return false;
    }
    // A key that is bad or cannot be looked up now fails each operation (the context says why); a good one is watched.
    const caller = await callerOf(this.keys, connectionAuthorization(ctx.connectionParams, request));
    const principal = caller.principal;
    if (principal) {
      const stopWatching = this.revocations.watch(principal, () => this.closeRevoked(socket, principal));
      this.grants.set(socket, { principal, epoch: this.revocations.epoch, check: null, stopWatching });
    }
    // A socket that closed while its key was looked up has had its onClose already.
    if (socket.readyState === WebSocket.OPEN) this.open.add(ctx);
    return true;
  }

  private onSubscribe(ctx: WsContext, payload: SubscribePayload): readonly GraphQLError[] | undefined {
    const refused = this.refusal(ctx.extra.request);
    if (refused) return [refused];
    // graphql-ws has already entered this operation under its id.
    const running = Object.keys(ctx.subscriptions).length - 1;
    if (running >= MAX_OPERATIONS_PER_CONNECTION) {
      const message = `this connection already runs ${running} operations; at most ${MAX_OPERATIONS_PER_CONNECTION}: complete some, or open another connection`;
      return [
        new GraphQLError(message, {
          extensions: {
            code: 'BAD_USER_INPUT',
            limit: 'operations',
            value: running + 1,
            max: MAX_OPERATIONS_PER_CONNECTION,
          },
        }),
      ];
    }
    const errors = this.limits.checkSource(payload.query, payload.variables, payload.operationName);
    return errors.length ? errors : undefined;
  }

  /**
   * Whether a result may go out on `socket`: after a revocation was heard anywhere, the
   * connection's key is looked up once more (every delivery waits for that look-up), and a key that
   * no longer grants reading closes the connection instead. A failed look-up delivers and asks again next time.
   */
  private async mayDeliver(socket: WebSocket): Promise<boolean> {
    const grant = this.grants.get(socket);
    if (!grant) return true;
    if (grant.epoch !== this.revocations.epoch) {
      grant.epoch = this.revocations.epoch;
      grant.check = this.revocations.stillGrants(grant.principal, 'READER').catch(() => {
        grant.epoch = -1;
        return true;
      });
    }
    if (grant.check && !(await grant.check)) {
      this.closeRevoked(socket, grant.principal);
      return false;
    }
    return socket.readyState === WebSocket.OPEN;
  }

  private closeRevoked(socket: WebSocket, principal: Principal): void {
    this.grants.get(socket)?.stopWatching();
    if (socket.readyState === WebSocket.OPEN)
      socket.close(KEY_REVOKED_CLOSE_CODE, `the API key "${principal.keyName}" was revoked`);
  }
}
