import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { fileURLToPath } from 'node:url';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/resolverMap.js';
import { type GraphQLFormattedError, type GraphQLSchema, parse } from 'graphql';
import { callerFromHeaders, type TokenVerifier } from './auth/caller.ts';
import type { Caller } from './auth/evaluate.ts';
import { RequestAccess } from './auth/request-access.ts';
import { protectSchema } from './auth/shield.ts';
import type { SubgraphName } from './config.ts';
import type { Database, Drizzle } from './db.ts';
import { listen } from './http.ts';
import { appendAccesses } from './query-log/index.ts';

export const SCHEMA_DIR = fileURLToPath(new URL('../../schema/', import.meta.url));

/** What every resolver of every subgraph receives. */
export interface SubgraphContext<TLoaders> {
  db: Drizzle;
  /** DataLoaders made for this request only, so nothing is cached across callers. */
  loaders: TLoaders;
  /** Who is calling and why, verified by this subgraph from the forwarded token. */
  caller: Caller;
  /** Access decisions' batched facts and the accesses to register for this request. */
  access: RequestAccess;
  requestId: string;
}

/** The parts each subgraph folder provides; everything else about serving it is shared. */
export interface SubgraphModule<TLoaders> {
  name: SubgraphName;
  resolvers: unknown;
  createLoaders(db: Drizzle): TLoaders;
}

export function readSubgraphSdl(name: SubgraphName): string {
  return readFileSync(`${SCHEMA_DIR}${name}.graphql`, 'utf8');
}

/**
 * Errors without a code of ours are bugs or infrastructure failures: the caller gets a generic
 * message and the code, never SQL text or a stack; the log gets the cause.
 */
export function maskUnexpectedError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const code = formatted.extensions?.code;
  if (code && code !== 'INTERNAL_SERVER_ERROR') return formatted;
  if (code === undefined && formatted.message.startsWith('Cannot query field')) return formatted;
  const original = (error as { originalError?: Error }).originalError;
  const cause = (original?.cause as Error | undefined)?.message ?? original?.message ?? formatted.message;
  // Only the error text, never query parameters: they may hold personal data.
  console.error(JSON.stringify({ level: 'error', msg: 'unexpected resolver error', path: formatted.path, cause: cause.split('\nparams:')[0] }));
  return { message: 'Internal server error', path: formatted.path, locations: formatted.locations, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
}

export interface BuiltSubgraph<TLoaders> {
  name: SubgraphName;
  schema: GraphQLSchema;
  server: ApolloServer<SubgraphContext<TLoaders>>;
  context(headers: Record<string, string | string[] | undefined>): Promise<SubgraphContext<TLoaders>>;
}

/** The request id the gateway sent, or a new one: it ties log lines and query-log entries together. */
export function requestIdFrom(headers: Record<string, string | string[] | undefined>): string {
  const rid = headers['x-request-id'];
  return typeof rid === 'string' && /^[\w-]{1,64}$/.test(rid) ? rid : randomUUID();
}

export function buildSubgraph<TLoaders>(
  module: SubgraphModule<TLoaders>,
  database: Database,
  options: { verifier: TokenVerifier },
): BuiltSubgraph<TLoaders> {
  // The access rules come from this subgraph's own SDL: no second list to keep in step.
  const schema = protectSchema(
    buildSubgraphSchema({
      typeDefs: parse(readSubgraphSdl(module.name)),
      resolvers: module.resolvers as GraphQLResolverMap<unknown>,
    }),
  );
  const db = database.drizzle(module.name);
  const server = new ApolloServer<SubgraphContext<TLoaders>>({
    schema,
    plugins: [
      ApolloServerPluginInlineTraceDisabled(),
      {
        // Registers the request's accesses to non-public fields (查询使用登记) before answering.
        async requestDidStart() {
          return {
            async willSendResponse({ contextValue }) {
              const entries = contextValue.access?.entries();
              if (entries && entries.length > 0) await appendAccesses(db, entries);
            },
          };
        },
      },
    ],
    includeStacktraceInErrorResponses: false,
    formatError: maskUnexpectedError,
  });
  return {
    name: module.name,
    schema,
    server,
    async context(headers) {
      const caller = await callerFromHeaders(options.verifier, headers);
      const requestId = requestIdFrom(headers);
      return { db, loaders: module.createLoaders(db), caller, access: new RequestAccess(db, caller, requestId), requestId };
    },
  };
}

export async function startSubgraph<TLoaders>(
  module: SubgraphModule<TLoaders>,
  database: Database,
  options: { port: number; host: string; verifier: TokenVerifier },
): Promise<{ name: SubgraphName; url: string; close: () => Promise<void> }> {
  const built = buildSubgraph(module, database, options);
  await built.server.start();
  const served = await listen({
    server: built.server,
    context: (req: IncomingMessage) => built.context(req.headers),
    port: options.port,
    host: options.host,
  });
  return { name: module.name, url: served.url, close: served.close };
}
