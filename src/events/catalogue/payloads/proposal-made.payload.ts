import type { ProposalMadeData } from '../event-types.js';
import { ActorIds, Nested, ShortText } from './field.decorators.js';
import { TermsPayload } from './terms.payload.js';

export class ProposalMadePayload implements ProposalMadeData {
  @ActorIds({ min: 1, noun: ['proposer', 'proposers'] })
  proposers: string[];

  /** Whose acceptance is needed. */
  @ActorIds({ min: 1, noun: ['party', 'parties'] })
  parties: string[];

  @ShortText()
  title: string;

  @Nested(() => TermsPayload)
  terms: TermsPayload;
}
