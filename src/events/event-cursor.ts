/**
 * Opaque Relay cursors: the ordering and the keyset of an event in it, base64url-encoded JSON.
 * POSITION orderings key on the position; OCCURRED orderings on (occurred_at, position).
 * A cursor only pages the ordering it came from.
 */
import { badInput } from '../common/domain-error.js';

export type EventOrder = 'POSITION_ASC' | 'POSITION_DESC' | 'OCCURRED_ASC' | 'OCCURRED_DESC';
export const EVENT_ORDERS: EventOrder[] = ['POSITION_ASC', 'POSITION_DESC', 'OCCURRED_ASC', 'OCCURRED_DESC'];

export interface CursorKey {
  o: EventOrder;
  p: string;
  /** occurred_at, for the OCCURRED orderings */
  t?: string;
}

export function keyKind(order: EventOrder): 'P' | 'O' {
  return order.startsWith('POSITION') ? 'P' : 'O';
}

export function encodeCursor(order: EventOrder, position: string, occurredAt: Date): string {
  const key: CursorKey =
    keyKind(order) === 'P' ? { o: order, p: position } : { o: order, p: position, t: occurredAt.toISOString() };
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/** The largest position PostgreSQL's bigint holds. */
const MAX_POSITION = 9223372036854775807n;
/** An occurred_at as encodeCursor writes it (Date#toISOString of a year 0001-9999, the years the store takes). */
const CURSOR_TIME = /^(\d{4})-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

function isCursorTime(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const m = CURSOR_TIME.exec(value);
  if (!m || Number(m[1]) < 1) return false;
  const date = new Date(value);
  return !Number.isNaN(date.getTime()) && date.toISOString() === value;
}

export function decodeCursor(cursor: string, order: EventOrder, path: string): CursorKey {
  const malformed = () => badInput(path, 'is not a cursor of this query (take cursors from pageInfo or edges)');
  if (typeof cursor !== 'string' || cursor.length > 200 || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw malformed();
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw malformed();
  }
  const k = key as CursorKey;
  if (
    !k ||
    typeof k !== 'object' ||
    !EVENT_ORDERS.includes(k.o) ||
    typeof k.p !== 'string' ||
    !/^\d{1,19}$/.test(k.p) ||
    BigInt(k.p) > MAX_POSITION
  )
    throw malformed();
  // Only the time format encodeCursor writes: Date.parse takes much that PostgreSQL refuses ("1", "Tue, 1 Jan 1").
  if (keyKind(k.o) === 'O' && !isCursorTime(k.t)) throw malformed();
  if (k.o !== order) throw badInput(path, `is a cursor of the ordering ${k.o}, not ${order}`);
  return k;
}
