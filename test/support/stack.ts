import { SUBGRAPH_NAMES, type SubgraphName } from '../../subgraphs/kernel/config.ts';
import type { Database } from '../../subgraphs/kernel/db.ts';
import type { TokenVerifier } from '../../subgraphs/kernel/auth/caller.ts';
import type { Logger } from '../../subgraphs/kernel/logging.ts';
import { type GatewaySettings, type RunningStack, startStack } from '../../src/stack.ts';

/**
 * All five subgraphs and the gateway on free local ports, talking over real HTTP. Rate limiting
 * is off unless `settings` turn it on: a test sends hundreds of requests from one address in
 * seconds. `logger` captures the stack's logs (silent by default under vitest).
 */
export function startTestStack(database: Database, verifier: TokenVerifier, options: { settings?: GatewaySettings; logger?: Logger } = {}): Promise<RunningStack> {
  const zeros = Object.fromEntries(SUBGRAPH_NAMES.map((n) => [n, 0])) as Record<SubgraphName, number>;
  const settings: GatewaySettings = { rateLimit: { perMinute: 0, burst: 0 }, ...options.settings };
  return startStack(database, { host: '127.0.0.1', gatewayPort: 0, subgraphPorts: zeros, verifier, auditSealIntervalMs: 200, settings, logger: options.logger });
}

export interface GraphQLResponse<TData = Record<string, unknown>> {
  data?: TData;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
}

export async function post<TData = any>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<{ status: number; body: GraphQLResponse<TData> }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return { status: res.status, body: (await res.json()) as GraphQLResponse<TData> };
}
