/**
 * The claims ledger on the services, on a real PostgreSQL without HTTP: a dispute from another
 * stream makes a statement DISPUTED (a late dispute, recorded after the projector folded the
 * statement, refolds it); `knownAt` before the dispute was recorded and `asOf` before it occurred
 * leave it out; a retraction answers RETRACTED at every asOf once known; a disputed strike becomes
 * a claim without claimant; a correction moving a dispute to another event moves the claim's status;
 * the projection equals a fresh build; the violation tallies of a truce count the disputes of its
 * reports from other streams (a late dispute refolds the truce) and cumulative reports' running
 * totals. Reads pass `minPosition` to see their own writes.
 */
import type { NewEventInput } from '../../src/events/append/append-input.js';
import { CEASEFIRES } from '../../src/read-models/ceasefires/ceasefire.projection.js';
import type { ClaimRecord, ClaimsState } from '../../src/read-models/claims/claims.fold.js';
import { CLAIMS } from '../../src/read-models/claims/claims.projection.js';
import type { Moment } from '../../src/read-models/projector/subject-reads.service.js';
import { CAST, rawEvent, source } from '../support/fixtures.js';
import { compareWithFreshBuild } from '../support/read-model-checks.js';
import { type Sut, createSut } from './support/sut.js';

let sut: Sut;
let head = '0';

const event = (type: string, data: Record<string, unknown>, occurredAt: string, precision = 'HOUR'): NewEventInput =>
  rawEvent(type, data, {
    occurredAt,
    occurredPrecision: precision,
    sources: [source({ publisher: 'News report, Washington, 2025-03-19' })],
  }) as NewEventInput;

async function append(streamId: string, ...events: NewEventInput[]) {
  const outcome = await sut.store.append({ streamId, events }, { keyName: 'test' });
  head = outcome.lastPosition;
  return outcome;
}

async function claims(id: string, moment: Partial<Moment> = {}): Promise<ClaimsState | null> {
  const [answer] = await sut.reads.read(CLAIMS, [id], { ...moment, minPosition: head });
  return answer?.view ?? null;
}

const statuses = (state: ClaimsState | null) => state?.claims.map((c: ClaimRecord) => [c.eventId, c.status]) ?? [];

let statementId = '';
let recordedDispute = new Date();

beforeAll(async () => {
  sut = await createSut();
  for (const actor of CAST) await sut.actors.register(actor);
  const statement = await append(
    'statement-kremlin-readout',
    event(
      'STATEMENT_MADE',
      { speaker: 'kremlin', text: 'The leaders agreed to stop strikes on energy infrastructure.' },
      '2025-03-18T17:00:00Z',
    ),
  );
  statementId = statement.events[0].id;
}, 60_000);

afterAll(async () => {
  await sut?.close();
});

