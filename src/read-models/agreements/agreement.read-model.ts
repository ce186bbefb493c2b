/** The agreements read model: projected into rm_agreements; Query.agreements / agreement, Subscription.agreementChanged. */
import type { ReadModel } from '../read-model.js';
import { AGREEMENTS } from './agreement.projection.js';
import {
  AgreementStateChangeResolver,
  AgreementsResolver,
  ImplementationReportResolver,
  PartyStanceResolver,
  QuantityProgressResolver,
} from './agreements.resolver.js';

export const AGREEMENTS_READ_MODEL: ReadModel = {
  name: 'agreements',
  projection: AGREEMENTS,
  providers: [
    AgreementsResolver,
    PartyStanceResolver,
    ImplementationReportResolver,
    QuantityProgressResolver,
    AgreementStateChangeResolver,
  ],
};
