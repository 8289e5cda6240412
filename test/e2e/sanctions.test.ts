import { SHOWCASE_PERSON_ID } from '../support/constants.ts';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { SHOWCASE } from '../../drizzle/seed/generate.ts';
import { AUTHORITIES } from '../../drizzle/seed/names.ts';
import { addCalendarDays, shanghaiDate } from '../../subgraphs/kernel/calendar.ts';
import { SUBGRAPH_NAMES } from '../../subgraphs/kernel/config.ts';
import { rows } from '../../subgraphs/kernel/db.ts';
import { addMonths as addMonthsFrom, publicationWindow } from '../../subgraphs/kernel/publication.ts';
import { startGateway } from '../../gateway/src/index.ts';
import { feedbackDeadline } from '../../subgraphs/platform/sanctions.ts';
import { post, useTestStack } from '../support/stack.ts';
import { SUBGRAPHS } from '../../subgraphs/index.ts';
import { startSubgraph } from '../../subgraphs/kernel/subgraph-server.ts';

/** Joint rewards and sanctions end to end: listings from every domain, measures, checks, feedback. */
const t = useTestStack();
const today = shanghaiDate();
const LISTING = 'listType listName rule domain since until evidenceRecordIds authorityName authorityUscc';
const TAX = { authorityName: AUTHORITIES.tax.name, authorityUscc: AUTHORITIES.tax.uscc };

let clean: string[] = [];
const token = (kind: 'department' | 'admin', id: string, scopes?: string[]) => t.auth.token(kind, id, scopes ? { scopes } : {});
const auth = async (kind: 'department' | 'admin', id: string, scopes?: string[]) => ({ authorization: `Bearer ${await token(kind, id, scopes)}` });
const db = () => t.database.drizzle('test');
const gql = (query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}) => post(t.stack.gatewayUrl, query, variables, headers);

async function listingsOf(uscc: string) {
  const { body } = await gql(`query($u: String!) { legalPerson(uscc: $u) { creditListings { ${LISTING} } } }`, { u: uscc });
  expect(body.errors).toBeUndefined();
  return body.data.legalPerson.creditListings as { listType: string; listName: string; rule: string; evidenceRecordIds: string[]; since: string; until: string | null }[];
}

async function insertDebtor(uscc: string, removedDate: string | null = null): Promise<number> {
  const [row] = await rows<{ id: number }>(
    db(),
    sql`insert into judicial.dishonest_judgment_debtor (subject_uscc, subject_name, court_name, case_number, filing_date, basis_document_number,
          basis_issuer, obligation, performance, dishonest_conduct, published_date, removed_date)
        values (${uscc}, '测试企业', '大连市中级人民法院', ${`（2026）辽02执${Math.floor(Math.random() * 1e9)}号`}, '2026-01-05', '（2025）辽02民初1号',
          '大连市中级人民法院', '支付货款100000元', 'NOT_PERFORMED', '有履行能力而拒不履行', '2026-02-01', ${removedDate})
        returning id`,
  );
  return Number(row!.id);
}

beforeAll(async () => {
  // Enterprises with no record at all in any domain, so each test sees only the listings it makes.
  const found = await rows<{ uscc: string }>(
    db(),
    sql`select uscc from platform.legal_person lp where kind = 'ENTERPRISE'
          and not exists (select 1 from judicial.dishonest_judgment_debtor d where d.subject_uscc = lp.uscc)
          and not exists (select 1 from judicial.sector_record r where r.subject_uscc = lp.uscc)
          and not exists (select 1 from business.tax_credit_rating r where r.subject_uscc = lp.uscc)
          and not exists (select 1 from business.sector_record r where r.subject_uscc = lp.uscc)
          and not exists (select 1 from social.wage_arrears_record r where r.subject_uscc = lp.uscc)
          and not exists (select 1 from social.sector_record r where r.subject_uscc = lp.uscc)
          and not exists (select 1 from government.sector_record r where r.subject_uscc = lp.uscc)
          and not exists (select 1 from government.administrative_penalty r where r.subject_uscc = lp.uscc)
        order by uscc limit 20`,
  );
  clean = found.map((r) => r.uscc);
  expect(clean.length).toBe(20);
});

