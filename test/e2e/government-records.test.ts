import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHOWCASE } from '../../drizzle/seed/generate.ts';
import { type Database, rows } from '../../subgraphs/kernel/db.ts';
import { post, useTestStack } from '../support/stack.ts';

const t = useTestStack();
let market: Record<string, string>;

/** A subject of the seed without penalties of its own, so its lists show only what a test adds. */
let subject: { uscc: string; name: string };
const AUTHORITY = { authorityName: '大连市中山区市场监督管理局', authorityUscc: '11210202000000019H' };

beforeAll(async () => {
  market = { authorization: `Bearer ${await t.auth.token('department', 'dl-market', { scopes: ['gov:internal', 'gov:write:government'] })}` };
  const [row] = await rows<{ uscc: string; name: string }>(
    t.database.drizzle('test'),
    sql`select uscc, name from platform.legal_person lp where kind = 'ENTERPRISE'
        and not exists (select 1 from government.administrative_penalty p where p.subject_uscc = lp.uscc) order by uscc limit 1`,
  );
  subject = row!;
});

const SUBMIT = `mutation($r: [AdministrativePenaltyInput!]!) { submitAdministrativePenalties(input: { records: $r }) {
  accepted duplicates rejected results { index status id problems { field reason message } } } }`;

function penalty(overrides: Record<string, unknown> = {}) {
  return {
    subjectName: subject.name,
    subjectCategory: 'LEGAL_PERSON',
    subjectUscc: subject.uscc,
    legalRepresentative: '张三',
    documentNumber: `大中市监罚〔2026〕${Math.floor(Math.random() * 1e9)}号`,
    violationType: '违反食品安全管理规定',
    violationFacts: '经查，当事人经营超过保质期的食品。',
    legalBasis: '《中华人民共和国食品安全法》第一百二十四条',
    penaltyCategories: ['FINE', 'CONFISCATION'],
    penaltyContent: '罚款人民币50000元；没收违法所得人民币1200.00元',
    fineAmount: '50000.00',
    confiscatedAmount: '1200.00',
    decisionDate: '2026-11-02',
    ...AUTHORITY,
    ...overrides,
  };
}

async function count(table: string): Promise<number> {
  const [r] = await rows<{ n: string | number }>(t.database.drizzle('test'), sql`select count(*) as n from ${sql.raw(table)}`);
  return Number(r!.n);
}

