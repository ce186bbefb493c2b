/**
 * Sends an export's body, gzip-compressed on the way out when the client accepts it
 * (`Accept-Encoding: gzip`): the chunks go through a zlib stream as they are made, so nothing is
 * buffered whole and a download cut short stops the encoding. `Vary: Accept-Encoding` either way,
 * so that a cache keeps the two apart.
 */
import { Readable, pipeline } from 'node:stream';
import { createGzip } from 'node:zlib';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { mergeVary } from '../http/vary.js';

/**
 * Whether `Accept-Encoding` accepts gzip (`gzip`, `x-gzip` or `*`, with a q-value above 0).
 * An explicit `gzip;q=0` refuses it even after a `*`.
 */
export function acceptsGzip(header: string | string[] | undefined): boolean {
  if (header === undefined) return false;
  const q: Record<string, number> = {};
  for (const part of (Array.isArray(header) ? header.join(',') : header).split(',')) {
    const [coding, ...params] = part.trim().toLowerCase().split(';');
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const value = qParam === undefined ? 1 : Number(qParam.slice(2));
    if (coding) q[coding] = Number.isFinite(value) ? value : 0;
  }
  const gzip = q.gzip ?? q['x-gzip'] ?? q['*'];
  return gzip !== undefined && gzip > 0;
}

/** Sends `body` with status 200 and `headers`, through gzip when the request accepts it. */
export async function sendExport(
  request: FastifyRequest,
  reply: FastifyReply,
  headers: Record<string, string>,
  body: AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>,
): Promise<void> {
  const vary = reply.getHeader('vary');
  reply
    .status(200)
    .headers(headers)
    .header('vary', mergeVary(typeof vary === 'string' ? vary : undefined, ['Accept-Encoding']));
  const source = Readable.from(body);
  if (!acceptsGzip(request.headers['accept-encoding'])) {
    await reply.send(source);
    return;
  }
  // The error of either side is the stream's (Fastify ends the response); a client gone destroys both.
  const gzip = pipeline(source, createGzip(), () => undefined);
  await reply.header('content-encoding', 'gzip').send(gzip);
}
