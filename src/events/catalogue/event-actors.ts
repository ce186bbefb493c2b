/** The actors an event involves: what the store writes to `events.actor_ids`. */

import type { EventType } from './event-types.js';
import { ALL_ACTOR_FIELDS, refFieldsOf, valuesOf } from './ref-fields.js';
import { isActorId, isObjectLike } from './value-checks.js';

/**
 * The distinct actor ids of an event's payload, in the order of first appearance over its type's
 * actor fields (ref-fields.ts: participants, initiator, mediator(s), speaker, about, by, to,
 * addressee, proposers, parties, backers, guarantors, party, attacker, violator, reportedBy, the
 * quantities' from and to). A correction involves the actors of its corrected `data` (none without
 * it); a retraction involves none. Values that are not well-formed actor ids are skipped.
 */
export function actorIdsOf(type: EventType, data: unknown): string[] {
  const [payload, fields] =
    type === 'EVENT_CORRECTED' || type === 'EVENT_RETRACTED'
      ? [isObjectLike(data) ? data.data : undefined, ALL_ACTOR_FIELDS]
      : [data, refFieldsOf(type).actors];
  const ids = valuesOf(payload, fields)
    .map(({ value }) => value)
    .filter(isActorId);
  return [...new Set(ids)];
}
