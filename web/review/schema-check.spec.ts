/**
 * The page's checks follow the codebook: every example payload passes; a field broken in a way
 * the schema describes is refused at the path the API names (test/e2e/review-page.test.ts sends
 * the same broken drafts to the API and compares the paths).
 */
import { buildCodebook } from '../../src/export/codebook/codebook.js';
import { BROKEN_PAYLOADS } from '../../test/support/review-payloads.js';
import { checkAgainstSchema, checkSource, dateTimeProblem } from './schema-check.js';

const codebook = buildCodebook();
const schemaOf = (type: string) => codebook.types.find((t) => t.type === type)!.jsonSchema;
const paths = (errors: { path: string }[]) => errors.map((e) => e.path).sort();

describe('checkAgainstSchema', () => {
  it.each(codebook.types.map((t) => [t.type, t.example] as const))('passes the example %s', (type, example) => {
    expect(checkAgainstSchema(example, schemaOf(type), 'events[0].data')).toEqual([]);
  });

  it.each(BROKEN_PAYLOADS)('refuses %s, at its path', (_what, type, data, path) => {
    expect(paths(checkAgainstSchema(data, schemaOf(type), 'events[0].data'))).toContain(path);
  });

  it('says what is wanted in words', () => {
    const [blank] = checkAgainstSchema({ speaker: 'putin', text: ' ' }, schemaOf('STATEMENT_MADE'), 'd');
    expect(blank).toEqual({ path: 'd.text', reason: 'must not be blank' });
    const [missing] = checkAgainstSchema({ text: 'x' }, schemaOf('STATEMENT_MADE'), 'd');
    expect(missing).toEqual({ path: 'd.speaker', reason: 'is required' });
  });
});

describe('the envelope', () => {
  it('takes the date-times the API takes, on real days', () => {
    for (const ok of ['2025-03-18', '2025-03-18T14:00Z', '2025-03-18T14:00:05.5+03:00'])
      expect(dateTimeProblem(ok)).toBeNull();
    for (const bad of ['yesterday', '2025-03-18T14:00', '18/03/2025'])
      expect(dateTimeProblem(bad)).toMatch(/must be a date/);
    expect(dateTimeProblem('2025-02-30')).toBe('names a day that does not exist');
  });

  it('checks a source as the API does', () => {
    expect(checkSource({ publisher: 'Reuters', url: 'https://example.org/a' }, 's')).toEqual([]);
    expect(paths(checkSource({ url: 'ftp://x', publishedAt: 'soon' }, 's'))).toEqual([
      's.publishedAt',
      's.publisher',
      's.url',
    ]);
  });
});
