import { getCacheControl } from './http-cache.plugin.js';

const open = { publicRead: true, graphqlGetMaxAgeSeconds: 5 };
const answered = { operation: 'query', failed: false, keyed: false };

describe('the Cache-Control of a GET answer', () => {
  it('lets anyone keep a keyless query answered without errors on a public-read server, for the configured time', () => {
    expect(getCacheControl(answered, open)).toBe('public, max-age=5');
    expect(getCacheControl(answered, { ...open, graphqlGetMaxAgeSeconds: 60 })).toBe('public, max-age=60');
  });

  it('lets nobody keep it when reads need a key, or the configured time is 0', () => {
    expect(getCacheControl(answered, { ...open, publicRead: false })).toBe('no-store');
    expect(getCacheControl(answered, { ...open, graphqlGetMaxAgeSeconds: 0 })).toBe('no-store');
  });

  it('lets nobody keep an answer to a key, with errors, or of anything but a query', () => {
    expect(getCacheControl({ ...answered, keyed: true }, open)).toBe('no-store');
    expect(getCacheControl({ ...answered, failed: true }, open)).toBe('no-store');
    expect(getCacheControl({ ...answered, operation: 'mutation' }, open)).toBe('no-store');
    expect(getCacheControl({ ...answered, operation: undefined }, open)).toBe('no-store');
  });
});
