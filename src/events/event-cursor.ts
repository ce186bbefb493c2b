/**
 * Opaque Relay cursors: the keyset of an event in one ordering, base64url-encoded JSON.
 * POSITION orderings key on the position; OCCURRED orderings on (occurred_at, position).
 */
import { badInput } from '../common/domain-error.js';

export type EventOrder = 'POSITION_ASC' | 'POSITION_DESC' | 'OCCURRED_ASC' | 'OCCURRED_DESC';
export const EVENT_ORDERS: EventOrder[] = ['POSITION_ASC', 'POSITION_DESC', 'OCCURRED_ASC', 'OCCURRED_DESC'];

export interface CursorKey {
  /** P: by position; O: by occurred_at then position */
  k: 'P' | 'O';
  p: string;
  t?: string;
}

export function keyKind(order: EventOrder): 'P' | 'O' {
  return order.startsWith('POSITION') ? 'P' : 'O';
}

export function encodeCursor(order: EventOrder, position: string, occurredAt: Date): string {
  const key: CursorKey = keyKind(order) === 'P' ? { k: 'P', p: position } : { k: 'O', p: position, t: occurredAt.toISOString() };
  return Buffer.from(JSON.stringify(key)).toString('base64url');
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
  if (!k || typeof k !== 'object' || (k.k !== 'P' && k.k !== 'O') || typeof k.p !== 'string' || !/^\d{1,19}$/.test(k.p)) throw malformed();
  if (k.k === 'O' && (typeof k.t !== 'string' || Number.isNaN(Date.parse(k.t)))) throw malformed();
  if (k.k !== keyKind(order)) throw badInput(path, `is a cursor of another ordering than ${order}`);
  return k;
}
