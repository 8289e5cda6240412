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
  /** Prepared statements on PostgreSQL (off behind a transaction-pooling proxy). */
  databasePrepare: boolean;
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
  /** The platform's document-signing key (credit reports): a private ES256 JWK as JSON, or a file path. */
  platformSigningKey?: string;
  /** Retired public signing keys kept in the published JWKS so documents they signed still verify. */
  platformSigningPreviousKeys?: string;
  /** How often pending query-log entries are sealed into the hash chain. */
  auditSealIntervalMs: number;
  /** pino level: trace, debug, info, warn, error, fatal or silent. */
  logLevel: string;
  /** Largest request body any server reads. */
  maxBodyBytes: number;
  /** How long shutdown waits for in-flight requests before cutting their connections. */
  drainTimeoutMs: number;
  /** Operation limits the gateway applies before planning. */
  limits: { depth: number; aliases: number; rootFields: number; tokens: number; cost: number };
  /** Requests per caller per minute at the gateway, and how many may come at once (0 = off). */
  rateLimit: { perMinute: number; burst: number };
  /** Redis for rate-limit buckets shared by every gateway replica; in memory when unset. */
  redisUrl?: string;
  /** Proxies in front of the gateway whose X-Forwarded-For entries are trusted (0 = the socket address). */
  trustProxyHops: number;
  /** How long the gateway waits for a subgraph's answer. */
  subgraphTimeoutMs: number;
  /** Schema introspection and "Did you mean" suggestions (off in production unless set). */
  introspection: boolean;
  /** How often each subgraph looks for events to apply, and how many times one event is tried. */
  events: { intervalMs: number; maxAttempts: number };
  /** Working days a department has to report back on a sanctions check before the case is overdue. */
  sanctionFeedbackWorkingDays: number;
  /** Deadlines of objections and credit repair. */
  lifecycle: LifecycleSettings;
  /** Delivery of watchlist alerts to webhooks. */
  watchWebhooks: WatchWebhookSettings;
}

export interface WatchWebhookSettings {
  /** How often the platform process looks for due webhook deliveries. */
  pollIntervalMs: number;
  /** The first retry's delay; each later one doubles, up to `maxBackoffMs`. */
  backoffMs: number;
  maxBackoffMs: number;
  /** Attempts of one delivery before it is DEAD. */
  maxAttempts: number;
  /** How long one POST may take (connecting, headers and body together). */
  timeoutMs: number;
  /** Deliveries claimed and posted at once by one process. */
  batchSize: number;
  /** Whether http:// endpoints are accepted (outside production only, by default). */
  allowHttp: boolean;
  /**
   * Whether endpoints may be on loopback, private, link-local or other non-public addresses
   * (outside production only, by default): in production a webhook must not reach into the
   * platform's own network.
   */
  allowPrivate: boolean;
  /**
   * How often the platform asks the domains whether watched subjects are still on the lists their
   * watchers were alerted of (listings that end with their period send no event); 0: never.
   */
  listingSweepIntervalMs: number;
}

/** The WATCH_WEBHOOK_* settings, readable on their own by the platform's resolvers and worker. */
export function watchWebhookSettings(env: NodeJS.ProcessEnv = process.env): WatchWebhookSettings {
  const backoffMs = positive(env, 'WATCH_WEBHOOK_BACKOFF_MS', 1000);
  const maxBackoffMs = positive(env, 'WATCH_WEBHOOK_MAX_BACKOFF_MS', 900_000);
  if (maxBackoffMs < backoffMs) throw new Error(`WATCH_WEBHOOK_MAX_BACKOFF_MS must be at least WATCH_WEBHOOK_BACKOFF_MS (${backoffMs}), got ${maxBackoffMs}`);
  const batchSize = positive(env, 'WATCH_WEBHOOK_BATCH_SIZE', 20);
  if (batchSize > 500) throw new Error(`WATCH_WEBHOOK_BATCH_SIZE must be at most 500, got ${batchSize}`);
  return {
    pollIntervalMs: positive(env, 'WATCH_WEBHOOK_POLL_INTERVAL_MS', 1000),
    backoffMs,
    maxBackoffMs,
    maxAttempts: positive(env, 'WATCH_WEBHOOK_MAX_ATTEMPTS', 12),
    timeoutMs: positive(env, 'WATCH_WEBHOOK_TIMEOUT_MS', 10_000),
    batchSize,
    allowHttp: flag(env, 'WATCH_WEBHOOK_ALLOW_HTTP', (env.NODE_ENV || 'development') !== 'production'),
    allowPrivate: flag(env, 'WATCH_WEBHOOK_ALLOW_PRIVATE', (env.NODE_ENV || 'development') !== 'production'),
    listingSweepIntervalMs: int(env, 'WATCH_LISTING_SWEEP_INTERVAL_MS', 3_600_000),
  };
}

