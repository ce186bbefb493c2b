/**
 * The registration list: every read model of the service, one line each. The application takes
 * their providers from here, and the projector runtime (catch-up, batches, rebuild, the
 * projections:rebuild CLI) takes the projections of the projected ones from here; nothing else
 * names them.
 */
import { AGREEMENTS_READ_MODEL } from './agreements/agreement.read-model.js';
import { CALLS_READ_MODEL } from './calls/call.read-model.js';
import { CEASEFIRES_READ_MODEL } from './ceasefires/ceasefire.read-model.js';
import { CLAIMS_READ_MODEL } from './claims/claims.read-model.js';
import { PLEDGES_READ_MODEL } from './pledges/pledge.read-model.js';
import type { AnyProjection } from './projector/subject-projection.js';
import type { ReadModel } from './read-model.js';
import { TIMELINES_READ_MODEL } from './timelines/timeline.read-model.js';

export const READ_MODELS: readonly ReadModel[] = [
  CEASEFIRES_READ_MODEL,
  PLEDGES_READ_MODEL,
  AGREEMENTS_READ_MODEL,
  CLAIMS_READ_MODEL,
  CALLS_READ_MODEL,
  TIMELINES_READ_MODEL,
];

/** The projected read models, in the order the projector runs them. */
export const PROJECTIONS: readonly AnyProjection[] = READ_MODELS.flatMap((model) =>
  model.projection ? [model.projection] : [],
);

export function projectionNamed(name: string): AnyProjection | undefined {
  return PROJECTIONS.find((projection) => projection.name === name);
}
