import type { EventRetractedData } from '../event-types.js';
import { FreeText, Uuid } from './field.decorators.js';

export class EventRetractedPayload implements EventRetractedData {
  @Uuid()
  retractedEventId: string;

  @FreeText()
  reason: string;
}
