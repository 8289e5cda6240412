import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildSchema, type FragmentDefinitionNode, Kind, type OperationDefinitionNode, parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHOWCASE } from '../../drizzle/seed/generate.ts';
import { readCommittedSupergraph } from '../../gateway/src/compose.ts';
import { startGateway } from '../../gateway/src/index.ts';
import { checkOperation, measureOperation, type OperationLimits } from '../../gateway/src/limits.ts';
import { EXAMPLE_QUERY } from '../../gateway/src/query-page.ts';
import type { Database } from '../../subgraphs/kernel/db.ts';
import type { RunningStack } from '../../src/stack.ts';
import { testAuth } from '../support/auth.ts';
import { openTestDatabase } from '../support/database.ts';
import { post, startTestStack } from '../support/stack.ts';

const schema = buildSchema(readCommittedSupergraph(), { assumeValidSDL: true });
const ENTERPRISE = SHOWCASE.enterprise.uscc;

function measure(source: string, variables: Record<string, unknown> = {}) {
  const document = parse(source);
  const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
  const fragments = new Map(document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((f) => [f.name.value, f]));
  return measureOperation(schema, operation, fragments, variables);
}

describe('measuring an operation', () => {
  it('counts depth, root fields and aliases, following fragments where they are spread', () => {
    expect(measure('{ legalPerson(uscc: "x") { name } }')).toEqual({ depth: 2, aliases: 0, rootFields: 1, cost: 2, readsVariables: false });
    const m = measure(`{ a: legalPerson(uscc: "x") { ...F } b: legalPerson(uscc: "y") { ...F } ... on Query { creditAgencies { uscc } } }
      fragment F on LegalPerson { x: name y: name region { code } }`);
    expect(m.rootFields).toBe(3);
    expect(m.aliases).toBe(2 + 2 * 2);
    expect(m.depth).toBe(3);
  });

  it('multiplies what a list holds by its bound: first (capped at 100, schema default 20), usccs (capped at 1,000), else 20', () => {
    const penalties = (first: string) => `{ legalPerson(uscc: "x") { administrativePenalties${first} { totalCount edges { node { id } } } } }`;
    // legalPerson 1 + connection 1 + totalCount 1 + edges (1 + n × (node 1 + id 1))
    expect(measure(penalties('(first: 10)')).cost).toBe(4 + 10 * 2);
    expect(measure(penalties('')).cost).toBe(4 + 20 * 2);
    expect(measure(penalties('(first: 1000000000)')).cost).toBe(4 + 100 * 2);
    expect(measure('query($n: Int) { legalPerson(uscc: "x") { administrativePenalties(first: $n) { edges { node { id } } } } }', { n: 5 }).cost).toBe(3 + 5 * 2);
    expect(measure('{ legalPersons(usccs: ["a", "b", "c"]) { uscc name } }').cost).toBe(1 + 3 * 2);
    const codes = (n: number) => ({ u: Array.from({ length: n }, () => ENTERPRISE) });
    expect(measure('query($u: [String!]!) { legalPersons(usccs: $u) { uscc } }', codes(1000)).cost).toBe(1 + 1000);
    expect(measure('query($u: [String!]!) { legalPersons(usccs: $u) { uscc } }', codes(5000)).cost).toBe(1 + 1000);
    expect(measure('{ creditAgencies { uscc name } }').cost).toBe(1 + 20 * 2);
  });

  it('measures fragments that spread fragments in linear time, however large the expansion', () => {
    const n = 40;
    const fragments = Array.from({ length: n }, (_, i) =>
      i === n - 1 ? `fragment F${i} on LegalPerson { name }` : `fragment F${i} on LegalPerson { ...F${i + 1} a${i}: name ...F${i + 1} }`,
    ).join('\n');
    const t0 = performance.now();
    const m = measure(`{ legalPerson(uscc: "x") { ...F0 } } ${fragments}`);
    expect(performance.now() - t0).toBeLessThan(200);
    expect(m.cost).toBeGreaterThan(2 ** 39);
    expect(m.aliases).toBeGreaterThan(2 ** 38);
  });

  it('leaves introspection out of depth, so development tools keep working', () => {
    expect(measure('{ __schema { types { fields { type { ofType { ofType { ofType { ofType { ofType { ofType { ofType { name } } } } } } } } } } } }').depth).toBe(1);
  });

  it('names the first limit passed, its value and the limit', () => {
    const limits: OperationLimits = { depth: 3, aliases: 1, rootFields: 1, tokens: 100, cost: 10 };
    expect(checkOperation({ depth: 3, aliases: 1, rootFields: 1, cost: 10 }, limits)).toBeUndefined();
    const e = checkOperation({ depth: 4, aliases: 1, rootFields: 1, cost: 10 }, limits)!;
    expect(e.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'DEPTH_LIMIT', limit: 3, value: 4 });
    expect(e.message).toContain('4');
    expect(checkOperation({ depth: 9, aliases: 9, rootFields: 9, cost: 99 }, limits)!.extensions.reason).toBe('ROOT_FIELD_LIMIT');
    expect(checkOperation({ depth: 1, aliases: 2, rootFields: 1, cost: 99 }, limits)!.extensions.reason).toBe('ALIAS_LIMIT');
    expect(checkOperation({ depth: 1, aliases: 0, rootFields: 1, cost: 11 }, limits)!.extensions.reason).toBe('COST_LIMIT');
    expect(checkOperation({ depth: 99, aliases: 99, rootFields: 99, cost: 1e12 }, { depth: 0, aliases: 0, rootFields: 0, tokens: 0, cost: 0 })).toBeUndefined();
  });
});

