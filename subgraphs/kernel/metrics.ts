import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

const SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

let processRegistry: Registry | undefined;

// Node's own metrics (CPU, memory, event loop) once per process: the all-in-one process runs six
// servers, and six collectors would only repeat each other.
function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}

/** Label values must stay a small set: anything else a client could vary is folded into OTHER. */
export function codeLabel(code: unknown): string {
  return typeof code === 'string' && /^[A-Z][A-Z_]{0,39}$/.test(code) ? code : 'OTHER';
}

const ROUTES = new Set(['/graphql', '/health', '/ready', '/metrics', '/dashboard']);
export function routeLabel(pathname: string): string {
  return ROUTES.has(pathname) ? pathname : 'other';
}

/**
 * One server's Prometheus metrics, in a registry of its own so that servers sharing a process
 * (npm start, tests) keep separate counts; each is labelled with the server's name.
 */
export class ServiceMetrics {
  readonly registry = new Registry();
  readonly requests: Counter<'route' | 'status'>;
  readonly duration: Histogram<'route'>;
  readonly errors: Counter<'code'>;
  private fetches?: { duration: Histogram<'subgraph'>; errors: Counter<'subgraph' | 'code'> };
  private singleFetchCounter?: Counter<'outcome'>;

  constructor(readonly service: string) {
    this.registry.setDefaultLabels({ service });
    const registers = [this.registry];
    this.requests = new Counter({ name: 'http_requests_total', help: 'HTTP requests answered, by route and status', labelNames: ['route', 'status'], registers });
    this.duration = new Histogram({ name: 'http_request_duration_seconds', help: 'Time to answer an HTTP request', labelNames: ['route'], buckets: SECONDS, registers });
    this.errors = new Counter({ name: 'graphql_errors_total', help: 'GraphQL errors sent to callers, by extensions.code', labelNames: ['code'], registers });
  }

  /** Per-subgraph fetch metrics; only the gateway has them. */
  get subgraphFetches(): { duration: Histogram<'subgraph'>; errors: Counter<'subgraph' | 'code'> } {
    this.fetches ??= {
      duration: new Histogram({ name: 'subgraph_fetch_duration_seconds', help: 'Time for a subgraph to answer one gateway fetch', labelNames: ['subgraph'], buckets: SECONDS, registers: [this.registry] }),
      errors: new Counter({ name: 'subgraph_fetch_errors_total', help: 'Failed subgraph fetches and errors in subgraph answers, by code', labelNames: ['subgraph', 'code'], registers: [this.registry] }),
    };
    return this.fetches;
  }

  /** Requests the gateway's single-fetch path took: answered by it, or handed to the gateway's execution. */
  get singleFetch(): Counter<'outcome'> {
    this.singleFetchCounter ??= new Counter({
      name: 'gateway_single_fetch_total',
      help: 'Operations one subgraph answers whole, sent straight to it: answered, or handed over to the full execution (errors)',
      labelNames: ['outcome'],
      registers: [this.registry],
    });
    return this.singleFetchCounter;
  }

  async text(): Promise<string> {
    return `${await processMetrics().metrics()}\n${await this.registry.metrics()}`;
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
