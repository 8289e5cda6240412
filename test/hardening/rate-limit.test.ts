import { randomBytes } from 'node:crypto';
import { Socket } from 'node:net';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway } from '../../gateway/src/index.ts';
import { memoryRateLimiter, redisRateLimiter } from '../../gateway/src/rate-limit.ts';
import type { Database } from '../../subgraphs/kernel/db.ts';
import { createLogger } from '../../subgraphs/kernel/logging.ts';
import { post, useTestStack } from '../support/stack.ts';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const quiet = createLogger({ level: 'silent' });

/** Whether a Redis answers, so the Redis cases run where one is installed and are skipped elsewhere. */
async function redisAnswers(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = new Socket();
    socket.setTimeout(500);
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => (socket.destroy(), resolve(false)));
    socket.connect(Number(port || 6379), hostname);
  });
}
const haveRedis = await redisAnswers(REDIS_URL);

describe('token bucket in memory', () => {
  it('allows a burst, then one request per refill interval, each caller on its own bucket', async () => {
    let now = 1_000_000;
    const limiter = memoryRateLimiter({ perMinute: 60, burst: 3 }, () => now);
    for (let i = 0; i < 3; i++) expect((await limiter.take('a')).allowed).toBe(true);
    expect(await limiter.take('a')).toEqual({ allowed: false, retryAfterSeconds: 1 });
    expect((await limiter.take('b')).allowed).toBe(true);
    now += 999;
    expect((await limiter.take('a')).allowed).toBe(false);
    now += 1;
    expect((await limiter.take('a')).allowed).toBe(true);
    expect((await limiter.take('a')).allowed).toBe(false);
    now += 60_000;
    for (let i = 0; i < 3; i++) expect((await limiter.take('a')).allowed).toBe(true);
    expect((await limiter.take('a')).allowed).toBe(false);
  });

  it('says how long to wait when the rate is slow', async () => {
    const limiter = memoryRateLimiter({ perMinute: 2, burst: 1 }, () => 0);
    await limiter.take('a');
    expect(await limiter.take('a')).toEqual({ allowed: false, retryAfterSeconds: 30 });
  });
});

describe.skipIf(!haveRedis)('token bucket in Redis', () => {
  const prefix = `credit-test:${randomBytes(4).toString('hex')}:`;
  const admin = haveRedis ? new Redis(REDIS_URL) : undefined;

  afterAll(async () => {
    const keys = await admin!.keys(`${prefix}*`);
    if (keys.length > 0) await admin!.del(...keys);
    admin!.disconnect();
  });

  it('takes atomically: of 40 concurrent requests exactly the burst passes, across two replicas', async () => {
    // A generous timeout: on a loaded test machine a slow answer would count as Redis being down.
    const a = redisRateLimiter({ perMinute: 6, burst: 10 }, REDIS_URL, quiet, prefix, 10_000);
    const b = redisRateLimiter({ perMinute: 6, burst: 10 }, REDIS_URL, quiet, prefix, 10_000);
    await Promise.all([a.connected(), b.connected()]);
    try {
      const verdicts = await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 ? a : b).take('shared')));
      expect(verdicts.filter((v) => v.allowed)).toHaveLength(10);
      const denied = verdicts.find((v) => !v.allowed)!;
      expect(denied.retryAfterSeconds).toBeGreaterThanOrEqual(1);
      expect(denied.retryAfterSeconds).toBeLessThanOrEqual(10);
      expect((await a.take('other')).allowed).toBe(true);
      const ttl = await admin!.pttl(`${prefix}shared`);
      expect(ttl).toBeGreaterThan(0);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('allows requests when Redis cannot be reached, rather than failing the API', async () => {
    const down = redisRateLimiter({ perMinute: 1, burst: 1 }, 'redis://127.0.0.1:1', quiet, prefix);
    try {
      const t0 = Date.now();
      for (let i = 0; i < 3; i++) expect((await down.take('x')).allowed).toBe(true);
      expect(Date.now() - t0).toBeLessThan(3_000);
    } finally {
      await down.close();
    }
  });
});

const t = useTestStack();

