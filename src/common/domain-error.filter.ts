/**
 * Lets domain errors through to the GraphQL error formatter (graphql-errors.ts) as they are:
 * without this, Nest's default handler would log every refused request as a server error.
 */
import { Catch } from '@nestjs/common';
import type { GqlExceptionFilter } from '@nestjs/graphql';
import { DomainError } from './domain-error.js';

@Catch(DomainError)
export class DomainErrorFilter implements GqlExceptionFilter {
  catch(error: DomainError): DomainError {
    return error;
  }
}
