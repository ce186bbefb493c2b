import { PrincipalCache } from './principal-cache.js';

const alice = { keyId: 'aaaaaaaaaaaa', keyName: 'alice', role: 'ADMIN' as const };
const bob = { keyId: 'bbbbbbbbbbbb', keyName: 'bob', role: 'READER' as const };

describe('PrincipalCache', () => {
  let live = true;
  let clock = 0;
  const cache = () =>
    new PrincipalCache(
      () => live,
      1_000,
      3,
      () => clock,
    );
  beforeEach(() => {
    live = true;
    clock = 0;
  });

  it('answers a cached principal until it expires', () => {
    const c = cache();
    c.set('d1', alice);
    expect(c.get('d1')).toEqual(alice);
    clock = 999;
    expect(c.get('d1')).toEqual(alice);
    clock = 1_000;
    expect(c.get('d1')).toBeUndefined();
  });

  it('forgets a revoked key at once, and everything on forgetAll', () => {
    const c = cache();
    c.set('d1', alice);
    c.set('d2', bob);
    c.forget(alice.keyId);
    expect([c.get('d1'), c.get('d2')]).toEqual([undefined, bob]);
    c.forgetAll();
    expect(c.get('d2')).toBeUndefined();
  });

  it('holds nothing while revocations cannot be heard', () => {
    const c = cache();
    c.set('d1', alice);
    live = false;
    expect(c.get('d1')).toBeUndefined();
    c.set('d2', bob);
    live = true;
    expect([c.get('d1'), c.get('d2')]).toEqual([undefined, undefined]);
  });

  it('holds at most its bound of keys', () => {
    const c = cache();
    for (const d of ['d1', 'd2', 'd3', 'd4']) c.set(d, alice);
    expect(c.size).toBeLessThanOrEqual(3);
    expect(c.get('d4')).toEqual(alice);
  });
});
