/**
 * Tells this instance when the log moved: a dedicated PostgreSQL connection LISTENs on the
 * channel every append NOTIFYs at commit, so every instance hears every append. Waiters also wake
 * on a slow poll, which covers a lost connection (it is reopened) and missed notifications.
 */
import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import pg from 'pg';
import { DATABASE_URL } from '../database/database-url.js';
import { EVENTS_CHANNEL } from './event-store.service.js';

export const POLL_INTERVAL_MS = 5_000;

@Injectable()
export class EventNotifierService implements OnModuleDestroy {
  private readonly logger = new Logger(EventNotifierService.name);
  private client: pg.Client | null = null;
  private connecting: Promise<void> | null = null;
  private closed = false;
  private waiters = new Set<() => void>();

  constructor(@Inject(DATABASE_URL) private readonly url: string) {}

  /** Resolves at the next notification or after `timeoutMs`, whichever comes first. */
  async waitForAppend(timeoutMs = POLL_INTERVAL_MS, signal?: AbortSignal): Promise<void> {
    await this.ensureListening().catch(() => undefined);
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(done);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      this.waiters.add(done);
      signal?.addEventListener('abort', done);
    });
  }

  private wakeAll(): void {
    for (const wake of [...this.waiters]) wake();
  }

  private ensureListening(): Promise<void> {
    if (this.client || this.closed) return Promise.resolve();
    this.connecting ??= (async () => {
      const client = new pg.Client({ connectionString: this.url });
      client.on('notification', () => this.wakeAll());
      client.on('error', (error) => {
        this.logger.warn(`listen connection lost: ${error.message}`);
        this.client = null;
        client.end().catch(() => undefined);
        this.wakeAll();
      });
      try {
        await client.connect();
        await client.query(`LISTEN ${EVENTS_CHANNEL}`);
        this.client = client;
      } catch (error) {
        await client.end().catch(() => undefined);
        throw error;
      }
    })().finally(() => {
      this.connecting = null;
    });
    return this.connecting;
  }

  async onModuleDestroy(): Promise<void> {
    this.closed = true;
    this.wakeAll();
    await this.client?.end().catch(() => undefined);
    this.client = null;
  }
}
