/** Builds the RequestContext of each GraphQL request: the caller's key, checked once, and fresh loaders. */
import type { ActorsService } from '../actors/actors.service.js';
import type { ApiKeysService } from '../auth/api-keys.service.js';
import { callerOf, callerOfRequest } from '../auth/bearer-principal.js';
import type { EventQueryService } from '../events/event-query.service.js';
import { type RequestContext, createLoaders } from './request-context.js';

interface HeaderCarrier {
  headers?: Record<string, string | string[] | undefined>;
}

export async function createGraphqlContext(
  request: unknown,
  keys: ApiKeysService,
  actors: ActorsService,
  events: EventQueryService,
): Promise<RequestContext> {
  // HTTP: the Fastify request; WebSocket (graphql-ws): connection params carry the header.
  const carrier = request as HeaderCarrier & { connectionParams?: Record<string, unknown>; extra?: { request?: HeaderCarrier } };
  // HTTP: looked up once per request (the rate limiter may have done it already); WebSocket: from the connection params.
  const { principal, authError, failure } = carrier.headers
    ? await callerOfRequest(keys, carrier)
    : await callerOf(
        keys,
        (carrier.connectionParams?.authorization as string | undefined) ??
          (carrier.connectionParams?.Authorization as string | undefined) ??
          carrier.extra?.request?.headers?.authorization,
      );
  return { principal, authError, failure, loaders: createLoaders(actors, events) };
}