describe('the claims projection', () => {
  it('a statement is UNDISPUTED; a dispute from another stream, recorded later, refolds it DISPUTED', async () => {
    expect(statuses(await claims('statement-kremlin-readout'))).toEqual([[statementId, 'UNDISPUTED']]);
    const dispute = await append(
      'claim-zelensky-readout',
      event(
        'CLAIM_DISPUTED',
        { disputedEventId: statementId, by: 'zelensky', text: 'very much at odds with reality' },
        '2025-03-19T10:00:00Z',
      ),
    );
    recordedDispute = (await sut.store.findByIds([dispute.events[0].id]))[0].recordedAt;
    const state = await claims('statement-kremlin-readout');
    expect(statuses(state)).toEqual([[statementId, 'DISPUTED']]);
    expect(state?.claims[0].disputes.map((d) => d.by)).toEqual(['zelensky']);
    expect(state?.position).toBe(Number(dispute.lastPosition));
  });

  it('knownAt before the dispute was recorded, or asOf before it occurred, leaves it out', async () => {
    expect(
      statuses(await claims('statement-kremlin-readout', { knownAt: new Date(recordedDispute.getTime() - 1) })),
    ).toEqual([[statementId, 'UNDISPUTED']]);
    expect(statuses(await claims('statement-kremlin-readout', { asOf: new Date('2025-03-19T09:00:00Z') }))).toEqual([
      [statementId, 'UNDISPUTED'],
    ]);
    expect(statuses(await claims('statement-kremlin-readout', { asOf: new Date('2025-03-19T11:00:00Z') }))).toEqual([
      [statementId, 'DISPUTED'],
    ]);
  });

  it('a disputed strike is a claim without claimant; a correction moving the dispute to another event moves the status', async () => {
    const strike = await append(
      'strike-sloviansk',
      event(
        'STRIKE_REPORTED',
        { attacker: 'russia', targetCategory: 'ENERGY_INFRASTRUCTURE', place: 'Sloviansk' },
        '2025-03-18T18:00:00Z',
      ),
    );
    expect(await claims('strike-sloviansk')).toBeNull();
    const denial = await append(
      'claim-kremlin-denial',
      event(
        'CLAIM_DISPUTED',
        { disputedEventId: strike.events[0].id, by: 'kremlin', text: 'no strike on energy facilities' },
        '2025-03-19T09:00:00Z',
      ),
    );
    expect(await claims('strike-sloviansk')).toMatchObject({
      claims: [{ eventId: strike.events[0].id, claimant: null, status: 'DISPUTED' }],
    });
    // The denial was about the Kremlin readout after all: the strike is no claim any more.
    await append(
      'claim-kremlin-denial',
      event(
        'EVENT_CORRECTED',
        {
          correctedEventId: denial.events[0].id,
          data: { disputedEventId: statementId, by: 'kremlin', text: 'no strike on energy facilities' },
          reason: 'it answered the readout',
        },
        '2025-03-19T12:00:00Z',
      ),
    );
    expect(await claims('strike-sloviansk')).toBeNull();
    // In valid-time order: the denial (09:00) before Zelensky's dispute (10:00).
    expect((await claims('statement-kremlin-readout'))?.claims[0].disputes.map((d) => d.by)).toEqual([
      'kremlin',
      'zelensky',
    ]);
  });

  it('a retraction answers RETRACTED at every asOf once known, not before it was recorded', async () => {
    const retraction = await append(
      'statement-kremlin-readout',
      event('EVENT_RETRACTED', { retractedEventId: statementId, reason: 'misattributed' }, '2025-03-25T00:00:00Z'),
    );
    const recorded = (await sut.store.findByIds([retraction.events[0].id]))[0].recordedAt;
    expect(statuses(await claims('statement-kremlin-readout'))).toEqual([[statementId, 'RETRACTED']]);
    expect(statuses(await claims('statement-kremlin-readout', { asOf: new Date('2025-03-18T18:00:00Z') }))).toEqual([
      [statementId, 'RETRACTED'],
    ]);
    expect(statuses(await claims('statement-kremlin-readout', { knownAt: new Date(recorded.getTime() - 1) }))).toEqual([
      [statementId, 'DISPUTED'],
    ]);
  });

  it('equals a fresh build', async () => {
    await sut.reads.read(CLAIMS, null, { minPosition: head });
    const comparison = (await compareWithFreshBuild(sut.db)).find((c) => c.table === 'rm_claims');
    expect(comparison).toMatchObject({ differing: [] });
    // The statement's stream; a dispute is a claim only when disputed itself, the strike no longer is one.
    expect(comparison?.rows).toBe(1);
  });

  it('a stream whose only claim is named by a correction (no statement, no dispute naming it as appended) is a subject too: in the projection, a fresh build and a list at asOf', async () => {
    const strike = await append(
      'strike-kharkiv-substation',
      event(
        'STRIKE_REPORTED',
        { attacker: 'russia', targetCategory: 'ENERGY_INFRASTRUCTURE', place: 'Kharkiv' },
        '2025-03-20T02:00:00Z',
      ),
    );
    const dispute = await append(
      'claim-kremlin-second-denial',
      event(
        'CLAIM_DISPUTED',
        { disputedEventId: statementId, by: 'kremlin', text: 'no such strike' },
        '2025-03-20T09:00:00Z',
      ),
    );
    const beforeCorrection = head;
    await append(
      'claim-kremlin-second-denial',
      event(
        'EVENT_CORRECTED',
        {
          correctedEventId: dispute.events[0].id,
          data: { disputedEventId: strike.events[0].id, by: 'kremlin', text: 'no such strike' },
          reason: 'it answered the Kharkiv report',
        },
        '2025-03-20T12:00:00Z',
      ),
    );
    const disputed = [[strike.events[0].id, 'DISPUTED']];
    expect(statuses(await claims('strike-kharkiv-substation'))).toEqual(disputed);
    const comparison = (await compareWithFreshBuild(sut.db)).find((c) => c.table === 'rm_claims');
    expect(comparison).toMatchObject({ differing: [] });
    expect(comparison?.rows).toBe(2);
    // The list at asOf folds the candidate streams of the log (claimStreams), as the rebuild does.
    const listed = async (moment: Partial<Moment>) =>
      (await sut.reads.read(CLAIMS, null, { ...moment, minPosition: head })).map((a) => a.view.streamId).sort();
    expect(await listed({ asOf: new Date('2025-03-21T00:00:00Z') })).toEqual([
      'statement-kremlin-readout',
      'strike-kharkiv-substation',
    ]);
    // Before the correction was recorded the strike was no claim.
    const recorded = (await sut.store.findByIds([dispute.events[0].id]))[0].recordedAt;
    expect(beforeCorrection).not.toBe(head);
    expect(await listed({ knownAt: new Date(recorded.getTime()) })).toEqual(['statement-kremlin-readout']);
  });
});

