import type { ProposalMadeData } from '../event-types.js';
import { ActorIds, Nested, Optional, ShortText, StreamId } from './field.decorators.js';
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

  /** The stream of the proposal this one answers instead of accepting it. */
  @Optional()
  @StreamId()
  counterTo?: string;

  /** Who support it without proposing it. */
  @Optional()
  @ActorIds({ min: 0, noun: ['backer', 'backers'] })
  backers?: string[];

  @Optional()
  @ActorIds({ min: 0, noun: ['mediator', 'mediators'] })
  mediators?: string[];
}
