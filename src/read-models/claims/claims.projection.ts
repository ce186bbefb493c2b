/** The claims ledger as a subject projection (projector/subject-projection.ts): one subject per stream holding claims. */
import { EVENT_TYPES } from '../../events/catalogue/event-types.js';
import type { FoldEvent } from '../fold-event.js';
import { claimStreams } from '../projector/fold-events.repository.js';
import type { SubjectProjection } from '../projector/subject-projection.js';
import { ClaimRow } from './claim-row.entity.js';
import { type ClaimsState, claimantSides, extendClaims, foldClaims } from './claims.fold.js';

/**
 * Any event can be a claim once disputed (a disputed strike), so a stream of any type may hold
 * claims; the fold answers null for a stream that holds none, and no row is kept for it.
 */
const CLAIM_START_TYPES = EVENT_TYPES.filter(
  (type): type is Exclude<FoldEvent['type'], 'EVENT_CORRECTED' | 'EVENT_RETRACTED'> =>
    type !== 'EVENT_CORRECTED' && type !== 'EVENT_RETRACTED',
);

export const CLAIMS: SubjectProjection<ClaimsState, ClaimsState> = {
  name: 'claims',
  rows: ClaimRow,
  table: 'rm_claims',
  startTypes: CLAIM_START_TYPES,
  // Not every stream holding a start type: those that can hold a claim (a rebuild read the whole log).
  streams: claimStreams,
  windowless: [],
  // The disputes of its events, from streams of their own.
  linkedTypes: ['CLAIM_DISPUTED'],
  keepsRetracted: true,
  fold: foldClaims,
  sidePrincipals: claimantSides,
  // No strike concerns a claim.
  struckBy: false,
  strikeWindow: () => null,
  // Claims are folded whole (foldClaims) or extended (extendClaims), not event by event.
  evolve: (state) => state,
  extend: extendClaims,
  // Time alone changes nothing in a claim.
  view: (state) => state,
  positionOf: (state) => state.position,
  brief: (state) => state,
};
