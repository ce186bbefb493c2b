import type { AgreementReachedData } from '../event-types.js';
import { ActorIds, After, DateTime, Flag, Nested, Optional, ShortText } from './field.decorators.js';
import { TermsPayload } from './terms.payload.js';

export class AgreementReachedPayload implements AgreementReachedData {
  @ActorIds({ min: 1, noun: ['party', 'parties'] })
  parties: string[];

  @ShortText()
  title: string;

  @Nested(() => TermsPayload)
  terms: TermsPayload;

  @Optional()
  @DateTime()
  effectiveFrom?: string;

  @Optional()
  @DateTime()
  @After('effectiveFrom')
  effectiveUntil?: string;

  /** A declared truce. */
  @Optional()
  @Flag()
  unilateral?: boolean;

  @Optional()
  @ActorIds({ min: 0, noun: ['mediator', 'mediators'] })
  mediators?: string[];

  @Optional()
  @ActorIds({ min: 0, noun: ['guarantor', 'guarantors'] })
  guarantors?: string[];
}
