/** The agreements read model as a subject projection (projector/subject-projection.ts). */
import { principalOf } from '../fold-event.js';
import { actorsOf } from '../negotiations/negotiation.js';
import type { SubjectProjection } from '../projector/subject-projection.js';
import { AgreementRow } from './agreement-row.entity.js';
import { type AgreementState, type AgreementView, evolve, foldAgreement, viewAt } from './agreement.fold.js';

export const AGREEMENTS: SubjectProjection<AgreementState, AgreementView> = {
  name: 'agreements',
  rows: AgreementRow,
  table: 'rm_agreements',
  startTypes: ['PROPOSAL_MADE', 'AGREEMENT_REACHED'],
  windowless: [],
  // Proposals answering it (counter-proposals), reports carrying it out from streams of their own.
  linkedTypes: ['PROPOSAL_MADE', 'IMPLEMENTATION_REPORTED'],
  fold: foldAgreement,
  // No strike concerns an agreement; the column holds the sides of everyone with a role in it.
  sidePrincipals: (state, principals) => [...new Set(actorsOf(state).map((a) => principalOf(principals, a)))],
  struckBy: false,
  strikeWindow: () => null,
  evolve,
  view: viewAt,
  positionOf: (state) => state.position,
  // Agreements hold no violations: the brief state is the state.
  brief: (state) => state,
};
