import { CALL_CHANNELS, type CallChannel, type CallHeldData } from '../event-types.js';
import { MAX_DURATION_MINUTES, MAX_NAME_LENGTH } from '../value-checks.js';
import { ActorId, ActorIds, Count, OneOf, Optional, Texts } from './field.decorators.js';

export class CallHeldPayload implements CallHeldData {
  @ActorIds({ min: 2, noun: ['participant', 'participants'] })
  participants: string[];

  @Optional()
  @ActorId()
  initiator?: string;

  @Optional()
  @Count({ min: 1, max: MAX_DURATION_MINUTES })
  durationMinutes?: number;

  @Optional()
  @OneOf(CALL_CHANNELS)
  channel?: CallChannel;

  @Optional()
  @Texts({ min: 0, max: MAX_NAME_LENGTH, noun: 'topic' })
  topics?: string[];
}
