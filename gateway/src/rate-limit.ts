import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { HeaderMap } from '@apollo/server';
import { GraphQLError } from 'graphql';
import { Redis } from 'ioredis';
import type { Principal } from '../../subgraphs/kernel/auth/principal.ts';
import type { Logger } from '../../subgraphs/kernel/logging.ts';

export interface RateLimitSettings {
  /** Sustained requests per caller per minute; 0 turns rate limiting off. */
  perMinute: number;
  /** Requests a caller may send at once before the sustained rate applies. */
  burst: number;
}

export interface Verdict {
  allowed: boolean;
  /** Whole seconds until the next request would be allowed (0 when allowed). */
  retryAfterSeconds: number;
}

export interface RateLimiter {
  take(key: string): Promise<Verdict>;
  close(): Promise<void>;
}

/**
 * Token bucket arithmetic shared by both stores: `burst` tokens at most, refilled at
 * perMinute/60000 per millisecond, one taken per request.
 */
function refill(tokens: number, elapsedMs: number, s: RateLimitSettings): number {
  return Math.min(s.burst, tokens + Math.max(0, elapsedMs) * (s.perMinute / 60_000));
}
function waitSeconds(tokens: number, s: RateLimitSettings): number {
  return Math.max(1, Math.ceil((1 - tokens) / (s.perMinute / 60_000) / 1000));
}

/** Buckets in this process: right for one gateway; replicas each count their own share. */
export function memoryRateLimiter(settings: RateLimitSettings, now: () => number = Date.now): RateLimiter {
  const buckets = new Map<string, { tokens: number; at: number }>();
  const fullAfterMs = (settings.burst / settings.perMinute) * 60_000;
  let takesSinceSweep = 0;
  return {
    async take(key) {
      const t = now();
      // A bucket that has refilled is the same as no bucket: drop those now and then, so memory
      // follows the callers of the last minutes, not every caller ever seen.
      if (++takesSinceSweep >= 10_000) {
        takesSinceSweep = 0;
        for (const [k, b] of buckets) if (t - b.at >= fullAfterMs) buckets.delete(k);
      }
      const bucket = buckets.get(key);
      const tokens = bucket ? refill(bucket.tokens, t - bucket.at, settings) : settings.burst;
      if (tokens >= 1) {
        buckets.set(key, { tokens: tokens - 1, at: t });
        return { allowed: true, retryAfterSeconds: 0 };
      }
      buckets.set(key, { tokens, at: t });
      return { allowed: false, retryAfterSeconds: waitSeconds(tokens, settings) };
    },
    async close() {},
  };
}

// One atomic step per request, on Redis's clock so replicas with skewed clocks agree. Returns
// {allowed, milliseconds to wait}.
const TAKE_SCRIPT = `
local burst = tonumber(ARGV[1])
local rate = tonumber(ARGV[2])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(state[1]) or burst
local at = tonumber(state[2]) or now
tokens = math.min(burst, tokens + math.max(0, now - at) * rate)
local allowed = 0
local wait = 0
if tokens >= 1 then
  tokens = tokens - 1
  allowed = 1
else
  wait = math.ceil((1 - tokens) / rate)
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil(burst / rate) + 1000)
return {allowed, wait}
`;

type TakeCommand = (key: string, burst: number, rate: number) => Promise<[number, number]>;

/**
 * Buckets in Redis, shared by every gateway replica. When Redis cannot be reached the request is
 * allowed: rate limiting protects capacity, it is not access control, and failing closed would
 * turn a Redis outage into an API outage.
 */
