import { TIME_PRECISIONS, type EventCorrectedData, type TimePrecision } from '../event-types.js';
import { AnyObject, DateTime, FreeText, OneOf, Optional, Uuid } from './field.decorators.js';

/** What a correction may change; it must change at least one of them. */
export const CORRECTABLE_FIELDS = ['data', 'occurredAt', 'occurredPrecision'] as const;

export class EventCorrectedPayload implements EventCorrectedData {
  @Uuid()
  correctedEventId: string;

  /**
   * The full corrected payload. Only its shape (an object) is checked here; the store validates
   * it against the corrected event's type with validatePayload.
   */
  @Optional()
  @AnyObject()
  data?: Record<string, unknown>;

  @Optional()
  @DateTime()
  occurredAt?: string;

  @Optional()
  @OneOf(TIME_PRECISIONS)
  occurredPrecision?: TimePrecision;

  @FreeText()
  reason: string;
}
