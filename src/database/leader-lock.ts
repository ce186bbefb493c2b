/**
 * Who runs the projectors: a session-level PostgreSQL advisory lock held on a connection of its
 * own, and a lease renewed from that connection (migration 012). The lock goes with the
 * connection, so when its holder dies PostgreSQL frees it and another process takes it. A holder
 * that froze keeps its connection open; the lease tells: not renewed for longer than the bound, the
 * holder is fenced — its backends are ended (found by application_name: connection-identity.ts),
 * which frees the lock — and the next instance takes over with the next epoch.
 */
import pg from 'pg';
import { INSTANCE_ID, clientConfig } from './connection-identity.js';

/** The longest a renewal may take before the lease counts as lost (a frozen server, a cut network). */
const RENEW_TIMEOUT_MS = 5_000;

export interface Fenced {
  holder: string;
  /** Backends ended. */
  ended: number;
}

export class LeaderLock {
  private client: pg.Client | null = null;
  /** The lease's epoch while this process holds the lock; null otherwise. */
  epoch: string | null = null;

  /** `onLost` is called when the connection (and with it the lock) is lost. */
  constructor(
    private readonly url: string,
    private readonly key: number,
    private readonly onLost: () => void,
  ) {}

  private async connection(): Promise<pg.Client> {
    if (this.client) return this.client;
    const client = new pg.Client({ ...clientConfig(this.url), query_timeout: RENEW_TIMEOUT_MS });
    client.on('error', () => {
      if (this.client === client) this.client = null;
      this.epoch = null;
      this.onLost();
    });
    await client.connect();
    this.client = client;
    return client;
  }

  /** Takes the lock if it is free, and the lease with the next epoch; true when this process leads. */
  async tryAcquire(): Promise<boolean> {
    const client = await this.connection();
    const { rows } = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1) AS ok', [this.key]);
    if (rows[0].ok !== true) return false;
    const lease = await client.query<{ epoch: string }>(
      `INSERT INTO projector_lease AS l (singleton, holder, application_name, backend_pid, epoch, renewed_at)
       VALUES (true, $1, current_setting('application_name'), pg_backend_pid(), 1, now())
       ON CONFLICT (singleton) DO UPDATE
         SET holder = EXCLUDED.holder, application_name = EXCLUDED.application_name,
             backend_pid = EXCLUDED.backend_pid, epoch = l.epoch + 1, renewed_at = now()
       RETURNING epoch::text AS epoch`,
      [INSTANCE_ID],
    );
    this.epoch = lease.rows[0].epoch;
    return true;
  }

  /** Renews the lease; false when it is no longer this process's (fenced by another instance). */
  async renew(): Promise<boolean> {
    if (!this.client || this.epoch === null) return false;
    const { rowCount } = await this.client.query(
      'UPDATE projector_lease SET renewed_at = now() WHERE epoch = $1 AND holder = $2',
      [this.epoch, INSTANCE_ID],
    );
    return rowCount === 1;
  }

  /**
   * When the lease has not been renewed for longer than `boundMs` (by the database's clock) and
   * its holder is another instance, ends that instance's backends: its lock is freed, and a batch
   * it had open is rolled back. Returns what was fenced, or null when the lease is fresh.
   */
  async fenceStale(boundMs: number): Promise<Fenced | null> {
    const client = await this.connection();
    const { rows } = await client.query<{ holder: string; application_name: string; backend_pid: number }>(
      `SELECT holder, application_name, backend_pid FROM projector_lease
        WHERE now() - renewed_at > make_interval(secs => $1::double precision / 1000) AND holder <> $2`,
      [boundMs, INSTANCE_ID],
    );
    if (rows.length === 0) return null;
    const { holder, application_name: name, backend_pid: pid } = rows[0];
    // Every backend of the frozen instance (a batch it left open holds a checkpoint's row lock),
    // unless it shares this instance's application_name: then only its lock's connection.
    const ended = await client.query<{ n: number }>(
      `SELECT count(*) FILTER (WHERE pg_terminate_backend(pid))::int AS n FROM pg_stat_activity
        WHERE (pid = $2 OR (application_name = $1 AND $1 <> current_setting('application_name')))
          AND pid <> pg_backend_pid()`,
      [name, pid],
    );
    return { holder, ended: ended.rows[0].n };
  }

  /** Frees the lock by closing its connection. */
  async release(): Promise<void> {
    const client = this.client;
    this.client = null;
    this.epoch = null;
    await client?.end().catch(() => undefined);
  }
}