describe('listings, derived from each domain’s records at query time', () => {
  it('enter and leave the black list with a dishonest-debtor record, at once', async () => {
    const uscc = clean[0]!;
    expect(await listingsOf(uscc)).toEqual([]);
    const id = await insertDebtor(uscc);
    const [listing] = await listingsOf(uscc);
    expect(listing).toMatchObject({ listType: 'BLACK', listName: '失信被执行人名单', rule: 'JUDICIAL_DISHONEST_DEBTOR', since: '2026-02-01', until: null, authorityUscc: null });
    expect(listing!.evidenceRecordIds.map((e) => Buffer.from(e, 'base64url').toString())).toEqual([`judicial:DishonestJudgmentDebtor:${id}`]);
    // The court removes the debtor: the listing ends the same day, no job in between.
    await rows(db(), sql`update judicial.dishonest_judgment_debtor set removed_date = ${today} where id = ${id}`);
    expect(await listingsOf(uscc)).toEqual([]);
  });

  it('follow a major tax violation through submission, revocation, repair and the end of its window', async () => {
    const uscc = clean[1]!;
    const tax = await auth('department', 'dl-tax', ['gov:internal', 'gov:write:business']);
    const submit = `mutation($r: [BusinessRecordInput!]!) { submitBusinessRecords(input: { records: $r }) { results { status id problems { field reason } } } }`;
    const record = {
      sector: 'TAXATION', category: '重大税收违法失信案件', subjectCategory: 'LEGAL_PERSON', subjectName: '测试企业', subjectUscc: uscc,
      polarity: 'NEGATIVE', severity: 'SEVERE', title: '虚开增值税专用发票', facts: '虚开增值税专用发票。', documentNumber: `大税稽〔2026〕${Math.floor(Math.random() * 1e9)}号`,
      decisionDate: addCalendarDays(today, -10), ...TAX,
    };
    const { body } = await gql(submit, { r: [record] }, tax);
    expect(body.data.submitBusinessRecords.results[0]).toMatchObject({ status: 'ACCEPTED' });
    const listed = await listingsOf(uscc);
    expect(listed.map((l) => [l.listType, l.listName])).toEqual([['BLACK', '重大税收违法失信主体名单']]);
    expect(listed[0]!.evidenceRecordIds).toEqual([body.data.submitBusinessRecords.results[0].id]);
    expect(listed[0]!.until).toBe(publicationWindow('SEVERE', today, null).end);
    const rowId = Number(Buffer.from(listed[0]!.evidenceRecordIds[0]!, 'base64url').toString().split(':')[2]);
    for (const status of ['REVOKED', 'REPAIRED']) {
      await rows(db(), sql`update business.sector_record set status = ${status} where id = ${rowId}`);
      expect(await listingsOf(uscc), status).toEqual([]);
      await rows(db(), sql`update business.sector_record set status = 'PUBLISHED' where id = ${rowId}`);
      expect(await listingsOf(uscc)).toHaveLength(1);
    }
    await rows(db(), sql`update business.sector_record set publication_end_date = ${addCalendarDays(today, -1)} where id = ${rowId}`);
    expect(await listingsOf(uscc)).toEqual([]);
  });

  it('put a taxpayer on the red list only while its latest grade is A', async () => {
    const uscc = clean[2]!;
    await rows(db(), sql`insert into business.tax_credit_rating (subject_uscc, year, grade, authority_name, authority_uscc, published_date)
      values (${uscc}, 2024, 'B', ${TAX.authorityName}, ${TAX.authorityUscc}, '2025-04-20'), (${uscc}, 2025, 'A', ${TAX.authorityName}, ${TAX.authorityUscc}, '2026-04-20')`);
    expect((await listingsOf(uscc)).map((l) => [l.listType, l.listName, l.since])).toEqual([['RED', 'A级纳税人名单', '2026-04-20']]);
    await rows(db(), sql`insert into business.tax_credit_rating (subject_uscc, year, grade, authority_name, authority_uscc, published_date)
      values (${uscc}, 2026, 'C', ${TAX.authorityName}, ${TAX.authorityUscc}, ${today})`);
    expect(await listingsOf(uscc)).toEqual([]);
  });

  it('list wage arrears by size until they are paid, and gather every domain in one answer', async () => {
    const uscc = clean[3]!;
    const arrears = (doc: string, workers: number, amount: string) =>
      sql`insert into social.wage_arrears_record (subject_uscc, subject_name, document_number, decision_date, amount_owed, workers_affected, facts, settlement_status, authority_name, authority_uscc)
          values (${uscc}, '测试企业', ${doc}, ${addCalendarDays(today, -30)}, ${amount}, ${workers}, '拖欠工资', 'OUTSTANDING', ${AUTHORITIES.hrss.name}, ${AUTHORITIES.hrss.uscc}) returning id`;
    await rows(db(), arrears(`人社监〔2026〕${Math.random()}号`, 25, '480000.00'));
    await rows(db(), arrears(`人社监〔2026〕${Math.random()}号`, 2, '9000.00'));
    await insertDebtor(uscc);
    await rows(db(), sql`insert into government.sector_record (sector, category, subject_category, subject_uscc, subject_name, polarity, severity, title, facts, document_number,
        decision_date, authority_name, authority_uscc, source_name, source_uscc, published_date, publication_end_date)
      values ('GOVERNMENT_DISHONESTY', '政务失信记录', 'LEGAL_PERSON', ${uscc}, '测试企业', 'NEGATIVE', 'SEVERE', '未履行生效判决', '拒不履行', ${`政〔2026〕${Math.random()}号`},
        ${today}, ${AUTHORITIES.urban.name}, ${AUTHORITIES.urban.uscc}, ${AUTHORITIES.urban.name}, ${AUTHORITIES.urban.uscc}, ${today}, ${addCalendarDays(today, 400)})`);
    const listed = await listingsOf(uscc);
    expect(listed.map((l) => `${l.listType}:${l.rule}`)).toEqual([
      'BLACK:GOVERNMENT_DISHONESTY_SEVERE',
      'BLACK:JUDICIAL_DISHONEST_DEBTOR',
      'BLACK:SOCIAL_WAGE_ARREARS_SEVERE',
      'KEY_ATTENTION:SOCIAL_WAGE_ARREARS',
    ]);
    // Each domain exposes its own listings too.
    const { body } = await gql(`query($u: String!) { legalPerson(uscc: $u) { governmentListings { rule } businessListings { rule } socialListings { rule } judicialListings { rule } } }`, { u: uscc });
    expect(body.data.legalPerson).toEqual({
      governmentListings: [{ rule: 'GOVERNMENT_DISHONESTY_SEVERE' }],
      businessListings: [],
      socialListings: [{ rule: 'SOCIAL_WAGE_ARREARS_SEVERE' }, { rule: 'SOCIAL_WAGE_ARREARS' }],
      judicialListings: [{ rule: 'JUDICIAL_DISHONEST_DEBTOR' }],
    });
    await rows(db(), sql`update social.wage_arrears_record set settlement_status = 'SETTLED', settled_date = ${today} where subject_uscc = ${uscc}`);
    expect((await listingsOf(uscc)).map((l) => l.rule)).toEqual(['GOVERNMENT_DISHONESTY_SEVERE', 'JUDICIAL_DISHONEST_DEBTOR']);
  });

  it('put the demo enterprise on the lists the README shows', async () => {
    const listed = await listingsOf(SHOWCASE.enterprise.uscc);
    expect(listed.map((l) => `${l.listType} ${l.listName}`)).toEqual(expect.arrayContaining(['RED A级纳税人名单', 'BLACK 失信被执行人名单']));
  });

  it('cover natural persons', async () => {
    const [person] = await rows<{ id: string }>(db(), sql`select id from platform.natural_person where id <> ${SHOWCASE_PERSON_ID} and not exists
      (select 1 from judicial.dishonest_judgment_debtor d where d.subject_person_id = natural_person.id) order by id limit 1`);
    await rows(db(), sql`insert into judicial.dishonest_judgment_debtor (subject_person_id, subject_name, court_name, case_number, filing_date, basis_document_number,
          basis_issuer, obligation, performance, dishonest_conduct, published_date)
        values (${person!.id}, '张三', '大连市中级人民法院', ${`（2026）辽02执${Math.floor(Math.random() * 1e9)}号`}, '2026-01-05', '（2025）辽02民初2号',
          '大连市中级人民法院', '支付借款', 'NOT_PERFORMED', '违反限制消费令', '2026-03-01')`);
    const { body } = await gql(`query($id: ID!) { naturalPerson(id: $id) { creditListings { listType listName } } }`, { id: person!.id });
    expect(body.data.naturalPerson.creditListings).toEqual(expect.arrayContaining([{ listType: 'BLACK', listName: '失信被执行人名单' }]));
  });
});

