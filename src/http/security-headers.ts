/**
 * Security headers on every response. API answers (JSON, exports) get a Content-Security-Policy
 * that allows nothing, since they are never meant to run as a page; HTML pages (GraphiQL) keep
 * the policy they set themselves. HSTS only in production, where TLS is terminated in front.
 */
import type { FastifyReply } from 'fastify';

const ALWAYS: Record<string, string> = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'x-permitted-cross-domain-policies': 'none',
};

export function setSecurityHeaders(reply: FastifyReply, production: boolean): void {
  for (const [name, value] of Object.entries(ALWAYS)) {
    if (!reply.hasHeader(name)) void reply.header(name, value);
  }
  const type = String(reply.getHeader('content-type') ?? '');
  if (!type.startsWith('text/html') && !reply.hasHeader('content-security-policy')) {
    void reply.header('content-security-policy', "default-src 'none'; frame-ancestors 'none'");
  }
  if (production) void reply.header('strict-transport-security', 'max-age=31536000; includeSubDomains');
}