let database: Database;
let closeDb: () => Promise<void>;
let stack: RunningStack;
let auth: Awaited<ReturnType<typeof testAuth>>;
let strict: { url: string; close: () => Promise<void> };
let production: { url: string; close: () => Promise<void> };
const STRICT: OperationLimits = { depth: 5, aliases: 2, rootFields: 2, tokens: 120, cost: 150 };

beforeAll(async () => {
  ({ database, close: closeDb } = await openTestDatabase());
  auth = await testAuth();
  stack = await startTestStack(database, auth.verifier);
  strict = await startGateway({ port: 0, host: '127.0.0.1', subgraphUrls: stack.subgraphUrls, verifier: auth.verifier, limits: STRICT, maxBodyBytes: 20_000 });
  production = await startGateway({ port: 0, host: '127.0.0.1', subgraphUrls: stack.subgraphUrls, verifier: auth.verifier, introspection: false });
});

afterAll(async () => {
  await strict?.close();
  await production?.close();
  await stack?.close();
  await closeDb?.();
});

describe('limits at the gateway', () => {
  const cases: [string, string, string, number][] = [
    ['DEPTH_LIMIT', `{ legalPerson(uscc: "${ENTERPRISE}") { administrativePenalties { edges { node { authority { name } } } } } }`, 'depth', 6],
    ['ALIAS_LIMIT', `{ legalPerson(uscc: "${ENTERPRISE}") { a: name b: name c: name } }`, 'aliases', 3],
    ['ROOT_FIELD_LIMIT', `{ a: __typename b: __typename c: __typename }`, 'rootFields', 3],
    ['COST_LIMIT', `{ legalPerson(uscc: "${ENTERPRISE}") { administrativePenalties(first: 100) { edges { node { id } } } } }`, 'cost', 203],
  ];

  it.each(cases)('refuses an operation over %s with 400, BAD_USER_INPUT, the limit and the value, before any subgraph runs', async (reason, query, key, value) => {
    const statements = database.counter('platform').count;
    const { status, body } = await post(strict.url, query);
    expect(status).toBe(400);
    expect(body.data).toBeUndefined();
    expect(body.errors).toHaveLength(1);
    expect(body.errors![0]!.extensions).toEqual({ code: 'BAD_USER_INPUT', reason, limit: STRICT[key as keyof OperationLimits], value });
    expect(database.counter('platform').count).toBe(statements);
  });

  it('accepts an operation exactly at the limits', async () => {
    const { status, body } = await post(strict.url, `{ legalPerson(uscc: "${ENTERPRISE}") { a: name b: uscc administrativePenalties(first: 3) { edges { node { id } } } } }`);
    expect(body.errors).toBeUndefined();
    expect(status).toBe(200);
    expect(body.data.legalPerson.a).toBe(SHOWCASE.enterprise.name);
  });

  it('measures a query text again when a variable bounds its lists, and not from an earlier request with smaller ones', async () => {
    const query = `query($n: Int) { legalPerson(uscc: "${ENTERPRISE}") { administrativePenalties(first: $n) { edges { node { id } } } } }`;
    const small = await post(strict.url, query, { n: 3 });
    expect(small.body.errors).toBeUndefined();
    const large = await post(strict.url, query, { n: 100 });
    expect(large.status).toBe(400);
    expect(large.body.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'COST_LIMIT', limit: STRICT.cost });
    // The same text without a variable bound is measured once and stays refused.
    for (let i = 0; i < 2; i++) expect((await post(strict.url, cases[3]![1])).status).toBe(400);
  });

  it('refuses a document over the token limit with TOKEN_LIMIT', async () => {
    const { status, body } = await post(strict.url, `{ legalPerson(uscc: "${ENTERPRISE}") { ${'name '.repeat(200)} } }`);
    expect(status).toBe(400);
    expect(body.errors![0]!.extensions).toEqual({ code: 'BAD_USER_INPUT', reason: 'TOKEN_LIMIT', limit: STRICT.tokens });
  });

  it('refuses a body over the configured size with 413', async () => {
    const res = await fetch(strict.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ __typename }', variables: { pad: 'x'.repeat(30_000) } }) });
    expect(res.status).toBe(413);
    expect(((await res.json()) as any).errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });

  it('lets the defaults through the README example and a full 1,000-code bulk query, and stops a bulk query asking for everything', async () => {
    const example = await post(stack.gatewayUrl, EXAMPLE_QUERY, { uscc: ENTERPRISE });
    expect(example.body.errors).toBeUndefined();
    const u = Array.from({ length: 1000 }, () => ENTERPRISE);
    const bulk = await post(stack.gatewayUrl, 'query($u: [String!]!) { legalPersons(usccs: $u) { uscc name kind status region { code name } } }', { u });
    expect(bulk.body.errors).toBeUndefined();
    expect(bulk.body.data.legalPersons).toHaveLength(1000);
    const greedy = await post(stack.gatewayUrl, 'query($u: [String!]!) { legalPersons(usccs: $u) { administrativePenalties(first: 100) { edges { node { id decisionDate } } } } }', { u });
    expect(greedy.status).toBe(400);
    expect(greedy.body.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'COST_LIMIT', limit: 100_000 });
  });
});

