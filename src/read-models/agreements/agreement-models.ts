/** From the agreement fold's views to the GraphQL models (agreement.model.ts); the party stances serve the ceasefires too. */
import { toQuantityModel } from '../../events/models/quantity.model.js';
import type { PartyStanceView } from '../negotiations/negotiation.js';
import type { Answer, Moment } from '../projector/subject-reads.service.js';
import { dateOrNull } from '../subject-models.js';
import type { AgreementView } from './agreement.fold.js';
import type {
  AgreementModel,
  AgreementStateChangeModel,
  ImplementationModel,
  ImplementationReportModel,
  PartyStanceModel,
  QuantityProgressModel,
} from './agreement.model.js';
import type { Implementation } from './implementation.js';

export function toPartyStanceModel(p: PartyStanceView, moment: Moment): PartyStanceModel {
  return {
    actorId: p.actorId,
    stance: p.stance,
    at: dateOrNull(p.at),
    conditions: p.conditions,
    conditionsPending: p.conditionsPending,
    conditionsMetAt: dateOrNull(p.conditionsMetAt),
    pendingFor: p.pendingFor,
    eventId: p.eventId,
    counterProposalId: p.counterProposal,
    moment,
  } as PartyStanceModel;
}

function toImplementationModel(implementation: Implementation): ImplementationModel {
  return {
    status: implementation.status,
    startedAt: dateOrNull(implementation.startedAt),
    completedAt: dateOrNull(implementation.completedAt),
    progress: implementation.progress.map(
      (p) =>
        ({
          what: p.what,
          agreed: p.agreed,
          atLeast: p.atLeast,
          reported: p.reported,
          fromId: p.from,
          toId: p.to,
        }) as QuantityProgressModel,
    ),
    reports: implementation.reports.map(
      (r) =>
        ({
          eventId: r.eventId,
          at: new Date(r.at),
          reportedById: r.reportedBy,
          partyId: r.party,
          stage: r.stage,
          quantities: r.quantities.map(toQuantityModel),
          complete: r.complete,
          text: r.text,
        }) as ImplementationReportModel,
    ),
  };
}

export function toAgreementModel({ view, position, moment }: Answer<AgreementView>): AgreementModel {
  return {
    id: view.id,
    kind: view.terms.kind,
    title: view.title,
    text: view.terms.text ?? null,
    unilateral: view.unilateral,
    proposerIds: view.proposers,
    backerIds: view.backers,
    mediatorIds: view.mediators,
    guarantorIds: view.guarantors,
    parties: view.parties.map((p) => toPartyStanceModel(p, moment)),
    state: view.state,
    proposedAt: dateOrNull(view.proposedAt),
    agreedAt: dateOrNull(view.agreedAt),
    withdrawnAt: dateOrNull(view.withdrawnAt),
    terminatedAt: dateOrNull(view.terminatedAt),
    quantities: view.quantities.map(toQuantityModel),
    implementation: toImplementationModel(view.implementation),
    history: view.history.map(
      (h) => ({ state: h.state, at: new Date(h.at), eventId: h.eventId }) as AgreementStateChangeModel,
    ),
    counterToId: view.counterTo,
    counterProposalIds: view.counterProposals,
    position,
    moment,
  } as AgreementModel;
}