describe('ingestion of 双公示 penalties (归集)', () => {
  it('answers every row: accepted, rejected with reasons, duplicate — and keeps the good rows', async () => {
    const good = penalty();
    const minor = penalty({ penaltyCategories: ['WARNING'], penaltyContent: '警告', fineAmount: null, confiscatedAmount: null });
    const bad = penalty({ subjectUscc: '912102000000003341', violationFacts: '  ', penaltyCategories: ['FINE'], fineAmount: null, confiscatedAmount: null });
    const before = await count('government.administrative_penalty');
    const { body } = await post(t.stack.gatewayUrl, SUBMIT, { r: [good, minor, bad, { ...good }] }, market);
    expect(body.errors).toBeUndefined();
    const r = body.data.submitAdministrativePenalties;
    expect(r).toMatchObject({ accepted: 2, duplicates: 1, rejected: 1 });
    expect(r.results.map((x: { status: string }) => x.status)).toEqual(['ACCEPTED', 'ACCEPTED', 'REJECTED', 'DUPLICATE']);
    expect(r.results[3].id).toBe(r.results[0].id);
    expect(r.results[2].problems.map((p: { field: string; reason: string }) => `${p.field}:${p.reason}`).sort()).toEqual([
      'fineAmount:FINE_MISMATCH',
      'subjectUscc:CHECK_CHARACTER',
      'violationFacts:REQUIRED',
    ]);
    expect(await count('government.administrative_penalty')).toBe(before + 2);

    // Re-submitting the same batch changes nothing.
    const again = await post(t.stack.gatewayUrl, SUBMIT, { r: [good, minor] }, market);
    expect(again.body.data.submitAdministrativePenalties).toMatchObject({ accepted: 0, duplicates: 2, rejected: 0 });
    expect(again.body.data.submitAdministrativePenalties.results[0].id).toBe(r.results[0].id);
    expect(await count('government.administrative_penalty')).toBe(before + 2);
  });

  it.each([
    [{ subjectName: '' }, 'subjectName', 'REQUIRED'],
    [{ subjectName: '名'.repeat(201) }, 'subjectName', 'TOO_LONG'],
    [{ violationFacts: 'a\u0001b' }, 'violationFacts', 'CONTROL_CHARACTER'],
    [{ subjectUscc: null }, 'subjectUscc', 'REQUIRED'],
    [{ subjectUscc: '9121' }, 'subjectUscc', 'LENGTH'],
    [{ authorityUscc: '912102000000003440' }, 'authorityUscc', 'ORGANIZATION_CODE_CHECK'],
    [{ decisionDate: '2099-01-01' }, 'decisionDate', 'IN_THE_FUTURE'],
    [{ decisionDate: '1980-01-01' }, 'decisionDate', 'TOO_EARLY'],
    [{ fineAmount: '-5' }, 'fineAmount', 'INVALID_AMOUNT'],
    [{ fineAmount: '12.345' }, 'fineAmount', 'INVALID_AMOUNT'],
    [{ penaltyCategories: ['WARNING'], fineAmount: '100.00', confiscatedAmount: null }, 'fineAmount', 'FINE_MISMATCH'],
    [{ confiscatedAmount: null }, 'confiscatedAmount', 'CONFISCATION_MISMATCH'],
    [{ penaltyCategories: [], fineAmount: null, confiscatedAmount: null }, 'penaltyCategories', 'REQUIRED'],
    [{ validUntil: '2026-01-01' }, 'validUntil', 'BEFORE_DECISION'],
    [{ subjectCategory: 'NATURAL_PERSON' }, 'subjectIdNumber', 'REQUIRED'],
    [{ subjectCategory: 'NATURAL_PERSON', subjectIdNumber: '210202198503150512' }, 'subjectUscc', 'NOT_A_LEGAL_PERSON'],
  ])('rejects %j: %s %s', async (overrides, field, reason) => {
    const { body } = await post(t.stack.gatewayUrl, SUBMIT, { r: [penalty(overrides)] }, market);
    expect(body.errors).toBeUndefined();
    const [result] = body.data.submitAdministrativePenalties.results;
    expect(result.status).toBe('REJECTED');
    expect(result.problems).toContainEqual(expect.objectContaining({ field, reason }));
  });

  it('refuses whole submissions from callers that may not submit', async () => {
    const rowsBefore = await count('government.administrative_penalty');
    const cases: [Record<string, string>, string, string][] = [
      [{}, 'FORBIDDEN', 'MISSING_SCOPE'],
      [{ authorization: `Bearer ${await t.auth.token('partner', '2101', { scopes: ['gov:write:government'] })}` }, 'FORBIDDEN', 'NOT_A_DEPARTMENT'],
      [{ authorization: `Bearer ${await t.auth.token('department', 'dl-unknown', { scopes: ['gov:write:government'] })}` }, 'FORBIDDEN', 'UNKNOWN_DEPARTMENT'],
      [{ authorization: `Bearer ${await t.auth.token('department', 'dl-tax', { scopes: ['gov:write:government'] })}` }, 'FORBIDDEN', 'DOMAIN_NOT_ALLOWED'],
      [{ authorization: `Bearer ${await t.auth.token('department', 'dl-market', { scopes: ['gov:internal'] })}` }, 'FORBIDDEN', 'MISSING_SCOPE'],
    ];
    for (const [headers, code, reason] of cases) {
      const { body } = await post(t.stack.gatewayUrl, SUBMIT, { r: [penalty()] }, headers);
      expect(body.data?.submitAdministrativePenalties ?? null, reason).toBeNull();
      expect(body.errors?.[0]?.extensions, reason).toMatchObject({ code, reason });
    }
    const tooMany = await post(t.stack.gatewayUrl, SUBMIT, { r: Array.from({ length: 1001 }, () => penalty()) }, market);
    expect(tooMany.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'TOO_MANY_RECORDS' });
    const badEnum = await post(t.stack.gatewayUrl, SUBMIT, { r: [penalty({ penaltyCategories: ['FLOGGING'] })] }, market);
    expect(badEnum.status).toBe(400);
    expect(await count('government.administrative_penalty')).toBe(rowsBefore);
  });
});

