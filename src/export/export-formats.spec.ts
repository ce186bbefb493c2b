import { parse as parseCsv } from 'csv-parse/sync';
import { csvHeader, csvLine, ndjsonLine } from './export-formats.js';
import { EXPORT_COLUMNS, type ExportRecord } from './export-record.js';

const record = (overrides: Partial<ExportRecord> = {}): ExportRecord =>
  ({
    ...Object.fromEntries(EXPORT_COLUMNS.map((c) => [c, null])),
    position: '9007199254740993',
    id: 'a',
    actor_ids: ['putin', 'russia'],
    source_publishers: [],
    source_urls: [],
    retracted: false,
    corrected: true,
    data: '{"text":"x"}',
    ...overrides,
  }) as ExportRecord;

/** One CSV line read back by a CSV reader, by column. */
const parse = (line: string): Record<string, string> => {
  const [cells]: string[][] = parseCsv(line, { relax_quotes: false });
  return Object.fromEntries(EXPORT_COLUMNS.map((c, i) => [c, cells[i]]));
};

describe('CSV (RFC 4180)', () => {
  it('has a header of the columns and CRLF line ends', () => {
    expect(csvHeader()).toBe(`${EXPORT_COLUMNS.join(',')}\r\n`);
    expect(csvLine(record()).endsWith('\r\n')).toBe(true);
  });

  it('quotes cells with commas, quotes or line breaks, doubling quotes', () => {
    const line = csvLine(record({ text: 'he said "no", then\nleft', summary: 'plain' }));
    expect(line).toContain(',"he said ""no"", then\nleft",');
    expect(line).toContain(',plain,');
  });

  it('writes null as an empty cell, lists joined with "; ", booleans and 64-bit positions as text', () => {
    const cells = csvLine(record()).replace(/\r\n$/, '').split(',');
    const at = (column: string) => cells[EXPORT_COLUMNS.indexOf(column as keyof ExportRecord)];
    expect(at('position')).toBe('9007199254740993');
    expect(at('actor_ids')).toBe('putin; russia');
    expect(at('title')).toBe('');
    expect(at('corrected')).toBe('true');
  });
});

describe('CSV cells a spreadsheet would run as formulas', () => {
  it.each(['=HYPERLINK("http://x","click")', '+1+1', '-2+3', '@SUM(A1)', '\tx', '\rx'])(
    'writes %j with a leading apostrophe',
    (text) => {
      const cells = parse(csvLine(record({ text, actor_ids: [text, 'russia'] })));
      expect(cells.text).toBe(`'${text}`);
      expect(cells.actor_ids).toBe(`'${text}; russia`);
    },
  );

  it('leaves other text, numbers and a formula character inside the text alone', () => {
    const cells = parse(csvLine(record({ text: 'a = b', summary: 'x-y', violation_count: -1 })));
    expect([cells.text, cells.summary, cells.violation_count]).toEqual(['a = b', 'x-y', '-1']);
  });
});

describe('NDJSON', () => {
  it('is one object a line, columns in order, the payload as JSON and the sources last', () => {
    const line = ndjsonLine(record(), [{ publisher: 'Test wire' }]);
    expect(line.endsWith('\n')).toBe(true);
    expect(line.indexOf('\n')).toBe(line.length - 1);
    const object = JSON.parse(line);
    expect(Object.keys(object)).toEqual([...EXPORT_COLUMNS, 'sources']);
    expect(object.data).toEqual({ text: 'x' });
    expect(object.sources).toEqual([{ publisher: 'Test wire' }]);
  });

  it('writes each column as JSON in column order, the payload spliced in as stored, whatever its text holds', () => {
    const sources = [{ publisher: 'Wire, "quoted"', url: 'https://example.org/?a=1&b="2"' }];
    for (const data of ['{"text":"x"}', '{"text":",\\"data\\":\\"no\\"","n":[1,2]}', '{"note":"line\\nbreak ✓"}']) {
      const r = record({ data, text: 'a "quote", a comma\nand a line', actor_ids: [], quantities: ['{"what":"x"}'] });
      const columnByColumn = `{${EXPORT_COLUMNS.map((c) => `${JSON.stringify(c)}:${c === 'data' ? r.data : JSON.stringify(r[c])}`).join(',')},"sources":${JSON.stringify(sources)}}\n`;
      expect(ndjsonLine(r, sources)).toBe(columnByColumn);
      expect(JSON.parse(ndjsonLine(r, sources)).data).toEqual(JSON.parse(data));
    }
  });
});