const DEFINE = `mutation($i: DefineSanctionMeasureInput!) { defineSanctionMeasure(input: $i) { measure { id listType listName scenario action content legalBasis status implementingDepartment { code name } } } }`;
const measureInput = (over: Record<string, unknown> = {}) => ({
  listType: 'BLACK', listName: '失信被执行人名单', scenario: 'SUBSIDIES', department: 'dl-civil', legalBasis: '国发〔2016〕33号', action: 'REFUSE', content: `不予财政补贴 ${Math.random()}`, ...over,
});

describe('the measures list (措施清单)', () => {
  it('is managed by admins with validation and read by anyone', async () => {
    const admin = await auth('admin', 'admin-1');
    const { body } = await gql(DEFINE, { i: measureInput() }, admin);
    expect(body.errors).toBeUndefined();
    const measure = body.data.defineSanctionMeasure.measure;
    expect(measure).toMatchObject({ listType: 'BLACK', scenario: 'SUBSIDIES', action: 'REFUSE', status: 'ACTIVE', implementingDepartment: { code: 'dl-civil', name: '大连市民政局' } });

    const read = await gql(`{ sanctionMeasures(filter: { scenario: SUBSIDIES }) { id content } }`);
    expect(read.body.data.sanctionMeasures.map((m: { id: string }) => m.id)).toContain(measure.id);

    const refusal = async (input: Record<string, unknown>) => (await gql(DEFINE, { i: input }, admin)).body.errors?.[0]?.extensions;
    expect(await refusal(measureInput({ action: 'FAST_TRACK' }))).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'input.action', reason: 'ACTION_NOT_FOR_LIST' });
    expect(await refusal(measureInput({ listType: 'RED', action: 'REFUSE' }))).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'ACTION_NOT_FOR_LIST' });
    expect(await refusal(measureInput({ department: 'dl-nowhere' }))).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'input.department', reason: 'UNKNOWN_DEPARTMENT' });
    expect(await refusal(measureInput({ legalBasis: '  ' }))).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'input.legalBasis', reason: 'REQUIRED' });
    expect(await refusal(measureInput({ content: measure.content }))).toMatchObject({ code: 'CONFLICT', reason: 'DUPLICATE_MEASURE' });
    // A department may not manage the list.
    const byDepartment = await gql(DEFINE, { i: measureInput() }, await auth('department', 'dl-civil'));
    expect(byDepartment.body.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN' });
    expect(byDepartment.body.data?.defineSanctionMeasure ?? null).toBeNull();

    const update = `mutation($i: UpdateSanctionMeasureInput!) { updateSanctionMeasure(input: $i) { measure { content action } } }`;
    expect((await gql(update, { i: { id: measure.id, content: '不予财政补贴、不予评优' } }, admin)).body.data.updateSanctionMeasure.measure.content).toBe('不予财政补贴、不予评优');
    expect((await gql(update, { i: { id: measure.id, action: 'FAST_TRACK' } }, admin)).body.errors?.[0]?.extensions).toMatchObject({ reason: 'ACTION_NOT_FOR_LIST' });
    expect((await gql(update, { i: { id: measure.id } }, admin)).body.errors?.[0]?.extensions).toMatchObject({ reason: 'NOTHING_TO_CHANGE' });
    expect((await gql(update, { i: { id: 'bogus', content: 'x' } }, admin)).body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_ID' });

    const withdraw = `mutation($i: WithdrawSanctionMeasureInput!) { withdrawSanctionMeasure(input: $i) { measure { status } } }`;
    expect((await gql(withdraw, { i: { id: measure.id } }, admin)).body.data.withdrawSanctionMeasure.measure.status).toBe('WITHDRAWN');
    expect((await gql(withdraw, { i: { id: measure.id } }, admin)).body.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'ALREADY_WITHDRAWN' });
    const after = await gql(`{ sanctionMeasures(filter: { scenario: SUBSIDIES }) { id } all: sanctionMeasures(filter: { scenario: SUBSIDIES, includeWithdrawn: true }) { id } }`);
    expect(after.body.data.sanctionMeasures.map((m: { id: string }) => m.id)).not.toContain(measure.id);
    expect(after.body.data.all.map((m: { id: string }) => m.id)).toContain(measure.id);
  });

  it('gives a subject’s applicable measures publicly', async () => {
    const uscc = clean[4]!;
    await insertDebtor(uscc);
    const { body } = await gql(`query($u: String!) { legalPerson(uscc: $u) { applicableMeasures(scenario: ADMINISTRATIVE_APPROVAL) { measure { action implementingDepartment { code } } listing { listName } } } }`, { u: uscc });
    expect(body.data.legalPerson.applicableMeasures).toEqual([{ measure: { action: 'RESTRICT', implementingDepartment: { code: 'dl-market' } }, listing: { listName: '失信被执行人名单' } }]);
  });
});

