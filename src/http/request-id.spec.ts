import type { IncomingMessage } from 'node:http';
import { requestIdOf } from './request-id.js';

const request = (id?: string | string[]) =>
  ({ headers: id === undefined ? {} : { 'x-request-id': id } }) as IncomingMessage;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('requestIdOf', () => {
  it('keeps an id the caller sent', () => {
    expect(requestIdOf(request('req-7f3a.b:1_x'))).toBe('req-7f3a.b:1_x');
  });

  it('makes a UUID when none was sent, and a new one each time', () => {
    const a = requestIdOf(request());
    expect(a).toMatch(UUID);
    expect(requestIdOf(request())).not.toBe(a);
  });

  it.each([['a'.repeat(129)], ['a, b'], ['x\r\nSet-Cookie: a=b'], ['"quoted"'], [''], ['id with spaces']])(
    'replaces an id that could forge log lines or headers: %j',
    (id) => {
      expect(requestIdOf(request(id))).toMatch(UUID);
    },
  );

  it('replaces a repeated header', () => {
    expect(requestIdOf(request(['a', 'b']))).toMatch(UUID);
  });
});
