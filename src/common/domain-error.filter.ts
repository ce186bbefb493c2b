/**
 * Every error on its way out of an HTTP endpoint, and domain errors on their way out of GraphQL.
 *
 * - GraphQL: passed through as they are to the error formatter (graphql-errors.ts); without this,
 *   Nest's default handler would log every refused request as a server error.
 * - HTTP endpoints: one shape, `{ error: { code, message, ...details } }` (on /graphql, where the
 *   HTTP layer refuses before GraphQL runs, the GraphQL shape `{ errors: [{ message, extensions }] }`):
 *   domain errors with the status their code means; what Fastify refuses (a body over the limit,
 *   an unknown route, malformed JSON) with its status; an unavailable database as 503
 *   SERVICE_UNAVAILABLE; anything else as 500 with a bare message (logged, never shown).
 */
import { type ArgumentsHost, Catch, HttpException, Logger } from '@nestjs/common';
import type { GqlExceptionFilter } from '@nestjs/graphql';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, type ErrorCode } from './domain-error.js';
import { isDatabaseUnavailable } from './graphql-errors.js';

export const HTTP_STATUS: Record<ErrorCode, number> = {
  BAD_USER_INPUT: 400,
  WRONG_EXPECTED_VERSION: 409,
  DUPLICATE_EVENT_ID: 409,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  NOT_CAUGHT_UP: 503,
  SERVICE_UNAVAILABLE: 503,
};

/** Codes of what the HTTP layer refuses by status. */
const HTTP_CODES: Record<number, string> = {
  400: 'BAD_REQUEST',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  408: 'REQUEST_TIMEOUT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
};

interface Answer {
  status: number;
  code: string;
  message: string;
  details?: Record<string, unknown>;
}

function answerFor(error: unknown, logger: Logger): Answer {
  if (error instanceof DomainError)
    return { status: HTTP_STATUS[error.code], code: error.code, message: error.message, details: error.details };
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const response = error.getResponse();
    const said = typeof response === 'string' ? response : (response as { message?: unknown }).message;
    const message = typeof said === 'string' ? said : Array.isArray(said) ? said.join('; ') : error.message;
    if (status < 500) return { status, code: HTTP_CODES[status] ?? 'BAD_REQUEST', message };
  }
  if (isDatabaseUnavailable(error))
    return { status: 503, code: 'SERVICE_UNAVAILABLE', message: 'the database is unavailable; try again shortly' };
  logger.error(error);
  return { status: 500, code: 'INTERNAL_SERVER_ERROR', message: 'internal error' };
}

@Catch()
export class DomainErrorFilter implements GqlExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(error: unknown, host: ArgumentsHost): unknown {
    if (host.getType<string>() !== 'http') return error;
    const request = host.switchToHttp().getRequest<FastifyRequest>();
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const { status, code, message, details = {} } = answerFor(error, this.logger);
    if (code === 'UNAUTHENTICATED') void reply.header('WWW-Authenticate', 'Bearer');
    if (status === 503) void reply.header('Retry-After', '5');
    const body = request.url?.startsWith('/graphql')
      ? { errors: [{ message, extensions: { code, ...details } }] }
      : { error: { code, message, ...details } };
    void reply.status(status).send(body);
  }
}
