import type { StatementMadeData } from '../event-types.js';
import { ActorId, ActorIds, FreeText, Optional, ShortText, Uuid } from './field.decorators.js';

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

  /** The CALL_HELD or MEETING_HELD (its event id) this statement gives an account of: a readout. */
  @Optional()
  @Uuid()
  readoutOf?: string;
}
