/** What every measured path gets: the size, the run's mode, the database, the servers and the result rows. */
import type pg from 'pg';
import type { BenchDatabase, ChildServer } from './bench-processes.js';

export interface ResultRow {
  path: string;
  measure: string;
  /** events in the log when measured */
  size: number;
  value: number;
  unit: string;
  /** the baseline's figure in the same unit, when the path has one */
  baseline?: number;
  /** value / baseline for throughputs, baseline / value for times (higher is better either way) */
  ratio?: number;
  target?: string;
  met?: boolean;
}

export interface BenchContext {
  size: number;
  quick: boolean;
  database: BenchDatabase;
  pool: pg.Pool;
  service: ChildServer;
  baseline: ChildServer;
  record(row: ResultRow): void;
  log(line: string): void;
}

export async function logHead(pool: pg.Pool): Promise<number> {
  const { rows } = await pool.query<{ head: number }>('SELECT last_position::int AS head FROM log_head');
  return rows[0].head;
}

/** A minute after the latest valid time in the log (epoch ms): where new events begin. */
export async function validTimeEnd(pool: pg.Pool): Promise<number> {
  const { rows } = await pool.query<{ at: Date }>('SELECT max(occurred_at) AS at FROM events');
  return new Date(rows[0].at).getTime() + 60_000;
}

export async function graphql<T = unknown>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  key?: string,
): Promise<T> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: unknown[] };
  if (!response.ok || body.errors)
    throw new Error(`GraphQL ${response.status}: ${JSON.stringify(body.errors ?? body).slice(0, 1000)}`);
  return body.data as T;
}
