/** Actor timelines: Actor.timeline, the events of an actor and of those who act for it, read from the log. */
import type { ReadModel } from '../read-model.js';
import { TimelinesResolver } from './timelines.resolver.js';

export const TIMELINES_READ_MODEL: ReadModel = {
  name: 'timelines',
  providers: [TimelinesResolver],
};
