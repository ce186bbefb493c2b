import { DEFAULT_VIEW, type ViewState, filterKey, formatViewState, parseViewState } from './view-state.js';

describe('view state in the URL', () => {
  it('is empty for the default view', () => {
    expect(formatViewState(DEFAULT_VIEW)).toBe('');
    expect(parseViewState('')).toEqual(DEFAULT_VIEW);
  });

  it('reads back what it wrote', () => {
    const view: ViewState = {
      lanes: 'type',
      actors: ['russia', 'us', 'kremlin_press'],
      types: ['CALL_HELD', 'PLEDGE_MADE'],
      text: 'energy & "grid"',
      from: Date.parse('2025-03-17T00:00:00Z'),
      to: Date.parse('2025-03-20T00:00:00Z'),
      asOf: Date.parse('2025-03-18T13:00:00Z'),
      event: '0b7c6a52-3f3e-4a43-9d0e-5f1a1a2b3c4d',
    };
    const search = formatViewState(view);
    expect(search).toContain('asOf=2025-03-18T13%3A00%3A00.000Z');
    expect(parseViewState(search)).toEqual(view);
  });

  it('drops what it does not understand instead of failing', () => {
    const view = parseViewState(
      '?lanes=colour&actors=russia,,Bad%20Id,russia&types=CALL_HELD,NOPE&from=2025-03-20T00:00:00Z&to=2025-03-10T00:00:00Z&asOf=yesterday&event=<script>',
    );
    expect(view).toEqual({ ...DEFAULT_VIEW, actors: ['russia'], types: ['CALL_HELD'] });
  });

  it('bounds the search text', () => {
    expect(parseViewState(`?q=${'a'.repeat(500)}`).text).toHaveLength(200);
  });

  it('changes the filter key only when the server-side filter changes', () => {
    const a = parseViewState('?actors=russia&q=energy');
    expect(filterKey({ ...a, asOf: 1, from: 1, to: 2, lanes: 'type' })).toBe(filterKey(a));
    expect(filterKey({ ...a, types: ['CALL_HELD'] })).not.toBe(filterKey(a));
  });
});
