/**
 * The arguments every read model takes (one @ArgsType, extended by each read model's own): the
 * moment asked about (asOf), the record as it stood (knownAt), and read-your-writes (minPosition),
 * with a page (first/after) for the lists; and the checks every read model applies to a subject id and to a `states` list.
 */
import { ArgsType, Field, Int } from '@nestjs/graphql';
import { ValidationFailed, badInput } from '../common/domain-error.js';
import { MAX_STATES, listTooLong } from '../common/list-limits.js';
import { STREAM_ID_PATTERN } from '../events/catalogue/event-types.js';
import { BigIntScalar, DateTimeScalar } from '../graphql/scalars.js';
import { MAX_SUBJECT_PAGE } from './subject-page.js';

@ArgsType()
export class TemporalArgs {
  @Field(() => DateTimeScalar, {
    nullable: true,
    description: 'The world at that moment: only events that occurred by then.',
  })
  asOf?: Date | null;

  @Field(() => DateTimeScalar, {
    nullable: true,
    description: 'The record as it stood then: only events recorded by then.',
  })
  knownAt?: Date | null;

  @Field(() => BigIntScalar, {
    nullable: true,
    description: 'Wait (at most 5 s) until the read model reflects this position.',
  })
  minPosition?: string | null;
}

/** A read model's list: every subject in id order, or a page of it (first/after). */
@ArgsType()
export class SubjectListArgs extends TemporalArgs {
  @Field(() => Int, {
    nullable: true,
    description: `At most this many (1-${MAX_SUBJECT_PAGE}), in id order. Without it, every one: large clients should page.`,
  })
  first?: number | null;

  @Field(() => String, {
    nullable: true,
    description: 'The id of the last item of the previous page: only those whose id sorts after it (byte order).',
  })
  after?: string | null;
}

/** One subject of a read model, by the stream id of the event that started it. */
@ArgsType()
export class SubjectArgs extends TemporalArgs {
  @Field(() => String)
  id: string;
}

/** Refuses an id that cannot be a stream id (BAD_USER_INPUT naming `id`). */
export function checkSubjectId(id: string): void {
  if (!STREAM_ID_PATTERN.test(id)) throw badInput('id', 'must be a stream id matching ^[a-z0-9][a-z0-9._:-]{0,127}$');
}

/** Whether an answer in `state` is wanted by a `states` argument (none or empty: every state); refuses an over-long list. */
export function statesFilter(states: readonly string[] | null | undefined): (state: string) => boolean {
  const tooLong = listTooLong('states', states, MAX_STATES);
  if (tooLong) throw new ValidationFailed([tooLong]);
  if (!states?.length) return () => true;
  const wanted = new Set(states);
  return (state) => wanted.has(state);
}
