import { mergeVary } from './vary.js';

describe('mergeVary', () => {
  it('adds the names to what the answer already varies on, each once, whatever its case', () => {
    expect(mergeVary('Origin', ['Accept-Encoding'])).toBe('Origin, Accept-Encoding');
    expect(mergeVary('origin, accept', ['Authorization', 'Accept', 'Origin'])).toBe('origin, accept, Authorization');
    expect(mergeVary(undefined, ['Authorization'])).toBe('Authorization');
    expect(mergeVary('', ['Accept-Encoding'])).toBe('Accept-Encoding');
  });
});
