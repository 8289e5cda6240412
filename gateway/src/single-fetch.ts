import type { ApolloGateway, GatewayConfig, GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { SpanStatusCode, trace } from '@opentelemetry/api';
import { type DocumentNode, getVariableValues, Kind, type OperationDefinitionNode, parse, print } from 'graphql';
import type { ServiceMetrics } from '../../subgraphs/kernel/metrics.ts';
import type { SubgraphSource } from './subgraph-source.ts';

// The planner's and Apollo Server's types as @apollo/gateway states them (neither package is ours to import).
type DidResolveQueryPlan = NonNullable<GatewayConfig['experimental_didResolveQueryPlan']>;
type QueryPlan = Parameters<DidResolveQueryPlan>[0]['queryPlan'];
type FetchNode = Extract<NonNullable<QueryPlan['node']>, { kind: 'Fetch' }>;
type GatewayExecutor = ApolloGateway['executor'];
type GatewayRequestContext = Parameters<GatewayExecutor>[0];
type ProcessOptions = Parameters<SubgraphSource['process']>[0];
/** GraphQLDataSourceRequestKind.INCOMING_OPERATION: the enum is not exported by the package. */
const INCOMING_OPERATION = 'incoming operation' as Extract<GraphQLDataSourceProcessOptions, { incomingRequestContext: unknown }>['kind'];

/**
 * @apollo/gateway's spans are not made on this path; its one subgraph call gets a span of the same
 * name (`gateway.fetch`, attribute `service`) so a trace shows it. A no-op without an SDK.
 */
const tracer = trace.getTracer('credit-platform-gateway');

/**
 * Operations one subgraph answers whole, sent straight to it. Most calls to this API name one
 * subject in one domain; for them @apollo/gateway's execution re-reads the operation against the
 * schema, merges the one answer into an empty result and shapes it again field by field — a
 * third of the gateway's CPU a request, which gives back exactly what the subgraph sent.
 *
 * A plan qualifies when it is a single fetch (no entity calls, no rewrites) whose operation
 * selects exactly what the caller's operation selects (same fields, aliases, arguments and
 * directives; no fragments to expand). Such an answer has the caller's shape already, and the
 * subgraph kept its own non-null rules, which composition makes at least as strict as the
 * supergraph's. A plan is recognised when the gateway resolves it the first time; later requests
 * of the same parsed document (Apollo Server reuses it for the same text) take this path.
 *
 * Anything but a clean answer — errors, no data, a failed call — is handed to the gateway's own
 * execution with the answer already received (`replayed`), so the caller gets the errors
 * exactly as the gateway shapes them and the subgraph is never called twice for one request.
 */
export class SingleFetchPath {
  /** By parsed document, then operation name: the plan's one fetch, or null when it does not qualify. */
  private readonly plans = new WeakMap<DocumentNode, Map<string | null, FetchNode | null>>();
  /** Answers received on this path and handed to the gateway's execution, by request. */
  private readonly answers = new WeakMap<object, { subgraph: string; outcome: Promise<unknown> }>();

  constructor(
    private readonly sources: ReadonlyMap<string, SubgraphSource>,
    private readonly metrics?: ServiceMetrics,
  ) {}

  /** For ApolloGateway's `experimental_didResolveQueryPlan`: learns which documents qualify. */
  readonly learn: DidResolveQueryPlan = ({ queryPlan, requestContext, operationContext }) => {
    const document = requestContext.document;
    if (!document) return;
    let byName = this.plans.get(document);
    if (!byName) this.plans.set(document, (byName = new Map()));
    const name = requestContext.request.operationName ?? null;
    if (!byName.has(name)) byName.set(name, qualifyingFetch(queryPlan, operationContext.operation, Object.keys(operationContext.fragments).length));
  };

  /** The gateway's executor with this path in front of it. */
  executor(standard: GatewayExecutor): GatewayExecutor {
    return async (requestContext) => {
      const fetch = this.fetchFor(requestContext);
      const source = fetch ? this.sources.get(fetch.serviceName) : undefined;
      if (!fetch || !source) return standard(requestContext);
      const { operation, schema } = requestContext;
      const given = requestContext.request.variables ?? {};
      // The gateway's own check of the variables, answered the same way.
      if (operation.variableDefinitions?.length) {
        const { errors } = getVariableValues(schema, operation.variableDefinitions, given);
        if (errors) return { errors };
      }
      const variables: Record<string, unknown> = Object.create(null);
      for (const v of fetch.variableUsages ?? []) if (Object.hasOwn(given, v) && given[v] !== undefined) variables[v] = given[v];
      const span = tracer.startSpan('gateway.fetch', { attributes: { service: fetch.serviceName, 'gateway.single_fetch': true } });
      const outcome = source.process({
        kind: INCOMING_OPERATION,
        request: { query: fetch.operation, variables, operationName: fetch.operationName },
        incomingRequestContext: requestContext,
        context: requestContext.context,
        document: fetch.operationDocumentNode,
        pathInIncomingRequest: [],
      } as unknown as ProcessOptions);
      try {
        const answer = await outcome;
        if (!answer.errors && answer.data && typeof answer.data === 'object') {
          this.metrics?.singleFetch.inc({ outcome: 'answered' });
          span.end();
          return { data: answer.data };
        }
      } catch {
        // Shaped by the gateway below, as any failed fetch is.
      }
      // Only that it failed: the errors' messages may quote the caller's values.
      span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
      this.answers.set(requestContext, { subgraph: fetch.serviceName, outcome });
      this.metrics?.singleFetch.inc({ outcome: 'handed_over' });
      return standard(requestContext);
    };
  }

  /**
   * For SubgraphSource.process: the answer this path already received for the request, which the
   * gateway's execution then uses instead of calling the subgraph again.
   */
  replayed(subgraph: string, requestContext: object | undefined): Promise<unknown> | undefined {
    if (!requestContext) return undefined;
    const held = this.answers.get(requestContext);
    if (!held || held.subgraph !== subgraph) return undefined;
    this.answers.delete(requestContext);
    return held.outcome;
  }

  private fetchFor(requestContext: GatewayRequestContext): FetchNode | null | undefined {
    // Outside production the gateway shows its plan on request; only its own execution does.
    if (requestContext.request.http?.headers.get('apollo-query-plan-experimental')) return null;
    return this.plans.get(requestContext.document)?.get(requestContext.request.operationName ?? null);
  }
}

/** The plan's fetch when it answers the operation whole with the operation's own selection. */
function qualifyingFetch(plan: QueryPlan, operation: OperationDefinitionNode, fragments: number): FetchNode | null {
  const node = plan.node;
  if (!node || node.kind !== 'Fetch' || fragments > 0) return null;
  if (node.requires || node.hasDefers || node.inputRewrites?.length || node.outputRewrites?.length || node.contextRewrites?.length) return null;
  if (node.operationKind !== operation.operation) return null;
  const sent = (node.operationDocumentNode ?? parse(node.operation)).definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  return sent && print(sent.selectionSet) === print(operation.selectionSet) ? node : null;
}
