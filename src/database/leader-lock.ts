/**
 * A session-level PostgreSQL advisory lock held on a connection of its own: whoever holds it leads
 * (the projector). The lock goes with the connection, so when its holder dies, PostgreSQL frees it
 * and another process takes it.
 */
import pg from 'pg';

export class LeaderLock {
  private client: pg.Client | null = null;

  /** `onLost` is called when the connection (and with it the lock) is lost. */
  constructor(
    private readonly url: string,
    private readonly key: number,
    private readonly onLost: () => void,
  ) {}

  /** Takes the lock if it is free; true when this process holds it. */
  async tryAcquire(): Promise<boolean> {
    if (!this.client) {
      const client = new pg.Client({ connectionString: this.url });
      client.on('error', () => {
        if (this.client === client) this.client = null;
        this.onLost();
      });
      await client.connect();
      this.client = client;
    }
    const { rows } = await this.client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1) AS ok', [this.key]);
    return rows[0].ok === true;
  }

  /** Frees the lock by closing its connection. */
  async release(): Promise<void> {
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }
}
