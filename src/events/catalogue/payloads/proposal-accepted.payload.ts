import type { ProposalAcceptedData } from '../event-types.js';
import { MAX_TEXT_LENGTH } from '../value-checks.js';
import { ActorId, Optional, Texts } from './field.decorators.js';

export class ProposalAcceptedPayload implements ProposalAcceptedData {
  @ActorId()
  party: string;

  /** Present (and non-empty) for a conditional acceptance. */
  @Optional()
  @Texts({ min: 1, max: MAX_TEXT_LENGTH, noun: 'condition' })
  conditions?: string[];
}
