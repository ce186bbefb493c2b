import type { PledgeMadeData } from '../event-types.js';
import { MAX_DURATION_DAYS } from '../value-checks.js';
import { ActorId, After, Count, DateTime, Nested, Optional, StreamId } from './field.decorators.js';
import { PledgeCommitmentPayload } from './pledge-commitment.payload.js';

export class PledgeMadePayload implements PledgeMadeData {
  @ActorId()
  by: string;

  @Optional()
  @ActorId()
  to?: string;

  @Nested(() => PledgeCommitmentPayload)
  commitment: PledgeCommitmentPayload;

  /** Defaults to the event's occurredAt. */
  @Optional()
  @DateTime()
  validFrom?: string;

  @Optional()
  @Count({ min: 1, max: MAX_DURATION_DAYS })
  durationDays?: number;

  @Optional()
  @DateTime()
  @After('validFrom')
  validUntil?: string;

  /** The stream of the ceasefire this pledge belongs to. */
  @Optional()
  @StreamId()
  ceasefireId?: string;
}
