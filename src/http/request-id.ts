/**
 * Request ids: every answer carries `X-Request-Id`, the caller's when it sent a usable one (a proxy's
 * or a client's, so one id follows a request through every hop), a new UUID when not. The access
 * log line of the request names it. An id that could forge log lines or headers (longer than 128
 * characters, or other than letters, digits and `._:-`) is replaced, not echoed.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const REQUEST_ID_HEADER = 'x-request-id';

const USABLE = /^[A-Za-z0-9._:-]{1,128}$/;

/** The request's id: the caller's X-Request-Id when usable, else a new one (Fastify's genReqId). */
export function requestIdOf(request: IncomingMessage): string {
  const sent = request.headers[REQUEST_ID_HEADER];
  return typeof sent === 'string' && USABLE.test(sent) ? sent : randomUUID();
}
