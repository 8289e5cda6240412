import { ApolloServer } from '@apollo/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHOWCASE } from '../../drizzle/seed/generate.ts';
import { startGateway } from '../../gateway/src/index.ts';
import { SUBGRAPHS } from '../../subgraphs/index.ts';
import { SUBGRAPH_NAMES } from '../../subgraphs/kernel/config.ts';
import { Database } from '../../subgraphs/kernel/db.ts';
import { listen } from '../../subgraphs/kernel/http.ts';
import { startSubgraph } from '../../subgraphs/kernel/subgraph-server.ts';
import { openTestDatabase } from '../support/database.ts';
import { post, useTestStack } from '../support/stack.ts';

const t = useTestStack();

const at = (graphqlUrl: string, path: string) => graphqlUrl.replace(/\/graphql$/, path);

async function getJson(url: string): Promise<{ status: number; body: any }> {
  const res = await fetch(url);
  return { status: res.status, body: await res.json() };
}

const ENTERPRISE = SHOWCASE.enterprise.uscc;

describe('liveness and readiness', () => {
  it('answers /health and /ready with JSON on the gateway and every subgraph', async () => {
    for (const name of SUBGRAPH_NAMES) {
      const url = t.stack.subgraphUrls[name];
      expect(await getJson(at(url, '/health'))).toEqual({ status: 200, body: { status: 'ok' } });
      expect(await getJson(at(url, '/ready')), name).toEqual({ status: 200, body: { status: 'ready', checks: { database: 'ok' } } });
    }
    expect(await getJson(at(t.stack.gatewayUrl, '/health'))).toEqual({ status: 200, body: { status: 'ok' } });
    const ready = await getJson(at(t.stack.gatewayUrl, '/ready'));
    expect(ready.status).toBe(200);
    expect(ready.body).toEqual({ status: 'ready', checks: Object.fromEntries(SUBGRAPH_NAMES.map((n) => [n, 'ok'])) });
  });

  it('a subgraph whose database cannot be reached is not ready, answers SERVICE_UNAVAILABLE and stays up', async () => {
    const unreachable = await Database.open({ url: 'postgres://postgres@127.0.0.1:1/nothing', poolSize: 1 });
    // A short drain: closing must not wait on the consumer's connection attempts to the dead database.
    const platform = await startSubgraph(SUBGRAPHS.platform, unreachable, { port: 0, host: '127.0.0.1', verifier: t.auth.verifier, drainTimeoutMs: 2_000 });
    const gateway = await startGateway({ port: 0, host: '127.0.0.1', subgraphUrls: { ...t.stack.subgraphUrls, platform: platform.url }, verifier: t.auth.verifier });
    try {
      const ready = await getJson(at(platform.url, '/ready'));
      expect(ready).toEqual({ status: 503, body: { status: 'unavailable', checks: { database: 'unavailable' } } });
      for (const url of [platform.url, platform.url, gateway.url]) {
        const { status, body } = await post(url, `{ legalPerson(uscc: "${ENTERPRISE}") { name } }`);
        expect(status).toBe(200);
        expect(body.data?.legalPerson ?? null).toBeNull();
        expect(body.errors?.[0]?.extensions?.code, JSON.stringify(body)).toBe('SERVICE_UNAVAILABLE');
        expect(JSON.stringify(body)).not.toMatch(/ECONNREFUSED|select|127\.0\.0\.1|stack/i);
      }
      expect((await getJson(at(platform.url, '/health'))).status).toBe(200);
    } finally {
      await gateway.close();
      await platform.close();
      await unreachable.close();
    }
  }, 60_000);

  it('a subgraph whose database goes away mid-life answers SERVICE_UNAVAILABLE', async () => {
    const own = await openTestDatabase();
    const platform = await startSubgraph(SUBGRAPHS.platform, own.database, { port: 0, host: '127.0.0.1', verifier: t.auth.verifier });
    try {
      const query = `{ legalPerson(uscc: "${ENTERPRISE}") { name } }`;
      expect((await post(platform.url, query)).body.data.legalPerson.name).toBe(SHOWCASE.enterprise.name);
      await own.close();
      const { body } = await post(platform.url, query);
      expect(body.errors?.[0]?.extensions?.code, JSON.stringify(body)).toBe('SERVICE_UNAVAILABLE');
      expect((await getJson(at(platform.url, '/ready'))).status).toBe(503);
    } finally {
      await platform.close();
    }
  });
});

