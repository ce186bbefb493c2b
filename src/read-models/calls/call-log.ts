/**
 * The call log as pure functions over CALL_HELD events (corrections and retractions applied):
 * each call with its participants, time and duration, and how often each pair spoke.
 */
import type { FoldEvent, FoldEventOf } from '../fold-event.js';

export interface CallEntry {
  eventId: string;
  participants: string[];
  initiator: string | null;
  at: number;
  precision: FoldEvent['precision'];
  durationMinutes: number | null;
  channel: string | null;
  topics: string[];
}

export interface CallPairEntry {
  actors: [string, string];
  count: number;
  firstAt: number;
  lastAt: number;
  lastEventId: string;
}

export function toCall(event: FoldEventOf<'CALL_HELD'>): CallEntry {
  const d = event.data;
  return {
    eventId: event.id,
    participants: [...d.participants],
    initiator: d.initiator ?? null,
    at: event.occurredAt,
    precision: event.precision,
    durationMinutes: d.durationMinutes ?? null,
    channel: d.channel ?? null,
    topics: d.topics ?? [],
  };
}

/** Every unordered pair of participants of each call, counted; most recent first. */
export function callPairs(calls: readonly CallEntry[]): CallPairEntry[] {
  const pairs = new Map<string, CallPairEntry>();
  for (const call of [...calls].sort((a, b) => a.at - b.at)) {
    const people = [...new Set(call.participants)].sort();
    for (let i = 0; i < people.length; i++) {
      for (let j = i + 1; j < people.length; j++) {
        const key = `${people[i]}|${people[j]}`;
        const pair = pairs.get(key);
        if (pair) {
          pair.count++;
          pair.lastAt = call.at;
          pair.lastEventId = call.eventId;
        } else {
          pairs.set(key, {
            actors: [people[i], people[j]],
            count: 1,
            firstAt: call.at,
            lastAt: call.at,
            lastEventId: call.eventId,
          });
        }
      }
    }
  }
  return [...pairs.values()].sort((a, b) => b.lastAt - a.lastAt || a.actors.join().localeCompare(b.actors.join()));
}
