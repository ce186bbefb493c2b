import { PRINCIPALS, foldEventBuilder } from '../../../test/support/fold-events.js';
import { applyAmendments } from '../fold-event.js';
import { claimStatus } from './claim-status.js';
import { claimantSides, foldClaims } from './claims.fold.js';

/**
 * The Trump–Putin call of 18 March 2025 and what each side said of it: the White House readout
 * ("energy and infrastructure"), the Kremlin's ("energy infrastructure", and an end to foreign
 * military aid), Zelensky's "very much at odds with reality", Washington's denial of the aid demand.
 */
const CALL_ID = '00000000-0000-4000-8000-0000000000ca';
const WH_ID = '00000000-0000-4000-8000-0000000000a1';
const KREMLIN_ID = '00000000-0000-4000-8000-0000000000a2';
const STRIKE_ID = '00000000-0000-4000-8000-0000000000a3';
const REPORT_ID = '00000000-0000-4000-8000-0000000000a4';

const ev = foldEventBuilder('statement-kremlin-readout');

const kremlinReadout = ev(
  'STATEMENT_MADE',
  { speaker: 'kremlin', text: 'Putin agreed to stop strikes on energy infrastructure', readoutOf: CALL_ID },
  { at: '2025-03-18T17:00:00Z', position: 2, id: KREMLIN_ID },
);
const dispute = (by: string, target: string, at: string, position: number, id: string, stream = `claim-${id}`) =>
  ev('CLAIM_DISPUTED', { disputedEventId: target, by, text: 'at odds with reality' }, { at, position, id, stream });

const fold = (events: Parameters<typeof foldClaims>[0], stream = 'statement-kremlin-readout') =>
  foldClaims(applyAmendments(events, true), PRINCIPALS, stream);

describe('claimStatus', () => {
  const d = (by: string) => ({ by, at: 0, text: '', eventId: 'd', position: 1 });
  it('UNDISPUTED without disputes, or with disputes by the claimant’s own side only', () => {
    expect(claimStatus('kremlin', [], false, PRINCIPALS)).toBe('UNDISPUTED');
    expect(claimStatus('kremlin', [d('putin'), d('russia')], false, PRINCIPALS)).toBe('UNDISPUTED');
  });
  it('DISPUTED by another side; any dispute when there is no claimant', () => {
    expect(claimStatus('kremlin', [d('putin'), d('zelensky')], false, PRINCIPALS)).toBe('DISPUTED');
    expect(claimStatus(null, [d('putin')], false, PRINCIPALS)).toBe('DISPUTED');
  });
  it('RETRACTED beats every dispute', () => {
    expect(claimStatus('kremlin', [d('zelensky')], true, PRINCIPALS)).toBe('RETRACTED');
  });
});

