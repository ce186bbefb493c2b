/** The ceasefire read model as a subject projection (projector/subject-projection.ts). */
import { type SubjectProjection, briefState } from '../projector/subject-projection.js';
import { CeasefireRow } from './ceasefire-row.entity.js';
import {
  type CeasefireState,
  type CeasefireView,
  evolve,
  extendCeasefire,
  foldCeasefire,
  sidePrincipals,
  strikeWindow,
  viewAt,
} from './ceasefire.fold.js';

export const CEASEFIRES: SubjectProjection<CeasefireState, CeasefireView> = {
  name: 'ceasefires',
  rows: CeasefireRow,
  table: 'rm_ceasefires',
  startTypes: ['PROPOSAL_MADE', 'AGREEMENT_REACHED'],
  // Reports add violations; they never move a window or change a side.
  windowless: ['VIOLATION_REPORTED'],
  // A proposal answering it names its party's counter-proposal; disputes of its reports count in its tallies.
  linkedTypes: ['PROPOSAL_MADE', 'CLAIM_DISPUTED'],
  fold: foldCeasefire,
  sidePrincipals,
  struckBy: true,
  strikeWindow,
  evolve,
  extend: extendCeasefire,
  view: viewAt,
  positionOf: (state) => state.position,
  brief: briefState,
};