describe('a subgraph outage seen through the gateway', () => {
  it('answers the rest, marks the missing part SERVICE_UNAVAILABLE, and recovers when the subgraph returns on its port', async () => {
    let business = await startSubgraph(SUBGRAPHS.business, t.database, { port: 0, host: '127.0.0.1', verifier: t.auth.verifier });
    const port = Number(new URL(business.url).port);
    const gateway = await startGateway({ port: 0, host: '127.0.0.1', subgraphUrls: { ...t.stack.subgraphUrls, business: business.url }, verifier: t.auth.verifier });
    const headers = { authorization: `Bearer ${await t.auth.token('department', 'dl-tax')}`, 'x-query-purpose': 'CREDIT_SUPERVISION' };
    const query = `{ legalPerson(uscc: "${ENTERPRISE}") { name administrativePenalties(first: 1) { totalCount } taxCreditRatings(first: 2) { totalCount } publishedTaxCreditRatings { totalCount } } }`;
    try {
      const before = await post(gateway.url, query, {}, headers);
      expect(before.body.errors).toBeUndefined();
      expect(before.body.data.legalPerson.taxCreditRatings.totalCount).toBeGreaterThan(0);

      await business.close();
      const during = await post(gateway.url, query, {}, headers);
      expect(during.status).toBe(200);
      expect(during.body.data.legalPerson.name).toBe(SHOWCASE.enterprise.name);
      expect(during.body.data.legalPerson.administrativePenalties.totalCount).toBeGreaterThan(0);
      expect(during.body.data.legalPerson.taxCreditRatings).toBeNull();
      // Public record lists are nullable too: the outage empties only the missing domain's fields.
      expect(during.body.data.legalPerson.publishedTaxCreditRatings).toBeNull();
      expect(during.body.errors!.length).toBeGreaterThan(0);
      for (const e of during.body.errors!) expect(e.extensions).toMatchObject({ code: 'SERVICE_UNAVAILABLE', serviceName: 'business' });
      expect(JSON.stringify(during.body)).not.toContain(String(port));
      const notReady = await getJson(at(gateway.url, '/ready'));
      expect(notReady.status).toBe(503);
      expect(notReady.body.checks).toMatchObject({ business: 'unavailable', platform: 'ok' });

      business = await startSubgraph(SUBGRAPHS.business, t.database, { port, host: '127.0.0.1', verifier: t.auth.verifier });
      const after = await post(gateway.url, query, {}, headers);
      expect(after.body.errors).toBeUndefined();
      expect(after.body.data).toEqual(before.body.data);
      expect((await getJson(at(gateway.url, '/ready'))).status).toBe(200);
    } finally {
      await gateway.close();
      await business.close();
    }
  });
});

describe('shutdown', () => {
  it('lets an in-flight request finish, refuses new connections, and does not wait for idle keep-alive sockets', async () => {
    let release!: () => void;
    const started = new Promise<void>((resolve) => {
      release = resolve;
    });
    const server = new ApolloServer({
      typeDefs: 'type Query { slow: String }',
      resolvers: {
        Query: {
          slow: async () => {
            release();
            await new Promise((r) => setTimeout(r, 400));
            return 'done';
          },
        },
      },
    });
    await server.start();
    const served = await listen({ server, context: async () => ({}), port: 0, host: '127.0.0.1', drainTimeoutMs: 5_000 });
    // A keep-alive connection left idle by an earlier request must not hold the shutdown.
    expect((await post(served.url, '{ __typename }')).status).toBe(200);
    const inFlight = post(served.url, '{ slow }');
    await started;
    const t0 = Date.now();
    const closing = served.close();
    const { status, body } = await inFlight;
    expect(status).toBe(200);
    expect(body.data).toEqual({ slow: 'done' });
    await closing;
    expect(Date.now() - t0).toBeLessThan(3_000);
    await expect(fetch(served.url, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } })).rejects.toThrow();
  });
});
