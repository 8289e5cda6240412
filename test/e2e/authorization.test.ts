import { buildSubgraphSchema } from '@apollo/subgraph';
import { sql } from 'drizzle-orm';
import { parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHOWCASE } from '../../drizzle/seed/generate.ts';
import { readCommittedSupergraph } from '../../gateway/src/compose.ts';
import { upsertAgency } from '../../subgraphs/kernel/access/agencies.ts';
import { DEFAULT_SCOPES, type TokenKind } from '../../subgraphs/kernel/auth/principal.ts';
import type { AccessRequirement } from '../../subgraphs/kernel/auth/requirements.ts';
import { SUBGRAPH_NAMES, type SubgraphName } from '../../subgraphs/kernel/config.ts';
import { type Database, rows } from '../../subgraphs/kernel/db.ts';
import { sealPending, verifyChain } from '../../subgraphs/kernel/query-log/index.ts';
import { readSubgraphSdl } from '../../subgraphs/kernel/subgraph-server.ts';
import { type ProtectedField, protectedFields, supergraphProtectedFields } from '../support/protected-fields.ts';
import { type GraphQLResponse, post, useTestStack } from '../support/stack.ts';
import { SHOWCASE_PERSON_ID } from '../support/constants.ts';

const t = useTestStack();

const AGENCY = '91350100M000100Y43';
const OTHER_AGENCY = '91110000802100433B';
const ENTERPRISE = SHOWCASE.enterprise.uscc;

beforeAll(async () => {
  const db = t.database.drizzle('test');
  await upsertAgency(db, { uscc: AGENCY, name: '大连示范征信有限公司', licenceNumber: 'ZX-2102-001', allowedPurposes: ['LOAN_APPROVAL', 'CREDIT_REPORT'] });
  await upsertAgency(db, { uscc: OTHER_AGENCY, name: '另一征信有限公司', licenceNumber: 'ZX-2102-002', allowedPurposes: ['LOAN_APPROVAL'] });
});

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** A caller whose default scopes meet none of the field's scope sets, or null if every kind would. */
function wrongScopeKind(req: AccessRequirement): TokenKind | null {
  if (!req.scopes) return null;
  const kinds: TokenKind[] = ['partner', 'agency', 'subject', 'department', 'admin'];
  return kinds.find((k) => !req.scopes!.some((all) => all.every((s) => DEFAULT_SCOPES[k].includes(s)))) ?? null;
}

const ids: Record<TokenKind, string> = { partner: '2101', agency: OTHER_AGENCY, subject: '91350100M000100Y43', department: 'dl-market', admin: 'admin-1' };

async function tokenOf(kind: TokenKind): Promise<string> {
  return t.auth.token(kind, ids[kind], kind === 'subject' ? { subjectType: 'LEGAL_PERSON' } : {});
}

function forbiddenAt(body: GraphQLResponse, field: ProtectedField): boolean {
  return (body.errors ?? []).some(
    (e) => e.extensions?.code === 'FORBIDDEN' && JSON.stringify((e.path ?? []).filter((p) => typeof p === 'string')) === JSON.stringify(field.path),
  );
}

function valueAt(data: unknown, path: string[]): unknown[] {
  if (data === null || data === undefined) return [];
  if (Array.isArray(data)) return data.flatMap((d) => valueAt(d, path));
  if (path.length === 0) return [data];
  const [head, ...rest] = path as [string, ...string[]];
  const obj = data as Record<string, unknown>;
  return head in obj ? (rest.length === 0 ? [obj[head]] : valueAt(obj[head], rest)) : [];
}

describe('every protected field, enumerated from the schema', () => {
  const supergraphFields = supergraphProtectedFields(readCommittedSupergraph());

  it('finds the protected fields and every one is nullable', () => {
    expect(supergraphFields.length).toBeGreaterThanOrEqual(10);
    const notNullable = supergraphFields.filter((f) => !f.nullable).map((f) => f.coordinate);
    expect(notNullable).toEqual([]);
  });

  it.each(supergraphFields.map((f) => [f.coordinate, f] as const))('%s: anonymous and wrong-scope callers get null + FORBIDDEN through the gateway', async (_c, field) => {
    const callers: [string, Record<string, string>][] = [['anonymous', {}]];
    const wrong = wrongScopeKind(field.requirement);
    if (wrong) callers.push([wrong, bearer(await tokenOf(wrong))]);
    for (const [who, headers] of callers) {
      const { status, body } = await post(t.stack.gatewayUrl, field.operation, {}, headers);
      expect(status, `${who}: ${JSON.stringify(body)}`).toBe(200);
      expect(forbiddenAt(body, field), `${who} at ${field.path.join('.')}: ${JSON.stringify(body)}`).toBe(true);
      for (const v of valueAt(body.data, field.path)) expect(v, who).toBeNull();
    }
  });

  const subgraphFields = SUBGRAPH_NAMES.flatMap((name) =>
    protectedFields(buildSubgraphSchema({ typeDefs: parse(readSubgraphSdl(name)) })).map((f) => [name, f.coordinate, f] as const),
  );

  it.each(subgraphFields)('%s subgraph, %s: refused when the subgraph is called directly', async (name: SubgraphName, _c, field) => {
    const callers: [string, Record<string, string>][] = [['anonymous', {}]];
    const wrong = wrongScopeKind(field.requirement);
    if (wrong) callers.push([wrong, bearer(await tokenOf(wrong))]);
    for (const [who, headers] of callers) {
      const { body } = await post(t.stack.subgraphUrls[name], field.operation, {}, headers);
      expect(forbiddenAt(body, field), `${who}: ${JSON.stringify(body)}`).toBe(true);
    }
  });
});

