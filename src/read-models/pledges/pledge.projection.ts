/** The pledge read model as a subject projection (projector/subject-projection.ts). */
import { principalOf } from '../fold-event.js';
import { type SubjectProjection, briefState } from '../projector/subject-projection.js';
import { PledgeRow } from './pledge-row.entity.js';
import { type PledgeState, type PledgeView, evolve, extendPledge, foldPledge, viewAt } from './pledge.fold.js';
import { violationBounds } from '../violations/violation.js';

/**
 * The brief state keeps, beside the earliest violation, the one with the smallest latest bound when
 * it is another: the lifetime's max comes from it.
 */
export function briefPledge(state: PledgeState): PledgeState {
  const brief = briefState(state);
  if (brief === state) return state;
  const tightest = state.violations.reduce((min, v) =>
    violationBounds(v).latest < violationBounds(min).latest ? v : min,
  );
  return tightest === brief.violations[0] ? brief : { ...brief, violations: [brief.violations[0], tightest] };
}

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
  extend: extendPledge,
  // Only a promise to halt strikes is broken by one (pledge.fold.ts), and only inside its validity, on its target.
  struckBy: true,
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
  brief: briefPledge,
};
