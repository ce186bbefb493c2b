import type { Quantity } from '../event-types.js';
import { MAX_QUANTITY_COUNT } from '../value-checks.js';
import { ActorId, Count, Flag, Optional, Requires, ShortText } from './field.decorators.js';

/** A quantity of the terms of PROPOSAL_MADE and AGREEMENT_REACHED, or of an IMPLEMENTATION_REPORTED. */
export class QuantityPayload implements Quantity {
  /** "prisoners", "bodies" */
  @ShortText()
  what: string;

  /** Absent: all of them (open-ended). */
  @Optional()
  @Count({ min: 0, max: MAX_QUANTITY_COUNT })
  count?: number;

  /** The count is a minimum ("at least 1,200"). */
  @Optional()
  @Flag()
  @Requires('count')
  atLeast?: boolean;

  /** Who hands over. */
  @Optional()
  @ActorId()
  from?: string;

  /** Who receives. */
  @Optional()
  @ActorId()
  to?: string;
}
