/** The ceasefire read model as a subject projection (projector/subject-projection.ts). */
import { principalOf } from '../fold-event.js';
import type { SubjectProjection } from '../projector/subject-projection.js';
import { type CeasefireState, type CeasefireView, evolve, foldCeasefire, startsCeasefire, strikeWindow, viewAt } from './ceasefire.fold.js';

export const CEASEFIRES: SubjectProjection<CeasefireState, CeasefireView> = {
  name: 'ceasefires',
  table: 'rm_ceasefires',
  startTypes: ['PROPOSAL_MADE', 'AGREEMENT_REACHED'],
  startsSubject: startsCeasefire,
  fold: foldCeasefire,
  sidePrincipals: (state, principals) => [...new Set(state.parties.map((p) => principalOf(principals, p.actorId)))],
  strikeWindow,
  evolve,
  foldedUntil: (state) => (typeof state.lastAt === 'number' ? state.lastAt : null),
  view: viewAt,
};
