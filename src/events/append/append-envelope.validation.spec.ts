import { MAX_NESTING, checkAppendEnvelope, tooDeep } from './append-envelope.validation.js';

const statement = (overrides: Record<string, unknown> = {}) => ({
  type: 'STATEMENT_MADE',
  occurredAt: '2025-03-18T14:00:00Z',
  data: { speaker: 'trump', text: 'very much on track' },
  sources: [{ publisher: 'Test wire' }],
  ...overrides,
});
const errorsOf = (event: Record<string, unknown>) =>
  checkAppendEnvelope({ streamId: 'statement-x', events: [event] } as never).errors;

describe('checkAppendEnvelope against hostile input', () => {
  it('takes an ordinary statement', () => {
    expect(errorsOf(statement())).toEqual([]);
  });

  // PostgreSQL's timestamptz refused these as the store writes them: an internal error before.
  it.each(['0000-01-01', '0001-01-01T00:00+01:00', '9999-12-31T23:59:59-23:59'])(
    'refuses occurredAt %s, outside the years 0001-9999 (UTC)',
    (occurredAt) => {
      expect(errorsOf(statement({ occurredAt }))).toEqual([
        { path: 'events[0].occurredAt', reason: expect.stringMatching(/^must be between 0001-01-01/) },
      ]);
    },
  );

  it.each(['0001-01-01T00:00:00Z', '9999-12-31T23:59:59.999Z'])('takes occurredAt %s, at the edge', (occurredAt) => {
    expect(errorsOf(statement({ occurredAt }))).toEqual([]);
  });

  // jsonb refuses NUL and lone surrogates (an internal error before); no URL has control characters.
  it.each([
    'http://example.org/a\u0000b',
    'http://example.org/\ud800',
    'http://example.org/a\nb',
    'http://example.org/\u007f',
  ])('refuses a source url with %j', (url) => {
    expect(errorsOf(statement({ sources: [{ publisher: 'w', url }] }))).toEqual([
      { path: 'events[0].sources[0].url', reason: expect.stringMatching(/without control characters/) },
    ]);
  });

  it('refuses data nested deeper than the limit with the path of the first value too deep, however deep it goes', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    const errors = errorsOf(statement({ data: { speaker: 'trump', text: 'x', about: deep } }));
    expect(errors).toEqual([
      {
        path: `events[0].data.about${'[0]'.repeat(MAX_NESTING - 1)}`,
        reason: `nests deeper than ${MAX_NESTING} levels of objects and lists`,
      },
    ]);
  });

  it('finds the first value too deep in objects and lists, and nothing in shallow ones', () => {
    expect(tooDeep({ a: [{ b: 1 }] }, 'data', 3)).toBeNull();
    expect(tooDeep({ a: [{ b: {} }] }, 'data', 3)).toBe('data.a[0].b');
    expect(tooDeep('text', 'data')).toBeNull();
  });
});