describe('violation tallies with disputes from other streams', () => {
  const TRUCE = 'agreement-easter-truce';
  const tallies = async (moment: Partial<Moment> = {}) => {
    const [answer] = await sut.reads.read(CEASEFIRES, [TRUCE], { ...moment, minPosition: head });
    return answer.view.violationClaims;
  };
  let kyivReport = '';

  it('counts each side’s claims, a cumulative report replacing the running totals before it', async () => {
    await append(
      TRUCE,
      event(
        'AGREEMENT_REACHED',
        {
          parties: ['russia'],
          title: 'Easter truce',
          terms: { kind: 'CEASEFIRE', durationHours: 30 },
          unilateral: true,
        },
        '2025-04-19T16:00:00Z',
      ),
    );
    const first = await append(
      TRUCE,
      event(
        'VIOLATION_REPORTED',
        {
          violator: 'russia',
          reportedBy: 'zelensky',
          count: 488,
          cumulative: true,
          periodFrom: '2025-04-19T16:00:00Z',
        },
        '2025-04-20T06:00:00Z',
      ),
    );
    kyivReport = first.events[0].id;
    await append(
      TRUCE,
      event(
        'VIOLATION_REPORTED',
        {
          violator: 'russia',
          reportedBy: 'zelensky',
          count: 2935,
          cumulative: true,
          periodFrom: '2025-04-19T16:00:00Z',
        },
        '2025-04-21T06:00:00Z',
      ),
      event(
        'VIOLATION_REPORTED',
        {
          violator: 'ukraine',
          reportedBy: 'kremlin',
          count: 1000,
          periodFrom: '2025-04-19T16:00:00Z',
          periodUntil: '2025-04-20T22:00:00Z',
        },
        '2025-04-20T22:00:00Z',
      ),
    );
    // Ordered by the accused side, then the reporting side.
    expect(await tallies()).toEqual([
      { reportedBy: 'ukraine', accused: 'russia', reports: 2, claimed: 2935, disputedReports: 0, inferred: 0 },
      { reportedBy: 'russia', accused: 'ukraine', reports: 1, claimed: 1000, disputedReports: 0, inferred: 0 },
    ]);
  });

  it('a dispute from another side, appended later in a stream of its own, refolds the truce; own-side disputes do not count', async () => {
    await append(
      'claim-kremlin-denies-kyiv',
      event(
        'CLAIM_DISPUTED',
        { disputedEventId: kyivReport, by: 'kremlin', text: 'a provocation' },
        '2025-04-20T12:00:00Z',
      ),
    );
    await append(
      'claim-zelensky-own',
      event(
        'CLAIM_DISPUTED',
        { disputedEventId: kyivReport, by: 'zelensky', text: 'the count was low' },
        '2025-04-20T13:00:00Z',
      ),
    );
    expect((await tallies()).map((row: { disputedReports: number }) => row.disputedReports)).toEqual([1, 0]);
    // As of before the denial, no report stood disputed.
    expect(
      (await tallies({ asOf: new Date('2025-04-20T11:00:00Z') })).map(
        (row: { disputedReports: number }) => row.disputedReports,
      ),
    ).toEqual([0]);
  });
});
