/**
 * Security headers on every response. API answers (JSON, exports) get a Content-Security-Policy
 * that allows nothing, since they are never meant to run as a page; HTML pages keep the policy they
 * set themselves (the timeline page, GraphiQL), and one that sets none gets the pages' policy:
 * its own scripts and styles only. HSTS only in production, where TLS is terminated in front.
 */
import type { FastifyReply } from 'fastify';
import { PAGE_CSP } from '../timeline-page/page-assets.js';

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
  if (!reply.hasHeader('content-security-policy')) {
    void reply.header(
      'content-security-policy',
      type.startsWith('text/html') ? PAGE_CSP : "default-src 'none'; frame-ancestors 'none'",
    );
  }
  if (production) void reply.header('strict-transport-security', 'max-age=31536000; includeSubDomains');
}
