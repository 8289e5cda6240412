import { type GraphQLDataSourceProcessOptions, RemoteGraphQLDataSource } from '@apollo/gateway';
import { GraphQLError } from 'graphql';
import { PURPOSE_HEADER } from '../../subgraphs/kernel/access/purposes.ts';
import type { Caller } from '../../subgraphs/kernel/auth/evaluate.ts';
import { isUnavailable } from '../../subgraphs/kernel/failures.ts';
import type { Logger } from '../../subgraphs/kernel/logging.ts';
import { codeLabel, type ServiceMetrics } from '../../subgraphs/kernel/metrics.ts';

/** What a subgraph call needs from the gateway's request context. */
export interface ForwardingContext {
  caller: Caller;
  authorization: string | null;
  requestId: string;
}

type Fetcher = RemoteGraphQLDataSource['fetcher'];
type GatewayGraphQLResponse = Awaited<ReturnType<RemoteGraphQLDataSource['process']>>;
type FetcherResponse = Awaited<ReturnType<Fetcher>>;

/** Answers already received for a request (gateway/src/single-fetch.ts). */
export interface Replays {
  replayed(subgraph: string, requestContext: object | undefined): Promise<unknown> | undefined;
}

// Codes a subgraph may answer a whole request with that mean the same to the caller; anything
// else from a failed subgraph call is the platform's fault.
const PASSED_THROUGH = new Set(['UNAUTHENTICATED', 'BAD_USER_INPUT', 'SERVICE_UNAVAILABLE', 'RATE_LIMITED']);

/**
 * One subgraph as the gateway calls it: forwards the caller's token, purpose and request id;
 * turns transport failures into SERVICE_UNAVAILABLE errors that name the subgraph but never its
 * URL or response body; and measures every call.
 */
export class SubgraphSource extends RemoteGraphQLDataSource<ForwardingContext> {
  private readonly subgraph: string;
  private readonly metrics?: ServiceMetrics;
  private readonly logger: Logger;
  private readonly replays?: Replays;

  constructor(options: { name: string; url: string; fetcher: Fetcher; metrics?: ServiceMetrics; logger: Logger; replays?: Replays }) {
    super({ url: options.url, fetcher: options.fetcher });
    this.subgraph = options.name;
    this.metrics = options.metrics;
    this.logger = options.logger;
    this.replays = options.replays;
  }

  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<ForwardingContext>): void {
    // Each subgraph verifies the caller itself, so it gets the original token unchanged.
    if (context.authorization) request.http?.headers.set('authorization', context.authorization);
    if (context.caller?.purpose) request.http?.headers.set(PURPOSE_HEADER, context.caller.purpose);
    if (context.requestId) request.http?.headers.set('x-request-id', context.requestId);
  }

  override async process(options: GraphQLDataSourceProcessOptions<ForwardingContext>): Promise<GatewayGraphQLResponse> {
    // Received for this request already (and measured then): the single-fetch path's answer.
    const replayed = 'incomingRequestContext' in options ? this.replays?.replayed(this.subgraph, options.incomingRequestContext) : undefined;
    if (replayed) return replayed as Promise<GatewayGraphQLResponse>;
    const started = process.hrtime.bigint();
    const fetches = this.metrics?.subgraphFetches;
    try {
      const response = await super.process(options);
      for (const e of response.errors ?? []) fetches?.errors.inc({ subgraph: this.subgraph, code: codeLabel(e.extensions?.code) });
      return response;
    } catch (error) {
      const failure = this.asGatewayError(error);
      const code = String(failure.extensions.code);
      fetches?.errors.inc({ subgraph: this.subgraph, code });
      this.logger.warn({ subgraph: this.subgraph, code, err: { type: (error as Error)?.name, code: (error as { code?: unknown })?.code } }, 'subgraph call failed');
      throw failure;
    } finally {
      fetches?.duration.observe({ subgraph: this.subgraph }, Number(process.hrtime.bigint() - started) / 1e9);
    }
  }

  override async errorFromResponse(response: FetcherResponse): Promise<GraphQLError> {
    let code: string | undefined;
    try {
      const body = JSON.parse(await response.text()) as { errors?: { extensions?: { code?: unknown } }[] };
      const first = body.errors?.[0]?.extensions?.code;
      if (typeof first === 'string' && PASSED_THROUGH.has(first)) code = first;
    } catch {
      // Not JSON (a proxy's error page): the status decides.
    }
    if ([502, 503, 504].includes(response.status)) code = 'SERVICE_UNAVAILABLE';
    if (response.status === 401) code = 'UNAUTHENTICATED';
    return this.coded(code ?? 'INTERNAL_SERVER_ERROR');
  }

  private asGatewayError(error: unknown): GraphQLError {
    if (error instanceof GraphQLError && error.extensions.code && error.extensions.serviceName === this.subgraph) return error;
    return this.coded(isUnavailable(error) ? 'SERVICE_UNAVAILABLE' : 'INTERNAL_SERVER_ERROR', error);
  }

  private coded(code: string, cause?: unknown): GraphQLError {
    const message =
      code === 'SERVICE_UNAVAILABLE'
        ? `the ${this.subgraph} service is unavailable; its fields are missing from this answer — try again later`
        : code === 'INTERNAL_SERVER_ERROR'
          ? `the ${this.subgraph} service failed`
          : `the ${this.subgraph} service refused the request`;
    return new GraphQLError(message, {
      originalError: cause instanceof Error ? cause : undefined,
      extensions: { code, serviceName: this.subgraph },
    });
  }
}
