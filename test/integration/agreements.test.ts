/**
 * The agreements read model (and the second edition's changes to the ceasefires) on the services,
 * on a real PostgreSQL without HTTP: the projection equals a fresh build; a late implementation
 * report refolds its agreement; `knownAt` before a report was recorded leaves it out; a report in a
 * stream of its own (and its correction) refolds the agreements it names; a counter-proposal
 * appended later links both subjects in both read models; a retracted CONDITIONS_MET counts for
 * nothing. Reads pass `minPosition` to see their own writes.
 */
import type { NewEventInput } from '../../src/events/append/append-input.js';
import type { AgreementView } from '../../src/read-models/agreements/agreement.fold.js';
import { AGREEMENTS } from '../../src/read-models/agreements/agreement.projection.js';
import type { CeasefireView } from '../../src/read-models/ceasefires/ceasefire.fold.js';
import { CEASEFIRES } from '../../src/read-models/ceasefires/ceasefire.projection.js';
import type { Moment } from '../../src/read-models/projector/subject-reads.service.js';
import { CAST, rawEvent, source } from '../support/fixtures.js';
import { compareWithFreshBuild } from '../support/read-model-checks.js';
import { type Sut, createSut } from './support/sut.js';

const EXCHANGE = 'agreement-istanbul-exchange';

let sut: Sut;
let head = '0';

const event = (type: string, data: Record<string, unknown>, occurredAt: string, precision = 'DAY'): NewEventInput =>
  rawEvent(type, data, {
    occurredAt,
    occurredPrecision: precision,
    sources: [source({ publisher: 'Reuters', title: 'Istanbul talks' })],
  }) as NewEventInput;

async function append(streamId: string, ...events: NewEventInput[]) {
  const outcome = await sut.store.append({ streamId, events }, { keyName: 'test' });
  head = outcome.lastPosition;
  return outcome;
}

async function agreement(id: string, moment: Partial<Moment> = {}): Promise<AgreementView> {
  const [answer] = await sut.reads.read(AGREEMENTS, [id], { ...moment, minPosition: head });
  if (!answer) throw new Error(`no agreement ${id}`);
  return answer.view;
}

async function ceasefire(id: string): Promise<CeasefireView> {
  const [answer] = await sut.reads.read(CEASEFIRES, [id], { minPosition: head });
  if (!answer) throw new Error(`no ceasefire ${id}`);
  return answer.view;
}

const prisoners = (count: number, from: string, to: string) => ({ what: 'prisoners of war', count, from, to });
const stage = (n: number, count: number) =>
  event(
    'IMPLEMENTATION_REPORTED',
    {
      reportedBy: 'zelensky',
      stage: `stage ${n}`,
      quantities: [prisoners(count, 'russia', 'ukraine'), prisoners(count, 'ukraine', 'russia')],
      text: `${count} for ${count}`,
    },
    `2025-05-${22 + n}T12:00:00Z`,
  );

beforeAll(async () => {
  sut = await createSut();
  for (const actor of [
    ...CAST,
    { id: 'turkey', name: 'Türkiye', kind: 'STATE' as const },
    { id: 'fidan', name: 'Hakan Fidan', kind: 'PERSON' as const, represents: 'turkey' },
  ])
    await sut.actors.register(actor);
  await append(
    EXCHANGE,
    event(
      'AGREEMENT_REACHED',
      {
        parties: ['ukraine', 'russia'],
        title: '1,000-for-1,000 prisoner exchange',
        terms: {
          kind: 'PRISONER_EXCHANGE',
          quantities: [prisoners(1000, 'russia', 'ukraine'), prisoners(1000, 'ukraine', 'russia')],
        },
        mediators: ['fidan'],
      },
      '2025-05-16T15:00:00Z',
      'HOUR',
    ),
  );
}, 60_000);

afterAll(async () => {
  await sut?.close();
});

