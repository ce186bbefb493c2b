import { claimMarks, claimStatusWords, markNotes, readoutView, readoutsSummary } from './claims-view.js';
import type { DisputedClaim, Readout } from './types.js';

const CALL = '97da3b89-3934-44ca-b442-ebafb38ec45c';
const kremlin = { id: 'kremlin', name: 'The Kremlin' };
const zelensky = { id: 'zelensky', name: 'Volodymyr Zelensky' };

const disputedClaim = (id: string, readoutOf: DisputedClaim['readoutOf'] = null): DisputedClaim => ({
  event: { id },
  readoutOf,
});

const readout = (over: Partial<Readout> = {}): Readout => ({
  status: 'UNDISPUTED',
  claimant: kremlin,
  event: {
    id: 'readout-1',
    summary: 'The Kremlin said about Vladimir Putin: "…"',
    occurredAt: '2025-03-18T16:00:00.000Z',
    occurredPrecision: 'HOUR',
    text: 'Putin “immediately” ordered his military to adhere to the limited cease-fire',
    venue: 'Kremlin readout of the Trump–Putin call',
  },
  disputes: [],
  ...over,
});

const dispute = (over: Partial<Readout['disputes'][number]> = {}): Readout['disputes'][number] => ({
  at: '2025-03-19T00:00:00.000Z',
  text: 'very much at odds with reality',
  by: zelensky,
  event: { id: 'dispute-1' },
  ...over,
});

describe('claimMarks', () => {
  it('marks every disputed claim, and the calls (not the meetings) their readouts give an account of as contested', () => {
    const marks = claimMarks([
      disputedClaim('demand'),
      disputedClaim('readout-1', { id: CALL, type: 'CALL_HELD' }),
      disputedClaim('readout-2', { id: CALL, type: 'CALL_HELD' }),
      disputedClaim('readout-of-a-meeting', { id: 'meeting', type: 'MEETING_HELD' }),
    ]);
    expect([...marks.disputed].sort()).toEqual(['demand', 'readout-1', 'readout-2', 'readout-of-a-meeting']);
    expect([...marks.contested]).toEqual([CALL]);
  });

  it('marks nothing when nothing is disputed (before the first dispute)', () => {
    const marks = claimMarks([]);
    expect(marks.disputed.size).toBe(0);
    expect(marks.contested.size).toBe(0);
  });
});

describe('markNotes', () => {
  const none = { retracted: false, corrected: false, late: false, disputed: false, contested: false };

  it('says nothing of a plain event', () => {
    expect(markNotes(none)).toEqual([]);
  });

  it('names each flag in a fixed order', () => {
    expect(markNotes({ retracted: true, corrected: true, late: true, disputed: true, contested: true })).toEqual([
      'retracted',
      'corrected',
      'recorded late',
      'disputed',
      'contested',
    ]);
    expect(markNotes({ ...none, contested: true })).toEqual(['contested']);
    expect(markNotes({ ...none, corrected: true, disputed: true })).toEqual(['corrected', 'disputed']);
  });
});

describe('readoutView', () => {
  it("gives the claimant, the statement's words, where and when it was given, and its status", () => {
    expect(readoutView(readout())).toEqual({
      eventId: 'readout-1',
      claimant: 'The Kremlin',
      status: 'UNDISPUTED',
      statusWords: 'undisputed',
      words: 'Putin “immediately” ordered his military to adhere to the limited cease-fire',
      context: '18 Mar 2025, 16:00–17:00 UTC (hour) · Kremlin readout of the Trump–Putin call',
      disputes: [],
      note: null,
    });
  });

  it('lists each dispute: who, when (a day-precision moment as its day) and in what words, with the event to open', () => {
    const view = readoutView(
      readout({
        status: 'DISPUTED',
        disputes: [dispute(), dispute({ at: '2025-03-19T09:30:00.000Z', by: kremlin, event: { id: 'dispute-2' } })],
      }),
    );
    expect(view.statusWords).toBe('disputed');
    expect(view.disputes).toEqual([
      { eventId: 'dispute-1', by: 'Volodymyr Zelensky', when: '19 Mar 2025', words: 'very much at odds with reality' },
      {
        eventId: 'dispute-2',
        by: 'The Kremlin',
        when: '19 Mar 2025, 09:30 UTC',
        words: 'very much at odds with reality',
      },
    ]);
    expect(view.note).toBeNull();
  });

  it('says why a readout disputed only from its own side stays undisputed', () => {
    const view = readoutView(readout({ disputes: [dispute({ by: { id: 'putin', name: 'Vladimir Putin' } })] }));
    expect(view.status).toBe('UNDISPUTED');
    expect(view.note).toBe('Disputed only from its own side, which leaves it undisputed.');
  });

  it('falls back to the summary for an event that is no statement, and to "Unknown" without a claimant', () => {
    const view = readoutView(
      readout({
        claimant: null,
        event: { id: 'x', summary: 'A summary', occurredAt: '2025-03-19T00:00:00.000Z', occurredPrecision: 'DAY' },
      }),
    );
    expect(view).toMatchObject({ claimant: 'Unknown', words: 'A summary', context: '19 Mar 2025 (day)' });
  });
});

describe('readoutsSummary', () => {
  it('says when a call has no readout, now or at the "as of" moment', () => {
    expect(readoutsSummary([], null)).toBe('No readout of this call is recorded.');
    expect(readoutsSummary([], Date.parse('2025-03-18T13:00:00Z'))).toBe(
      'No readout of this call is recorded as of 18 Mar 2025, 13:00 UTC.',
    );
  });

  it('counts the readouts, and says the call is contested when one is disputed', () => {
    const undisputed = readout();
    const disputed = readout({ status: 'DISPUTED', disputes: [dispute()] });
    expect(readoutsSummary([undisputed, undisputed], null)).toBe('2 readouts, none disputed.');
    expect(readoutsSummary([undisputed], Date.parse('2025-03-18T20:00:00Z'))).toBe(
      '1 readout as of 18 Mar 2025, 20:00 UTC, none disputed.',
    );
    expect(readoutsSummary([disputed, undisputed], null)).toBe('Contested: 1 of its 2 readouts is disputed.');
    expect(readoutsSummary([disputed, disputed], null)).toBe('Contested: 2 of its 2 readouts are disputed.');
    expect(readoutsSummary([disputed], null)).toBe('Contested: its readout is disputed.');
  });
});

describe('claimStatusWords', () => {
  it('names every status in lower case', () => {
    expect(['DISPUTED', 'UNDISPUTED', 'RETRACTED'].map((s) => claimStatusWords(s as Readout['status']))).toEqual([
      'disputed',
      'undisputed',
      'retracted',
    ]);
  });
});
