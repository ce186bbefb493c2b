import { claimMarks, markNotes } from './claims-view.js';
import type { DisputedClaim } from './types.js';

const CALL = '97da3b89-3934-44ca-b442-ebafb38ec45c';
const disputedClaim = (id: string, readoutOf: DisputedClaim['readoutOf'] = null): DisputedClaim => ({
  event: { id },
  readoutOf,
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
