/**
 * Cache-Control on GraphQL answers to GET (GraphQL over HTTP lets queries come as
 * `GET /graphql?query=…`, so that browsers, proxies and CDNs may keep them):
 * - a query answered without errors, to a request without a key, on a server whose reads are public
 *   (PUBLIC_READ=true, GRAPHQL_GET_MAX_AGE > 0): `public, max-age=N` and `Vary: Authorization`.
 *   Such an answer depends on the URL alone (no caller is known), and is at most N seconds behind
 *   the log when a cache serves it;
 * - any other GET answer (with a key: what the key may see is its own; with errors; a mutation,
 *   which Apollo refuses over GET): `no-store`.
 * POST answers get no Cache-Control (HTTP caches do not keep them).
 */
import type { ApolloServerPlugin } from '@apollo/server';
import type { AppConfig } from '../config/app-config.js';
import { mergeVary } from '../http/vary.js';

type CacheConfig = Pick<AppConfig, 'publicRead' | 'graphqlGetMaxAgeSeconds'>;

export interface AnsweredGet {
  /** query, mutation or subscription; undefined when the document could not be resolved. */
  operation: string | undefined;
  failed: boolean;
  /** Whether the request carried an Authorization header. */
  keyed: boolean;
}

/** The Cache-Control of a GET answer. */
export function getCacheControl({ operation, failed, keyed }: AnsweredGet, config: CacheConfig): string {
  const cacheable =
    config.publicRead && config.graphqlGetMaxAgeSeconds > 0 && operation === 'query' && !failed && !keyed;
  return cacheable ? `public, max-age=${config.graphqlGetMaxAgeSeconds}` : 'no-store';
}

export function httpCachePlugin(config: CacheConfig): ApolloServerPlugin {
  return {
    requestDidStart: async () => ({
      willSendResponse: async ({ request, response, operation, errors }) => {
        if (request.http?.method !== 'GET') return;
        const failed =
          (errors?.length ?? 0) > 0 || (response.body.kind === 'single' && !!response.body.singleResult.errors?.length);
        const keyed = !!request.http.headers.get('authorization');
        // Every request header the answer depends on: the key, the media type Apollo chose from
        // Accept, and the Origin the CORS headers name (set here whole: the integration replaces the
        // Vary the CORS hook set before).
        response.http.headers.set(
          'vary',
          mergeVary(response.http.headers.get('vary'), ['Authorization', 'Accept', 'Origin']),
        );
        response.http.headers.set(
          'cache-control',
          getCacheControl({ operation: operation?.operation, failed, keyed }, config),
        );
      },
    }),
  };
}
