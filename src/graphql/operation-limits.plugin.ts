/**
 * operation-limits.ts applied to both ways in: an Apollo plugin for HTTP (after the operation is
 * parsed and validated, with its variables) and graphql-ws's onSubscribe for WebSocket, where
 * queries and mutations may be sent too. The plugin keeps the schema for the WebSocket side.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import { type GraphQLError, type GraphQLSchema, parse } from 'graphql';
import type { GraphqlLimits } from '../config/app-config.js';
import { limitErrors, measureOperation } from './operation-limits.js';

interface SubscribePayload {
  query: string;
  variables?: Record<string, unknown> | null;
  operationName?: string | null;
}

export function createOperationLimits(limits: GraphqlLimits): {
  plugin: ApolloServerPlugin;
  onSubscribe: (ctx: unknown, id: string, payload: SubscribePayload) => readonly GraphQLError[] | undefined;
} {
  let schema: GraphQLSchema | undefined;
  return {
    plugin: {
      async serverWillStart(service) {
        schema = service.schema;
      },
      async requestDidStart() {
        return {
          async didResolveOperation({ document, request, schema: current, operationName }) {
            const [first] = limitErrors(measureOperation(current, document, request.variables ?? {}, operationName), limits);
            if (first) throw first;
          },
        };
      },
    },
    onSubscribe: (_ctx, _id, payload) => {
      if (!schema) return undefined;
      let document;
      try {
        document = parse(payload.query, { maxTokens: MAX_TOKENS });
      } catch {
        return undefined; // graphql-ws parses it again and reports the syntax error itself
      }
      const errors = limitErrors(measureOperation(schema, document, payload.variables ?? {}, payload.operationName), limits);
      return errors.length ? errors : undefined;
    },
  };
}

/** Tokens a document may have (graphql-js stops parsing there): bounds the work of a huge query. */
export const MAX_TOKENS = 100_000;
