import type { ViolationReportedData } from '../event-types.js';
import { ActorId, FreeText, Optional, Uuids } from './field.decorators.js';

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
}
