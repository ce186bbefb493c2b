/** The ceasefire read model: projected into rm_ceasefires; Query.ceasefires / ceasefire, Subscription.ceasefireChanged. */
import type { ReadModel } from '../read-model.js';
import { CEASEFIRES } from './ceasefire.projection.js';
import { CeasefiresResolver, StateChangeResolver } from './ceasefires.resolver.js';

export const CEASEFIRES_READ_MODEL: ReadModel = {
  name: 'ceasefires',
  projection: CEASEFIRES,
  providers: [CeasefiresResolver, StateChangeResolver],
};