describe('rate limits at the gateway', () => {
  const query = '{ __typename }';
  // One token a minute: a loaded machine cannot refill a bucket between two requests of a test.

  it('answers 429 RATE_LIMITED with Retry-After once a caller passes its burst; other callers are unaffected', async () => {
    const gateway = await startGateway({ port: 0, host: '127.0.0.1', subgraphUrls: t.stack.subgraphUrls, verifier: t.auth.verifier, rateLimit: { perMinute: 1, burst: 3 } });
    try {
      for (let i = 0; i < 3; i++) expect((await post(gateway.url, query)).status).toBe(200);
      const res = await fetch(gateway.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
      expect(res.status).toBe(429);
      expect(res.headers.get('retry-after')).toMatch(/^[1-9]\d*$/);
      const body = (await res.json()) as any;
      expect(body.data).toBeUndefined();
      expect(body.errors[0].extensions).toEqual({ code: 'RATE_LIMITED', retryAfter: Number(res.headers.get('retry-after')) });
      // The same address with a token is another caller, with its own bucket.
      const agency = { authorization: `Bearer ${await t.auth.token('agency', '91350100M000100Y43')}` };
      for (let i = 0; i < 3; i++) expect((await post(gateway.url, query, {}, agency)).status).toBe(200);
      expect((await post(gateway.url, query, {}, agency)).status).toBe(429);
    } finally {
      await gateway.close();
    }
  });

  it('counts failed authentications against the address, so tokens cannot be guessed at full speed', async () => {
    const gateway = await startGateway({ port: 0, host: '127.0.0.1', subgraphUrls: t.stack.subgraphUrls, verifier: t.auth.verifier, rateLimit: { perMinute: 1, burst: 2 } });
    try {
      const forged = { authorization: 'Bearer eyJhbGciOiJFUzI1NiJ9.e30.AAAA' };
      expect((await post(gateway.url, query, {}, forged)).status).toBe(401);
      expect((await post(gateway.url, query, {}, forged)).status).toBe(401);
      const third = await post(gateway.url, query, {}, forged);
      expect(third.status).toBe(429);
      expect(third.body.errors![0]!.extensions!.code).toBe('RATE_LIMITED');
      expect((await post(gateway.url, query)).status).toBe(429);
    } finally {
      await gateway.close();
    }
  });

  it('trusts X-Forwarded-For only behind the configured number of proxies', async () => {
    const direct = await startGateway({ port: 0, host: '127.0.0.1', subgraphUrls: t.stack.subgraphUrls, verifier: t.auth.verifier, rateLimit: { perMinute: 1, burst: 1 } });
    const proxied = await startGateway({ port: 0, host: '127.0.0.1', subgraphUrls: t.stack.subgraphUrls, verifier: t.auth.verifier, rateLimit: { perMinute: 1, burst: 1 }, trustProxyHops: 1 });
    try {
      expect((await post(direct.url, query, {}, { 'x-forwarded-for': '203.0.113.1' })).status).toBe(200);
      expect((await post(direct.url, query, {}, { 'x-forwarded-for': '203.0.113.2' })).status).toBe(429);
      expect((await post(proxied.url, query, {}, { 'x-forwarded-for': '203.0.113.1' })).status).toBe(200);
      expect((await post(proxied.url, query, {}, { 'x-forwarded-for': '203.0.113.2' })).status).toBe(200);
      // A client cannot pick its own bucket by prepending addresses: the proxy's entry is the last one.
      expect((await post(proxied.url, query, {}, { 'x-forwarded-for': '198.51.100.9, 203.0.113.2' })).status).toBe(429);
    } finally {
      await direct.close();
      await proxied.close();
    }
  });

  it.skipIf(!haveRedis)('shares buckets in Redis between gateway replicas', async () => {
    const prefix = `credit-test:${randomBytes(4).toString('hex')}:`;
    const settings = { perMinute: 1, burst: 2 };
    const limiters = [redisRateLimiter(settings, REDIS_URL, quiet, prefix, 10_000), redisRateLimiter(settings, REDIS_URL, quiet, prefix, 10_000)] as const;
    await Promise.all(limiters.map((l) => l.connected()));
    const a = await startGateway({ port: 0, host: '127.0.0.1', subgraphUrls: t.stack.subgraphUrls, verifier: t.auth.verifier, rateLimiter: limiters[0] });
    const b = await startGateway({ port: 0, host: '127.0.0.1', subgraphUrls: t.stack.subgraphUrls, verifier: t.auth.verifier, rateLimiter: limiters[1] });
    const admin = new Redis(REDIS_URL);
    try {
      expect((await post(a.url, query)).status).toBe(200);
      expect((await post(b.url, query)).status).toBe(200);
      expect((await post(a.url, query)).status).toBe(429);
      expect((await post(b.url, query)).status).toBe(429);
      const keys = await admin.keys(`${prefix}*`);
      expect(keys).toHaveLength(1);
      // The key is a hash: Redis holds no addresses or caller ids.
      expect(keys[0]).not.toMatch(/127\.0\.0\.1|ip:/);
    } finally {
      await a.close();
      await b.close();
      const keys = await admin.keys(`${prefix}*`);
      if (keys.length > 0) await admin.del(...keys);
      admin.disconnect();
    }
  });
});
