import type { IncomingMessage } from 'node:http';
import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { PURPOSE_HEADER } from '../../subgraphs/kernel/access/purposes.ts';
import { callerFromHeaders, type TokenVerifier } from '../../subgraphs/kernel/auth/caller.ts';
import type { SubgraphName } from '../../subgraphs/kernel/config.ts';
import { listen } from '../../subgraphs/kernel/http.ts';
import { maskUnexpectedError, requestIdFrom } from '../../subgraphs/kernel/subgraph-server.ts';
import { type AuthorizedContext, authorizationPlugin, supergraphRequirements } from './authorization.ts';
import { readCommittedSupergraph, supergraphForApolloGateway } from './compose.ts';
import { createSubgraphFetcher } from './fetcher.ts';
import { queryPageRoute } from './query-page.ts';

/** What the gateway knows of a request: the verified caller, and what it forwards to subgraphs. */
export interface GatewayContext extends AuthorizedContext {
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
  verifier: TokenVerifier;
}

export async function startGateway(options: GatewayOptions): Promise<{ url: string; close: () => Promise<void> }> {
  const { fetcher, close: closeFetcher } = createSubgraphFetcher();
  const supergraphSdl = options.supergraphSdl ?? readCommittedSupergraph();
  const gateway = new ApolloGateway({
    supergraphSdl: supergraphForApolloGateway(supergraphSdl),
    buildService: ({ name, url }) =>
      new RemoteGraphQLDataSource<GatewayContext>({
        url: options.subgraphUrls[name as SubgraphName] ?? url,
        fetcher,
        willSendRequest({ request, context }) {
          // Each subgraph verifies the caller itself, so it gets the original token unchanged.
          if (context.authorization) request.http?.headers.set('authorization', context.authorization);
          if (context.caller?.purpose) request.http?.headers.set(PURPOSE_HEADER, context.caller.purpose);
          if (context.requestId) request.http?.headers.set('x-request-id', context.requestId);
        },
      }),
  });
  const server = new ApolloServer<GatewayContext>({
    gateway,
    plugins: [ApolloServerPluginLandingPageDisabled(), authorizationPlugin<GatewayContext>(supergraphRequirements(supergraphSdl))],
    includeStacktraceInErrorResponses: false,
    formatError: maskUnexpectedError,
  });
  await server.start();
  const served = await listen({
    server,
    port: options.port,
    host: options.host,
    routes: [queryPageRoute(options.exampleUscc)],
    context: async (req: IncomingMessage) => ({
      caller: await callerFromHeaders(options.verifier, req.headers),
      authorization: req.headers.authorization ?? null,
      requestId: requestIdFrom(req.headers),
    }),
  });
  return {
    url: served.url,
    async close() {
      await served.close();
      await closeFetcher();
    },
  };
}
