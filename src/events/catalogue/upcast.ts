/**
 * First-edition payloads as the second edition reads them (the catalogue: "old payloads are upcast
 * on read"; stored events are never rewritten). Pure: the GraphQL nodes, the summaries, the exports
 * and the read models read through these.
 */

import type { MeetingHeldData } from './event-types.js';

/** A meeting's mediators: `mediators`, or the first edition's single `mediator` as a list of one. */
export function meetingMediators(data: MeetingHeldData): string[] {
  return data.mediators ?? (data.mediator === undefined ? [] : [data.mediator]);
}
