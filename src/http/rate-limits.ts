/**
 * The rate limiters of this instance, shared by HTTP (http-server.ts) and WebSocket
 * (graphql.module.ts): one bucket per API key for requests with a valid key, one per client
 * address for every other request. And the client address of a raw request, as Fastify finds it
 * (TRUST_PROXY).
 */
import type { IncomingMessage } from 'node:http';
import proxyAddr from '@fastify/proxy-addr';
import type { AppConfig } from '../config/app-config.js';
import { RateLimiter } from './rate-limiter.js';

/** Where a request is charged: a limiter and the client's bucket in it. */
export interface Bucket {
  limiter: RateLimiter;
  client: string;
  /** How the refusal names the client. */
  who: 'API key' | 'address';
}

/** The outcome of charging a bucket, with what a refused client is told. */
export interface Charge {
  allowed: boolean;
  remaining: number;
  limitPerMinute: number;
  retryAfterSeconds: number;
  message: string;
}

export class RateLimits {
  private readonly byAddress: RateLimiter | null;
  private readonly byKey: RateLimiter | null;
  private readonly trust: (address: string, hop: number) => boolean;

  constructor(config: Pick<AppConfig, 'rateLimitIp' | 'rateLimitKey' | 'trustProxy'>) {
    this.byAddress = config.rateLimitIp > 0 ? new RateLimiter(config.rateLimitIp) : null;
    this.byKey = config.rateLimitKey > 0 ? new RateLimiter(config.rateLimitKey) : null;
    const trust = config.trustProxy;
    this.trust =
      trust === true
        ? () => true
        : typeof trust === 'string'
          ? proxyAddr.compile(trust.split(',').map((v) => v.trim()))
          : () => false;
  }

  /** Whether any request is limited at all. */
  get enabled(): boolean {
    return this.byAddress !== null || this.byKey !== null;
  }

  /**
   * The bucket of a request with the valid key `keyId`, or (null: no key, or a bad one) from
   * `address`; null when that kind of request is not limited.
   */
  bucketFor(keyId: string | null, address: string): Bucket | null {
    if (keyId) return this.byKey && { limiter: this.byKey, client: `key:${keyId}`, who: 'API key' };
    return this.byAddress && { limiter: this.byAddress, client: `ip:${address}`, who: 'address' };
  }

  /** Takes `cost` tokens from `bucket` when it holds them. */
  charge(bucket: Bucket, cost = 1): Charge {
    const verdict = bucket.limiter.take(bucket.client, Date.now(), cost);
    const limitPerMinute = bucket.limiter.perMinute;
    return {
      ...verdict,
      limitPerMinute,
      message: `too many requests from this ${bucket.who}: at most ${limitPerMinute} a minute; try again in ${verdict.retryAfterSeconds} s`,
    };
  }

  /** The client's address: the peer, or with TRUST_PROXY the first untrusted address of X-Forwarded-For (as Fastify's request.ip). */
  clientAddress(request: IncomingMessage): string {
    return proxyAddr(request, this.trust);
  }
}
