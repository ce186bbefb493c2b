/** Builds the RequestContext of each GraphQL request: the caller's key, checked once, and fresh loaders. */
import type { IncomingMessage } from 'node:http';
import type { ActorsService } from '../actors/actors.service.js';
import type { ApiKeysService } from '../auth/api-keys.service.js';
import { callerOf, callerOfRequest } from '../auth/bearer-principal.js';
import type { EventQueryService } from '../events/event-query.service.js';
import { type RequestContext, createLoaders } from './request-context.js';

interface HeaderCarrier {
  headers?: Record<string, string | string[] | undefined>;
}

/** The Authorization header of a WebSocket connection: from its connection params (browsers cannot set headers), else its upgrade request. */
export function connectionAuthorization(
  connectionParams: Record<string, unknown> | undefined,
  request: HeaderCarrier | undefined,
): string | string[] | undefined {
  const fromParams = connectionParams?.authorization ?? connectionParams?.Authorization;
  return typeof fromParams === 'string' ? fromParams : request?.headers?.authorization;
}

export async function createGraphqlContext(
  request: unknown,
  keys: ApiKeysService,
  actors: ActorsService,
  events: EventQueryService,
): Promise<RequestContext> {
  // HTTP: the Fastify request; WebSocket (graphql-ws): connection params carry the header.
  const carrier = request as HeaderCarrier & {
    connectionParams?: Record<string, unknown>;
    extra?: { request?: IncomingMessage };
  };
  // HTTP: looked up once per request (the rate limiter may have done it already); WebSocket: from the connection params.
  const { principal, authError, failure } = carrier.headers
    ? await callerOfRequest(keys, carrier)
    : await callerOf(keys, connectionAuthorization(carrier.connectionParams, carrier.extra?.request));
  return { principal, authError, failure, loaders: createLoaders(actors, events) };
}