describe('the gateway decides before planning', () => {
  it('does not call a subgraph for a field the caller may not read', async () => {
    t.database.counter('business').reset();
    const { body } = await post(t.stack.gatewayUrl, `{ legalPerson(uscc: "${ENTERPRISE}") { name taxCreditRatings { totalCount } } }`);
    expect(body.data).toMatchObject({ legalPerson: { name: SHOWCASE.enterprise.name, taxCreditRatings: null } });
    expect(body.errors?.[0]).toMatchObject({ path: ['legalPerson', 'taxCreditRatings'], extensions: { code: 'FORBIDDEN', reason: 'MISSING_SCOPE' } });
    expect(t.database.counter('business').count).toBe(0);
  });

  it('rejects bad tokens with 401 UNAUTHENTICATED', async () => {
    const valid = await t.auth.token('agency', AGENCY);
    const expired = await t.auth.token('agency', AGENCY, { expiresInSeconds: -120 });
    const tampered = valid.slice(0, -4) + (valid.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    for (const [what, header, reason] of [
      ['malformed', 'Bearer not.a.jwt', undefined],
      ['expired', `Bearer ${expired}`, 'EXPIRED'],
      ['wrong signature', `Bearer ${tampered}`, 'BAD_SIGNATURE'],
      ['not bearer', `Basic ${Buffer.from('a:b').toString('base64')}`, undefined],
    ] as const) {
      const res = await post(t.stack.gatewayUrl, '{ creditAgencies { uscc } }', {}, { authorization: header });
      expect(res.status, what).toBe(401);
      expect(res.body.errors?.[0]?.extensions?.code, what).toBe('UNAUTHENTICATED');
      if (reason) expect(res.body.errors?.[0]?.extensions?.reason, what).toBe(reason);
      expect(JSON.stringify(res.body)).not.toContain(valid.slice(20, 60));
    }
  });

  it('refuses a malformed purpose header with 400', async () => {
    const res = await post(t.stack.gatewayUrl, '{ creditAgencies { uscc } }', {}, { 'x-query-purpose': 'drop table;' });
    expect(res.status).toBe(400);
    expect(res.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_PURPOSE' });
  });
});

describe('consent-bound authorized queries, registered in the query log', () => {
  const TAX = `{ legalPerson(uscc: "${ENTERPRISE}") { name taxCreditRatings { totalCount edges { node { year grade } } } } }`;
  let subjectToken: string;
  let agencyToken: string;

  const asAgency = (purpose: string | null, token = agencyToken) =>
    post(t.stack.gatewayUrl, TAX, {}, { ...bearer(token), ...(purpose ? { 'x-query-purpose': purpose } : {}) });

  beforeAll(async () => {
    subjectToken = await t.auth.token('subject', ENTERPRISE, { subjectType: 'LEGAL_PERSON' });
    agencyToken = await t.auth.token('agency', AGENCY);
  });

  it('an agency without consent, or without a purpose, is refused', async () => {
    const none = await asAgency('LOAN_APPROVAL');
    expect(none.body.data.legalPerson.taxCreditRatings).toBeNull();
    expect(none.body.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'NO_CONSENT' });
    const noPurpose = await asAgency(null);
    expect(noPurpose.body.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'PURPOSE_REQUIRED' });
  });

  it('the subject grants a consent; the agency reads for that purpose only, and the access is registered', async () => {
    const grant = await post(
      t.stack.gatewayUrl,
      `mutation($e: DateTime!) { grantConsent(input: { agencyUscc: "${AGENCY}", purpose: "LOAN_APPROVAL", expiresAt: $e }) { consent { id status agency { name } purpose } } }`,
      { e: new Date(Date.now() + 30 * 86_400_000).toISOString() },
      bearer(subjectToken),
    );
    expect(grant.body.errors).toBeUndefined();
    expect(grant.body.data.grantConsent.consent).toMatchObject({ status: 'ACTIVE', purpose: 'LOAN_APPROVAL', agency: { name: '大连示范征信有限公司' } });

    const ok = await asAgency('LOAN_APPROVAL');
    expect(ok.body.errors).toBeUndefined();
    expect(ok.body.data.legalPerson.taxCreditRatings.totalCount).toBeGreaterThanOrEqual(2);

    const otherPurpose = await asAgency('CREDIT_REPORT');
    expect(otherPurpose.body.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'NO_CONSENT' });
    const otherAgency = await asAgency('LOAN_APPROVAL', await t.auth.token('agency', OTHER_AGENCY));
    expect(otherAgency.body.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'NO_CONSENT' });

    // Who looked at me: exactly the one successful access, with caller, fields and purpose.
    const mine = await post(
      t.stack.gatewayUrl,
      '{ myQueryRecords { totalCount edges { node { callerKind callerId subjectId fields purpose } } } }',
      {},
      bearer(subjectToken),
    );
    expect(mine.body.errors).toBeUndefined();
    expect(mine.body.data.myQueryRecords.totalCount).toBe(1);
    expect(mine.body.data.myQueryRecords.edges[0].node).toEqual({
      callerKind: 'AGENCY',
      callerId: AGENCY,
      subjectId: ENTERPRISE,
      fields: ['LegalPerson.taxCreditRatings'],
      purpose: 'LOAN_APPROVAL',
    });
  });

  it('an expired consent no longer opens the data', async () => {
    const db = t.database.drizzle('test');
    await db.execute(sql`update access.consent set expires_at = now() - interval '1 second' where agency_uscc = ${AGENCY} and subject_id = ${ENTERPRISE}`);
    const res = await asAgency('LOAN_APPROVAL');
    expect(res.body.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'NO_CONSENT' });
    await db.execute(sql`update access.consent set expires_at = now() + interval '1 day' where agency_uscc = ${AGENCY} and subject_id = ${ENTERPRISE}`);
    expect((await asAgency('LOAN_APPROVAL')).body.errors).toBeUndefined();
  });

  it('a blacklisted agency is refused despite a valid token and a live consent, and reinstated later', async () => {
    const admin = bearer(await t.auth.token('admin', 'admin-1'));
    const set = (status: string) =>
      post(t.stack.gatewayUrl, `mutation { setCreditAgencyStatus(input: { uscc: "${AGENCY}", status: ${status}, reason: "违规查询" }) { agency { status } } }`, {}, admin);
    expect((await set('BLACKLISTED')).body.data.setCreditAgencyStatus.agency.status).toBe('BLACKLISTED');
    const refused = await asAgency('LOAN_APPROVAL');
    expect(refused.body.data.legalPerson.taxCreditRatings).toBeNull();
    expect(refused.body.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'AGENCY_BLACKLISTED' });
    await set('ACTIVE');
    expect((await asAgency('LOAN_APPROVAL')).body.errors).toBeUndefined();
  });

  it('a revoked consent ends access at once; the subject sees it revoked', async () => {
    const list = await post(t.stack.gatewayUrl, '{ myConsents { id status agency { uscc } } }', {}, bearer(subjectToken));
    const consent = list.body.data.myConsents.find((c: { agency: { uscc: string } }) => c.agency.uscc === AGENCY);
    const revoke = await post(t.stack.gatewayUrl, `mutation { revokeConsent(input: { id: "${consent.id}" }) { consent { status revokedAt } } }`, {}, bearer(subjectToken));
    expect(revoke.body.data.revokeConsent.consent.status).toBe('REVOKED');
    const res = await asAgency('LOAN_APPROVAL');
    expect(res.body.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'NO_CONSENT' });
    // Another subject cannot revoke it.
    const stranger = await post(
      t.stack.gatewayUrl,
      `mutation { revokeConsent(input: { id: "${consent.id}" }) { consent { status } } }`,
      {},
      bearer(await t.auth.token('subject', SHOWCASE.publicBody.uscc, { subjectType: 'LEGAL_PERSON' })),
    );
    expect(stranger.body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('refuses bad consent input with BAD_USER_INPUT and writes nothing', async () => {
    const before = await rows<{ n: string | number }>(t.database.drizzle('test'), sql`select count(*) as n from access.consent`);
    for (const [input, reason] of [
      [`{ agencyUscc: "${AGENCY}", purpose: "MARKETING", expiresAt: "2099-01-01T00:00:00Z" }`, 'PURPOSE_NOT_ALLOWED'],
      [`{ agencyUscc: "${AGENCY}", purpose: "LOAN_APPROVAL", expiresAt: "2020-01-01T00:00:00Z" }`, 'IN_THE_PAST'],
      [`{ agencyUscc: "912102000000003340", purpose: "LOAN_APPROVAL", expiresAt: "2099-01-01T00:00:00Z" }`, 'UNKNOWN_AGENCY'],
      [`{ agencyUscc: "912102000000003341", purpose: "LOAN_APPROVAL", expiresAt: "2099-01-01T00:00:00Z" }`, 'CHECK_CHARACTER'],
    ] as const) {
      const res = await post(t.stack.gatewayUrl, `mutation { grantConsent(input: ${input}) { consent { id } } }`, {}, bearer(subjectToken));
      expect(res.body.errors?.[0]?.extensions, reason).toMatchObject({ code: 'BAD_USER_INPUT', reason });
    }
    const after = await rows<{ n: string | number }>(t.database.drizzle('test'), sql`select count(*) as n from access.consent`);
    expect(Number(after[0]!.n)).toBe(Number(before[0]!.n));
  });

  it('the chain verifies, an auditor reads it, and a tampered row is caught', async () => {
    const db = t.database.drizzle('test');
    await sealPending(db, { all: true });
    const report = await verifyChain(db);
    expect(report.ok).toBe(true);
    expect(report.entries).toBeGreaterThanOrEqual(3);

    const audit = await post(
      t.stack.gatewayUrl,
      `{ queryRecords(filter: { callerId: "${AGENCY}" }) { totalCount edges { node { seq sealed subjectId purpose } } } }`,
      {},
      bearer(await t.auth.token('admin', 'auditor-1', { scopes: ['platform:audit'] })),
    );
    expect(audit.body.errors).toBeUndefined();
    expect(audit.body.data.queryRecords.totalCount).toBe(report.entries);
    for (const e of audit.body.data.queryRecords.edges) expect(e.node).toMatchObject({ sealed: true, subjectId: ENTERPRISE, purpose: 'LOAN_APPROVAL' });

    const [first] = await rows<{ seq: number | string }>(db, sql`select min(seq) as seq from access.query_log`);
    await db.execute(sql`update access.query_log set purpose = 'CREDIT_REPORT' where seq = ${Number(first!.seq)}`);
    const tampered = await verifyChain(db);
    expect(tampered.ok).toBe(false);
    expect(tampered.problems[0]).toMatchObject({ seq: Number(first!.seq), problem: 'ALTERED' });
  });
});

