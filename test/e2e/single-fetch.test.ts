import { SpanStatusCode, trace } from '@opentelemetry/api';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHOWCASE } from '../../drizzle/seed/generate.ts';
import { startGateway } from '../../gateway/src/index.ts';
import { EXAMPLE_QUERY } from '../../gateway/src/query-page.ts';
import type { Database } from '../../subgraphs/kernel/db.ts';
import type { RunningStack } from '../../src/stack.ts';
import { testAuth } from '../support/auth.ts';
import { openTestDatabase } from '../support/database.ts';
import { post, startTestStack } from '../support/stack.ts';

/**
 * The single-fetch path (gateway/src/single-fetch.ts) against the gateway's own execution: the
 * stack's gateway has it, a second gateway on the same subgraphs does not, and every answer —
 * data, errors, their paths and codes — must be the same from both.
 */
const ENTERPRISE = SHOWCASE.enterprise.uscc;
type Gateway = { url: string; close: () => Promise<void> };

let database: Database;
let closeDb: () => Promise<void>;
let stack: RunningStack;
let auth: Awaited<ReturnType<typeof testAuth>>;
let standard: Gateway;
let authorization: string;

beforeAll(async () => {
  ({ database, close: closeDb } = await openTestDatabase());
  auth = await testAuth();
  stack = await startTestStack(database, auth.verifier);
  standard = await startGateway({ port: 0, host: '127.0.0.1', subgraphUrls: stack.subgraphUrls, verifier: auth.verifier, singleFetchPath: false });
  authorization = `Bearer ${await auth.token('department', 'dl-market', { scopes: ['gov:internal'] })}`;
});

afterAll(async () => {
  await standard?.close();
  await stack?.close();
  await closeDb?.();
});

