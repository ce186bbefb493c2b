/**
 * The rate limiters of this instance, shared by HTTP (http-server.ts) and WebSocket
 * (graphql.module.ts): one bucket per client address for requests without a valid key, one per
 * API key. And the client address of a raw request, as Fastify finds it (TRUST_PROXY).
 */
import type { IncomingMessage } from 'node:http';
import proxyAddr from '@fastify/proxy-addr';
import type { AppConfig } from '../config/app-config.js';
import { RateLimiter, type Verdict } from './rate-limiter.js';

export class RateLimits {
  readonly byAddress: RateLimiter | null;
  readonly byKey: RateLimiter | null;
  private readonly trust: (address: string, hop: number) => boolean;

  constructor(config: Pick<AppConfig, 'rateLimitIp' | 'rateLimitKey' | 'trustProxy'>) {
    this.byAddress = config.rateLimitIp > 0 ? new RateLimiter(config.rateLimitIp) : null;
    this.byKey = config.rateLimitKey > 0 ? new RateLimiter(config.rateLimitKey) : null;
    const trust = config.trustProxy;
    this.trust = trust === true ? () => true : typeof trust === 'string' ? proxyAddr.compile(trust.split(',').map((v) => v.trim())) : () => false;
  }

  /** Charges one request to the address of `request` (WebSocket connections and operations); null when unlimited. */
  takeForAddress(request: IncomingMessage): Verdict | null {
    return this.byAddress ? this.byAddress.take(`ip:${this.clientAddress(request)}`, Date.now()) : null;
  }

  /** The client's address: the peer, or with TRUST_PROXY the first untrusted address of X-Forwarded-For (as Fastify's request.ip). */
  clientAddress(request: IncomingMessage): string {
    return proxyAddr(request, this.trust);
  }
}

/** What a refused client is told. */
export function rateLimitMessage(client: string, limiter: RateLimiter, verdict: Verdict): string {
  const who = client.startsWith('key:') ? 'API key' : 'address';
  return `too many requests from this ${who}: at most ${limiter.perMinute} a minute; try again in ${verdict.retryAfterSeconds} s`;
}
