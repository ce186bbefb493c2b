/**
 * Which payload fields hold references: actor ids, event ids, stream ids. A name ending in `[]`
 * is a list. Fields are listed in the catalogue's order, which gives actorIdsOf its stable order.
 */

import { assertNever, type EventType } from './event-types.js';

export type FieldName = string;

export interface RefFields {
  actors: readonly FieldName[];
  events: readonly FieldName[];
  streams: readonly FieldName[];
}

/**
 * Every actor field of the catalogue, in an order that keeps each type's own order. Used for the
 * payload inside a correction, whose type is not known from the correction alone.
 */
export const ALL_ACTOR_FIELDS: readonly FieldName[] = [
  'participants[]',
  'initiator',
  'mediator',
  'speaker',
  'about[]',
  'by',
  'to',
  'addressee',
  'proposers[]',
  'parties[]',
  'party',
  'attacker',
  'violator',
  'reportedBy',
];

const none: readonly FieldName[] = [];

export function refFieldsOf(type: EventType): RefFields {
  switch (type) {
    case 'CALL_HELD':
      return { actors: ['participants[]', 'initiator'], events: none, streams: none };
    case 'MEETING_HELD':
      return { actors: ['participants[]', 'mediator'], events: none, streams: none };
    case 'STATEMENT_MADE':
      return { actors: ['speaker', 'about[]'], events: none, streams: none };
    case 'CLAIM_DISPUTED':
      return { actors: ['by'], events: ['disputedEventId'], streams: none };
    case 'DEMAND_MADE':
      return { actors: ['by', 'addressee'], events: none, streams: ['conditionFor'] };
    case 'PROPOSAL_MADE':
      return { actors: ['proposers[]', 'parties[]'], events: none, streams: none };
    case 'PROPOSAL_ACCEPTED':
    case 'PROPOSAL_REJECTED':
      return { actors: ['party'], events: none, streams: none };
    case 'AGREEMENT_REACHED':
      return { actors: ['parties[]'], events: none, streams: none };
    case 'PLEDGE_MADE':
      return { actors: ['by', 'to'], events: none, streams: ['ceasefireId'] };
    case 'PLEDGE_WITHDRAWN':
      return { actors: ['by'], events: none, streams: none };
    case 'STRIKE_REPORTED':
      return { actors: ['attacker'], events: none, streams: none };
    case 'VIOLATION_REPORTED':
      return { actors: ['violator', 'reportedBy'], events: ['evidenceEventIds[]'], streams: none };
    case 'EVENT_CORRECTED':
      return { actors: none, events: ['correctedEventId'], streams: none };
    case 'EVENT_RETRACTED':
      return { actors: none, events: ['retractedEventId'], streams: none };
    default:
      return assertNever(type);
  }
}

/** A value found in a reference field, with its key path relative to the payload (`participants[1]`). */
export interface FoundValue {
  at: string;
  value: unknown;
}

/** The values of the given fields in `data`, list items one by one; missing fields give nothing. */
export function valuesOf(data: unknown, fields: readonly FieldName[]): FoundValue[] {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return [];
  const found: FoundValue[] = [];
  for (const field of fields) {
    const list = field.endsWith('[]');
    const key = list ? field.slice(0, -2) : field;
    if (!Object.prototype.hasOwnProperty.call(data, key)) continue;
    const value: unknown = Reflect.get(data, key);
    if (!list) found.push({ at: key, value });
    else if (Array.isArray(value))
      value.forEach((item: unknown, i: number) => found.push({ at: `${key}[${i}]`, value: item }));
  }
  return found;
}
