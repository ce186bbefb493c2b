/**
 * The one place where errors become GraphQL errors: domain errors keep their code and details in
 * `extensions`; an unavailable database becomes SERVICE_UNAVAILABLE; anything else is an internal
 * error whose message (and stack) only development sees. In production GraphQL's own errors lose
 * their hints at the schema, over HTTP and WebSocket alike.
 */
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { DomainError } from './domain-error.js';

const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  '57P01',
  '57P02',
  '57P03',
  '08000',
  '08003',
  '08006',
  '08001',
  '08004',
]);

export function isDatabaseUnavailable(error: unknown): boolean {
  const e = error as { code?: string; driverError?: { code?: string }; message?: string } | null;
  const code = e?.driverError?.code ?? e?.code;
  if (code && UNAVAILABLE_CODES.has(code)) return true;
  const message = e?.message ?? '';
  return /Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error/i.test(
    message,
  );
}

/** The error under GraphQL's wrappers (a resolver's, a subscription stream's, the context's). */
function rootCause(error: unknown): unknown {
  let cause = unwrapResolverError(error);
  while (cause instanceof GraphQLError && cause.originalError && cause.originalError !== cause)
    cause = cause.originalError;
  return cause;
}

/** graphql-js's hints at the schema ("Did you mean "apiKeys"?"): production leaves them out, as it leaves out introspection. */
const SUGGESTION = / ?Did you mean .+\?$/s;

export function createFormatError(production: boolean, log: (error: unknown) => void) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = rootCause(error);
    const where = { locations: formatted.locations, path: formatted.path };
    if (original instanceof DomainError) {
      return { message: original.message, ...where, extensions: { code: original.code, ...original.details } };
    }
    if (isDatabaseUnavailable(original)) {
      return {
        message: 'the database is unavailable; try again shortly',
        ...where,
        extensions: { code: 'SERVICE_UNAVAILABLE' },
      };
    }
    const code = formatted.extensions?.code;
    if (code && code !== 'INTERNAL_SERVER_ERROR') {
      // GraphQL's own errors (parse, validation, bad variables): safe to show, without stack traces in production.
      if (!production) return formatted;
      const { stacktrace: _stacktrace, ...extensions } = formatted.extensions ?? {};
      return { message: formatted.message.replace(SUGGESTION, ''), ...where, extensions };
    }
    log(original);
    if (production) return { message: 'internal error', ...where, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
    return { ...formatted, extensions: { ...formatted.extensions, code: 'INTERNAL_SERVER_ERROR' } };
  };
}
