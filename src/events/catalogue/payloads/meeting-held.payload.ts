import type { MeetingHeldData } from '../event-types.js';
import { MAX_NAME_LENGTH } from '../value-checks.js';
import { ActorId, ActorIds, Optional, ShortText, Texts } from './field.decorators.js';

export class MeetingHeldPayload implements MeetingHeldData {
  @ActorIds({ min: 2, noun: ['participant', 'participants'] })
  participants: string[];

  @Optional()
  @ShortText()
  place?: string;

  @Optional()
  @ActorId()
  mediator?: string;

  @Optional()
  @Texts({ min: 0, max: MAX_NAME_LENGTH, noun: 'topic' })
  topics?: string[];
}
