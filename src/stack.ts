import { type GatewayOptions, startGateway } from '../gateway/src/index.ts';
import { SUBGRAPHS } from '../subgraphs/index.ts';
import { type Config, SUBGRAPH_NAMES, type SubgraphName } from '../subgraphs/kernel/config.ts';
import { Database } from '../subgraphs/kernel/db.ts';
import type { TokenVerifier } from '../subgraphs/kernel/auth/caller.ts';
import { resolveJwks } from '../subgraphs/kernel/auth/dev-keys.ts';
import { createTokenVerifier } from '../subgraphs/kernel/auth/identity.ts';
import { startSealer } from '../subgraphs/kernel/query-log/index.ts';
import { defaultLogger, type Logger } from '../subgraphs/kernel/logging.ts';
import type { PeerDirectory } from '../subgraphs/kernel/peers.ts';
import { type ServingOptions, startSubgraph } from '../subgraphs/kernel/subgraph-server.ts';

/** The gateway settings a stack passes through (limits, rate limits, timeouts, …). */
export type GatewaySettings = Omit<GatewayOptions, 'port' | 'host' | 'subgraphUrls' | 'verifier' | 'exampleUscc' | 'logger'>;

/** Serving settings from the configuration, for every process. */
export function servingSettings(config: Config): ServingOptions & GatewaySettings {
  return {
    introspection: config.introspection,
    maxBodyBytes: config.maxBodyBytes,
    drainTimeoutMs: config.drainTimeoutMs,
    events: config.events,
    idHashKey: config.idHashKey,
    watchWebhooks: config.watchWebhooks,
    limits: config.limits,
    rateLimit: config.rateLimit,
    redisUrl: config.redisUrl,
    trustProxyHops: config.trustProxyHops,
    subgraphTimeoutMs: config.subgraphTimeoutMs,
  };
}

export { openDatabase } from './database.ts';

/** One verifier per process: the gateway and every subgraph check tokens against the same JWKS. */
export async function createVerifier(config: Config): Promise<TokenVerifier> {
  const jwks = await resolveJwks(config);
  return createTokenVerifier({ ...jwks, issuer: config.jwtIssuer, audience: config.jwtAudience });
}

export interface RunningStack {
  gatewayUrl: string;
  subgraphUrls: Record<SubgraphName, string>;
  close: () => Promise<void>;
}

/**
 * The five subgraphs and the gateway in this process, each on its own port and talking over
 * real HTTP — the same wiring as separate processes, only co-located. Port 0 picks a free one.
 */
export async function startStack(
  database: Database,
  options: {
    host: string;
    gatewayPort: number;
    subgraphPorts: Record<SubgraphName, number>;
    verifier: TokenVerifier;
    auditSealIntervalMs: number;
    exampleUscc?: string;
    logger?: Logger;
    /** Settings for the gateway; subgraphs take the serving ones among them. */
    settings?: ServingOptions & GatewaySettings;
  },
): Promise<RunningStack> {
  const logger = options.logger ?? defaultLogger();
  const settings = options.settings ?? {};
  // Filled as each subgraph binds its port (port 0 picks one): platform calls the domains it started before.
  const peers: PeerDirectory = {};
  const serving: ServingOptions = {
    logger,
    introspection: settings.introspection,
    maxBodyBytes: settings.maxBodyBytes,
    drainTimeoutMs: settings.drainTimeoutMs,
    events: settings.events,
    idHashKey: settings.idHashKey,
    signer: settings.signer,
    watchWebhooks: settings.watchWebhooks,
    peers,
    subgraphTimeoutMs: settings.subgraphTimeoutMs,
  };
  const started: Awaited<ReturnType<typeof startSubgraph>>[] = [];
  try {
    for (const name of SUBGRAPH_NAMES) {
      const subgraph = await startSubgraph(SUBGRAPHS[name], database, { ...serving, port: options.subgraphPorts[name], host: options.host, verifier: options.verifier });
      started.push(subgraph);
      peers[name] = subgraph.url;
    }
  } catch (error) {
    await Promise.all(started.map((s) => s.close()));
    throw error;
  }
  const subgraphUrls = Object.fromEntries(started.map((s) => [s.name, s.url])) as Record<SubgraphName, string>;
  const gateway = await startGateway({
    ...settings,
    logger,
    port: options.gatewayPort,
    host: options.host,
    subgraphUrls,
    exampleUscc: options.exampleUscc,
    verifier: options.verifier,
  }).catch(
    async (error: unknown) => {
      await Promise.all(started.map((s) => s.close()));
      throw error;
    },
  );
  const sealer = startSealer(database.drizzle('query-log'), options.auditSealIntervalMs, sealerLog(logger));
  return {
    gatewayUrl: gateway.url,
    subgraphUrls,
    async close() {
      await gateway.close();
      await Promise.all(started.map((s) => s.close()));
      await sealer.stop();
    },
  };
}

/** The sealer reports failures as JSON lines; they join the structured log as objects. */
export function sealerLog(logger: Logger): (line: string) => void {
  const log = logger.child({ service: 'query-log-sealer' });
  return (line) => {
    try {
      const { level: _level, at: _at, ...fields } = JSON.parse(line) as Record<string, unknown>;
      log.error(fields, 'query log seal failed');
    } catch {
      log.error({ line }, 'query log seal failed');
    }
  };
}

/** Runs `stop` once on SIGINT or SIGTERM, then exits; a second signal exits at once. */
export function onShutdown(stop: () => Promise<void>): void {
  let stopping = false;
  const handler = (signal: NodeJS.Signals) => {
    if (stopping) process.exit(1);
    stopping = true;
    defaultLogger().info({ signal }, 'shutting down');
    stop().then(
      () => process.exit(0),
      (error: unknown) => {
        defaultLogger().error({ err: { type: (error as Error)?.name, message: (error as Error)?.message } }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
}