const CASE = `id subjectUscc scenario checkedAt evaluatedAt department { code } feedbackDeadline overdue
  listings { rule } measures { measureId action content legalBasis listType listName listing { listName rule evidenceRecordIds } }
  feedback { outcome reason actionDate details correction late } feedbackHistory { outcome correction }`;
const CHECK = `mutation($u: String!, $s: SanctionScenario!) { sanctionsCheck(input: { uscc: $u, scenario: $s }) { case { ${CASE} } } }`;
const FEEDBACK = `mutation($i: ReportSanctionFeedbackInput!) { reportSanctionFeedback(input: $i) { case { ${CASE} } } }`;

describe('sanctionsCheck', () => {
  it('opens a case recording the department’s measures with their evidence, kept as they were at check time', async () => {
    const uscc = clean[5]!;
    const debtor = await insertDebtor(uscc);
    const market = await auth('department', 'dl-market');
    const { body } = await gql(CHECK, { u: uscc, s: 'ADMINISTRATIVE_APPROVAL' }, market);
    expect(body.errors).toBeUndefined();
    const c = body.data.sanctionsCheck.case;
    expect(c).toMatchObject({ subjectUscc: uscc, scenario: 'ADMINISTRATIVE_APPROVAL', department: { code: 'dl-market' }, overdue: false, feedback: null, feedbackHistory: [] });
    expect(c.evaluatedAt).not.toBeNull();
    expect(c.feedbackDeadline).toBe(feedbackDeadline(today));
    expect(c.measures).toHaveLength(1);
    expect(c.measures[0]).toMatchObject({ action: 'RESTRICT', listType: 'BLACK', listName: '失信被执行人名单', listing: { rule: 'JUDICIAL_DISHONEST_DEBTOR' } });
    expect(Buffer.from(c.measures[0].listing.evidenceRecordIds[0], 'base64url').toString()).toBe(`judicial:DishonestJudgmentDebtor:${debtor}`);
    // Recorded in platform's own table, so later reads do not recompute.
    const [stored] = await rows<{ measures: unknown }>(db(), sql`select measures from platform.sanction_case where subject_uscc = ${uscc}`);
    expect(stored!.measures).toHaveLength(1);

    await rows(db(), sql`update judicial.dishonest_judgment_debtor set removed_date = ${today} where id = ${debtor}`);
    const again = await gql(`query($id: ID!) { sanctionCase(id: $id) { ${CASE} } }`, { id: c.id }, market);
    expect(again.body.data.sanctionCase.measures).toEqual(c.measures);
    expect(again.body.data.sanctionCase.evaluatedAt).toBe(c.evaluatedAt);
    // A new check sees the subject off the list.
    const fresh = await gql(CHECK, { u: uscc, s: 'ADMINISTRATIVE_APPROVAL' }, market);
    expect(fresh.body.data.sanctionsCheck.case.measures).toEqual([]);
  });

  it('applies only the checking department’s measures for the scenario, rewards included', async () => {
    const uscc = clean[6]!;
    await insertDebtor(uscc);
    await rows(db(), sql`insert into business.tax_credit_rating (subject_uscc, year, grade, authority_name, authority_uscc, published_date)
      values (${uscc}, 2025, 'A', ${TAX.authorityName}, ${TAX.authorityUscc}, '2026-04-20')`);
    const urban = await gql(CHECK, { u: uscc, s: 'GOVERNMENT_PROCUREMENT' }, await auth('department', 'dl-urban'));
    expect(urban.body.data.sanctionsCheck.case.measures.map((m: { action: string }) => m.action)).toEqual(['REFUSE']);
    const market = await gql(CHECK, { u: uscc, s: 'ADMINISTRATIVE_APPROVAL' }, await auth('department', 'dl-market'));
    expect(market.body.data.sanctionsCheck.case.measures.map((m: { action: string; listName: string }) => `${m.action}:${m.listName}`).sort()).toEqual([
      'FAST_TRACK:A级纳税人名单',
      'RESTRICT:失信被执行人名单',
    ]);
    const none = await gql(CHECK, { u: uscc, s: 'AWARDS' }, await auth('department', 'dl-market'));
    expect(none.body.data.sanctionsCheck.case.measures).toEqual([]);
  });

  it('records the listings and measures at check time even when the check selects neither, and keeps them', async () => {
    const uscc = clean[7]!;
    const debtor = await insertDebtor(uscc);
    const market = await auth('department', 'dl-market');
    const { body } = await gql(`mutation($u: String!) { sanctionsCheck(input: { uscc: $u, scenario: ADMINISTRATIVE_APPROVAL }) { case { id checkedAt } } }`, { u: uscc }, market);
    expect(body.errors).toBeUndefined();
    const [stored] = await rows<{ evaluated_at: unknown; measures: { action: string }[]; listings: { rule: string }[] }>(
      db(),
      sql`select evaluated_at, measures, listings from platform.sanction_case where subject_uscc = ${uscc}`,
    );
    expect(stored!.evaluated_at).not.toBeNull();
    expect(stored!.measures.map((m) => m.action)).toEqual(['RESTRICT']);
    expect(stored!.listings.map((l) => l.rule)).toEqual(['JUDICIAL_DISHONEST_DEBTOR']);
    // The debtor leaves the list afterwards: the case still shows what applied when it was checked.
    await db().execute(sql`update judicial.dishonest_judgment_debtor set removed_date = ${addCalendarDays(today, -1)} where id = ${debtor}`);
    expect(await listingsOf(uscc)).toEqual([]);
    const read = await gql(`query($id: ID!) { sanctionCase(id: $id) { evaluatedAt measures { action } listings { rule } } }`, { id: body.data.sanctionsCheck.case.id }, market);
    expect(read.body.data.sanctionCase).toMatchObject({ measures: [{ action: 'RESTRICT' }], listings: [{ rule: 'JUDICIAL_DISHONEST_DEBTOR' }] });
    expect(new Date(read.body.data.sanctionCase.evaluatedAt).getTime()).toBeLessThanOrEqual(Date.now());
  });

  it('is refused to callers that are not registered departments and for bad or unknown codes', async () => {
    const uscc = clean[8]!;
    const code = async (headers: Record<string, string>, u = uscc) => (await gql(CHECK, { u, s: 'AWARDS' }, headers)).body.errors?.[0]?.extensions;
    expect(await code({})).toMatchObject({ code: 'FORBIDDEN' });
    expect(await code(await auth('admin', 'admin-1'))).toMatchObject({ code: 'FORBIDDEN', reason: 'NOT_A_DEPARTMENT' });
    expect(await code(await auth('department', 'dl-unregistered'))).toMatchObject({ code: 'FORBIDDEN', reason: 'UNKNOWN_DEPARTMENT' });
    const market = await auth('department', 'dl-market');
    expect(await code(market, '91210200MA0000001A')).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'input.uscc' });
    expect(await code(market, SHOWCASE.enterprise.uscc.slice(0, 8) + '000000010')).toMatchObject({ argument: 'input.uscc' });
    const [{ n }] = (await rows<{ n: number }>(db(), sql`select count(*)::int as n from platform.sanction_case where subject_uscc = ${uscc}`)) as [{ n: number }];
    expect(n).toBe(0);
  });
});

