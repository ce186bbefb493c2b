import type { ClaimDisputedData } from '../event-types.js';
import { ActorId, FreeText, Uuid } from './field.decorators.js';

export class ClaimDisputedPayload implements ClaimDisputedData {
  /** The stored event whose claim is disputed. */
  @Uuid()
  disputedEventId: string;

  @ActorId()
  by: string;

  @FreeText()
  text: string;
}
