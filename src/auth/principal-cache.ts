/**
 * The principals of recently presented keys, so that a request does not pay a database round trip
 * to authenticate. Only while revocations can be heard (`live`: the LISTEN connection is up): each
 * revocation, on any instance, is announced by the database (NOTIFY api_key_revoked, migration 007)
 * and forgets its key here at once (key-revocations.service.ts); a lost LISTEN connection forgets
 * everything. Entries also expire after `ttlMs`, and the cache holds at most `maxEntries` keys.
 * Unknown and revoked keys are never cached. Pure apart from the clock it is given.
 */
import type { Principal } from './principal.js';

export class PrincipalCache {
  private readonly entries = new Map<string, { principal: Principal; until: number }>();

  constructor(
    private readonly live: () => boolean,
    private readonly ttlMs = 60_000,
    private readonly maxEntries = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** The principal cached for this digest of a key (hex), or undefined. */
  get(digest: string): Principal | undefined {
    if (!this.live()) {
      this.entries.clear();
      return undefined;
    }
    const entry = this.entries.get(digest);
    if (!entry) return undefined;
    if (entry.until <= this.now()) {
      this.entries.delete(digest);
      return undefined;
    }
    return entry.principal;
  }

  set(digest: string, principal: Principal): void {
    if (!this.live()) return;
    if (this.entries.size >= this.maxEntries) this.entries.clear();
    this.entries.set(digest, { principal, until: this.now() + this.ttlMs });
  }

  /** Forgets the key with this id (revoked). */
  forget(keyId: string): void {
    for (const [digest, entry] of this.entries) if (entry.principal.keyId === keyId) this.entries.delete(digest);
  }

  forgetAll(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}
