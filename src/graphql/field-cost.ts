/**
 * What a field really costs, for the operation limits (operation-limits.ts), declared beside its
 * resolver: `@Cost(READ_MODEL_LIST)` on a query. Fields without it follow the default rule.
 */
import { Extensions } from '@nestjs/graphql';
import type { FieldCost } from './operation-limits.js';

/** A read model recomputed from the whole log for another moment or record (every subject folded again). */
export const REPLAY_COST = 50_000;
/** One subject recomputed from its own events (a ceasefire through a war holds thousands of violations). */
export const SUBJECT_REPLAY_COST = 1_000;
/** A read of every event of one kind from the log (the call log is read, not projected). */
export const SCAN_COST = 10_000;

/**
 * A list of read-model rows, recomputed from the log when asked about another moment: a page costs
 * `first` rows, the unpaged list (no `first`) its declared size.
 */
export const READ_MODEL_LIST: FieldCost = { listSize: 100, timeTravel: REPLAY_COST };
/** One read-model subject, recomputed from its events when asked about another moment. */
export const READ_MODEL_SUBJECT: FieldCost = { timeTravel: SUBJECT_REPLAY_COST };
/** The call log: every call read from the log, whatever the moment asked about. */
export const CALL_LOG: FieldCost = { listSize: 500, base: SCAN_COST };
/** A stream's events, unpaged: a ceasefire's stream holds every violation reported against it. */
export const WHOLE_STREAM: FieldCost = { listSize: 1_000 };
/** Who called whom: computed from the whole call log. */
export const CALL_PAIRS: FieldCost = { listSize: 100, base: SCAN_COST };

export function Cost(cost: FieldCost): MethodDecorator & PropertyDecorator {
  return Extensions({ cost });
}