export interface LifecycleSettings {
  /** Calendar days a department has to answer an objection (征信业管理条例 art. 25: 20). */
  objectionDeadlineDays: number;
  /** Working days the single window has to feed back on a repair application (Order No. 36: 10). */
  repairFeedbackWorkingDays: number;
  /** Working days the deciding department has to decide an accepted repair (Order No. 36: 3). */
  repairDecisionWorkingDays: number;
}

/** The lifecycle deadlines alone, read where an objection or application is filed. */
export function lifecycleSettings(env: NodeJS.ProcessEnv = process.env): LifecycleSettings {
  return {
    objectionDeadlineDays: positive(env, 'OBJECTION_DEADLINE_DAYS', 20),
    repairFeedbackWorkingDays: positive(env, 'REPAIR_FEEDBACK_WORKING_DAYS', 10),
    repairDecisionWorkingDays: positive(env, 'REPAIR_DECISION_WORKING_DAYS', 3),
  };
}

function int(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer, got '${raw}'`);
  return n;
}

function positive(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const n = int(env, name, fallback);
  if (n < 1) throw new Error(`${name} must be at least 1, got ${n}`);
  return n;
}

function flag(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (raw === 'true' || raw === '1') return true;
  if (raw === 'false' || raw === '0') return false;
  throw new Error(`${name} must be true or false, got '${raw}'`);
}

const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'];

/** LOG_LEVEL, readable without the rest of the configuration; tests are quiet unless asked. */
export function logLevelFrom(env: NodeJS.ProcessEnv = process.env): string {
  const level = env.LOG_LEVEL || (env.VITEST ? 'silent' : 'info');
  if (!LOG_LEVELS.includes(level)) throw new Error(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got '${level}'`);
  return level;
}

/** SANCTION_FEEDBACK_WORKING_DAYS (default 10, 1–60), readable on its own by the platform's resolvers. */
export function sanctionFeedbackWorkingDays(env: NodeJS.ProcessEnv = process.env): number {
  const days = int(env, 'SANCTION_FEEDBACK_WORKING_DAYS', 10);
  if (days < 1 || days > 60) throw new Error(`SANCTION_FEEDBACK_WORKING_DAYS must be 1 to 60, got ${days}`);
  return days;
}

/** PLATFORM_CITY_CODE (default 2102, 大连): the division code the platform's attestations carry as their issuer. */
export function platformCityCode(env: NodeJS.ProcessEnv = process.env): string {
  const code = env.PLATFORM_CITY_CODE || '2102';
  if (!/^\d{4}(\d{2})?$/.test(code)) throw new Error(`PLATFORM_CITY_CODE must be a division code of 4 or 6 digits, got '${code}'`);
  return code;
}

/** ATTESTATION_VALIDITY_DAYS (default 30, 1–366): how long a partner may rely on an attestation we issue. */
export function attestationValidityDays(env: NodeJS.ProcessEnv = process.env): number {
  const days = int(env, 'ATTESTATION_VALIDITY_DAYS', 30);
  if (days < 1 || days > 366) throw new Error(`ATTESTATION_VALIDITY_DAYS must be 1 to 366, got ${days}`);
  return days;
}

/** An early-warning rule (预警规则) over a subject's negative records by decision day. */
export interface EarlyWarningRuleSetting {
  code: string;
  kind: 'THRESHOLD' | 'GROWTH';
  windowDays: number;
  threshold: number;
  factor: number | null;
}

/**
 * The early-warning rules, from EARLY_WARNING_* (readable on their own by the platform): at least
 * EARLY_WARNING_THRESHOLD negative records in EARLY_WARNING_WINDOW_DAYS days; or, over windows of
 * EARLY_WARNING_GROWTH_WINDOW_DAYS, at least EARLY_WARNING_GROWTH_FACTOR times the window before
 * and at least EARLY_WARNING_GROWTH_MIN. A window or threshold of 0 switches its rule off.
 */
