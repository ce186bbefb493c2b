/** The pledge read model as a subject projection (projector/subject-projection.ts). */
import { principalOf } from '../fold-event.js';
import { type SubjectProjection, briefState } from '../projector/subject-projection.js';
import { PledgeRow } from './pledge-row.entity.js';
import { type PledgeState, type PledgeView, evolve, foldPledge, viewAt } from './pledge.fold.js';

export const PLEDGES: SubjectProjection<PledgeState, PledgeView> = {
  name: 'pledges',
  rows: PledgeRow,
  table: 'rm_pledges',
  startTypes: ['PLEDGE_MADE'],
  // Reports add violations; they never move a window or change a side.
  windowless: ['VIOLATION_REPORTED'],
  // Disputes of its reports count in its tallies.
  linkedTypes: ['CLAIM_DISPUTED'],
  fold: foldPledge,
  sidePrincipals: (state, principals) => [principalOf(principals, state.by)],
  evolve,
  // Only its own events and its violations shape a pledge (other strikes leave it as it is): the latest of their times.
  foldedUntil: (state) =>
    state.violations.reduce(
      (latest, v) => Math.max(latest, v.at),
      Math.max(
        state.madeAt,
        state.withdrawn?.at ?? Number.NEGATIVE_INFINITY,
        state.fulfilled?.at ?? Number.NEGATIVE_INFINITY,
      ),
    ),
  // Only a promise to halt strikes is broken by one (pledge.fold.ts), and only inside its validity, on its target.
  strikeWindow: (state) =>
    state.commitment.action !== 'HALT_STRIKES'
      ? null
      : {
          from: state.validFrom,
          until: state.validUntil,
          categories: state.commitment.targetCategory ? [state.commitment.targetCategory] : null,
        },
  view: viewAt,
  positionOf: (state) => state.position,
  brief: briefState,
};
