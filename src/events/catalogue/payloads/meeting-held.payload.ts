import type { MeetingHeldData } from '../event-types.js';
import { MAX_NAME_LENGTH, MAX_ROUND } from '../value-checks.js';
import { ActorId, ActorIds, Count, NotWith, Optional, ShortText, Texts } from './field.decorators.js';

export class MeetingHeldPayload implements MeetingHeldData {
  @ActorIds({ min: 2, noun: ['participant', 'participants'] })
  participants: string[];

  @Optional()
  @ShortText()
  place?: string;

  /** The first edition's single mediator (read as `mediators: [mediator]`). */
  @Optional()
  @ActorId()
  mediator?: string;

  @Optional()
  @ActorIds({ min: 0, noun: ['mediator', 'mediators'] })
  @NotWith('mediator', 'list every mediator in mediators')
  mediators?: string[];

  @Optional()
  @Texts({ min: 0, max: MAX_NAME_LENGTH, noun: 'topic' })
  topics?: string[];

  /** The round of talks, from 1. */
  @Optional()
  @Count({ min: 1, max: MAX_ROUND })
  round?: number;
}
