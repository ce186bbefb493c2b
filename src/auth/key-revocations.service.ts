/**
 * Long-lived grants (a WebSocket connection, a streaming export or import) are checked when they
 * start; this is how they learn that their key was revoked afterwards, on whichever instance. The
 * database announces each revocation on `api_key_revoked` (migration 007); every instance hears it
 * and ends what the key holds at once. When the listening connection was lost, revocations may
 * have been missed: then every watched key is looked up again, and `epoch` moves so that anyone
 * about to deliver checks its key before it does.
 */
import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { DomainError } from '../common/domain-error.js';
import { PgNotifierService } from '../database/pg-notifier.service.js';
import { ApiKeysService } from './api-keys.service.js';
import { PrincipalCache } from './principal-cache.js';
import { type Principal, type Role, grants } from './principal.js';

type OnRevoked = () => void;

@Injectable()
export class KeyRevocations implements OnModuleDestroy {
  private readonly logger = new Logger(KeyRevocations.name);
  private readonly watchers = new Map<string, Set<OnRevoked>>();
  private heard = 0;
  private readonly stop: () => void;

  constructor(
    @Inject(PgNotifierService) notifier: PgNotifierService,
    @Inject(ApiKeysService) private readonly keys: ApiKeysService,
  ) {
    // Requests authenticate from a cache while revocations can be heard; each one heard forgets its key.
    const cache = new PrincipalCache(() => notifier.listening);
    keys.useCache(cache);
    this.stop = notifier.on('api_key_revoked', (keyId) => {
      this.heard++;
      // An empty payload: the listener reconnected, and a revocation may have gone unheard.
      // Any revocation heard empties the cache: one made without its announcement (the trigger
      // disabled) is then found at the next request, as the epoch makes deliveries check again.
      cache.forgetAll();
      if (keyId) this.revoked(keyId);
      else void this.recheckAll();
    });
  }

  /** Moves with every revocation heard (and every reconnect): a grant checked at another epoch is checked again before use. */
  get epoch(): number {
    return this.heard;
  }

  /**
   * Calls `onRevoked` (once) when `principal`'s key is revoked; returns the function that stops
   * watching. Call it when the grant ends.
   */
  watch(principal: Principal, onRevoked: OnRevoked): () => void {
    let fired = false;
    const once: OnRevoked = () => {
      if (fired) return;
      fired = true;
      onRevoked();
    };
    const set = this.watchers.get(principal.keyId) ?? new Set<OnRevoked>();
    set.add(once);
    this.watchers.set(principal.keyId, set);
    return () => {
      set.delete(once);
      if (set.size === 0 && this.watchers.get(principal.keyId) === set) this.watchers.delete(principal.keyId);
    };
  }

  /**
   * A signal that aborts (with UNAUTHENTICATED) when `principal`'s key is revoked, for work that
   * streams for long (an export, an import); none when no key was presented. Call `stop` when the
   * work ends.
   */
  signalOf(principal: Principal | null): { signal: AbortSignal | undefined; stop: () => void } {
    if (!principal) return { signal: undefined, stop: () => undefined };
    const controller = new AbortController();
    const stop = this.watch(principal, () =>
      controller.abort(new DomainError('UNAUTHENTICATED', `the API key "${principal.keyName}" was revoked`)),
    );
    return { signal: controller.signal, stop };
  }

  /**
   * Whether `principal`'s key still grants `needed`, looked up in the database: for a grant about
   * to be used after a revocation was heard (the epoch moved since it was checked).
   */
  async stillGrants(principal: Principal, needed: Role): Promise<boolean> {
    const current = await this.keys.current(principal.keyId);
    return current !== null && grants(current.role, needed);
  }

  private revoked(keyId: string): void {
    const set = this.watchers.get(keyId);
    if (!set) return;
    this.watchers.delete(keyId);
    for (const onRevoked of [...set]) onRevoked();
  }

  private async recheckAll(): Promise<void> {
    const ids = [...this.watchers.keys()];
    if (ids.length === 0) return;
    try {
      for (const keyId of await this.keys.revokedAmong(ids)) this.revoked(keyId);
    } catch (error) {
      // The database is still away: the next reconnect looks again.
      this.logger.warn(`could not look up watched keys: ${(error as Error).message}`);
    }
  }

  onModuleDestroy(): void {
    this.stop();
  }
}