describe('introspection, suggestions and the query page', () => {
  const misspelt = `{ legalPerson(uscc: "${ENTERPRISE}") { nam } }`;

  it('are on outside production', async () => {
    const { body } = await post(stack.gatewayUrl, '{ __schema { queryType { name } } }');
    expect(body.data.__schema.queryType.name).toBe('Query');
    expect((await post(stack.gatewayUrl, misspelt)).body.errors![0]!.message).toMatch(/Did you mean/);
    expect((await fetch(stack.gatewayUrl.replace(/graphql$/, ''))).status).toBe(200);
  });

  it('are off in production: no schema, no hints, no query page', async () => {
    const intro = await post(production.url, '{ __schema { queryType { name } } }');
    expect(intro.status).toBe(400);
    expect(intro.body.errors![0]!.extensions!.code).toBe('GRAPHQL_VALIDATION_FAILED');
    const type = await post(production.url, '{ __type(name: "LegalPerson") { fields { name } } }');
    expect(type.status).toBe(400);
    const wrong = await post(production.url, misspelt);
    expect(wrong.body.errors![0]!.extensions!.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(wrong.body.errors![0]!.message).not.toMatch(/Did you mean/);
    const enumHint = await post(production.url, 'query($s: CreditAgencyStatus!) { __typename }', { s: 'ACTIV' });
    expect(JSON.stringify(enumHint.body)).not.toMatch(/Did you mean/);
    expect((await fetch(production.url.replace(/graphql$/, ''))).status).toBe(404);
    // The dashboard holds no data and needs no introspection: it stays, the API still decides.
    expect((await fetch(production.url.replace(/graphql$/, 'dashboard'))).status).toBe(200);
    expect((await post(production.url, `{ legalPerson(uscc: "${ENTERPRISE}") { name } }`)).body.data.legalPerson.name).toBe(SHOWCASE.enterprise.name);
  });
});

describe('CSRF prevention', () => {
  it('blocks simple requests a browser would send cross-site, and lets JSON and preflighted GETs through', async () => {
    const form = await fetch(stack.gatewayUrl, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: JSON.stringify({ query: '{ __typename }' }) });
    expect(form.status).toBe(400);
    expect(((await form.json()) as any).errors[0].message).toMatch(/Cross-Site Request Forgery/);
    const q = `?query=${encodeURIComponent('{ __typename }')}`;
    const plainGet = await fetch(stack.gatewayUrl + q);
    expect(plainGet.status).toBe(400);
    const preflighted = await fetch(stack.gatewayUrl + q, { headers: { 'apollo-require-preflight': 'true' } });
    expect(preflighted.status).toBe(200);
    expect(await preflighted.json()).toEqual({ data: { __typename: 'Query' } });
    const mutation = await fetch(`${stack.gatewayUrl}?query=${encodeURIComponent('mutation { __typename }')}`, { headers: { 'apollo-require-preflight': 'true' } });
    expect(mutation.status).toBe(405);
  });
});

