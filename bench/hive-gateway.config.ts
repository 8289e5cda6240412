import { defineConfig } from '@graphql-hive/gateway';

/**
 * Hive Gateway for the comparison: its defaults (request deduplication on, masked errors, no
 * authorization plugins), plus the one thing needed to answer the same queries — forwarding the
 * caller's token and stated purpose to the subgraphs, which Hive does not do by default (it
 * forwards x-request-id by itself). The supergraph file and the port are given on its command
 * line by bench/run.ts.
 */
export const gatewayConfig = defineConfig({
  propagateHeaders: {
    fromClientToSubgraphs({ request }) {
      return {
        authorization: request.headers.get('authorization'),
        'x-query-purpose': request.headers.get('x-query-purpose'),
      };
    },
  },
});