describe('department registry', () => {
  it('an admin registers a department, which may then submit; others may not register', async () => {
    const mutation = `mutation { registerDepartment(input: { code: "dl-new", name: "大连市新设局", uscc: "${AUTHORITY.authorityUscc}", writeDomains: [GOVERNMENT] }) { department { code } writeDomains } }`;
    const refused = await post(t.stack.gatewayUrl, mutation, {}, market);
    expect(refused.body.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN' });
    const admin = { authorization: `Bearer ${await t.auth.token('admin', 'admin-1')}` };
    const ok = await post(t.stack.gatewayUrl, mutation, {}, admin);
    expect(ok.body.data.registerDepartment).toEqual({ department: { code: 'dl-new' }, writeDomains: ['GOVERNMENT'] });
    const headers = { authorization: `Bearer ${await t.auth.token('department', 'dl-new', { scopes: ['gov:write:government'] })}` };
    const { body } = await post(t.stack.gatewayUrl, SUBMIT, { r: [penalty({ subjectUscc: SHOWCASE.publicBody.uscc, subjectName: SHOWCASE.publicBody.name })] }, headers);
    expect(body.data.submitAdministrativePenalties.accepted).toBe(1);
    const bad = await post(t.stack.gatewayUrl, mutation.replace('dl-new', 'bad code!'), {}, admin);
    expect(bad.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_CODE' });
  });
});

describe('publication window and timeliness', () => {
  const LISTS = `query($u: String!) { legalPerson(uscc: $u) {
    administrativePenalties { totalCount edges { node { documentNumber severity } } }
    administrativePenaltiesOnFile { totalCount edges { node { documentNumber severity status publishedDate publicationEndDate publicationDeadline publishedLate } } } } }`;

  it('shows general penalties publicly, keeps minor ones and expired ones on file only', async () => {
    const internal = { ...market, 'x-query-purpose': 'CREDIT_SUPERVISION' };
    const { body } = await post(t.stack.gatewayUrl, LISTS, { u: subject.uscc }, internal);
    expect(body.errors).toBeUndefined();
    const lp = body.data.legalPerson;
    expect(lp.administrativePenaltiesOnFile.totalCount).toBe(2);
    expect(lp.administrativePenalties.totalCount).toBe(1);
    expect(lp.administrativePenalties.edges[0].node.severity).toBe('GENERAL');
    const general = lp.administrativePenaltiesOnFile.edges.find((e: any) => e.node.severity === 'GENERAL').node;
    expect(general.status).toBe('PUBLISHED');
    // Decided Monday 2 Nov 2026: 7 working days later is Wednesday 11 Nov; published today, after it.
    expect(general.publicationDeadline).toBe('2026-11-11');
    expect(general.publishedLate).toBe(general.publishedDate > '2026-11-11');
    expect(general.publicationEndDate > general.publishedDate).toBe(true);

    // The public window ends by itself: the query respects the date, no clean-up job runs.
    await t.database.drizzle('test').execute(
      sql`update government.administrative_penalty set publication_end_date = ((now() at time zone 'Asia/Shanghai')::date - 1) where document_number = ${general.documentNumber}`,
    );
    const anonymous = await post(t.stack.gatewayUrl, LISTS, { u: subject.uscc });
    expect(anonymous.body.data.legalPerson.administrativePenalties.totalCount).toBe(0);
    expect(anonymous.body.data.legalPerson.administrativePenaltiesOnFile).toBeNull();
    const still = await post(t.stack.gatewayUrl, LISTS, { u: subject.uscc }, internal);
    expect(still.body.data.legalPerson.administrativePenaltiesOnFile.totalCount).toBe(2);
  });

  it('gives a licence decided before the National Day holiday the right deadline', async () => {
    const { body } = await post(
      t.stack.gatewayUrl,
      `mutation($r: [AdministrativeLicenceInput!]!) { submitAdministrativeLicences(input: { records: $r }) { accepted results { status problems { reason } } } }`,
      {
        r: [
          {
            subjectName: subject.name, subjectCategory: 'LEGAL_PERSON', subjectUscc: subject.uscc, documentName: '食品经营许可决定书',
            documentNumber: '大中市监许〔2025〕926号', licenceCategory: 'GENERAL', content: '食品经营（预包装食品销售）', decisionDate: '2025-09-26',
            validFrom: '2025-09-26', validTo: '2030-09-25', ...AUTHORITY,
          },
        ],
      },
      market,
    );
    expect(body.data.submitAdministrativeLicences.accepted).toBe(1);
    const [row] = await rows<{ publication_deadline: string }>(
      t.database.drizzle('test'),
      sql`select publication_deadline::text from government.administrative_licence where document_number = '大中市监许〔2025〕926号'`,
    );
    expect(row!.publication_deadline).toBe('2025-10-13');
    const listed = await post(t.stack.gatewayUrl, `query($u: String!) { legalPerson(uscc: $u) { administrativeLicences { edges { node { documentNumber publicationDeadline publishedLate } } } } }`, { u: subject.uscc });
    const node = listed.body.data.legalPerson.administrativeLicences.edges.find((e: any) => e.node.documentNumber === '大中市监许〔2025〕926号').node;
    expect(node).toEqual({ documentNumber: '大中市监许〔2025〕926号', publicationDeadline: '2025-10-13', publishedLate: true });
  });

  it('reports each department’s on-time rate to internal callers', async () => {
    const q = `{ publicationTimeliness(from: "2019-01-01", to: "2026-12-31") { department { uscc name } decisions onTime late onTimeRate } }`;
    const { body } = await post(t.stack.gatewayUrl, q, {}, market);
    expect(body.errors).toBeUndefined();
    const list = body.data.publicationTimeliness;
    expect(list.length).toBeGreaterThan(1);
    const [expected] = await rows<{ decisions: string | number; late: string | number }>(
      t.database.drizzle('test'),
      sql`select count(*) as decisions, count(*) filter (where published_date > publication_deadline) as late from (
            select source_uscc, published_date, publication_deadline, decision_date from government.administrative_penalty
            union all select source_uscc, published_date, publication_deadline, decision_date from government.administrative_licence) d
          where source_uscc = ${list[0].department.uscc} and decision_date between '2019-01-01' and '2026-12-31'`,
    );
    expect(list[0].decisions).toBe(Number(expected!.decisions));
    expect(list[0].late).toBe(Number(expected!.late));
    expect(list[0].onTime + list[0].late).toBe(list[0].decisions);
    expect(list[0].onTimeRate).toBeCloseTo(list[0].onTime / list[0].decisions, 3);
    const anonymous = await post(t.stack.gatewayUrl, q);
    expect(anonymous.body.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN' });
    const backwards = await post(t.stack.gatewayUrl, `{ publicationTimeliness(from: "2026-01-01", to: "2025-01-01") { decisions } }`, {}, market);
    expect(backwards.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'to', reason: 'BEFORE_FROM' });
  });
});

describe('the showcase stays public', () => {
  it('keeps its recent penalties in the public window', async () => {
    const { body } = await post(t.stack.gatewayUrl, `{ legalPerson(uscc: "${SHOWCASE.enterprise.uscc}") { administrativePenalties { totalCount } } }`);
    expect(body.data.legalPerson.administrativePenalties.totalCount).toBe(SHOWCASE.enterprise.records.penalties);
  });
});
