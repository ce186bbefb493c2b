import type { PledgeFulfilledData } from '../event-types.js';
import { ActorId, FreeText, Optional } from './field.decorators.js';

export class PledgeFulfilledPayload implements PledgeFulfilledData {
  @ActorId()
  by: string;

  @Optional()
  @FreeText()
  text?: string;
}
