/** A violation of a ceasefire or a pledge, as the folds record it (pure data). */
import type { TimePrecision } from '../../events/catalogue/event-types.js';

export interface ViolationRecord {
  eventId: string;
  basis: 'REPORTED' | 'INFERRED';
  /** epoch milliseconds */
  at: number;
  /** the violating actor */
  by: string;
  precision: TimePrecision;
}
