import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHOWCASE } from '../../drizzle/seed/generate.ts';
import { type Database, rows } from '../../subgraphs/kernel/db.ts';
import { post, useTestStack } from '../support/stack.ts';
import { SHOWCASE_PERSON_ID } from '../support/constants.ts';

const t = useTestStack();
let subject: { uscc: string; name: string };

const AUTHORITY = { authorityName: '大连市应急管理局', authorityUscc: '11210202000000019H' };

/** Each domain, the department that supplies it, one of its sectors and its lists. */
const DOMAINS = [
  { domain: 'government', typ: 'GovernmentRecord', department: 'dl-market', sector: 'GOVERNMENT_DISHONESTY', list: 'governmentDishonestyRecords', sectorArg: false },
  { domain: 'business', typ: 'BusinessRecord', department: 'dl-market', sector: 'SAFETY_PRODUCTION', list: 'businessRecords', sectorArg: true },
  { domain: 'social', typ: 'SocialRecord', department: 'dl-hrss', sector: 'SOCIAL_SECURITY', list: 'socialRecords', sectorArg: true },
  { domain: 'judicial', typ: 'JudicialRecord', department: 'dl-court', sector: 'FIRE_SAFETY', list: 'judicialRecords', sectorArg: true },
] as const;

beforeAll(async () => {
  const [row] = await rows<{ uscc: string; name: string }>(
    t.database.drizzle('test'),
    sql`select uscc, name from platform.legal_person where kind = 'ENTERPRISE' order by uscc desc limit 1`,
  );
  subject = row!;
});

function record(sector: string, overrides: Record<string, unknown> = {}) {
  return {
    sector,
    category: '不良记录',
    subjectCategory: 'LEGAL_PERSON',
    subjectName: subject.name,
    subjectUscc: subject.uscc,
    polarity: 'NEGATIVE',
    severity: 'GENERAL',
    title: '未履行法定义务',
    facts: '经查，当事人未按规定履行法定义务。',
    legalBasis: '相关法律法规',
    outcome: '责令改正',
    amount: '12000.00',
    documentNumber: `测〔2026〕${Math.floor(Math.random() * 1e9)}号`,
    decisionDate: '2026-10-20',
    ...AUTHORITY,
    ...overrides,
  };
}

describe.each(DOMAINS)('$domain sector records', ({ domain, typ, department, sector, list, sectorArg }) => {
  it('go from submission to query: public window for the public, everything on file for authorized callers', async () => {
    const headers = { authorization: `Bearer ${await t.auth.token('department', department, { scopes: ['gov:internal', `gov:write:${domain}`] })}` };
    const general = record(sector);
    const minor = record(sector, { severity: 'MINOR' });
    const positive = record(sector, { polarity: 'POSITIVE', severity: null, category: '守信激励', title: '诚信示范' });
    const bad = record(sector, { polarity: 'POSITIVE', severity: 'SEVERE', subjectUscc: 'bad' });
    const submit = `mutation($r: [${typ}Input!]!) { submit${typ}s(input: { records: $r }) { accepted duplicates rejected results { status problems { field reason } } } }`;
    const { body } = await post(t.stack.gatewayUrl, submit, { r: [general, minor, positive, bad, general] }, headers);
    expect(body.errors).toBeUndefined();
    const result = body.data[`submit${typ}s`];
    expect(result).toMatchObject({ accepted: 3, duplicates: 1, rejected: 1 });
    expect(result.results[3].problems.map((p: { field: string; reason: string }) => `${p.field}:${p.reason}`).sort()).toEqual(['severity:NOT_NEGATIVE', 'subjectUscc:LENGTH']);

    const args = sectorArg ? `(sectors: [${sector}])` : '';
    const q = `query($u: String!) { legalPerson(uscc: $u) {
      ${list}${args} { totalCount edges { node { id sector polarity severity title amount status publicationEndDate authority { name } dataSource { name } } } }
      ${list}OnFile${args} { totalCount } } }`;
    const anonymous = await post(t.stack.gatewayUrl, q, { u: subject.uscc });
    const shown = anonymous.body.data.legalPerson[list];
    // The minor record stays off the public list; the general and the positive ones are shown.
    expect(shown.totalCount).toBe(2);
    expect(shown.edges.map((e: any) => e.node.polarity).sort()).toEqual(['NEGATIVE', 'POSITIVE']);
    const negative = shown.edges.find((e: any) => e.node.polarity === 'NEGATIVE').node;
    expect(negative).toMatchObject({ sector, severity: 'GENERAL', amount: '12000.00', status: 'PUBLISHED', authority: { name: AUTHORITY.authorityName } });
    expect(Buffer.from(negative.id, 'base64url').toString()).toMatch(new RegExp(`^${domain}:${typ}:\\d+$`));
    expect(anonymous.body.data.legalPerson[`${list}OnFile`]).toBeNull();
    const internal = await post(t.stack.gatewayUrl, q, { u: subject.uscc }, { ...headers, 'x-query-purpose': 'CREDIT_SUPERVISION' });
    expect(internal.body.data.legalPerson[`${list}OnFile`].totalCount).toBe(3);
  });

  it('refuses submissions from a department not registered for the domain', async () => {
    const outsider = { government: 'dl-tax', business: 'dl-hrss', social: 'dl-tax', judicial: 'dl-market' }[domain];
    const headers = { authorization: `Bearer ${await t.auth.token('department', outsider, { scopes: [`gov:write:${domain}`] })}` };
    const { body } = await post(t.stack.gatewayUrl, `mutation($r: [${typ}Input!]!) { submit${typ}s(input: { records: $r }) { accepted } }`, { r: [record(sector)] }, headers);
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'DOMAIN_NOT_ALLOWED' });
  });
});

describe('sector lists of the demo data', () => {
  it('cover every domain for the showcase subjects, narrowed by sector', async () => {
    const { body } = await post(
      t.stack.gatewayUrl,
      `{ e: legalPerson(uscc: "${SHOWCASE.enterprise.uscc}") { businessRecords { totalCount } socialRecords { totalCount } judicialRecords { totalCount } none: businessRecords(sectors: [EXHIBITION, ADVERTISING, LOGISTICS, FINANCE, TAXATION, CONSTRUCTION, GOVERNMENT_PROCUREMENT, PUBLIC_RESOURCE_TRADING, TRANSPORT, E_COMMERCE, STATISTICS, APPROVAL_INTERMEDIARY, SAFETY_PRODUCTION]) { totalCount } }
         b: legalPerson(uscc: "${SHOWCASE.publicBody.uscc}") { governmentDishonestyRecords { totalCount edges { node { sector } } } }
         p: naturalPerson(id: "${SHOWCASE_PERSON_ID}") { socialRecords { edges { node { subjectName sector } } } judicialRecords { totalCount } civilServantIntegrityRecords { totalCount } } }`,
    );
    expect(body.data.e).toMatchObject({ businessRecords: { totalCount: 1 }, socialRecords: { totalCount: 1 }, judicialRecords: { totalCount: 1 }, none: { totalCount: 1 } });
    expect(body.data.b.governmentDishonestyRecords.edges[0].node.sector).toBe('GOVERNMENT_DISHONESTY');
    expect(body.data.p.socialRecords.edges[0].node).toEqual({ subjectName: expect.stringContaining('*'), sector: 'EDUCATION' });
    expect(body.data.p.judicialRecords.totalCount).toBe(1);
    // Civil servants' integrity files are internal only.
    expect(body.data.p.civilServantIntegrityRecords).toBeNull();
    expect(body.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
  });
});
