import { DATE_TIME_PATTERN, buildCodebook } from '../../src/export/codebook/codebook.js';
import { type DraftEntry, checkDraft, draftEntry, submitInput } from './draft-checks.js';
import { DATE_TIME } from './schema-check.js';

const codebook = buildCodebook();

const statement = (over: Partial<DraftEntry> = {}): DraftEntry => ({
  streamId: 'statement-review-test',
  expectedVersion: 0,
  events: [
    {
      type: 'STATEMENT_MADE',
      occurredAt: '2025-03-19T12:00Z',
      data: { speaker: 'zelensky', text: 'We are ready.' },
      sources: [{ publisher: 'Wire', quotedText: '“We are ready.”' }],
    },
  ],
  ...over,
});

describe('checkDraft', () => {
  it('finds nothing wrong with a whole draft, which becomes the input the API takes', () => {
    expect(checkDraft(statement(), codebook)).toEqual([]);
    expect(submitInput(statement({ note: 'first-hand' }))).toEqual({
      streamId: 'statement-review-test',
      expectedVersion: 0,
      note: 'first-hand',
      events: [
        {
          type: 'STATEMENT_MADE',
          occurredAt: '2025-03-19T12:00Z',
          occurredPrecision: null,
          data: { speaker: 'zelensky', text: 'We are ready.' },
          sources: [{ publisher: 'Wire', quotedText: '“We are ready.”' }],
        },
      ],
    });
  });

  it('names every problem at its path, in the order of the form', () => {
    const draft = statement({ streamId: 'Not A Stream', expectedVersion: 'two' });
    draft.events.push({ occurredAt: '2025-02-30', data: {}, sources: [{ url: 'javascript:alert(1)' }] });
    draft.events[0].data = { speaker: 'zelensky' };
    expect(checkDraft(draft, codebook).map((e) => e.path)).toEqual([
      'streamId',
      'expectedVersion',
      'events[0].data.text',
      'events[1].type',
      'events[1].occurredAt',
      'events[1].sources[0].publisher',
      'events[1].sources[0].url',
    ]);
    expect(checkDraft({ ...statement(), events: [] }, codebook)).toEqual([
      { path: 'events', reason: 'a draft holds at least one event' },
    ]);
  });

  it("says that a correction's payload is not JSON rather than not an object", () => {
    const draft = statement({
      events: [
        {
          type: 'EVENT_CORRECTED',
          occurredAt: '2025-03-19',
          data: { correctedEventId: '97da3b89-3934-44ca-b442-ebafb38ec45c', reason: 'typo', data: '{oops' },
          sources: [{ publisher: 'Wire' }],
        },
      ],
    });
    expect(checkDraft(draft, codebook)).toEqual([{ path: 'events[0].data.data', reason: 'is not valid JSON' }]);
  });

  it('reads a stored draft back for the form, leaving out what was not given', () => {
    const entry = draftEntry({
      streamId: 's',
      expectedVersion: null,
      note: null,
      events: [
        {
          type: 'STATEMENT_MADE',
          occurredAt: 'x',
          occurredPrecision: null,
          data: {},
          sources: [{ publisher: 'P', url: null }],
        },
      ],
    });
    expect(entry).toEqual({
      streamId: 's',
      expectedVersion: undefined,
      note: undefined,
      events: [
        {
          type: 'STATEMENT_MADE',
          occurredAt: 'x',
          occurredPrecision: undefined,
          data: {},
          sources: [{ publisher: 'P' }],
        },
      ],
    });
  });

  it("checks date-times with the codebook's pattern", () => {
    expect(DATE_TIME.source).toBe(DATE_TIME_PATTERN);
  });
});