describe('sanctionsCheckBatch (批量比对)', () => {
  const BATCH = `mutation($u: [String!]!) { sanctionsCheckBatch(input: { usccs: $u, scenario: ADMINISTRATIVE_APPROVAL }) {
    checked rejected results { index uscc status problems { field reason } case { subjectUscc measures { action } } } } }`;

  it('checks each subject, answers row by row, and rejects bad rows without losing the good ones', async () => {
    const [a, b] = [clean[9]!, clean[10]!];
    await insertDebtor(a);
    const { body } = await gql(BATCH, { u: [a, 'BAD', b, a, '91210200MA00000010'] }, await auth('department', 'dl-market'));
    expect(body.errors).toBeUndefined();
    const r = body.data.sanctionsCheckBatch;
    expect(r).toMatchObject({ checked: 2, rejected: 3 });
    expect(r.results.map((x: { status: string }) => x.status)).toEqual(['CHECKED', 'REJECTED', 'CHECKED', 'REJECTED', 'REJECTED']);
    expect(r.results[0].case).toEqual({ subjectUscc: a, measures: [{ action: 'RESTRICT' }] });
    expect(r.results[2].case).toEqual({ subjectUscc: b, measures: [] });
    expect(r.results[1].problems).toEqual([{ field: 'usccs.1', reason: 'LENGTH' }]);
    expect(r.results[3].problems).toEqual([{ field: 'usccs.3', reason: 'DUPLICATE' }]);
    expect(r.results[4].problems[0].field).toBe('usccs.4');
  });

  it('takes at most 1,000 codes', async () => {
    const { body } = await gql(BATCH, { u: Array.from({ length: 1001 }, () => clean[0]) }, await auth('department', 'dl-market'));
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'input.usccs', reason: 'TOO_MANY_CODES' });
  });

  it('costs the same SQL statements per subgraph for 200 subjects as for 1', async () => {
    const market = await auth('department', 'dl-market');
    const count = async (usccs: string[]) => {
      for (const n of SUBGRAPH_NAMES) t.database.counter(n).reset();
      const { body } = await gql(BATCH, { u: usccs }, market);
      expect(body.data.sanctionsCheckBatch.checked).toBe(usccs.length);
      return Object.fromEntries(SUBGRAPH_NAMES.map((n) => [n, t.database.counter(n).count]));
    };
    const any = await rows<{ uscc: string }>(db(), sql`select uscc from platform.legal_person order by uscc desc limit 200`);
    const one = await count([clean[11]!]);
    const many = await count(any.map((r) => r.uscc));
    for (const n of ['government', 'business', 'social', 'judicial']) expect(one[n], n).toBeGreaterThan(0);
    expect(many).toEqual(one);
  });
});

