import type { DemandMadeData } from '../event-types.js';
import { ActorId, FreeText, Optional, StreamId } from './field.decorators.js';

export class DemandMadePayload implements DemandMadeData {
  @ActorId()
  by: string;

  @ActorId()
  addressee: string;

  @FreeText()
  demand: string;

  /** The stream of the proposal this demand is a condition for. */
  @Optional()
  @StreamId()
  conditionFor?: string;
}