describe('self and government callers', () => {
  it('a natural person reads its own full name; another subject cannot', async () => {
    const q = `{ naturalPerson(id: "${SHOWCASE_PERSON_ID}") { maskedName name birthYear } }`;
    const own = await post(t.stack.gatewayUrl, q, {}, bearer(await t.auth.token('subject', SHOWCASE_PERSON_ID, { subjectType: 'NATURAL_PERSON' })));
    expect(own.body.errors).toBeUndefined();
    expect(own.body.data.naturalPerson).toMatchObject({ name: SHOWCASE.naturalPerson.name, birthYear: SHOWCASE.naturalPerson.birthYear });
    const other = await post(t.stack.gatewayUrl, q, {}, bearer(await t.auth.token('subject', 'np_someone_else', { subjectType: 'NATURAL_PERSON' })));
    expect(other.body.data.naturalPerson).toMatchObject({ name: null, birthYear: null });
    expect(other.body.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'NOT_SELF' });
  });

  it('a department reads authorized fields with a statutory purpose, not without', async () => {
    const token = bearer(await t.auth.token('department', 'dl-market'));
    const q = `{ legalPerson(uscc: "${ENTERPRISE}") { taxCreditRatings { totalCount } administrativePenalties(first: 1) { edges { node { receivedAt } } } } }`;
    const withPurpose = await post(t.stack.gatewayUrl, q, {}, { ...token, 'x-query-purpose': 'ADMINISTRATIVE_LICENSING' });
    expect(withPurpose.body.errors).toBeUndefined();
    expect(withPurpose.body.data.legalPerson.taxCreditRatings.totalCount).toBeGreaterThan(0);
    expect(withPurpose.body.data.legalPerson.administrativePenalties.edges[0].node.receivedAt).toMatch(/Z$/);
    const without = await post(t.stack.gatewayUrl, q, {}, token);
    expect(without.body.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'STATUTORY_PURPOSE_REQUIRED' });
    // Internal-only fields need no purpose.
    expect(without.body.data.legalPerson.administrativePenalties.edges[0].node.receivedAt).toMatch(/Z$/);
  });

  it('me describes the caller; anonymous callers are refused', async () => {
    const me = await post(t.stack.gatewayUrl, '{ me { kind id scopes purpose } }', {}, { ...bearer(await t.auth.token('agency', AGENCY)), 'x-query-purpose': 'CREDIT_REPORT' });
    expect(me.body.data.me).toEqual({ kind: 'AGENCY', id: AGENCY, scopes: ['credit:authorized'], purpose: 'CREDIT_REPORT' });
    const anon = await post(t.stack.gatewayUrl, '{ me { kind } }');
    expect(anon.body.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN' });
  });
});
