/**
 * Domain errors on their way out. GraphQL: passed through as they are to the error formatter
 * (graphql-errors.ts); without this, Nest's default handler would log every refused request as a
 * server error. HTTP endpoints: a JSON body `{ error: { code, message, ...details } }` with the
 * status the code means.
 */
import { type ArgumentsHost, Catch } from '@nestjs/common';
import type { GqlExceptionFilter } from '@nestjs/graphql';
import type { FastifyReply } from 'fastify';
import { DomainError, type ErrorCode } from './domain-error.js';

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

@Catch(DomainError)
export class DomainErrorFilter implements GqlExceptionFilter {
  catch(error: DomainError, host: ArgumentsHost): DomainError | void {
    if (host.getType<string>() !== 'http') return error;
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    if (error.code === 'UNAUTHENTICATED') void reply.header('WWW-Authenticate', 'Bearer');
    void reply.status(HTTP_STATUS[error.code]).send({ error: { code: error.code, message: error.message, ...error.details } });
  }
}
