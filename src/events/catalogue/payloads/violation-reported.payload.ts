import type { ViolationReportedData } from '../event-types.js';
import { MAX_VIOLATION_COUNT } from '../value-checks.js';
import { ActorId, Count, DateTime, Flag, FreeText, NotBefore, Optional, Uuids } from './field.decorators.js';

export class ViolationReportedPayload implements ViolationReportedData {
  @ActorId()
  violator: string;

  @ActorId()
  reportedBy: string;

  /** Stored events that show the violation (strikes, statements). */
  @Optional()
  @Uuids()
  evidenceEventIds?: string[];

  @Optional()
  @FreeText()
  text?: string;

  /** How many violations the report claims (absent: 1). */
  @Optional()
  @Count({ min: 1, max: MAX_VIOLATION_COUNT })
  count?: number;

  /**
   * When the claimed violations happened (each bound defaults to the bounds of occurredAt at its
   * precision). Neither may be later than the end of occurredAt's precision interval: the store
   * checks that beside the envelope (append-envelope.validation.ts).
   */
  @Optional()
  @DateTime()
  periodFrom?: string;

  @Optional()
  @DateTime()
  @NotBefore('periodFrom')
  periodUntil?: string;

  /** The count is a running total over the period. */
  @Optional()
  @Flag()
  cumulative?: boolean;
}
