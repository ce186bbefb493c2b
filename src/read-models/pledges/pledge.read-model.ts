/** The pledge read model: projected into rm_pledges; Query.pledges / pledge, Subscription.pledgeChanged. */
import type { ReadModel } from '../read-model.js';
import { PLEDGES } from './pledge.projection.js';
import { PledgesResolver } from './pledges.resolver.js';

export const PLEDGES_READ_MODEL: ReadModel = {
  name: 'pledges',
  projection: PLEDGES,
  providers: [PledgesResolver],
};
