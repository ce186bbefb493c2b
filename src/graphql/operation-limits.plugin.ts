/**
 * operation-limits.ts applied to every way in, before any other work on an operation:
 * - HTTP: `checkHttp`, called by the server's preHandler (http-server.ts) on the parsed body or the
 *   GET query string, before Apollo parses and validates (validation itself can be made to work
 *   hard); a batch is also measured as a whole;
 * - WebSocket: `checkSource` in graphql-ws's onSubscribe, before graphql-ws validates;
 * - Apollo's plugin checks again what it resolved: each operation of a batch on its own, and
 *   persisted queries, whose text the HTTP gate does not see.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import { Inject, Injectable } from '@nestjs/common';
import { type DocumentNode, type GraphQLError, type GraphQLSchema, parse } from 'graphql';
import { APP_CONFIG, type AppConfig, type GraphqlLimits } from '../config/app-config.js';
import { batchLimitErrors, limitErrors, measureOperation } from './operation-limits.js';

/** Tokens a document may have (graphql-js stops parsing there): bounds the work of a huge query. */
export const MAX_TOKENS = 100_000;

/** Parsed documents kept for the gate (clients send the same few queries again and again). */
const CACHED_DOCUMENTS = 200;
/** Longer documents are parsed each time rather than kept: the cache holds a few megabytes at most, whatever clients send. */
const CACHEABLE_LENGTH = 8 * 1024;

interface OperationRequest {
  query?: unknown;
  variables?: unknown;
  operationName?: unknown;
}

@Injectable()
export class OperationLimits {
  private schema: GraphQLSchema | undefined;
  private readonly limits: GraphqlLimits;
  private readonly documents = new Map<string, DocumentNode | null>();

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.limits = config.graphqlLimits;
  }

  /** Keeps the schema for the gates, and checks each operation Apollo resolves. */
  readonly plugin: ApolloServerPlugin = {
    serverWillStart: async (service) => {
      this.schema = service.schema;
    },
    requestDidStart: async () => ({
      didResolveOperation: async ({ document, request, schema, operationName }) => {
        const [first] = limitErrors(
          measureOperation(schema, document, request.variables ?? {}, operationName),
          this.limits,
        );
        if (first) throw first;
      },
    }),
  };

  /**
   * The refusals for an HTTP GraphQL request: `payload` is the JSON body (one operation or a batch)
   * or the GET query string. Empty when it may go on (including when it cannot be parsed: the server
   * then says why itself).
   */
  checkHttp(payload: unknown): GraphQLError[] {
    if (Array.isArray(payload)) {
      const measures = payload.map((operation) => this.measure(operation as OperationRequest));
      return batchLimitErrors(measures, this.limits);
    }
    if (payload && typeof payload === 'object') return limitErrors(this.measure(payload), this.limits);
    return [];
  }

  /** The refusals for one operation given as text (graphql-ws onSubscribe). */
  checkSource(query: unknown, variables: unknown, operationName: unknown): GraphQLError[] {
    return limitErrors(this.measure({ query, variables, operationName }), this.limits);
  }

  private measure({ query, variables, operationName }: OperationRequest) {
    if (!this.schema || typeof query !== 'string') return null;
    const document = this.parsed(query);
    if (!document) return null;
    let values = variables;
    if (typeof values === 'string') {
      try {
        values = JSON.parse(values); // GET: variables come as JSON text
      } catch {
        return null;
      }
    }
    const vars =
      values && typeof values === 'object' && !Array.isArray(values) ? (values as Record<string, unknown>) : {};
    return measureOperation(this.schema, document, vars, typeof operationName === 'string' ? operationName : null);
  }

  private parsed(query: string): DocumentNode | null {
    const cached = this.documents.get(query);
    if (cached !== undefined) {
      // Most recently used last: the first key is the one to drop.
      this.documents.delete(query);
      this.documents.set(query, cached);
      return cached;
    }
    let document: DocumentNode | null;
    try {
      document = parse(query, { maxTokens: MAX_TOKENS, noLocation: true });
    } catch {
      document = null;
    }
    if (query.length <= CACHEABLE_LENGTH) {
      this.documents.set(query, document);
      if (this.documents.size > CACHED_DOCUMENTS) this.documents.delete(this.documents.keys().next().value as string);
    }
    return document;
  }
}
