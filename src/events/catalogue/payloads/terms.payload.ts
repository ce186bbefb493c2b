import { CEASEFIRE_SCOPES, TERMS_KINDS, type CeasefireScope, type Terms, type TermsKind } from '../event-types.js';
import { MAX_DURATION_DAYS, MAX_DURATION_HOURS } from '../value-checks.js';
import { Count, Flag, FreeText, NestedList, OneOf, Optional } from './field.decorators.js';
import { QuantityPayload } from './quantity.payload.js';

/** The `terms` of PROPOSAL_MADE and AGREEMENT_REACHED. */
export class TermsPayload implements Terms {
  @OneOf(TERMS_KINDS)
  kind: TermsKind;

  @Optional()
  @OneOf(CEASEFIRE_SCOPES)
  scope?: CeasefireScope;

  @Optional()
  @Count({ min: 1, max: MAX_DURATION_DAYS })
  durationDays?: number;

  @Optional()
  @Count({ min: 1, max: MAX_DURATION_HOURS })
  durationHours?: number;

  @Optional()
  @Flag()
  unconditional?: boolean;

  @Optional()
  @FreeText()
  text?: string;

  /** What changes hands: "1,000 prisoners from russia to ukraine". */
  @Optional()
  @NestedList(() => QuantityPayload, { min: 0 })
  quantities?: QuantityPayload[];
}
