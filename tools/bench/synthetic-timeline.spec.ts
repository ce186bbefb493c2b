import { checkAppendEnvelope } from '../../src/events/append/append-envelope.validation.js';
import { validatePayload } from '../../src/events/catalogue/payload-validation.js';
import type { EventType } from '../../src/events/catalogue/event-types.js';
import { type SyntheticLine, syntheticActors, syntheticTimeline } from './synthetic-timeline.js';

const take = (n: number, seed?: number): SyntheticLine[] => [...syntheticTimeline(n, seed)];

describe('syntheticTimeline', () => {
  const lines = take(20_000);

  it('is deterministic for a seed, and another seed gives another timeline', () => {
    expect(JSON.stringify(take(500))).toBe(JSON.stringify(lines.slice(0, 500)));
    expect(take(50, 7)[10].event.id).not.toBe(lines[10].event.id);
  });

  it('is prefix-stable: a shorter run is the start of a longer one', () => {
    expect(JSON.stringify(take(3_000))).toBe(JSON.stringify(lines.slice(0, 3_000)));
  });

  it('gives only events the store accepts (envelope and payload), naming registered actors', () => {
    const actors = new Set(syntheticActors().map((a) => a.id));
    const ids = new Set<string>();
    const streams = new Map<string, Set<string>>();
    for (const [n, line] of lines.entries()) {
      const { errors, events } = checkAppendEnvelope({ streamId: line.streamId, events: [line.event] });
      expect({ n, errors }).toEqual({ n, errors: [] });
      const [event] = events;
      for (const ref of event.check.actorRefs) expect(actors.has(ref.id)).toBe(true);
      // Referenced events and streams come earlier in the log.
      for (const ref of event.check.eventRefs) expect(ids.has(ref.id)).toBe(true);
      for (const ref of event.check.streamRefs) expect(streams.has(ref.id)).toBe(true);
      if (event.type === 'EVENT_CORRECTED' && event.data.data) {
        const target = lines.find((l) => l.event.id === event.data.correctedEventId)!;
        expect(target.streamId).toBe(line.streamId);
        expect(validatePayload(target.event.type as EventType, event.data.data, 'data').errors).toEqual([]);
      }
      if (event.type === 'PROPOSAL_ACCEPTED' || event.type === 'PROPOSAL_REJECTED')
        expect(streams.get(line.streamId)?.has('PROPOSAL_MADE')).toBe(true);
      ids.add(event.id);
      streams.set(line.streamId, (streams.get(line.streamId) ?? new Set()).add(event.type));
    }
  });

  it('has the shape of a real log: actors, streams, type mix, sizes, late and amended events', () => {
    expect(syntheticActors().length).toBeGreaterThanOrEqual(300);
    const streams = new Set(lines.map((l) => l.streamId));
    expect(streams.size).toBeGreaterThan(1_500);
    const count = (type: string) => lines.filter((l) => l.event.type === type).length;
    expect(count('STATEMENT_MADE') / lines.length).toBeGreaterThan(0.25);
    expect(count('STRIKE_REPORTED') / lines.length).toBeGreaterThan(0.2);
    expect(count('PROPOSAL_MADE')).toBeGreaterThanOrEqual(30);
    expect(count('PLEDGE_MADE')).toBeGreaterThanOrEqual(60);
    expect(count('VIOLATION_REPORTED')).toBeGreaterThan(30);
    expect(count('EVENT_CORRECTED') + count('EVENT_RETRACTED')).toBeGreaterThan(300);
    const bytes = lines.reduce((sum, l) => sum + Buffer.byteLength(JSON.stringify(l.event)), 0) / lines.length;
    expect(bytes).toBeGreaterThan(600);
    expect(bytes).toBeLessThan(1_600);
    // Late-recorded: occurred a day or more before the event recorded just before it.
    const late = lines.filter(
      (l, i) => i > 0 && Date.parse(l.event.occurredAt) < Date.parse(lines[i - 1].event.occurredAt) - 86_400_000,
    );
    expect(late.length / lines.length).toBeGreaterThan(0.03);
  });
});
