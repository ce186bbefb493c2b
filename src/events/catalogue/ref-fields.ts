/**
 * Which payload fields hold references: actor ids, event ids, stream ids. A name is a path of
 * keys joined by `.`; a key ending in `[]` is a list (`terms.quantities[].from`: the `from` of
 * each quantity of the terms). Fields are listed in the catalogue's order, which gives actorIdsOf
 * its stable order.
 */

import { assertNever, type EventType } from './event-types.js';

export type FieldName = string;

export interface RefFields {
  actors: readonly FieldName[];
  events: readonly FieldName[];
  streams: readonly FieldName[];
}

/**
 * Every actor field of the catalogue: the first edition's in an order that keeps each of its types'
 * own order, then the second edition's. Used for the payload inside a correction, whose type is
 * not known from the correction alone (the store adds the corrected payload's actors in its type's
 * order too).
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
  'mediators[]',
  'backers[]',
  'guarantors[]',
  'terms.quantities[].from',
  'terms.quantities[].to',
  'quantities[].from',
  'quantities[].to',
];

/**
 * Every event field a correction's payload may hold (the corrected event's types'), looked up with
 * the batch's other references before the corrected event's type is known.
 */
export const ALL_EVENT_FIELDS: readonly FieldName[] = ['disputedEventId', 'evidenceEventIds[]', 'readoutOf'];

/** The types an event field may name, where the catalogue restricts them: a readout is of a call or a meeting. */
export const REFERENCED_TYPES: Readonly<Partial<Record<FieldName, readonly EventType[]>>> = {
  readoutOf: ['CALL_HELD', 'MEETING_HELD'],
};

const QUANTITY_ACTORS = ['from', 'to'] as const;
const termsQuantityActors = QUANTITY_ACTORS.map((key) => `terms.quantities[].${key}`);
const quantityActors = QUANTITY_ACTORS.map((key) => `quantities[].${key}`);

const none: readonly FieldName[] = [];

export function refFieldsOf(type: EventType): RefFields {
  switch (type) {
    case 'CALL_HELD':
      return { actors: ['participants[]', 'initiator'], events: none, streams: none };
    case 'MEETING_HELD':
      return { actors: ['participants[]', 'mediator', 'mediators[]'], events: none, streams: none };
    case 'STATEMENT_MADE':
      return { actors: ['speaker', 'about[]'], events: ['readoutOf'], streams: none };
    case 'CLAIM_DISPUTED':
      return { actors: ['by'], events: ['disputedEventId'], streams: none };
    case 'DEMAND_MADE':
      return { actors: ['by', 'addressee'], events: none, streams: ['conditionFor'] };
    case 'PROPOSAL_MADE':
      return {
        actors: ['proposers[]', 'parties[]', 'backers[]', 'mediators[]', ...termsQuantityActors],
        events: none,
        streams: ['counterTo'],
      };
    case 'PROPOSAL_ACCEPTED':
    case 'PROPOSAL_REJECTED':
    case 'CONDITIONS_MET':
      return { actors: ['party'], events: none, streams: none };
    case 'AGREEMENT_REACHED':
      return {
        actors: ['parties[]', 'mediators[]', 'guarantors[]', ...termsQuantityActors],
        events: none,
        streams: none,
      };
    case 'IMPLEMENTATION_REPORTED':
      return { actors: ['reportedBy', 'party', ...quantityActors], events: none, streams: ['implements[]'] };
    case 'PLEDGE_MADE':
      return { actors: ['by', 'to'], events: none, streams: ['ceasefireId'] };
    case 'PLEDGE_WITHDRAWN':
    case 'PLEDGE_FULFILLED':
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

/**
 * The values of the given fields in `data`, list items one by one; missing fields, and paths through
 * values of the wrong shape, give nothing.
 */
export function valuesOf(data: unknown, fields: readonly FieldName[]): FoundValue[] {
  const found: FoundValue[] = [];
  for (const field of fields) walk(data, field.split('.'), '', found);
  return found;
}

function walk(node: unknown, keys: readonly string[], at: string, found: FoundValue[]): void {
  if (typeof node !== 'object' || node === null || Array.isArray(node)) return;
  const [head, ...rest] = keys;
  const list = head.endsWith('[]');
  const key = list ? head.slice(0, -2) : head;
  if (!Object.prototype.hasOwnProperty.call(node, key)) return;
  const value: unknown = Reflect.get(node, key);
  const here = at === '' ? key : `${at}.${key}`;
  const visit = (item: unknown, itemAt: string) => {
    if (rest.length === 0) found.push({ at: itemAt, value: item });
    else walk(item, rest, itemAt, found);
  };
  if (!list) visit(value, here);
  else if (Array.isArray(value)) value.forEach((item: unknown, i: number) => visit(item, `${here}[${i}]`));
}
