import { SUBGRAPH_NAMES, type SubgraphName } from '../../subgraphs/kernel/config.ts';
import type { Database } from '../../subgraphs/kernel/db.ts';
import type { TokenVerifier } from '../../subgraphs/kernel/auth/caller.ts';
import { type RunningStack, startStack } from '../../src/stack.ts';

/** All five subgraphs and the gateway on free local ports, talking over real HTTP. */
export function startTestStack(database: Database, verifier: TokenVerifier): Promise<RunningStack> {
  const zeros = Object.fromEntries(SUBGRAPH_NAMES.map((n) => [n, 0])) as Record<SubgraphName, number>;
  return startStack(database, { host: '127.0.0.1', gatewayPort: 0, subgraphPorts: zeros, verifier, auditSealIntervalMs: 200 });
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
