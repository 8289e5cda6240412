import { createServer, request as httpRequest, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHOWCASE } from '../../drizzle/seed/generate.ts';
import { startGateway } from '../../gateway/src/index.ts';
import { EXAMPLE_QUERY } from '../../gateway/src/query-page.ts';
import { type Database, rows } from '../../subgraphs/kernel/db.ts';
import { post, useTestStack } from '../support/stack.ts';
import { SHOWCASE_PERSON_ID } from '../support/constants.ts';

const t = useTestStack();
let url: string;

beforeAll(async () => {
  url = t.stack.gatewayUrl;
});

describe('the supergraph through the gateway over HTTP', () => {
  it('answers the README example: a legal person with records from all four domains', async () => {
    const { status, body } = await post(url, EXAMPLE_QUERY, { uscc: SHOWCASE.enterprise.uscc });
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    const lp = body.data.legalPerson;
    expect(lp.uscc).toBe(SHOWCASE.enterprise.uscc);
    expect(lp.name).toBe(SHOWCASE.enterprise.name);
    expect(lp.kind).toBe('ENTERPRISE');
    expect(lp.region.name).toMatch(/^大连市/);
    expect(lp.administrativePenalties.totalCount).toBeGreaterThanOrEqual(2);
    expect(lp.administrativePenalties.edges[0].node.authority.name).toBeTruthy();
    expect(lp.administrativeLicences.totalCount).toBeGreaterThanOrEqual(2);
    expect(lp.publishedTaxCreditRatings.edges.length).toBeGreaterThanOrEqual(1);
    for (const e of lp.publishedTaxCreditRatings.edges) expect(e.node.grade).toBe('A');
    expect(lp.wageArrearsRecords.edges.length).toBeGreaterThanOrEqual(1);
    expect(lp.dishonestDebtorRecords.edges.length).toBeGreaterThanOrEqual(1);
  });

  it('refuses an invalid USCC with BAD_USER_INPUT naming the argument and the reason', async () => {
    const bad = SHOWCASE.enterprise.uscc.slice(0, 17) + (SHOWCASE.enterprise.uscc.endsWith('1') ? '2' : '1');
    const { status, body } = await post(url, 'query($u: String!) { legalPerson(uscc: $u) { name } }', { u: bad });
    expect(status).toBe(200);
    expect(body.data?.legalPerson).toBeNull();
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'uscc', reason: 'CHECK_CHARACTER' });
    const short = await post(url, '{ legalPerson(uscc: "9121") { name } }');
    expect(short.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'LENGTH' });
  });

  it('returns null for a valid code that is not registered', async () => {
    const { body } = await post(url, '{ legalPerson(uscc: "91350100M000100Y43") { name } }');
    expect(body.errors).toBeUndefined();
    expect(body.data.legalPerson).toBeNull();
  });

  it('answers legalPersons in order, null for unknown codes, an error only at an invalid one', async () => {
    const usccs = [SHOWCASE.publicBody.uscc, '91350100M000100Y43', 'NOT-A-CODE', SHOWCASE.enterprise.uscc.toLowerCase()];
    const { body } = await post(url, 'query($u: [String!]!) { legalPersons(usccs: $u) { uscc name } }', { u: usccs });
    expect(body.data.legalPersons.map((p: { uscc: string } | null) => p?.uscc ?? null)).toEqual([
      SHOWCASE.publicBody.uscc,
      null,
      null,
      SHOWCASE.enterprise.uscc,
    ]);
    expect(body.errors).toHaveLength(1);
    expect(body.errors![0]).toMatchObject({ path: ['legalPersons', 2], extensions: { code: 'BAD_USER_INPUT', argument: 'usccs.2', reason: 'LENGTH' } });
  });

  it('caps legalPersons at 1,000 codes', async () => {
    const { body } = await post(url, 'query($u: [String!]!) { legalPersons(usccs: $u) { uscc } }', {
      u: Array.from({ length: 1001 }, () => SHOWCASE.enterprise.uscc),
    });
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'usccs', reason: 'TOO_MANY_CODES' });
  });

  it('pages through a record list with cursors, keeping the total', async () => {
    const q = `query($u: String!, $after: String) { legalPerson(uscc: $u) {
      administrativeLicences(first: 1, after: $after) { totalCount pageInfo { hasNextPage hasPreviousPage endCursor } edges { node { id decisionDate } } } } }`;
    const seen: string[] = [];
    let after: string | null = null;
    let total = -1;
    for (let i = 0; i < 20; i++) {
      const { body }: { body: { data?: any; errors?: unknown[] } } = await post(url, q, { u: SHOWCASE.enterprise.uscc, after });
      expect(body.errors).toBeUndefined();
      const conn: any = body.data.legalPerson.administrativeLicences;
      total = conn.totalCount;
      seen.push(...conn.edges.map((e: { node: { id: string } }) => e.node.id));
      expect(conn.pageInfo.hasPreviousPage).toBe(after !== null);
      if (!conn.pageInfo.hasNextPage) break;
      after = conn.pageInfo.endCursor;
    }
    expect(seen.length).toBe(total);
    expect(new Set(seen).size).toBe(total);
    const bad = await post(url, q, { u: SHOWCASE.enterprise.uscc, after: 'forged' });
    expect(bad.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'after', reason: 'INVALID_CURSOR' });
    const big = await post(url, '{ legalPerson(uscc: "' + SHOWCASE.enterprise.uscc + '") { administrativeLicences(first: 101) { totalCount } } }');
    expect(big.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'first', reason: 'PAGE_SIZE' });
  });

  it('searches by name fuzzily, and exactly by USCC, organisation code and registration number', async () => {
    const q = `query($q: String!) { searchLegalPersons(query: $q, first: 5) { totalCount edges { matchedBy score node { uscc name } } } }`;
    const name = SHOWCASE.enterprise.name;
    const byName = await post(url, q, { q: name.slice(2, 6) });
    expect(byName.body.errors).toBeUndefined();
    expect(byName.body.data.searchLegalPersons.edges.map((e: { node: { uscc: string } }) => e.node.uscc)).toContain(SHOWCASE.enterprise.uscc);
    expect(byName.body.data.searchLegalPersons.edges[0].matchedBy).toBe('NAME');

    const typo = await post(url, q, { q: name.slice(0, -2) + '公同' });
    expect(typo.body.data.searchLegalPersons.edges[0]?.node.uscc).toBe(SHOWCASE.enterprise.uscc);

    const byCode = await post(url, q, { q: SHOWCASE.enterprise.uscc });
    expect(byCode.body.data.searchLegalPersons.edges).toEqual([{ matchedBy: 'USCC', score: 1, node: { uscc: SHOWCASE.enterprise.uscc, name } }]);

    const org = SHOWCASE.enterprise.uscc.slice(8, 17);
    const byOrg = await post(url, q, { q: `${org.slice(0, 8)}-${org[8]}` });
    expect(byOrg.body.data.searchLegalPersons.edges[0]).toMatchObject({ matchedBy: 'ORGANIZATION_CODE', node: { uscc: SHOWCASE.enterprise.uscc } });

    const [reg] = await rows<{ code: string; uscc: string }>(
      t.database.drizzle('test'),
      sql`select code, uscc from identity.legal_person_code where code_type = 'REGISTRATION_NUMBER' order by code limit 1`,
    );
    const byReg = await post(url, q, { q: reg!.code });
    expect(byReg.body.data.searchLegalPersons.edges[0]).toMatchObject({ matchedBy: 'REGISTRATION_NUMBER', node: { uscc: reg!.uscc } });

    const short = await post(url, q, { q: '港' });
    expect(short.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'query', reason: 'TOO_SHORT' });
    const uscc = SHOWCASE.enterprise.uscc;
    const badCode = await post(url, q, { q: uscc.slice(0, 17) + (uscc.endsWith('Y') ? 'X' : 'Y') });
    expect(badCode.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'query', reason: 'CHECK_CHARACTER' });
    const wild = await post(url, q, { q: '%%%%' });
    expect(wild.body.errors).toBeUndefined();
    expect(wild.body.data.searchLegalPersons.totalCount).toBe(0);
  });

  it('serves a natural person masked, with judicial records, never the full ID number', async () => {
    const { body } = await post(url, `query($id: ID!) { naturalPerson(id: $id) { id maskedName maskedIdNumber region { code }
      dishonestDebtorRecords { totalCount edges { node { subjectName subjectUscc listingStatus } } } } }`, { id: SHOWCASE_PERSON_ID });
    expect(body.errors).toBeUndefined();
    const p = body.data.naturalPerson;
    expect(p.maskedIdNumber).toMatch(/^\d{4}\*{10}[\dX]{4}$/);
    expect(p.maskedName).toContain('*');
    expect(p.dishonestDebtorRecords.totalCount).toBeGreaterThanOrEqual(1);
    expect(p.dishonestDebtorRecords.edges[0].node.subjectName).toContain('*');
    expect(JSON.stringify(body)).not.toMatch(/\d{17}[\dX]/);
  });

  it('serves an offline query page and its assets', async () => {
    const page = await fetch(url.replace(/graphql$/, ''));
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('/graphiql/graphiql.min.js');
    expect(html).not.toMatch(/https?:\/\/(?!localhost)[a-z]/);
    for (const asset of ['graphiql.min.js', 'graphiql.min.css', 'react.production.min.js', 'react-dom.production.min.js']) {
      const res = await fetch(url.replace(/graphql$/, `graphiql/${asset}`));
      expect(res.status, asset).toBe(200);
      expect((await res.arrayBuffer()).byteLength).toBeGreaterThan(1000);
    }
  });

  it('masks unexpected errors and rejects malformed requests with codes', async () => {
    const notJson = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":' });
    expect(notJson.status).toBe(400);
    expect(((await notJson.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toBe('BAD_USER_INPUT');
    const unknownField = await post(url, '{ legalPerson(uscc: "912102000000003340") { nope } }');
    expect(unknownField.status).toBe(400);
    expect(unknownField.body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });
});

describe('gateway forwarding', () => {
  it('forwards the caller’s Authorization header and request id to every subgraph it calls', async () => {
    const seen: IncomingHttpHeaders[] = [];
    const target = new URL(t.stack.subgraphUrls.government);
    // A recording proxy in front of the government subgraph.
    const proxy: Server = createServer((req, res) => {
      seen.push(req.headers);
      const upstream = httpRequest({ host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers }, (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      });
      req.pipe(upstream);
    });
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', () => r()));
    const proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}/graphql`;
    const gateway = await startGateway({ port: 0, host: '127.0.0.1', subgraphUrls: { ...t.stack.subgraphUrls, government: proxyUrl }, verifier: t.auth.verifier });
    try {
      const token = await t.auth.token('agency', '912102000000003340');
      const { body } = await post(
        gateway.url,
        `query($u: String!) { legalPerson(uscc: $u) { name administrativePenalties(first: 1) { totalCount } } }`,
        { u: SHOWCASE.enterprise.uscc },
        { authorization: `Bearer ${token}`, 'x-request-id': 'req-abc-1', 'x-query-purpose': 'LOAN_APPROVAL' },
      );
      expect(body.errors).toBeUndefined();
      expect(body.data.legalPerson.administrativePenalties.totalCount).toBeGreaterThan(0);
      expect(seen).toHaveLength(1);
      expect(seen[0]!.authorization).toBe(`Bearer ${token}`);
      expect(seen[0]!['x-query-purpose']).toBe('LOAN_APPROVAL');
      expect(seen[0]!['x-request-id']).toBe('req-abc-1');
    } finally {
      await gateway.close();
      await new Promise((r) => proxy.close(r));
    }
  });
});
