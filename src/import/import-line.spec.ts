import { formatLineError, linePath, parseActorLine, parseEventLine, readLines, type RawLine } from './import-line.js';

const ID = '0b9f3c1e-8a52-4c6e-9d1a-3f5e7a9b2c4d';
const event = {
  id: ID,
  type: 'CALL_HELD',
  occurredAt: '2025-03-18T14:00:00Z',
  occurredPrecision: 'HOUR',
  data: { participants: ['trump', 'putin'] },
  sources: [{ publisher: 'News report' }],
};
const raw = (line: number, value: unknown): RawLine => ({
  line,
  bytes: Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)),
});
async function collect(chunks: Array<string | Buffer>, max?: number): Promise<RawLine[]> {
  const out: RawLine[] = [];
  async function* gen() {
    for (const c of chunks) yield c;
  }
  for await (const line of readLines(gen(), max)) out.push(line);
  return out;
}
const texts = (lines: RawLine[]) => lines.map((l) => ('bytes' in l ? l.bytes.toString() : `<${l.tooLong}>`));

describe('readLines', () => {
  it('splits chunks at LF whatever the chunk borders, numbering every line, blank ones too', async () => {
    const lines = await collect(['{"a":', '1}\n\n{"b"', ':2}\r\n', '{"c":3}']);
    expect(texts(lines)).toEqual(['{"a":1}', '', '{"b":2}\r', '{"c":3}']);
    expect(lines.map((l) => l.line)).toEqual([1, 2, 3, 4]);
  });

  it('skips a line longer than the limit without keeping it, and counts its bytes', async () => {
    const lines = await collect(['ok\n', 'x'.repeat(30), 'y'.repeat(30), '\nnext\n'], 50);
    expect(texts(lines)).toEqual(['ok', '<60>', 'next']);
    expect(lines[2].line).toBe(3);
  });

  it('keeps a multi-byte character split across chunks', async () => {
    const bytes = Buffer.from('"Zelenskyй"\n');
    const lines = await collect([bytes.subarray(0, 10), bytes.subarray(10)]);
    expect(texts(lines)).toEqual(['"Zelenskyй"']);
  });
});

