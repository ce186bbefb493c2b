/** Builds the RequestContext of each GraphQL request: the caller's key, checked once, and fresh loaders. */
import type { ActorsService } from '../actors/actors.service.js';
import type { ApiKeysService } from '../auth/api-keys.service.js';
import type { EventQueryService } from '../events/event-query.service.js';
import { type RequestContext, createLoaders } from './request-context.js';

interface HeaderCarrier {
  headers?: Record<string, string | string[] | undefined>;
}

/** The bearer token of an Authorization header: undefined when absent, null when malformed. */
export function bearerToken(header: string | string[] | undefined): string | null | undefined {
  if (header === undefined || header === '') return undefined;
  const value = Array.isArray(header) ? header[0] : header;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(value);
  return match ? match[1] : null;
}

export async function createGraphqlContext(
  request: unknown,
  keys: ApiKeysService,
  actors: ActorsService,
  events: EventQueryService,
): Promise<RequestContext> {
  // HTTP: the Fastify request; WebSocket (graphql-ws): connection params carry the header.
  const carrier = request as HeaderCarrier & { connectionParams?: Record<string, unknown>; extra?: { request?: HeaderCarrier } };
  const header =
    carrier.headers?.authorization ??
    (carrier.connectionParams?.authorization as string | undefined) ??
    (carrier.connectionParams?.Authorization as string | undefined) ??
    carrier.extra?.request?.headers?.authorization;
  const token = bearerToken(header);
  let principal = null;
  let authError: string | null = null;
  if (token === null) authError = 'malformed Authorization header: send "Authorization: Bearer <key>"';
  else if (token !== undefined) {
    principal = await keys.authenticate(token);
    if (!principal) authError = 'the API key is unknown or revoked';
  }
  return { principal, authError, loaders: createLoaders(actors, events) };
}
