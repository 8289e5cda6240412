import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import type { SubgraphName } from '../../subgraphs/kernel/config.ts';
import { listen } from '../../subgraphs/kernel/http.ts';
import { maskUnexpectedError } from '../../subgraphs/kernel/subgraph-server.ts';
import { readCommittedSupergraph, supergraphForApolloGateway } from './compose.ts';
import { createSubgraphFetcher } from './fetcher.ts';
import { queryPageRoute } from './query-page.ts';

/** What the gateway knows of a request: the caller's token is passed on, never read here yet. */
export interface GatewayContext {
  authorization: string | null;
  requestId: string;
}

export interface GatewayOptions {
  port: number;
  host: string;
  /** Where each subgraph answers; overrides the URLs written in the supergraph. */
  subgraphUrls: Partial<Record<SubgraphName, string>>;
  /** USCC filled into the query page's example variables. */
  exampleUscc?: string;
  /** A supergraph SDL to serve instead of the committed schema/supergraph.graphql. */
  supergraphSdl?: string;
}

export async function startGateway(options: GatewayOptions): Promise<{ url: string; close: () => Promise<void> }> {
  const { fetcher, close: closeFetcher } = createSubgraphFetcher();
  const gateway = new ApolloGateway({
    supergraphSdl: supergraphForApolloGateway(options.supergraphSdl ?? readCommittedSupergraph()),
    buildService: ({ name, url }) =>
      new RemoteGraphQLDataSource<GatewayContext>({
        url: options.subgraphUrls[name as SubgraphName] ?? url,
        fetcher,
        willSendRequest({ request, context }) {
          // Each subgraph verifies the caller itself, so it gets the original token unchanged.
          if (context.authorization) request.http?.headers.set('authorization', context.authorization);
          if (context.requestId) request.http?.headers.set('x-request-id', context.requestId);
        },
      }),
  });
  const server = new ApolloServer<GatewayContext>({
    gateway,
    plugins: [ApolloServerPluginLandingPageDisabled()],
    includeStacktraceInErrorResponses: false,
    formatError: maskUnexpectedError,
  });
  await server.start();
  const served = await listen({
    server,
    port: options.port,
    host: options.host,
    routes: [queryPageRoute(options.exampleUscc)],
    context: async (req: IncomingMessage) => {
      const auth = req.headers.authorization;
      const rid = req.headers['x-request-id'];
      return {
        authorization: typeof auth === 'string' ? auth : null,
        requestId: typeof rid === 'string' && /^[\w-]{1,64}$/.test(rid) ? rid : randomUUID(),
      };
    },
  });
  return {
    url: served.url,
    async close() {
      await served.close();
      await closeFetcher();
    },
  };
}
