import { ancestors, apiPath, below, fieldId } from './field-paths.js';

describe('field paths', () => {
  it('gives every path an id of its own that an element may carry', () => {
    expect(fieldId('events[0].data.speaker')).toBe('f-events-0-data-speaker');
    expect(fieldId('events[1].sources[0].publisher')).toBe('f-events-1-sources-0-publisher');
    expect(fieldId('streamId')).toBe('f-streamId');
    expect(fieldId('events[0]')).toBe('f-events-0');
    expect(fieldId('events[0].data.participants')).not.toBe(fieldId('events[0].data.participant'));
  });

  it("reads GraphQL's variable paths as the input's", () => {
    expect(apiPath('input.events[0].occurredAt')).toBe('events[0].occurredAt');
    expect(apiPath('events[0].occurredAt')).toBe('events[0].occurredAt');
  });

  it('lists the path and every path that holds it, nearest first', () => {
    expect(ancestors('events[0].data.participants[1]')).toEqual([
      'events[0].data.participants[1]',
      'events[0].data.participants',
      'events[0].data',
      'events[0]',
      'events',
    ]);
    expect(ancestors('streamId')).toEqual(['streamId']);
  });

  it('says in words what lies below a field', () => {
    expect(below('events[0].data.topics', 'events[0].data.topics[2]')).toBe('item 3');
    expect(below('events[0].data.terms', 'events[0].data.terms.quantities[0].what')).toBe('quantities, item 1, what');
    expect(below('events[0].data.speaker', 'events[0].data.speaker')).toBe('');
  });
});