describe('parseEventLine', () => {
  it('reads an append line', () => {
    const parsed = parseEventLine(raw(1, { streamId: 'call-1', expectedVersion: 0, event }));
    expect(parsed).toMatchObject({
      kind: 'event',
      value: { line: 1, format: 'append', streamId: 'call-1', expectedVersion: 0, id: ID },
    });
    if (parsed.kind === 'event')
      expect(parsed.value.actorRefs).toEqual([
        { id: 'trump', path: 'event.data.participants[0]' },
        { id: 'putin', path: 'event.data.participants[1]' },
      ]);
  });

  it('reads a line of the NDJSON export: expectedVersion = stream_version − 1, the id kept, derived columns ignored', () => {
    const line = {
      position: '7',
      id: ID.toUpperCase(),
      type: 'CALL_HELD',
      stream_id: 'call-1',
      stream_version: 3,
      schema_version: 1,
      occurred_at: '2025-03-18T14:00:00.000Z',
      occurred_precision: 'HOUR',
      recorded_at: '2025-03-19T00:00:00.000Z',
      summary: 'whatever',
      data: event.data,
      sources: event.sources,
    };
    expect(parseEventLine(raw(2, line))).toMatchObject({
      kind: 'event',
      value: {
        format: 'export',
        streamId: 'call-1',
        expectedVersion: 2,
        id: ID,
        event: { id: ID, occurredAt: '2025-03-18T14:00:00.000Z', occurredPrecision: 'HOUR' },
      },
    });
  });

  it('keeps the provenance of an export line (appended_by, approved_by); an older export line has none', () => {
    const exported = {
      id: ID,
      type: 'CALL_HELD',
      stream_id: 'call-1',
      stream_version: 1,
      occurred_at: '2025-03-18T14:00:00.000Z',
      data: event.data,
      sources: event.sources,
    };
    const parsed = (value: object) => {
      const result = parseEventLine(raw(1, value));
      return result.kind === 'event' ? result.value.event.provenance : result;
    };
    expect(parsed({ ...exported, appended_by: 'ed-anna', approved_by: 'rev-clara' })).toEqual({
      appendedBy: 'ed-anna',
      approvedBy: 'rev-clara',
    });
    expect(parsed({ ...exported, appended_by: 'old-admin' })).toEqual({
      appendedBy: 'old-admin',
      approvedBy: 'old-admin',
    });
    expect(parsed(exported)).toBeNull();
    expect(parsed({ ...exported, appended_by: '', approved_by: 7 })).toEqual({
      kind: 'error',
      errors: [
        { line: 1, path: 'appended_by', reason: 'must be the name of a key: a string of 1-400 characters' },
        { line: 1, path: 'approved_by', reason: 'must be the name of a key: a string of 1-400 characters' },
      ],
    });
    // An append line carries none: the importing key is recorded for both.
    const appended = parseEventLine(raw(1, { streamId: 'call-1', event }));
    expect(appended.kind === 'event' && appended.value.event.provenance).toBeFalsy();
  });

  it('names the field path in the words of each format', () => {
    const bad = parseEventLine(
      raw(3, { streamId: 'call-1', event: { ...event, data: { participants: ['trump', 7] } } }),
    );
    expect(bad.kind).toBe('error');
    if (bad.kind === 'error')
      expect(bad.errors.map(formatLineError)).toEqual([
        expect.stringMatching(/^line 3: event\.data\.participants\[1\]: /),
      ]);
    const badExport = parseEventLine(
      raw(4, {
        id: ID,
        stream_id: 'call-1',
        stream_version: 0,
        type: 'CALL_HELD',
        occurred_at: 'yesterday',
        occurred_precision: 'HOUR',
        data: event.data,
        sources: [],
      }),
    );
    expect(badExport.kind).toBe('error');
    if (badExport.kind === 'error')
      expect(badExport.errors.map((e) => e.path).sort()).toEqual(['occurred_at', 'sources', 'stream_version']);
  });

  it('holds a violation report’s period to its time and names the field in the words of each format', () => {
    const report = {
      type: 'VIOLATION_REPORTED',
      occurredAt: '2025-04-20',
      occurredPrecision: 'DAY',
      data: { violator: 'russia', reportedBy: 'ukraine', count: 0, periodUntil: '2025-04-21T00:00:00.001Z' },
      sources: [{ publisher: 'News report' }],
    };
    const bad = parseEventLine(raw(5, { streamId: 'agreement-easter-truce', event: report }));
    expect(bad.kind === 'error' && bad.errors.map((e) => [e.path, e.reason])).toEqual([
      ['event.data.count', 'must be an integer ≥ 1'],
      ['event.data.periodUntil', expect.stringMatching(/^must not be later than 2025-04-21T00:00:00.000Z/)],
    ]);
    const badExport = parseEventLine(
      raw(6, {
        id: ID,
        stream_id: 'agreement-easter-truce',
        stream_version: 2,
        type: report.type,
        occurred_at: '2025-04-20T00:00:00.000Z',
        occurred_precision: 'DAY',
        data: { violator: 'russia', reportedBy: 'ukraine', periodFrom: '2025-04-22', cumulative: 'yes' },
        sources: report.sources,
      }),
    );
    expect(badExport.kind === 'error' && badExport.errors.map((e) => e.path)).toEqual([
      'data.cumulative',
      'data.periodFrom',
    ]);
    const good = parseEventLine(
      raw(7, {
        streamId: 'agreement-easter-truce',
        event: { ...report, data: { ...report.data, count: 2935, periodUntil: '2025-04-21' } },
      }),
    );
    expect(good.kind).toBe('event');
  });

  it('maps store paths to line paths', () => {
    expect(linePath('append', 'events[12].data.x[1]')).toBe('event.data.x[1]');
    expect(linePath('append', 'expectedVersion')).toBe('expectedVersion');
    expect(linePath('export', 'events[0].occurredAt')).toBe('occurred_at');
    expect(linePath('export', 'events[3].data.parties[0]')).toBe('data.parties[0]');
    expect(linePath('export', 'streamId')).toBe('stream_id');
    expect(linePath('export', 'expectedVersion')).toBe('stream_version');
    expect(linePath('export', 'events[0]')).toBe('');
    expect(linePath('append', 'events[4].streamId')).toBe('streamId');
    expect(linePath('export', 'events[4].streamId')).toBe('stream_id');
  });

  it('refuses what is not an NDJSON line of events, and ignores blank lines', () => {
    const reason = (line: RawLine) => {
      const parsed = parseEventLine(line);
      return parsed.kind === 'error' ? formatLineError(parsed.errors[0]) : parsed.kind;
    };
    expect(reason(raw(5, '   '))).toBe('blank');
    expect(reason(raw(5, '\r'))).toBe('blank');
    expect(reason(raw(7, '{"streamId": '))).toMatch(/^line 7: not JSON/);
    expect(reason(raw(8, [{ streamId: 'a', event }]))).toMatch(/^line 8: is a JSON array/);
    expect(reason(raw(9, '42'))).toBe('line 9: must be a JSON object');
    expect(reason(raw(10, { hello: 'world' }))).toMatch(/^line 10: must be an append line/);
    expect(reason({ line: 11, bytes: Buffer.from([0x7b, 0xff, 0xfe, 0x7d]) })).toBe('line 11: is not valid UTF-8');
    expect(reason({ line: 12, tooLong: 70000 })).toBe('line 12: is 70000 bytes; at most 262144 bytes (256 KiB) a line');
    expect(reason(raw(13, { streamId: 'a', event, extra: 1 }))).toBe('line 13: extra: unknown field');
    expect(reason(raw(14, { streamId: 'a', event: { ...event, note: 'x' } }))).toBe(
      'line 14: event.note: unknown field',
    );
    expect(reason(raw(15, { streamId: 'a' }))).toMatch(/^line 15: event: must be an object/);
    expect(reason(raw(16, { streamId: 'Not A Stream', event }))).toMatch(/^line 16: streamId: must match/);
    expect(
      reason(
        raw(17, {
          stream_id: 'a',
          stream_version: 1,
          type: 'CALL_HELD',
          occurred_at: event.occurredAt,
          occurred_precision: 'HOUR',
          data: event.data,
          sources: event.sources,
        }),
      ),
    ).toMatch(/^line 17: id: is required/);
  });

  it('strips a byte-order mark and a trailing CR', () => {
    const parsed = parseEventLine({
      line: 1,
      bytes: Buffer.from(`\ufeff${JSON.stringify({ streamId: 'call-1', event })}\r`),
    });
    expect(parsed.kind).toBe('event');
  });
});

describe('parseActorLine', () => {
  it('reads an actor line and checks it as registerActor does', () => {
    expect(
      parseActorLine(raw(1, { id: 'putin', name: ' Vladimir Putin ', kind: 'PERSON', represents: 'russia' })),
    ).toEqual({
      kind: 'actor',
      value: { line: 1, id: 'putin', name: 'Vladimir Putin', kind: 'PERSON', represents: 'russia' },
    });
    const bad = parseActorLine(raw(2, { id: 'Putin!', name: '', kind: 'TSAR', represents: 3, x: 1 }));
    expect(bad.kind === 'error' && bad.errors.map((e) => e.path)).toEqual(['x', 'id', 'name', 'kind', 'represents']);
    const self = parseActorLine(raw(3, { id: 'a', name: 'A', kind: 'STATE', represents: 'a' }));
    expect(self.kind === 'error' && formatLineError(self.errors[0])).toBe(
      'line 3: represents: an actor cannot represent itself',
    );
  });
});