describe('errors from a subgraph are masked at the gateway', () => {
  let fake: Server;
  let answer: { status: number; body: string; type?: string };
  let gateway: { url: string; close: () => Promise<void> };

  beforeAll(async () => {
    // Stands in for the business subgraph and answers whatever the test sets.
    fake = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        res.writeHead(answer.status, { 'content-type': answer.type ?? 'application/json' });
        res.end(answer.body);
      });
    });
    await new Promise<void>((r) => fake.listen(0, '127.0.0.1', () => r()));
    const fakeUrl = `http://127.0.0.1:${(fake.address() as AddressInfo).port}/graphql`;
    gateway = await startGateway({ port: 0, host: '127.0.0.1', subgraphUrls: { ...stack.subgraphUrls, business: fakeUrl }, verifier: auth.verifier });
  });

  afterAll(async () => {
    await gateway?.close();
    await new Promise((r) => fake?.close(r));
  });

  const query = `{ legalPerson(uscc: "${ENTERPRISE}") { name publishedTaxCreditRatings { totalCount } } }`;
  const leak = /select|business\.|password|stacktrace|at Object|127\.0\.0\.1|ECONN/i;

  it('an INTERNAL error with SQL text and a stack trace', async () => {
    answer = {
      status: 200,
      body: JSON.stringify({
        data: { _entities: [null] },
        errors: [{ message: 'select * from business.tax_rating where uscc = $1 password=secret', path: ['_entities', 0, 'publishedTaxCreditRatings'], extensions: { code: 'INTERNAL_SERVER_ERROR', stacktrace: ['Error: x', '    at Object.<anonymous>'] } }],
      }),
    };
    const { body } = await post(gateway.url, query);
    expect(body.errors!.length).toBeGreaterThan(0);
    for (const e of body.errors!) expect(e.extensions!.code).toBe('INTERNAL_SERVER_ERROR');
    expect(JSON.stringify(body)).not.toMatch(leak);
  });

  it('an error without a code', async () => {
    answer = { status: 200, body: JSON.stringify({ data: null, errors: [{ message: 'TypeError: cannot read secret of undefined at select' }] }) };
    const { body } = await post(gateway.url, query);
    expect(body.errors![0]!.extensions!.code).toBe('INTERNAL_SERVER_ERROR');
    expect(JSON.stringify(body)).not.toMatch(leak);
  });

  it('a failed HTTP answer, whose body and URL stay out of the response', async () => {
    answer = { status: 500, body: 'Error: select * from business.secret at Object.<anonymous>', type: 'text/plain' };
    const failed = await post(gateway.url, query);
    expect(failed.body.errors![0]!.extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR', serviceName: 'business' });
    expect(JSON.stringify(failed.body)).not.toMatch(leak);
    answer = { status: 401, body: JSON.stringify({ errors: [{ message: 'select', extensions: { code: 'UNAUTHENTICATED' } }] }) };
    const refused = await post(gateway.url, query);
    expect(refused.body.errors![0]!.extensions).toEqual({ code: 'UNAUTHENTICATED', serviceName: 'business' });
    expect(JSON.stringify(refused.body)).not.toMatch(leak);
  });

  it('a subgraph behind a proxy that answers 503', async () => {
    answer = { status: 503, body: '<html>upstream unavailable</html>', type: 'text/html' };
    const { body } = await post(gateway.url, query);
    expect(body.errors![0]!.extensions).toEqual({ code: 'SERVICE_UNAVAILABLE', serviceName: 'business' });
  });
});

