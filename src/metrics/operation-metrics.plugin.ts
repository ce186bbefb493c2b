/**
 * Counts and times each GraphQL operation Apollo runs over HTTP (each operation of a batch on its
 * own), by the name the operation resolved to and its type. An operation that never resolved
 * (it does not parse or validate) counts as "invalid".
 */
import type { ApolloServerPlugin } from '@apollo/server';
import type { Metrics } from './metrics.js';

export function operationMetricsPlugin(metrics: Metrics): ApolloServerPlugin {
  return {
    requestDidStart: async () => {
      const started = process.hrtime.bigint();
      return {
        willSendResponse: async ({ operation, operationName, response }) => {
          const single = response.body.kind === 'single' ? response.body.singleResult : response.body.initialResult;
          const ok = !single.errors?.length;
          const seconds = Number(process.hrtime.bigint() - started) / 1e9;
          metrics.recordOperation(
            operation ? (operationName ?? null) : null,
            operation?.operation ?? null,
            ok,
            seconds,
          );
        },
      };
    },
  };
}
