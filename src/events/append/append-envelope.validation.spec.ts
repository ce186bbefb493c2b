import { MAX_NESTING, checkAppendEnvelope, reportPeriodProblems, tooDeep } from './append-envelope.validation.js';

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

describe('a violation report’s period against its time', () => {
  /** A report made on 2025-04-20 (DAY precision unless told): it may claim violations up to 2025-04-21T00:00:00Z. */
  const report = (data: Record<string, unknown>, envelope: Record<string, unknown> = {}) => ({
    type: 'VIOLATION_REPORTED',
    occurredAt: '2025-04-20',
    occurredPrecision: 'DAY',
    data: { violator: 'russia', reportedBy: 'ukraine', ...data },
    sources: [{ publisher: 'Test wire' }],
    ...envelope,
  });
  const lateUntil = {
    path: 'events[0].data.periodUntil',
    reason:
      "must not be later than 2025-04-21T00:00:00.000Z, the end of the report's occurredAt at DAY precision (a report cannot claim violations after it was made)",
  };

  it('takes a periodUntil exactly at the end of the precision interval, and refuses one 1 ms later', () => {
    expect(errorsOf(report({ periodUntil: '2025-04-21T00:00:00Z' }))).toEqual([]);
    expect(errorsOf(report({ periodUntil: '2025-04-21T00:00:00.001Z' }))).toEqual([lateUntil]);
  });

  it('compares instants, whatever the offset they are written in', () => {
    expect(errorsOf(report({ periodUntil: '2025-04-21T03:00+03:00' }))).toEqual([]);
    expect(errorsOf(report({ periodUntil: '2025-04-21T03:00:00.001+03:00' }))).toEqual([lateUntil]);
  });

  it('holds periodFrom given alone to the same end', () => {
    expect(errorsOf(report({ periodFrom: '2025-04-21T00:00:00Z' }))).toEqual([]);
    expect(errorsOf(report({ periodFrom: '2025-04-21T00:00:00.001Z' }))).toEqual([
      { ...lateUntil, path: 'events[0].data.periodFrom' },
    ]);
  });

  it('with both bounds, names periodUntil: too late, or before periodFrom', () => {
    expect(errorsOf(report({ periodFrom: '2025-04-19T18:00:00Z', periodUntil: '2025-04-22' }))).toEqual([lateUntil]);
    expect(errorsOf(report({ periodFrom: '2025-04-22', periodUntil: '2025-04-20T12:00:00Z' }))).toEqual([
      { path: 'events[0].data.periodUntil', reason: 'must not be before periodFrom' },
    ]);
    expect(errorsOf(report({ periodFrom: '2025-04-20T12:00:00Z', periodUntil: '2025-04-20T12:00:00Z' }))).toEqual([]);
  });

  it('takes a period that starts and ends before the report, and reports without a period', () => {
    expect(errorsOf(report({ periodFrom: '2025-04-19T18:00:00Z', periodUntil: '2025-04-20T00:00:00Z' }))).toEqual([]);
    expect(errorsOf(report({ count: 3 }))).toEqual([]);
    // A periodUntil alone is not compared with the default periodFrom (a cumulative report's is its subject's start).
    expect(errorsOf(report({ periodUntil: '2025-04-19T12:00:00Z', cumulative: true }))).toEqual([]);
    expect(errorsOf(report({}, { occurredPrecision: undefined }))).toEqual([]);
  });

  it.each<[string, string, string]>([
    ['SECOND', '2025-04-20T10:15:30.250Z', '2025-04-20T10:15:31.000Z'],
    ['MINUTE', '2025-04-20T10:15:30Z', '2025-04-20T10:16:00.000Z'],
    ['HOUR', '2025-04-20T10:15:00Z', '2025-04-20T11:00:00.000Z'],
    ['DAY', '2025-04-20T10:15:00Z', '2025-04-21T00:00:00.000Z'],
    ['MONTH', '2025-04-20T10:15:00Z', '2025-05-01T00:00:00.000Z'],
    ['YEAR', '2025-04-20T10:15:00Z', '2026-01-01T00:00:00.000Z'],
  ])('at %s precision, ends the report at the end of its interval', (precision, occurredAt, end) => {
    const at = (ms: number) => new Date(Date.parse(end) + ms).toISOString();
    expect(errorsOf(report({ periodUntil: end }, { occurredAt, occurredPrecision: precision }))).toEqual([]);
    expect(errorsOf(report({ periodUntil: at(1) }, { occurredAt, occurredPrecision: precision }))).toEqual([
      { path: 'events[0].data.periodUntil', reason: expect.stringContaining(`later than ${end}`) },
    ]);
  });

  it('uses the default precision (MINUTE) when none is given', () => {
    const minute = { occurredAt: '2025-04-20T10:15:30Z', occurredPrecision: undefined };
    expect(errorsOf(report({ periodUntil: '2025-04-20T10:16:00Z' }, minute))).toEqual([]);
    expect(errorsOf(report({ periodUntil: '2025-04-20T10:16:00.001Z' }, minute))).toHaveLength(1);
  });

  it('leaves malformed bounds and envelopes to their own checks', () => {
    expect(errorsOf(report({ periodUntil: 'tomorrow' })).map((e) => e.reason)).toEqual([
      'must be an ISO-8601 date-time',
    ]);
    expect(errorsOf(report({ periodUntil: '2030-01-01' }, { occurredPrecision: 'WEEK' })).map((e) => e.path)).toEqual([
      'events[0].occurredPrecision',
    ]);
    expect(reportPeriodProblems('not an object', new Date(), 'DAY')).toEqual([]);
  });

  it('applies to violation reports only', () => {
    const statement = { ...report({}), type: 'STATEMENT_MADE', data: { speaker: 'trump', text: 'x' } };
    expect(errorsOf(statement)).toEqual([]);
  });
});