export function redisRateLimiter(
  settings: RateLimitSettings,
  url: string,
  logger: Logger,
  prefix = 'credit:ratelimit:',
  /** A slower answer than this counts as Redis being unavailable (and the request is allowed). */
  commandTimeoutMs = 500,
): RateLimiter & { connected(): Promise<void> } {
  const redis = new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1, commandTimeout: commandTimeoutMs, connectTimeout: 2_000 });
  redis.defineCommand('creditTakeToken', { numberOfKeys: 1, lua: TAKE_SCRIPT });
  const takeToken = (redis as unknown as { creditTakeToken: TakeCommand }).creditTakeToken.bind(redis);
  let lastWarning = 0;
  redis.on('error', () => {
    // Reported per request below, at most once a minute; ioredis reconnects by itself.
  });
  // Commands fail at once while disconnected (no offline queue, so an outage adds no latency);
  // only the first connection is waited for, briefly, so a fresh gateway does not start unlimited.
  let connecting: Promise<unknown> | undefined = Promise.race([
    new Promise((resolve) => redis.once('ready', resolve)),
    new Promise((resolve) => redis.once('error', resolve)),
    new Promise((resolve) => setTimeout(resolve, 1_000).unref()),
  ]).finally(() => {
    connecting = undefined;
  });
  return {
    async take(key) {
      if (connecting) await connecting;
      try {
        const [allowed, waitMs] = await takeToken(prefix + key, settings.burst, settings.perMinute / 60_000);
        return allowed === 1 ? { allowed: true, retryAfterSeconds: 0 } : { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
      } catch (error) {
        if (Date.now() - lastWarning > 60_000) {
          lastWarning = Date.now();
          logger.warn({ err: { type: (error as Error).name, message: (error as Error).message } }, 'rate limit store unavailable; allowing requests');
        }
        return { allowed: true, retryAfterSeconds: 0 };
      }
    },
    async close() {
      redis.disconnect();
    },
    /** Resolves once connected (tests, and a start-up that wants limits from the first request). */
    connected: () => (redis.status === 'ready' ? Promise.resolve() : new Promise<void>((resolve) => redis.once('ready', () => resolve()))),
  };
}

/**
 * The caller's address: the socket's peer, or with `trustedHops` proxies in front, the address
 * the outermost trusted proxy saw (entries further left are client-supplied and can be forged).
 */
export function clientAddress(req: IncomingMessage, trustedHops: number): string {
  const socket = req.socket.remoteAddress ?? 'unknown';
  if (trustedHops <= 0) return socket;
  const header = req.headers['x-forwarded-for'];
  const hops = (Array.isArray(header) ? header.join(',') : (header ?? '')).split(',').map((s) => s.trim()).filter(Boolean);
  return hops[hops.length - trustedHops] ?? hops[0] ?? socket;
}

/**
 * The bucket a request draws from: its principal, or its address for public callers. Hashed, so
 * the store holds no caller ids or IP addresses.
 */
export function rateLimitKey(principal: Principal | null, address: string): string {
  const who = principal && principal.id !== null ? `${principal.kind}:${principal.id}` : `ip:${address}`;
  let key = recentKeys.get(who);
  if (key === undefined) {
    // A hash a request was a percent of the gateway's CPU; the callers of the last moments repeat.
    if (recentKeys.size >= RECENT_KEYS) recentKeys.clear();
    key = createHash('sha256').update(who).digest('base64url').slice(0, 22);
    recentKeys.set(who, key);
  }
  return key;
}

/** Keys of recent callers, in this process's memory only (never in the store). */
const recentKeys = new Map<string, string>();
const RECENT_KEYS = 10_000;

/** 429 with Retry-After, in the API's error shape. */
export function rateLimitedError(verdict: Verdict): GraphQLError {
  const headers = new HeaderMap([['retry-after', String(verdict.retryAfterSeconds)]]);
  // Apollo reads `http.headers` as a Map; graphql-yoga's typings (installed for the benchmarks)
  // declare it a plain object for every graphql user, hence the cast.
  const extensions = { code: 'RATE_LIMITED', retryAfter: verdict.retryAfterSeconds, http: { status: 429, headers } } as Record<string, unknown>;
  return new GraphQLError(`rate limit exceeded: retry after ${verdict.retryAfterSeconds} s`, { extensions });
}

/** The configured limiter, or none when the limit is 0. */
export function createRateLimiter(settings: RateLimitSettings, redisUrl: string | undefined, logger: Logger): RateLimiter | undefined {
  if (settings.perMinute <= 0) return undefined;
  if (settings.burst < 1) throw new Error('RATE_LIMIT_BURST must be at least 1 when rate limiting is on');
  return redisUrl ? redisRateLimiter(settings, redisUrl, logger) : memoryRateLimiter(settings);
}
