import type { ConditionsMetData } from '../event-types.js';
import { MAX_TEXT_LENGTH } from '../value-checks.js';
import { ActorId, FreeText, Optional, Texts } from './field.decorators.js';

export class ConditionsMetPayload implements ConditionsMetData {
  /** The party whose stated conditions are met (or anyone on its side). */
  @ActorId()
  party: string;

  /** Which of its stated conditions; all of them when absent. */
  @Optional()
  @Texts({ min: 1, max: MAX_TEXT_LENGTH, noun: 'condition' })
  conditions?: string[];

  @Optional()
  @FreeText()
  text?: string;
}
