/**
 * The soak's long-lived subscribers, each on its own graphql-ws connection, open for the whole run:
 * `eventAppended(afterPosition: "0")` with retracted events included (must receive exactly every
 * position 1..N, in order, once), a few with the default filter (retracted events left out: every
 * event not retracted by the end, in order, once), and a few `ceasefireChanged` / `pledgeChanged`
 * (the last state each delivered must be the read model's final state). Any error, or a connection
 * that closes before the soak closes it, is recorded.
 */
import { type Client, createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { PositionTrail } from './soak-checks.js';

export type SubscriberKind = 'eventAppended' | 'eventAppended, default filter' | 'ceasefireChanged' | 'pledgeChanged';

const QUERIES: Record<SubscriberKind, string> = {
  eventAppended:
    'subscription { eventAppended(afterPosition: "0", filter: { includeRetracted: true }) { position id } }',
  'eventAppended, default filter': 'subscription { eventAppended(afterPosition: "0") { position id } }',
  ceasefireChanged: 'subscription { ceasefireChanged { id state agreedAt effectiveFrom expiresAt } }',
  pledgeChanged: 'subscription { pledgeChanged { id state madeAt brokenAt expiresAt } }',
};

export class Subscriber {
  readonly trail: PositionTrail | null;
  /** change subscriptions: the last state delivered for each id */
  readonly lastById = new Map<string, Record<string, unknown>>();
  messages = 0;
  readonly errors: string[] = [];
  /** resolves when the connection is acknowledged */
  readonly connected: Promise<void>;
  private closing = false;
  private readonly client: Client;
  private unsubscribe: () => void = () => undefined;

  constructor(
    readonly name: string,
    readonly kind: SubscriberKind,
    wsUrl: string,
    onError: (message: string) => void,
  ) {
    this.trail = kind.startsWith('eventAppended') ? new PositionTrail(0, kind !== 'eventAppended') : null;
    const fail = (message: string) => {
      if (this.closing) return;
      this.errors.push(message);
      onError(`${this.name}: ${message}`);
    };
    this.client = createClient({
      url: wsUrl,
      webSocketImpl: WebSocket,
      lazy: false,
      retryAttempts: 0,
      keepAlive: 10_000,
    });
    this.client.on('closed', (event) => {
      const e = event as { code?: number; reason?: string };
      fail(`connection closed (${e?.code ?? '?'} ${e?.reason ?? ''})`);
    });
    this.client.on('error', (error) => fail(`connection error: ${describe(error)}`));
    this.connected = new Promise<void>((resolve) => this.client.on('connected', () => resolve()));
    this.unsubscribe = this.client.subscribe<Record<string, Record<string, unknown>>>(
      { query: QUERIES[kind] },
      {
        next: (message) => {
          this.messages++;
          if (message.errors?.length) return fail(`errors: ${JSON.stringify(message.errors).slice(0, 500)}`);
          const payload = message.data ? Object.values(message.data)[0] : undefined;
          if (!payload) return fail(`a message without data: ${JSON.stringify(message).slice(0, 300)}`);
          if (this.trail) this.trail.add(Number(payload.position), String(payload.id));
          else this.lastById.set(String(payload.id), payload);
        },
        error: (error) => fail(`subscription error: ${describe(error)}`),
        complete: () => fail('the server completed the subscription'),
      },
    );
  }

  async close(): Promise<void> {
    this.closing = true;
    this.unsubscribe();
    await this.client.dispose();
  }
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (Array.isArray(error)) return JSON.stringify(error).slice(0, 500);
  const e = error as { code?: number; reason?: string; type?: string; message?: string };
  if (e && typeof e === 'object' && ('code' in e || 'reason' in e)) return `close ${e.code} ${e.reason ?? ''}`;
  return e?.message ?? String(error);
}
