import { sql } from 'drizzle-orm';
import { base64url, CompactSign, compactVerify, createRemoteJWKSet, decodeProtectedHeader, exportJWK, generateKeyPair } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { SHOWCASE } from '../../drizzle/seed/generate.ts';
import { upsertAgency } from '../../subgraphs/kernel/access/agencies.ts';
import { grantConsent } from '../../subgraphs/kernel/access/consents.ts';
import { SUBGRAPH_NAMES } from '../../subgraphs/kernel/config.ts';
import { rows } from '../../subgraphs/kernel/db.ts';
import { canonicalJson, createPlatformSigner } from '../../subgraphs/kernel/signing.ts';
import { loadConfig } from '../../subgraphs/kernel/config.ts';
import { post, useTestStack } from '../support/stack.ts';

const t = useTestStack();

const ENTERPRISE = SHOWCASE.enterprise.uscc;
const AGENCY = '91350100M000100Y43';
const UNREGISTERED = '91110000802100433B';

const REPORT = `query($uscc: String!) { creditReport(uscc: $uscc) {
  uscc id issuedAt accessLevel document documentSha256 signature
  sections { key title parts { section source title accessLevel totalCount items { recordId recordType title date facts { name value } } } }
} }`;

const VERIFY = `query($jws: String!) { verifyCreditReport(jws: $jws) { valid reason kid reportId uscc issuedAt accessLevel document registered } }`;

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const origin = () => t.stack.gatewayUrl.replace(/\/graphql$/, '');

type Report = {
  uscc: string;
  id: string;
  issuedAt: string;
  accessLevel: string;
  document: string;
  documentSha256: string;
  signature: string;
  sections: { key: string; title: string; parts: { section: string; source: string; title: string; accessLevel: string; totalCount: number; items: any[] }[] }[];
};

async function report(headers: Record<string, string> = {}, uscc = ENTERPRISE): Promise<Report> {
  const { status, body } = await post(t.stack.gatewayUrl, REPORT, { uscc }, headers);
  expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
  expect(status).toBe(200);
  return body.data.creditReport as Report;
}

async function verify(jws: string) {
  const { body } = await post(t.stack.gatewayUrl, VERIFY, { jws });
  expect(body.errors).toBeUndefined();
  return body.data.verifyCreditReport as { valid: boolean; reason: string | null; kid: string | null; reportId: string | null; uscc: string | null; registered: boolean; document: string | null };
}

const part = (r: Report, source: string, titlePrefix: string) => r.sections.flatMap((s) => s.parts).find((p) => p.source === source && p.title.startsWith(titlePrefix));
const allFacts = (r: Report) => r.sections.flatMap((s) => s.parts.flatMap((p) => p.items.flatMap((i) => i.facts.map((f: { name: string }) => f.name))));

/** Registered accesses about a subject, sealed or not yet. */
async function accesses(subjectId: string): Promise<{ request_id: string; fields: string[] }[]> {
  return rows(
    t.database.drizzle('test'),
    sql`select request_id, fields from access.query_log where subject_id = ${subjectId}
        union all select request_id, fields from access.query_log_pending where subject_id = ${subjectId}`,
  );
}

/** The count once earlier requests' registrations have all landed (they are appended after the answer). */
async function settledAccessCount(subjectId: string): Promise<number> {
  let last = (await accesses(subjectId)).length;
  for (;;) {
    await new Promise((r) => setTimeout(r, 500));
    const now = (await accesses(subjectId)).length;
    if (now === last) return now;
    last = now;
  }
}

let agencyToken: string;
let departmentToken: string;

beforeAll(async () => {
  const db = t.database.drizzle('test');
  await upsertAgency(db, { uscc: AGENCY, name: '报告测试征信有限公司', licenceNumber: 'ZX-RPT-1', allowedPurposes: ['LOAN_APPROVAL', 'CREDIT_REPORT'] });
  await grantConsent(db, { subjectType: 'LEGAL_PERSON', subjectId: ENTERPRISE, agencyUscc: AGENCY, purpose: 'LOAN_APPROVAL', expiresAt: new Date(Date.now() + 86_400_000).toISOString() });
  agencyToken = await t.auth.token('agency', AGENCY);
  departmentToken = await t.auth.token('department', 'dl-market');
});

