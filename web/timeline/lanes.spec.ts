import { buildLanes, packRows } from './lanes.js';
import type { TimelineEvent } from './types.js';

function event(id: string, type: TimelineEvent['type'], actors: [string, string][]): TimelineEvent {
  return {
    id,
    type,
    streamId: id,
    position: '1',
    occurredAt: '2025-03-18T14:00:00Z',
    occurredPrecision: 'HOUR',
    recordedAt: '2025-03-19T00:00:00Z',
    summary: id,
    cameoCode: null,
    retracted: false,
    correctedBy: null,
    data: {},
    actors: actors.map(([actor, principal]) => ({ id: actor, name: actor, principal: { id: principal } })),
  };
}

const events = [
  event('call', 'CALL_HELD', [
    ['trump', 'us'],
    ['putin', 'russia'],
  ]),
  event('pledge', 'PLEDGE_MADE', [
    ['putin', 'russia'],
    ['trump', 'us'],
  ]),
  event('strike', 'STRIKE_REPORTED', [['russia', 'russia']]),
  event('orphan', 'STATEMENT_MADE', []),
];
const names = new Map([
  ['us', 'United States'],
  ['russia', 'Russia'],
]);

describe('lanes', () => {
  it("puts each event in the lane of its first actor's side, busiest lane first", () => {
    const lanes = buildLanes(events, 'actor', names);
    expect(lanes.map((l) => [l.label, l.events.map((e) => e.id)])).toEqual([
      ['Russia', ['pledge', 'strike']],
      ['(no actor)', ['orphan']],
      ['United States', ['call']],
    ]);
  });

  it('puts a correction or retraction in the lane of the event it names, when that one is drawn', () => {
    const correction = { ...event('fix', 'EVENT_CORRECTED', []), data: { correctedEventId: 'strike', reason: 'r' } };
    const retraction = {
      ...event('gone', 'EVENT_RETRACTED', []),
      data: { retractedEventId: 'not-drawn', reason: 'r' },
    };
    const lanes = buildLanes([...events, correction, retraction], 'actor', names);
    expect(lanes.find((l) => l.label === 'Russia')?.events.map((e) => e.id)).toEqual(['pledge', 'strike', 'fix']);
    expect(lanes.find((l) => l.label === '(no actor)')?.events.map((e) => e.id)).toEqual(['orphan', 'gone']);
  });

  it('by type, in the catalogue order, with readable labels', () => {
    expect(buildLanes(events, 'type', names).map((l) => l.label)).toEqual(['Call', 'Statement', 'Pledge', 'Strike']);
  });

  it('puts the quieter sides together in a last lane when there are more than maxLanes', () => {
    const lanes = buildLanes(events, 'actor', names, 2);
    expect(lanes.map((l) => [l.label, l.events.map((e) => e.id)])).toEqual([
      ['Russia', ['pledge', 'strike']],
      ['Other sides (2)', ['orphan', 'call']],
    ]);
    expect(buildLanes(events, 'type', names, 2)).toHaveLength(4);
  });

  it('keeps every event exactly once', () => {
    for (const mode of ['actor', 'type'] as const) {
      expect(buildLanes(events, mode, names).flatMap((l) => l.events).length).toBe(events.length);
    }
  });
});

describe('packRows', () => {
  it('stacks overlapping spans and reuses rows that are free again', () => {
    expect(
      packRows(
        [
          { start: 0, end: 10 },
          { start: 5, end: 15 },
          { start: 12, end: 20 },
          { start: 30, end: 31 },
        ],
        2,
      ),
    ).toEqual([0, 1, 0, 0]);
  });

  it('overlaps rather than grow past maxRows, in the row that frees up first', () => {
    expect(
      packRows(
        [
          { start: 0, end: 10 },
          { start: 1, end: 5 },
          { start: 2, end: 8 },
          { start: 3, end: 4 },
        ],
        0,
        2,
      ),
    ).toEqual([0, 1, 1, 1]);
  });

  it('keeps the gap between neighbours in a row', () => {
    expect(
      packRows(
        [
          { start: 0, end: 10 },
          { start: 11, end: 12 },
        ],
        2,
      ),
    ).toEqual([0, 1]);
  });
});