describe('requests that would otherwise fail as 500s are refused as the caller’s', () => {
  it('an operation the gateway cannot pick: unknown name, several without a name, a subscription', async () => {
    const unknown = await fetch(stack.gatewayUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: 'query A { __typename }', operationName: 'B' }) });
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as any).errors[0].extensions).toEqual({ code: 'OPERATION_RESOLUTION_FAILURE' });
    const several = await post(stack.gatewayUrl, 'query A { __typename } query B { __typename }');
    expect(several.status).toBe(400);
    expect(several.body.errors![0]!.extensions!.code).toBe('OPERATION_RESOLUTION_FAILURE');
    const subscription = await post(stack.gatewayUrl, 'subscription { x }');
    expect(subscription.status).toBe(400);
    expect(subscription.body.errors![0]!.extensions!.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('U+0000 in a string, which PostgreSQL cannot hold: at the gateway, and at a subgraph called directly', async () => {
    const query = 'query($q: String!) { searchLegalPersons(query: $q) { totalCount } }';
    const viaGateway = await post(stack.gatewayUrl, query, { q: '港湾\u0000示范' });
    expect(viaGateway.status).toBe(400);
    expect(viaGateway.body.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'variables.q', reason: 'CHARACTER' });
    // Twice: the second request of the same text gets the document's verdict from the first.
    for (let i = 0; i < 2; i++) {
      const literal = await post(stack.gatewayUrl, '{ searchLegalPersons(query: "港湾\\u0000示范") { totalCount } }');
      expect(literal.body.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'CHARACTER' });
    }
    // Behind the gateway, the database's refusal of the value is still the caller's error.
    const direct = await post(stack.subgraphUrls.platform, query, { q: '港湾\u0000示范' });
    expect(direct.body.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_VALUE' });
    expect(JSON.stringify(direct.body)).not.toMatch(/0x00|UTF8|select/i);
  });

  it('a persisted-query hash that does not match, and an unsupported version', async () => {
    for (const extensions of [{ persistedQuery: { version: 1, sha256Hash: '00' } }, { persistedQuery: { version: 2, sha256Hash: 'x' } }]) {
      const res = await fetch(stack.gatewayUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ __typename }', extensions }) });
      expect(res.status).toBe(400);
      expect(((await res.json()) as any).errors[0].extensions.code).toBe('BAD_REQUEST');
    }
  });

  it('malformed HTTP and CONNECT get a JSON answer instead of a dropped socket or a bare status line', async () => {
    const { connect } = await import('node:net');
    const raw = (text: string) =>
      new Promise<string>((resolve, reject) => {
        const socket = connect(Number(new URL(stack.gatewayUrl).port), '127.0.0.1');
        let out = '';
        socket.on('data', (c) => (out += c.toString('latin1')));
        socket.on('close', () => resolve(out));
        socket.on('error', reject);
        socket.end(text);
      });
    const tunnel = await raw('CONNECT 127.0.0.1:5432 HTTP/1.1\r\nhost: x\r\n\r\n');
    expect(tunnel).toMatch(/^HTTP\/1\.1 405 /);
    expect(tunnel).toContain('"code":"BAD_REQUEST"');
    const huge = await raw(`GET /health HTTP/1.1\r\nhost: x\r\ncookie: ${'c'.repeat(20_000)}\r\n\r\n`);
    expect(huge).toMatch(/^HTTP\/1\.1 431 /);
    expect(huge).toContain('"code":"BAD_REQUEST"');
  });
});