async function metric(graphqlUrl: string, line: RegExp): Promise<number> {
  const text = await (await fetch(graphqlUrl.replace(/graphql$/, 'metrics'))).text();
  const found = text.split('\n').find((l) => line.test(l));
  return found ? Number(found.split(' ').at(-1)) : 0;
}
const answered = (url: string) => metric(url, /^gateway_single_fetch_total\{.*outcome="answered"/);
const handedOver = (url: string) => metric(url, /^gateway_single_fetch_total\{.*outcome="handed_over"/);
const platformCalls = () => metric(stack.subgraphUrls.platform, /^http_requests_total\{.*route="\/graphql".*status="200"/);

const CASES: [string, string, Record<string, unknown>, Record<string, string>?][] = [
  ['one subgraph, variables', 'query P($u: String!) { legalPerson(uscc: $u) { uscc name kind region { name } industry { name } status } }', { u: ENTERPRISE }],
  ['aliases and @include, included', 'query P($u: String!, $w: Boolean!) { lp: legalPerson(uscc: $u) { n: name region @include(if: $w) { code name } } }', { u: ENTERPRISE, w: true }],
  ['aliases and @include, left out', 'query P($u: String!, $w: Boolean!) { lp: legalPerson(uscc: $u) { n: name region @include(if: $w) { code name } } }', { u: ENTERPRISE, w: false }],
  ['a subject not on file', '{ legalPerson(uscc: "91210200MA0XXXXX00") { name } }', {}],
  ['a fragment (the gateway executes it)', `{ legalPerson(uscc: "${ENTERPRISE}") { ...F } } fragment F on LegalPerson { name uscc }`, {}],
  ['five subgraphs (the gateway executes it)', EXAMPLE_QUERY, { uscc: ENTERPRISE }],
  ['a code the subgraph refuses', '{ legalPerson(uscc: "9121") { name } }', {}],
  ['a variable of the wrong type', 'query P($u: String!) { legalPerson(uscc: $u) { name } }', { u: 42 }],
  ['a protected field, denied (removed before planning)', `{ legalPerson(uscc: "${ENTERPRISE}") { name } me { kind } }`, {}],
  ['a field of the gateway-internal interface, for a department', '{ sanctionCases(first: 2) { totalCount } }', {}, { authorization: 'internal' }],
  ['an internal caller', `{ legalPerson(uscc: "${ENTERPRISE}") { name uscc status } }`, {}, { authorization: 'internal' }],
];

describe('operations one subgraph answers whole', () => {
  it.each(CASES)('%s: the same answer as the gateway’s own execution, the first time and once the plan is known', async (_, query, variables, headers = {}) => {
    const sent: Record<string, string> = headers.authorization ? { authorization } : {};
    for (let i = 0; i < 3; i++) {
      const [fast, slow] = await Promise.all([post(stack.gatewayUrl, query, variables, sent), post(standard.url, query, variables, sent)]);
      expect(fast.status).toBe(slow.status);
      expect(fast.body).toEqual(slow.body);
    }
  });

  it('answers a known plan itself, and hands errors to the gateway’s execution without calling the subgraph again', async () => {
    const query = 'query Known($u: String!) { legalPerson(uscc: $u) { name } }';
    await post(stack.gatewayUrl, query, { u: ENTERPRISE });
    const before = { answered: await answered(stack.gatewayUrl), handedOver: await handedOver(stack.gatewayUrl), calls: await platformCalls() };
    const ok = await post(stack.gatewayUrl, query, { u: ENTERPRISE });
    expect(ok.body).toEqual({ data: { legalPerson: { name: SHOWCASE.enterprise.name } } });
    expect(await answered(stack.gatewayUrl)).toBe(before.answered + 1);
    expect(await platformCalls()).toBe(before.calls + 1);
    // The same document with a code the subgraph refuses: one call, errors shaped by the gateway.
    const refused = await post(stack.gatewayUrl, query, { u: '9121' });
    expect(refused.body.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', serviceName: 'platform' });
    expect(refused.body.errors![0]!.path).toEqual(['legalPerson']);
    expect(await handedOver(stack.gatewayUrl)).toBe(before.handedOver + 1);
    expect(await platformCalls()).toBe(before.calls + 2);
    // The gateway that does not take the path never counts it.
    await post(standard.url, query, { u: ENTERPRISE });
    await post(standard.url, query, { u: ENTERPRISE });
    expect(await answered(standard.url)).toBe(0);
  });

  it('shows its subgraph call in a trace as gateway.fetch with the service, failed where the answer was handed over', async () => {
    const exporter = new InMemorySpanExporter();
    const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
    expect(trace.setGlobalTracerProvider(provider)).toBe(true);
    try {
      const query = 'query Traced($u: String!) { legalPerson(uscc: $u) { name } }';
      await post(stack.gatewayUrl, query, { u: ENTERPRISE });
      const fetches = () => exporter.getFinishedSpans().filter((s) => s.name === 'gateway.fetch' && s.attributes['gateway.single_fetch'] === true);
      const requestSpans = () => exporter.getFinishedSpans().filter((s) => s.name === 'gateway.request').length;
      exporter.reset();
      await post(stack.gatewayUrl, query, { u: ENTERPRISE });
      expect(fetches().map((s) => [s.attributes.service, s.status.code])).toEqual([['platform', SpanStatusCode.UNSET]]);
      // Its own execution did not run: no span of @apollo/gateway's for this request.
      expect(requestSpans()).toBe(0);
      exporter.reset();
      await post(stack.gatewayUrl, query, { u: '9121' });
      expect(fetches().map((s) => [s.attributes.service, s.status.code])).toEqual([['platform', SpanStatusCode.ERROR]]);
      // Handed over: the gateway's execution traces the rest, and no attribute carries the caller's values.
      expect(requestSpans()).toBe(1);
      expect(JSON.stringify(exporter.getFinishedSpans().map((s) => s.attributes))).not.toContain('9121');
    } finally {
      trace.disable();
      await provider.shutdown();
    }
  });

  it('a subgraph that cannot be reached: the same SERVICE_UNAVAILABLE answer from both', async () => {
    const down = { ...stack.subgraphUrls, platform: 'http://127.0.0.1:9/graphql' };
    const gateways = await Promise.all([
      startGateway({ port: 0, host: '127.0.0.1', subgraphUrls: down, verifier: auth.verifier }),
      startGateway({ port: 0, host: '127.0.0.1', subgraphUrls: down, verifier: auth.verifier, singleFetchPath: false }),
    ]);
    try {
      const query = 'query Down($u: String!) { legalPerson(uscc: $u) { name } }';
      for (let i = 0; i < 2; i++) {
        const [fast, slow] = (await Promise.all(gateways.map((g) => post(g.url, query, { u: ENTERPRISE })))) as [Awaited<ReturnType<typeof post>>, Awaited<ReturnType<typeof post>>];
        expect(fast.body).toEqual(slow.body);
        expect(fast.body.errors![0]!.extensions).toEqual({ code: 'SERVICE_UNAVAILABLE', serviceName: 'platform' });
      }
      expect(await handedOver(gateways[0]!.url)).toBe(1);
    } finally {
      await Promise.all(gateways.map((g) => g.close()));
    }
  });
});
