import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { fileURLToPath } from 'node:url';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/resolverMap.js';
import { type GraphQLFormattedError, type GraphQLSchema, parse } from 'graphql';
import type { SubgraphName } from './config.ts';
import type { Database, Drizzle } from './db.ts';
import { listen } from './http.ts';

export const SCHEMA_DIR = fileURLToPath(new URL('../../schema/', import.meta.url));

/** What every resolver of every subgraph receives. */
export interface SubgraphContext<TLoaders> {
  db: Drizzle;
  /** DataLoaders made for this request only, so nothing is cached across callers. */
  loaders: TLoaders;
  /** The caller's bearer token as received (the gateway forwards it unchanged). */
  authorization: string | null;
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
  context(headers: Record<string, string | string[] | undefined>): SubgraphContext<TLoaders>;
}

export function buildSubgraph<TLoaders>(module: SubgraphModule<TLoaders>, database: Database): BuiltSubgraph<TLoaders> {
  const schema = buildSubgraphSchema({
    typeDefs: parse(readSubgraphSdl(module.name)),
    resolvers: module.resolvers as GraphQLResolverMap<unknown>,
  });
  const db = database.drizzle(module.name);
  const server = new ApolloServer<SubgraphContext<TLoaders>>({
    schema,
    plugins: [ApolloServerPluginInlineTraceDisabled()],
    includeStacktraceInErrorResponses: false,
    formatError: maskUnexpectedError,
  });
  return {
    name: module.name,
    schema,
    server,
    context(headers) {
      const auth = headers['authorization'];
      const rid = headers['x-request-id'];
      return {
        db,
        loaders: module.createLoaders(db),
        authorization: typeof auth === 'string' ? auth : null,
        requestId: typeof rid === 'string' && /^[\w-]{1,64}$/.test(rid) ? rid : randomUUID(),
      };
    },
  };
}

export async function startSubgraph<TLoaders>(
  module: SubgraphModule<TLoaders>,
  database: Database,
  options: { port: number; host: string },
): Promise<{ name: SubgraphName; url: string; close: () => Promise<void> }> {
  const built = buildSubgraph(module, database);
  await built.server.start();
  const served = await listen({
    server: built.server,
    context: async (req: IncomingMessage) => built.context(req.headers),
    port: options.port,
    host: options.host,
  });
  return { name: module.name, url: served.url, close: served.close };
}
