/** The claims ledger: projected into rm_claims; Query.claims / claim, Call.readouts / contested. */
import type { ReadModel } from '../read-model.js';
import { CLAIMS } from './claims.projection.js';
import { CallReadoutsResolver, ClaimsResolver, DisputeResolver } from './claims.resolver.js';
import { ClaimsService } from './claims.service.js';

export const CLAIMS_READ_MODEL: ReadModel = {
  name: 'claims',
  projection: CLAIMS,
  providers: [ClaimsService, ClaimsResolver, DisputeResolver, CallReadoutsResolver],
};
