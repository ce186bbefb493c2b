/**
 * PostgreSQL LISTEN for this instance: one dedicated connection hears the channels that appends
 * and projections NOTIFY at commit, so every instance hears every change. Waiters also wake on a
 * timeout, which covers missed messages; a lost connection is reopened as soon as the database
 * answers again, and everyone is woken then to read what they may have missed.
 */
import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import pg from 'pg';
import { clientConfig } from './connection-identity.js';
import { DATABASE_URL } from './database-url.js';

export const POLL_INTERVAL_MS = 5_000;
const RECONNECT_MS = 1_000;

/** The channels this service listens on. */
export const CHANNELS = ['events_appended', 'read_model_changed', 'projections_advanced', 'api_key_revoked'] as const;
export type Channel = (typeof CHANNELS)[number];

type Listener = (payload: string) => void;

@Injectable()
export class PgNotifierService implements OnModuleDestroy {
  private readonly logger = new Logger(PgNotifierService.name);
  private client: pg.Client | null = null;
  private connecting: Promise<void> | null = null;
  private closed = false;
  private reconnecting: NodeJS.Timeout | null = null;
  private readonly listeners = new Map<Channel, Set<Listener>>(CHANNELS.map((c) => [c, new Set<Listener>()]));

  constructor(@Inject(DATABASE_URL) private readonly url: string) {}

  /** Calls `listener` with each payload on `channel`; returns the function that stops it. */
  on(channel: Channel, listener: Listener): () => void {
    this.listeners.get(channel)!.add(listener);
    void this.ensureListening().catch(() => undefined);
    return () => this.listeners.get(channel)!.delete(listener);
  }

  /**
   * Watches `channel` from now on: `next()` resolves at once when a message came since the last
   * call, else at the next message, after `timeoutMs`, or on abort. For loops that read, then
   * wait: a message that lands between the read and the wait is not lost.
   */
  watch(channel: Channel): { next(timeoutMs: number, signal?: AbortSignal): Promise<void>; close(): void } {
    let heard = false;
    let wake: (() => void) | null = null;
    const stop = this.on(channel, () => {
      heard = true;
      wake?.();
    });
    return {
      next: async (timeoutMs, signal) => {
        if (!heard && !signal?.aborted) {
          await new Promise<void>((resolve) => {
            const done = () => {
              clearTimeout(timer);
              signal?.removeEventListener('abort', done);
              wake = null;
              resolve();
            };
            const timer = setTimeout(done, timeoutMs);
            wake = done;
            signal?.addEventListener('abort', done);
          });
        }
        heard = false;
      },
      close: stop,
    };
  }

  /** Resolves at the next message on `channel`, after `timeoutMs`, or on abort, whichever comes first. */
  async waitFor(channel: Channel, timeoutMs = POLL_INTERVAL_MS, signal?: AbortSignal): Promise<void> {
    await this.ensureListening().catch(() => undefined);
    if (signal?.aborted) return;
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        stop();
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      const stop = this.on(channel, done);
      signal?.addEventListener('abort', done);
    });
  }

  /** Whether the LISTEN connection is up: what is announced is heard. */
  get listening(): boolean {
    return this.client !== null;
  }

  private emit(channel: string, payload: string): void {
    for (const listener of [...(this.listeners.get(channel as Channel) ?? [])]) listener(payload);
  }

  private wakeAll(): void {
    for (const channel of CHANNELS) this.emit(channel, '');
  }

  private ensureListening(): Promise<void> {
    if (this.client || this.closed) return Promise.resolve();
    this.connecting ??= (async () => {
      const client = new pg.Client(clientConfig(this.url));
      client.on('notification', (message) => this.emit(message.channel, message.payload ?? ''));
      client.on('error', (error) => {
        this.logger.warn(`listen connection lost: ${error.message}`);
        if (this.client === client) this.client = null;
        client.end().catch(() => undefined);
        this.wakeAll();
        this.reconnect();
      });
      try {
        await client.connect();
        for (const channel of CHANNELS) await client.query(`LISTEN ${channel}`);
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

  /** Listens again once the database answers (tried each RECONNECT_MS), so changes are heard again without a restart. */
  private reconnect(): void {
    if (this.closed || this.reconnecting) return;
    this.reconnecting = setTimeout(() => {
      this.reconnecting = null;
      this.ensureListening().then(
        () => {
          this.logger.log('listen connection back');
          this.wakeAll();
        },
        () => this.reconnect(),
      );
    }, RECONNECT_MS);
    this.reconnecting.unref();
  }

  async onModuleDestroy(): Promise<void> {
    if (this.reconnecting) clearTimeout(this.reconnecting);
    this.closed = true;
    this.wakeAll();
    await this.client?.end().catch(() => undefined);
    this.client = null;
  }
}
