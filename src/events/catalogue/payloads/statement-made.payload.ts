import type { StatementMadeData } from '../event-types.js';
import { ActorId, ActorIds, FreeText, Optional, ShortText } from './field.decorators.js';

export class StatementMadePayload implements StatementMadeData {
  @ActorId()
  speaker: string;

  @FreeText()
  text: string;

  /** Where it was said: "Truth Social", "press conference in Helsinki". */
  @Optional()
  @ShortText()
  venue?: string;

  @Optional()
  @ActorIds({ min: 0, noun: ['actor', 'actors'] })
  about?: string[];
}
