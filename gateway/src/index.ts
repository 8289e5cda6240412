import type { IncomingMessage } from 'node:http';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { callerFromHeaders, type TokenVerifier } from '../../subgraphs/kernel/auth/caller.ts';
import type { Caller } from '../../subgraphs/kernel/auth/evaluate.ts';
import { loadConfig, type SubgraphName } from '../../subgraphs/kernel/config.ts';
import { subgraphsReadiness } from '../../subgraphs/kernel/health.ts';
import { listen, requestIdFrom, requestRecordPlugin } from '../../subgraphs/kernel/http.ts';
import { defaultLogger, type Logger } from '../../subgraphs/kernel/logging.ts';
import { ServiceMetrics } from '../../subgraphs/kernel/metrics.ts';
import { type AuthorizedContext, authorizationPlugin, supergraphRequirements } from './authorization.ts';
import { readCommittedSupergraph, supergraphForApolloGateway } from './compose.ts';
import { gatewayErrorFormatter } from './errors.ts';
import { dashboardRoute } from './dashboard.ts';
import { createSubgraphFetcher } from './fetcher.ts';
import { limitsPlugin, type OperationLimits, supergraphListSizes } from './limits.ts';
import { operationGuardPlugin } from './operation-guard.ts';
import { queryPageRoute } from './query-page.ts';
import { clientAddress, createRateLimiter, type RateLimiter, type RateLimitSettings, rateLimitedError, rateLimitKey } from './rate-limit.ts';
import { SingleFetchPath } from './single-fetch.ts';
import { SubgraphSource } from './subgraph-source.ts';
import { reportKeysRoute, reportPageRoute } from './reports.ts';
import { createPlatformSigner, type PlatformSigner } from '../../subgraphs/kernel/signing.ts';

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
  /** Operation limits; each missing one takes its configuration default. */
  limits?: Partial<OperationLimits>;
  rateLimit?: RateLimitSettings;
  /** Rate-limit buckets in Redis (shared by replicas) instead of in memory. */
  redisUrl?: string;
  /** A ready-made limiter (tests); overrides rateLimit and redisUrl. */
  rateLimiter?: RateLimiter;
  trustProxyHops?: number;
  subgraphTimeoutMs?: number;
  /** Introspection, field suggestions and the query page; default on outside production. */
  introspection?: boolean;
  maxBodyBytes?: number;
  drainTimeoutMs?: number;
  logger?: Logger;
  /** Operations one subgraph answers whole go straight to it (single-fetch.ts); default on. */
  singleFetchPath?: boolean;
  /** The platform's report-signing key, whose public half the gateway publishes; from PLATFORM_SIGNING_KEY when absent. */
  signer?: PlatformSigner | Promise<PlatformSigner>;
}

/** The configuration's defaults, so a gateway started from code is hardened like one started from the environment. */
const DEFAULTS = loadConfig({});

export async function startGateway(options: GatewayOptions): Promise<{ url: string; close: () => Promise<void> }> {
  // @apollo/gateway otherwise reports host facts to Apollo's cloud every few minutes and probes
  // cloud metadata endpoints at start; a public credit platform must not call out unasked.
  process.env.APOLLO_TELEMETRY_DISABLED ??= 'true';
  const logger = (options.logger ?? defaultLogger()).child({ service: 'gateway' });
  const limits: OperationLimits = { ...DEFAULTS.limits, ...options.limits };
  const introspection = options.introspection ?? process.env.NODE_ENV !== 'production';
  const metrics = new ServiceMetrics('gateway');
  const { fetcher, close: closeFetcher } = createSubgraphFetcher(undefined, options.subgraphTimeoutMs ?? DEFAULTS.subgraphTimeoutMs);
  const limiter = options.rateLimiter ?? createRateLimiter(options.rateLimit ?? DEFAULTS.rateLimit, options.redisUrl, logger);
  const trustProxyHops = options.trustProxyHops ?? DEFAULTS.trustProxyHops;
  const supergraphSdl = options.supergraphSdl ?? readCommittedSupergraph();
  const resolvedUrls: Record<string, string> = {};
  const sources = new Map<string, SubgraphSource>();
  const singleFetch = options.singleFetchPath === false ? undefined : new SingleFetchPath(sources, metrics);
  const gateway = new ApolloGateway({
    supergraphSdl: supergraphForApolloGateway(supergraphSdl),
    buildService: ({ name, url }) => {
      const target = options.subgraphUrls[name as SubgraphName] ?? url!;
      resolvedUrls[name] = target;
      const source = new SubgraphSource({ name, url: target, fetcher, metrics, logger, replays: singleFetch });
      sources.set(name, source);
      return source;
    },
    experimental_didResolveQueryPlan: singleFetch?.learn,
  });
  // load() hands Apollo Server this executor; the single-fetch path goes in front of it.
  if (singleFetch) gateway.executor = singleFetch.executor(gateway.executor);
  const server = new ApolloServer<GatewayContext>({
    gateway,
    plugins: [
      ApolloServerPluginLandingPageDisabled(),
      // Before authorization: these see the operation as sent.
      operationGuardPlugin<GatewayContext>(),
      limitsPlugin<GatewayContext>(limits, supergraphListSizes(supergraphSdl)),
      authorizationPlugin<GatewayContext>(supergraphRequirements(supergraphSdl)),
      // Last, so it sees the errors the plugins above add.
      requestRecordPlugin<GatewayContext>(),
    ],
    parseOptions: limits.tokens > 0 ? { maxTokens: limits.tokens } : {},
    // Guards validation itself against documents built to make it slow.
    maxRecursiveSelections: true,
    introspection,
    hideSchemaDetailsFromClientErrors: !introspection,
    csrfPrevention: true,
    includeStacktraceInErrorResponses: false,
    formatError: gatewayErrorFormatter({ logger, hideSchemaDetails: !introspection }),
  });
  await server.start();
  // Made before serving, so a missing production key stops the gateway at start, not at a request.
  const signer = Promise.resolve(options.signer ?? createPlatformSigner(loadConfig()));
  await signer;

  async function admit(req: IncomingMessage, caller: Caller | null): Promise<void> {
    if (!limiter) return;
    const verdict = await limiter.take(rateLimitKey(caller?.principal ?? null, clientAddress(req, trustProxyHops)));
    if (!verdict.allowed) throw rateLimitedError(verdict);
  }

  async function context(req: IncomingMessage): Promise<GatewayContext> {
    let caller: Caller;
    try {
      caller = await callerFromHeaders(options.verifier, req.headers);
    } catch (error) {
      // Failed authentications draw from the address's bucket, so guessing tokens is limited too.
      await admit(req, null);
      throw error;
    }
    await admit(req, caller);
    return { caller, authorization: req.headers.authorization ?? null, requestId: requestIdFrom(req.headers) };
  }

  const served = await listen({
    server,
    port: options.port,
    host: options.host,
    service: 'gateway',
    logger: options.logger,
    metrics,
    ready: subgraphsReadiness(resolvedUrls),
    maxBodyBytes: options.maxBodyBytes ?? DEFAULTS.maxBodyBytes,
    drainTimeoutMs: options.drainTimeoutMs ?? DEFAULTS.drainTimeoutMs,
    // The query page needs introspection, so it is served only where introspection is on.
    routes: [reportKeysRoute(signer), reportPageRoute(server, context), dashboardRoute(), ...(introspection ? [queryPageRoute(options.exampleUscc)] : [])],
    context,
  });
  return {
    url: served.url,
    async close() {
      await served.close();
      await closeFetcher();
      await limiter?.close();
    },
  };
}
