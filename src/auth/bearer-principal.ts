/** The caller of a request, from its Authorization header: shared by GraphQL and the HTTP endpoints. */
import { DomainError } from '../common/domain-error.js';
import { isDatabaseUnavailable } from '../common/graphql-errors.js';
import type { ApiKeysService } from './api-keys.service.js';
import type { Principal } from './principal.js';

/** The bearer token of an Authorization header: undefined when absent, null when malformed. */
export function bearerToken(header: string | string[] | undefined): string | null | undefined {
  if (header === undefined || header === '') return undefined;
  const value = Array.isArray(header) ? header[0] : header;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(value);
  return match ? match[1] : null;
}

export interface Caller {
  principal: Principal | null;
  /** Set when the request presented a key that is malformed, unknown or revoked. */
  authError: string | null;
  /** Set when the key could not be looked up (the database is away): the request fails with it, whatever it asks. */
  failure?: DomainError;
}

export async function callerOf(keys: ApiKeysService, header: string | string[] | undefined): Promise<Caller> {
  const token = bearerToken(header);
  if (token === undefined) return { principal: null, authError: null };
  if (token === null)
    return { principal: null, authError: 'malformed Authorization header: send "Authorization: Bearer <key>"' };
  let principal;
  try {
    principal = await keys.authenticate(token);
  } catch (error) {
    if (!isDatabaseUnavailable(error)) throw error;
    return {
      principal: null,
      authError: null,
      failure: new DomainError('SERVICE_UNAVAILABLE', 'the database is unavailable; try again shortly'),
    };
  }
  return principal
    ? { principal, authError: null }
    : { principal: null, authError: 'the API key is unknown or revoked' };
}

const CALLER = Symbol('caller');

interface RequestLike {
  headers: Record<string, string | string[] | undefined>;
  [CALLER]?: Promise<Caller>;
}

/**
 * The caller of an HTTP request, looked up once per request (the rate limiter, the guard and the
 * GraphQL context all ask) and never across requests, so a revoked key fails on its next request.
 */
export function callerOfRequest(keys: ApiKeysService, request: object): Promise<Caller> {
  const carrier = request as RequestLike;
  carrier[CALLER] ??= callerOf(keys, carrier.headers.authorization);
  return carrier[CALLER];
}
