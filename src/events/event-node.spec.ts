import type { ActorModel } from '../actors/actor.model.js';
import { type EventRow, rowToEvent } from './event-rows.js';
import { toEventNode } from './event-node.js';

const row: EventRow = {
  position: '42',
  id: '00000000-0000-4000-8000-000000000042',
  stream_id: 'strike:kyiv-1',
  stream_version: 1,
  type: 'STRIKE_REPORTED',
  schema_version: 1,
  data: { attacker: 'russia', targetCategory: 'ENERGY', place: 'Kyiv', country: 'UA', means: 'DRONE', impact: 'fire' },
  metadata: {
    sources: [{ publisher: 'Reuters', url: 'https://example.org/a' }],
    appendedBy: 'editor-key',
    approvedBy: 'admin-key',
    correlationId: 'c-1',
  },
  occurred_at: new Date('2025-03-18T16:00:00Z'),
  occurred_precision: 'MINUTE',
  recorded_at: new Date('2025-03-19T08:00:00Z'),
  actor_ids: ['russia', 'ukraine'],
  ref_event_id: null,
  summary: 'Russia struck energy infrastructure in Kyiv',
  cameo_code: '195',
};

const actor = (id: string): ActorModel => ({ id, name: id.toUpperCase(), kind: 'STATE', representsId: null });

describe('rowToEvent and toEventNode', () => {
  it('carry every column of the row into the event, typed by its type', () => {
    const event = rowToEvent(row);
    expect(event).toEqual({
      position: '42',
      id: row.id,
      streamId: 'strike:kyiv-1',
      streamVersion: 1,
      schemaVersion: 1,
      metadata: row.metadata,
      occurredAt: row.occurred_at,
      occurredPrecision: 'MINUTE',
      recordedAt: row.recorded_at,
      actorIds: ['russia', 'ukraine'],
      refEventId: null,
      summary: row.summary,
      cameoCode: '195',
      type: 'STRIKE_REPORTED',
      data: row.data,
    });
  });

  it('build a node with the envelope, its provenance, its actors and the typed fields of its type', () => {
    const knownAt = new Date('2025-04-01T00:00:00Z');
    const node = toEventNode(rowToEvent(row), actor, knownAt);
    expect(node).toEqual({
      ...rowToEvent(row),
      knownAt,
      actors: [actor('russia'), actor('ukraine')],
      sources: row.metadata.sources,
      correlationId: 'c-1',
      causationId: null,
      appendedBy: 'editor-key',
      approvedBy: 'admin-key',
      importedBy: null,
      attacker: actor('russia'),
      targetCategory: 'ENERGY',
      place: 'Kyiv',
      country: 'UA',
      means: 'DRONE',
      impact: 'fire',
    });
  });

  it('read an event older than drafts as approved by its appender', () => {
    const { approvedBy: _dropped, ...older } = row.metadata;
    const node = toEventNode(rowToEvent({ ...row, metadata: older }), actor, null);
    expect(node.approvedBy).toBe('editor-key');
    expect(node.knownAt).toBeNull();
  });
});
