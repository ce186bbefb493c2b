/** Pure checks of an actor registration, shared by registerActor and the actor import. */
import type { FieldError } from '../common/domain-error.js';
import { ACTOR_ID_PATTERN, ACTOR_KINDS } from '../events/catalogue/event-types.js';
import { textProblem } from '../events/catalogue/value-checks.js';

/** The problems of an actor's fields (`at` prefixes the paths: "input." for GraphQL, "" for lines). */
export function actorInputErrors(input: Record<string, unknown>, at: string): FieldError[] {
  const errors: FieldError[] = [];
  if (typeof input.id !== 'string' || !ACTOR_ID_PATTERN.test(input.id)) {
    errors.push({
      path: `${at}id`,
      reason: 'must be a slug matching ^[a-z0-9][a-z0-9_-]{0,63}$ (for example "putin")',
    });
  }
  const name = typeof input.name === 'string' ? input.name.trim() : '';
  // NUL and lone surrogates too: PostgreSQL refuses NUL, and a lone surrogate would be stored as U+FFFD.
  const problem = name.length === 0 || name.length > 300 ? 'must be 1 to 300 characters' : textProblem(name, 300);
  if (problem) errors.push({ path: `${at}name`, reason: problem });
  if (!(ACTOR_KINDS as readonly unknown[]).includes(input.kind))
    errors.push({ path: `${at}kind`, reason: `must be one of ${ACTOR_KINDS.join(', ')}` });
  const represents = input.represents ?? null;
  if (represents !== null) {
    if (typeof represents !== 'string' || !ACTOR_ID_PATTERN.test(represents))
      errors.push({ path: `${at}represents`, reason: 'must be an actor id or null' });
    else if (represents === input.id)
      errors.push({ path: `${at}represents`, reason: 'an actor cannot represent itself' });
  }
  return errors;
}
