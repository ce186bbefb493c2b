/**
 * The read models that fold one subject (a stream) at a time, described as data: which streams
 * they follow, their fold, and whose strikes concern a subject. The projector, the on-demand
 * temporal reads and the rebuild all work from these descriptions.
 */
import { type CeasefireState, foldCeasefire, startsCeasefire } from './ceasefires/ceasefire.fold.js';
import { type FoldEvent, type Principals, principalOf } from './fold-event.js';
import { type PledgeState, foldPledge } from './pledges/pledge.fold.js';

export interface SubjectProjection<S> {
  name: 'ceasefires' | 'pledges';
  table: 'rm_ceasefires' | 'rm_pledges';
  /** Types whose first appearance in a stream may start a subject. */
  startTypes: Array<FoldEvent['type']>;
  startsSubject(event: FoldEvent): boolean;
  fold(events: readonly FoldEvent[], principals: Principals): S | null;
  /** Principals whose strikes can concern the subject. */
  sidePrincipals(state: S, principals: Principals): string[];
  /** Strikes before this valid time cannot concern the subject. */
  strikesFrom(state: S): number;
}

export const CEASEFIRES: SubjectProjection<CeasefireState> = {
  name: 'ceasefires',
  table: 'rm_ceasefires',
  startTypes: ['PROPOSAL_MADE', 'AGREEMENT_REACHED'],
  startsSubject: startsCeasefire,
  fold: foldCeasefire,
  sidePrincipals: (state, principals) => [...new Set(state.parties.map((p) => principalOf(principals, p.actorId)))],
  strikesFrom: (state) => state.proposedAt ?? 0,
};

export const PLEDGES: SubjectProjection<PledgeState> = {
  name: 'pledges',
  table: 'rm_pledges',
  startTypes: ['PLEDGE_MADE'],
  startsSubject: (event) => event.type === 'PLEDGE_MADE',
  fold: foldPledge,
  sidePrincipals: (state, principals) => [principalOf(principals, state.by)],
  strikesFrom: (state) => state.validFrom,
};

export type AnyProjection = SubjectProjection<CeasefireState> | SubjectProjection<PledgeState>;
export const SUBJECT_PROJECTIONS: AnyProjection[] = [CEASEFIRES, PLEDGES];

export function projectionNamed(name: string): AnyProjection | undefined {
  return SUBJECT_PROJECTIONS.find((p) => p.name === name);
}