describe('the agreements projection', () => {
  it('counts stages as they come, and a late one (an earlier stage recorded last) refolds the agreement', async () => {
    await append(EXCHANGE, stage(2, 307));
    await append(EXCHANGE, stage(3, 303));
    const two = await agreement(EXCHANGE);
    expect(two.implementation).toMatchObject({ status: 'IN_PROGRESS', startedAt: Date.parse('2025-05-24T12:00:00Z') });
    expect(two.implementation.progress.map((p) => p.reported)).toEqual([610, 610]);
    const late = await append(EXCHANGE, stage(1, 390));
    const all = await agreement(EXCHANGE);
    expect(all.implementation).toMatchObject({
      status: 'COMPLETED',
      startedAt: Date.parse('2025-05-23T12:00:00Z'),
      completedAt: Date.parse('2025-05-25T12:00:00Z'),
    });
    expect(all.implementation.reports.map((r) => r.stage)).toEqual(['stage 1', 'stage 2', 'stage 3']);
    expect(all.position).toBe(Number(late.lastPosition));
  });

  it('knownAt before a report was recorded leaves it out; asOf before a stage leaves it out', async () => {
    const [first] = await sut.reads.read(AGREEMENTS, [EXCHANGE], { minPosition: head });
    const stage1 = first.view.implementation.reports.find((r) => r.stage === 'stage 1');
    const [stored] = await sut.store.findByIds([stage1!.eventId]);
    const before = await agreement(EXCHANGE, { knownAt: new Date(stored.recordedAt.getTime() - 1) });
    expect(before.implementation.reports.map((r) => r.stage)).toEqual(['stage 2', 'stage 3']);
    expect(before.implementation.status).toBe('IN_PROGRESS');
    const asOf = await agreement(EXCHANGE, { asOf: new Date('2025-05-24T18:00:00Z') });
    expect(asOf.implementation.progress.map((p) => p.reported)).toEqual([697, 697]);
  });

  it('a report in a stream of its own counts for the agreement it implements, and moves with its correction', async () => {
    await append(
      'agreement-bodies',
      event(
        'AGREEMENT_REACHED',
        {
          parties: ['ukraine', 'russia'],
          title: 'Return of bodies',
          terms: { kind: 'OTHER', quantities: [{ what: 'bodies', count: 6000, from: 'russia', to: 'ukraine' }] },
        },
        '2025-06-02T00:00:00Z',
      ),
    );
    const own = await append(
      'report-icrc-june',
      event(
        'IMPLEMENTATION_REPORTED',
        {
          reportedBy: 'zelensky',
          quantities: [{ what: 'Bodies', count: 1212, from: 'russia', to: 'ukraine' }],
          implements: [EXCHANGE],
          text: '1,212 bodies returned',
        },
        '2025-06-11T00:00:00Z',
      ),
    );
    expect((await agreement(EXCHANGE)).implementation.reports.map((r) => r.text)).toContain('1,212 bodies returned');
    await append(
      'report-icrc-june',
      event(
        'EVENT_CORRECTED',
        {
          correctedEventId: own.events[0].id,
          data: {
            reportedBy: 'zelensky',
            quantities: [{ what: 'Bodies', count: 1212, from: 'russia', to: 'ukraine' }],
            implements: ['agreement-bodies'],
            text: '1,212 bodies returned',
          },
          reason: 'it carries out the June agreement',
        },
        '2025-06-12T00:00:00Z',
      ),
    );
    expect((await agreement(EXCHANGE)).implementation.reports.map((r) => r.text)).not.toContain(
      '1,212 bodies returned',
    );
    const bodies = await agreement('agreement-bodies');
    expect(bodies.implementation.progress).toEqual([
      { what: 'bodies', from: 'russia', to: 'ukraine', agreed: 6000, atLeast: false, reported: 1212 },
    ]);
  });

  it('a counter-proposal appended later links both subjects, in the agreements and the ceasefires', async () => {
    await append(
      'proposal-30-day-may',
      event(
        'PROPOSAL_MADE',
        {
          proposers: ['zelensky'],
          parties: ['ukraine', 'russia'],
          title: 'Unconditional 30-day ceasefire from 12 May',
          terms: { kind: 'CEASEFIRE', durationDays: 30, unconditional: true },
        },
        '2025-05-10T12:00:00Z',
        'HOUR',
      ),
    );
    expect((await ceasefire('proposal-30-day-may')).parties.map((p) => p.stance)).toEqual(['ACCEPTED', 'PENDING']);
    await append(
      'proposal-istanbul-talks',
      event(
        'PROPOSAL_MADE',
        {
          proposers: ['putin'],
          parties: ['ukraine', 'russia'],
          title: 'Direct talks in Istanbul',
          terms: { kind: 'OTHER' },
          counterTo: 'proposal-30-day-may',
          mediators: ['turkey'],
        },
        '2025-05-11T00:00:00Z',
        'HOUR',
      ),
    );
    const answered = await agreement('proposal-30-day-may');
    expect(answered.counterProposals).toEqual(['proposal-istanbul-talks']);
    expect(answered.parties[1]).toMatchObject({
      actorId: 'russia',
      stance: 'PENDING',
      counterProposal: 'proposal-istanbul-talks',
    });
    expect((await ceasefire('proposal-30-day-may')).parties[1].counterProposal).toBe('proposal-istanbul-talks');
    expect(await agreement('proposal-istanbul-talks')).toMatchObject({
      counterTo: 'proposal-30-day-may',
      state: 'PARTIALLY_ACCEPTED',
    });
  });

  it('a conditional acceptance is CONDITIONALLY_AGREED, never in force; a retracted CONDITIONS_MET counts for nothing', async () => {
    await append(
      'proposal-black-sea',
      event(
        'PROPOSAL_MADE',
        {
          proposers: ['us'],
          parties: ['ukraine', 'russia'],
          title: 'Black Sea ceasefire',
          terms: { kind: 'CEASEFIRE', scope: 'MARITIME' },
        },
        '2025-03-25T00:00:00Z',
      ),
      event('PROPOSAL_ACCEPTED', { party: 'ukraine' }, '2025-03-25T00:00:00Z'),
      event(
        'PROPOSAL_ACCEPTED',
        { party: 'kremlin', conditions: ['lifting sanctions on Rosselkhozbank'] },
        '2025-03-25T00:00:00Z',
      ),
    );
    expect((await ceasefire('proposal-black-sea')).state).toBe('CONDITIONALLY_AGREED');
    const met = await append(
      'proposal-black-sea',
      event('CONDITIONS_MET', { party: 'russia' }, '2025-04-10T00:00:00Z'),
    );
    expect((await ceasefire('proposal-black-sea')).state).toBe('IN_FORCE');
    await append(
      'proposal-black-sea',
      event(
        'EVENT_RETRACTED',
        { retractedEventId: met.events[0].id, reason: 'never happened' },
        '2025-04-11T00:00:00Z',
      ),
    );
    expect((await ceasefire('proposal-black-sea')).state).toBe('CONDITIONALLY_AGREED');
    expect((await agreement('proposal-black-sea')).state).toBe('CONDITIONALLY_AGREED');
  });

  it('equals a fresh build of every projection', async () => {
    await sut.reads.read(AGREEMENTS, null, { minPosition: head });
    await sut.reads.read(CEASEFIRES, null, { minPosition: head });
    const comparisons = await compareWithFreshBuild(sut.db);
    for (const c of comparisons)
      expect({ table: c.table, differing: c.differing, first: c.first }).toEqual({
        table: c.table,
        differing: [],
        first: null,
      });
    expect(comparisons.find((c) => c.table === 'rm_agreements')?.rows).toBe(5);
  });
});
