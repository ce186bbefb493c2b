import type { StoredEvent } from '../events/event.js';
import { PENDING_REVIEW, previewFromJson, previewToJson } from './draft-preview.js';

describe('a draft preview as stored', () => {
  const event = {
    position: '12',
    id: '0b9f3c1e-8a52-4c6e-9d1a-3f5e7a9b2c4d',
    streamId: 'call-1',
    streamVersion: 1,
    schemaVersion: 1,
    metadata: {
      sources: [{ publisher: 'Wire' }],
      appendedBy: 'ed-anna',
      approvedBy: PENDING_REVIEW,
      correlationId: 'd',
    },
    occurredAt: new Date('2025-03-18T14:00:00Z'),
    occurredPrecision: 'HOUR',
    recordedAt: new Date('2026-12-06T10:00:00.123Z'),
    actorIds: ['trump', 'putin'],
    refEventId: null,
    summary: 'Donald Trump and Vladimir Putin held a phone call.',
    cameoCode: '041',
    type: 'CALL_HELD',
    data: { participants: ['trump', 'putin'] },
  } as StoredEvent;

  it('comes back as the event it was, times as dates (through JSON, as the jsonb column keeps it)', () => {
    const stored = JSON.parse(JSON.stringify(previewToJson([event]))) as unknown[];
    expect(previewFromJson(stored)).toEqual([event]);
  });

  it('names no reviewer a key could be named', () => {
    expect(/^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/.test(PENDING_REVIEW)).toBe(false);
  });
});
