/**
 * One valid payload per event type, drawn from the seed article (2025-03-19). Used by the unit
 * tests and usable as documentation (codebook, API examples).
 */

import type { EventDataMap, EventType } from './event-types.js';

export const EXAMPLE_EVENT_IDS = {
  kremlinReadout: '0d3c2a58-8c47-4b7e-9a53-2f6c1e0b9a11',
  slovianskStrike: '6f1e9b2c-3d4a-4c5b-8e7f-9a0b1c2d3e4f',
  wrongCall: '1234abcd-0000-4000-8000-000000000001',
} as const;

export const EXAMPLE_PAYLOADS: { [K in EventType]: EventDataMap[K] } = {
  CALL_HELD: {
    participants: ['trump', 'zelensky'],
    initiator: 'trump',
    durationMinutes: 60,
    channel: 'PHONE',
    topics: ['the ceasefire'],
  },
  MEETING_HELD: {
    participants: ['rubio', 'lavrov'],
    place: 'Riyadh',
    mediator: 'saudi-arabia',
    topics: ['peace talks'],
  },
  STATEMENT_MADE: {
    speaker: 'trump',
    text: 'very much on track',
    venue: 'Truth Social',
    about: ['putin', 'zelensky'],
  },
  CLAIM_DISPUTED: {
    disputedEventId: EXAMPLE_EVENT_IDS.kremlinReadout,
    by: 'zelensky',
    text: 'very much at odds with reality',
  },
  DEMAND_MADE: {
    by: 'putin',
    addressee: 'us',
    demand: 'an end to foreign military aid and intelligence to Ukraine',
    conditionFor: 'proposal-30-day-ceasefire',
  },
  PROPOSAL_MADE: {
    proposers: ['us'],
    parties: ['ukraine', 'russia'],
    title: '30-day ceasefire',
    terms: { kind: 'CEASEFIRE', scope: 'COMPREHENSIVE', durationDays: 30, unconditional: true },
  },
  PROPOSAL_ACCEPTED: {
    party: 'ukraine',
    conditions: ['Russia also stops its attacks'],
  },
  PROPOSAL_REJECTED: {
    party: 'russia',
    reason: 'no halt to foreign military aid',
  },
  CONDITIONS_MET: {
    party: 'ukraine',
    conditions: ['Russia also stops its attacks'],
    text: 'Russian strikes on energy infrastructure stopped',
  },
  AGREEMENT_REACHED: {
    parties: ['russia'],
    title: 'Easter truce',
    terms: { kind: 'CEASEFIRE', scope: 'COMPREHENSIVE', durationHours: 30 },
    effectiveFrom: '2025-04-19T18:00:00+03:00',
    effectiveUntil: '2025-04-21T00:00:00+03:00',
    unilateral: true,
  },
  IMPLEMENTATION_REPORTED: {
    reportedBy: 'ukraine',
    stage: '1',
    quantities: [{ what: 'prisoners', count: 390, from: 'russia', to: 'ukraine' }],
    complete: false,
    implements: ['agreement-istanbul-exchange'],
    text: 'the first 390 of the 1,000 prisoners agreed in Istanbul came home',
  },
  PLEDGE_MADE: {
    by: 'putin',
    to: 'trump',
    commitment: {
      action: 'HALT_STRIKES',
      targetCategory: 'ENERGY_INFRASTRUCTURE',
      text: 'halt strikes on energy infrastructure for 30 days',
    },
    validFrom: '2025-03-18T15:00Z',
    durationDays: 30,
    ceasefireId: 'ceasefire-energy-infrastructure',
  },
  PLEDGE_WITHDRAWN: {
    by: 'putin',
    reason: 'the 30 days are over',
  },
  PLEDGE_FULFILLED: {
    by: 'putin',
    text: '175 prisoners of war were exchanged, as promised in the call',
  },
  STRIKE_REPORTED: {
    attacker: 'russia',
    targetCategory: 'ENERGY_INFRASTRUCTURE',
    place: 'Sloviansk',
    country: 'UA',
    means: 'DRONE',
    impact: 'power cut in parts of the city',
  },
  VIOLATION_REPORTED: {
    violator: 'russia',
    reportedBy: 'zelensky',
    evidenceEventIds: [EXAMPLE_EVENT_IDS.slovianskStrike],
    text: 'strikes on energy infrastructure continued after the call',
  },
  EVENT_CORRECTED: {
    correctedEventId: EXAMPLE_EVENT_IDS.wrongCall,
    data: { participants: ['waltz', 'ushakov'], channel: 'PHONE' },
    occurredPrecision: 'DAY',
    reason: 'the counterpart was Yuri Ushakov',
  },
  EVENT_RETRACTED: {
    retractedEventId: EXAMPLE_EVENT_IDS.wrongCall,
    reason: 'duplicate of another call',
  },
};
