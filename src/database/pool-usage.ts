/** How busy a DataSource's connection pool (node-postgres) is, for the metrics. */
import type pg from 'pg';
import type { DataSource } from 'typeorm';

export interface PoolUsage {
  /** Connections open (in use and idle). */
  total: number;
  idle: number;
  /** Queries waiting for a connection. */
  waiting: number;
}

/** null while the DataSource is not connected. */
export function poolUsage(db: DataSource): PoolUsage | null {
  if (!db.isInitialized) return null;
  const pool = (db.driver as unknown as { master?: pg.Pool }).master;
  if (!pool) return null;
  return { total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount };
}