describe('creditReport: sections from every domain at the caller level', () => {
  it('assembles the seven sections for the showcase enterprise, anonymously at the public level', async () => {
    const r = await report();
    expect(r.uscc).toBe(ENTERPRISE);
    expect(r.accessLevel).toBe('PUBLIC');
    expect(r.id).toMatch(/^CR-\d{8}-[0-9A-F]{20}$/);
    expect(Date.parse(r.issuedAt)).toBeGreaterThan(Date.now() - 60_000);
    expect(r.sections.map((s) => s.key)).toEqual(['BASIC', 'LICENCES_AND_PENALTIES', 'LISTS', 'COMMITMENTS', 'JUDICIAL', 'EVALUATION', 'OTHER']);
    const basic = r.sections[0]!.parts[0]!;
    expect(basic.items[0]!.facts).toEqual(expect.arrayContaining([{ name: '统一社会信用代码', value: ENTERPRISE }, { name: '名称', value: SHOWCASE.enterprise.name }]));
    expect(part(r, 'GOVERNMENT', '行政处罚')!.totalCount).toBeGreaterThan(0);
    expect(part(r, 'GOVERNMENT', '行政处罚')!.title).toContain('公示期内');
    expect(part(r, 'GOVERNMENT', '行政许可')!.totalCount).toBeGreaterThan(0);
    expect(part(r, 'JUDICIAL', '失信被执行人')!.totalCount).toBe(1);
    expect(part(r, 'SOCIAL', '拖欠农民工工资')!.totalCount).toBe(1);
    // Only the published A grades (A级纳税人名单) are public.
    const ratings = part(r, 'BUSINESS', '纳税信用')!;
    expect(ratings.title).toBe('纳税信用 A 级纳税人');
    expect(ratings.items.every((i) => i.facts.some((f: any) => f.name === '等级' && f.value === 'A'))).toBe(true);
    // The judicial debtor puts the subject on a black list, shown in the lists section.
    const lists = r.sections.find((s) => s.key === 'LISTS')!;
    expect(lists.parts.map((p) => p.source).sort()).toEqual(['BUSINESS', 'GOVERNMENT', 'JUDICIAL', 'PLATFORM', 'SOCIAL']);
    // Exactly the lists creditListings gives (the domains' and the cross-region ones).
    const listings = (await post(t.stack.gatewayUrl, `query($u: String!) { legalPerson(uscc: $u) { creditListings { listName since } } }`, { u: ENTERPRISE })).body.data.legalPerson.creditListings;
    const items = lists.parts.flatMap((p) => p.items);
    expect(items.every((i) => i.recordType === 'CreditListing')).toBe(true);
    expect(items.map((i) => `${i.title} ${i.date}`).sort()).toEqual(listings.map((l: any) => `${l.listName} ${l.since}`).sort());
    expect(listings.length).toBeGreaterThan(0);
    expect(allFacts(r)).not.toContain('接收时间');
  });

  it('carries the credit evaluation as LegalPerson.creditEvaluation gives it to the same caller', async () => {
    const EVAL = `query($u: String!) { legalPerson(uscc: $u) { creditEvaluation { score grade gradeLabel ruleSetVersion supervision { level } contributions { points evidenceWithheld rule { code } } } } }`;
    const evaluationOf = (r: Report) => {
      const [summary, ...contributions] = r.sections.find((s) => s.key === 'EVALUATION')!.parts[0]!.items;
      const fact = (i: any, name: string) => i.facts.find((f: any) => f.name === name)?.value;
      return { summary, contributions, fact };
    };
    const anonymous = await report();
    const expected = (await post(t.stack.gatewayUrl, EVAL, { u: ENTERPRISE })).body.data.legalPerson.creditEvaluation;
    const { summary, contributions, fact } = evaluationOf(anonymous);
    expect(fact(summary, '评分')).toBe(String(expected.score));
    expect(fact(summary, '等级')).toBe(expected.grade);
    expect(fact(summary, '等级名称')).toBe(expected.gradeLabel);
    expect(fact(summary, '评价规则版本')).toBe(expected.ruleSetVersion);
    expect(fact(summary, '分级分类监管')).toBeUndefined();
    expect(contributions.map((c: any) => [fact(c, '规则'), Number(fact(c, '分值'))])).toEqual(expected.contributions.map((c: any) => [c.rule.code, c.points]));
    // The explanation sums to the score, in the report as in the API.
    expect(Number(fact(summary, '基础分')) + contributions.reduce((n: number, c: any) => n + Number(fact(c, '分值')), 0)).toBe(expected.score);
    expect(contributions.filter((c: any) => c.recordId === null).length).toBe(expected.contributions.filter((c: any) => c.evidenceWithheld).length);

    const dept = { ...bearer(departmentToken), 'x-query-purpose': 'CREDIT_SUPERVISION' };
    const internal = evaluationOf(await report(dept));
    const internalExpected = (await post(t.stack.gatewayUrl, EVAL, { u: ENTERPRISE }, dept)).body.data.legalPerson.creditEvaluation;
    expect(internal.fact(internal.summary, '分级分类监管')).toContain(internalExpected.supervision.level);
    expect(internal.contributions.every((c: any) => c.recordId !== null)).toBe(true);
  });

  it('an agency with consent sees the records on file, a department also the internal fields; anonymous and unconsented callers do not', async () => {
    const anonymous = await report();
    const agency = await report({ ...bearer(agencyToken), 'x-query-purpose': 'LOAN_APPROVAL' });
    const noConsent = await report({ ...bearer(agencyToken), 'x-query-purpose': 'CREDIT_REPORT' });
    const department = await report({ ...bearer(departmentToken), 'x-query-purpose': 'CREDIT_SUPERVISION' });
    const departmentNoPurpose = await report(bearer(departmentToken));

    expect([anonymous, agency, noConsent, department, departmentNoPurpose].map((r) => r.accessLevel)).toEqual(['PUBLIC', 'AUTHORIZED', 'PUBLIC', 'INTERNAL', 'PUBLIC']);
    const ratings = (r: Report) => part(r, 'BUSINESS', '纳税信用')!;
    expect(ratings(agency).title).toBe('纳税信用等级 (全部)');
    expect(ratings(agency).totalCount).toBeGreaterThan(ratings(anonymous).totalCount);
    expect(ratings(noConsent)).toEqual(ratings(anonymous));
    expect(part(agency, 'GOVERNMENT', '行政处罚')!.title).toContain('在案全部');
    expect(allFacts(agency)).not.toContain('接收时间');
    expect(allFacts(department)).toContain('接收时间');
    // The SDL's @listSize bounds hold for the fullest report.
    for (const item of department.sections.flatMap((s) => s.parts.flatMap((p) => p.items))) expect(item.facts.length).toBeLessThanOrEqual(16);
    for (const p of department.sections.flatMap((s) => s.parts)) expect(p.items.length).toBeLessThanOrEqual(50);
    // The documents differ accordingly, and each says its own level.
    expect(JSON.parse(agency.document).accessLevel).toBe('AUTHORIZED');
    expect(JSON.parse(department.document).accessLevel).toBe('INTERNAL');
    expect(new Set([anonymous.id, agency.id, noConsent.id, department.id]).size).toBe(4);
  });

  it('registers every non-public read in the query log under the fields read, and nothing for public reports', async () => {
    const before = await settledAccessCount(ENTERPRISE);
    await report();
    expect((await accesses(ENTERPRISE)).length).toBe(before);

    const agencyReport = await report({ ...bearer(agencyToken), 'x-query-purpose': 'LOAN_APPROVAL', 'x-request-id': 'report-agency-1' });
    const subjectToken = await t.auth.token('subject', ENTERPRISE, { subjectType: 'LEGAL_PERSON' });
    const { body } = await post(
      t.stack.gatewayUrl,
      '{ myQueryRecords(first: 50) { edges { node { requestId callerKind callerId fields purpose } } } }',
      {},
      bearer(subjectToken),
    );
    const entries = body.data.myQueryRecords.edges.map((e: any) => e.node).filter((n: any) => n.requestId === 'report-agency-1');
    const fields = entries.flatMap((e: any) => e.fields).sort();
    expect(fields).toEqual(
      expect.arrayContaining([
        'LegalPerson.administrativePenaltiesOnFile',
        'LegalPerson.businessRecordsOnFile',
        'LegalPerson.governmentDishonestyRecordsOnFile',
        'LegalPerson.judicialRecordsOnFile',
        'LegalPerson.socialRecordsOnFile',
        'LegalPerson.taxCreditRatings',
      ]),
    );
    expect(fields.some((f: string) => f.endsWith('.receivedAt'))).toBe(false);
    expect(entries.every((e: any) => e.callerKind === 'AGENCY' && e.callerId === AGENCY && e.purpose === 'LOAN_APPROVAL')).toBe(true);
    expect(agencyReport.accessLevel).toBe('AUTHORIZED');

    await report({ ...bearer(departmentToken), 'x-query-purpose': 'CREDIT_SUPERVISION', 'x-request-id': 'report-department-1' });
    const deptFields = (await accesses(ENTERPRISE)).filter((a) => a.request_id === 'report-department-1').flatMap((d) => d.fields);
    expect(deptFields).toEqual(expect.arrayContaining(['AdministrativePenalty.receivedAt', 'JudicialRecord.receivedAt', 'LegalPerson.socialRecordsOnFile']));
  });

  it('registers the issue (id, subject, caller, time, hash; not the content), readable by the subject and admins only', async () => {
    const r = await report({ ...bearer(agencyToken), 'x-query-purpose': 'LOAN_APPROVAL' });
    const [stored] = await rows<Record<string, unknown>>(t.database.drizzle('test'), sql`select * from platform.credit_report_issue where id = ${r.id}`);
    expect(stored).toMatchObject({ subject_uscc: ENTERPRISE, caller_kind: 'AGENCY', caller_id: AGENCY, purpose: 'LOAN_APPROVAL', access_level: 'AUTHORIZED', document_sha256: r.documentSha256 });
    expect(Object.keys(stored!).sort()).toEqual(['access_level', 'caller_id', 'caller_kind', 'document_sha256', 'id', 'issued_at', 'kid', 'purpose', 'subject_uscc']);
    const ISSUED = `query($id: ID!) { issuedCreditReport(id: $id) { id uscc issuedAt accessLevel requestedByKind requestedById documentSha256 kid } }`;
    const subject = await post(t.stack.gatewayUrl, ISSUED, { id: r.id }, bearer(await t.auth.token('subject', ENTERPRISE, { subjectType: 'LEGAL_PERSON' })));
    expect(subject.body.data.issuedCreditReport).toMatchObject({ id: r.id, uscc: ENTERPRISE, issuedAt: r.issuedAt, requestedByKind: 'AGENCY', requestedById: AGENCY, documentSha256: r.documentSha256 });
    const admin = await post(t.stack.gatewayUrl, ISSUED, { id: r.id }, bearer(await t.auth.token('admin', 'admin-1')));
    expect(admin.body.data.issuedCreditReport.id).toBe(r.id);
    const otherSubject = await post(t.stack.gatewayUrl, ISSUED, { id: r.id }, bearer(await t.auth.token('subject', SHOWCASE.socialOrganization.uscc, { subjectType: 'LEGAL_PERSON' })));
    expect(otherSubject.body.errors).toBeUndefined();
    expect(otherSubject.body.data.issuedCreditReport).toBeNull();
    const anonymous = await post(t.stack.gatewayUrl, ISSUED, { id: r.id });
    expect(anonymous.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('refuses an invalid code with BAD_USER_INPUT naming uscc, and an unregistered one with NOT_FOUND', async () => {
    const bad = await post(t.stack.gatewayUrl, REPORT, { uscc: '91210200MA0000000' });
    expect(bad.body.data?.creditReport ?? null).toBeNull();
    expect(bad.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'uscc', reason: 'LENGTH' });
    const unknown = await post(t.stack.gatewayUrl, REPORT, { uscc: UNREGISTERED });
    expect(unknown.body.data.creditReport).toBeNull();
    expect(unknown.body.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', argument: 'uscc' });
    expect(unknown.body.errors?.[0]?.path).toEqual(['creditReport']);
  });
});

describe('cross-region results in the report', () => {
  it('lists a recognized partner black-list entry and scores it, as creditListings and creditEvaluation do', async () => {
    const admin = bearer(await t.auth.token('admin', 'admin-1'));
    const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
    const { kty, crv, x, y } = await exportJWK(publicKey);
    const city = '2105';
    expect((await post(t.stack.gatewayUrl, `mutation($i: RegisterPartnerCityInput!) { registerPartnerCity(input: $i) { city { code } } }`, { i: { code: city, name: '测试伙伴市', recognizedTypes: ['BLACK_LIST'] } }, admin)).body.errors).toBeUndefined();
    expect((await post(t.stack.gatewayUrl, `mutation($i: AddPartnerKeyInput!) { addPartnerKey(input: $i) { city { code } } }`, { i: { cityCode: city, jwk: JSON.stringify({ kty, crv, x, y, kid: 'rpt-1' }) } }, admin)).body.errors).toBeUndefined();
    const [subject] = await rows<{ uscc: string }>(t.database.drizzle('test'), sql`select uscc from platform.legal_person where kind = 'ENTERPRISE' and uscc <> ${ENTERPRISE} order by uscc desc limit 1`);
    const now = Math.floor(Date.now() / 1000);
    const payload = { iss: city, sub: subject!.uscc, jti: `rpt-${now}`, iat: now - 60, exp: now + 86_400, results: [{ type: 'BLACK_LIST', listName: '失信被执行人名单', since: '2026-05-01', authorityName: '测试中级人民法院' }] };
    const jws = await new CompactSign(new TextEncoder().encode(JSON.stringify(payload))).setProtectedHeader({ alg: 'ES256', kid: 'rpt-1', typ: 'credit-attestation+jws' }).sign(privateKey);
    const submitted = await post(t.stack.gatewayUrl, `mutation($a: [String!]!) { submitPartnerAttestations(input: { attestations: $a }) { accepted } }`, { a: [jws] }, bearer(await t.auth.token('partner', city)));
    expect(submitted.body.data.submitPartnerAttestations.accepted).toBe(1);

    const r = await report({}, subject!.uscc);
    const crossRegion = r.sections.find((s) => s.key === 'LISTS')!.parts.find((p) => p.source === 'PLATFORM')!;
    expect(crossRegion.items.map((i) => [i.title, i.facts.find((f: any) => f.name === '名单类型').value])).toEqual([['跨区域失信联合惩戒对象名单', '黑名单']]);
    const api = (await post(t.stack.gatewayUrl, `query($u: String!) { legalPerson(uscc: $u) { creditEvaluation { score } } }`, { u: subject!.uscc })).body.data.legalPerson.creditEvaluation;
    const [summary, ...contributions] = r.sections.find((s) => s.key === 'EVALUATION')!.parts[0]!.items;
    expect(summary!.facts.find((f: any) => f.name === '评分').value).toBe(String(api.score));
    expect(contributions.map((c) => c.facts.find((f: any) => f.name === '规则').value)).toContain('BLACK_LISTING');
  });
});

describe('signatures: verifyCreditReport and any JOSE library', () => {
  it('an untampered report verifies with our API and is registered', async () => {
    const r = await report({ ...bearer(agencyToken), 'x-query-purpose': 'LOAN_APPROVAL' });
    const header = decodeProtectedHeader(r.signature);
    expect(header).toMatchObject({ alg: 'ES256', typ: 'credit-report+jws' });
    expect(new TextDecoder().decode(base64url.decode(r.signature.split('.')[1]!))).toBe(r.document);
    const v = await verify(r.signature);
    expect(v).toMatchObject({ valid: true, reason: null, kid: header.kid, reportId: r.id, uscc: ENTERPRISE, registered: true, document: r.document });
    const doc = JSON.parse(r.document);
    expect(doc).toMatchObject({ type: 'CreditReport', id: r.id, issuedAt: r.issuedAt, subject: { uscc: ENTERPRISE }, accessLevel: 'AUTHORIZED', requestedBy: { kind: 'AGENCY', id: AGENCY, purpose: 'LOAN_APPROVAL' } });
    expect(canonicalJson(doc)).toBe(r.document);
  });

  it('plain jose verifies a report offline against the JWKS route (createRemoteJWKSet + compactVerify)', async () => {
    const r = await report();
    const keys = await fetch(`${origin()}/.well-known/credit-report-keys.json`);
    expect(keys.status).toBe(200);
    expect(keys.headers.get('content-type')).toContain('application/jwk-set+json');
    const jwks = (await keys.json()) as { keys: Record<string, unknown>[] };
    expect(jwks.keys[0]).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig' });
    expect(JSON.stringify(jwks)).not.toContain('"d"');
    const { payload, protectedHeader } = await compactVerify(r.signature, createRemoteJWKSet(new URL(`${origin()}/.well-known/credit-report-keys.json`)), { algorithms: ['ES256'] });
    expect(protectedHeader.typ).toBe('credit-report+jws');
    expect(JSON.parse(new TextDecoder().decode(payload)).id).toBe(r.id);
    const gql = await post(t.stack.gatewayUrl, '{ creditReportSigningKeys { kid current alg } }');
    expect(gql.body.data.creditReportSigningKeys).toEqual([{ kid: jwks.keys[0]!.kid, current: true, alg: 'ES256' }]);
  });

  it('a changed payload, a swapped signature, another key or garbage fail with the right reason', async () => {
    const r = await report();
    const other = await report({}, SHOWCASE.socialOrganization.uscc);
    const [h, p, s] = r.signature.split('.') as [string, string, string];
    const doc = JSON.parse(r.document);
    doc.sections = doc.sections.filter((x: { key: string }) => x.key !== 'JUDICIAL');
    const forged = `${h}.${base64url.encode(canonicalJson(doc))}.${s}`;
    expect(await verify(forged)).toMatchObject({ valid: false, reason: 'BAD_SIGNATURE', reportId: null, document: null, registered: false });
    expect((await verify(`${h}.${p}.${other.signature.split('.')[2]}`)).reason).toBe('BAD_SIGNATURE');
    // Signed by a key the platform never published.
    const { privateKey } = await generateKeyPair('ES256', { extractable: true });
    const stranger = await createPlatformSigner(loadConfig({ PLATFORM_SIGNING_KEY: JSON.stringify({ ...(await exportJWK(privateKey)), kid: 'stranger' }) }));
    const strange = await stranger.sign(JSON.parse(r.document), { typ: 'credit-report+jws' });
    expect(await verify(strange)).toMatchObject({ valid: false, reason: 'UNKNOWN_KEY', kid: 'stranger' });
    // The same kid as ours but another key: the signature cannot hold.
    const impostor = await createPlatformSigner(loadConfig({ PLATFORM_SIGNING_KEY: JSON.stringify({ ...(await exportJWK(privateKey)), kid: decodeProtectedHeader(r.signature).kid }) }));
    expect((await verify(await impostor.sign(JSON.parse(r.document), { typ: 'credit-report+jws' }))).reason).toBe('BAD_SIGNATURE');
    expect((await verify('not.a-report')).reason).toBe('MALFORMED');
    expect((await verify('')).reason).toBe('MALFORMED');
    await expect(compactVerify(forged, createRemoteJWKSet(new URL(`${origin()}/.well-known/credit-report-keys.json`)))).rejects.toThrow();
  });
});

describe('the printable report page', () => {
  it('GET /reports/<uscc> renders the signed document, escaped, with id, time, signature and how to verify', async () => {
    // A subject name with markup in it must come out as text.
    const db = t.database.drizzle('test');
    const hostile = SHOWCASE.publicBody.uscc;
    await db.execute(sql`update platform.legal_person set name = ${'<script>alert(1)</script>&"局"'} where uscc = ${hostile}`);
    const res = await fetch(`${origin()}/reports/${hostile}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('private, no-store');
    const id = res.headers.get('x-credit-report-id')!;
    const html = await res.text();
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;&amp;&quot;局&quot;');
    expect(html).toContain(id);
    expect(html).toContain('@media print');
    expect(html).toContain('verifyCreditReport');
    expect(html).toContain('/.well-known/credit-report-keys.json');
    const jws = /<div class="signature">([^<]+)<\/div>/.exec(html)![1]!;
    const v = await verify(jws);
    expect(v).toMatchObject({ valid: true, reportId: id, uscc: hostile, registered: true });
    expect(JSON.parse(v.document!).accessLevel).toBe('PUBLIC');
  });

  it('the Authorization header decides the level, and errors are pages with the right status', async () => {
    const res = await fetch(`${origin()}/reports/${ENTERPRISE}`, { headers: { ...bearer(departmentToken), 'x-query-purpose': 'CREDIT_SUPERVISION' } });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('政务内部 (INTERNAL)');
    expect(html).toContain('接收时间');
    const bad = await fetch(`${origin()}/reports/NOT-A-CODE`);
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('BAD_USER_INPUT');
    const unknown = await fetch(`${origin()}/reports/${UNREGISTERED}`);
    expect(unknown.status).toBe(404);
    const badToken = await fetch(`${origin()}/reports/${ENTERPRISE}`, { headers: { authorization: 'Bearer not-a-token' } });
    expect(badToken.status).toBe(401);
    const post = await fetch(`${origin()}/reports/${ENTERPRISE}`, { method: 'POST' });
    expect(post.status).toBe(405);
  });
});

describe('statements per report', () => {
  async function statements(uscc: string, headers: Record<string, string>): Promise<{ counts: Record<string, number>; texts: Record<string, string[]>; report: any }> {
    for (const name of SUBGRAPH_NAMES) {
      t.database.counter(name).keepTexts();
      t.database.counter(name).reset();
    }
    const { body } = await post(t.stack.gatewayUrl, 'query($u: String!) { creditReport(uscc: $u) { id accessLevel signature sections { key parts { totalCount } } } }', { u: uscc }, headers);
    expect(body.errors).toBeUndefined();
    return {
      counts: Object.fromEntries(SUBGRAPH_NAMES.map((n) => [n, t.database.counter(n).count])),
      texts: Object.fromEntries(SUBGRAPH_NAMES.map((n) => [n, [...t.database.counter(n).texts!].sort()])),
      report: body.data.creditReport,
    };
  }

  it('costs the same statements, of the same texts, for a subject with many records as for one with few, consent checks included', async () => {
    const db = t.database.drizzle('test');
    const [few] = await rows<{ uscc: string }>(db, sql`select uscc from platform.legal_person where kind = 'ENTERPRISE' and uscc <> ${ENTERPRISE} order by uscc limit 1`);
    await grantConsent(db, { subjectType: 'LEGAL_PERSON', subjectId: few!.uscc, agencyUscc: AGENCY, purpose: 'LOAN_APPROVAL', expiresAt: new Date(Date.now() + 86_400_000).toISOString() });
    const headers = { ...bearer(agencyToken), 'x-query-purpose': 'LOAN_APPROVAL' };
    const many = await statements(ENTERPRISE, headers);
    const small = await statements(few!.uscc, headers);
    expect(many.report.accessLevel).toBe('AUTHORIZED');
    expect(small.report.accessLevel).toBe('AUTHORIZED');
    const items = (r: any) => r.sections.flatMap((s: any) => s.parts).reduce((n: number, p: any) => n + p.totalCount, 0);
    expect(items(many.report)).toBeGreaterThan(items(small.report));
    for (const name of SUBGRAPH_NAMES) expect(many.counts[name], name).toBeGreaterThan(0);
    expect(many.counts).toEqual(small.counts);
    expect(many.texts).toEqual(small.texts);
  });
});
