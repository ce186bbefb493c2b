import { type TableColumn, encodeTable, ndjsonTableLine } from './export-table.js';

interface Row {
  id: string;
  tags: string[];
  stances: string | null;
  n: number | null;
}

const COLUMNS: Array<TableColumn<Row>> = [
  { name: 'id', type: 'STRING', nullable: false, description: '' },
  { name: 'tags', type: 'STRING_LIST', nullable: false, description: '' },
  { name: 'stances', type: 'JSON', nullable: true, description: '' },
  { name: 'n', type: 'INT32', nullable: true, description: '' },
];

const ROWS: Row[] = [
  { id: '=a', tags: ['x', 'y'], stances: '[{"actor":"russia","conditions":["=1"]}]', n: -1 },
  { id: 'b', tags: [], stances: null, n: null },
];

async function text(format: 'csv' | 'ndjson', header = true): Promise<string> {
  let out = '';
  for await (const chunk of encodeTable(COLUMNS, ROWS, format, { header, metadata: {} })) out += chunk as string;
  return out;
}

describe('a flat export', () => {
  it('NDJSON nests a JSON column as a value and keeps every text as it is', () => {
    expect(JSON.parse(ndjsonTableLine(COLUMNS, ROWS[0]))).toEqual({
      id: '=a',
      tags: ['x', 'y'],
      stances: [{ actor: 'russia', conditions: ['=1'] }],
      n: -1,
    });
    expect(ndjsonTableLine(COLUMNS, ROWS[1])).toBe('{"id":"b","tags":[],"stances":null,"n":null}\n');
  });

  it('CSV writes the JSON text, joins lists and neutralises formula-like text (not numbers)', async () => {
    expect(await text('csv')).toBe(
      'id,tags,stances,n\r\n\'=a,x; y,"[{""actor"":""russia"",""conditions"":[""=1""]}]",-1\r\nb,,,\r\n',
    );
    expect(await text('csv', false)).not.toContain('id,tags');
  });
});
