import { readFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { fileURLToPath } from 'node:url';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/resolverMap.js';
import { type GraphQLFormattedError, type GraphQLSchema, parse } from 'graphql';
import { callerFromHeaders, type TokenVerifier } from './auth/caller.ts';
import type { Caller } from './auth/evaluate.ts';
import { RequestAccess } from './auth/request-access.ts';
import { type ArgumentSubjects, protectSchema } from './auth/shield.ts';
import { loadConfig, type SubgraphName, type WatchWebhookSettings } from './config.ts';
import type { Database, Drizzle } from './db.ts';
import { isBadValue, isUnavailable } from './failures.ts';
import { databaseReadiness } from './health.ts';
import { listen, requestIdFrom, requestRecordPlugin } from './http.ts';
import { defaultLogger, type Logger, redactMessage } from './logging.ts';
import { ServiceMetrics } from './metrics.ts';
import { type EventHandlers, startEventConsumer } from './events/index.ts';
import { appendAccesses } from './query-log/index.ts';
import { createPlatformSigner, type PlatformSigner } from './signing.ts';
import { type PeerDirectory, type Peers, peersFor } from './peers.ts';

export { requestIdFrom };

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
  /** ID_HASH_KEY: keys natural persons' lookup hashes and ids (kernel/id-number.ts). Never logged. */
  idHashKey: string;
  /** The platform's document-signing key (credit reports), made on first use. */
  signer: () => Promise<PlatformSigner>;
  /** The other subgraphs, called on this request's caller's behalf. */
  peers: Peers;
}

/** The parts each subgraph folder provides; everything else about serving it is shared. */
export interface SubgraphModule<TLoaders> {
  name: SubgraphName;
  resolvers: unknown;
  createLoaders(db: Drizzle): TLoaders;
  /** How this subgraph applies the event topics it consumes (kernel/events/topics.ts). */
  eventHandlers?: EventHandlers;
  /** Protected root fields whose subject an argument names (`Type.field` → how to find it). */
  argumentSubjects?: ArgumentSubjects;
  /** Background work each process of this subgraph runs beside serving (e.g. webhook delivery), stopped on close. */
  workers?: (db: Drizzle, options: ServingOptions & { logger: Logger; idHashKey: string }) => BackgroundWorker[];
}

export interface BackgroundWorker {
  stop(): Promise<void>;
}

export function readSubgraphSdl(name: SubgraphName): string {
  return readFileSync(`${SCHEMA_DIR}${name}.graphql`, 'utf8');
}

/**
 * Errors without a code of ours are bugs or infrastructure failures: the caller gets a generic
 * message and a code, never SQL text or a stack; the log gets the cause, without values. A lost
 * database (or any connection) is SERVICE_UNAVAILABLE, so clients know to retry.
 */
