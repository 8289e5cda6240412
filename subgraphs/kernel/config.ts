/**
 * Settings read from the environment, in one place so the README's configuration table and the
 * code cannot drift apart. Every variable is optional; the defaults run the demo.
 */
export const SUBGRAPH_NAMES = ['platform', 'government', 'business', 'social', 'judicial'] as const;
export type SubgraphName = (typeof SUBGRAPH_NAMES)[number];

/** Default ports: the gateway on 4000, subgraphs on 4001–4005 in SUBGRAPH_NAMES order. */
export const DEFAULT_GATEWAY_PORT = 4000;
export function defaultSubgraphPort(name: SubgraphName): number {
  return 4001 + SUBGRAPH_NAMES.indexOf(name);
}

export interface Config {
  host: string;
  gatewayPort: number;
  subgraphPorts: Record<SubgraphName, number>;
  /** Where a separately running gateway finds each subgraph. */
  subgraphUrls: Record<SubgraphName, string>;
  databaseUrl?: string;
  pgliteDataDir: string;
  /** Legal persons the demo seed makes when the database is empty (0 = no seed). */
  seedSize: number;
  idHashKey: string;
  nodeEnv: string;
  /** JWKS that verifies bearer tokens: a file (JWKS_PATH) or a URL (JWKS_URL). */
  jwksPath?: string;
  jwksUrl?: string;
  jwtIssuer: string;
  jwtAudience: string;
  /** Where the development signing key and its JWKS are made on first run (never committed). */
  devKeyDir: string;
  /** How often pending query-log entries are sealed into the hash chain. */
  auditSealIntervalMs: number;
}

function int(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer, got '${raw}'`);
  return n;
}

const DEV_ID_HASH_KEY = 'development-only-id-hash-key';

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const host = env.HOST || '127.0.0.1';
  const subgraphPorts = Object.fromEntries(
    SUBGRAPH_NAMES.map((n) => [n, int(env, `${n.toUpperCase()}_PORT`, defaultSubgraphPort(n))]),
  ) as Record<SubgraphName, number>;
  const subgraphUrls = Object.fromEntries(
    SUBGRAPH_NAMES.map((n) => [n, env[`${n.toUpperCase()}_URL`] || `http://127.0.0.1:${subgraphPorts[n]}/graphql`]),
  ) as Record<SubgraphName, string>;
  const nodeEnv = env.NODE_ENV || 'development';
  const idHashKey = env.ID_HASH_KEY || DEV_ID_HASH_KEY;
  if (nodeEnv === 'production' && idHashKey === DEV_ID_HASH_KEY) {
    throw new Error('ID_HASH_KEY must be set in production: it keys the hashes of ID numbers');
  }
  const auditSealIntervalMs = int(env, 'AUDIT_SEAL_INTERVAL_MS', 1000);
  if (auditSealIntervalMs < 50) throw new Error(`AUDIT_SEAL_INTERVAL_MS must be at least 50, got ${auditSealIntervalMs}`);
  return {
    host,
    gatewayPort: int(env, 'GATEWAY_PORT', int(env, 'PORT', DEFAULT_GATEWAY_PORT)),
    subgraphPorts,
    subgraphUrls,
    databaseUrl: env.DATABASE_URL || undefined,
    pgliteDataDir: env.PGLITE_DATA_DIR || '.data/pglite',
    seedSize: int(env, 'SEED_SIZE', 2000),
    idHashKey,
    nodeEnv,
    jwksPath: env.JWKS_PATH || undefined,
    jwksUrl: env.JWKS_URL || undefined,
    jwtIssuer: env.JWT_ISSUER || 'credit-platform',
    jwtAudience: env.JWT_AUDIENCE || 'credit-platform-api',
    devKeyDir: env.DEV_KEY_DIR || '.data/dev-keys',
    auditSealIntervalMs,
  };
}