export function earlyWarningRules(env: NodeJS.ProcessEnv = process.env): EarlyWarningRuleSetting[] {
  const windowDays = int(env, 'EARLY_WARNING_WINDOW_DAYS', 90);
  const threshold = int(env, 'EARLY_WARNING_THRESHOLD', 3);
  const growthDays = int(env, 'EARLY_WARNING_GROWTH_WINDOW_DAYS', 90);
  const growthMin = int(env, 'EARLY_WARNING_GROWTH_MIN', 2);
  const rawFactor = env.EARLY_WARNING_GROWTH_FACTOR;
  const factor = rawFactor === undefined || rawFactor === '' ? 2 : Number(rawFactor);
  if (!Number.isFinite(factor) || factor < 1) throw new Error(`EARLY_WARNING_GROWTH_FACTOR must be a number of at least 1, got '${rawFactor}'`);
  for (const [name, days] of [['EARLY_WARNING_WINDOW_DAYS', windowDays], ['EARLY_WARNING_GROWTH_WINDOW_DAYS', growthDays]] as const) {
    if (days > 730) throw new Error(`${name} must be at most 730, got ${days}`);
  }
  const rules: EarlyWarningRuleSetting[] = [];
  if (windowDays > 0 && threshold > 0) rules.push({ code: 'NEGATIVE_THRESHOLD', kind: 'THRESHOLD', windowDays, threshold, factor: null });
  if (growthDays > 0 && growthMin > 0) rules.push({ code: 'NEGATIVE_GROWTH', kind: 'GROWTH', windowDays: growthDays, threshold: growthMin, factor });
  return rules;
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
  const perMinute = int(env, 'RATE_LIMIT_PER_MINUTE', 600);
  return {
    host,
    gatewayPort: int(env, 'GATEWAY_PORT', int(env, 'PORT', DEFAULT_GATEWAY_PORT)),
    subgraphPorts,
    subgraphUrls,
    databaseUrl: env.DATABASE_URL || undefined,
    databasePrepare: flag(env, 'DATABASE_PREPARE', true),
    pgliteDataDir: env.PGLITE_DATA_DIR || '.data/pglite',
    seedSize: int(env, 'SEED_SIZE', 2000),
    idHashKey,
    nodeEnv,
    jwksPath: env.JWKS_PATH || undefined,
    jwksUrl: env.JWKS_URL || undefined,
    jwtIssuer: env.JWT_ISSUER || 'credit-platform',
    jwtAudience: env.JWT_AUDIENCE || 'credit-platform-api',
    devKeyDir: env.DEV_KEY_DIR || '.data/dev-keys',
    platformSigningKey: env.PLATFORM_SIGNING_KEY || undefined,
    platformSigningPreviousKeys: env.PLATFORM_SIGNING_PREVIOUS_KEYS || undefined,
    auditSealIntervalMs,
    logLevel: logLevelFrom(env),
    maxBodyBytes: int(env, 'MAX_BODY_BYTES', 1_000_000),
    drainTimeoutMs: int(env, 'SHUTDOWN_DRAIN_MS', 10_000),
    limits: {
      depth: int(env, 'MAX_QUERY_DEPTH', 12),
      aliases: int(env, 'MAX_QUERY_ALIASES', 30),
      rootFields: int(env, 'MAX_QUERY_ROOT_FIELDS', 20),
      tokens: int(env, 'MAX_QUERY_TOKENS', 5_000),
      cost: int(env, 'MAX_QUERY_COST', 100_000),
    },
    rateLimit: { perMinute, burst: int(env, 'RATE_LIMIT_BURST', Math.max(1, Math.ceil(perMinute / 5))) },
    redisUrl: env.REDIS_URL || undefined,
    trustProxyHops: int(env, 'TRUST_PROXY_HOPS', 0),
    subgraphTimeoutMs: int(env, 'SUBGRAPH_TIMEOUT_MS', 10_000),
    introspection: flag(env, 'INTROSPECTION', nodeEnv !== 'production'),
    events: { intervalMs: positive(env, 'EVENT_POLL_INTERVAL_MS', 250), maxAttempts: positive(env, 'EVENT_MAX_ATTEMPTS', 10) },
    sanctionFeedbackWorkingDays: sanctionFeedbackWorkingDays(env),
    lifecycle: lifecycleSettings(env),
    watchWebhooks: watchWebhookSettings(env),
  };
}