export function errorMasker(logger: Logger): (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError {
  return (formatted, error) => {
    const code = formatted.extensions?.code;
    if (code && code !== 'INTERNAL_SERVER_ERROR') return formatted;
    // Apollo refuses some malformed requests (a persisted-query hash that does not match, an
    // unsupported version) with a 4xx status but no code: they are the caller's, not ours.
    const status = (error as { extensions?: { http?: { status?: unknown } } }).extensions?.http?.status;
    if (typeof status === 'number' && status >= 400 && status < 500) return { ...formatted, extensions: { ...formatted.extensions, code: 'BAD_REQUEST' } };
    const original = (error as { originalError?: Error }).originalError;
    const cause = (original?.cause ?? original) as (Error & { code?: unknown }) | undefined;
    if (isBadValue(error)) {
      logger.warn({ path: formatted.path, err: { type: cause?.name, code: cause?.code } }, 'database refused a value from the request');
      return {
        message: 'a value in the request cannot be processed',
        path: formatted.path,
        locations: formatted.locations,
        extensions: { code: 'BAD_USER_INPUT', reason: 'INVALID_VALUE' },
      };
    }
    const unavailable = isUnavailable(error);
    logger.error(
      {
        path: formatted.path,
        err: { type: cause?.name, code: typeof cause?.code === 'string' ? cause.code : undefined, message: redactMessage(cause?.message ?? formatted.message) },
      },
      unavailable ? 'dependency unavailable' : 'unexpected resolver error',
    );
    return unavailable
      ? { message: 'Service temporarily unavailable; try again later', path: formatted.path, locations: formatted.locations, extensions: { code: 'SERVICE_UNAVAILABLE' } }
      : { message: 'Internal server error', path: formatted.path, locations: formatted.locations, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
  };
}

/** The masker with the process's default logger. */
export function maskUnexpectedError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  return errorMasker(defaultLogger())(formatted, error);
}

/** How a subgraph process serves, beyond its schema; every field has a default. */
export interface ServingOptions {
  logger?: Logger;
  /** Introspection and "Did you mean" suggestions; default on outside production. */
  introspection?: boolean;
  maxBodyBytes?: number;
  drainTimeoutMs?: number;
  /** The event consumer's polling interval and attempts per event (EVENT_POLL_INTERVAL_MS, EVENT_MAX_ATTEMPTS). */
  events?: { intervalMs: number; maxAttempts: number };
  /** ID_HASH_KEY; the configured one (loadConfig) when absent. */
  idHashKey?: string;
  /** The platform's signing key (PLATFORM_SIGNING_KEY); made from the configuration on first use when absent. */
  signer?: PlatformSigner | Promise<PlatformSigner>;
  /** WATCH_WEBHOOK_* settings that differ from the environment's (tests use small delays). */
  watchWebhooks?: Partial<WatchWebhookSettings>;
  /** Where the other subgraphs answer (`<NAME>_URL`); a stack fills it as they bind. */
  peers?: PeerDirectory;
  /** SUBGRAPH_TIMEOUT_MS, the gateway's wait for a subgraph; a call to a peer gets half of it. */
  subgraphTimeoutMs?: number;
}

export interface BuiltSubgraph<TLoaders> {
  name: SubgraphName;
  schema: GraphQLSchema;
  server: ApolloServer<SubgraphContext<TLoaders>>;
  context(headers: Record<string, string | string[] | undefined>): Promise<SubgraphContext<TLoaders>>;
}

export function buildSubgraph<TLoaders>(
  module: SubgraphModule<TLoaders>,
  database: Database,
  options: { verifier: TokenVerifier } & ServingOptions,
): BuiltSubgraph<TLoaders> {
  const logger = (options.logger ?? defaultLogger()).child({ service: module.name });
  const introspection = options.introspection ?? process.env.NODE_ENV !== 'production';
  // The access rules come from this subgraph's own SDL: no second list to keep in step.
  const schema = protectSchema(
    buildSubgraphSchema({
      typeDefs: parse(readSubgraphSdl(module.name)),
      resolvers: module.resolvers as GraphQLResolverMap<unknown>,
    }),
    module.argumentSubjects,
  );
  const db = database.drizzle(module.name);
  const idHashKey = options.idHashKey ?? loadConfig().idHashKey;
  let signing: Promise<PlatformSigner> | undefined;
  const signer = () => (signing ??= Promise.resolve(options.signer ?? createPlatformSigner(loadConfig())));
  const peerDirectory = options.peers ?? {};
  // Half the gateway's wait: a peer that is too slow fails the request here, before the gateway
  // gives up on it and the caller is told it failed while this subgraph still writes.
  const peerTimeoutMs = Math.floor((options.subgraphTimeoutMs ?? loadConfig().subgraphTimeoutMs) / 2);
  const server = new ApolloServer<SubgraphContext<TLoaders>>({
    schema,
    plugins: [
      ApolloServerPluginInlineTraceDisabled(),
      // No @cacheControl hints anywhere: the default plugin would only cost a hook on every field.
      ApolloServerPluginCacheControlDisabled(),
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
      requestRecordPlugin(),
    ],
    includeStacktraceInErrorResponses: false,
    introspection,
    hideSchemaDetailsFromClientErrors: !introspection,
    formatError: errorMasker(logger),
  });
  return {
    name: module.name,
    schema,
    server,
    async context(headers) {
      const caller = await callerFromHeaders(options.verifier, headers);
      const requestId = requestIdFrom(headers);
      const authorization = typeof headers.authorization === 'string' ? headers.authorization : null;
      const peers = peersFor(peerDirectory, { authorization, purpose: caller.purpose, requestId }, { timeoutMs: peerTimeoutMs, logger });
      return { db, loaders: module.createLoaders(db), caller, access: new RequestAccess(db, caller, requestId), requestId, idHashKey, signer, peers };
    },
  };
}

export async function startSubgraph<TLoaders>(
  module: SubgraphModule<TLoaders>,
  database: Database,
  options: { port: number; host: string; verifier: TokenVerifier } & ServingOptions,
): Promise<{ name: SubgraphName; url: string; close: () => Promise<void> }> {
  const built = buildSubgraph(module, database, options);
  await built.server.start();
  const served = await listen({
    server: built.server,
    context: (req: IncomingMessage) => built.context(req.headers),
    port: options.port,
    host: options.host,
    service: module.name,
    logger: options.logger,
    metrics: new ServiceMetrics(module.name),
    ready: databaseReadiness(database),
    maxBodyBytes: options.maxBodyBytes,
    drainTimeoutMs: options.drainTimeoutMs,
  });
  // Each subgraph process applies the events addressed to its subgraph; an advisory lock lets
  // only one replica work a consumer's queue at a time.
  const handlers = module.eventHandlers ?? {};
  const consumer =
    Object.keys(handlers).length > 0
      ? startEventConsumer(database.drizzle(`${module.name}-events`), {
          consumer: module.name,
          handlers,
          intervalMs: options.events?.intervalMs ?? 250,
          maxAttempts: options.events?.maxAttempts ?? 10,
          logger: (options.logger ?? defaultLogger()).child({ service: module.name, component: 'event-consumer' }),
        })
      : undefined;
  const workers =
    module.workers?.(database.drizzle(`${module.name}-workers`), {
      ...options,
      idHashKey: options.idHashKey ?? loadConfig().idHashKey,
      logger: (options.logger ?? defaultLogger()).child({ service: module.name }),
    }) ?? [];
  return {
    name: module.name,
    url: served.url,
    async close() {
      await served.close();
      // Background work stops after the batch in hand, but no longer than the drain allows: with
      // the database gone, that batch waits on connection attempts that can outlast the shutdown.
      // Abandoning it is safe: each batch is one transaction, rolled back when the pool closes.
      const stopped = Promise.all([consumer?.stop(), ...workers.map((w) => w.stop())]);
      let timer: NodeJS.Timeout | undefined;
      const limit = new Promise<void>((resolve) => (timer = setTimeout(resolve, options.drainTimeoutMs ?? 10_000)));
      await Promise.race([stopped, limit]);
      clearTimeout(timer);
    },
  };
}
