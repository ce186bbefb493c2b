import { ValidationFailed } from '../common/domain-error.js';
import { decodeCursor, encodeCursor } from './event-cursor.js';

describe('event cursors', () => {
  const at = new Date('2025-03-18T16:00:00.000Z');

  it('round-trips the keyset of each ordering', () => {
    expect(decodeCursor(encodeCursor('POSITION_ASC', '42', at), 'POSITION_ASC', 'after')).toEqual({
      o: 'POSITION_ASC',
      p: '42',
    });
    expect(decodeCursor(encodeCursor('OCCURRED_DESC', '7', at), 'OCCURRED_DESC', 'after')).toEqual({
      o: 'OCCURRED_DESC',
      p: '7',
      t: at.toISOString(),
    });
  });

  it('refuses a cursor of another ordering, naming the argument', () => {
    expect(() => decodeCursor(encodeCursor('POSITION_ASC', '1', at), 'POSITION_DESC', 'before')).toThrow(
      /^before: is a cursor of the ordering POSITION_ASC, not POSITION_DESC$/,
    );
  });

  it.each([
    ['not base64', '!!!'],
    ['not JSON', Buffer.from('nope').toString('base64url')],
    ['no position', Buffer.from(JSON.stringify({ o: 'POSITION_ASC' })).toString('base64url')],
    ['a negative position', Buffer.from(JSON.stringify({ o: 'POSITION_ASC', p: '-1' })).toString('base64url')],
    [
      'an SQL fragment as position',
      Buffer.from(JSON.stringify({ o: 'POSITION_ASC', p: '1; DROP TABLE events' })).toString('base64url'),
    ],
    [
      'an OCCURRED cursor without time',
      Buffer.from(JSON.stringify({ o: 'OCCURRED_ASC', p: '1' })).toString('base64url'),
    ],
    ['an unknown ordering', Buffer.from(JSON.stringify({ o: 'RANDOM', p: '1' })).toString('base64url')],
    ['a huge string', 'a'.repeat(500)],
    [
      'a position beyond bigint',
      Buffer.from(JSON.stringify({ o: 'POSITION_ASC', p: '9999999999999999999' })).toString('base64url'),
    ],
  ])('refuses %s as BAD_USER_INPUT', (_name, cursor) => {
    let error: unknown;
    try {
      decodeCursor(cursor, 'POSITION_ASC', 'after');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationFailed);
    expect((error as ValidationFailed).errors[0].path).toBe('after');
  });

  // Date.parse takes all of these; PostgreSQL's timestamptz refuses them (an internal error before).
  it.each([
    ['"1"', '1'],
    ['an RFC 2822 date', 'Tue, 18 Mar 2025 14:00:00 GMT'],
    ['year 0', '0000-01-01T00:00:00.000Z'],
    ['a six-digit year', '+010000-01-01T00:00:00.000Z'],
    ['February 30', '2025-02-30T00:00:00.000Z'],
    ['a time without milliseconds', '2025-03-18T14:00:00Z'],
  ])('refuses an OCCURRED cursor whose time is %s', (_name, t) => {
    const cursor = Buffer.from(JSON.stringify({ o: 'OCCURRED_ASC', p: '1', t })).toString('base64url');
    expect(() => decodeCursor(cursor, 'OCCURRED_ASC', 'before')).toThrow(/^before: is not a cursor of this query/);
  });

  it('takes the earliest and the latest times the store takes', () => {
    for (const t of ['0001-01-01T00:00:00.000Z', '9999-12-31T23:59:59.999Z']) {
      expect(decodeCursor(encodeCursor('OCCURRED_ASC', '1', new Date(t)), 'OCCURRED_ASC', 'after')).toEqual({
        o: 'OCCURRED_ASC',
        p: '1',
        t,
      });
    }
  });
});