describe('feedback (触发反馈) and deadlines', () => {
  async function openCase(uscc: string, department = 'dl-market') {
    const { body } = await gql(CHECK, { u: uscc, s: 'ADMINISTRATIVE_APPROVAL' }, await auth('department', department));
    return body.data.sanctionsCheck.case as { id: string; feedbackDeadline: string };
  }

  it('is reported only by the department that opened the case, with a reason when not applied; corrections are kept', async () => {
    const c = await openCase(clean[12]!);
    const market = await auth('department', 'dl-market');
    const report = async (input: Record<string, unknown>, headers = market) => gql(FEEDBACK, { i: { caseId: c.id, actionDate: today, ...input } }, headers);

    const other = await report({ outcome: 'APPLIED' }, await auth('department', 'dl-housing'));
    expect(other.body.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'NOT_CASE_OWNER' });
    const admin = await report({ outcome: 'APPLIED' }, await auth('admin', 'admin-1'));
    expect(admin.body.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'NOT_A_DEPARTMENT' });
    expect((await report({ outcome: 'NOT_APPLIED' })).body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'input.reason', reason: 'REQUIRED' });
    expect((await report({ outcome: 'APPLIED', actionDate: addCalendarDays(today, -1) })).body.errors?.[0]?.extensions).toMatchObject({ argument: 'input.actionDate', reason: 'BEFORE_CHECK' });
    expect((await report({ outcome: 'APPLIED', actionDate: addCalendarDays(today, 1) })).body.errors?.[0]?.extensions).toMatchObject({ argument: 'input.actionDate', reason: 'FUTURE_DATE' });
    expect((await report({ outcome: 'APPLIED', caseId: 'nope' })).body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_ID' });
    const missing = Buffer.from('platform:SanctionCase:999999999').toString('base64url');
    expect((await report({ outcome: 'APPLIED', caseId: missing })).body.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', reason: 'UNKNOWN_CASE' });
    const [{ n }] = (await rows<{ n: number }>(db(), sql`select count(*)::int as n from platform.sanction_feedback`)) as [{ n: number }];
    expect(n).toBe(0);

    const first = await report({ outcome: 'NOT_APPLIED', reason: '申请人已撤回申请', details: '未进入审批环节' });
    expect(first.body.data.reportSanctionFeedback.case.feedback).toEqual({ outcome: 'NOT_APPLIED', reason: '申请人已撤回申请', actionDate: today, details: '未进入审批环节', correction: false, late: false });
    const second = await report({ outcome: 'APPLIED', details: '重新申请后从严审核' });
    const after = second.body.data.reportSanctionFeedback.case;
    expect(after.feedback).toMatchObject({ outcome: 'APPLIED', correction: true });
    expect(after.feedbackHistory).toEqual([{ outcome: 'NOT_APPLIED', correction: false }, { outcome: 'APPLIED', correction: true }]);
  });

  it('shows cases without feedback past their deadline as overdue, computed when read', async () => {
    const market = await auth('department', 'dl-market');
    const late = await openCase(clean[13]!);
    const answered = await openCase(clean[14]!);
    const onTime = await openCase(clean[15]!);
    // Checked a month and a half ago: well past ten working days, whatever the holidays.
    const longAgo = addCalendarDays(today, -45);
    for (const c of [late, answered]) {
      const id = Number(Buffer.from(c.id, 'base64url').toString().split(':')[2]);
      await rows(db(), sql`update platform.sanction_case set checked_on = ${longAgo}, checked_at = now() - interval '45 days' where id = ${id}`);
    }
    await gql(FEEDBACK, { i: { caseId: answered.id, outcome: 'APPLIED', actionDate: today } }, market);
    const q = `query($o: Boolean) { sanctionCases(filter: { overdue: $o }, first: 100) { totalCount edges { node { id overdue feedbackDeadline feedback { late } } } } }`;
    const overdue = (await gql(q, { o: true }, market)).body.data.sanctionCases;
    expect(overdue.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([late.id]);
    expect(overdue.edges[0].node).toMatchObject({ overdue: true, feedbackDeadline: feedbackDeadline(longAgo) });
    const notOverdue = (await gql(q, { o: false }, market)).body.data.sanctionCases.edges.map((e: { node: { id: string; overdue: boolean; feedback: { late: boolean } | null } }) => e.node);
    expect(notOverdue.find((n: { id: string }) => n.id === onTime.id)).toMatchObject({ overdue: false, feedback: null });
    expect(notOverdue.find((n: { id: string }) => n.id === answered.id)).toMatchObject({ overdue: false, feedback: { late: true } });
  });

  it('lets a department read only its own cases; other internal callers read all', async () => {
    const housing = await openCase(clean[16]!, 'dl-housing');
    const market = await auth('department', 'dl-market');
    const read = await gql(`query($id: ID!) { sanctionCase(id: $id) { id } }`, { id: housing.id }, market);
    expect(read.body.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'NOT_CASE_OWNER' });
    const filtered = await gql(`{ sanctionCases(filter: { department: "dl-housing" }) { totalCount } }`, {}, market);
    expect(filtered.body.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'NOT_CASE_OWNER' });
    const own = await gql(`{ sanctionCases(first: 100) { totalCount edges { node { department { code } } } } }`, {}, market);
    expect(own.body.data.sanctionCases.totalCount).toBeGreaterThan(0);
    expect(new Set(own.body.data.sanctionCases.edges.map((e: { node: { department: { code: string } } }) => e.node.department.code))).toEqual(new Set(['dl-market']));
    const admin = await gql(`{ sanctionCases(filter: { department: "dl-housing" }) { totalCount edges { node { id } } } }`, {}, await auth('admin', 'admin-1'));
    expect(admin.body.data.sanctionCases.edges.map((e: { node: { id: string } }) => e.node.id)).toContain(housing.id);
    const anonymous = await gql(`{ sanctionCases { totalCount } }`);
    expect(anonymous.body.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('pages cases newest first', async () => {
    const admin = await auth('admin', 'admin-1');
    const page1 = (await gql(`{ sanctionCases(first: 2) { totalCount pageInfo { hasNextPage endCursor } edges { node { id } } } }`, {}, admin)).body.data.sanctionCases;
    const page2 = (await gql(`query($a: String) { sanctionCases(first: 2, after: $a) { edges { node { id } } } }`, { a: page1.pageInfo.endCursor }, admin)).body.data.sanctionCases;
    const ids = [...page1.edges, ...page2.edges].map((e: { node: { id: string } }) => Number(Buffer.from(e.node.id, 'base64url').toString().split(':')[2]));
    expect(ids).toEqual([...ids].sort((x, y) => y - x));
    expect(new Set(ids).size).toBe(4);
    expect(page1.pageInfo.hasNextPage).toBe(true);
  });
});

describe('listing decisions (列入名单决定)', () => {
  const SUBMIT = `mutation($d: [ListingDecisionInput!]!) { submitBusinessListingDecisions(input: { decisions: $d }) { accepted duplicates rejected results { status id problems { field reason } } } }`;
  const decision = (uscc: string, over: Record<string, unknown> = {}) => ({
    listType: 'BLACK', listName: '安全生产失信联合惩戒对象名单', subjectCategory: 'LEGAL_PERSON', subjectName: '测试企业', subjectUscc: uscc,
    facts: '发生较大生产安全事故', legalBasis: '《安全生产严重失信主体名单管理办法》', documentNumber: `大应急失信〔2026〕${Math.floor(Math.random() * 1e9)}号`,
    decisionDate: addCalendarDays(today, -3), authorityName: AUTHORITIES.emergency.name, authorityUscc: AUTHORITIES.emergency.uscc, ...over,
  });

  it('name subjects on a list from their start to their end, row by row, and leave it when revoked', async () => {
    const [uscc, later] = [clean[17]!, clean[18]!];
    const market = await auth('department', 'dl-market', ['gov:internal', 'gov:write:business']);
    const black = decision(uscc);
    const rows_ = [
      black,
      decision(uscc, { listType: 'RED', listName: '诚信示范企业名单', facts: '诚信经营示范', documentNumber: `示范〔2026〕${Math.random()}号` }),
      decision(uscc, { endDate: addCalendarDays(today, 2000) }),
      decision(uscc, { startDate: today, endDate: addCalendarDays(today, -1) }),
      decision(uscc, { subjectUscc: '91210200MA0000001A' }),
      black,
      decision(later, { listType: 'KEY_ATTENTION', startDate: addCalendarDays(today, 5) }),
    ];
    const { body } = await gql(SUBMIT, { d: rows_ }, market);
    expect(body.errors).toBeUndefined();
    const r = body.data.submitBusinessListingDecisions;
    expect(r).toMatchObject({ accepted: 3, duplicates: 1, rejected: 3 });
    expect(r.results[2].problems).toEqual([{ field: 'endDate', reason: 'BEYOND_MAXIMUM' }]);
    expect(r.results[3].problems).toEqual([{ field: 'endDate', reason: 'END_BEFORE_START' }]);
    expect(r.results[4].problems[0].field).toBe('subjectUscc');
    expect(r.results[5].status).toBe('DUPLICATE');

    const listed = await listingsOf(uscc);
    expect(listed.map((l) => [l.listType, l.listName, l.rule, l.since, l.until])).toEqual([
      ['BLACK', '安全生产失信联合惩戒对象名单', 'BUSINESS_LISTING_DECISION', black.decisionDate, addCalendarDays(addMonthsFrom(black.decisionDate, 36), -1)],
      ['RED', '诚信示范企业名单', 'BUSINESS_LISTING_DECISION', black.decisionDate, null],
    ]);
    expect(listed[0]!.evidenceRecordIds).toEqual([r.results[0].id]);
    // A decision that starts later lists nobody yet.
    expect(await listingsOf(later)).toEqual([]);
    const id = Number(Buffer.from(r.results[0].id, 'base64url').toString().split(':')[2]);
    await rows(db(), sql`update business.listing_decision set status = 'REVOKED' where id = ${id}`);
    expect((await listingsOf(uscc)).map((l) => l.listType)).toEqual(['RED']);
  });

  it('are refused to departments that do not supply the domain', async () => {
    const tax = await auth('department', 'dl-tax', ['gov:write:social']);
    const { body } = await gql(`mutation($d: [ListingDecisionInput!]!) { submitSocialListingDecisions(input: { decisions: $d }) { accepted } }`, { d: [decision(clean[19]!)] }, tax);
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'DOMAIN_NOT_ALLOWED' });
  });
});