describe('foldClaims', () => {
  it('a statement is a claim of its speaker, with its readout; no stream of claims, no state', () => {
    const state = fold([kremlinReadout]);
    expect(state?.claims).toEqual([
      expect.objectContaining({ eventId: KREMLIN_ID, claimant: 'kremlin', readoutOf: CALL_ID, status: 'UNDISPUTED' }),
    ]);
    expect(state?.readoutOf).toEqual([CALL_ID]);
    expect(state && claimantSides(state, PRINCIPALS)).toEqual(['russia']);
    const call = ev(
      'CALL_HELD',
      { participants: ['trump', 'putin'] },
      { at: '2025-03-18T14:00:00Z', position: 1, id: CALL_ID, stream: 'call-x' },
    );
    expect(foldClaims([call], PRINCIPALS, 'call-x')).toBeNull();
  });

  it('DISPUTED once another side disputes it, from another stream; every dispute is listed, own side included, in valid-time order', () => {
    const state = fold([
      kremlinReadout,
      dispute('zelensky', KREMLIN_ID, '2025-03-19T10:00:00Z', 5, 'z'),
      dispute('putin', KREMLIN_ID, '2025-03-19T08:00:00Z', 4, 'p'),
    ]);
    const [claim] = state?.claims ?? [];
    expect(claim.status).toBe('DISPUTED');
    expect(claim.disputes.map((x) => [x.by, x.eventId])).toEqual([
      ['putin', 'p'],
      ['zelensky', 'z'],
    ]);
    expect(state?.position).toBe(5);
  });

  it('own-side disputes alone leave it UNDISPUTED', () => {
    const state = fold([kremlinReadout, dispute('putin', KREMLIN_ID, '2025-03-19T08:00:00Z', 4, 'p')]);
    expect(state?.claims[0]).toMatchObject({
      status: 'UNDISPUTED',
      disputes: [expect.objectContaining({ by: 'putin' })],
    });
  });

  it('a retracted statement stays, RETRACTED, with its disputes; a retracted dispute in the stream counts for nothing', () => {
    const retraction = ev(
      'EVENT_RETRACTED',
      { retractedEventId: KREMLIN_ID, reason: 'misattributed' },
      { at: '2025-03-20T00:00:00Z', position: 6, id: 'r' },
    );
    const state = fold([kremlinReadout, dispute('zelensky', KREMLIN_ID, '2025-03-19T10:00:00Z', 5, 'z'), retraction]);
    expect(state?.claims[0]).toMatchObject({ status: 'RETRACTED', retracted: true });
    expect(state?.claims[0].disputes).toHaveLength(1);

    const ownDispute = dispute('zelensky', KREMLIN_ID, '2025-03-19T10:00:00Z', 5, 'z', 'statement-kremlin-readout');
    const undone = ev(
      'EVENT_RETRACTED',
      { retractedEventId: 'z', reason: 'withdrawn' },
      { at: '2025-03-20T00:00:00Z', position: 6, id: 'r2' },
    );
    expect(fold([kremlinReadout, ownDispute, undone])?.claims.map((c) => [c.eventId, c.status])).toEqual([
      [KREMLIN_ID, 'UNDISPUTED'],
    ]);
  });

  it('a disputed strike is a claim without claimant (DISPUTED by any dispute); an undisputed one is none', () => {
    const strike = ev(
      'STRIKE_REPORTED',
      { attacker: 'russia', targetCategory: 'ENERGY_INFRASTRUCTURE', place: 'Sloviansk' },
      { at: '2025-03-18T18:00:00Z', position: 3, id: STRIKE_ID, stream: 'strike-sloviansk' },
    );
    expect(fold([strike], 'strike-sloviansk')).toBeNull();
    const state = fold([strike, dispute('kremlin', STRIKE_ID, '2025-03-19T09:00:00Z', 7, 'k')], 'strike-sloviansk');
    expect(state?.claims).toEqual([
      expect.objectContaining({ eventId: STRIKE_ID, claimant: null, status: 'DISPUTED' }),
    ]);
  });

  it('a violation report is a claim of its reporter; a dispute that is itself disputed is a claim of its disputer', () => {
    const report = ev(
      'VIOLATION_REPORTED',
      { violator: 'russia', reportedBy: 'zelensky' },
      { at: '2025-04-20T12:00:00Z', position: 8, id: REPORT_ID, stream: 'agreement-easter-truce' },
    );
    const denial = dispute('kremlin', REPORT_ID, '2025-04-20T18:00:00Z', 9, 'denial', 'claim-denial');
    const counter = dispute('ukraine', 'denial', '2025-04-21T09:00:00Z', 10, 'counter', 'claim-counter');
    expect(fold([report, denial], 'agreement-easter-truce')?.claims[0]).toMatchObject({
      claimant: 'zelensky',
      status: 'DISPUTED',
    });
    expect(fold([denial, counter], 'claim-denial')?.claims).toEqual([
      expect.objectContaining({ eventId: 'denial', claimant: 'kremlin', status: 'DISPUTED' }),
    ]);
  });

  it('claims are in valid-time order; a correction of a statement is applied', () => {
    const earlier = ev(
      'STATEMENT_MADE',
      { speaker: 'putin', text: 'an earlier remark' },
      { at: '2025-03-18T12:00:00Z', position: 3, id: WH_ID },
    );
    const correction = ev(
      'EVENT_CORRECTED',
      { correctedEventId: WH_ID, occurredAt: '2025-03-18T20:00:00Z', reason: 'it was the evening' },
      { at: '2025-03-19T00:00:00Z', position: 4, id: 'c' },
    );
    expect(fold([kremlinReadout, earlier])?.claims.map((c) => c.eventId)).toEqual([WH_ID, KREMLIN_ID]);
    expect(fold([kremlinReadout, earlier, correction])?.claims.map((c) => c.eventId)).toEqual([KREMLIN_ID, WH_ID]);
  });
});
