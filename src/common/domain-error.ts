/**
 * Errors of the domain carry a code; src/common/graphql-errors.ts maps them to GraphQL errors with
 * `extensions.code`, and the HTTP endpoints map them to status codes. Nothing else needs try/catch.
 */

export type ErrorCode =
  | 'BAD_USER_INPUT'
  | 'WRONG_EXPECTED_VERSION'
  | 'DUPLICATE_EVENT_ID'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'NOT_CAUGHT_UP'
  | 'SERVICE_UNAVAILABLE';

export interface FieldError {
  path: string;
  reason: string;
}

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

/** The field errors an answer lists at most (the rest are counted): a huge bad input must not make a huge answer. */
export const MAX_LISTED_ERRORS = 1_000;

/** Bad input: every problem found, each with its field path; the message names the first ones. */
export class ValidationFailed extends DomainError {
  constructor(readonly errors: FieldError[]) {
    const shown = errors.slice(0, 3).map((error) => `${error.path}: ${error.reason}`);
    const more = errors.length > 3 ? ` (and ${errors.length - 3} more)` : '';
    const listed =
      errors.length > MAX_LISTED_ERRORS
        ? { errors: errors.slice(0, MAX_LISTED_ERRORS), errorCount: errors.length }
        : { errors };
    super('BAD_USER_INPUT', `${shown.join('; ')}${more}`, listed);
    this.name = 'ValidationFailed';
  }
}

export function badInput(path: string, reason: string): ValidationFailed {
  return new ValidationFailed([{ path, reason }]);
}