describe('a domain that cannot answer', () => {
  it('fails the check with SERVICE_UNAVAILABLE naming the domain and opens no case, single or batch', async () => {
    const uscc = clean[19]!;
    await insertDebtor(uscc);
    // A platform whose judicial peer is gone, behind a gateway of its own; the rest is the test stack.
    const platform = await startSubgraph(SUBGRAPHS.platform, t.database, {
      port: 0,
      host: '127.0.0.1',
      verifier: t.auth.verifier,
      peers: { ...t.stack.subgraphUrls, judicial: 'http://127.0.0.1:1/graphql' },
      drainTimeoutMs: 1_000,
    });
    const gateway = await startGateway({ port: 0, host: '127.0.0.1', subgraphUrls: { ...t.stack.subgraphUrls, platform: platform.url }, verifier: t.auth.verifier });
    const market = await auth('department', 'dl-market');
    const cases = async () => (await rows<{ n: number }>(db(), sql`select count(*)::int as n from platform.sanction_case where subject_uscc = ${uscc}`))[0]!.n;
    // Other tests may have checked this subject already (the statement-count test checks 200 codes).
    const before = await cases();
    try {
      const single = await post(gateway.url, CHECK, { u: uscc, s: 'ADMINISTRATIVE_APPROVAL' }, market);
      expect(single.body.data?.sanctionsCheck ?? null).toBeNull();
      expect(single.body.errors?.[0]?.extensions).toMatchObject({ code: 'SERVICE_UNAVAILABLE', reason: 'PEER_UNAVAILABLE', subgraph: 'judicial' });
      const batch = await post(gateway.url, `mutation($u: [String!]!) { sanctionsCheckBatch(input: { usccs: $u, scenario: ADMINISTRATIVE_APPROVAL }) { checked } }`, { u: [uscc, clean[18]!] }, market);
      expect(batch.body.errors?.[0]?.extensions).toMatchObject({ code: 'SERVICE_UNAVAILABLE', subgraph: 'judicial' });
      expect(await cases()).toBe(before);
      // The same check through the working stack records the measure.
      const ok = await gql(CHECK, { u: uscc, s: 'ADMINISTRATIVE_APPROVAL' }, market);
      expect(ok.body.data.sanctionsCheck.case.measures.map((m: { action: string }) => m.action)).toEqual(['RESTRICT']);
      expect(await cases()).toBe(before + 1);
    } finally {
      await gateway.close();
      await platform.close();
    }
  });
});
