import type { ProposalRejectedData } from '../event-types.js';
import { ActorId, FreeText, Optional } from './field.decorators.js';

export class ProposalRejectedPayload implements ProposalRejectedData {
  @ActorId()
  party: string;

  @Optional()
  @FreeText()
  reason?: string;
}
