import { SUBGRAPH_NAMES, type SubgraphName } from '../../subgraphs/kernel/config.ts';
import type { Database } from '../../subgraphs/kernel/db.ts';
import type { TokenVerifier } from '../../subgraphs/kernel/auth/caller.ts';
import type { Logger } from '../../subgraphs/kernel/logging.ts';
import { afterAll, beforeAll } from 'vitest';
import { type GatewaySettings, type RunningStack, startStack } from '../../src/stack.ts';
import type { ServingOptions } from '../../subgraphs/kernel/subgraph-server.ts';
import { testAuth } from './auth.ts';
import { TEST_ID_HASH_KEY } from './constants.ts';
import { openTestDatabase } from './database.ts';
import { testSigner } from './auth.ts';

/**
 * All five subgraphs and the gateway on free local ports, talking over real HTTP. Rate limiting
 * is off unless `settings` turn it on: a test sends hundreds of requests from one address in
 * seconds. `logger` captures the stack's logs (silent by default under vitest).
 */
export async function startTestStack(database: Database, verifier: TokenVerifier, options: { settings?: GatewaySettings & ServingOptions; logger?: Logger } = {}): Promise<RunningStack> {
  const zeros = Object.fromEntries(SUBGRAPH_NAMES.map((n) => [n, 0])) as Record<SubgraphName, number>;
  // The run's report-signing key, shared by the platform and the gateway like the configured one.
  const settings = { rateLimit: { perMinute: 0, burst: 0 }, idHashKey: TEST_ID_HASH_KEY, signer: options.settings?.signer ?? (await testSigner()), ...options.settings };
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

export interface TestStack {
  database: Database;
  stack: RunningStack;
  auth: Awaited<ReturnType<typeof testAuth>>;
}

/**
 * A test file's own copy of the seeded database with the whole stack over it, started before its
 * tests and stopped after them. The returned object is filled in by the time tests run.
 */
export function useTestStack(options: { settings?: GatewaySettings & ServingOptions; logger?: Logger } = {}): TestStack {
  const t = {} as TestStack;
  let closeDatabase: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    const opened = await openTestDatabase();
    t.database = opened.database;
    closeDatabase = opened.close;
    t.auth = await testAuth();
    t.stack = await startTestStack(t.database, t.auth.verifier, options);
  });
  afterAll(async () => {
    await t.stack?.close();
    await closeDatabase?.();
  });
  return t;
}
