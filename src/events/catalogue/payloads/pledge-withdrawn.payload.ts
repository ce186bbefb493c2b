import type { PledgeWithdrawnData } from '../event-types.js';
import { ActorId, FreeText, Optional } from './field.decorators.js';

export class PledgeWithdrawnPayload implements PledgeWithdrawnData {
  @ActorId()
  by: string;

  @Optional()
  @FreeText()
  reason?: string;
}
